"""Every entity data file parses, and no surface names two different drugs or trials."""

from __future__ import annotations

import json

import pytest

from extractor import resources as res
from extractor.errors import PatternError
from extractor.lexicon import (
    DrugEntry,
    check_lexicon,
    drug_surfaces,
    load_lexicon,
    separator_variants,
    surface_key,
    trial_surfaces,
)


def test_every_file_parses_and_counts():
    lex = load_lexicon()
    assert len(lex.drugs) >= 80
    assert len(lex.trials) >= 30
    assert any(c.kind == "target" for c in lex.classes)


def test_no_duplicate_ids_or_cross_drug_surfaces():
    lex = load_lexicon()
    ids = [d.id for d in lex.drugs]
    assert len(ids) == len(set(ids))
    owner: dict[str, str] = {}
    for d in lex.drugs:
        for s, _ in drug_surfaces(d):
            assert owner.setdefault(surface_key(s), d.id) == d.id, s
    towner: dict[str, str] = {}
    for t in lex.trials:
        for s in trial_surfaces(t):
            assert towner.setdefault(surface_key(s), t.id) == t.id, s


def test_duplicate_surface_is_rejected():
    lex = load_lexicon()
    clash = DrugEntry.model_validate(
        {"id": "fake", "norm": "fake", "class": "TKI", "en": ["SORAFENIB"], "zh": []})
    bad = type(lex)(**{**lex.__dict__, "drugs": (*lex.drugs, clash)})
    with pytest.raises(PatternError, match="names both"):
        check_lexicon(bad)


def test_unknown_key_fails_loudly():
    with pytest.raises(Exception, match="Extra inputs"):
        DrugEntry.model_validate({"id": "x", "norm": "x", "class": "TKI", "en": ["x"],
                                  "chinese": ["某某"]})


@pytest.mark.parametrize("norm,surfaces", [
    ("sorafenib", ["索拉非尼", "索拉菲尼", "Nexavar", "多吉美", "BAY 43-9006"]),
    ("lenvatinib", ["仑伐替尼", "乐伐替尼", "Lenvima", "乐卫玛", "E7080"]),
    ("regorafenib", ["瑞戈非尼", "瑞格非尼", "BAY 73-4506"]),
    ("pembrolizumab", ["帕博利珠单抗", "帕博丽珠单抗", "派姆单抗", "Keytruda", "可瑞达", "MK-3475"]),
    ("nivolumab", ["纳武利尤单抗", "纳武单抗", "Opdivo", "欧狄沃"]),
    ("atezolizumab", ["Tecentriq", "泰圣奇"]),
    ("bevacizumab", ["Avastin", "安维汀", "IBI305"]),
    ("camrelizumab", ["艾瑞卡", "SHR-1210"]),
    ("sintilimab", ["达伯舒", "IBI308"]),
    ("tislelizumab", ["百泽安", "BGB-A317"]),
    ("toripalimab", ["拓益", "JS001"]),
    ("apatinib", ["艾坦", "rivoceranib", "rioceranib"]),
    ("donafenib", ["泽普生"]),
    ("cadonilimab", ["卡度尼利单抗", "开坦尼", "AK104"]),
    ("ivonescimab", ["AK112"]),
    ("cabozantinib", ["XL184"]),
    ("durvalumab", ["MEDI4736"]),
    ("eftilagimod alpha", ["IMP321"]),
])
def test_names_reach_their_drug(norm, surfaces):
    by_key = {surface_key(s): d.norm for d in load_lexicon().drugs for s, _ in drug_surfaces(d)}
    for s in surfaces:
        assert by_key[surface_key(s)] == norm, s


def test_review_drugs_are_covered():
    norms = {d.norm for d in load_lexicon().drugs}
    review = {"sorafenib", "lenvatinib", "donafenib", "tislelizumab", "bevacizumab",
              "atezolizumab", "sintilimab", "apatinib", "camrelizumab", "regorafenib",
              "ramucirumab", "cabozantinib", "gefitinib", "pembrolizumab", "nivolumab",
              "ipilimumab", "eftilagimod alpha", "cadonilimab", "oxaliplatin"}
    assert review <= norms


def test_biosimilar_points_to_its_reference():
    ibi = next(d for d in load_lexicon().drugs if d.id == "ibi305")
    assert (ibi.norm, ibi.biosimilar_of) == ("bevacizumab", "bevacizumab")


def test_exclusion_drops_entries():
    assert "donafenib" not in {d.id for d in load_lexicon(exclude=frozenset({"donafenib"})).drugs}


def test_separator_variants():
    assert set(separator_variants("MK-3475")) == {"MK-3475", "MK 3475", "MK3475"}


def test_landmark_trials_listed():
    names = {t.name for t in load_lexicon().trials}
    for n in ["SHARP", "Asia-Pacific", "REFLECT", "ZGDH3", "IMbrave150", "HIMALAYA",
              "CheckMate 459", "CheckMate 040", "CheckMate 9DW", "KEYNOTE-224", "KEYNOTE-240",
              "KEYNOTE-394", "RESORCE", "REACH", "REACH-2", "CELESTIAL", "AHELP",
              "RATIONALE-301", "ORIENT-32", "CARES-310", "LEAP-002", "COSMIC-312", "GO30140",
              "REFINE", "TACTI-002", "EMERALD-1", "LEAP-012", "IMbrave050"]:
        assert n in names


@pytest.mark.parametrize("name", ["trial_patterns.json", "drug_morphology.json",
                                  "regimen_patterns.json", "tokenizer_words.json"])
def test_json_files_have_comment_header(name):
    assert "_comment" in json.loads(res.read_text(name))


def test_misspellings_point_to_a_name_of_their_own_drug():
    for d in load_lexicon().drugs:
        for wrong, right in d.misspellings.items():
            assert right.lower() in {s.lower() for s in (*d.en, d.norm)}, (d.id, right)
            assert wrong.lower() not in {s.lower() for s in d.en}, (d.id, wrong)


def test_class_codes_follow_the_guideline_code_list():
    # gold/GUIDELINES.md 3.2: EGFR small molecules are EGFR-TKI, EGFR antibodies anti-EGFR.
    egfr = next(c for c in load_lexicon().classes if c.kind == "target" and c.name == "EGFR")
    assert (egfr.code, egfr.antibody_code) == ("EGFR-TKI", "anti-EGFR")
    heads = {c.type for c in load_lexicon().classes if c.kind == "head"}
    assert heads == {"inhibitor", "antibody", "bispecific"}
    # Heads never carry "-based" and the like: the span ends before them.
    for c in load_lexicon().classes:
        if c.kind == "head":
            assert not any(s.endswith(("-based", "-containing")) for s in c.surfaces)


def test_salt_words_are_not_drug_names_and_regimens_are_named_by_data():
    lex = load_lexicon()
    names = {s.casefold() for d in lex.drugs for s, _ in drug_surfaces(d)}
    salts = [*lex.morphology.salt_prefixes, *(w.strip() for w in lex.morphology.salt_suffixes)]
    assert salts and not [w for w in salts if w.casefold() in names]
    # R10: the named regimens the guidelines cite are data, not code.
    named = {s for r in lex.regimens for s in r.surfaces}
    assert {"T+A", "STRIDE", "双艾", "atezo/bev", "FOLFOX4"} <= named
    # 或 / or separate arms; only "/" joins alternatives in one position.
    assert lex.regimen_patterns.alternatives == ["/"]


@pytest.mark.parametrize("name", ["drugs.jsonl", "trials.jsonl", "regimens.jsonl"])
def test_every_lexicon_entry_says_where_it_was_checked(name):
    missing = [obj.get("id") for _, obj in res.iter_jsonl(name) if not str(obj.get("source", "")).strip()]
    assert missing == [], missing


def test_named_regimen_members_join_the_document_drug_set() -> None:
    # A control arm named only by its acronym names its drugs (gold RD158): the document's
    # drug set holds them although no member is spelled out.
    from extractor.api import extract

    text = ("方法:将60例患者分为观察组和对照组,观察组采用利妥昔单抗联合CHOP方案,"
            "对照组给予MOPP方案化疗。结果:观察组总有效率为86.7%,对照组为63.3%。")
    norms = extract(text).drug_norms()
    assert {"rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone",
            "chlormethine", "procarbazine"} <= norms
    # a regimen built of classes adds no class as a drug
    assert not any(n.startswith("class:") for n in extract("PD-1抑制剂联合化疗组的ORR为40%").drug_norms())
