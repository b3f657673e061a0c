"""Shapes of real published results text (issue: real-world accuracy), on sentences of our own.

Each case is a sentence written in the style the real-text corpus shows — Lancet middle-dot
decimals, a bare "PFS of 6.8 months", an HR in brackets after its endpoint, "95 percent CI" —
run through the whole pipeline; expected records were decided by reading the sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import document_from_text
from extractor.normalize import normalize
from extractor.pipeline import analyze


def records(text: str) -> list[tuple[str, float, str | None, tuple[str, ...], str | None]]:
    doc = document_from_text(text)
    res = analyze(doc)
    for r in res.records:  # grounding: the span is the number as written
        assert any(ch.isdigit() for ch in doc.text[r.start : r.end])
    return [(r.endpoint, r.value, r.unit, tuple(r.arm), r.arm_label) for r in res.records]


def test_lancet_middle_dot_is_a_decimal_point_in_the_view_only():
    text = "Median OS was 11·4 months with nivolumab versus 8·6 months with placebo (HR 0·69)."
    got = records(text)
    assert ("mOS", 11.4, "month", ("nivolumab",), None) in got
    assert ("mOS", 8.6, "month", (), "placebo") in got
    assert ("HR", 0.69, None, ("nivolumab",), None) in got
    view = normalize("Zhang · Li 11·4")
    assert view.text == "Zhang · Li 11.4"  # only a dot between digits is a decimal point
    assert view.to_orig(13, 14) == (13, 14)


@pytest.mark.parametrize("text,want", [
    ("The PFS was 6.8 months with sintilimab versus 4.1 months with placebo.",
     [("mPFS", 6.8), ("mPFS", 4.1)]),
    ("信迪利单抗组的总生存期为11.2个月。", [("mOS", 11.2)]),
    ("Pembrolizumab improved overall survival (22.0 vs 10.7 months).", [("mOS", 22.0), ("mOS", 10.7)]),
])
def test_bare_time_to_event_endpoint_with_a_duration_is_a_median(text, want):
    assert [(c, v) for c, v, *_ in records(text)] == want


def test_natural_history_survival_is_still_no_record():
    assert records("Without treatment, survival of advanced HCC is only 3-4 months.") == []


def test_hr_in_brackets_after_its_endpoint_is_its_own_record():
    text = ("与索拉非尼相比，免疫检查点抑制剂可显著延长总生存期（合并HR=0.72，95%CI:0.61~0.85，P<0.001）"
            "和无进展生存期（合并HR=0.81，95%CI:0.70~0.94，P=0.005）。")
    got = [(c, v, arm) for c, v, _, arm, _ in records(text)]
    assert got == [("HR", 0.72, ("class:ICI",)), ("HR", 0.81, ("class:ICI",))]


def _by(text: str) -> dict[tuple[str, float], tuple[tuple[str, ...], str | None]]:
    return {(c, v): (arm, label) for c, v, _, arm, label in records(text)}


def test_group_labels_take_the_treatment_the_document_gave_them():
    text = ("方法 将120例患者随机分为两组，观察组采用帕博利珠单抗联合化疗治疗，对照组采用单纯化疗。"
            "结果 观察组的中位PFS为9.7个月，对照组为5.2个月。")
    got = _by(text)
    assert got[("mPFS", 9.7)] == (("pembrolizumab",), "观察组")
    assert got[("mPFS", 5.2)] == ((), "对照组")
    text = "其中接受纳武利尤单抗联合化疗的65例为试验组。试验组3年OS率为60.5%。"
    assert _by(text)[("OS_rate", 60.5)] == (("nivolumab",), "试验组")


@pytest.mark.parametrize("text,code,value", [
    ("Tislelizumab showed a 35% reduction in the risk of death versus chemotherapy.", "risk_reduction", 35),
    ("Nivolumab reduced the risk of disease recurrence or death by 28% compared with placebo.", "risk_reduction", 28),
    ("依沃西单抗组的疾病进展或死亡风险降低49%。", "risk_reduction", 49),
    ("At 24.3 months of median follow-up, the study met its primary endpoint.", "median_follow_up", 24.3),
    ("3年无病生存率为74.1%。", "DFS_rate", 74.1),
    ("The pCR rate was 63.0% with pembrolizumab.", "pCR_rate", 63.0),
    ("The pooled odds ratio for response was 1.50 (95% CI 1.22-1.83).", "OR", 1.50),
])
def test_phrases_and_new_endpoints(text, code, value):
    assert (code, value) in {(c, v) for c, v, *_ in records(text)}


def test_hormone_receptor_is_no_hazard_ratio():
    text = "Patients with HR-positive, HER2-negative breast cancer received ribociclib; HR+ disease was required."
    assert [c for c, *_ in records(text) if c == "HR"] == []


def test_respective_ratios_listed_across_and():
    text = "Respective hazard ratios for the PD-L1 1-49% and PD-L1 50% or greater groups were 0.77 (P = .02), and 0.69 (P = .003)."
    assert sorted(v for c, v, *_ in records(text) if c == "HR") == [0.69, 0.77]


def test_a_timed_rate_after_another_shares_its_timepoint():
    doc = document_from_text("试验组3年DFS率(81.5% vs. 59.4%)和OS率(84.6% vs. 70.6%)均显著高于对照组。")
    got = {(r.endpoint, r.value): r.timepoint for r in analyze(doc).records}
    assert got == {("DFS_rate", 81.5): 36.0, ("DFS_rate", 59.4): 36.0, ("OS_rate", 84.6): 36.0, ("OS_rate", 70.6): 36.0}


@pytest.mark.parametrize("text,low,high", [
    ("The hazard ratio was 0.16 (95% confidence interval [CI], 0.10 to 0.24; P<0.001).", 0.10, 0.24),
    ("两组中位PFS分别为8.9个月和5.0个月，HR(95%CI)=0.482(0.362,0.643)，P<0.001。", 0.362, 0.643),
])
def test_interval_forms(text, low, high):
    (hr,) = [r for r in analyze(document_from_text(text)).records if r.endpoint == "HR"]
    assert (hr.ci_low, hr.ci_high) == (low, high)


def test_respectively_over_three_listed_arms():
    text = ("Grade 3-4 adverse events occurred in 32.5%, 15.1% and 13.5% of patients in the durvalumab plus "
            "bevacizumab plus TACE, durvalumab plus TACE and placebo plus TACE arms, respectively.")
    got = _by(text)
    assert got[("AE_rate", 32.5)][0] == ("durvalumab", "bevacizumab")
    assert got[("AE_rate", 15.1)][0] == ("durvalumab",)
    assert got[("AE_rate", 13.5)] == ((), "placebo")


def test_ratio_arm_is_the_experimental_side():
    doc = document_from_text("试验组和对照组的中位PFS分别为8.9个月和5.0个月,HR=0.48,P<0.001。")
    (hr,) = [r for r in analyze(doc).records if r.endpoint == "HR"]
    assert (hr.arm_label, hr.comparator_label) == ("试验组", "对照组")


@pytest.mark.parametrize("text", [
    "The open-label, randomized, phase 3 trial included patients aged 18 or older.",
    "Of the 733 patients screened, the trial enrolled adults only.",
    "共计30例患者被纳入本研究，其中男20例，女10例。",
    "不良反应主要为乏力(67.2%,39例)和高血压(56.9%,33例)。",
    "其中16例患者為男性(53%)。",
    "5年后依旧有近1/4的患者存活。",
    "英国每年约有4万8000名女性罹患乳癌。",
    "Source: Cancer Therapy Advisor, February 2016\nPatients were enrolled at 40 sites.",
    # en_039: "A total of 261 patients were screened …, and 35 patients were excluded" -- written anew
    "Overall, 733 patients were screened for eligibility and 10 patients were excluded after review.",
    # en_157: "There were 34 patients who crossed over from the vemurafenib monotherapy arm"
    "There were 16 patients who crossed over from the placebo arm to the combination arm.",
    # zh_313: "由2名研究者独立筛选文献、提取资料" -- the people who did the review
    "由3名研究者独立提取资料并交叉核对。",
])
def test_numbers_that_count_no_studied_group(text):
    counts = [v for c, v, *_ in records(text) if c == "n_patients"]
    assert not [v for v in counts if v in {3, 733, 20, 10, 39, 33, 16, 4, 8000, 2016}], counts


@pytest.mark.parametrize("text,value", [
    ("一项真实世界研究纳入既往接受过免疫治疗的91例(9%)肝癌患者。", 91),
    ("Grade 3-4 adverse events were reported in 147 of 190 patients (77.4%).", 190),
])
def test_a_group_shown_with_its_share_is_still_a_group(text, value):
    assert ("n_patients", value) in {(c, v) for c, v, *_ in records(text)}


def test_a_timepoint_turns_a_bare_survival_word_into_a_rate():
    got = {(c, v) for c, v, *_ in records("服用伊马替尼患者(1年 OS:100.0% vs. 78.6%,2年 OS:93.1% vs. 26.1%)。")}
    assert got == {("OS_rate", 100.0), ("OS_rate", 78.6), ("OS_rate", 93.1), ("OS_rate", 26.1)}
    assert {(c, v) for c, v, *_ in records("12-month overall survival was 61 percent.")} == {("OS_rate", 61)}
    doc = document_from_text("3年RFS:66.7% vs. 38.5%;HR=0.341。")
    assert [(r.endpoint, r.timepoint) for r in analyze(doc).records][:2] == [("RFS_rate", 36.0), ("RFS_rate", 36.0)]


def test_a_shorthand_the_document_defines_is_its_endpoint():
    text = "客观缓解率(response rate, RR)为29.6%。一线治疗组RR为35.6%，二线治疗组RR为19.2%。"
    assert sorted(v for c, v, *_ in records(text) if c == "ORR") == [19.2, 29.6, 35.6]
    # undefined, RR stays no trigger; a relapsed/refractory "RR-HL" never is one
    assert [c for c, *_ in records("RR为35.6%。")] == []
    assert [c for c, *_ in records("客观缓解率(response rate, RR)为29.6%。RR-HL患者共12例。") if c == "ORR"] == ["ORR"]


def test_generic_group_labels_take_the_sides_of_the_first_comparison():
    text = ("达伯舒 ?联合力比泰 ?和铂类对比安慰剂联合力比泰 ?和铂类，显着延长了无进展生存期。"
            "试验组和对照组的中位PFS分别为8.9个月和5.0个月。")
    got = _by(text)
    assert got[("mPFS", 8.9)] == (("sintilimab", "pemetrexed"), "试验组")
    assert got[("mPFS", 5.0)] == (("pemetrexed",), "对照组")


def test_a_count_in_brackets_after_an_arm_is_that_arms_size():
    text = "Patients were randomly assigned to receive either trifluridine plus tipiracil (n=246) or bevacizumab (n=240)."
    got = {v: arm for c, v, _, arm, _ in records(text) if c == "n_patients"}
    assert got == {246: ("trifluridine", "tipiracil"), 240: ("bevacizumab",)}


def test_short_chinese_group_names_are_labels_the_document_defines():
    text = ("其中采用顺铂+5-Fu诱导化疗加调强放疗(诱导组)128例，采用顺铂同期放化疗(同期组)130例。"
            "诱导组和同期组5年总生存率分别为83.1%和83.0%。")
    got = _by(text)
    assert got[("OS_rate", 83.1)] == (("cisplatin", "fluorouracil"), "诱导组")
    assert got[("OS_rate", 83.0)] == (("cisplatin",), "同期组")
    # counting words are no groups, and a known label inside a longer run is cut out
    assert all(label != "两组" for _, label in _by("两组的ORR分别为30%和20%。").values())
    assert [label for _, label in _by("可以较安慰剂组显著延长mOS(14.6个月 vs 13.0个月)。").values()][1] == "安慰剂组"


@pytest.mark.parametrize("text", [
    "晚期HCC患者的预后极差，5年生存率不足10%。",
    "随着治疗策略的完善，霍奇金淋巴瘤患者的长期生存率已超过80%。",
    "早期NPC治疗后5年生存率达到90%左右。",
    "索拉非尼可使晚期HCC患者的中位总生存时间延长近3个月。",
    "原化疗PFS≥6个月的患者有更好的获益。",
    # zh_325: "中位PFS较帕博利珠單抗組延長超過6個月" -- written anew
    "中位OS较化疗组延长超过4个月。",
])
def test_background_gains_and_thresholds_are_no_results(text):
    assert [c for c, *_ in records(text) if c != "n_patients"] == []


def test_a_result_with_a_treatment_keeps_its_hedge():
    assert ("ORR", 30.0) in {(c, v) for c, v, *_ in records("帕博利珠单抗组的ORR约为30%。")}


def test_survival_at_a_timepoint_is_the_timed_rate():
    doc = document_from_text("Overall survival at 24 months was 71.3% with dostarlimab and 56.0% with placebo.")
    got = [(r.endpoint, r.value, r.timepoint) for r in analyze(doc).records]
    assert got == [("OS_rate", 71.3, 24.0), ("OS_rate", 56.0, 24.0)]


def test_a_cut_off_interval_level_is_no_value():
    text = "The 3-year OS rate was 84% with osimertinib and 74% with placebo (95% CI,"
    assert sorted(v for _, v, *_ in records(text)) == [74, 84]


def test_each_value_takes_the_arm_after_its_interval():
    text = ("Median progression-free survival was 28.8 months (95% CI 22.4–37.9) with trastuzumab deruxtecan "
            "and 6.8 months (5.6–8.2) with trastuzumab emtansine.")
    got = _by(text)
    assert got[("mPFS", 28.8)][0] == ("trastuzumab deruxtecan",)
    assert got[("mPFS", 6.8)][0] == ("trastuzumab emtansine",)


def test_a_one_study_document_makes_partial_arms_whole():
    text = ("The trial compared dostarlimab plus carboplatin and paclitaxel versus placebo plus carboplatin and paclitaxel. "
            "Progression-free survival at 24 months was 36.1% in the dostarlimab group and 18.1% in the placebo group.")
    got = _by(text)
    assert got[("PFS_rate", 36.1)][0] == ("dostarlimab", "carboplatin", "paclitaxel")
    assert got[("PFS_rate", 18.1)][0] == ("carboplatin", "paclitaxel")


@pytest.mark.parametrize("text,want", [
    ("Median progression-free survival and duration of response were 19.4 months (95% CI, 14.1–25.0) and "
     "18.2 months (95% CI, 15.0 months–not evaluable), respectively.", {("mPFS", 19.4), ("mDOR", 18.2)}),
    ("OS was longer in the nivolumab group (5.26 [4.60–6.37] vs 4.14 [3.42– 4.86] months in placebo group).",
     {("mOS", 5.26), ("mOS", 4.14)}),
    ("Overall, the HR for overall survival with immunotherapy was 0.71 [95% CI 0.66-0.76] compared with chemotherapy.",
     {("HR", 0.71)}),
    ("两组的中位PFS分别为11.14个月和5.82个月，PFS HR=0.51 (P<0.0001)。", {("mPFS", 11.14), ("mPFS", 5.82), ("HR", 0.51)}),
])
def test_ratios_of_an_endpoint_late_units_and_open_intervals(text, want):
    assert {(c, v) for c, v, *_ in records(text)} == want


@pytest.mark.parametrize("text,want", [
    ("Overall, 493 of 601 screened patients were randomized to receive nivolumab (330) or placebo (163).",
     {330: ("nivolumab",), 163: ()}),
    ("A total of 886 patients underwent randomization: 442 to the enfortumab vedotin–pembrolizumab group and "
     "444 to the chemotherapy group.", {886: (), 442: ("enfortumab vedotin", "pembrolizumab"), 444: ()}),
    # en_250: "Among them, 118 were eligible and analysable (58 in the gemcitabine group and 60 in the
    # surgery-only group)" -- written anew
    ("Of these, 204 were evaluable (101 in the capecitabine group and 103 in the surgery-only group).",
     {204: (), 101: ("capecitabine",), 103: ()}),
    # en_254: "A total of 189 eligible patients (CP 96, CLD 93)", each arm then its count -- written anew
    ("Patients were randomized to GC (gemcitabine 1000 mg/m2 + cisplatin 70 mg/m2) or MVAC. A total of 405 "
     "eligible patients (GC 203, MVAC 202) were analysed.", {405: (), 203: ("gemcitabine", "cisplatin"),
                                                            202: ("methotrexate", "vinblastine", "doxorubicin", "cisplatin")}),
    # en_184: "347 patients have died (GC 176, MVAC 171)": deaths, no group sizes
    ("At this analysis, 290 patients have died (GC 150, MVAC 140).", {}),
])
def test_unitless_counts_of_allocated_patients(text, want):
    got = {v: arm for c, v, _, arm, _ in records(text) if c == "n_patients"}
    assert got == want


def test_a_one_treatment_document_gives_its_values_that_treatment():
    text = ("Trastuzumab deruxtecan showed durable activity in HER2-positive breast cancer.\n\n"
            "The objective response rate by independent central review was 62.0% (95% CI, 54.5–69.0).")
    assert _by(text)[("ORR", 62.0)][0] == ("trastuzumab deruxtecan",)
    # two rival treatments: nothing is assumed
    text = "Nivolumab was compared with sorafenib.\n\nThe objective response rate was 20%."
    assert _by(text)[("ORR", 20.0)] == ((), None)


@pytest.mark.parametrize("text,first,second", [
    ("The median PFS for vorasidenib and placebo was 27.7 vs 11.1 months, respectively.",
     (("vorasidenib",), None), ((), "placebo")),
    ("诱导组和同期组5年总生存率(83.1%vs 83.0%)比较差异无统计学意义。", ((), "诱导组"), ((), "同期组")),
    ("Grade 3 or 4 adverse events occurred in 42 patients (49%) receiving ripretinib and 19 (44%) receiving placebo.",
     (("ripretinib",), None), ((), "placebo")),
])
def test_two_listed_arms_take_their_values_in_order(text, first, second):
    got = [(arm, label) for c, v, _, arm, label in records(text) if c != "n_patients"]
    assert got[:2] == [first, second]


def test_an_add_on_design_names_its_experimental_and_control_arms():
    text = ("Patients were randomly assigned to receive either trifluridine plus tipiracil (n=246) or trifluridine "
            "plus tipiracil and bevacizumab (n=246).\n\n"
            "The median OS was 7.5 months in the control arm and 10.8 months in the bevacizumab arm.")
    got = _by(text)
    assert got[("mOS", 7.5)] == (("trifluridine", "tipiracil"), "control arm")
    assert got[("mOS", 10.8)][0] == ("trifluridine", "tipiracil", "bevacizumab")
    sizes = [arm for c, v, _, arm, _ in records(text.split("\n\n")[0]) if c == "n_patients"]
    assert sizes == [("trifluridine", "tipiracil"), ("trifluridine", "tipiracil", "bevacizumab")]


def test_an_endpoint_list_over_a_list_of_pairs():
    text = "治疗后，靶免组ORR与DCR均高于靶向组(40.79% vs. 16.39%，P=0.02；60.53% vs. 39.34%，P=0.014)。"
    got = {(c, v): label for c, v, _, _, label in records(text)}
    assert got == {("ORR", 40.79): "靶免组", ("ORR", 16.39): "靶向组", ("DCR", 60.53): "靶免组", ("DCR", 39.34): "靶向组"}


def test_a_later_pair_continues_the_endpoint_of_its_unit():
    text = ("Median overall survival was 7.9 versus 11.3 months in the CPS < 1 subgroup (hazard ratio [HR], 1.51 "
            "[95% CI, 0.96 to 2.37]) and 10.8 versus 10.1 months in the CPS 1-19 subgroup (HR, 0.86 [95% CI, 0.66 to 1.12]).")
    assert [(c, v) for c, v, *_ in records(text)] == [
        ("mOS", 7.9), ("mOS", 11.3), ("HR", 1.51), ("mOS", 10.8), ("mOS", 10.1), ("HR", 0.86)]


def test_a_count_its_subgroups_add_up_to_is_the_whole_cohort():
    text = "回顾性分析245例患者资料，其中接受单纯化疗的180例为对照组，接受信迪利单抗联合化疗的65例为试验组。"
    got = {v: arm for c, v, _, arm, _ in records(text) if c == "n_patients"}
    assert got[245] == () and got[65] == ("sintilimab",)


def test_latin_group_names_before_zu_are_labels():
    text = "NIVO+chemo组相比Chemo组的中位OS为17.8个月对比9.6个月。"
    got = {(c, v): (arm, label) for c, v, _, arm, label in records(text)}
    assert got[("mOS", 9.6)] == ((), "Chemo组")


def test_values_between_a_label_and_a_drug_define_no_group():
    text = "The incidence of adverse events was 35% in the osimertinib group and 12% in the placebo group."
    got = _by(text)
    assert got[("AE_rate", 35)][0] == ("osimertinib",) and got[("AE_rate", 12)] == ((), "placebo group")


def test_than_in_the_group_is_the_comparator():
    text = ("Progression-free survival was longer in the enfortumab vedotin–pembrolizumab group than in the "
            "chemotherapy group (median, 12.5 months vs. 6.3 months).")
    got = _by(text)
    assert got[("mPFS", 12.5)][0] == ("enfortumab vedotin", "pembrolizumab")
    assert got[("mPFS", 6.3)][1] == "chemotherapy group"


@pytest.mark.parametrize("text,exp,ctl,ctl_label,hr", [
    ("Patients were randomly assigned to receive either zolbetuximab or placebo, plus mFOLFOX6. Median overall "
     "survival was 18.23 months (95% confidence interval [CI], 16.4 to 22.4) in the zolbetuximab group and 15.54 "
     "months in the placebo group (hazard ratio, 0.75).",
     ("zolbetuximab", "oxaliplatin", "fluorouracil", "leucovorin"), ("oxaliplatin", "fluorouracil", "leucovorin"),
     "placebo group", 0.75),
    ("该研究将585例患者随机分为两组，分别接受斯鲁利单抗或安慰剂联合卡铂和依托泊苷治疗。"
     "斯鲁利单抗组中位总生存期为15.4个月，安慰剂组为10.9个月（HR=0.63）。",
     ("serplulimab", "carboplatin", "etoposide"), ("carboplatin", "etoposide"), "安慰剂组", 0.63),
])
def test_add_on_allocated_with_a_shared_backbone(text, exp, ctl, ctl_label, hr):
    """"either A or placebo, plus B": B is both arms' backbone, so the A group is A + B and the
    placebo group is B; the HR's comparator is the whole placebo arm too."""
    res = analyze(document_from_text(text))
    medians = [r for r in res.records if r.endpoint == "mOS"]
    assert [tuple(r.arm) for r in medians] == [exp, ctl]
    assert medians[1].arm_label == ctl_label
    (ratio,) = [r for r in res.records if r.endpoint == "HR"]
    assert (ratio.value, tuple(ratio.arm), tuple(ratio.comparator or ())) == (hr, exp, ctl)


@pytest.mark.parametrize("text,want", [
    ("结果显示，试验组中位PFS和中位OS分别为8.2个月和20.9个月，对照组分别为5.1个月和14.2个月。",
     [("mPFS", 8.2, None, "试验组", 5.1), ("mOS", 20.9, None, "试验组", 14.2),
      ("mPFS", 5.1, None, "对照组", 8.2), ("mOS", 14.2, None, "对照组", 20.9)]),
    ("治療組的兩年和三年OS率分別為七成八和六成五，對照組分別為六成四和四成九。",
     [("OS_rate", 78, 24, "治療組", 64), ("OS_rate", 65, 36, "治療組", 49),
      ("OS_rate", 64, 24, "對照組", 78), ("OS_rate", 49, 36, "對照組", 65)]),
])
def test_endpoint_list_reported_arm_by_arm(text, want):
    """An endpoint (or timepoint) list with one value each, then "对照组分别为…" with as many: value j
    of each arm takes endpoint j, and the values in the same place are compared."""
    res = analyze(document_from_text(text))
    got = [(r.endpoint, r.value, r.timepoint, r.arm_label, r.comparator_value) for r in res.records]
    assert got == want


@pytest.mark.parametrize("text,want", [
    ("纳武利尤单抗在复发和转移性宫颈癌中达到了26.3%的客观缓解率。", [("ORR", 26.3, None)]),
    ("卡瑞利珠单抗组获得了13.9个月的中位总生存期。", [("mOS", 13.9, None)]),
    ("At 1, 2, and 3 years, OS was 72%, 60%, and 47%, respectively.",
     [("OS_rate", 72, 12), ("OS_rate", 60, 24), ("OS_rate", 47, 36)]),
    ("At 12 and 24 months, the PFS rates were 61%, and 42%.", [("PFS_rate", 61, 12), ("PFS_rate", 42, 24)]),
    # a date and a follow-up before a timed rate are no timepoints of it
    ("At a median follow-up of 54.9 months and a data cutoff of July 5, 2024, the 5-year PFS rate was 64.9%.",
     [("median_follow_up", 54.9, None), ("PFS_rate", 64.9, 60)]),
    # a comma before words is a clause, not a list: the second value is the comparator's
    ("仑伐替尼的中位总生存期为13.6个月，非劣于索拉非尼的12.3个月。", [("mOS", 13.6, None), ("mOS", 12.3, None)]),
])
def test_value_lists_and_lead_timepoints(text, want):
    res = analyze(document_from_text(text))
    assert [(r.endpoint, r.value, r.timepoint) for r in res.records] == want


def test_comparison_inside_a_clause_and_scheme_words_of_a_named_regimen():
    """"a显著高于对照组的b": the second value is the compared group's; "CHOP化疗方案" is the CHOP
    regimen however its scheme is worded (方案, 化疗方案, 方案化疗, 化疗)."""
    text = ("将95例DLBCL患者分为两组，观察组采取利妥昔单抗联合CHOP化疗方案治疗，对照组则给予CHOP方案化疗。"
            "观察组总缓解率86.00%(43/50)显著高于对照组的62.22%(28/45)。")
    res = analyze(document_from_text(text))
    chop = ["cyclophosphamide", "doxorubicin", "vincristine", "prednisone"]
    rates = [(r.value, r.arm, r.arm_label, r.comparator_value) for r in res.records if r.endpoint == "ORR"]
    assert rates == [(86.0, ["rituximab", *chop], "观察组", 62.22), (62.22, chop, "对照组", 86.0)]
    assert {e.text for e in res.entities if e.label == "REGIMEN"} >= {"CHOP化疗方案", "CHOP方案化疗"}


def test_chinese_counts_in_persons():
    """位/人 count patients like 例/名 ("218位病患", "实验组108人"); 万人 of an incidence is no count."""
    got = records("该三期临床试验共完成218位病患收案，其中实验组108人、对照组110人。")
    assert [(c, v, label) for c, v, _, _, label in got] == [
        ("n_patients", 218, None), ("n_patients", 108, "实验组"), ("n_patients", 110, "对照组")]
    assert [c for c, *_ in records("我国每10万人中约有30万人发病，中位OS为10个月。")] == ["mOS"]


@pytest.mark.parametrize("text,want", [
    ("Common grade 3/4 AEs in the ripretinib cohort included anemia (9%; n=8) and abdominal pain (7%; n=6).",
     [(9, "anemia", "3-4"), (7, "abdominal pain", "3-4")]),
    ("Grade ≥3 AEs: neutropenia (28.7% vs. 35.6%), anemia (13.9% vs. 13.7%).",
     [(28.7, "neutropenia", ">=3"), (35.6, "neutropenia", ">=3"), (13.9, "anemia", ">=3"), (13.7, "anemia", ">=3")]),
    ("The most common adverse events during treatment were nausea (53.9% of the patients).", [(53.9, "nausea", None)]),
    ("同期組恶心嘔吐的發生率明顯高於誘導組(10%vs1.6%,P=0.004)。", [(10, "恶心嘔吐", None), (1.6, "恶心嘔吐", None)]),
    # a condition of the population, not an event of the treatment
    ("Patients with hypertension were excluded; the ORR was 30%.", []),
])
def test_named_adverse_events_are_rates_of_that_event(text, want):
    """A named adverse event (patterns/adverse_events.json) triggers AE_rate, and the record names
    the event as written in the text (traditional characters kept)."""
    res = analyze(document_from_text(text))
    got = [(r.value, r.event, r.grade) for r in res.records if r.endpoint == "AE_rate"]
    assert got == want


def test_endpoint_list_with_glosses():
    """"中位无疾病进展生存(PFS)时间及总生存(OS)时间分别为a和b": each gloss names the endpoint of its
    own list item, so the two values are PFS and OS, not two of one."""
    got = records("结果 共纳入晚期转移肾癌患者58例,中位无疾病进展生存(PFS)时间及总生存(OS)时间分别为8.0月和29.0月。")
    assert [(c, v) for c, v, *_ in got] == [("n_patients", 58), ("mPFS", 8.0), ("mOS", 29.0)]


def test_bare_numbers_listed_before_their_unit():
    """"were 5, 4, and 5 months, respectively" after "for the A, B, and C regimens": the endpoint
    waits across the names' commas, and the listed numbers share the last one's unit."""
    got = records("The mPFS rates for the AS, AG, and FOLFIRINOX regimens were 5, 4, and 5 months, respectively.")
    assert [(c, v, u) for c, v, u, *_ in got] == [("mPFS", 5, "month"), ("mPFS", 4, "month"), ("mPFS", 5, "month")]
    # a grade between a generic mention and the rate it qualifies stays with the rate
    res = analyze(document_from_text("在不良事件方面, 试验组患者耐受性更好, 3级及以上不良事件发生率更低[28.9%(13/45)vs. 55.6%(15/27)]。"))
    assert [(r.value, r.grade) for r in res.records if r.endpoint == "AE_rate"] == [(28.9, ">=3"), (55.6, ">=3")]


def test_randomised_total_before_its_arms_is_the_whole_cohort():
    """"we randomly assigned (in a 2:1 ratio) 616 patients … to receive A plus either B or placebo":
    the count is the trial's cohort (arm []), the bracket between cue and count notwithstanding."""
    got = records("In this phase 3 trial, we randomly assigned (in a 2:1 ratio) 616 patients with NSCLC to receive "
                  "pemetrexed and a platinum-based drug plus either pembrolizumab or placebo every 3 weeks.")
    assert got[0][:2] == ("n_patients", 616) and got[0][3] == ()


def test_arm_counts_after_a_randomised_total_keep_their_arms():
    got = records("Overall, 685 patients were randomized to durvalumab (n=341) or placebo (n=344) with chemotherapy.")
    assert [(v, arm, label) for c, v, _, arm, label in got] == [
        (685, (), None), (341, ("durvalumab",), None), (344, (), "placebo")]


def test_two_drugs_before_a_plural_group_noun_are_two_arms():
    """"in the fulvestrant and anastrozole arms were arthralgia (16.7% vs 10.3%)": two arms, not a
    combination; the pair takes one each. Without the plural noun "A and B" stays a combination."""
    res = analyze(document_from_text("The most commonly reported adverse events in the fulvestrant and anastrozole "
                                     "arms were arthralgia (16.7% vs 10.3%)."))
    assert [(r.value, r.arm, r.comparator) for r in res.records] == [
        (16.7, ["fulvestrant"], ["anastrozole"]), (10.3, ["anastrozole"], ["fulvestrant"])]
    res = analyze(document_from_text("Patients received fulvestrant and anastrozole; the ORR was 30%."))
    assert [r.arm for r in res.records] == [["fulvestrant", "anastrozole"]]


def test_an_abbreviation_after_an_english_gloss_is_the_same_endpoint() -> None:
    # zh_012: "中位无进展生存时间(median progress-free survival, mPFS)和中位总生存时间(median overall
    # survival, mOS)分别为8.2 mo和20.9 mo" (the gloss misspelt, so only the abbreviation names it)
    text = (Path(__file__).resolve().parent.parent / "corpus" / "real" / "zh_012.txt").read_text(encoding="utf-8")
    got = {(r[0], r[1]) for r in records(text) if r[1] in (8.2, 20.9)}
    assert got == {("mPFS", 8.2), ("mOS", 20.9)}


@pytest.mark.parametrize("sentence", [
    "We report updated efficacy after 44.0 months of median survival follow-up.",
    "At a median observation time of 44.0 months, PFS remained superior.",
    "Median duration of OS follow-up: 44.0 months.",
    "Efficacy was maintained (44.0 months median study follow-up).",
    "中位追蹤時間為44.0個月。",
])
def test_follow_up_in_the_words_real_reports_use(sentence: str) -> None:
    got = [(r[0], r[1]) for r in records(sentence)]
    assert ("median_follow_up", 44.0) in got and ("mOS", 44.0) not in got


def test_a_list_word_far_from_the_last_endpoint_lists_nothing() -> None:
    # en_024: "… as well as progression-free survival, to the chemotherapy alone group in patients with
    # tumours that had a PD-L1 combined positive score (CPS) of five or more after a median follow-up of
    # 13.1 and 11.1 months, respectively."
    text = ("The nivolumab plus chemotherapy group showed superior overall survival (HR 0.71, 98.4% CI "
            "0.59–0.86, P < 0.0001), as well as progression-free survival, to the chemotherapy alone group "
            "in patients with tumours that had a PD-L1 combined positive score (CPS) of five or more after "
            "a median follow-up of 13.1 and 11.1 months, respectively.")
    got = {(r[0], r[1]) for r in records(text)}
    assert ("median_follow_up", 13.1) in got and ("median_follow_up", 11.1) in got
    # en_034: the list word after a ratio's qualifier still lists the next ratio
    text = ("The HR for progression-free survival benefit and the odds ratio for overall response rate "
            "increase were 0.78 (95% CI 0.66-0.93) and 1.50 (95% CI 1.22-1.83), respectively.")
    got = {(r[0], r[1]) for r in records(text)}
    assert ("HR", 0.78) in got and ("OR", 1.5) in got


@pytest.mark.parametrize("sentence", [
    "另外,使用聯合治療比使用單藥標靶的死亡風險低21%。",
    "PFS: 13.3 vs 4.4 mo - HR 0.49, P<0.0001 (21% risk reduction).",
])
def test_risk_reductions_written_the_short_way(sentence: str) -> None:
    assert ("risk_reduction", 21.0) in {(r[0], r[1]) for r in records(sentence)}


@pytest.mark.parametrize("sentence, absent", [
    ("The time from randomisation to second disease progression or death (PFS2) was 16.9 months for "
     "olaparib compared with 9.3 months for placebo.", ("mPFS", 16.9)),
    ("Median follow-up was 39.2 months (interquartile range [IQR] = 31.9–45.8 months).", ("median_follow_up", 31.9)),
    ("The findings confirmed the primary analysis of PFS at 2 years of follow-up.", ("median_follow_up", 2.0)),
])
def test_what_real_reports_print_beside_results_is_no_result(sentence: str, absent: tuple[str, float]) -> None:
    assert absent not in {(r[0], r[1]) for r in records(sentence)}


def test_a_one_study_report_gives_its_one_line_to_every_value() -> None:
    text = ("In this phase 3 trial, patients with previously untreated advanced gastric cancer were randomly "
            "assigned to zolbetuximab plus mFOLFOX6 or placebo plus mFOLFOX6.\n\n"
            "Results\nMedian overall survival was 18.2 months versus 15.5 months (HR 0.75).")
    doc = document_from_text(text)
    lines = {(r.endpoint, r.value): r.line for r in analyze(doc).records}
    assert lines[("mOS", 18.2)] == "first" and lines[("HR", 0.75)] == "first"


def test_two_lines_named_leave_each_value_its_own() -> None:
    text = ("After failure of first-line sorafenib, patients were randomly assigned to regorafenib or placebo.\n\n"
            "Median overall survival was 10.6 months versus 7.8 months (HR 0.63). In a first-line cohort "
            "treated with lenvatinib, the ORR was 24%.")
    lines = {(r.endpoint, r.value): r.line for r in analyze(document_from_text(text)).records}
    assert lines[("ORR", 24.0)] == "first" and lines[("mOS", 10.6)] != "first"


def test_the_one_trial_a_document_names_is_every_values_trial() -> None:
    # en_040 (SUNLIGHT): the trial is named in the first paragraph, the results come paragraphs later
    text = (Path(__file__).resolve().parent.parent / "corpus" / "real" / "en_040.txt").read_text(encoding="utf-8")
    res = analyze(document_from_text(text))
    assert {r.trial for r in res.records if r.endpoint == "mOS"} == {"SUNLIGHT"}


def test_two_named_trials_give_no_document_trial() -> None:
    text = ("The KEYNOTE-189 and IMpower150 trials changed practice.\n\nIn a separate cohort, the median OS "
            "was 12.1 months.")
    assert [r.trial for r in analyze(document_from_text(text)).records if r.endpoint == "mOS"] == [None]


@pytest.mark.parametrize("sentence, want", [
    # en_074: a rate's value written before it, after an article
    ("The ORR in the CP arm was 55.1%, which comprised a 45.5% partial response (PR) rate and a 9.6% "
     "complete response (CR) rate.", {("ORR", 55.1), ("PR_rate", 45.5), ("CR_rate", 9.6)}),
    # en_080: the endpoint a ratio is of, glossed in brackets, is no new endpoint
    ("At a median follow-up of 41.9 months, the hazard ratio for progression-free survival (PFS) was 0.72 "
     "(95% CI, 0.59-0.87).", {("median_follow_up", 41.9), ("HR", 0.72)}),
    # zh_085: 无疾病进展生存率 is a PFS rate, not an OS rate
    ("所有应用贝伐单抗治疗的患者6月无疾病进展生存率为84.5%(95%CI:78.1~89.3)。", {("PFS_rate", 84.5)}),
    # en_078: outcomes named without "rate"
    ("Clinical benefit was observed in 86% of the patients receiving dabrafenib plus trametinib; an overall "
     "response occurred in 47% of them.", {("CBR", 86.0), ("ORR", 47.0)}),
])
def test_endpoint_words_real_reports_use(sentence: str, want: set[tuple[str, float]]) -> None:
    assert {(r[0], r[1]) for r in records(sentence)} == want


def test_dose_qualified_arms_and_arms_named_through_those_treated():
    # en_179 (MM-003): "pomalidomide plus low-dose dexamethasone compared to high-dose
    # dexamethasone among patients in whom bortezomib and lenalidomide treatment had failed"
    text = ("The trial compared lenvatinib plus low-dose everolimus with high-dose everolimus in patients "
            "in whom sunitinib and pazopanib treatment had failed. Median PFS was 14.6 versus 5.5 months "
            "(HR 0.40). The response rate was higher in patients treated with lenvatinib plus low-dose "
            "everolimus than in those treated with high-dose everolimus (43% versus 6%). Median OS of "
            "patients treated with lenvatinib plus low-dose everolimus or high-dose everolimus was "
            "25.5 versus 15.4 months.")
    got = {(e, v): arm for e, v, _, arm, _ in records(text)}
    combo, mono = ("lenvatinib", "everolimus"), ("everolimus",)
    assert got[("mPFS", 14.6)] == combo and got[("mPFS", 5.5)] == mono
    assert got[("HR", 0.40)] == combo
    assert got[("ORR", 43.0)] == combo and got[("ORR", 6.0)] == mono
    assert got[("mOS", 25.5)] == combo and got[("mOS", 15.4)] == mono


def test_a_chinese_dose_word_joins_the_regimen():
    got = records("观察组采用硼替佐米联合小剂量地塞米松治疗,ORR为72.5%。")
    assert [set(arm) for e, v, _, arm, _ in got if (e, v) == ("ORR", 72.5)] == [{"bortezomib", "dexamethasone"}]


def test_a_second_pair_in_the_sentence_keeps_the_arms_of_the_first():
    # en_172 (DeLLphi-304 subgroups): "For patients who had previously received anti-PD-(L)1
    # agents, the median OS was 14.1 months for tarlatamab versus 8.3 months for chemotherapy,
    # with 12-month OS rates of 53% versus 36%"; written here about another trial
    text = ("Among patients who had previously received bevacizumab, median PFS was 7.2 months for "
            "regorafenib versus 3.1 months for placebo, with 6-month PFS rates of 48% versus 21% "
            "(HR 0.43); in the other patients the median was 5.0 months.")
    got = {(e, v): (arm, label) for e, v, _, arm, label in records(text)}
    assert got[("mPFS", 7.2)] == (("regorafenib",), None) and got[("mPFS", 3.1)] == ((), "placebo")
    assert got[("PFS_rate", 48.0)] == (("regorafenib",), None)
    assert got[("PFS_rate", 21.0)] == ((), "placebo")
    assert got[("HR", 0.43)] == (("regorafenib",), None)
    # a prior drug named with "previously received" is no arm
    assert all("bevacizumab" not in arm for arm, _ in got.values())


def test_three_chinese_groups_named_by_modality():
    # zh_182: "同步放化疗组为91.6%,高于序贯放化疗组(65.1%)和单纯放疗组(46.1%)" -- written anew
    text = "结果:1年生存率同步放化疗组为80.0%,高于序贯放化疗组(62.5%)和单纯放疗组(41.7%)。"
    got = {(e, v): label for e, v, _, _, label in records(text)}
    assert got == {("OS_rate", 80.0): "同步放化疗组", ("OS_rate", 62.5): "序贯放化疗组",
                   ("OS_rate", 41.7): "单纯放疗组"}


@pytest.mark.parametrize("text", [
    # en_182: "cetuximab (CTX) added to the concurrent therapy of weekly paclitaxel/carboplatin (PC)"
    "Panitumumab (PmAb) added to the concurrent therapy of weekly cisplatin gave a 2-year OS rate of 68%.",
    "The addition of panitumumab to cisplatin gave a 2-year OS rate of 68%.",
])
def test_a_drug_added_to_a_backbone_is_one_arm(text):
    got = [(e, v, set(arm)) for e, v, _, arm, _ in records(text)]
    assert got == [("OS_rate", 68.0, {"panitumumab", "cisplatin"})]


@pytest.mark.parametrize("text, arm", [
    # en_311: "patients treated with retifanlimab in combination with carboplatin and paclitaxel
    # (n = 154) experienced a median PFS of 9.3 months" -- written anew with another drug
    ("Patients treated with cabozantinib experienced a median PFS of 7.4 months.", ("cabozantinib",)),
    ("Patients given cabozantinib experienced an objective response rate of 18%.", ("cabozantinib",)),
    # the adjective stays a prior treatment
    ("In sorafenib experienced patients, cabozantinib gave a median PFS of 5.2 months.", ("cabozantinib",)),
])
def test_experienced_with_an_object_is_the_verb_not_a_prior_treatment(text, arm):
    assert [a for _, _, _, a, _ in records(text)] == [arm]


def test_the_drug_added_names_the_arm_and_the_backbone_the_control():
    # en_182: "The addition of cetuximab to weekly paclitaxel/carboplatin …"; en_311 (POD1UM-303):
    # "The addition of retifanlimab (Zynyz) to carboplatin and paclitaxel …", later "the retifanlimab
    # arm" and "the placebo arm" -- written anew with another trial
    text = ("The addition of durvalumab to gemcitabine and cisplatin improved overall survival in the "
            "phase 3 TOPAZ-1 trial. The median OS was 12.8 months in the durvalumab arm and 11.5 months "
            "in the placebo arm (HR 0.80).")
    got = {(e, v): (set(arm), label) for e, v, _, arm, label in records(text)}
    assert got[("mOS", 12.8)] == ({"durvalumab", "gemcitabine", "cisplatin"}, None)
    assert got[("mOS", 11.5)] == ({"gemcitabine", "cisplatin"}, "placebo arm")
    assert got[("HR", 0.8)] == ({"durvalumab", "gemcitabine", "cisplatin"}, None)


@pytest.mark.parametrize("text", [
    # en_075: "(EV+P) doubles median overall survival compared to platinum-based chemotherapy (31.5 vs 16.1 months"
    "Sacituzumab govitecan improved median OS compared with single-agent chemotherapy (12.1 vs 6.7 months).",
    "Sacituzumab govitecan improved median OS versus physician's choice of chemotherapy (12.1 vs 6.7 months).",
    "Sacituzumab govitecan improved median OS compared with taxane-based chemotherapy (12.1 vs 6.7 months).",
])
def test_a_qualified_control_after_the_comparison_word(text):
    got = {v: (arm, label) for e, v, _, arm, label in records(text) if e == "mOS"}
    assert got[12.1][0] == ("sacituzumab govitecan",)
    assert got[6.7] == ((), "chemotherapy")


def test_test_statistics_are_no_values_and_later_groups_keep_their_clause():
    # zh_121: "NCRT组的MPR率和pCR率分别为66.4%(91/137)和35.8%(49/137),NCT组分别为…,NICT组分别为…
    # (χ2=1.67, P < 0.001)" -- written anew with other groups and endpoints
    text = ("结果 A组的ORR和DCR分别为52.0%和80.0%,B组分别为31.5%和66.7%,C组分别为40.2%和71.3%"
            "(χ2=6.12, P=0.047)。")
    got = {(e, v): label for e, v, _, _, label in records(text) if e != "n_patients"}
    assert got == {("ORR", 52.0): "A组", ("DCR", 80.0): "A组", ("ORR", 31.5): "B组", ("DCR", 66.7): "B组",
                   ("ORR", 40.2): "C组", ("DCR", 71.3): "C组"}
    assert not [r for r in records("两组比较差异有统计学意义(x2=4.20, t=2.31, F=3.2, P<0.05)。")]


def test_adverse_events_named_in_a_list_are_rates():
    # en_085: "The most frequent side effects (>=20%) in BVd included reduced visual acuity (89%),
    # thrombocytopenia (87%), corneal examination findings (86%), blurred vision (66%), dry eye (51%)"
    text = ("The most common adverse events with mirvetuximab were blurred vision (41%), keratopathy (32%), "
            "dry eye (25%), headache (14%) and dysphagia (6%).")
    got = [(e, v) for e, v, *_ in records(text)]
    assert got == [("AE_rate", 41.0), ("AE_rate", 32.0), ("AE_rate", 25.0), ("AE_rate", 14.0), ("AE_rate", 6.0)]
    # a symptom score that improved is no adverse event (en_061's EORTC QLQ-LC13 cough item)
    assert not records("More patients reported improvement in cough (16% vs 9%) on the EORTC QLQ-LC13.")


def test_rates_with_their_intervals_at_timepoints_for_two_arms():
    # en_193 (EORTC-NCIC glioblastoma, Lancet middle dots): "Overall survival was 27·2% (95% CI
    # 22·2-32·5) at 2 years, 16·0% (12·0-20·6) at 3 years, … with temozolomide, versus 10·9%
    # (7·6-14·8), 4·4% (2·4-7·2), …" -- written anew for another trial
    text = ("Progression-free survival was 41.5% (95% CI 35.1-47.8) at 1 year and 18.2% (13.6-23.3) at "
            "2 years with olaparib, versus 20.4% (15.2-26.1) and 7.9% (4.8-12.0) with placebo.")
    got = {(e, v): (arm, label) for e, v, _, arm, label in records(text)}
    assert set(got) == {("PFS_rate", 41.5), ("PFS_rate", 18.2), ("PFS_rate", 20.4), ("PFS_rate", 7.9)}
    assert got[("PFS_rate", 18.2)] == (("olaparib",), None) and got[("PFS_rate", 7.9)] == ((), "placebo")
    doc = analyze(document_from_text(text))
    r = next(r for r in doc.records if r.value == 18.2)
    assert (r.timepoint, r.ci_low, r.ci_high) == (24, 13.6, 23.3)  # the bracket is its interval, no value


@pytest.mark.parametrize("text,want", [
    # zh_188 (meta-analysis): "6个月(RR=0.44,95% CI:0.37~0.52, P<0.001)"; the same with OR in English
    ("与对照组相比,联合组的12个月总生存率更高(RR=0.86,95% CI:0.74~0.99,P=0.03)。", [("RR", 0.86)]),
    ("Smoking was associated with response (OR 1.50, 95% CI 1.22-1.83).", [("OR", 1.5)]),
    # an "RR" with a percentage is a response rate (zh_158's "有效率rr=98.2%")
    ("有效率RR=98.2%。", [("ORR", 98.2)]),
    # en_197: "The median duration of survival was 40 weeks in the NVB-P arm"
    ("The median duration of survival was 44 weeks with vinorelbine.", [("mOS", 44.0)]),
])
def test_ratio_abbreviations_with_an_interval_and_survival_durations(text, want):
    assert [(e, v) for e, v, *_ in records(text)] == want


def test_a_rate_name_keeps_its_bracketed_abbreviation_out():
    # zh_195: "化療組與單純手術組3 年總生存率(OS)分別為80.1%、70.1%" -- written anew
    got = records("试验组与对照组2年总生存率(OS)分别为76.4%、61.2%(P=0.01),2年无进展生存率(PFS)分别为58.0%、42.5%。")
    assert [(e, v, label) for e, v, _, _, label in got] == [
        ("OS_rate", 76.4, "试验组"), ("OS_rate", 61.2, "对照组"), ("PFS_rate", 58.0, "试验组"), ("PFS_rate", 42.5, "对照组")]
    # the spelled-out median keeps its abbreviation's reading
    assert [(e, v) for e, v, *_ in records("中位总生存期(OS)为18.5个月。")] == [("mOS", 18.5)]
    # zh_059: the bracket inside the rate's name ("无进展生存(PFS)率")
    got = records("全组患者1、2、3年总生存(OS)率和无进展生存(PFS)率分别为88.0%、60.5%、52.9%和63.4%、33.0%、30.0%。")
    assert [(e, v) for e, v, *_ in got] == [("OS_rate", 88.0), ("OS_rate", 60.5), ("OS_rate", 52.9),
                                            ("PFS_rate", 63.4), ("PFS_rate", 33.0), ("PFS_rate", 30.0)]


def test_a_regimens_bracketed_schedule_names_no_arm_of_its_own():
    # zh_186: "接受吉西他滨联合替吉奥方案(第1、8天吉西他滨1000 mg/m2静脉滴注30 min;第1~14天口服替吉奥
    # 40~60 mg/次…)一线治疗" -- written anew for another regimen
    text = ("方法 回顾性分析接受卡铂联合依托泊苷方案(第1天卡铂AUC 5静脉滴注;第1~3天依托泊苷100 mg/m2)治疗的患者。"
            "结果 48例患者纳入分析,客观缓解率为52%,中位总生存期10.5个月。")
    got = {(e, v): set(arm) for e, v, _, arm, _ in records(text)}
    assert got[("ORR", 52.0)] == {"carboplatin", "etoposide"} and got[("mOS", 10.5)] == {"carboplatin", "etoposide"}


def test_whole_cohort_counts_and_counts_inside_a_bracket_of_arms():
    # en_079: "Researchers studied 523 patients …" in a trial of two arms; en_047: "Overall, 770 patients
    # (NALIRIFOX, n=383; Gem+NabP, n=387) were included" -- written anew
    text = ("Patients were randomised to ibrutinib plus rituximab (IR) or placebo plus rituximab (PR). "
            "Researchers studied 280 patients at 40 sites. Overall, 280 patients (IR, n=141; PR, n=139) were "
            "included. Median PFS was 38.2 months with IR versus 11.8 months with PR.")
    got = [(v, arm, label) for e, v, _, arm, label in records(text) if e == "n_patients"]
    assert got[0][:2] == (280.0, ()) and got[1][:2] == (280.0, ())
    assert set(got[2][1]) == {"ibrutinib", "rituximab"} and got[2][0] == 141.0
    assert got[3][0] == 139.0 and set(got[3][1]) <= {"rituximab"}


def test_a_group_label_owns_the_count_in_its_bracket():
    got = [(v, label) for e, v, _, _, label in records("共纳入240例患者,其中单纯手术组(118例)与辅助化疗组(122例)。")]
    assert got == [(240.0, None), (118.0, "单纯手术组"), (122.0, "辅助化疗组")]


def test_counts_of_a_clinical_grading_are_no_group_sizes():
    # zh_205: "参照组总有效率为80.00%,其中7例无效, 10例有效, 18例显效" -- written anew
    got = records("结果 观察组总有效率为91.43%,其中3例无效, 12例有效, 20例显效。")
    assert [(e, v) for e, v, *_ in got] == [("ORR", 91.43)]


def test_arms_named_by_their_number_of_drugs():
    # en_205 (CANDOR): "the triplet therapy reduced the risk … PFS was 15.8 months for the doublet therapy";
    # en_202 (IMforte): "with the doublet … with the monotherapy" -- written anew
    text = ("Patients were randomised to isatuximab, pomalidomide and dexamethasone or pomalidomide and "
            "dexamethasone. Median PFS was 11.5 months with the triplet therapy versus 6.5 months with the "
            "doublet therapy.")
    got = {(e, v): set(arm) for e, v, _, arm, _ in records(text)}
    assert got[("mPFS", 11.5)] == {"isatuximab", "pomalidomide", "dexamethasone"}
    assert got[("mPFS", 6.5)] == {"pomalidomide", "dexamethasone"}
    text = ("Patients received lurbinectedin plus atezolizumab or atezolizumab alone. Median PFS was 5.4 "
            "months with the doublet versus 2.1 months with the monotherapy.")
    got = {(e, v): (set(arm), label) for e, v, _, arm, label in records(text)}
    assert got[("mPFS", 5.4)] == ({"lurbinectedin", "atezolizumab"}, "doublet")
    assert got[("mPFS", 2.1)] == ({"atezolizumab"}, "monotherapy")


def test_persons_counted_with_wei_and_rankings_that_are_no_counts():
    # zh_208: "共分析65位多型性膠狀母細胞瘤病患…第一組病患(27位)…第二組病患(24位)" -- written anew
    got = [(e, v) for e, v, *_ in records("共收治88位鼻咽癌病患,其中治療組(45位)、對照組(43位)。")]
    assert got == [("n_patients", 88.0), ("n_patients", 45.0), ("n_patients", 43.0)]
    # a ranking is no group: "居第11位", "位居前5位"; nor the sexes of a cohort
    assert not records("恶性淋巴瘤在恶性肿瘤中居第11位,死亡率位居前5位。")
    assert [v for _, v, *_ in records("248位研究對象中,男性有147位、女性有101位。")] == [248.0]


def test_each_list_belongs_to_the_arm_named_after_it():
    # en_164: "…were neutropenia (88.4%), anaemia (49.3%), and febrile neutropenia (36.2%) for AI and
    # neutropenia (79.5%) and febrile neutropenia (17.8%) for GD" -- written anew
    text = ("Patients received cisplatin plus pemetrexed (CP) or carboplatin plus paclitaxel (CT). Grade 3-4 "
            "events were anaemia (12%) and neutropenia (21%) for CP and neutropenia (44%), thrombocytopenia "
            "(9%) and rash (3%) for CT.")
    got = {v: set(arm) for e, v, _, arm, _ in records(text)}
    assert got[12.0] == got[21.0] == {"cisplatin", "pemetrexed"}
    assert got[44.0] == got[9.0] == got[3.0] == {"carboplatin", "paclitaxel"}
    # a comparison between the value and the arm is no list it closes
    got = {v: set(arm) for e, v, _, arm, _ in records(
        "At a median follow-up of 33.6 months, PFS was higher with ibrutinib-rituximab (89.4%) than with chemotherapy (72.9%).")}
    assert got[33.6] == set()


@pytest.mark.parametrize("text,want", [
    # en_100: "28.8 per cent survived for at least five years, compared with just 16.3 per cent who received
    # only gemcitabine"; en_044: "almost 10% of patients treated with the combination therapy were alive
    # after five years, compared with 2% of patients treated with radiation alone" -- written anew
    ("Of those given FOLFIRINOX, 39.1 per cent survived for at least three years, compared with 21.6 per cent "
     "who received gemcitabine.", [("OS_rate", 39.1), ("OS_rate", 21.6)]),
    ("About 15% of patients treated with nivolumab plus ipilimumab were alive after five years, compared with "
     "6% of patients treated with chemotherapy.", [("OS_rate", 15.0), ("OS_rate", 6.0)]),
])
def test_shares_of_patients_surviving_or_alive(text, want):
    assert [(e, v) for e, v, *_ in records(text)] == want


def test_rates_named_by_a_pronoun_take_the_survival_named_before():
    # en_171: "…in the monotherapy arm, these respective rates were 72%, 51%, and 41%"; en_089/en_059:
    # "Median OS was … In a post hoc landmark analysis, rates at 12, 24, and 36 months were 77% vs 61%, …"
    text = ("The 1- and 2-year PFS rates in the combination arm were 71% and 48%, respectively; in the "
            "control arm, these respective rates were 55% and 30%.")
    assert [(e, v) for e, v, *_ in records(text)] == [
        ("PFS_rate", 71.0), ("PFS_rate", 48.0), ("PFS_rate", 55.0), ("PFS_rate", 30.0)]
    text = ("Median DFS was 40.2 months with A versus 30.1 months with B. In a landmark analysis, rates at 12 "
            "and 24 months were 81% vs 70% and 64% vs 55%.")
    got = [(e, v) for e, v, *_ in records(text)]
    assert got[2:] == [("DFS_rate", 81.0), ("DFS_rate", 70.0), ("DFS_rate", 64.0), ("DFS_rate", 55.0)]
    # "the rates of" an event name that event, not the survival before
    assert not [e for e, *_ in records("Median OS was 12.0 months. The rates of grade 3 rash were 5% and 7%.")
                if e == "OS_rate"]


def test_an_english_rate_name_with_its_abbreviation_inside():
    # zh_214's English abstract: "The 1-, 3-, and 5-year overall survival (OS) rates were 83.3%, 42.7% and 35.1%"
    got = records("The 1- and 2-year progression-free survival (PFS) rates were 61.2% and 40.8%, respectively.")
    assert [(e, v) for e, v, *_ in got] == [("PFS_rate", 61.2), ("PFS_rate", 40.8)]


def test_women_and_men_are_counted_patients():
    # en_217 (NSABP B-32): "5,611 women with operable … breast cancer were randomized" -- written anew
    got = [(e, v) for e, v, *_ in records("A total of 1,204 men with metastatic prostate cancer were randomized.")]
    assert got == [("n_patients", 1204.0)]


def test_the_number_of_a_group_is_no_value():
    # en_217: "… 96.4% in Group 1 and 95.0% in Group 2"; "HR values > 1 indicate … in Group 1"
    got = records("The 5-year OS rate was 96.4% in Group 1 and 95.0% in Group 2 (HR 1.20).")
    assert [(e, v, label) for e, v, _, _, label in got] == [
        ("OS_rate", 96.4, "Group 1"), ("OS_rate", 95.0, "Group 2"), ("HR", 1.2, "Group 1")]


def test_the_count_of_an_arm_of_the_investigators_choice():
    # en_213: "nivolumab … (n=210) or investigator's choice of chemotherapy with paclitaxel or docetaxel (n=209)"
    got = [(v, arm) for e, v, _, arm, _ in records(
        "Patients were randomised to cabozantinib (n=330) or investigator's choice of everolimus or axitinib (n=328).")]
    assert got == [(330.0, ("cabozantinib",)), (328.0, ("everolimus/axitinib",))]


def _full(text: str):  # type: ignore[no-untyped-def]
    return analyze(document_from_text(text)).records


def test_a_rate_printed_with_its_standard_error():
    # zh_228 (RD199): "预期5年OS率分别为(94.0±3.0)%、(95.0±4.0)%…" -- written anew
    got = [(r.endpoint, r.value, r.unit) for r in _full("A组、B组患者的3年OS率分别为(81.5±4.2)%、(66.0±5.1)%。")]
    assert got == [("OS_rate", 81.5, "%"), ("OS_rate", 66.0, "%")]
    got = [(r.endpoint, r.value) for r in _full("The 5-year OS rate was 72.4%±3.1% in the whole cohort.")]
    assert got == [("OS_rate", 72.4)]  # the spread after "±" is no value
    # zh_374: spaces inside the bracket ("( 87.3 ± 2.4 ) %") left the rate unread
    got = [(r.endpoint, r.value, r.timepoint) for r in _full("With a median follow-up of 48 months, the 5-year "
                                                            "overall survival (OS) rate was ( 87.3 ± 2.4 ) %.")]
    assert ("OS_rate", 87.3, 60.0) in got and not [v for _, v, _ in got if v == 2.4]


def test_a_timepoint_list_joined_by_the_enumeration_comma():
    got = [(r.value, r.timepoint) for r in _full("观察组1、3、5年生存率分别为88.0%、61.5%、40.2%。")]
    assert got == [(88.0, 12.0), (61.5, 36.0), (40.2, 60.0)]
    # zh_107, zh_088: years written 'a' (annus), as Chinese journals print them -- written anew
    got = [(r.value, r.timepoint) for r in _full("全组患者1 a、3 a、5 a生存率分别为80.2%、52.4%和33.0%。")]
    assert got == [(80.2, 12.0), (52.4, 36.0), (33.0, 60.0)]


@pytest.mark.parametrize("text,want", [
    # en_341 (ESCORT-1st): "The 1-year, 2-year, and 3-year OS rates were 62.4% vs 51.7%, 35.9% vs 23.8%, and
    # 25.6% vs 12.8% in …" -- written anew
    ("The 1-year, 2-year, and 3-year PFS rates were 48.1% vs 30.2%, 22.5% vs 10.4%, and 12.0% vs 5.1% in the "
     "nivolumab group and the placebo group, respectively.",
     [(48.1, 12.0), (30.2, 12.0), (22.5, 24.0), (10.4, 24.0), (12.0, 36.0), (5.1, 36.0)]),
    # the comma after another endpoint's value is no part of the list
    ("The median OS was 10.5 months, with 1-year, 3-year, and 5-year survival rates of 45.0%, 18.2%, and 9.9%, "
     "respectively.", [(10.5, None), (45.0, 12.0), (18.2, 36.0), (9.9, 60.0)]),
])
def test_a_timepoint_list_parted_by_commas(text, want):
    assert [(r.value, r.timepoint) for r in _full(text)] == want


@pytest.mark.parametrize("text,first,second", [
    # zh_231: "术后放化组与术后化疗组1、2、3年OS分别为94.2%、76%、70.7%和95.6%、68.4%、53.5%" -- written anew
    ("联合组与单药组1、2、3年OS分别为90.1%、72.3%、60.2%和85.0%、60.7%、41.3%。", "联合组", "单药组"),
    ("The 1-, 2- and 3-year OS rates in the sorafenib and placebo groups were 70%, 45% and 31% and "
     "58%, 30% and 19%, respectively.", "sorafenib", "placebo"),
])
def test_one_run_of_timepoints_per_group(text, first, second):
    recs = _full(text)
    assert [r.timepoint for r in recs] == [12.0, 24.0, 36.0] * 2
    for a, b in zip(recs[:3], recs[3:], strict=True):  # the same timepoint of the two groups is a pair
        assert first in (a.arm_label or "") + " ".join(a.arm) and second in (b.arm_label or "") + " ".join(b.arm)
        assert (a.comparator_value, b.comparator_value) == (b.value, a.value)


@pytest.mark.parametrize("text,want", [
    # zh_232: "ORR与DCR分别为62.5%(5/8)、75.0%(6/8);三线治疗药物时为13.9%(20/144)、67.4%(97/144)" -- written anew
    ("仑伐替尼一线治疗时,ORR与DCR分别为40.0%(8/20)、85.0%(17/20);二线治疗时为25.0%(5/20)、70.0%(14/20)。",
     [("ORR", 40.0), ("DCR", 85.0), ("ORR", 25.0), ("DCR", 70.0)]),
    # the issue's own example: the endpoint carried to a later clause
    ("中位OS在全分析集分别为14.2和11.0个月,在意向治疗集分别为14.0和10.9个月。",
     [("mOS", 14.2), ("mOS", 11.0), ("mOS", 14.0), ("mOS", 10.9)]),
])
def test_the_same_endpoints_again_for_another_subset(text, want):
    assert [(r.endpoint, r.value) for r in _full(text) if r.endpoint != "n_patients"] == want


@pytest.mark.parametrize("text", [
    # an outcome the lexicon does not code is no subset of the endpoint before it (zh_158, zh_193)
    "1、2、3年总的生存率分别为95.3%、90.0%、83.2%;无远处转移率分别为95.8%、89.2%、85.0%。",
    # a clause with another number of values is no repetition of the list
    "A组和B组的ORR分别为40.0%、30.0%,随访中为12.0%。",
])
def test_no_subset_clause(text):
    assert [r.value for r in _full(text)] == [95.3, 90.0, 83.2] if "总的" in text else [40.0, 30.0]


def test_a_pair_after_the_two_arms_the_sentence_named():
    # en_093: "… not reached in the dabrafenib plus trametinib group and 42 months in the placebo group,
    # estimated relapse-free survival rates were 59% vs 40% at 3 years …" -- written anew
    got = [(r.value, tuple(r.arm), r.arm_label) for r in _full(
        "Median DFS was 30.1 months in the nivolumab group and 19.4 months in the placebo group, "
        "and DFS rates were 62% vs 48% at 2 years.") if r.endpoint == "DFS_rate"]
    assert got == [(62.0, ("nivolumab",), None), (48.0, (), "placebo group")]


@pytest.mark.parametrize("text,want", [
    # en_078: "(73 to receive dabrafenib plus trametinib and 37 to receive standard chemotherapy)"
    ("A total of 120 patients underwent randomization (80 to receive osimertinib and 40 to receive placebo).",
     [(120.0, (), None), (80.0, ("osimertinib",), None), (40.0, (), "placebo")]),
    # en_092: "(n = 143, venetoclax; n = 68, placebo)"
    ("Overall, 150 patients were enrolled (n = 100, ivosidenib; n = 50, placebo).",
     [(150.0, (), None), (100.0, ("ivosidenib",), None), (50.0, (), "placebo")]),
])
def test_counts_with_their_arm_after_them(text, want):
    assert [(r.value, tuple(r.arm), r.arm_label) for r in _full(text)] == want


def test_an_acronym_in_brackets_after_its_drugs_and_a_placebo_with_its_own_abbreviation():
    # en_104 (GLOW): "zolbetuximab + capecitabine + oxaliplatin (CAPOX) vs placebo (PBO) + CAPOX" -- written anew
    recs = _full("SPOTLIGHT compared zolbetuximab + leucovorin + fluorouracil + oxaliplatin (mFOLFOX6) "
                 "vs placebo (PBO) + mFOLFOX6: median PFS 10.6 vs 8.7 mo (HR 0.75).")
    got = {(r.value, tuple(sorted(r.arm)), tuple(sorted(r.comparator or []))) for r in recs}
    regimen = ("fluorouracil", "leucovorin", "oxaliplatin")
    assert (10.6, tuple(sorted(("zolbetuximab", *regimen))), regimen) in got
    assert (8.7, regimen, tuple(sorted(("zolbetuximab", *regimen)))) in got
    # an acronym bracketed with a count is the arm's name and keeps its count ("(Ven-Obi, n = 216)")
    recs = _full("Patients were randomized to venetoclax-obinutuzumab (Ven-Obi, n = 216) or "
                 "chlorambucil-obinutuzumab (Clb-Obi, n = 216).")
    assert [sorted(r.arm) for r in recs if r.endpoint == "n_patients"][:1] == [["obinutuzumab", "venetoclax"]]


@pytest.mark.parametrize("text", [
    # en_203-like: "Grade 3 or 4 treatment-related AEs occurred in 42 patients (49%) receiving ripretinib …"
    "Grade 3 or higher adverse events occurred in 37 patients (41%) in the combination group.",
    # zh: "65例患者中共有12例患者(18.46%)出现肿瘤复发" -- written anew
    "80例患者中共有15例患者(18.75%)出现疾病进展。",
])
def test_patients_with_an_outcome_and_their_share_are_no_group(text):
    assert 37.0 not in [r.value for r in _full(text) if r.endpoint == "n_patients"]
    assert 15.0 not in [r.value for r in _full(text) if r.endpoint == "n_patients"]


def test_a_denominator_with_its_share_stays_a_group():
    got = [r.value for r in _full("Responses were seen in 147 of 190 patients (77.4%).") if r.endpoint == "n_patients"]
    assert 190.0 in got


@pytest.mark.parametrize("text", [
    # en_164-like: "only approximately 13,000 cases are diagnosed annually in the United States" -- written anew
    "About 45,000 new cases of gastric cancer are diagnosed each year in Japan.",
    "研究團隊預計新療法每年可惠及約500名病人。",
])
def test_a_population_is_no_studied_group(text):
    assert [r for r in _full(text) if r.endpoint == "n_patients"] == []


def test_a_worldwide_trial_still_counts_its_patients():
    got = [r.value for r in _full("在全球范围内,患者(211例)按2∶1的比例随机分配接受A药或安慰剂。") if r.endpoint == "n_patients"]
    assert got == [211.0]


def test_median_written_zhongzhi_and_wu_ehua_shengcunqi():
    # zh_236: "總中值存活期為18.7月"; zh_237: "無惡化生存期間中位數" -- written anew
    got = [(r.endpoint, r.value) for r in _full("本組病患之中值存活期為21.3月,無惡化生存期間中位數為9.2個月。")]
    assert got == [("mOS", 21.3), ("mPFS", 9.2)]


@pytest.mark.parametrize("text", [
    # zh_237: "中位數分別為CABOMETYX組11.0 個月/安慰劑組1.9 個月" -- written anew
    "中位无进展生存期分别为仑伐替尼组7.4个月/安慰剂组3.7个月。",
    "中位无进展生存期分别为仑伐替尼组为7.4个月、安慰剂组为3.7个月。",
])
def test_each_value_after_its_own_group_in_a_list(text):
    got = [(r.value, tuple(r.arm), r.arm_label) for r in _full(text)]
    assert got[0][:2] == (7.4, ("lenvatinib",)) and (got[1][0], got[1][1], got[1][2]) == (3.7, (), "安慰剂组")


def test_a_landmark_with_its_unit_first():
    # en_227: "Progression-free survival at month 12 also favored Imfinzi (17.5% vs. 4.7%)" -- written anew
    got = [(r.endpoint, r.value, r.timepoint) for r in _full("Overall survival at Month 24 was 52.3% vs. 40.1%.")]
    assert got == [("OS_rate", 52.3, 24.0), ("OS_rate", 40.1, 24.0)]


@pytest.mark.parametrize("text,want", [
    # en_227: "with 27% less risk of death (hazard ratio = 0.73)"
    ("Treatment with the combination led to 31% less risk of death (HR 0.69).", [("risk_reduction", 31.0), ("HR", 0.69)]),
    # en_235: "The clinical benefit and tumor control rates were 56.3% … and 78.1% …, respectively"
    ("The tumour control rate was 81.2%.", [("DCR", 81.2)]),
])
def test_risk_reduction_and_tumor_control_wordings(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


def test_a_survival_in_percent_after_a_leading_landmark_and_numbers_sharing_the_percent():
    # en_231: "at three years, overall survival was 83 and 77 percent in the darolutamide and placebo
    # groups, respectively" -- written anew
    got = [(r.endpoint, r.value, r.timepoint, tuple(r.arm), r.arm_label) for r in _full(
        "At two years, overall survival was 71 and 64 percent in the apalutamide and placebo groups, respectively.")]
    assert got == [("OS_rate", 71.0, 24.0, ("apalutamide",), None), ("OS_rate", 64.0, 24.0, (), "placebo")]
    # a bare comma before a confidence level joins nothing ("HR=4.259,95%n CI=…", zh_100)
    assert [(r.endpoint, r.value, r.unit) for r in _full("A比B HR=2.31,95% CI=1.10~4.85,P=0.02。")] == [("HR", 2.31, None)]


@pytest.mark.parametrize("text", [
    # en_238: "OS was similar in both arms 400 days after treatment was initiated (86.1% … and 78.5% …)"
    "PFS was similar 200 days after randomisation (60.2% in arm A and 55.0% in arm B).",
    # zh_230: "中位生存期未达(0.23~77.34个月)"; a median not reached has no value
    "中位总生存期未达(1.2~60.5个月)。",
    "Median OS was not reached (0.5-40.1 months).",
    # zh_234: "中药组死亡45例,失访1例": deaths and losses are no group sizes
    "观察组死亡12例,失访2例。",
])
def test_no_duration_or_count_where_there_is_none(text):
    assert [r for r in _full(text) if r.endpoint in {"mOS", "mPFS", "n_patients"}] == []


def test_a_chemotherapy_control_of_alternatives_stays_one_position():
    # en_127 (EV-301): "investigator-chosen chemotherapy (docetaxel, paclitaxel, or vinflunine)" -- written anew
    recs = analyze(document_from_text(
        "Patients were randomly assigned to receive sacituzumab govitecan or chemotherapy (eribulin, capecitabine, "
        "or vinorelbine).\nMedian PFS was longer in the sacituzumab govitecan group than in the chemotherapy group "
        "(5.6 vs. 1.7 months).\n")).records
    ctl = [r for r in recs if r.value == 1.7]
    assert ctl and ctl[0].arm == ["eribulin/capecitabine/vinorelbine"]


def test_a_group_defined_after_its_own_count():
    # zh_170: "诱导化疗组51例,接受以阿糖胞苷为基础的诱导化疗方案;最佳支持治疗组25例,接受羟基脲…" -- written anew
    recs = analyze(document_from_text(
        "靶向组40例,接受安罗替尼治疗;对照组38例,接受多西他赛化疗。靶向组和对照组的中位生存时间分别为9.1个月和6.3个月。")).records
    by = {r.value: r.arm for r in recs if r.endpoint == "mOS"}
    assert by == {9.1: ["anlotinib"], 6.3: ["docetaxel"]}


@pytest.mark.parametrize("text,arm", [
    # en_143: "an estimated 22.2% of patients treated with IMFINZI plus chemotherapy were alive at 24 months
    # versus 14.4% for chemotherapy"; en_121: "More than half (54%) of patients in the osimertinib group
    # were alive at 3 years compared with 44% …" -- written anew
    ("An estimated 31.5% of patients treated with tislelizumab plus chemotherapy were alive at 36 months "
     "versus 20.1% with chemotherapy.", "tislelizumab"),
    ("Nearly half (48%) of patients in the lorlatinib group were alive at 5 years compared with 21% in the "
     "crizotinib group.", "lorlatinib"),
])
def test_shares_alive_after_words_naming_the_patients(text, arm):
    got = [(r.endpoint, r.timepoint) for r in _full(text)]
    assert got[:2] == [("OS_rate", got[0][1])] * 2 and got[0][1] in (36.0, 60.0)
    assert arm in _full(text)[0].arm


@pytest.mark.parametrize("text", [
    # en_182: "The 3-year actuarial overall survival and disease-free survival were 59% and 58%, respectively."
    "The 5-year actuarial overall survival and disease-free survival were 71% and 64%, respectively.",
    "5年总生存率和无病生存率分别为71%和64%。",
])
def test_one_landmark_over_a_list_of_survivals(text):
    assert [(r.endpoint, r.value, r.timepoint) for r in _full(text)] == [("OS_rate", 71.0, 60.0), ("DFS_rate", 64.0, 60.0)]


@pytest.mark.parametrize("text,want", [
    # zh_083: "5年局部无复发生存率、…、远处无转移生存率、无病生存率(DFS)和总生存率(OS)分别为90.8%、…和78.0%" -- written anew
    ("3年远处无转移生存率、无病生存率和总生存率分别为88.1%、70.2%和80.5%。", [("DFS_rate", 70.2), ("OS_rate", 80.5)]),
    ("The 2-year distant metastasis-free survival and overall survival rates were 77% and 85%.", [("OS_rate", 85.0)]),
    # each with its own pair: the uncoded outcome keeps its own values (zh_018)
    ("两组无转移生存率(84.9%vs 83.6%)、无复发生存率(95.0%vs 92.8%)比较差异无统计学意义。",
     [("RFS_rate", 95.0), ("RFS_rate", 92.8)]),
])
def test_an_uncoded_outcome_keeps_its_place_in_a_list(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


@pytest.mark.parametrize("text,want", [
    # en_095 (RD52): "Significant increase in overall survival (64.8% vs. 53.6%; HR 1.5, …)" -- written anew
    ("Significant increase in overall survival (71.2% vs. 60.5%; HR 0.70, 95% CI 0.6 to 0.8)",
     [("OS_rate", 71.2, None), ("OS_rate", 60.5, None), ("HR", 0.70, None)]),
    # en_206: "overall survival (group 1, 75%; group 2, 70%; …)"
    ("There was no difference in overall survival (group 1, 81%; group 2, 79%).",
     [("OS_rate", 81.0, None), ("OS_rate", 79.0, None)]),
])
def test_a_survival_share_with_no_timepoint_printed(text, want):
    assert [(r.endpoint, r.value, r.timepoint) for r in _full(text)] == want


@pytest.mark.parametrize("text", [
    "Interim overall survival data (maturity, 20%) were immature.",
    "OS data remain immature (37% of events).",
    "Overall survival was confounded by 56% crossover.",
])
def test_shares_of_maturity_events_or_crossover_are_no_survival(text):
    assert [r for r in _full(text) if r.endpoint.endswith("_rate")] == []


def test_a_pair_does_not_continue_an_endpoint_across_a_line_break():
    text = ("Significant increase in overall survival (64.8% vs. 53.6%; HR 1.5)\nSecondary outcomes\n"
            "Significant decrease in time to castration resistance (35% vs. 60%; HR 0.36)\n")
    assert [r.value for r in _full(text) if r.endpoint == "OS_rate"] == [64.8, 53.6]


def test_survival_median_written_after_the_word():
    # zh_062: "整體病人存活中位數達30個月" -- written anew
    assert [(r.endpoint, r.value) for r in _full("全組患者生存中位數為14.5個月。")] == [("mOS", 14.5)]


@pytest.mark.parametrize("text,value", [
    # en_085: "Serious side effects of BVd occurred in 50% of patients"; en_097: "Grade ≥3 AE: 44.6% vs 42.9%";
    # en_141: "metabolic (14% 8%) toxicities" -- written anew
    ("Serious side effects occurred in 38% of patients.", 38.0),
    ("Grade ≥3 AE: 51.2% vs 47.0%", 51.2),
    ("Grade 3 toxicities were seen in 22% of patients.", 22.0),
    ("两组副作用发生率分别为20.0%和35.0%。", 20.0),
])
def test_side_effects_and_toxicities_are_adverse_event_rates(text, value):
    assert ("AE_rate", value) in [(r.endpoint, r.value) for r in _full(text)]


def test_counts_that_received_their_arm():
    # en_173: "Of the enrolled patients, 210 received nivolumab and 209 received chemotherapy." -- written anew
    got = [(r.value, tuple(r.arm), r.arm_label) for r in _full(
        "Of the randomized patients, 152 received pembrolizumab and 149 received chemotherapy.")]
    assert got == [(152.0, ("pembrolizumab",), None), (149.0, (), "chemotherapy")]
    assert [r.value for r in _full("The study included 142 adults with desmoid tumors.")] == [142.0]


@pytest.mark.parametrize("text,want", [
    # en_113: "514 randomized pts were evaluable (261 B-R; 253 CHOP-R)" -- written anew
    ("A total of 400 patients were evaluable (201 R-CHOP; 199 R-CVP).", [400.0, 201.0, 199.0]),
    # en_197: "612 patients in this study: 206 on NVB-P, 200 on VDS-P, and 206 on NVB"
    ("The study included 300 patients: 151 on gemcitabine and 149 on capecitabine.", [300.0, 151.0, 149.0]),
    # en_191: "(411 and 416 patients, respectively)"
    ("Patients were randomly assigned to receive A or B (411 and 416 patients, respectively).", [411.0, 416.0]),
    # a list of numerators with their shares stays no group sizes (zh_100)
    ("A组复发转移分别为4、5、11例(57.1%、55.6%、28.2%)。", []),
])
def test_counts_listed_with_their_arms(text, want):
    assert [r.value for r in _full(text) if r.endpoint == "n_patients"] == want


@pytest.mark.parametrize("text", [
    # en_239: "… poor prognosis with a median survival of only 3 to 4 years." -- written anew
    "Pancreatic cancer carries a poor prognosis, with a median survival of only 4 to 6 months.",
    # en_237: "randomized to continue or cease bevacizumab (Part 2)"; zh_235: "其中4名死于…肺炎"
    "Patients were then randomized to continue or stop therapy (Part 2).",
    "12例患者死亡,其中3名死于肺炎。",
])
def test_background_parts_and_deaths_are_no_results(text):
    assert _full(text) == []


def test_a_hedged_median_with_its_treatment_stays():
    assert [(r.endpoint, r.value) for r in _full("Median OS was only 6.1 months with nivolumab.")] == [("mOS", 6.1)]


def test_a_chemo_group_is_the_control():
    # zh_017: "NIVO+chemo组的5年OS率达到了Chemo组的3倍(24% vs 8%)" -- written anew
    recs = _full("KEYNOTE-062研究比较了帕博利珠单抗(PEMBRO)联合化疗(chemo)与单纯化疗。\n"
                 "PEMBRO+chemo组的3年OS率达到了Chemo组的2倍(30% vs 15%)。")
    assert [(r.value, tuple(r.arm), r.arm_label) for r in recs if r.endpoint == "OS_rate"] == [
        (30.0, ("pembrolizumab",), None), (15.0, (), "Chemo组")]


@pytest.mark.parametrize("text,want", [
    # en_230: "… with no patients achieving complete response, however 40% achieving partial response,
    # 27% with stable disease …" -- written anew
    ("No patient achieved a complete response; 35% achieving partial response and 41% with stable disease.",
     [("PR_rate", 35.0), ("SD_rate", 41.0)]),
    ("Overall, 12% of patients achieved a complete response and 30% a partial response.",
     [("CR_rate", 12.0), ("PR_rate", 30.0)]),
    ("ORR was 30% with a median DOR of 8 months.", [("ORR", 30.0), ("mDOR", 8.0)]),
])
def test_shares_achieving_an_outcome(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


def test_the_other_arms_values_in_the_order_of_the_listed_endpoints():
    # zh_240: "术后接受辅助治疗的患者中位TTP(12.8个月)及中位OS(16.9个月)长于未接受辅助治疗的患者(4.6个月,8.7个月)"
    got = [(r.endpoint, r.value, r.comparator_value) for r in _full(
        "联合组的中位PFS(9.5个月)及中位OS(18.2个月)长于单药组(5.1个月,12.4个月)(P<0.05)。")]
    assert sorted(got) == sorted([("mPFS", 9.5, 5.1), ("mOS", 18.2, 12.4), ("mPFS", 5.1, 9.5), ("mOS", 12.4, 18.2)])


def test_two_unnamed_items_respectively_then_the_other_arms_pair():
    # zh_231: "术后放化组的胃肠道、血液学不良反应发生率分别为78.2%和64.5%,高于术后化疗组的41.4%和30.2%" -- written anew
    got = [(r.value, r.arm_label, r.comparator_value) for r in _full(
        "联合组的皮疹、腹泻发生率分别为30.5%和22.1%,高于单药组的12.0%和9.8%。")]
    assert got == [(30.5, "联合组", 12.0), (22.1, "联合组", 9.8), (12.0, "单药组", 30.5), (9.8, "单药组", 22.1)]


@pytest.mark.parametrize("text,want", [
    # en_151: "The hazard ratio … was 0.21 (95% CI 0.15‐0.29; P < .001), 0.24 (95% CI …) and 0.22 (…)"
    ("The hazard ratios versus placebo were 0.31 (95% CI 0.20-0.45; P < .001), 0.44 (95% CI 0.30-0.61) "
     "and 0.52 (95% CI 0.38-0.70).", [0.31, 0.44, 0.52]),
    # en_144: "progression-free survival (PFS) and the hazard ratio (HR) reported was 0.34"
    ("The primary end point was overall survival (OS) and the hazard ratio (HR) reported was 0.41.", [0.41]),
    # zh_038: "死亡風險達34%(0.66 HR)"
    ("疾病進展或死亡風險降低達45%(0.55 HR)。", [45.0, 0.55]),
    # zh_158, a text in lower case: "(hr15.112,95%ci(2.059-110.901)、hr2.748,…)"
    ("临床分期为总生存率的独立影响因素(p=0.014)(hr2.748,95%ci(1.232-6.129))。", [2.748]),
])
def test_hazard_ratio_wordings(text, want):
    assert [r.value for r in _full(text) if r.endpoint in {"HR", "risk_reduction"}] == want


@pytest.mark.parametrize("text,labels", [
    # zh_092: "第一研究内容中,中药组中位无病生存期为42.477个月" (中 here opens the group's name, no lead word)
    ("本研究纳入126例患者,中药组中位无病生存期为38.5个月,对照组为22.1个月(P=0.003)。", ["中药组", "对照组"]),
    ("中危组3年总生存率为78.5%,高危组为52.1%(P<0.001)。", ["中危组", "高危组"]),
    # a lead word before it is still cut: "与中危组" -> "中危组"; "其中观察组" -> "观察组"
    ("高危组3年总生存率为52.1%,低于中危组的78.5%。", ["高危组", "中危组"]),
    ("其中观察组有效率为82.5%,对照组为61.0%。", ["观察组", "对照组"]),
])
def test_a_group_name_that_opens_with_a_lead_character(text, labels):
    assert [r.arm_label for r in _full(text) if r.endpoint != "n_patients"] == labels


def test_a_decimal_point_spaced_by_a_chinese_text_layer():
    # zh_243: "研究组客观缓解率( ORR) 、疾病控制率( DCR) 为65. 12% 、86. 05% ,高于对照组的 35. 71% 、66. 66%
    # ( χ^(2)= 7. 348、4. 435,P = 0. 007、0. 035) 。" -- written anew: the spaced point splits neither the
    # number nor the sentence; statistics and P values listed for the listed endpoints are theirs
    got = [(r.endpoint, r.value, r.arm_label, r.p_value) for r in _full(
        "结果 观察组客观缓解率( ORR) 、疾病控制率( DCR) 为58. 14% 、81. 40% ,高于对照组的 30. 95% 、61. 90% "
        "( χ^(2)= 6. 512、4. 102,P = 0. 011、0. 043) 。")]
    assert got == [("ORR", 58.14, "观察组", 0.011), ("DCR", 81.4, "观察组", 0.043),
                   ("ORR", 30.95, "对照组", 0.011), ("DCR", 61.9, "对照组", 0.043)]
    # zh_224's English abstract: "(HR = 0. 848,95% CI: 0. 747-0. 963)"
    hr = [r for r in _full("总生存期获益(HR = 0. 792,95% CI: 0. 701-0. 895)。") if r.endpoint == "HR"]
    assert [(r.value, r.ci_low, r.ci_high) for r in hr] == [(0.792, 0.701, 0.895)]


def test_a_sentence_end_before_a_number_in_english_stays_one():
    from extractor.normalize import normalize
    # no Chinese text near: "in 2012. 5% of" keeps its sentence end and its space
    assert normalize("It was approved in 2012. 5% of patients relapsed.").text.count(". ") == 1
    assert normalize("ORR was 45. 5% of patients had SD.").text == "ORR was 45. 5% of patients had SD."
    # but a leading zero ends no sentence: zh_224's English abstract, no Chinese text near
    assert normalize("overall survival( HR = 0. 848,95% CI: 0. 747-0. 963)").text == \
        "overall survival( HR = 0.848,95% CI: 0.747-0.963)"


def test_a_marker_response_is_no_tumour_response():
    # zh_213: "观察组的PSA有效率和ALP下降率分别为96. 9%和46. 9%" -- PSA and ALP responses have no code (RD12)
    assert _full("观察组的PSA有效率和ALP下降率分别为88.2%和41.2%,对照组分别为80.0%和50.0%。") == []
    assert [(r.endpoint, r.value) for r in _full("The PSA response rate was 45% and the ORR was 20%.")] == [("ORR", 20.0)]


@pytest.mark.parametrize("text,want", [
    # zh_243: "对照组予以吉西他滨治疗,研究组在对照组基础上联合白蛋白结合型紫杉醇治疗" -- written anew
    ("对照组予以顺铂治疗,观察组在对照组的基础上加用恩度治疗。观察组有效率为62.5%,对照组为40.0%。",
     {62.5: ["cisplatin", "recombinant human endostatin"], 40.0: ["cisplatin"]}),
    # zh_213: "观察组在对照组的基础上联合服用醋酸甲羟孕酮片"
    ("对照组采用多西他赛联合泼尼松治疗,研究组于对照组基础上联合服用甲地孕酮。研究组客观缓解率为55.0%,对照组为35.0%。",
     {55.0: ["docetaxel", "prednisone", "megestrol"], 35.0: ["docetaxel", "prednisone"]}),
])
def test_a_group_given_the_other_groups_treatment_plus_a_drug(text, want):
    assert {r.value: r.arm for r in _full(text) if r.endpoint == "ORR"} == want


@pytest.mark.parametrize("text,want", [
    # zh_245: "5年LRFS(local recurrence-free survival,无局部复发生存率)分别为87.6%和88.6%" (RD47: local RFS is RFS)
    ("GP组和TPF组5年LRFS分别为85.1%和90.2%(P=0.41)。", [("RFS_rate", 85.1, 60.0), ("RFS_rate", 90.2, 60.0)]),
    ("The 3-year locoregional recurrence-free survival was 88% and the median LRFS was 40.2 months.",
     [("RFS_rate", 88.0, 36.0), ("mRFS", 40.2, None)]),
])
def test_local_recurrence_free_survival(text, want):
    assert [(r.endpoint, r.value, r.timepoint) for r in _full(text)] == want


def test_a_remission_rate_is_the_complete_remission_rate():
    # en_252 (AML): "The remission rate in the DAT arm was significantly better than ADE (62% vs 50%; P = .002)"
    # -- written anew; a response rate stays the ORR
    got = [(r.endpoint, r.value) for r in _full(
        "The remission rate was 71% with CPX-351 and 52% with 7+3, and the response rate was 80%.")]
    assert got == [("CR_rate", 71.0), ("CR_rate", 52.0), ("ORR", 80.0)]


@pytest.mark.parametrize("text,want", [
    # en_251: "representing a 56% reduction in disease progression (hazard ratio: 0.62 …)" -- written anew
    ("Median PFS was 7.4 versus 4.1 months, a 38% reduction in disease progression (HR 0.62).",
     [("mPFS", 7.4), ("mPFS", 4.1), ("risk_reduction", 38.0), ("HR", 0.62)]),
    ("The combination gave a 27% reduction in death.", [("risk_reduction", 27.0)]),
    # a reduction in a tumour's size is no risk reduction
    ("Median tumour shrinkage was a 45% reduction in diameter.", []),
    # zh_254: "劑量密集型組患者臨床緩解率為78.6%" (traditional)
    ("观察组临床缓解率为81.3%。", [("ORR", 81.3)]),
])
def test_reductions_in_progression_and_clinical_response_rates(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


@pytest.mark.parametrize("text,want", [
    # en_249: "216 patients (122 men/94 women; stage II or III) entered the study" -- written anew
    ("In all, 184 patients (101 men/83 women) were randomized.", [184.0]),
    ("A total of 118 patients (60 male and 58 female) were enrolled.", [118.0]),
    ("共纳入118例患者,其中男60例、女58例。", [118.0]),
    # one sex alone is the studied group
    ("The trial enrolled 120 women with ovarian cancer.", [120.0]),
])
def test_counts_by_sex_are_composition(text, want):
    assert [r.value for r in _full(text) if r.endpoint == "n_patients"] == want


@pytest.mark.parametrize("text,want", [
    # en_112: "nearly 80% of the adolescents and young adults were alive after five years, compared with about
    # 88% of the younger patients" -- written anew: a hedged share of a cohort told in the past is a result
    ("Nearly 70% of the children and adolescents were alive after five years, compared with about 75% of the "
     "adults.", [(70.0, 60.0), (75.0, 60.0)]),
    # en_100: "29 per cent of patients given a combination of two chemotherapy drugs lived for at least five years"
    ("Overall, 31 per cent of patients given a combination of two targeted drugs lived for at least five years.",
     [(31.0, 60.0)]),
    # a number opening a line before "percent" is no section number
    ("42 percent of women were alive at 3 years.", [(42.0, 36.0)]),
])
def test_shares_of_a_cohort_alive(text, want):
    assert [(r.value, r.timepoint) for r in _full(text) if r.endpoint == "OS_rate"] == want


def test_a_hedged_survival_rate_with_no_cohort_stays_background():
    assert _full("The 5-year survival rate is less than 10%.") == []
    assert _full("肝癌患者的5年生存率不足10%。") == []


@pytest.mark.parametrize("text,want", [
    # en_143: "Updated median OS was 12.9 months versus 10.5 for chemotherapy" -- written anew
    ("Median OS was 14.2 months versus 11.1 for docetaxel.", [("mOS", 14.2), ("mOS", 11.1)]),
    # en_254: "TTP 10.8 months CP versus 11.8 CLD, P = 0.904"
    ("PFS 8.3 months GC versus 6.9 GP, P = 0.21.", [("mPFS", 8.3), ("mPFS", 6.9)]),
    # a year after the comparison word is no duration
    ("Median OS was 12.9 months versus 10.5 in 2019.", [("mOS", 12.9)]),
])
def test_a_bare_number_compared_with_a_duration(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


@pytest.mark.parametrize("text,want", [
    # en_260 (a seventeenth-release text, measured): "The mean recurrence-free survival (RFS) in Groups A, B,
    # and C were 44.3, 62.1, and 86.8 months" -- written anew: a mean is no median (RD6)
    ("The mean overall survival (OS) in the two groups was 61.2 and 70.4 months, respectively.", []),
    ("Median overall survival (OS) was 61.2 months.", [("mOS", 61.2)]),
    # zh_261 (traditional): "共有65位病人(40位男性,25位女性;…)(13位T0期;43位T1期;6位T2期;3位T3a期)"
    ("共有72位病人(41位男性,31位女性),其中(20位Ⅰ期;30位Ⅱ期;22位Ⅲ期)。", [("n_patients", 72.0)]),
    # a cohort of one stage is the studied group
    ("回顾性分析245例Ⅲ期胃癌患者的临床资料。", [("n_patients", 245.0)]),
])
def test_means_and_compositions_are_no_records(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


@pytest.mark.parametrize("text,want", [
    # zh_255 (seventeenth release, measured, now dev): "缓解率差异无统计学意义(38.46% vs. 20.00%,P>0.05),但试验组
    # 获益率明显高于对照组(79.49% vs. 60.00%,P<0.05)" -- written anew (RD235: 获益率 is CBR)
    ("两组缓解率分别为42.5%和25.0%,获益率分别为80.0%和62.5%。",
     [("ORR", 42.5), ("ORR", 25.0), ("CBR", 80.0), ("CBR", 62.5)]),
    # a complete or partial remission rate stays its own
    ("观察组完全缓解率为20.0%。", [("CR_rate", 20.0)]),
    # en_257: "CMR rate after nivo + BV induction was 59%" (RD220: complete metabolic response is a CR rate)
    ("The CMR rate after induction was 61%.", [("CR_rate", 61.0)]),
])
def test_response_and_benefit_rate_words(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


@pytest.mark.parametrize("text,want", [
    # en_266 (seventeenth release, measured, now dev): "approximately 40% less likely to die and 60% less
    # likely to have disease progression on scans vs. patients treated with standard of care" -- written anew
    ("Patients given the combination were 35% less likely to die and 52% less likely to have disease progression.",
     [("risk_reduction", 35.0), ("risk_reduction", 52.0)]),
    # "15.3 months for patients in the 177Lu-PSMA-617 arm vs. 11.3 months": a mass number names the drug
    ("Median OS was 14.6 months in the 177Lu-PSMA-617 arm and 10.2 months with cabazitaxel.",
     [("mOS", 14.6), ("mOS", 10.2)]),
])
def test_less_likely_and_radionuclide_names(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


@pytest.mark.parametrize("text,want", [
    # zh_262 (seventeenth release, measured, now dev): "改善了阿比特龙组患者的rPFS(中位:B组 vs. D组=4.4 vs. 7.5年" -- written anew
    ("Median rPFS was 16.5 months with enzalutamide versus 8.3 months with placebo.", [("mPFS", 16.5), ("mPFS", 8.3)]),
    ("The 12-month rPFS rate was 61% and 37%.", [("PFS_rate", 61.0), ("PFS_rate", 37.0)]),
    ("恩扎卢胺组中位影像学无进展生存期为20.0个月。", [("mPFS", 20.0)]),
])
def test_radiographic_progression_free_survival(text, want):
    assert [(r.endpoint, r.value) for r in _full(text)] == want


def test_serious_adverse_events_abbreviated():
    # zh_262: "未放疗组与放疗组的至少一个SAE(≥3级)分别为56.1%与58.8%" -- written anew
    got = [(r.endpoint, r.value) for r in _full("单药组与联合组的SAE发生率分别为21.4%与30.2%。")]
    assert got == [("AE_rate", 21.4), ("AE_rate", 30.2)]
    assert [(r.endpoint, r.value) for r in _full("观察组严重不良事件发生率为8.5%。")] == [("AE_rate", 8.5)]


def test_a_group_count_before_its_outcomes_own_count():
    # zh_312: "高危组中,试验组7例患者完全缓解5例,对照组8例患者完全缓解仅1例" -- written anew
    got = {(e, v, label) for e, v, _, _, label in records("结果 A组12例患者部分缓解6例,B组10例患者部分缓解仅2例。")}
    assert got == {("n_patients", 12.0, "A组"), ("n_PR", 6.0, "A组"), ("n_patients", 10.0, "B组"), ("n_PR", 2.0, "B组")}
    # a count followed by its outcome alone is still the responders
    assert {(e, v) for e, v, *_ in records("A组6例患者部分缓解。")} == {("n_PR", 6.0)}


def test_a_comparison_planned_only_leaves_the_one_treatment_in_play():
    # en_327: "Otherwise, nab-paclitaxel/gemcitabine would be compared with gemcitabine alone in Part
    # 3" -- written anew; the study gave one treatment, so its values are that treatment's
    text = ("This phase II study evaluated cabozantinib plus atezolizumab. If fewer than 5 responses were seen, "
            "cabozantinib/atezolizumab would be compared with cabozantinib alone in Part 2.\n\nResults\n"
            "Forty patients were treated. The ORR in Stages 1 + 2 was 31%. The median OS was 11.4 months.")
    got = _by(text)
    assert got[("mOS", 11.4)][0] == ("cabozantinib", "atezolizumab")
    # the design's numbered parts are no values ("Stages 1 + 2", "Part 2")
    assert {k for k in got if k[0] == "ORR"} == {("ORR", 31.0)}
    # a comparison made, not planned, still makes a compared study
    made = text.replace("would be compared", "was compared")
    assert _by(made)[("mOS", 11.4)][0] == ()


@pytest.mark.parametrize(("text", "backbone", "added"), [
    # en_334: "randomized to receive bortezomib and dexamethasone alone or in combination with
    # daratumumab" -- written anew, in both languages
    ("Patients were randomized to receive carboplatin and paclitaxel with or without veliparib. Median PFS was "
     "19.2 months in the veliparib group and 17.1 months in the control group.", {"carboplatin", "paclitaxel"}, "veliparib"),
    ("患者随机接受吉西他滨单用或联合厄洛替尼治疗。厄洛替尼组中位PFS为19.2个月,对照组为17.1个月。", {"gemcitabine"}, "erlotinib"),
])
def test_an_optional_add_on_makes_the_backbone_the_control(text, backbone, added):
    got = _by(text)
    assert set(got[("mPFS", 19.2)][0]) == backbone | {added}
    assert set(got[("mPFS", 17.1)][0]) == backbone


def test_an_optional_drug_of_the_therapy_before_randomization_is_no_design():
    # en_320: "after standard therapy (… dactinomycin with or without doxorubicin …) were randomly assigned"
    text = ("Patients in remission after induction (ifosfamide and vincristine with or without doxorubicin) were "
            "randomly assigned to maintenance vinorelbine or observation. Five-year DFS was 77.6% in the "
            "maintenance group vs 69.8% in the observation group.")
    assert "doxorubicin" not in {d for arm, _ in _by(text).values() for d in arm}


def test_groups_differing_in_how_a_shared_regimen_is_given_take_all_of_it():
    # zh_329: "均采用DO方案治疗,根据不同给药途径分为A组、B组。A组奥沙利铂采用腹腔热灌注…" -- written anew
    text = ("方法 90例患者均采用吉西他滨联合顺铂治疗,根据给药途径分为A组(n=45)、B组(n=45)。A组顺铂采用腹腔灌注,"
            "B组顺铂采用静脉滴注。结果 A组客观缓解率为62.2%,B组为44.4%。")
    got = _by(text)
    assert set(got[("ORR", 62.2)][0]) == set(got[("ORR", 44.4)][0]) == {"gemcitabine", "cisplatin"}


def test_a_drug_described_by_its_class_is_still_the_one_treatment():
    # en_336: "Bispecific Antibody Therapy …  Mosunetuzumab, a CD20xCD3 T-cell-engaging bispecific
    # antibody, has shown durable efficacy …" -- written anew
    text = ("Bispecific Antibody Shows Durable Responses in Myeloma\n\nTeclistamab, a BCMAxCD3 bispecific antibody, "
            "was given to 165 patients. The overall response rate was 63.0%. Median progression-free survival "
            "was 11.3 months.")
    got = _by(text)
    assert got[("ORR", 63.0)][0] == ("teclistamab",)
    assert got[("mPFS", 11.3)][0] == ("teclistamab",)


def test_a_fraction_after_n_equals_counts_its_denominator():
    # en_349 (RD336): "the overall response rate (ORR) was 73% (n=187/256)"; en_315 "n = 13/85" -- written anew
    recs = _full("The ORR was 64% (n=101/158), and the CR rate was 30% (n = 47/158).")
    got = sorted((r.endpoint, r.value, r.n) for r in recs)
    assert got == [("CR_rate", 30.0, 158), ("ORR", 64.0, 158), ("n_patients", 158.0, None), ("n_patients", 158.0, None)]


def test_compared_with_two_values_spread_respectively():
    # en_352 (CheckMate 067): "58% of patients receiving nivolumab plus ipilimumab had grade 3–4 adverse events,
    # compared with 23% and 28% in the nivolumab and ipilimumab groups, respectively" -- written anew
    got = {r.value: r.arm for r in _full(
        "Overall, 41% of patients receiving relatlimab plus nivolumab had grade 3–4 adverse events, compared with "
        "19% and 22% in the nivolumab and relatlimab groups, respectively.")}
    assert got[19.0] == ["nivolumab"] and got[22.0] == ["relatlimab"]


@pytest.mark.parametrize("text,want", [
    # a second endpoint in the clause takes no share ("increased event-free survival"): the one
    # value goes to the endpoint whose kind takes it
    ("Nivolumab increased event-free survival and reduced the risk of melanoma recurrence by 27% "
     "within the first 12 months.", ("risk_reduction", 27.0, "%", ("nivolumab",), None)),
    ("Patients given darolutamide had a 32.5% lower risk of dying than those given placebo.",
     ("risk_reduction", 32.5, "%", ("darolutamide",), None)),
])
def test_a_risk_reduction_beside_an_endpoint_without_a_value(text, want):
    assert records(text) == [want]


@pytest.mark.parametrize("text", [
    "The primary end point was pathological complete response (0% viable tumor in resected lung and "
    "lymph nodes) with nivolumab.",
    "Major pathological response was defined as 10% or less residual viable tumour after nivolumab.",
    "病理完全缓解定义为原发灶及淋巴结0%残留肿瘤，患者接受纳武利尤单抗治疗。",
])
def test_a_share_of_viable_tumour_defines_a_response_and_is_no_result(text):
    assert records(text) == []


def test_a_count_word_opening_population_is_a_cut_off_not_a_count():
    got = records("信迪利单抗联合化疗显著降低PD-L1 CPS≥5人群(HR 0.660)和总体人群(HR 0.766)的死亡风险。"
                  "共入组650人，其中CPS≥5人群共400人。")
    assert [g for g in got if g[0] == "n_patients"] == [
        ("n_patients", 650.0, "patients", ("sintilimab",), None),
        ("n_patients", 400.0, "patients", ("sintilimab",), None),
    ]


@pytest.mark.parametrize("text,day", [
    # a results slide: the label's unit made the day of the cut-off date a follow-up of 24 months
    ("Median follow-up, months\n13.9\nData cut-off: April 24, 2018, 11 months after the last patient "
     "was enrolled with atezolizumab.", 24.0),
    ("Median follow-up, months\n13.9\nData cut-off: 24 September 2018, 11 months after the last "
     "patient was enrolled with atezolizumab.", 24.0),
    ("At the data cut-off on 3 May 2019, median OS was 12 months with atezolizumab.", 3.0),
])
def test_the_day_of_a_date_is_no_value(text, day):
    got = records(text)
    assert ("median_follow_up", 13.9, "month", (), None) in got or ("mOS", 12.0, "month", ("atezolizumab",), None) in got
    assert all(r[1] != day for r in got)


@pytest.mark.parametrize("text", [
    "尼拉帕利组和安慰剂组分别有50.8%和19.3%患者发生3级及以上治疗期间不良事件(TEAE)。",
    "尼拉帕利组和安慰剂组分别有50.8%和19.3%的患者出现不良反应。",
])
def test_shares_listed_before_their_outcome_in_chinese(text):
    got = records(text)
    assert got == [("AE_rate", 50.8, "%", ("niraparib",), None), ("AE_rate", 19.3, "%", (), "安慰剂组")]


def test_counts_listed_with_their_shares_share_the_outcome_after_the_last():
    got = records("With bevacizumab, 34 patients (71%) and 17 patients (35%) achieved radiographic "
                  "response based on Levin and Macdonald criteria, respectively.")
    assert [g[:3] for g in got] == [("n_response", 34.0, "patients"), ("ORR", 71.0, "%"),
                                    ("n_response", 17.0, "patients"), ("ORR", 35.0, "%")]


def test_a_count_with_its_share_that_received_a_treatment_sizes_a_group():
    got = records("In the second-line setting, 27 patients (58.7%) received ramucirumab plus paclitaxel.")
    assert got == [("n_patients", 27.0, "patients", ("ramucirumab", "paclitaxel"), None)]
    # a numerator of an outcome stays none
    got = records("Grade 3 neutropenia occurred in 27 patients (58.7%) given ramucirumab plus paclitaxel.")
    assert [g[0] for g in got] == ["AE_rate"]


def test_a_cohort_counted_by_histology_is_no_group_but_a_histology_cohort_is():
    got = records("入组患者143例，其中低分化鳞癌103例,中~高分化鳞癌27例,腺癌13例。卡铂联合氟尿嘧啶新辅助化疗组65例。")
    assert [g[1] for g in got if g[0] == "n_patients"] == [143.0, 65.0]
    got = records("选取收治的肺腺癌120例，给予培美曲塞治疗。")
    assert got == [("n_patients", 120.0, "patients", ("pemetrexed",), None)]


def test_a_word_after_a_blank_line_opens_a_new_row_of_cells() -> None:
    # en_374 (a journal's table page, one cell a paragraph): the landmark rate of "Overall survival"
    # ran on into the next rows ("Any grade CRS/NT" / "93%/64 %"), read as more survival rates
    text = ("Table 1 CAR T cell therapy in lymphoma\n\nCAR T cell product\n\nAxicabtagene ciloleucel\n\n"
            "Tisagenlecleucel\n\nORR\n\n83%\n\n52%\n\nOverall survival\n\n"
            "24-month survival, 50.5% (95% CI 40.2–59.7)\n\n11.7 months (95% CI, 6.6—NE)\n\n"
            "Any grade CRS/NT\n\n93%/64 %\n\n58%/21%\n\nGrade ≥ 3 CRS\n\n13%\n\n22%\n")
    got = [(e, v) for e, v, _, _, _ in records(text)]
    assert ("ORR", 83.0) in got and ("ORR", 52.0) in got  # values after their row's word still join it
    assert ("OS_rate", 50.5) in got
    assert not [(e, v) for e, v in got if v in (93.0, 64.0, 58.0, 21.0, 13.0, 22.0) and e == "OS_rate"]


def test_landmarks_listed_after_their_rate_each_with_a_value() -> None:
    # zh_368: "总生存率,1年86.0%,3年53.9%": after the first landmarked rate, the next landmark with its
    # own value was left out; the English wording of the same list too
    got = [(r.endpoint, r.value, r.timepoint) for r in _full(
        "手术+辅助化疗组:总生存率,1年93.3%,3年73.8%;无病生存率,1年71.0%,3年34.0%。")]
    assert got == [("OS_rate", 93.3, 12.0), ("OS_rate", 73.8, 36.0), ("DFS_rate", 71.0, 12.0), ("DFS_rate", 34.0, 36.0)]
    got = [(r.endpoint, r.value, r.timepoint) for r in _full("In arm A, the OS rate was: 1-year 86.0%, 3-year 53.9%, 5-year 40.1%.")]
    assert got == [("OS_rate", 86.0, 12.0), ("OS_rate", 53.9, 36.0), ("OS_rate", 40.1, 60.0)]
    # a landmark with no value of its own is no value ("1年86.0%,3年后复发"): nothing more
    assert [r.value for r in _full("A组总生存率1年为86.0%,3年后复发12例。") if r.endpoint == "OS_rate"] == [86.0]


def test_the_same_triple_again_for_each_subgroup() -> None:
    # en_373: "(6.1 versus 4.4 and 3.9 months, respectively, P = 0.013), and … (6.9 versus 4.2 and 4.7
    # months, respectively, P = 0.005) and an OIFI ≥ 4 months (7.2 versus …)": each bracket is the
    # endpoint again for a subgroup; all went into one run, which kept only its last values
    text = ("Longer PFS was reported in patients receiving FOLFOXIRI compared to doublets or other treatments "
            "(6.1 versus 4.4 and 3.9 months, respectively, P = 0.013), and seems limited to patients achieving "
            "a response during first line (6.9 versus 4.2 and 4.7 months, respectively, P = 0.005) and an "
            "interval ≥ 4 months (7.2 versus 6.5 and 4.6 months, respectively, P = 0.045).")
    got = [(e, v) for e, v, _, _, _ in records(text)]
    assert got == [("mPFS", v) for v in (6.1, 4.4, 3.9, 6.9, 4.2, 4.7, 7.2, 6.5, 4.6)]


def test_a_cohorts_usual_regimen_is_no_treatment_of_its_values() -> None:
    # en_367 (a real-world series): "The most commonly used chemotherapy regimen was etoposide-platinum."
    # then "Overall survival (OS) for all patients was 6.1 months": the patients received several
    # regimens, so the cohort's values take no drug from the sentence before
    text = ("Results: A total of 70 patients were evaluated. The most commonly used chemotherapy regimen was "
            "etoposide-platinum. Overall survival (OS) for all patients was 6.1 months. Median progression-free "
            "survival (mPFS) for all patients was 4 months.")
    got = records(text)
    assert ("mOS", 6.1, "month", (), None) in got and ("mPFS", 4.0, "month", (), None) in got
    zh = records("结果 共纳入70例患者。最常用的化疗方案为依托泊苷联合顺铂。全组患者中位总生存期为6.1个月。")
    assert ("mOS", 6.1, "month", (), None) in zh
    # a document about one regimen still gives it to its values
    one = records("Patients received etoposide-platinum. Overall survival for all patients was 6.1 months.")
    assert ("mOS", 6.1, "month", ("etoposide",), None) in one


def test_the_chemotherapy_under_a_placebo_comparison_named_elsewhere() -> None:
    # en_375: "pembrolizumab vs placebo with concurrent chemoradiotherapy" and, sentences away,
    # "Chemoradiotherapy consisted of five cycles of cisplatin": both arms received cisplatin
    text = ("Results of the phase III trial showed a benefit of pembrolizumab vs placebo with concurrent "
            "chemoradiotherapy in patients with locally advanced cervical cancer. Patients were randomly assigned "
            "to pembrolizumab (n = 529) or placebo (n = 531) every 3 weeks with concurrent chemoradiotherapy. "
            "Chemoradiotherapy consisted of five cycles of cisplatin at 40 mg/m2 plus external beam radiotherapy. "
            "Overall survival rate at 36 months was 82.6% in the pembrolizumab group vs 74.8% in the placebo group "
            "(hazard ratio [HR] = 0.67).")
    got = {(e, v): arm for e, v, _, arm, _ in records(text)}
    assert got[("OS_rate", 82.6)] == ("pembrolizumab", "cisplatin")
    assert got[("OS_rate", 74.8)] == ("cisplatin",)
    assert got[("n_patients", 531.0)] == ("cisplatin",)


def test_a_line_naming_a_trial_alone_opens_the_next_card() -> None:
    # en_369 (a trials page, one card a trial, no full stops): the next card's name and regimens were
    # read into the card above, whose values took the next card's drugs
    text = ("KEYNOTE-062\npembrolizumab vs chemotherapy\nmOS 10.6 vs 11.1 mo (HR 0.91)\n"
            "REAL-2\nepirubicin + oxaliplatin + capecitabine vs epirubicin + cisplatin + fluorouracil\n"
            "mOS 11.2 vs 9.9 mo (HR 0.80)\n")
    got = {(e, v): (arm, label) for e, v, _, arm, label in records(text)}
    assert got[("mOS", 10.6)] == (("pembrolizumab",), None)
    assert got[("mOS", 11.1)] == ((), "chemotherapy")  # not the next card's regimen
    assert got[("mOS", 11.2)] == (("epirubicin", "oxaliplatin", "capecitabine"), None)


def test_a_blank_line_inside_an_open_bracket_does_not_end_the_sentence() -> None:
    # the review's page 2 read by OCR: "ORR(16.3% vs 3.8%,\n\nP=0.039)" -- the P was cut from its pair
    text = "结果显示换单药组的ORR(16.3% vs 3.8%,\n\nP=0.039)和mPFS(5.47个月vs 3.8个月,P=0.017)显著高于换双药组。"
    recs = analyze(document_from_text(text)).records
    assert {(r.endpoint, r.value, r.p_value) for r in recs} >= {("ORR", 16.3, 0.039), ("ORR", 3.8, 0.039)}
    text = "Median PFS was 6.1 months versus 4.4 months,\n\np = 0.013, in the whole population."
    recs = analyze(document_from_text(text)).records
    assert {(r.endpoint, r.value, r.p_value) for r in recs} == {("mPFS", 6.1, 0.013), ("mPFS", 4.4, 0.013)}
