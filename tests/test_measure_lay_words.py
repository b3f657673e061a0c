"""Endpoint words the twenty-eighth release's texts printed and the rules did not read (issue 9):
'CR+PR' as the response rate, a hyphenated 'disease-control rate', 'reduction in the estimated
risk', lay 'lived about N months', percentile medians, '(67.9%)患者…仍然生存', and a comma before
'与对照组(…)比较'. Sentences of our own in the corpus texts' style; expectations by reading."""

from __future__ import annotations

import pytest

from extractor.ingest import document_from_text
from extractor.pipeline import analyze


def records(text: str) -> list[tuple]:
    res = analyze(document_from_text(text))
    return [(r.endpoint, r.value, r.arm_label, r.comparator_value) for r in res.records]


@pytest.mark.parametrize("text,want", [
    ("研究组、对照组CR+PR分别占86.00%、62.00%,两组比较差异有统计学意义(P<0.05)。",
     {("ORR", 86.0, "研究组", 62.0), ("ORR", 62.0, "对照组", 86.0)}),
    ("The DCR (CR + PR + SD) was 78% and the ORR (CR + PR) was 41%.", {("DCR", 78.0, None, None), ("ORR", 41.0, None, None)}),
    ("At the cut-off, the disease-control rate of the combination was 81.2%.", {("DCR", 81.2, None, None)}),
])
def test_response_sums_and_hyphenated_control_rate(text, want):
    assert set(records(text)) == want


def test_a_qualified_risk_in_a_reduction():
    assert records("This represents a 58% reduction in the estimated risk of progression or death.") == \
        [("risk_reduction", 58.0, None, None)]


def test_lay_lived_about_is_a_median_survival_but_an_average_gain_is_not():
    got = records("Overall, patients taking statins lived about 31 months, compared with 22 months for the others.")
    assert {(c, v) for c, v, _, _ in got} == {("mOS", 31.0), ("mOS", 22.0)}
    assert records("Patients in the A group lived an average of 4.5 months longer than those in the B group.") == []


def test_percentile_medians_other_than_the_fiftieth_are_no_records():
    text = ("無惡化存活期(PFS)方面,在第25百分位數PFS,試驗組為3.1個月、對照組為2.2個月;"
            "第50百分位數PFS,試驗組為6.4個月、對照組為5.2個月;第75百分位數PFS,試驗組為9.9個月、對照組為7.1個月。")
    assert {(c, v) for c, v, _, _ in records(text)} == {("mPFS", 6.4), ("mPFS", 5.2)}


def test_a_share_still_alive_at_the_end_of_follow_up_is_the_os_rate():
    got = records("全部患者均随访5年,其中118例(64.1%)患者至随访结束时仍然生存,其余患者死亡。")
    assert ("OS_rate", 64.1, None, None) in got


def test_a_comma_before_the_compared_label_and_its_bracketed_value():
    got = records("试验组患者的中位生存期为15.2个月,与对照组患者(10.9个月)比较,差异有统计学意义(P<0.05)。")
    assert set(got) == {("mOS", 15.2, "试验组", 10.9), ("mOS", 10.9, "对照组", 15.2)}
    # without the closing verb the comma keeps the clauses apart
    got = records("试验组患者的中位生存期为15.2个月,与对照组患者(10.9个月)的入组时间相同。")
    assert ("mOS", 10.9, "对照组", 15.2) not in got


def test_the_new_phrases_stay_linear(assert_linear):
    assert_linear(records, "第25百分位數" * 20000 + "PFS為3個月。")
    assert_linear(records, "patients lived about " * 8000 + "12 months.")
    assert_linear(records, "(12.0%)患者" + "随访" * 20000 + "仍然生存。")


def test_a_resection_rate_listed_after_a_response_rate_is_no_response_rate():
    # en_413 (twenty-eighth release, measured, now dev): an outcome with no endpoint code keeps
    # the listed pair after it from being read as the response rate's
    got = records("Objective response rate (51.2% v 44.0%; P = .15) and actual resection rate of liver metastases "
                  "(20.9% v 17.1%; P = .40) were not significantly different.")
    assert {(c, v) for c, v, _, _ in got} == {("ORR", 51.2), ("ORR", 44.0)}
    assert not [c for c, *_ in records("R0切除率分别为85.2%和80.1%。")]


def test_counts_of_treatment_related_deaths_are_no_group_sizes():
    # zh_418 (twenty-eighth release, measured, now dev): '共發生10例治療相關死亡' counts deaths
    assert ("n_patients", 12.0) not in {(c, v) for c, v, _, _ in records("共發生12例治療相關死亡,其中A組8例。")}
    assert ("n_patients", 6.0) not in {(c, v) for c, v, _, _ in records("There were 6 treatment-related deaths in the trial.")}


def test_the_proportion_alive_and_progression_free_at_a_landmark_is_the_pfs_rate():
    # en_416 (twenty-eighth release, measured, now dev)
    got = records("Estimates of the proportion of patients alive and progression-free at 12 months were 41% and 15%.")
    assert {(c, v) for c, v, _, _ in got} == {("PFS_rate", 41.0), ("PFS_rate", 15.0)}


def test_a_share_before_a_landmark_in_words_and_its_survival():
    # en_418 (twenty-eighth release, measured, now dev) prints the landmark in words before the
    # survival it qualifies; '3-year' in digits was read already
    assert records("The regimen produced an 81% two-year event-free survival.") == [("EFS_rate", 81.0, None, None)]
