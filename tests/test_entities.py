"""Entity stage on real sentences in both languages and on hand-written fixture paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.entities import find_entities, find_entities_in_text
from extractor.models import Document, Section
from extractor.normalize import normalize

FIXTURES = Path(__file__).parent / "fixtures" / "entities"


def triples(text: str, label: str | None = None, exclude: frozenset[str] = frozenset()
            ) -> list[tuple[str, str, str | None]]:
    return [(e.label, e.text, e.norm) for e in find_entities_in_text(text, exclude=exclude)
            if label is None or e.label == label]


@pytest.mark.parametrize("text,expected", [
    ("REFLECT研究显示仑伐替尼的疗效非劣效于索拉非尼",
     [("TRIAL", "REFLECT", "REFLECT"), ("DRUG", "仑伐替尼", "lenvatinib"),
      ("DRUG", "索拉非尼", "sorafenib")]),
    ("Regorafenib for patients who progressed on sorafenib treatment (RESORCE)",
     [("DRUG", "Regorafenib", "regorafenib"), ("DRUG", "sorafenib", "sorafenib"),
      ("TRIAL", "RESORCE", "RESORCE")]),
    ("LBA35 camrelizumab (C) plus rioceranib (R) vs. sorafenib (S)",
     [("REGIMEN", "camrelizumab (C) plus rioceranib", "camrelizumab + apatinib"),
      ("DRUG", "camrelizumab", "camrelizumab"), ("DRUG", "rioceranib", "apatinib"),
      ("DRUG", "sorafenib", "sorafenib")]),
    ("SHR-1210-Ⅲ-310研究结果也表明", [("TRIAL", "SHR-1210-Ⅲ-310", "CARES-310")]),
    ("Nivolumab (nivo) in sorafenib (sor)-naive pts",
     [("DRUG", "Nivolumab", "nivolumab"), ("DRUG", "nivo", "nivolumab"),
      ("DRUG", "sorafenib", "sorafenib"), ("DRUG", "sor", "sorafenib")]),
    # Traditional characters reach the same entries through the normalized view.
    ("侖伐替尼、貝伐珠單抗、帕博利珠單抗與納武利尤單抗",
     [("DRUG", "侖伐替尼", "lenvatinib"), ("DRUG", "貝伐珠單抗", "bevacizumab"),
      ("DRUG", "帕博利珠單抗", "pembrolizumab"), ("DRUG", "納武利尤單抗", "nivolumab")]),
    # Full-width letters and digits.
    ("ＫＥＹＮＯＴＥ－２２４研究", [("TRIAL", "ＫＥＹＮＯＴＥ－２２４", "KEYNOTE-224")]),
    # Abbreviations are case-sensitive and word-bounded.
    ("I am sorry, the lens and the bevel are fine", []),
])
def test_drugs_and_trials(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text,norm", [
    ("CheckMate040研究", "CheckMate 040"), ("CheckMate 040", "CheckMate 040"),
    ("CHECKMATE-040", "CheckMate 040"), ("KEYNOTE 224", "KEYNOTE-224"),
    ("RATIONALE 301试验", "RATIONALE-301"), ("IMBrave150", "IMbrave150"),
    ("KEYNOTE-966研究", "KEYNOTE-966"), ("CheckMate 9DW", "CheckMate 9DW"),
    ("ORIENT-15", "ORIENT-15"), ("NCT03434379", "IMbrave150"),
    ("见(NCT05101629)", "NCT05101629"), ("ChiCTR2000034567", "ChiCTR2000034567"),
    ("EudraCT 2019-001234-56", "2019-001234-56"), ("jRCT2031210123", "jRCT2031210123"),
    ("STARLIGHT研究", "STARLIGHT"), ("the ESCORT trial", "ESCORT"),
])
def test_trial_names_normalize(text, norm):
    trials = triples(text, "TRIAL")
    assert [t[2] for t in trials] == [norm]


@pytest.mark.parametrize("text,expected", [
    ("基于Sharp和Oriental两项研究", ["SHARP", "Asia-Pacific"]),
    ("SHARP研究", ["SHARP"]), ("the Celestial trial", ["CELESTIAL"]),
    ("a sharp decline in the Himalaya region", []),
    ("we reflect on the reach of therapy", []),  # lower-case words never match
    ("Reach and refine the plan", []),
    ("PD-1研究", []), ("HCC研究", []), ("EGFR研究", []), ("RECIST研究", []),
    ("AFP研究", []), ("II期研究", []), ("mRECIST study", []), ("BCLC研究", []),
])
def test_ambiguous_trial_names_and_guards(text, expected):
    assert [t[2] for t in triples(text, "TRIAL")] == expected


@pytest.mark.parametrize("text,phase", [
    ("I期GO30140研究", "I"), ("(GO30140): An open-label, multicentre, phase 1b study", "Ib"),
    ("RATIONALE-301: Randomized, phase III study", "III"),
    ("(ORIENT-32): A randomised, open-label, phase 2-3 study", "II/III"),
    ("HCC(NCT04696055)的前瞻性II期研究", "II"), ("Ⅲ期REFLECT研究", "III"),
    ("REFLECT研究。另一项III期研究", None),
])
def test_phase_attaches_nearby(text, phase):
    (trial,) = [e for e in find_entities_in_text(text) if e.label == "TRIAL"]
    assert trial.attrs.get("phase") == phase


@pytest.mark.parametrize("text,expected", [
    ("PD-1抑制剂", "anti-PD-1"), ("PD-L1抑制剂", "anti-PD-L1"), ("PD-1单抗", "anti-PD-1"),
    ("PD-1/L1抑制剂", "anti-PD-1/PD-L1"), ("TKI", "TKI"), ("酪氨酸激酶抑制剂", "TKI"),
    ("VEGF inhibitor", "anti-VEGF"), ("血管内皮生长因子抑制剂", "anti-VEGF"),
    ("EGFR抑制剂", "EGFR-TKI"), ("ICI", "ICI"), ("免疫检查点抑制剂", "ICI"),
    ("CTLA-4抑制剂", "anti-CTLA-4"), ("LAG-3抑制剂", "anti-LAG-3"), ("双抗", "bispecific"),
    ("双特异性抗体", "bispecific"), ("PD-1 blockade", "anti-PD-1"), ("anti-PD-1", "anti-PD-1"),
    ("immune checkpoint inhibitors", "ICI"), ("PD-1/CTLA-4双特异性抗体", "PD-1/CTLA-4 bispecific"),
    ("PD-1/VEGF bispecific antibody", "PD-1/VEGF bispecific"), ("抗TIGIT单抗", "anti-TIGIT"),
])
def test_drug_classes(text, expected):
    assert triples(text) == [("DRUG_CLASS", text, expected)]


@pytest.mark.parametrize("text", ["PD-1", "LAG-3和PD-1联合用于", "CTLA-4、TIGIT等", "单抗", "替尼"])
def test_bare_targets_are_not_classes(text):
    assert triples(text) == []


@pytest.mark.parametrize("text,surface,drugs", [
    ("阿替利珠单抗联合贝伐珠单抗治疗", "阿替利珠单抗联合贝伐珠单抗", [["atezolizumab"], ["bevacizumab"]]),
    ("Atezolizumab plus bevacizumab in HCC", "Atezolizumab plus bevacizumab",
     [["atezolizumab"], ["bevacizumab"]]),
    ("Atezo/Bev", "Atezo/Bev", [["atezolizumab"], ["bevacizumab"]]),
    ("一线T+A治疗", "T+A", [["atezolizumab"], ["bevacizumab"]]),
    ("lenvatinib + pembrolizumab", "lenvatinib + pembrolizumab", [["lenvatinib"], ["pembrolizumab"]]),
    ("接受Ipilimumab联合Nivolumab/Pembrolizumab,结果", "Ipilimumab联合Nivolumab/Pembrolizumab",
     [["ipilimumab"], ["nivolumab", "pembrolizumab"]]),
    ("Nivolumab联合仑伐替尼(3例)", "Nivolumab联合仑伐替尼", [["nivolumab"], ["lenvatinib"]]),
    ("瑞戈非尼联合PD-1单抗对比", "瑞戈非尼联合PD-1单抗", [["regorafenib"], ["class:anti-PD-1"]]),
    ("Ipilimumab(CTLA-4抑制剂,3 mg/kg,1次/3周)联合Nivolumab(1 mg/kg)治疗",
     "Ipilimumab(CTLA-4抑制剂,3 mg/kg,1次/3周)联合Nivolumab", [["ipilimumab"], ["nivolumab"]]),
    ("贝伐珠单抗联合PD-L1抑制剂阿替利珠单抗用于", "贝伐珠单抗联合PD-L1抑制剂阿替利珠单抗",
     [["bevacizumab"], ["atezolizumab"]]),
    ("FOLFOX4方案", "FOLFOX4", [["oxaliplatin"], ["fluorouracil"], ["leucovorin"]]),
])
def test_regimens(text, surface, drugs):
    ents = find_entities_in_text(text)
    (reg,) = [e for e in ents if e.label == "REGIMEN"]
    assert (reg.text, reg.attrs["drugs"]) == (surface, drugs)
    assert reg.norm == " + ".join("/".join(p) for p in drugs)


@pytest.mark.parametrize("text", [
    "仑伐替尼与索拉非尼相比", "Pembrolizumab联合支持治疗", "sorafenib vs lenvatinib",
    "Atezolizumab with or without bevacizumab", "阿替利珠单抗和贝伐珠单抗(7例)及Nivolumab",
])
def test_no_regimen_across_non_conjunctions(text):
    regs = [e.text for e in find_entities_in_text(text) if e.label == "REGIMEN"]
    assert all("Nivolumab" not in r and "相比" not in r for r in regs)
    if "和" not in text:
        assert regs == []


def test_line_break_inside_a_chinese_name():
    text = "既往接受阿替\n\n利珠单抗和贝伐珠单抗"
    ents = triples(text, "DRUG")
    assert ents[0] == ("DRUG", "阿替\n\n利珠单抗", "atezolizumab")


def test_section_and_offsets_from_document():
    text = "Sorafenib works.\n参考文献\n[6] Sorafenib in advanced HCC (SHARP)"
    ref = text.index("[6]")
    doc = Document(doc_id="d", source="s", media_type="text/plain", text=text,
                   sections=[Section(kind="body", start=0, end=ref),
                             Section(kind="references", start=ref, end=len(text))])
    ents = find_entities(doc, normalize(text))
    assert [(e.text, e.section) for e in ents] == [
        ("Sorafenib", "body"), ("Sorafenib", "references"), ("SHARP", "references")]
    assert all(text[e.start:e.end] == e.text for e in ents)


# Expected entities decided by reading each paragraph (label, surface, norm), in order.
FIXTURE_EXPECTED = {
    "news_zh.txt": [
        ("REGIMEN", "T+A", "atezolizumab + bevacizumab"),
        ("REGIMEN", "阿替利珠单抗+贝伐珠单抗", "atezolizumab + bevacizumab"),
        ("DRUG", "阿替利珠单抗", "atezolizumab"), ("DRUG", "贝伐珠单抗", "bevacizumab"),
        ("REGIMEN", "乐伐替尼联合派姆单抗", "lenvatinib + pembrolizumab"),
        ("DRUG", "乐伐替尼", "lenvatinib"), ("DRUG", "派姆单抗", "pembrolizumab"),
        ("TRIAL", "IMbrave150", "IMbrave150"), ("TRIAL", "LEAP-002", "LEAP-002"),
        ("REGIMEN", "仑伐替尼加帕博丽珠单抗", "lenvatinib + pembrolizumab"),
        ("DRUG", "仑伐替尼", "lenvatinib"), ("DRUG", "帕博丽珠单抗", "pembrolizumab"),
        ("TRIAL", "HIMALAYA", "HIMALAYA"),
        ("REGIMEN", "度伐利尤单抗联合曲美木单抗", "durvalumab + tremelimumab"),
        ("DRUG", "度伐利尤单抗", "durvalumab"), ("DRUG", "曲美木单抗", "tremelimumab"),
        ("REGIMEN", "STRIDE", "tremelimumab + durvalumab"),
        ("DRUG", "多纳非尼", "donafenib"), ("DRUG", "多吉美", "sorafenib"),
        ("DRUG", "艾瑞卡", "camrelizumab"), ("DRUG", "卡度尼利单抗", "cadonilimab"),
        ("DRUG", "开坦尼", "cadonilimab"),
        ("DRUG_CLASS", "PD-1/CTLA-4双特异性抗体", "PD-1/CTLA-4 bispecific"),
    ],
    "abstract_en.txt": [
        ("DRUG_CLASS", "Immune checkpoint inhibitors", "ICI"), ("DRUG_CLASS", "ICIs", "ICI"),
        ("TRIAL", "CheckMate-9DW", "CheckMate 9DW"), ("TRIAL", "NCT04039607", "CheckMate 9DW"),
        ("REGIMEN", "nivolumab plus ipilimumab", "nivolumab + ipilimumab"),
        ("DRUG", "nivolumab", "nivolumab"), ("DRUG", "ipilimumab", "ipilimumab"),
        ("DRUG", "lenvatinib", "lenvatinib"), ("DRUG", "sorafenib", "sorafenib"),
        ("TRIAL", "KEYNOTE 240", "KEYNOTE-240"), ("TRIAL", "Reach", "REACH"),
        ("DRUG", "ramucirumab", "ramucirumab"),
        ("REGIMEN", "Nivo+Ipi", "nivolumab + ipilimumab"),
        ("DRUG", "Nivo", "nivolumab"), ("DRUG", "Ipi", "ipilimumab"),
        ("DRUG", "Len", "lenvatinib"), ("DRUG", "Sor", "sorafenib"),
        ("REGIMEN", "Tremelimumab (CP-675,206) with durvalumab", "tremelimumab + durvalumab"),
        ("DRUG", "Tremelimumab", "tremelimumab"), ("DRUG", "CP-675,206", "tremelimumab"),
        ("DRUG", "durvalumab", "durvalumab"), ("DRUG", "MEDI4736", "durvalumab"),
        ("DRUG_CLASS", "PD-1 inhibitor", "anti-PD-1"), ("DRUG", "toripalimab", "toripalimab"),
        ("DRUG", "JS001", "toripalimab"),
        ("REGIMEN", "anti-PD-1 antibodies combined with TKIs", "class:anti-PD-1 + class:TKI"),
        ("DRUG_CLASS", "anti-PD-1 antibodies", "anti-PD-1"), ("DRUG_CLASS", "TKIs", "TKI"),
    ],
    "traditional_hk.txt": [
        ("REGIMEN", "侖伐替尼聯合帕博利珠單抗", "lenvatinib + pembrolizumab"),
        ("DRUG", "侖伐替尼", "lenvatinib"), ("DRUG", "帕博利珠單抗", "pembrolizumab"),
        ("REGIMEN", "納武利尤單抗聯合伊匹木單抗", "nivolumab + ipilimumab"),
        ("DRUG", "納武利尤單抗", "nivolumab"), ("DRUG", "伊匹木單抗", "ipilimumab"),
        ("DRUG", "索拉非尼", "sorafenib"),
        ("REGIMEN", "貝伐珠單抗類似物聯合信迪利單抗", "bevacizumab + sintilimab"),
        ("DRUG", "貝伐珠單抗類似物", "bevacizumab"), ("DRUG", "信迪利單抗", "sintilimab"),
        ("TRIAL", "IMbrave150", "IMbrave150"), ("TRIAL", "ORIENT-32", "ORIENT-32"),
    ],
    # These drugs are taken out of the lexicon (FIXTURE_EXCLUDE): the INN stems find them,
    # norm stays null.
    "morphology_mixed.txt": [
        ("DRUG", "吡咯替尼", None), ("DRUG", "泽布替尼", None), ("DRUG", "瑞派替尼", None),
        ("DRUG", "托莱利单抗", None),
        ("REGIMEN", "selpercatinib and the anti-LAG-3 antibody fianlimab",
         "selpercatinib + fianlimab"),
        ("DRUG", "selpercatinib", None), ("DRUG_CLASS", "anti-LAG-3 antibody", "anti-LAG-3"),
        ("DRUG", "fianlimab", None), ("DRUG", "tebotelimab", None),
        ("DRUG_CLASS", "PD-1单抗", "anti-PD-1"),
    ],
}


FIXTURE_EXCLUDE = {
    "morphology_mixed.txt": frozenset({"pyrotinib", "zanubrutinib", "ripretinib", "selpercatinib",
                                       "fianlimab", "tebotelimab"}),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTED))
def test_fixture_paragraphs(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert triples(text, exclude=FIXTURE_EXCLUDE.get(name, frozenset())) == FIXTURE_EXPECTED[name]


REMOVED = frozenset({"donafenib", "tislelizumab", "ramucirumab", "fruquintinib", "cadonilimab"})


@pytest.mark.parametrize("text,surfaces", [
    ("ZGDH3研究证明多纳非尼较索拉非尼显著延长生存", ["多纳非尼"]),
    ("单药替雷利珠单抗在总生存上非劣效", ["替雷利珠单抗"]),
    ("Ramucirumab after sorafenib; fruquintinib and donafenib", ["Ramucirumab", "fruquintinib",
                                                                "donafenib"]),
    ("卡度尼利单抗联合仑伐替尼一线治疗", ["卡度尼利单抗"]),
    ("探索呋喹替尼的疗效", ["呋喹替尼"]),
])
def test_morphology_finds_drugs_taken_out_of_the_lexicon(text, surfaces):
    ents = find_entities_in_text(text, exclude=REMOVED)
    found = [e.text for e in ents if e.label == "DRUG" and e.attrs["source"] == "morphology"]
    assert found == surfaces
    assert all(e.norm is None for e in ents if e.attrs.get("source") == "morphology")


@pytest.mark.parametrize("text", [
    "Punjab", "a nab", "kebab", "单抗", "替尼", "PD-1单抗", "该单抗", "抗体和单抗", "Ramadan",
])
def test_morphology_ignores_lookalikes(text):
    assert [e for e in find_entities_in_text(text) if e.label == "DRUG"] == []


@pytest.mark.parametrize("text", [
    # after a comparing verb "with" and 和 set two drugs against each other (en_298's "a first
    # randomization comparing idarubicin with daunorubicin"); written anew
    "The trial compared sorafenib with lenvatinib in HCC.", "本研究比较索拉非尼和仑伐替尼的疗效。",
    "a randomization comparing the idarubicin with daunorubicin",
])
def test_no_regimen_between_two_compared_drugs(text):
    assert [e.text for e in find_entities_in_text(text) if e.label == "REGIMEN"] == []


def test_a_compared_regimen_keeps_its_own_and():
    regs = [e.norm for e in find_entities_in_text("to compare vinorelbine and cisplatin (NVB-P) with vindesine and cisplatin")
            if e.label == "REGIMEN"]
    assert set(regs) == {"vinorelbine + cisplatin", "vindesine + cisplatin"}


def test_ibritumomab_tiuxetan_by_brand_short_name_and_chinese_name():
    # en_408 (twenty-seventh release, measured, now dev): 'Zevalin (ibritumomab)' is the INN
    # ibritumomab tiuxetan, not a bare '-mab' the morphology reads as 'ibritumomab'
    from extractor.api import extract

    for text in ("Zevalin (ibritumomab) is a radio labelled antibody.", "钇90替伊莫单抗(泽瓦林)获批。"):
        norms = {e.norm for e in extract(text=text).entities if e.label == "DRUG"}
        assert norms == {"ibritumomab tiuxetan"}, text


def test_a_cancer_vaccine_by_its_inn_and_company_code():
    # zh_421 (twenty-eighth release, measured, now dev): a Taiwanese vaccine named by INN and code
    from extractor.api import extract

    for text in ("Adagloxad Simolenin(OBI-822)卵巢癌二期臨床試驗結果", "OBI-822治療後的存活期"):
        norms = {e.norm for e in extract(text=text).entities if e.label == "DRUG"}
        assert norms == {"adagloxad simolenin"}, text


def test_a_drug_named_again_starts_the_next_arm_not_a_regimen_holding_it_twice():
    # en_415 (twenty-eighth release, measured, now dev): 'Bev and Bev/CCNU groups' lists two arms
    regs = [e.attrs["drugs"] for e in find_entities_in_text("Median OS for Bev and Bev/CCNU groups were 6.7 mo")
            if e.label == "REGIMEN"]
    assert not any(sum(d == "bevacizumab" for p in r for d in p) > 1 for r in regs), regs
    regs = [e.norm for e in find_entities_in_text("patients received gemcitabine and cisplatin") if e.label == "REGIMEN"]
    assert regs == ["gemcitabine + cisplatin"]
