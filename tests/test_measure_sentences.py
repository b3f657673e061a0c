"""extract_records on short sentences of our own, both languages, with hand-made entities.

Entities are built by hand (surface -> norm) so these tests do not depend on the
entity stage; expected values were decided by reading each sentence.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractor.ingest import document_from_text
from extractor.measure import extract_records
from extractor.models import Entity, Record, Reference
from extractor.pipeline import prepare

DRUGS = {
    "索拉非尼": "sorafenib", "仑伐替尼": "lenvatinib", "瑞戈非尼": "regorafenib", "nivolumab": "nivolumab",
    "Nivolumab": "nivolumab", "sorafenib": "sorafenib", "阿替利珠单抗": "atezolizumab",
    "貝伐珠單抗": "bevacizumab", "阿替利珠單抗": "atezolizumab", "pembrolizumab": "pembrolizumab",
    "cabozantinib": "cabozantinib",
    "吉非替尼": "gefitinib", "gefitinib": "gefitinib", "lenvatinib": "lenvatinib", "regorafenib": "regorafenib",
    "ramucirumab": "ramucirumab", "Nivolumab": "nivolumab", "Cabozantinib": "cabozantinib",
}
CLASSES = {"PD-1单抗": "anti-PD-1"}
TRIALS = {"REFLECT": "REFLECT", "IMbrave150": "IMbrave150", "CheckMate 459": "CheckMate 459",
          "CELESTIAL": "CELESTIAL"}


def _entities(text: str) -> list[Entity]:
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    tables = [("TRIAL", TRIALS), ("DRUG_CLASS", CLASSES), ("DRUG", DRUGS)]
    for label, table in tables:
        for surface in sorted(table, key=len, reverse=True):
            start = text.find(surface)
            while start >= 0:
                end = start + len(surface)
                if not any(a < end and start < b for a, b in taken):
                    taken.append((start, end))
                    out.append(Entity(label=label, text=surface, start=start, end=end, norm=table[surface],  # type: ignore[arg-type]
                                      rule="test"))
                start = text.find(surface, end)
    return sorted(out, key=lambda e: e.start)


def run(text: str, references: list[Reference] | None = None) -> list[Record]:
    doc = document_from_text(text)
    view = prepare(doc)
    records = extract_records(doc, view, _entities(text), references or [])
    for r in records:  # grounding: the record's span is the number as written
        assert doc.text[r.start : r.end].strip()
        assert any(ch.isdigit() for ch in doc.text[r.start : r.end])
    return records


def pick(records: list[Record], *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(r, f) for f in fields) for r in records]


CASES = [
    # English abstract style, CI and P and HR
    ("In CheckMate 459, median OS was 19.2 months (95% CI 17.0–23.7) with nivolumab vs 13.4 months with "
     "sorafenib; HR 0.66, p<0.001.",
     ("endpoint", "value", "unit", "arm", "comparator", "ci_low", "ci_high", "p_operator", "p_value", "trial"),
     [("mOS", 19.2, "month", ["nivolumab"], ["sorafenib"], 17.0, 23.7, "<", 0.001, "CheckMate 459"),
      ("mOS", 13.4, "month", ["sorafenib"], ["nivolumab"], None, None, "<", 0.001, "CheckMate 459"),
      ("HR", 0.66, None, ["nivolumab"], ["sorafenib"], None, None, "<", 0.001, "CheckMate 459")]),
    ("The ORR was 30% (95% CI, 20-41%) and the DCR was 65%.",
     ("endpoint", "value", "unit", "ci_low", "ci_high", "ci_level"),
     [("ORR", 30.0, "%", 20.0, 41.0, 95.0), ("DCR", 65.0, "%", None, None, None)]),
    ("仑伐替尼组和索拉非尼组的中位PFS分别为6.9个月和4.3个月。",
     ("endpoint", "value", "unit", "arm", "rule"),
     [("mPFS", 6.9, "month", ["lenvatinib"], "value.respectively"),
      ("mPFS", 4.3, "month", ["sorafenib"], "value.respectively")]),
    ("IMbrave150研究中，阿替利珠單抗聯合貝伐珠單抗的中位總生存期為19.2個月，客觀緩解率為30%（95%置信區間 25-35%）。",
     ("endpoint", "value", "unit", "arm", "trial", "ci_low", "ci_high"),
     [("mOS", 19.2, "month", ["atezolizumab", "bevacizumab"], "IMbrave150", None, None),
      ("ORR", 30.0, "%", ["atezolizumab", "bevacizumab"], "IMbrave150", 25.0, 35.0)]),
    ("風險比為0.79（95% CI: 0.68-0.92），P＜0.001。",
     ("endpoint", "value", "ci_low", "ci_high", "p_operator", "p_value"),
     [("HR", 0.79, 0.68, 0.92, "<", 0.001)]),
    ("ORR and DCR were 13% and 27%, respectively.",
     ("endpoint", "value", "unit", "rule"),
     [("ORR", 13.0, "%", "value.respectively"), ("DCR", 27.0, "%", "value.respectively")]),
    ("1-year and 2-year OS rates were 55% and 38%, respectively.",
     ("endpoint", "value", "timepoint"),
     [("OS_rate", 55.0, 12.0), ("OS_rate", 38.0, 24.0)]),
    ("1年、2年、3年總生存率分別為42.4%、32.3%和21.6%。",
     ("endpoint", "value", "timepoint"),
     [("OS_rate", 42.4, 12.0), ("OS_rate", 32.3, 24.0), ("OS_rate", 21.6, 36.0)]),
    ("与安慰剂相比，cabozantinib使死亡风险降低了24%。",
     ("endpoint", "value", "unit", "arm"),
     [("risk_reduction", 24.0, "%", ["cabozantinib"])]),
    ("3级或以上不良事件发生率为12.5%。",
     ("endpoint", "value", "grade"),
     [("AE_rate", 12.5, ">=3")]),
    ("Grade 3-4 treatment-related adverse events occurred in 18% of patients.",
     ("endpoint", "value", "grade"),
     [("AE_rate", 18.0, "3-4")]),
    ("中位TTP为5.4个月(3.9~7.1个月)。",
     ("endpoint", "value", "ci_low", "ci_high"),
     [("mTTP", 5.4, 3.9, 7.1)]),
    ("The 12-month PFS rate was 34.2% versus 21.0%.",
     ("endpoint", "value", "timepoint", "comparator_value"),
     [("PFS_rate", 34.2, 12.0, 21.0), ("PFS_rate", 21.0, 12.0, 34.2)]),
    ("瑞戈非尼联合PD-1单抗组与瑞戈非尼单药组的mOS为13.4个月比9.9个月。",
     ("endpoint", "value", "arm", "comparator", "rule"),
     [("mOS", 13.4, ["regorafenib", "class:anti-PD-1"], ["regorafenib"], "value.comparison.vs"),
      ("mOS", 9.9, ["regorafenib"], ["regorafenib", "class:anti-PD-1"], "value.comparison.vs")]),
    ("A total of 91 patients were enrolled; median DOR was 11.5 mo.",
     ("endpoint", "value", "unit"),
     [("n_patients", 91.0, "patients"), ("mDOR", 11.5, "month")]),
    ("根据RECIST v1.1和mRECIST评估的ORR为30%。",
     ("endpoint", "value", "criterion", "rule"),
     [("ORR", 30.0, "RECIST 1.1/mRECIST", "value.criteria")]),
    ("ORR(mRECIST:36.2%vs16.4%;RECIST 1.1:24.1%vs9.1%)",
     ("value", "criterion", "comparator_value"),
     [(36.2, "mRECIST", 16.4), (16.4, "mRECIST", 36.2), (24.1, "RECIST 1.1", 9.1), (9.1, "RECIST 1.1", 24.1)]),
    # placebo is no drug: its side has arm [] and its words as the label (A4, A6)
    ("pembrolizumab较安慰剂显著延长mOS(14.6个月 vs 13.0个月, P=0.018)。",
     ("value", "arm", "arm_label", "comparator", "comparator_label", "p_value"),
     [(14.6, ["pembrolizumab"], None, [], "安慰剂", 0.018), (13.0, [], "安慰剂", ["pembrolizumab"], None, 0.018)]),
    ("Nivolumab单药治疗一线索拉非尼耐药HCC患者,ORR为21%,mOS为15.6个月。",
     ("endpoint", "value", "arm"),
     [("ORR", 21.0, ["nivolumab"]), ("mOS", 15.6, ["nivolumab"])]),
    ("换单药组的ORR(16.3% vs 3.8%, $P=0.039$)显著高于换双药组。",
     ("value", "arm", "arm_label", "comparator_label", "p_value"),
     [(16.3, [], "换单药组", "换双药组", 0.039), (3.8, [], "换双药组", "换单药组", 0.039)]),
]


@pytest.mark.parametrize(("text", "fields", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_sentences(text: str, fields: tuple[str, ...], expected: list[tuple[Any, ...]]) -> None:
    assert pick(run(text), *fields) == expected


@pytest.mark.parametrize(
    "text",
    [
        "原发性肝癌是全球常见的消化系统恶性肿瘤,每年约有90.6万新发病例,约83.0万死亡病例。",
        "在原发性肝癌中,肝细胞癌(HCC)是主要的病理类型,占75%~85%。",
        "2022年版BCLC肝癌分期指南推荐选择系统治疗^[5]。",
        "Ipilimumab(CTLA-4抑制剂,3 mg/kg,1次/3周)联合Nivolumab(1 mg/kg)治疗。",
        "随访12个月时仍有患者存活。",  # a bare follow-up time is not the median follow-up
        "两例CR患者持续缓解。",  # X6: a count written in Chinese numerals grounds nothing
        "3例患者死亡,2例出现3级皮疹。",  # outcome counts that are not responses
        "Two patients achieved a complete response.",
        "mOS和mPFS均显著长于对照组。",
        "Received 2023-03-20; grant 2020A1515011539.",
    ],
)
def test_no_records_without_an_efficacy_value(text: str) -> None:
    assert run(text) == []


def test_comparison_links_and_ids() -> None:
    text = "REFLECT研究^[8]显示仑伐替尼的疗效非劣效于索拉非尼(mOS:13.6个月vs12.3个月)。"
    recs = run(text, [Reference(number=8, text="x", start=0, end=1, doi="10.1016/S0140-6736(18)30207-1")])
    a, b = recs
    assert (a.id, b.id) == ("r0", "r1")
    assert (a.comparator_id, b.comparator_id) == ("r1", "r0")
    assert (a.arm, a.comparator, a.comparator_value) == (["lenvatinib"], ["sorafenib"], 12.3)
    assert (a.citations, a.dois, a.trial) == ([8], ["10.1016/S0140-6736(18)30207-1"], "REFLECT")
    assert (a.sentence, a.sentence_start, a.sentence_end) == ("", 0, len(text))  # by offsets, no copy


def test_counts_pairs_fractions_and_outcome_counts() -> None:
    recs = run("瑞戈非尼联合PD-1单抗对比瑞戈非尼单药(58例vs55例)。50%(26/52)患者转组,其中1例疾病缓解,13例疾病稳定。")
    assert pick(recs, "endpoint", "value", "n", "arm") == [
        ("n_patients", 58.0, None, ["regorafenib", "class:anti-PD-1"]),
        ("n_patients", 55.0, None, ["regorafenib"]),
        ("n_patients", 52.0, None, ["regorafenib", "class:anti-PD-1"]),  # the denominator; arm from the sentence before
        ("n_response", 1.0, 52, ["regorafenib", "class:anti-PD-1"]),
        ("n_SD", 13.0, 52, ["regorafenib", "class:anti-PD-1"]),
    ]


def test_group_labels_resolve_to_named_arms() -> None:
    recs = run("瑞戈非尼联合PD-1单抗对比瑞戈非尼单药,结果显示联合组的mOS(13.4个月vs9.9个月)显著优于单药组。")
    assert pick(recs, "arm", "arm_label", "comparator", "comparator_label") == [
        (["regorafenib", "class:anti-PD-1"], "联合组", ["regorafenib"], "单药组"),
        (["regorafenib"], "单药组", ["regorafenib", "class:anti-PD-1"], "联合组"),
    ]


def test_a_group_given_a_procedure_joined_to_its_drug() -> None:
    # "X组给予<procedure>联合<drug>": the drug after the joined procedure is the group's (zh_299's shape)
    recs = run("对照组给予小口径导管微创引流联合索拉非尼治疗,观察组给予小口径导管微创引流联合仑伐替尼治疗。观察组有效率高于对照组(80%比60%)。")
    assert pick(recs, "arm", "arm_label") == [(["lenvatinib"], "观察组"), (["sorafenib"], "对照组")]


def test_trial_from_earlier_sentence_of_the_paragraph() -> None:
    recs = run("CELESTIAL研究^[18]纳入了既往接受索拉非尼的患者。该研究中cabozantinib的mPFS为5.2个月。")
    assert pick(recs, "endpoint", "trial", "arm") == [("mPFS", "CELESTIAL", ["cabozantinib"])]


def test_traditional_and_simplified_give_the_same_records() -> None:
    zh_s = run("客观缓解率为21%,中位总生存期为15.6个月,风险比为0.8。")
    zh_t = run("客觀緩解率為21%，中位總生存期為15.6個月，風險比為0.8。")
    assert pick(zh_s, "endpoint", "value", "unit") == pick(zh_t, "endpoint", "value", "unit") == [
        ("ORR", 21.0, "%"), ("mOS", 15.6, "month"), ("HR", 0.8, None)]


NEW_ENDPOINTS = [
    # zh_331: "分为Ⅱa期21例(Ⅱa组)、Ⅲa期24例(Ⅲa组)": each count's group bracketed after it
    ("按治疗方式分为单药30例(单药组)、联合42例(联合组)。", ("endpoint", "value", "arm_label"),
     [("n_patients", 30.0, "单药组"), ("n_patients", 42.0, "联合组")]),
    # RD380 (en_337): a lay text's share whose cancer shrank is the response rate; shrinking "by at
    # least 30%" is a partial response's definition, not the response rate (en_084)
    ("In the study, 42% of patients treated with the combination had their tumors shrink.", ("endpoint", "value"),
     [("ORR", 42.0)]),
    ("Of the participants, 34% had their tumors shrink by at least 30%.", ("endpoint", "value"), []),
    # zh_332: "手术+化疗±放疗组": a treatment given or not is part of the group's name
    ("手术+化疗±放疗组中位生存时间为48个月,放化疗组为29个月。", ("value", "arm_label"),
     [(48.0, "手术+化疗±放疗组"), (29.0, "放化疗组")]),
    # zh_331: groups named by a stage ("Ⅲa组", which the view writes "III a组")
    ("Ⅱb组的3年OS为70.5%,Ⅲb组为51.2%。", ("value", "arm_label"), [(70.5, "Ⅱb组"), (51.2, "Ⅲb组")]),
    # en_336: "Among the 54 patients who achieved CR, 49 remained in remission": the responders counted
    ("Of the 41 patients who achieved a complete response, 30 remained in remission.",
     ("endpoint", "value"), [("n_CR", 41.0)]),
    # zh_339: a downstaging rate has no code; its value is not the response rate before it
    ("After chemoradiotherapy the complete response rate was 21.5% and the downstaging rate was 60.2%.",
     ("endpoint", "value"), [("CR_rate", 21.5)]),
    # zh_339 (RD141): cancer-specific survival has no code, and its values are no other endpoint's
    ("There was no difference between the groups (OS: 88.2% vs. 80.5%; DFS: 84.0% vs. 77.1%; CSS: 90.3% vs. 89.0%).",
     ("endpoint", "value"), [("OS_rate", 88.2), ("OS_rate", 80.5), ("DFS_rate", 84.0), ("DFS_rate", 77.1)]),
    ("两组无病生存率分别为84.0%和77.1%,肿瘤特异性生存率分别为90.3%和89.0%。",
     ("endpoint", "value"), [("DFS_rate", 84.0), ("DFS_rate", 77.1)]),
    # en_329: "The median survival following gross tumor resection (GTR) was 22.5 months, subtotal
    # resection (STR) was 14.9 months, and biopsy was 12.1 months": the endpoint carried over subsets
    ("Median OS after lobectomy was 40.2 months, segmentectomy (SEG) was 35.6 months, and wedge resection "
     "was 28.1 months; the difference was 3.4 months.",
     ("endpoint", "value"), [("mOS", 40.2), ("mOS", 35.6), ("mOS", 28.1)]),
    # zh_326: three groups' blocks after one timepoint list, and group names of treatments joined by
    # "+" and "/" ("化疗+手术+化/放疗组")
    ("局限期患者中,单纯化/放疗组1、2、3年生存率为60.2%、31.5%、12.4%,化疗+手术组为80.3%、52.6%、35.1%;"
     "手术+化/放疗组为75.8%、41.9%、25.0%。",
     ("value", "timepoint", "arm_label"),
     [(60.2, 12.0, "单纯化/放疗组"), (31.5, 24.0, "单纯化/放疗组"), (12.4, 36.0, "单纯化/放疗组"),
      (80.3, 12.0, "化疗+手术组"), (52.6, 24.0, "化疗+手术组"), (35.1, 36.0, "化疗+手术组"),
      (75.8, 12.0, "手术+化/放疗组"), (41.9, 24.0, "手术+化/放疗组"), (25.0, 36.0, "手术+化/放疗组")]),
    ("甲组1、3年生存率为71.0%、40.2%,乙组为65.3%、33.0%,丙组为50.1%、20.4%。",
     ("value", "arm_label"),
     [(71.0, "甲组"), (40.2, "甲组"), (65.3, "乙组"), (33.0, "乙组"), (50.1, "丙组"), (20.4, "丙组")]),
    # en_319: "improved median PFS and 3-year PFS rate vs no maintenance (50.3 vs 30.8 months [HR …] and
    # 56% vs 42%, respectively)": a timepoint opens the second listed endpoint
    ("Regorafenib improved median PFS and 1-year PFS rate (6.2 vs 3.1 months and 28% vs 11%, respectively).",
     ("endpoint", "value", "timepoint"),
     [("mPFS", 6.2, None), ("mPFS", 3.1, None), ("PFS_rate", 28.0, 12.0), ("PFS_rate", 11.0, 12.0)]),
    # zh_323 (RD365): deaths of a named kind reported as safety data are a fatal AE's rate
    ("在伊布替尼组,心源性死亡事件发生率为2.4%。", ("endpoint", "value"), [("AE_rate", 2.4)]),
    # en_323 (RD243): a complete cytogenetic response is a complete response rate
    ("The rate of complete cytogenetic response at 12 months was 81%.", ("endpoint", "value"), [("CR_rate", 81.0)]),
    # en_311: "The median follow-up times for PFS were 7.6 months … and 7.1 months": the endpoint
    # after "for" says what the follow-up was counted for
    ("The median follow-up for OS was 20.3 months.", ("endpoint", "value"), [("median_follow_up", 20.3)]),
    ("Median follow-up times for PFS were 9.1 and 8.7 months, respectively.", ("endpoint", "value"),
     [("median_follow_up", 9.1), ("median_follow_up", 8.7)]),
    # zh_316: "疾病控制率(完全缓解+部分缓解+疾病稳定)为84%(21/25)": every outcome of the gloss glosses
    ("疾病控制率(完全缓解+部分缓解+疾病稳定)为72%。", ("endpoint", "value"), [("DCR", 72.0)]),
    # responder counts: outcome after the count (fillers between), or before it
    ("其中CR 2例,PR 5例,SD 8例。",
     ("endpoint", "value", "unit"),
     [("n_CR", 2.0, "patients"), ("n_PR", 5.0, "patients"), ("n_SD", 8.0, "patients")]),
    ("3例患者获得部分缓解(RECIST 1.1),4例病情稳定。",
     ("endpoint", "value", "criterion"),
     [("n_PR", 3.0, "RECIST 1.1"), ("n_SD", 4.0, None)]),
    ("Complete response was observed in 4 patients and 6 patients had a partial response.",
     ("endpoint", "value"),
     [("n_CR", 4.0), ("n_PR", 6.0)]),
    ("12例患者中2例获得缓解。",
     ("endpoint", "value", "n"),
     [("n_patients", 12.0, None), ("n_response", 2.0, 12)]),
    # durations of response of named patients
    ("1例PR患者持续缓解达8.4个月。",
     ("endpoint", "value", "unit", "population"),
     [("n_PR", 1.0, "patients", None), ("DOR", 8.4, "month", "PR patients")]),
    ("Two patients with a complete response had responses lasting 14.2 months and 20.5 months.",
     ("endpoint", "value", "population"),
     [("DOR", 14.2, "CR patients"), ("DOR", 20.5, "CR patients")]),
    # the median follow-up is a record; a bare follow-up time is not
    ("After a median follow-up of 24.6 months, the ORR was 35%.",
     ("endpoint", "value", "unit"),
     [("median_follow_up", 24.6, "month"), ("ORR", 35.0, "%")]),
    ("随访12个月时,客观缓解率为20%。",
     ("endpoint", "value"),
     [("ORR", 20.0)]),
    # a fraction: its denominator is a group size; the numerator and the share are composition
    ("72.0%(36/50)的患者为男性。",
     ("endpoint", "value", "unit"),
     [("n_patients", 50.0, "patients")]),
    ("客观缓解率为25%(5/20)。",
     ("endpoint", "value", "n"),
     [("ORR", 25.0, 20), ("n_patients", 20.0, None)]),
    # a count in brackets after a share is its numerator (X4); "N例中M例" names the group first
    ("观察组客观缓解率为90.0%(36例),对照组为72.5%(29例)。",
     ("endpoint", "value", "arm_label"),
     [("ORR", 90.0, "观察组"), ("ORR", 72.5, "对照组")]),
    ("诱导治疗后CR率为75.0%(40例中30例)。",
     ("endpoint", "value"),
     [("CR_rate", 75.0), ("n_patients", 40.0)]),
    ("中位生存期为13.2月,中位进展期为8.6月。",
     ("endpoint", "value"),
     [("mOS", 13.2), ("mTTP", 8.6)]),
    # 达到 is a copula of results, no hedge; a duration reached "或更长" is a threshold, no median
    ("单臂研究中,客观缓解率达到53.3%,其中缓解持续时间达到6个月或更长的患者占63%。",
     ("endpoint", "value"),
     [("ORR", 53.3)]),
    # responder counts after an outcome with its bracketed gloss; a count after a list of outcomes is a cohort
    ("结果:完全缓解(complete remission, CR)5例(7.7%),部分缓解(partial remission, PR)44例(67.7%)。",
     ("endpoint", "value"),
     [("n_CR", 5.0), ("CR_rate", 7.7), ("n_PR", 44.0), ("PR_rate", 67.7)]),
    ("将完全缓解(CR)、部分缓解(PR)或疾病稳定(SD)的62例患者分为2组。",
     ("endpoint", "value"),
     [("n_patients", 62.0)]),
    # the reduction verb before its share and the risk after it ("降低了43%的死亡风险")
    ("与化疗相比,该药降低了43%的死亡风险,并降低35%疾病进展或死亡风险。",
     ("endpoint", "value"),
     [("risk_reduction", 43.0), ("risk_reduction", 35.0)]),
    # "of people in group A were alive": a group named by its letter after "in"
    ("22% of people in group A were alive 2 years after treatment, 25% in group B and 28% in group C.",
     ("endpoint", "value", "timepoint"),
     [("OS_rate", 22.0, 24.0), ("OS_rate", 25.0, 24.0), ("OS_rate", 28.0, 24.0)]),
    # an endpoint may wait across three commas for its value ("hazard ratio for disease progression,
    # disease recurrence, or death, 0.63")
    ("EFS was longer with drug A (hazard ratio for disease progression, disease recurrence, or death, 0.63; "
     "97.38% CI, 0.43 to 0.91; P=0.005).",
     ("endpoint", "value", "ci_low", "p_value"),
     [("HR", 0.63, 0.43, 0.005)]),
    # "Corresponding rates in the comparator arm were …" in the next sentence: the rates named last,
    # all of the one arm named before the values
    ("Patients in the sorafenib arm had 12- and 24-month OS rates of 89.5% and 82.2%, respectively. "
     "Corresponding rates in the control arm were 86.5% and 75.2%.",
     ("endpoint", "value", "arm", "arm_label"),
     [("OS_rate", 89.5, ["sorafenib"], None), ("OS_rate", 82.2, ["sorafenib"], None),
      ("OS_rate", 86.5, [], "control arm"), ("OS_rate", 75.2, [], "control arm")]),
    # "a 68% 3-year EFS": a share before its time and timed endpoint, after an article
    ("Salvage therapy gave an 85% CR rate and a 68% 3-year EFS.",
     ("endpoint", "value"),
     [("CR_rate", 85.0), ("EFS_rate", 68.0)]),
    # a biomarker's cut-off defines a subgroup, no result
    ("The ORR was higher in patients with PD-L1 expression of at least 5% (44.3% vs 33.6%).",
     ("endpoint", "value"),
     [("ORR", 44.3), ("ORR", 33.6)]),
    # a benefit, advantage or improvement between medians is a difference (RD20), no median
    ("The median survival benefit was 4 months: median overall survival was 10.2 months with drug A.",
     ("endpoint", "value"),
     [("mOS", 10.2)]),
    # a ratio bracketed right after an endpoint that has no value yet: the value after the bracket is the
    # endpoint's ("Median PFS (HR …; p<…) was 7.7 months …"); "OS (HR 0.78, …), PFS (HR 0.76, …)" stays ratios
    ("Median PFS (HR 0.68; 98% CI: 0.56 to 0.81; p<0.0001) was 7.7 months with drug A.",
     ("endpoint", "value"),
     [("HR", 0.68), ("mPFS", 7.7)]),
    ("The drug improved OS (HR 0.78, P < 0.0001), PFS (HR 0.76, P < 0.0001), and ORR (51.3% vs 42.0%).",
     ("endpoint", "value"),
     [("HR", 0.78), ("HR", 0.76), ("ORR", 51.3), ("ORR", 42.0)]),
    # a survival share whose time leads with its unit ("at year 1") is the timed rate, however the
    # population stands between the endpoint and the share
    ("Progression-free survival in high-risk patients was 30% at year 1.",
     ("endpoint", "value", "timepoint"),
     [("PFS_rate", 30.0, 12.0)]),
    ("Overall, 18% of patients suffered grade 3-4 neutropenia.",
     ("endpoint", "value", "grade"),
     [("AE_rate", 18.0, "3-4")]),
    # a share before the verb and the event it counts, with no 的 ("x% 患者发生…", "x%发生了…")
    ("安全性方面,42.0% 患者发生中性粒细胞减少,18.5%发生了腹泻。",
     ("endpoint", "value"),
     [("AE_rate", 42.0), ("AE_rate", 18.5)]),
    # bare counts in brackets after each arm of one allocated phrase ("to A (130) or B (127)")
    ("Patients were allocated to sorafenib (130) or lenvatinib (127).",
     ("endpoint", "value", "arm"),
     [("n_patients", 130.0, ["sorafenib"]), ("n_patients", 127.0, ["lenvatinib"])]),
    # "(77 of 104)" after a share is a fraction written in words: the denominator sizes the group
    ("The response rate was 74% (77 of 104) with drug A and 14% (14 of 98) with drug B.",
     ("endpoint", "value"),
     [("ORR", 74.0), ("n_patients", 104.0), ("ORR", 14.0), ("n_patients", 98.0)]),
    # counts of one sex are the cohort's composition (X4), written 男性 / 女性患者 before the count too
    ("分为联合组(60例,男性35例,女性25例)和单药组(58例,男性30例,女性28例)。",
     ("endpoint", "value", "arm_label"),
     [("n_patients", 60.0, "联合组"), ("n_patients", 58.0, "单药组")]),
    ("共纳入患者120例,其中男性患者70例,女性患者50例,中位年龄61岁。",
     ("endpoint", "value"),
     [("n_patients", 120.0)]),
    # two clauses, each with its own arm and endpoint word, compare the arms; a third value between
    # (a list of subgroups) or a line break does not
    ("仑伐替尼组中位PFS为7.4个月,索拉非尼组中位PFS为3.7个月。",
     ("endpoint", "value", "arm", "comparator", "comparator_value"),
     [("mPFS", 7.4, ["lenvatinib"], ["sorafenib"], 3.7), ("mPFS", 3.7, ["sorafenib"], ["lenvatinib"], 7.4)]),
    ("仑伐替尼组中位PFS为7.4个月\n• 索拉非尼组中位PFS为3.7个月。",
     ("endpoint", "value", "comparator_value"),
     [("mPFS", 7.4, None), ("mPFS", 3.7, None)]),
    # a route or dose word between the arm cue and the drug ("in the IV X arm", "with low-dose Y")
    ("Median overall survival was 8.5 months in the IV sorafenib plus BSC arm compared to 4.7 months in BSC only arm.",
     ("endpoint", "value", "arm", "arm_label"),
     [("mOS", 8.5, ["sorafenib"], None), ("mOS", 4.7, [], "BSC")]),
    # a sentence opening with the whole cohort takes no arm from the sentence before
    ("诱导组CR率为60%。全部患者中位总生存时间为20个月,3年OS率为32.2%。",
     ("endpoint", "value", "arm_label"),
     [("CR_rate", 60.0, "诱导组"), ("mOS", 20.0, None), ("OS_rate", 32.2, None)]),
    # a remission's or response's duration is the DOR however it is worded
    ("The median remission duration was 11.4 months. The median response duration was 9.0 months.",
     ("endpoint", "value"),
     [("mDOR", 11.4), ("mDOR", 9.0)]),
    # "p-value=" with a hyphen is a P value as "p value =" is
    ("Median OS was 8.2 months with the drug (Hazard Ratio=0.86; p-value=0.27).",
     ("endpoint", "value", "p_value"),
     [("mOS", 8.2, None), ("HR", 0.86, 0.27)]),
    # deaths in a fixed early window of a treated cohort are adverse events (RD300); a credible
    # interval's level is no value
    ("With decitabine, 30-day mortality was 4% and 60-day mortality was 9%.",
     ("endpoint", "value"),
     [("AE_rate", 4.0), ("AE_rate", 9.0)]),
    ("CR rate was 61% with 8% induction deaths, and overall survival was 30% at 2 years.",
     ("endpoint", "value"),
     [("CR_rate", 61.0), ("AE_rate", 8.0), ("OS_rate", 30.0)]),
    ("The OS hazard ratio was 0.62 (95% CrI 0.45-0.85).",
     ("endpoint", "value", "ci_low", "ci_high"),
     [("HR", 0.62, 0.45, 0.85)]),
    # "存活患者" are the patients alive, no survival rate: the follow-up before them stays
    ("全组中位随访24个月,存活患者中位随访30个月。",
     ("endpoint", "value"),
     [("median_follow_up", 24.0), ("median_follow_up", 30.0)]),
    # a nil rate closing a list of percentages drops its sign: still a percentage of the list
    ("低、中、高危组5年DFS率分别为55.0%、31.2%和0(P=0.002)。",
     ("endpoint", "value", "unit"),
     [("DFS_rate", 55.0, "%"), ("DFS_rate", 31.2, "%"), ("DFS_rate", 0.0, "%")]),
    ("Febrile neutropenia was seen in 9% vs 0 of patients.",
     ("endpoint", "value", "comparator_value"),
     [("AE_rate", 9.0, 0.0), ("AE_rate", 0.0, 9.0)]),
    # counts per drug or regimen in a list opened by 包括 are the group's make-up (RD329), not groups;
    # a list of subtypes stays a list of groups
    ("靶向治疗组(64例)所用药物包括仑伐替尼40例、索拉非尼18例、其他6例;对照组(60例)采用的方案包括FOLFOX方案35例、其他方案25例。",
     ("endpoint", "value", "arm_label"),
     [("n_patients", 64.0, "靶向治疗组"), ("n_patients", 60.0, "对照组")]),
    ("共纳入30例,包括骨肉瘤9例、软组织肉瘤11例、尤文肉瘤10例。",
     ("endpoint", "value"),
     [("n_patients", 30.0), ("n_patients", 9.0), ("n_patients", 11.0), ("n_patients", 10.0)]),
]


@pytest.mark.parametrize(("text", "fields", "expected"), NEW_ENDPOINTS, ids=[c[0][:24] for c in NEW_ENDPOINTS])
def test_guideline_endpoints(text: str, fields: tuple[str, ...], expected: list[tuple[Any, ...]]) -> None:
    assert pick(run(text), *fields) == expected


FIELD_RULES = [
    # line: a failed earlier line shifts to the next; a treatment word after the cue is the line measured
    ("一线治疗失败后,瑞戈非尼的客观缓解率为11%。", ("endpoint", "line"), [("ORR", "second")]),
    ("After failure of first-line sorafenib, patients given regorafenib had an ORR of 11%.",
     ("endpoint", "arm", "line"), [("ORR", ["regorafenib"], "second")]),
    ("In second-line treatment of sorafenib-resistant HCC, ramucirumab gave a median OS of 8.5 months.",
     ("endpoint", "arm", "line", "population"), [("mOS", ["ramucirumab"], "second", None)]),
    # a cue after the values, in a clause of its own, still states the line
    ("REFLECT showed lenvatinib was non-inferior to sorafenib (median OS 13.6 months vs 12.3 months), "
     "establishing it as a first-line option.",
     ("value", "line", "trial"), [(13.6, "first", "REFLECT"), (12.3, "first", "REFLECT")]),
    # a cue in the value's own clause wins over one before it
    ("Nivolumab was given as second-line therapy in 6 patients, and as third-line therapy in 4 patients.",
     ("endpoint", "value", "line"), [("n_patients", 6.0, "second"), ("n_patients", 4.0, "later")]),
    # two coordinated trials: the value is not attributed to either
    ("The REFLECT and CELESTIAL trials reported a median OS of 13.6 months.", ("trial",), [(None,)]),
    ("REFLECT和CELESTIAL两项研究的中位总生存期为13.6个月。", ("trial",), [(None,)]),
    # n: the sentence's group size, for values of the same arm; not for durations of response
    ("Among 48 patients treated with cabozantinib, the ORR was 4%, the median PFS was 5.2 months and "
     "the median duration of response was 7.4 months.",
     ("endpoint", "n", "arm"),
     [("n_patients", None, ["cabozantinib"]), ("ORR", 48, ["cabozantinib"]), ("mPFS", 48, ["cabozantinib"]),
      ("mDOR", None, ["cabozantinib"])]),
    # a cohort split over two arms: no arm for the cohort, no n for the per-arm values, pairs linked
    ("共纳入200例患者,分别接受索拉非尼和仑伐替尼治疗,中位总生存期分别为12.3个月和13.6个月。",
     ("endpoint", "value", "arm", "comparator", "comparator_value", "n"),
     [("n_patients", 200.0, [], None, None, None),
      ("mOS", 12.3, ["sorafenib"], ["lenvatinib"], 13.6, None),
      ("mOS", 13.6, ["lenvatinib"], ["sorafenib"], 12.3, None)]),
    ("With sorafenib and lenvatinib, the ORR was 9% and 24%, respectively.",
     ("arm", "comparator", "comparator_value"),
     [(["sorafenib"], ["lenvatinib"], 24.0), (["lenvatinib"], ["sorafenib"], 9.0)]),
    ("索拉非尼、仑伐替尼和瑞戈非尼的客观缓解率分别为9%、24%和11%。",  # three arms: no pairs
     ("arm", "comparator"), [(["sorafenib"], None), (["lenvatinib"], None), (["regorafenib"], None)]),
    # a drug added after the one that failed: both in the arm
    ("索拉非尼耐药后,加用吉非替尼的客观缓解率为25%。", ("arm",), [(["sorafenib", "gefitinib"],)]),
    ("In sorafenib-resistant HCC, adding gefitinib yielded an ORR of 25%.", ("arm",), [(["sorafenib", "gefitinib"],)]),
    # a treatment right after a fraction names the group; its group words are the label
    ("其中30%(12/40)仑伐替尼单药组患者出现高血压。",
     ("endpoint", "value", "arm", "arm_label"), [("n_patients", 40.0, ["lenvatinib"], "仑伐替尼单药组")]),
    # population only when it differs from advanced HCC
    ("晚期肝癌患者的客观缓解率为20%,黑色素瘤患者的客观缓解率为30%。",
     ("value", "population"), [(20.0, None), (30.0, "melanoma")]),
]


@pytest.mark.parametrize(("text", "fields", "expected"), FIELD_RULES, ids=[c[0][:24] for c in FIELD_RULES])
def test_field_rules(text: str, fields: tuple[str, ...], expected: list[tuple[Any, ...]]) -> None:
    assert pick(run(text), *fields) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cohort A: first-line NSCLC; Cohort B: second-line HNSCC. Cohort A had an ORR of 40%, Cohort B an ORR of 20%.",
         [("Cohort A", "first", "NSCLC"), ("Cohort B", "second", "HNSCC")]),
        ("A组:二线治疗的肝癌患者;B组:三线治疗的肝癌患者。A组ORR为20%,B组ORR为10%。",
         [("A组", "second", None), ("B组", "later", None)]),
    ],
)
def test_group_definitions_give_line_and_population(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert pick(run(text), "arm_label", "line", "population") == expected


def test_regimen_alternatives_stay_in_one_position() -> None:
    text = "Ipilimumab联合Nivolumab/Pembrolizumab治疗后ORR为16%。"
    doc = document_from_text(text)
    view = prepare(doc)
    surface = "Ipilimumab联合Nivolumab/Pembrolizumab"
    regimen = Entity(label="REGIMEN", text=surface, start=0, end=len(surface), rule="test",
                     norm="ipilimumab + nivolumab/pembrolizumab",
                     attrs={"drugs": [["ipilimumab"], ["nivolumab", "pembrolizumab"]]})
    (rec,) = extract_records(doc, view, [regimen], [])
    assert rec.arm == ["ipilimumab", "nivolumab/pembrolizumab"]


# Rules added for paragraphs in styles the review does not use (see tests/test_generalization.py).
GENERAL_CASES = [
    # a prior mark stops at a bare comma; it still spreads over a closed enumeration
    ("After failure of first-line sorafenib, regorafenib gave a median OS of 10.6 months.",
     ("endpoint", "value", "arm", "line"), [("mOS", 10.6, ["regorafenib"], "second")]),
    ("In patients previously treated with sorafenib, lenvatinib or regorafenib, nivolumab gave an ORR of 20%.",
     ("endpoint", "arm"), [("ORR", ["nivolumab"])]),
    # "(range a-b)" is neither a CI nor a second value
    ("The median PFS with lenvatinib was 2.1 months (range 1.2-14.5).",
     ("endpoint", "value", "ci_low", "ci_high"), [("mPFS", 2.1, None, None)]),
    ("中位年龄58岁(范围35~80岁),仑伐替尼的中位PFS为5.5个月。",
     ("endpoint", "value"), [("mPFS", 5.5)]),
    # a subject and a copula carry the endpoint over to another arm
    ("仑伐替尼的中位PFS为7.4个月,索拉非尼组为3.7个月。",
     ("value", "arm", "comparator", "comparator_value"),
     [(7.4, ["lenvatinib"], ["sorafenib"], 3.7), (3.7, ["sorafenib"], ["lenvatinib"], 7.4)]),
    # "compared with" between values; placebo has no arm
    ("Cabozantinib improved median OS to 10.2 months compared with 8.0 months for placebo.",
     ("value", "arm", "arm_label", "comparator", "comparator_label", "comparator_value"),
     [(10.2, ["cabozantinib"], None, [], "placebo", 8.0), (8.0, [], "placebo", ["cabozantinib"], None, 10.2)]),
    # the circumfix "与X相比" makes X the HR's comparator
    ("与索拉非尼相比,仑伐替尼的HR为0.92。", ("endpoint", "arm", "comparator"), [("HR", ["lenvatinib"], ["sorafenib"])]),
    # a timepoint before the comma of "At 12 months,"
    ("At 12 months, the OS rate was 67.2% with lenvatinib.", ("endpoint", "timepoint", "arm"),
     [("OS_rate", 12.0, ["lenvatinib"])]),
    # one timepoint, two rates, arms named after the values
    ("PFS rates at 6 months were 55% and 37% with lenvatinib and sorafenib, respectively.",
     ("value", "timepoint", "arm", "comparator_value"),
     [(55.0, 6.0, ["lenvatinib"], 37.0), (37.0, 6.0, ["sorafenib"], 55.0)]),
    # population qualifiers whatever the spacing
    ("In patients with AFP >= 400 ng/mL, ramucirumab gave a median OS of 8.5 months.",
     ("endpoint", "population"), [("mOS", "AFP>=400 ng/mL")]),
    # "(n = 120)" after a rate: the rate's n and a group size
    ("With lenvatinib the ORR was 27.3% (n = 120).", ("endpoint", "value", "n", "arm"),
     [("ORR", 27.3, 120, ["lenvatinib"]), ("n_patients", 120.0, None, ["lenvatinib"])]),
]


@pytest.mark.parametrize(("text", "fields", "expected"), GENERAL_CASES)
def test_general_rules(text: str, fields: tuple[str, ...], expected: list[tuple[Any, ...]]) -> None:
    assert pick(run(text), *fields) == expected
