"""Arms a trial's design sentence gives: counts allocated arm by arm, add-on designs whose
placebo arm keeps the backbone, labels bracketed after a dose, totals of compared trials."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _one(result, endpoint: str, value: float):  # type: ignore[no-untyped-def]
    (rec,) = [r for r in result.records if r.endpoint == endpoint and r.value == value]
    return rec


def test_counts_allocated_arm_by_arm() -> None:
    # en_046: "Overall, 323 patients were randomised to NIVO + CABO and 328 to SUN."
    assert set(_one(extract(REAL / "en_046.txt"), "n_patients", 323).arm) == {"nivolumab", "cabozantinib"}
    # zh_046: "共有525例患者被分配接受阿帕他胺apalutamide+ADT治疗,527例患者被分配接受安慰剂+ADT治疗"
    assert _one(extract(REAL / "zh_046.txt"), "n_patients", 525).arm == ["apalutamide"]


def test_a_randomised_total_before_alternatives_stays_the_cohort() -> None:
    text = ("In this phase 3 trial, 413 patients were randomized to receive pembrolizumab 200 mg "
            "or docetaxel. Median OS was 10.4 months with pembrolizumab versus 8.5 months with docetaxel.")
    assert _one(extract(text), "n_patients", 413).arm == []


def test_backbone_named_before_either_drug_or_placebo() -> None:
    # en_003 (KEYNOTE-189): "to receive pemetrexed and a platinum-based drug plus either 200 mg of
    # pembrolizumab or placebo", then "4.9 months ... in the placebo-combination group"
    result = extract(REAL / "en_003.txt")
    assert _one(result, "mPFS", 4.9).arm == ["pemetrexed"]
    assert set(_one(result, "mPFS", 8.8).arm) == {"pemetrexed", "pembrolizumab"}


def test_a_combination_or_matching_placebo_keeps_the_backbone() -> None:
    # en_019: "assigned to the standard dose of azacitidine with venetoclax or matching placebo"
    assert _one(extract(REAL / "en_019.txt"), "mOS", 9.6).arm == ["azacitidine"]


def test_a_group_label_bracketed_after_dose_and_schedule() -> None:
    # en_039: "... or high-dose octreotide 60 mg LAR every 4 weeks (control group)"
    assert _one(extract(REAL / "en_039.txt"), "mPFS", 8.5).arm == ["octreotide"]


def test_a_comparison_word_before_the_bracket_defines_no_group() -> None:
    text = ("Patients received sorafenib 400 mg twice daily versus placebo (control group). "
            "Median OS was 6.5 months in the control group.")
    assert _one(extract(text), "mOS", 6.5).arm != ["sorafenib"]


def test_spelled_out_timepoints_and_a_glossed_survival() -> None:
    text = ("Three-year progression-free survival (PFS) was 83.1% with nivolumab. "
            "The 3-year progression-free survival (PFS) was 80% with nivolumab.")
    got = [(r.endpoint, r.value, r.timepoint) for r in extract(text).records]
    assert got == [("PFS_rate", 83.1, 36.0), ("PFS_rate", 80.0, 36.0)]


def test_a_group_label_right_after_the_value_is_its_arm() -> None:
    text = ("Patients received sorafenib or placebo. The median PFS was 5.5 months in the sorafenib group. "
            "Median OS was 6.5 months in the control group.")
    rec = _one(extract(text), "mOS", 6.5)
    assert rec.arm == [] and rec.arm_label == "control group"


def test_a_pair_whose_arms_follow_it_respectively() -> None:
    # en_047: "Median OS was 11.1 versus 9.2 months in the NALIRIFOX and Gem+NabP groups respectively"
    result = extract(REAL / "en_047.txt")
    assert set(_one(result, "mOS", 9.2).arm) == {"gemcitabine", "nab-paclitaxel"}
    assert "oxaliplatin" in _one(result, "mOS", 11.1).arm


def test_a_value_after_versus_takes_the_subject_that_follows_it() -> None:
    text = "Median OS was not reached with alectinib versus 57.4 months with crizotinib (stratified HR 0.67)."
    result = extract(text)
    assert _one(result, "mOS", 57.4).arm == ["crizotinib"]
    assert _one(result, "HR", 0.67).arm == ["alectinib"]  # the ratio is the experimental side's


def test_a_control_group_glossed_with_a_choice_of_drugs() -> None:
    # zh_015: "…卡瑞利珠单抗联合白蛋白紫杉醇(试验组, n=45)或二线化疗(多西他赛或伊立替康, 对照组, n=27)"
    result = extract(REAL / "zh_015.txt")
    assert _one(result, "mOS", 6.5).arm == ["docetaxel/irinotecan"]


def test_the_unnamed_side_of_a_pair_is_the_documents_control() -> None:
    text = ("Patients were randomly assigned to olaparib or placebo. The primary analysis showed a "
            "significant improvement with olaparib treatment in progression-free survival "
            "(median = 19.1 vs 5.5 months, hazard ratio = 0.30).")
    result = extract(text)
    ctl = _one(result, "mPFS", 5.5)
    # the control's side, paired with olaparib's; no group words stand at the value (R6: a label is
    # what the text prints there), so none is given
    assert ctl.arm == [] and ctl.arm_label is None and ctl.comparator == ["olaparib"]
    assert _one(result, "mPFS", 19.1).comparator_value == 5.5
    text = text.replace("(median = 19.1 vs 5.5 months", "(median = 19.1 vs 5.5 months with placebo")
    assert _one(extract(text), "mPFS", 5.5).arm_label == "placebo"


def test_bare_regimen_acronyms_once_the_article_names_one_with_its_scheme_word() -> None:
    # zh_043: "IP方案没有明显获益,EP和IP组的OS分别为3.2年和2.8年"
    result = extract(REAL / "zh_043.txt")
    assert _one(result, "mOS", 3.2).arm == ["etoposide", "cisplatin"]
    assert _one(result, "mOS", 2.8).arm == ["irinotecan", "cisplatin"]
    # without a scheme word anywhere, a bare "EP" stays no regimen
    assert not [e for e in extract("EP和IP组的OS分别为3.2年和2.8年。").entities if e.label == "REGIMEN"]


def test_counts_the_ellipsis_leaves_bare() -> None:
    text = "Of 431 patients, 286 were in the combination group and 145 in the placebo group."
    assert _one(extract(text), "n_patients", 145).arm_label == "placebo group"
    text = "The lutetium group included 151 (67%) patients, while the control group included 75 (33%)."
    assert _one(extract(text), "n_patients", 75).arm_label == "control group"
    # a bare number with no first count before it stays no count
    assert not [r for r in extract("In 2019, 45 in the placebo group.").records if r.endpoint == "n_patients"]


def test_durations_that_say_when_or_whom_are_no_results() -> None:
    text = ("The PFS improvement was seen in patients aged less than 60 years (HR 0.69). "
            "7 new PFS events were reported between 5 and 7 years in the lorlatinib arm. "
            "At 12.8 months of median follow-up, 13% of patients were still on the drug.")
    got = {(r.endpoint, r.value) for r in extract(text).records}
    assert ("HR", 0.69) in got and ("median_follow_up", 12.8) in got
    assert not {e for e, v in got if e in ("mPFS", "mOS")}


def test_either_drug_with_an_appositive_or_placebo_plus_a_backbone() -> None:
    # en_011: "randomized (1/1) to receive either toripalimab, a monoclonal antibody against human
    # programmed death-1 (PD-1), or placebo in combination with GP", GP defined as gemcitabine-cisplatin
    result = extract(REAL / "en_011.txt")
    assert _one(result, "mPFS", 8.0).arm == ["gemcitabine", "cisplatin"]


def test_a_fraction_belongs_to_the_value_it_follows_in_a_list() -> None:
    # zh_015: "试验组和对照组ORR分别为26.7%(12/45)、7.4%(2/27)": 45 is the experimental group's
    text = "结果试验组和对照组ORR分别为26.7%(12/45)、7.4%(2/27), 差异有统计学意义(P=0.046)。"
    counts = {r.value: r.arm_label for r in extract(text).records if r.endpoint == "n_patients"}
    assert counts == {45.0: "试验组", 27.0: "对照组"}


def test_either_or_inside_a_regimen_is_one_position_of_choices() -> None:
    # en_025: "... or gemcitabine and either cisplatin or carboplatin (determined on the basis of
    # eligibility to receive cisplatin) (chemotherapy group)"
    result = extract(REAL / "en_025.txt")
    assert _one(result, "mPFS", 6.3).arm == ["gemcitabine", "cisplatin/carboplatin"]


def test_taiwan_and_hong_kong_endpoint_names() -> None:
    text = ("存活時間中位數為10.4個月。一年的整體存活率為49%。"
            "化療合併bevacizumab組的無惡化存活期(10.6個月)、整體反應率(44.8%)與反應持續時間(10.4個月)。")
    got = {(r.endpoint, r.value) for r in extract(text).records}
    assert {("mOS", 10.4), ("OS_rate", 49.0), ("mPFS", 10.6), ("ORR", 44.8), ("mDOR", 10.4)} <= got


def test_the_share_of_a_responder_count_is_that_outcomes_rate() -> None:
    text = "无患者达到完全缓解,8例(26.7%)患者达到部分缓解,19例(63.3%)达到疾病稳定,总体ORR为26.7%(8/30)。"
    got = [(r.endpoint, r.value) for r in extract(text).records]
    assert ("PR_rate", 26.7) in got and ("SD_rate", 63.3) in got and ("n_PR", 8.0) in got
    assert not [e for e, v in got if e == "CR_rate"]  # 完全缓解 had no value of its own
    share = next(r for r in extract(text).records if r.endpoint == "PR_rate")
    assert text[share.start : share.end] == "26.7"


def test_remission_rates_and_graded_events() -> None:
    text = ("The incidence of complete remission (36.7%) and composite complete remission (66.4%) was higher. "
            "Grade 3 or greater events occurred in 17.8% vs. 41% of patients, respectively. "
            "In total, 7 new PFS events were reported.")
    got = {(r.endpoint, r.value, r.grade) for r in extract(text).records}
    assert {("CR_rate", 36.7, None), ("CR_rate", 66.4, None), ("AE_rate", 17.8, ">=3"), ("AE_rate", 41.0, ">=3")} <= got
    assert not [g for g in got if g[0] == "AE_rate" and g[1] == 7]


def test_two_groups_sharing_one_head() -> None:
    # zh_032: "早期和晚期移植组患者的中位OS分别为120.9和50.1个月"
    text = "中位随访47个月;早期和晚期移植组患者的中位OS分别为120.9和50.1个月。"
    result = extract(text)
    assert _one(result, "mOS", 120.9).arm_label == "早期移植组"
    assert _one(result, "mOS", 50.1).arm_label == "晚期移植组"
    # a longer run before 和 gives no guess
    assert not [r for r in extract("患者接受治疗后和晚期移植组的中位OS为50.1个月。").records if r.arm_label == "治疗后移植组"]


def test_a_randomised_total_whose_verb_comes_late_in_the_clause() -> None:
    text = ("289 patients with RM-NPC and no previous chemotherapy for recurrent or metastatic disease were "
            "randomized (1/1) to receive either toripalimab or placebo. Median PFS was 11.7 months with "
            "toripalimab versus 8.0 months with placebo.")
    assert _one(extract(text), "n_patients", 289).arm == []
    # another number between the count and the verb: the count is not the trial's total
    text = "Of the patients, 232 received AS, 79 received AG, and 11 were randomized to FOLFIRINOX or AS."
    assert [r.value for r in extract(text).records if r.endpoint == "n_patients"]


def test_the_subject_of_the_values_own_clause() -> None:
    # zh_053: "Tagrisso(奥希替尼)组未达到中位DFS,而安慰剂组为19.6个月。"
    rec = _one(extract("Tagrisso(奥希替尼)组未达到中位DFS,而安慰剂组为19.6个月。"), "mDFS", 19.6)
    assert rec.arm == [] and rec.arm_label == "安慰剂组"
    text = "Grade 3 adverse events occurred in 94% of axi-cel and 82% of SOC patients."
    assert _one(extract(text), "AE_rate", 82.0).arm_label == "SOC"


def test_relative_risk_in_traditional_chinese() -> None:
    # zh_050: "…類固醇治療組為3.49個月(106天),相對危險性為0.55,p值<0.001。"
    text = "在bortezomib治療組為6.22個月,類固醇治療組為3.49個月,相對危險性為0.55,p值<0.001。"
    assert ("RR", 0.55) in {(r.endpoint, r.value) for r in extract(text).records}


def test_shares_alive_at_spelled_out_timepoints() -> None:
    # en_044: "…treated with Temodar and radiation, 27.2% were alive at two years, 16% at three years, …"
    text = ("In the group of patients treated with Temodar and radiation, 27.2% were alive at two years, "
            "16% at three years, 12.1% at four years, and 9.8% at five years.")
    got = [(r.endpoint, r.value, r.timepoint) for r in extract(text).records]
    assert got == [("OS_rate", 27.2, 24.0), ("OS_rate", 16.0, 36.0), ("OS_rate", 12.1, 48.0), ("OS_rate", 9.8, 60.0)]


def test_a_total_in_a_placebo_controlled_report_belongs_to_no_arm() -> None:
    text = ("呋喹替尼的国际多中心临床试验共纳入691名患者。"
            "呋喹替尼组的中位总生存期为7.4个月。安慰剂组的中位总生存期为4.8个月。")
    assert _one(extract(text), "n_patients", 691).arm == []


def test_shares_before_the_outcome_patients_achieved() -> None:
    # en_046: "…; 13% versus 5% of patients achieved complete response, and median duration of
    # response was 22.1 months versus 16.1 months, respectively."
    result = extract(REAL / "en_046.txt")
    cr = _one(result, "CR_rate", 13.0)
    assert set(cr.arm) == {"nivolumab", "cabozantinib"} and cr.comparator == ["sunitinib"]
    assert _one(result, "mDOR", 16.1).arm == ["sunitinib"]
    assert not [r for r in result.records if r.endpoint == "ORR" and r.value in (13.0, 5.0)]


def test_counts_grouped_by_a_space() -> None:
    got = [(r.endpoint, r.value) for r in extract("纳入7项RCT研究,4 101例患者。回顾性分析1 241例患者资料。").records]
    assert got == [("n_patients", 4101.0), ("n_patients", 1241.0)]


def test_an_event_count_beside_its_share_is_no_group() -> None:
    text = ("Common grade 3/4 AEs in the ripretinib cohort included anemia (9%; n=8), abdominal pain (7%; n=6). "
            "The ORR was 27.3% (95% CI 20-35, n = 120).")
    counts = [r.value for r in extract(text).records if r.endpoint == "n_patients"]
    assert counts == [120.0]


def test_a_p_for_interaction_is_no_value() -> None:
    text = "The HR was 0.60 (95% CI 0.51-0.70) for CPS >=10 versus 0.83 (95% CI 0.69-1.00) for CPS <10 (P for interaction 0.009)."
    assert [r.value for r in extract(text).records] == [0.6, 0.83]


def test_a_control_label_joined_to_its_backbone_is_one_arm() -> None:
    text = ("Median OS with pembrolizumab-chemotherapy versus placebo-chemotherapy was 28.6 months "
            "versus 16.5 months (HR 0.60).")
    result = extract(text)
    assert _one(result, "mOS", 28.6).arm == ["pembrolizumab"]
    ctl = _one(result, "mOS", 16.5)
    assert ctl.arm == [] and ctl.arm_label == "placebo-chemotherapy"


def test_a_count_of_whom_is_a_subset_not_a_group() -> None:
    text = "208 pts were randomized to cilta-cel (of whom 176 received cilta-cel) and 211 to SOC."
    assert 176.0 not in [r.value for r in extract(text).records if r.endpoint == "n_patients"]


def test_a_group_name_starts_after_the_comparison_word() -> None:
    # zh_018: "同期组3、4级恶心呕吐的发生率明显高于诱导组(10%vs1.6%,P=0.004)"
    result = extract("同期组3、4级恶心呕吐的发生率明显高于诱导组(10%vs1.6%,P=0.004)。")
    assert _one(result, "AE_rate", 1.6).arm_label == "诱导组"


def test_a_placebo_arm_written_with_its_backbone() -> None:
    text = ("The 5-year PFS rates were 64.9% and 59.1% in the Pola-R-CHP (n = 440) and placebo/R-CHOP "
            "(n = 439) arms, respectively (HR, 0.77).")
    result = extract(text)
    ctl = _one(result, "PFS_rate", 59.1)
    assert "vincristine" in ctl.arm and ctl.arm_label == "placebo/R-CHOP"
    assert "polatuzumab vedotin" in _one(result, "PFS_rate", 64.9).arm


def test_a_compared_control_given_as_a_choice() -> None:
    text = ("Patients were randomized to osimertinib versus gefitinib or erlotinib. "
            "Osimertinib delivered a median OS of 38.6 months versus 31.8 months for the comparator arm.")
    assert _one(extract(text), "mOS", 31.8).arm == ["gefitinib/erlotinib"]


def test_gains_and_ratios_are_no_results_of_their_own() -> None:
    text = ("The median PFS was 2.8 months longer with fulvestrant than anastrozole (HR 0.797). "
            "Patients were randomized (1/1) to receive toripalimab or placebo.")
    got = [(r.endpoint, r.value) for r in extract(text).records]
    assert got == [("HR", 0.797)]


def test_one_p_bound_for_several_comparisons() -> None:
    text = "早期和晚期移植组患者的中位PFS时间分别为60.2和16.7个月(P值均<0.001)。"
    got = {(r.value, r.p_value, r.p_operator) for r in extract(text).records}
    assert got == {(60.2, 0.001, "<"), (16.7, 0.001, "<")}


def test_two_endpoints_each_with_its_own_list() -> None:
    # zh_004: "一、二、三线治疗的中位PFS和中位OS分别为14、9、4月和26、39、53月"
    text = "一、二、三线治疗的中位无进展生存时间(PFS)和中位总生存时间(OS)分别为14、9、4月和26、39、53月。"
    got = [(r.endpoint, r.value, r.unit) for r in extract(text).records]
    assert got == [("mPFS", 14.0, "month"), ("mPFS", 9.0, "month"), ("mPFS", 4.0, "month"),
                   ("mOS", 26.0, "month"), ("mOS", 39.0, "month"), ("mOS", 53.0, "month")]


def test_both_arms_written_out_around_a_placebo() -> None:
    # en_060 (SPOTLIGHT): "to receive either zolbetuximab IV 800 mg/m2 (cycle 1, day 1) followed by
    # 600 mg/m2 (...) plus mFOLFOX6 IV for four 42-day cycles or placebo plus mFOLFOX6"
    result = extract(REAL / "en_060.txt")
    folfox = {"oxaliplatin", "fluorouracil", "leucovorin"}
    assert set(_one(result, "mOS", 18.23).arm) == folfox | {"zolbetuximab"}
    assert set(_one(result, "mOS", 15.54).arm) == folfox
    assert set(_one(result, "mPFS", 8.67).arm) == folfox


def test_the_same_design_in_an_unseen_wording() -> None:
    text = ("Patients were randomly assigned to receive either tislelizumab 200 mg every 3 weeks plus "
            "gemcitabine and cisplatin for six cycles or placebo plus gemcitabine and cisplatin. "
            "Median overall survival was 22.6 months versus 19.3 months (HR 0.73).")
    result = extract(text)
    assert set(_one(result, "mOS", 22.6).arm) == {"tislelizumab", "gemcitabine", "cisplatin"}
    assert set(_one(result, "mOS", 19.3).arm) == {"gemcitabine", "cisplatin"}


def test_a_control_defined_by_what_it_consists_of() -> None:
    # en_061 (DeLLphi-304): "tarlatamab (n=254) or standard chemotherapy (n=255) consisting of
    # topotecan, lurbinectedin, or amrubicin", later "... compared with chemotherapy (27% vs 62%)"
    result = extract(REAL / "en_061.txt")
    assert _one(result, "AE_rate", 62).arm == ["topotecan/lurbinectedin/amrubicin"]
    assert _one(result, "n_patients", 255).arm == ["topotecan/lurbinectedin/amrubicin"]


def test_two_qualified_controls_leave_the_bare_word_alone() -> None:
    text = ("Cohort 1 received standard chemotherapy consisting of docetaxel; cohort 2 received "
            "chemotherapy alone consisting of cisplatin and etoposide. The ORR was 12% with chemotherapy.")
    assert _one(extract(text), "ORR", 12).arm == []


def test_a_control_defined_after_a_colon_answers_to_its_group() -> None:
    # en_058 (MIRASOL): "investigator's choice of chemotherapy (n = 226): either paclitaxel (n = 92),
    # pegylated liposomal doxorubicin (n = 81), or topotecan (n = 53)", then "… in the chemotherapy group"
    result = extract(REAL / "en_058.txt")
    choice = ["paclitaxel/pegylated liposomal doxorubicin/topotecan"]
    pfs = [r for r in result.records if r.endpoint == "mPFS" and r.value == 3.98]
    assert len(pfs) == 2 and all(r.arm == choice for r in pfs)  # "chemotherapy group", "chemotherapy"


def test_strata_listed_before_say_nothing_of_the_values_after_them() -> None:
    # zh_071: "根据…进行危险因素分层,分为高危组、中危组、低危组" (methods), then "结果202例MM患者中53例(26.2%)达到CR"
    text = ("根据危险因素对患者进行分层,分为高危组、中危组、低危组。"
            "结果202例患者中53例(26.2%)达到CR,总有效率为88.1%。")
    result = extract(text)
    assert _one(result, "ORR", 88.1).arm_label is None and _one(result, "CR_rate", 26.2).arm_label is None


def test_a_class_glossed_by_one_drug_is_that_drug() -> None:
    text = "晚期胃癌一线治疗中，PD-1抑制剂(如纳武利尤单抗)联合化疗的中位OS为13.8个月。"
    assert set(_one(extract(text), "mOS", 13.8).arm) == {"nivolumab"}
    text = "The ORR with a PD-1 inhibitor (pembrolizumab) was 41%."
    assert _one(extract(text), "ORR", 41).arm == ["pembrolizumab"]


def test_a_class_with_two_drugs_in_its_bracket_is_not_glossed_by_the_first() -> None:
    text = "The ORR with a PD-1 inhibitor (pembrolizumab or nivolumab) was 41%."
    assert _one(extract(text), "ORR", 41).arm != ["pembrolizumab"]


def test_subgroups_of_a_one_treatment_study_take_its_treatment() -> None:
    # zh_012: a study of bevacizumab in mCRC, "一线治疗组RR为35.6%, DCR为88.9%。二线治疗组RR为19.2%"
    result = extract(REAL / "zh_012.txt")
    first = _one(result, "ORR", 35.6)
    assert first.arm == ["bevacizumab"] and first.arm_label == "一线治疗组"
    assert _one(result, "ORR", 19.2).arm_label == "二线治疗组"


def test_a_two_drug_combination_group_keeps_its_whole_label() -> None:
    # zh_024: "单药组、靶向治疗组与双药联合组中位无进展生存时间…分别为2.30个月、3.17个月和2.37个月"
    assert _one(extract(REAL / "zh_024.txt"), "mPFS", 2.37).arm_label == "双药联合组"


def test_both_groups_report_the_documents_comparison_in_order() -> None:
    # zh_049 (AHELP): "按照 2:1 的比例接受阿帕替尼 750 mg/d 或安慰剂口服", then "两组患者的中位 OS 分别为 8.7 月和 6.8 月"
    result = extract(REAL / "zh_049.txt")
    assert _one(result, "mOS", 8.7).arm == ["apatinib"]
    control = _one(result, "mOS", 6.8)
    assert control.arm == [] and control.arm_label == "安慰剂" and control.comparator == ["apatinib"]
    text = ("Patients were randomly assigned to receive lenvatinib or sorafenib. "
            "The ORR in the two groups was 24.1% and 9.2%, respectively.")
    assert _one(extract(text), "ORR", 9.2).arm == ["sorafenib"]


def test_a_group_label_glued_to_its_drug_defines_the_group() -> None:
    # zh_064: "與對照組Gemcitabine單治療的整體存活期(OS)中位數209天…", later "而對照組為48.86%"
    assert _one(extract(REAL / "zh_064.txt"), "DCR", 48.86).arm == ["gemcitabine"]
    text = "观察组ORR为45.0%，对照组索拉非尼为20.0%。随访1年，对照组的DCR为50.0%。"
    assert _one(extract(text), "DCR", 50.0).arm == ["sorafenib"]


def test_two_values_between_their_two_subjects() -> None:
    # en_050 (RELATIVITY-047): "The median PFS in the group receiving RELA plus NIVO was 10.1 months (95%
    # confidence interval [CI], 6.4-15.7) and 4.6 months (95% CI, 3.4-5.6) in the NIVO monotherapy group"
    result = extract(REAL / "en_050.txt")
    assert set(_one(result, "mPFS", 10.1).arm) == {"relatlimab", "nivolumab"}
    assert _one(result, "mPFS", 4.6).arm == ["nivolumab"]
    text = ("The ORR among patients treated with sintilimab was 42.1% (95% CI 30.2-54.8) and "
            "18.3% (95% CI 10.6-28.4) in the docetaxel group.")
    assert _one(extract(text), "ORR", 18.3).arm == ["docetaxel"]
    assert _one(extract(text), "ORR", 42.1).arm == ["sintilimab"]


def test_drugs_combined_with_he_bing_and_listed_then_called_a_combination() -> None:
    # zh_031: "顯示Enhertu合併Perjeta的中位無疾病進展生存期(PFS)達40.7個月,優於標準療法的26.9個月"
    result = extract(REAL / "zh_031.txt")
    assert set(_one(result, "mPFS", 40.7).arm) == {"trastuzumab deruxtecan", "pertuzumab"}
    assert _one(result, "mPFS", 26.9).arm_label == "標準療法"
    assert _one(result, "n_patients", 1157).arm == []  # a total over both arms
    # zh_037: "接受呋喹替尼和紫杉醇聯合療法的患者的中位PFS為5.6個月,而接受紫杉醇單藥療法的患者…(HR = 0.569)"
    result = extract(REAL / "zh_037.txt")
    assert set(_one(result, "HR", 0.569).arm) == {"fruquintinib", "paclitaxel"}


def test_radioactive_iodine_is_an_arm() -> None:
    # en_077: "randomly assigned to RAI therapy plus lenvatinib (RAI-L arm) or standard RAI therapy alone (RAI arm)"
    result = extract(REAL / "en_077.txt")
    assert "sodium iodide i 131" in {e.norm for e in result.entities if e.label == "DRUG"}
    assert _one(result, "ORR", 24).arm == ["sodium iodide i 131"]


def test_a_cooperative_group_is_no_treatment_group() -> None:
    text = "该方案显著改善美国东部肿瘤协作组体力状态评分(ECOG PS)0-1患者的总生存期(12.9个月)。"
    assert _one(extract(text), "mOS", 12.9).arm_label is None


def test_respectively_over_the_two_subjects_before_the_values() -> None:
    # en_083: "The median OS was significantly longer with tislelizumab than with chemotherapy — 8.6
    # months and 6.3 months, respectively"
    text = ("The median OS was significantly longer with tislelizumab than with docetaxel — 8.6 months "
            "and 6.3 months, respectively (HR, 0.70).")
    result = extract(text)
    assert _one(result, "mOS", 8.6).arm == ["tislelizumab"] and _one(result, "mOS", 6.3).arm == ["docetaxel"]


def test_rates_in_the_respective_arms_take_the_documents_comparison() -> None:
    # en_080 (KEYNOTE-A18): the comparison is named two paragraphs before "The 24-month PFS rates were
    # 70.6% and 59.7% in the respective arms"
    result = extract(REAL / "en_080.txt")
    assert _one(result, "PFS_rate", 70.6).arm == ["pembrolizumab"]
    control = _one(result, "PFS_rate", 59.7)
    assert control.arm == [] and control.comparator == ["pembrolizumab"]


def test_what_both_arms_received_joins_both_sides() -> None:
    # en_076 (KEYNOTE-966): "randomly assigned to receive pembrolizumab (…) or placebo. … Both arms
    # received gemcitabine (…) and cisplatin (…)", then "12.7 months in the pembrolizumab arm and 10.9
    # months in the placebo arm"
    result = extract(REAL / "en_076.txt")
    assert set(_one(result, "mOS", 12.7).arm) == {"pembrolizumab", "gemcitabine", "cisplatin"}
    assert set(_one(result, "mOS", 10.9).arm) == {"gemcitabine", "cisplatin"}
    text = ("患者随机接受特瑞普利单抗或安慰剂治疗,两组均接受吉西他滨联合顺铂。"
            "特瑞普利单抗组的中位PFS为11.7个月,安慰剂组为8.0个月。")
    assert set(_one(extract(text), "mPFS", 8.0).arm) == {"gemcitabine", "cisplatin"}


def test_a_control_glossed_by_its_drugs_in_brackets() -> None:
    # en_078: "randomly assigned … to receive dabrafenib plus trametinib or standard chemotherapy
    # (carboplatin plus vincristine)", then "an overall response occurred in 47% of the patients treated
    # with dabrafenib plus trametinib and in 11% of those treated with chemotherapy"
    result = extract(REAL / "en_078.txt")
    assert set(_one(result, "ORR", 11).arm) == {"carboplatin", "vincristine"}
    assert set(_one(result, "ORR", 47).arm) == {"dabrafenib", "trametinib"}
    text = "Patients received pembrolizumab or chemotherapy (n = 120). The ORR was 12% with chemotherapy."
    assert _one(extract(text), "ORR", 12).arm == []  # a bracket holding no drugs defines nothing


def test_both_given_with_either_of_two_regimens() -> None:
    # en_090 (KEYNOTE-859): "randomized 1:1 to pembrolizumab (pembro) 200 mg or placebo IV Q3W for ≤35
    # cycles, both given with either of 5-FU + cisplatin (FP) or capecitabine + oxaliplatin (CAPOX)":
    # one position per drug, the alternatives joined (guideline RD18)
    result = extract(REAL / "en_090.txt")
    backbone = {"fluorouracil/capecitabine", "cisplatin/oxaliplatin"}
    assert set(_one(result, "HR", 0.78).arm) == backbone | {"pembrolizumab"}


def test_myeloma_regimen_abbreviations() -> None:
    # en_091 (MAIA): "61.9 months vs 34.4 months in the D-Rd vs Rd arm, respectively"
    result = extract(REAL / "en_091.txt")
    assert set(_one(result, "mPFS", 61.9).arm) == {"daratumumab", "lenalidomide", "dexamethasone"}
    assert set(_one(result, "mPFS", 34.4).arm) == {"lenalidomide", "dexamethasone"}


def test_drug_or_placebo_with_a_schedule_then_the_backbone() -> None:
    # en_341 (ESCORT-1st): "to receive either camrelizumab 200 mg or placebo for up to 2 years, in
    # combination with up to 6 cycles of paclitaxel and cisplatin", then results by "the camrelizumab
    # plus chemotherapy group" and "the placebo plus chemotherapy group"
    result = extract(REAL / "en_341.txt")
    assert _one(result, "mOS", 15.6).arm == ["camrelizumab", "paclitaxel", "cisplatin"]
    assert _one(result, "mOS", 12.6).arm == ["paclitaxel", "cisplatin"]
    text = ("Methods: 402 patients were randomly assigned (1:1) to receive tislelizumab 200 mg or placebo every "
            "3 weeks, in combination with up to 4 cycles of carboplatin and etoposide. Results: Median overall "
            "survival was 15.5 months in the tislelizumab plus chemotherapy group and 13.5 months in the placebo "
            "plus chemotherapy group (HR 0.75, 95% CI 0.61-0.93).")
    result = extract(text)
    assert _one(result, "mOS", 15.5).arm == ["tislelizumab", "carboplatin", "etoposide"]
    assert _one(result, "mOS", 13.5).arm == ["carboplatin", "etoposide"]
    assert _one(result, "HR", 0.75).comparator == ["carboplatin", "etoposide"]
