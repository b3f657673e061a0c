"""Abbreviations an article defines for its own treatments ("sunitinib (SUN)", "NIVO + CABO")."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import extract
from extractor.entities import find_entities_in_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"


def _by_value(result, endpoint: str, value: float):  # type: ignore[no-untyped-def]
    return [r for r in result.records if r.endpoint == endpoint and r.value == value]


def test_a_regimen_and_its_comparator_named_by_their_abbreviations() -> None:
    # en_046 (CheckMate 9ER): "Nivolumab plus cabozantinib (NIVO + CABO) ... versus sunitinib (SUN)",
    # then "Median PFS was improved with NIVO + CABO versus SUN [16.6 versus 8.4 months ...]".
    result = extract(REAL / "en_046.txt")
    sun = [e for e in result.entities if e.text == "SUN"]
    assert sun and all(e.norm == "sunitinib" and e.rule == "drug.defined" for e in sun)
    assert any(e.label == "REGIMEN" and e.text == "NIVO + CABO" for e in result.entities)
    (exp,) = _by_value(result, "mPFS", 16.6)
    (ctl,) = _by_value(result, "mPFS", 8.4)
    assert set(exp.arm) == {"nivolumab", "cabozantinib"} and exp.comparator == ["sunitinib"]
    assert ctl.arm == ["sunitinib"] and set(ctl.comparator) == {"nivolumab", "cabozantinib"}


def test_hyphenated_abbreviations_name_both_arms() -> None:
    # en_057: "venetoclax-obinutuzumab (Ven-Obi, n = 216) or chlorambucil-obinutuzumab (Clb-Obi, n = 216)"
    result = extract(REAL / "en_057.txt")
    assert {tuple(sorted(r.arm)) for r in _by_value(result, "n_patients", 216)} == {
        ("obinutuzumab", "venetoclax"), ("chlorambucil", "obinutuzumab")}
    (ctl,) = _by_value(result, "mPFS", 36.4)  # "Ven-Obi compared with Clb-Obi (median, 76.2 vs 36.4 months"
    assert set(ctl.arm) == {"chlorambucil", "obinutuzumab"}


def test_a_bracket_after_doses_names_the_phrase_it_closes_in_any_order() -> None:
    # en_047: "nab-paclitaxel 125 mg/m2 and gemcitabine 1000 mg/m2 (Gem+NabP)"
    result = extract(REAL / "en_047.txt")
    (n,) = _by_value(result, "n_patients", 387)  # "Gem+NabP, n=387"
    assert set(n.arm) == {"gemcitabine", "nab-paclitaxel"}


def test_chinese_article_defines_a_latin_shorthand() -> None:
    text = ("本研究纳入晚期肝细胞癌患者，随机接受卡瑞利珠单抗联合阿帕替尼（C+A）或索拉非尼治疗。"
            "C+A组的中位OS为22.1个月，索拉非尼组为15.2个月（HR 0.62，P<0.001）。")
    result = extract(text)
    (exp,) = _by_value(result, "mOS", 22.1)
    assert set(exp.arm) == {"camrelizumab", "apatinib"}


@pytest.mark.parametrize("text", [
    "Patients received nivolumab (PD-1) every 2 weeks; PD-1 expression was measured.",  # a target
    "Sorafenib (n = 30) was given. The n was small.",  # a count
    "Pembrolizumab (Keytruda) was approved. Keytruda is given every 3 weeks.",  # a brand: a drug already
    "Cisplatin (C) and etoposide were given. C was reduced.",  # a single letter is no drug name (D4)
    "Sorafenib (ORR 12%) was compared. ORR was low.",  # an endpoint
])
def test_brackets_that_define_no_drug_name(text: str) -> None:
    ents = find_entities_in_text(text)
    assert not [e for e in ents if e.rule in ("drug.defined", "regimen.defined")]


def test_defined_names_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    # Thousands of definitions and mentions in one text: one pass each, no pairwise look-ups.
    text = "".join(f"sunitinib (S{i:04d}X) and S{i:04d}X plus SUN; " for i in range(6000))
    assert_linear(find_entities_in_text, text)


def test_a_dose_between_two_members_of_a_regimen() -> None:
    # en_050: "randomized to RELA 160 mg plus NIVO 480 mg intravenously (IV) every 4 weeks (n = 355) or
    # NIVO alone 480 mg IV every 4 weeks (n = 359)", RELA defined as relatlimab
    result = extract(REAL / "en_050.txt")
    assert any(e.label == "REGIMEN" and e.text == "RELA 160 mg plus NIVO" for e in result.entities)
    (n,) = _by_value(result, "n_patients", 355)
    assert n.arm == ["relatlimab", "nivolumab"]
    ents = find_entities_in_text("Nivolumab 3 mg/kg plus ipilimumab 1 mg/kg every 3 weeks was given.")
    assert [e.norm for e in ents if e.label == "REGIMEN"] == ["nivolumab + ipilimumab"]


def test_a_dose_and_its_schedule_inside_a_regimen() -> None:
    ents = find_entities_in_text("Both cohorts received dabrafenib 150 mg twice daily plus trametinib 2 mg daily.")
    assert [e.norm for e in ents if e.label == "REGIMEN"] == ["dabrafenib + trametinib"]


def test_a_glued_acronym_names_the_whole_list_before_it() -> None:
    # zh_072: "奥布替尼、氟达拉滨、环磷酰胺和抗CD20单抗奥妥珠单抗(OFCG)联合用药", then "3个周期的OFCG治疗";
    # G is obinutuzumab's brand (Gazyva), the other three letters are initials
    result = extract(REAL / "zh_072.txt")
    ofcg = {"orelabrutinib", "fludarabine", "cyclophosphamide", "obinutuzumab"}
    assert set(_by_value(result, "n_patients", 19)[0].arm) == ofcg
    assert all(set(r.arm) == ofcg for r in _by_value(result, "CR_rate", 38.9))


def test_a_bracket_after_one_drug_of_a_list_stays_that_drugs_name() -> None:
    text = ("Patients received carboplatin, paclitaxel and bevacizumab (BEV) every three weeks. "
            "The ORR with BEV was 52%.")
    assert _by_value(extract(text), "ORR", 52)[0].arm == ["bevacizumab"]


LEGEND = """Table 2 Efficacy in the phase III trial
Treatment OS (months) PFS (months)
 GEM+NAB (n = 431) 8.5 5.5
 GEM (n = 430) 6.7 3.7
GEM gemcitabine, NAB nab-paclitaxel, OS overall survival, PFS progression-free survival
"""


def test_a_table_legend_defines_its_abbreviations() -> None:
    # "ABBR expansion, ABBR expansion, …" under a table: each expansion naming drugs defines them
    result = extract(LEGEND)
    nab = [e for e in result.entities if e.text == "NAB"]  # GEM is a lexicon abbreviation already
    assert len(nab) == 2 and all(e.norm == "nab-paclitaxel" and e.rule == "drug.defined" for e in nab)
    os_ = _by_value(result, "mOS", 8.5)[0]
    assert set(os_.arm) == {"gemcitabine", "nab-paclitaxel"} and os_.comparator == ["gemcitabine"]


def test_a_legend_choice_and_a_real_legend() -> None:
    # en_006: "DUR durvalumab, EP platinum (investigator's choice of either carboplatin or cisplatin)
    # plus etoposide, HR hazard ratio, …": "carboplatin or cisplatin" is one choice, not two drugs
    result = extract(REAL / "en_006.txt")
    (hr,) = _by_value(result, "HR", 0.73)
    assert sorted(hr.arm) == ["carboplatin/cisplatin", "durvalumab", "etoposide"]
    assert sorted(hr.comparator or []) == ["carboplatin/cisplatin", "etoposide"]


@pytest.mark.parametrize("text", [
    "Median overall survival was 11.2 months, The nivolumab arm had fewer events, Patients nivolumab-treated did well.",
    "EP etoposide and cisplatin were given.\nThe regimen was well tolerated.",  # one entry: no legend
])
def test_sentences_are_no_legend(text: str) -> None:
    assert not [e for e in extract(text).entities if e.rule in {"drug.defined", "regimen.defined"}]


def test_an_abbreviation_the_article_defines_as_no_drug() -> None:
    # en_155 (DLBCL): "Patients with an International Prognostic Index (IPI) score >= 2 had a
    # poorer prognosis" -- the index, not ipilimumab, wherever IPI recurs in that article.
    result = extract(REAL / "en_155.txt")
    assert "ipilimumab" not in result.drug_norms()
    text = ("Patients were stratified by the Follicular Lymphoma International Prognostic Index (FLIPI). "
            "The age-adjusted International Prognostic Index (IPI) was 2 or more in 40%; IPI 0-1 in 60%.")
    assert not [e for e in find_entities_in_text(text) if e.label == "DRUG"]
    # where the article does not redefine it, IPI stays the lexicon's drug abbreviation
    ents = find_entities_in_text("Nivolumab plus IPI improved OS (HR 0.74).")
    assert {e.norm for e in ents if e.label == "DRUG"} == {"nivolumab", "ipilimumab"}


def test_a_lexicon_abbreviation_renamed_for_the_drug_it_follows() -> None:
    # en_182: "cetuximab (CTX) added to ... weekly paclitaxel/carboplatin" -- CTX is
    # cyclophosphamide's abbreviation in the lexicon, cetuximab's in this article.
    result = extract(REAL / "en_182.txt")
    ctx = [e for e in result.entities if e.text == "CTX"]
    assert ctx and all(e.norm == "cetuximab" for e in ctx)
    assert "cyclophosphamide" not in result.drug_norms()
    # the drug's own abbreviation after it, and a regimen's abbreviation after its last drug,
    # keep their lexicon meaning
    ents = find_entities_in_text("Cyclophosphamide (CTX) 600 mg/m2 was given; CTX was repeated.")
    assert {e.norm for e in ents if e.text == "CTX"} == {"cyclophosphamide"}
    ents = find_entities_in_text("RAI therapy plus lenvatinib (RAI-L arm) or RAI alone; RAI was given once.")
    assert {e.norm for e in ents if e.text == "RAI"} == {"sodium iodide i 131"}


def test_redefined_abbreviations_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    text = "".join(f"cetuximab (CTX) and the International Prognostic Index (IPI) {i}; " for i in range(5000))
    assert_linear(find_entities_in_text, text)


def test_a_dose_word_gives_the_abbreviation_its_first_letters() -> None:
    # en_178: "high-dose cytarabine (HDAraC)"; the same shape for low-dose cytarabine (LDAC)
    text = ("Patients unfit for induction received low-dose cytarabine (LDAC) or azacitidine. "
            "Median OS was 4.1 months with LDAC.")
    ldac = [e for e in find_entities_in_text(text) if e.text == "LDAC"]
    assert len(ldac) == 2 and all(e.norm == "cytarabine" for e in ldac)
    # letters that are no dose word's stay undefined
    assert not [e for e in find_entities_in_text("cytarabine (XYAC) was given; XYAC again")
                if e.text == "XYAC"]


def test_a_bracket_naming_the_arm_with_its_group_word_defines_the_name() -> None:
    # en_077: "RAI therapy plus lenvatinib (RAI-L arm) or standard RAI therapy …; Median PFS in the RAI-L
    # arm was 36 months" -- written anew
    text = ("Patients were randomised to capecitabine plus bevacizumab (CAP-B arm) or capecitabine alone. "
            "Median PFS in the CAP-B arm was 9.4 months; CAP-B组 patients had an ORR of 38%.")
    regs = [e for e in find_entities_in_text(text) if e.label == "REGIMEN" and e.text == "CAP-B"]
    assert len(regs) == 3 and all(e.norm == "capecitabine + bevacizumab" for e in regs)
    # a bracket of words that only label a group defines nothing
    assert not [e for e in find_entities_in_text("sorafenib (control arm) was given; control arm patients")
                if e.rule == "drug.defined"]


def test_an_acronym_followed_by_its_schedule_defines_the_regimen() -> None:
    # en_224: "randomised to receive … either ACE (doxorubicin 50 mg/m2 i.v., cyclophosphamide 1 g/m2 i.v.
    # and etoposide 120 mg/m2 …) or PE (cisplatin 80 mg/m2 and etoposide 120 mg/m2 …)" -- written anew
    text = ("Patients received either MIC (mitomycin 6 mg/m2, ifosfamide 3 g/m2 and cisplatin 50 mg/m2) or "
            "GC (gemcitabine 1000 mg/m2 and carboplatin AUC 5). Response rates were 31% for MIC and 42% for GC.")
    regs = {e.text: e.norm for e in find_entities_in_text(text) if e.rule == "regimen.defined"}
    assert regs == {"MIC": "mitomycin + ifosfamide + cisplatin", "GC": "gemcitabine + carboplatin"}
    # a bracket of one drug defines nothing
    assert not [e for e in find_entities_in_text("TKI (sorafenib 400 mg) was given; TKI again")
                if e.rule == "regimen.defined"]


def test_an_acronym_followed_by_its_drugs_alone_defines_the_regimen() -> None:
    # en_252: "DAT (daunorubicin, cytarabine, and thioguanine) 3 + 10, ADE (…) or MAC (mitoxantrone-cytarabine).
    # The remission rate in the DAT arm was …"; zh_245 "GP(Gemcitabine+Cisplatin,吉西他滨+顺铂)" -- written anew
    text = ("Patients were randomized to FLAG (fludarabine, cytarabine and filgrastim) or MEC (mitoxantrone-"
            "etoposide-cytarabine). The CR rate was 52% in the FLAG arm and 40% in the MEC arm.")
    ents = find_entities_in_text(text)
    regs = [(e.text, e.norm) for e in ents if e.rule == "regimen.defined"]
    # the later mentions; the defining one stays the bracket's (no second subject beside it)
    assert regs == [("FLAG", "fludarabine + cytarabine + filgrastim"), ("MEC", "mitoxantrone + etoposide + cytarabine")]
    # a bracket with other words in it defines nothing ("CR (complete response, 完全缓解)")
    assert not [e for e in find_entities_in_text("TP (docetaxel given weekly with cisplatin) was used; TP again")
                if e.rule == "regimen.defined"]


def test_regimens_listed_by_their_names_are_alternatives() -> None:
    # zh_204: "对171例…患者分别行CEF、NE和TEC方案新辅助化疗": three regimens, three arms, not one combination
    from extractor.measure.subjects import build_subjects

    text = "120例患者分别接受GP、TP和FP方案化疗。"
    ents = [(e.start, e.end, e) for e in find_entities_in_text(text)]
    subs = build_subjects(text, ents, [])
    assert [s.drugs for s in subs] == [["gemcitabine", "cisplatin"], ["paclitaxel", "cisplatin"],
                                      ["fluorouracil", "cisplatin"]]
    # drugs listed stay one combination ("吉西他滨和顺铂")
    text = "120例患者接受吉西他滨和顺铂化疗。"
    subs = build_subjects(text, [(e.start, e.end, e) for e in find_entities_in_text(text)], [])
    assert [s.drugs for s in subs] == [["gemcitabine", "cisplatin"]]


def test_an_acronym_of_the_initials_of_a_regimen_named_before() -> None:
    # zh_157: "S-1联合奥沙利铂方案或S-1联合多西他赛方案 … 接受DS方案的晚期胃癌患者43例 … DS组" -- written anew
    from extractor.api import extract

    got = {r.value: r.arm for r in extract(
        "对照组采用S-1单药,观察组采用阿帕替尼联合S-1方案。AS组ORR为35.0%,对照组为20.0%。").records}
    assert got[35.0] == ["apatinib", "tegafur"]
    got = {r.value: r.arm for r in extract(
        "Patients received capecitabine plus bevacizumab or capecitabine alone. In the CB arm, the ORR was 38%, "
        "and in the capecitabine arm 24%.").records}
    assert got[38.0] == ["capecitabine", "bevacizumab"]
    # letters that fit no named regimen, or two of them, name nothing
    regs = [e for e in find_entities_in_text("顺铂联合多西他赛或顺铂联合地西他滨治疗后,DC组有效率为30%。")
            if e.rule == "regimen.defined"]
    assert regs == []


def test_a_drug_name_cut_short_in_a_combination_shorthand() -> None:
    # en_129: "Table: … Suge+CAPOX Placebo+CAPOX N=241 N=238" after "sugemalimab plus CAPOX" -- written anew
    text = "Tislelizumab plus chemotherapy was compared with placebo. Arms: Tisle+Chemo vs Placebo+Chemo."
    got = [(e.text, e.norm) for e in find_entities_in_text(text) if e.rule == "drug.defined"]
    assert got == [("Tisle", "tislelizumab")]
    # a word opening no named drug's name, or a word of the text, stays a word
    assert not [e for e in find_entities_in_text("Nivolumab was given. Best + Supportive care; Placebo + Chemo.")
                if e.rule == "drug.defined"]


def test_a_chinese_list_of_drugs_in_brackets_defines_an_acronym() -> None:
    # zh_300 (twentieth release, now dev): "小剂量MA(米托蒽醌、阿糖胞苷)" -- written anew
    text = "比较DA(柔红霉素、阿糖胞苷)与HA(高三尖杉酯碱和阿糖胞苷)方案。其中40例采用DA方案诱导化疗。"
    regs = [(e.text, e.norm) for e in find_entities_in_text(text) if e.label == "REGIMEN"]
    assert ("DA", "daunorubicin + cytarabine") in regs


def test_a_scheme_word_may_stand_between_the_acronym_and_its_bracket() -> None:
    # zh_329: "DO方案(奥沙利铂+多西他赛)" -- written anew, with a full-width bracket too
    text = "探讨ID方案（伊立替康+多西他赛）的疗效。全部患者均采用ID方案治疗。"
    regs = [(e.text, e.norm) for e in find_entities_in_text(text) if e.label == "REGIMEN"]
    assert regs.count(("ID", "irinotecan + docetaxel")) == 1  # the later mention; the defining one is the bracket's
