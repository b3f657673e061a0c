"""Chinese comparisons written as "A组为a,较B组的b": the other arm's value after 较, the
difference after 较 and a verb, P values listed after "P值分别为", and medians in Chinese numerals.

Shapes seen in the eighteenth release's texts (zh_247, zh_277, zh_281, measured, now dev); every
sentence here is written anew.
"""

from __future__ import annotations

from extractor.ingest import document_from_text
from extractor.normalize import normalize
from extractor.pipeline import analyze


def _records(text: str):  # type: ignore[no-untyped-def]
    return analyze(document_from_text(text)).records


def test_the_value_after_jiao_is_the_other_arms():
    got = [(r.endpoint, r.value, r.arm_label, r.comparator_value)
           for r in _records("联合组中位PFS为9.4个月,较单药组的6.1个月显著延长。")]
    assert got == [("mPFS", 9.4, "联合组", 6.1), ("mPFS", 6.1, "单药组", 9.4)]


def test_jiao_inside_bijiao_carries_nothing():
    # "两组比较" is no comparison of values: the listed medians keep their order and groups
    got = [(r.endpoint, r.value) for r in _records(
        "甲、乙、丙三组中位OS分别为25、18和30个月,乙组与丙组比较显著缩短(P值分别为0.031、0.004)。")]
    assert got == [("mOS", 25.0), ("mOS", 18.0), ("mOS", 30.0)]


def test_a_verb_after_jiao_makes_the_value_a_difference():
    got = [(r.endpoint, r.value) for r in _records(
        "试验组患者中位OS达28个月,较对照组患者多6个月。试验组客观缓解率为45%,较对照组提高了12%。")]
    assert got == [("mOS", 28.0), ("ORR", 45.0)]
    # a risk reduction stays: it is the comparison's result
    got = [(r.endpoint, r.value) for r in _records("试验组较对照组死亡风险降低了31%。")]
    assert got == [("risk_reduction", 31.0)]


def test_p_values_listed_after_p_zhi_fenbie_wei():
    recs = _records("观察组与对照组的ORR分别为52.0%、30.5%,DCR分别为80.0%、61.0%(P值分别为0.012、0.038)。")
    assert [(r.endpoint, r.value) for r in recs] == [("ORR", 52.0), ("ORR", 30.5), ("DCR", 80.0), ("DCR", 61.0)]
    assert [r.p_value for r in recs[2:]] == [0.038, 0.038]  # the last listed P is the last pair's


def test_months_in_chinese_numerals_are_values():
    assert normalize("中位生存期由二十七個月延長至三十九個月").text == "中位生存期由27个月延长至39个月"
    assert normalize("存活期中位數十四個月").text == "存活期中位数14个月"
    assert normalize("治療十二週後").text == "治疗12周后"
    # bare numerals without 十 or 百 stay words: 一年, 三个月 of a schedule
    assert normalize("每三个月复查一次").text == "每三个月复查一次"
    got = [(r.endpoint, r.value, r.unit) for r in _records("加用免疫治療後,中位總生存期由二十七個月延長至三十九個月。")]
    assert [(e, v) for e, v, _ in got] == [("mOS", 27.0), ("mOS", 39.0)]


def test_control_rate_is_dcr_and_local_control_is_no_endpoint():
    got = [(r.endpoint, r.value) for r in _records("治疗后观察组缓解率为62.50%、控制率为90.00%,对照组为40.00%、70.00%。")]
    assert ("DCR", 90.0) in got and ("DCR", 70.0) in got
    got = [(r.endpoint, r.value) for r in _records(
        "A组的3年总生存率、局部控制率及无远处转移生存率分别为78.2%、91.0%、80.4%,B组为74.6%、88.3%、77.9%。")]
    assert got == [("OS_rate", 78.2), ("OS_rate", 74.6)]


def test_progression_free_survival_rates_by_other_names():
    got = [(r.endpoint, r.value) for r in _records("治疗组第4个疗程末的未进展存活率为52.3%。")]
    assert got == [("PFS_rate", 52.3)]
    got = [(r.endpoint, r.value, r.timepoint) for r in _records("全组患者1、3年的BFFS率分别为94%、81.5%。")]
    assert got == [("PFS_rate", 94.0, 12.0), ("PFS_rate", 81.5, 36.0)]


def test_each_group_value_in_its_bracket_joined_by_yu():
    # zh_273: "热灌注组不良反应发生率(28.36%)与对照组(29.87%)比较" -- written anew
    got = [(r.endpoint, r.value, r.arm_label, r.comparator_label)
           for r in _records("研究组总有效率(84.6%)与参照组(65.2%)比较,差异有统计学意义(P<0.05)。")]
    assert got == [("ORR", 84.6, "研究组", "参照组"), ("ORR", 65.2, "参照组", "研究组")]


def test_a_verb_or_heading_glued_before_a_group_name_is_no_part_of_it():
    recs = _records("将患者分为温热灌注组与常温灌注组。结果温热灌注组客观缓解率(45.0%)高于常温灌注组(28.3%)。")
    assert [(r.value, r.arm_label, r.comparator_label) for r in recs] == [
        (45.0, "温热灌注组", "常温灌注组"), (28.3, "常温灌注组", "温热灌注组")]


def test_a_group_given_its_treatment_after_a_time_of_the_operation():
    text = ("将患者分为早期组和常规组,早期组于术后2d行吉西他滨膀胱灌注,常规组于术后14d内应用吉西他滨膀胱灌注。"
            "早期组不良反应发生率为12.5%,常规组为10.8%。")
    got = [(r.value, tuple(r.arm), r.arm_label) for r in _records(text)]
    assert got == [(12.5, ("gemcitabine",), "早期组"), (10.8, ("gemcitabine",), "常规组")]


def test_a_crude_recurrence_share_has_no_endpoint():
    # RD168 (zh_273): '总复发率' is no coded endpoint; its values join no other endpoint either
    got = [(r.endpoint, r.value) for r in _records(
        "观察组不良反应发生率为8.0%,对照组为9.5%;观察组复发率(12.0%)低于对照组(25.0%)。")]
    assert got == [("AE_rate", 8.0), ("AE_rate", 9.5)]


def test_a_group_label_right_before_its_count_owns_it_after_a_cohort_total():
    # zh_271: "选取我院63例…患者随机分组,对照组31例,观察组32例,对照组予以…" -- written anew
    recs = _records("将96例患者随机分为治疗组50例和对照组46例,治疗组予以奥沙利铂联合卡培他滨,对照组予以卡培他滨。")
    got = [(r.value, tuple(r.arm), r.arm_label) for r in recs if r.endpoint == "n_patients"]
    assert got == [(96.0, (), None), (50.0, ("oxaliplatin", "capecitabine"), "治疗组"), (46.0, ("capecitabine",), "对照组")]


def test_a_groups_regimen_goes_on_drug_by_drug_after_semicolons():
    # zh_283: "观察组116例患者接受去甲氧柔红霉素(IDA)(8.0-10.0)mg/m2/d,…,d1-d3;阿糖胞苷100.0mg/m2/d,…;对照组…"
    text = ("A组58例患者接受吉西他滨1000mg/m2,静脉滴注,d1、d8;顺铂75mg/m2,d1;B组60例患者接受吉西他滨1000mg/m2,"
            "d1、d8;奈达铂80mg/m2,d1。A组ORR为41.4%,B组为38.3%。")
    got = [(r.endpoint, r.value, tuple(r.arm)) for r in _records(text)]
    assert ("n_patients", 58.0, ("gemcitabine", "cisplatin")) in got
    assert ("n_patients", 60.0, ("gemcitabine", "nedaplatin")) in got
    assert ("ORR", 38.3, ("gemcitabine", "nedaplatin")) in got


def test_lettered_groups_keep_their_own_regimens():
    # "B组" read back took the nearest phrase before it (A组's regimen) -- written anew
    got = [(r.value, tuple(r.arm), r.arm_label) for r in _records(
        "A组采用吉西他滨联合顺铂,B组采用吉西他滨联合奈达铂。A组ORR为41.4%,B组为38.3%。")]
    assert got == [(41.4, ("gemcitabine", "cisplatin"), "A组"), (38.3, ("gemcitabine", "nedaplatin"), "B组")]


def test_counts_of_events_are_no_group_sizes():
    # zh_103 / zh_170 shapes: "结果23例已死亡,57人仍存活", "单独鼻咽部复发3例" -- written anew
    got = [(r.endpoint, r.value) for r in _records(
        "共纳入86例患者。随访至今,31例已死亡,55人仍存活;局部复发6例,远处转移9例。")]
    assert got == [("n_patients", 86.0)]


def test_the_other_groups_listed_values_follow_the_endpoints_in_order():
    # zh_271: "观察组缓解率为71.88%(23/32)、控制率为87.50%(28/32),高于对照组45.16%(14/31)、64.52%(20/31)"
    got = [(r.endpoint, r.value, r.arm_label, r.comparator_value) for r in _records(
        "治疗组客观缓解率为52.5%(21/40)、疾病控制率为85.0%(34/40),均高于对照组的30.0%(12/40)、62.5%(25/40)。")
        if r.endpoint != "n_patients"]
    assert got == [("ORR", 52.5, "治疗组", 30.0), ("DCR", 85.0, "治疗组", 62.5),
                   ("ORR", 30.0, "对照组", 52.5), ("DCR", 62.5, "对照组", 85.0)]


def test_the_same_arms_again_for_another_subset_after_a_comma():
    # zh_279: "10年生存率在非那雄胺组为83.0%,在安慰剂组为80.9%,相应的高分级前列腺癌男性则分别为73.0%和73.6%"
    got = [(r.value, r.arm_label, r.comparator_value) for r in _records(
        "低危患者的5年生存率在联合组为88.2%,在单药组为85.1%,相应的高危患者则分别为52.4%和47.9%。")]
    assert got == [(88.2, "联合组", 85.1), (85.1, "单药组", 88.2), (52.4, "联合组", 47.9), (47.9, "单药组", 52.4)]


def test_a_pair_after_two_coordinated_groups_is_not_compared_by_the_next_clause():
    # zh_255: "试验组与对照组的缓解率差异无统计学意义(38.46% vs. 20.00%,P>0.05),但试验组获益率明显高于对照组(…)"
    got = [(r.endpoint, r.value, r.arm_label) for r in _records(
        "研究组与参照组的客观缓解率差异无统计学意义(41.2% vs. 33.3%,P>0.05),但研究组疾病控制率明显高于参照组(82.4% vs. 61.1%,P<0.05)。")]
    assert got == [("ORR", 41.2, "研究组"), ("ORR", 33.3, "参照组"), ("DCR", 82.4, "研究组"), ("DCR", 61.1, "参照组")]


def test_laboratory_adverse_events_named_as_decreases():
    # zh_294 (nineteenth release, measured, now dev): a drug label's "血红蛋白降低" -- written anew
    got = [(r.endpoint, r.value) for r in _records("治疗组血小板计数降低 41.0%,血红蛋白降低 12.5%,淋巴细胞计数降低 8.0%。")]
    assert got == [("AE_rate", 41.0), ("AE_rate", 12.5), ("AE_rate", 8.0)]


def test_recurrence_free_and_event_free_survival_written_with_cunhuo():
    # zh_285 (nineteenth release, measured, now dev): "5年无复发存活率分别为…" read as OS -- written anew
    got = [(r.endpoint, r.value, r.timepoint) for r in _records(
        "低危、高危患者3年无复发存活率分别为92.0%、70.5%,3年无事件存活率分别为90.1%、66.3%。")]
    assert got == [("RFS_rate", 92.0, 36.0), ("RFS_rate", 70.5, 36.0), ("EFS_rate", 90.1, 36.0), ("EFS_rate", 66.3, 36.0)]


def test_a_share_of_the_patients_then_the_outcome():
    # zh_292 (nineteenth release, measured, now dev): "其中2.8%的患者完全缓解,33%的患者部分缓解" -- written anew
    got = [(r.endpoint, r.value) for r in _records("客观缓解率为41%,其中5.1%的患者达到完全缓解,35.9%的患者部分缓解。")]
    assert got == [("ORR", 41.0), ("CR_rate", 5.1), ("PR_rate", 35.9)]


def test_orr_printed_with_a_zero():
    # RD296 (zh_291): "0RR" with a zero for the O -- written anew
    assert [(r.endpoint, r.value) for r in _records("两组0RR分别为12.5%和6.0%。")] == [("ORR", 12.5), ("ORR", 6.0)]
