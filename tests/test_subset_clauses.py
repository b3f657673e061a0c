"""A rate reported subset by subset after a comma ("…五年存活率為63.0%,第二期為74.1%"), also across a
bracketed aside naming another endpoint, and a Cox ratio list 'RR=a、b、c' (issue 9: zh_422, zh_413
of the twenty-eighth release, measured, now dev). Sentences of our own; expectations by reading."""

from __future__ import annotations

from extractor.api import extract


def values(text: str) -> list[tuple[str, float, float | None]]:
    return [(r.endpoint, r.value, r.timepoint) for r in extract(text=text).records]


def test_stage_subsets_after_a_comma_take_the_rate_and_its_landmark():
    got = values("第一期病人接受手術後的五年存活率為81.5%,第二期為70.2%,第三期為52%,第IVA/B期為38%。")
    assert got == [("OS_rate", 81.5, 60.0), ("OS_rate", 70.2, 60.0), ("OS_rate", 52.0, 60.0), ("OS_rate", 38.0, 60.0)]


def test_a_bracketed_median_does_not_take_the_next_subsets_rate():
    got = values("第二期的五年存活率為70.2%(第一、二期皆未達到存活中位數),第三期為52%(存活中位數為41.5個月),"
                 "第IVA/B期為38%(存活中位數為22.3個月)。")
    assert got == [("OS_rate", 70.2, 60.0), ("OS_rate", 52.0, 60.0), ("mOS", 41.5, None),
                   ("OS_rate", 38.0, 60.0), ("mOS", 22.3, None)]


def test_a_glued_table_cell_after_a_ratio_bracket_is_not_the_outer_median():  # a guard on the rule below
    got = values("Median OS: 13.4 months (95% CI 11.0 to 14.9) (HR vs chemotherapy 0.75; 95% CI 0.60 to 0.93)5.3 months "
                 "(95% CI 4.6 to 6.0)")
    assert ("mOS", 5.3, None) not in got


def test_a_cox_ratio_list_is_relative_risks_and_a_response_rate_is_not():
    got = values("Ann Arbor分期、LDH水平和是否联用利妥昔单抗是患者预后的独立影响因素(RR=2.412、1.685、0.421,P<0.05)。")
    assert [(c, v) for c, v, _ in got] == [("RR", 2.412), ("RR", 1.685), ("RR", 0.421)]
    assert not [c for c, _, _ in values("两组的RR=45.20%、30.10%。") if c == "RR"]


def test_subset_clauses_stay_linear(assert_linear):  # a guard: linear before the rule too
    assert_linear(values, "五年存活率為81.5%" + ",第二期為70.2%(存活中位數為41.5個月)" * 3000 + "。")
