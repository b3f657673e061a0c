"""Timepoints listed over pairs and lists: "rates at 12, 24, and 36 months were 77% vs 61%, …",
"The 1-, 2- and 3-year OS rates", "At the 2-, 3-, and 4-year time points", and a later clause's
"these rates" for the other arm."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _rates(text: str) -> list[tuple[str, float, float | None]]:
    return [(r.endpoint, r.value, r.timepoint) for r in extract(text).records]


def test_timepoints_after_the_trigger_over_pairs() -> None:
    # zh_... style as the issue writes it, in English: one timepoint per compared pair, in order
    got = _rates("OS rates at 12, 24, and 36 months were 77% vs 61%, 49% vs 33%, and 38% vs 25%.")
    assert got == [("OS_rate", 77.0, 12.0), ("OS_rate", 61.0, 12.0), ("OS_rate", 49.0, 24.0),
                   ("OS_rate", 33.0, 24.0), ("OS_rate", 38.0, 36.0), ("OS_rate", 25.0, 36.0)]


def test_suspended_hyphens_before_the_trigger_over_pairs() -> None:
    got = _rates("The 1-, 2- and 3-year OS rates were 70% vs 58%, 45% vs 30%, and 31% vs 19%.")
    assert [t for _, _, t in got] == [12.0, 12.0, 24.0, 24.0, 36.0, 36.0]


def test_timepoints_after_the_trigger_over_a_list() -> None:
    got = _rates("PFS rates at 6 and 12 months were 55% and 37%, respectively.")
    assert got == [("PFS_rate", 55.0, 6.0), ("PFS_rate", 37.0, 12.0)]


def test_one_timepoint_over_one_pair_is_unchanged() -> None:
    assert _rates("The OS rate at 12 months was 55% vs 42%.") == [("OS_rate", 55.0, 12.0), ("OS_rate", 42.0, 12.0)]


def test_these_rates_of_the_other_arm_after_a_semicolon() -> None:
    # en_089 (KEYNOTE-564): "At the 2-, 3-, 4-, 5-, and 6-year time points, the estimated OS rates with
    # pembrolizumab were 96.3%, …, respectively; with placebo, these rates were 93.9%, 89.5%, …"
    recs = [r for r in extract(REAL / "en_089.txt").records if r.endpoint == "OS_rate"]
    placebo = [(r.value, r.timepoint) for r in recs if r.arm_label == "placebo"]
    assert placebo == [(93.9, 24.0), (89.5, 36.0), (86.0, 48.0), (82.3, 60.0), (79.4, 72.0)]
    pembro = [(r.value, r.timepoint) for r in recs if r.arm == ["pembrolizumab"] and r.value == 96.3]
    assert pembro == [(96.3, 24.0)]


def test_a_year_survival_is_a_survival_rate() -> None:
    # en_073: "3-year survival nearly doubled: 23% vs 15%"
    got = _rates("3-year survival nearly doubled: 23% vs 15%")
    assert got == [("OS_rate", 23.0, 36.0), ("OS_rate", 15.0, 36.0)]
    # the longer endpoint names still win
    assert _rates("3-year progression-free survival was 40%.") == [("PFS_rate", 40.0, 36.0)]



def test_a_unit_of_time_glued_to_its_number() -> None:
    # en_120: "PFS was significantly longer (7.4months vs 5.4months; HR 0.70, P<0.01)"
    got = [(r.endpoint, r.value, r.unit) for r in extract(REAL / "en_120.txt").records if r.value in {7.4, 5.4}]
    assert got == [("mPFS", 7.4, "month"), ("mPFS", 5.4, "month")]
    assert _rates("the median OS was 37·6months and 12mos in the control arm.") == [("mOS", 37.6, None), ("mOS", 12.0, None)]
    # a one-letter unit stays apart: "13.0d" in a flattened table is a footnote mark, not 13 days
    assert [(r.endpoint, r.unit) for r in extract("median OS 13.0d months").records] != [("mOS", "day")]


def test_m_is_a_month_after_a_number() -> None:
    # en_090 (news): "median OS was 13.0 m"; en_130 (slides): "GERCOR: FOLFIRI v. FOLFOX: Median OS (21.5 v. 20.6 m)"
    got = {(r.endpoint, r.value, r.unit) for r in extract(REAL / "en_090.txt").records}
    assert ("mOS", 13.0, "month") in got
    got = [(r.endpoint, r.value, r.unit) for r in extract(REAL / "en_130.txt").records if r.value in {21.5, 20.6}]
    assert got == [("mOS", 21.5, "month"), ("mOS", 20.6, "month")]
    # a square metre is no month
    assert [(r.endpoint, r.value) for r in extract("Dose 75 mg/m2 for a BSA of 1.73 m2; ORR 20%.").records] == [("ORR", 20.0)]


def test_from_a_to_b_is_the_control_then_the_treatment() -> None:
    # zh_011: "给予PD-1抑制剂纳武利尤单抗可将中位无病生存期从10.8个月延长到20.8个月"
    got = [(r.value, r.arm) for r in extract(REAL / "zh_011.txt").records if r.value in {10.8, 20.8}]
    assert got == [(10.8, []), (20.8, ["nivolumab"])]
    recs = extract("Adding ribociclib increased median PFS from 12.8 months to 20.5 months.").records
    assert [(r.endpoint, r.value, r.arm, r.comparator_value) for r in recs] == [
        ("mPFS", 12.8, [], 20.5), ("mPFS", 20.5, ["ribociclib"], 12.8)]
    # a range stays a range
    assert [(r.value, r.value_high) for r in extract("PFS ranged from 2 to 10 months.").records] == [(2.0, 10.0)]


def test_a_survival_percentage_followed_by_its_time_is_the_rate_then() -> None:
    # en_125 (moved to dev at the seventh release): "…, and OS was 70% at 12 months and 25% at 18 months."
    got = [(r.endpoint, r.value, r.timepoint) for r in extract(REAL / "en_125.txt").records if r.value in {70, 25}]
    assert got == [("OS_rate", 70, 12), ("OS_rate", 25, 18)]
    assert _rates("Overall survival was 80% at 1 year.") == [("OS_rate", 80.0, 12.0)]
    # en_093: "estimated relapse-free survival rates were 59% vs 40% at 3 years and 54% vs 38% at 4 years"
    got = [(r.endpoint, r.value, r.timepoint) for r in extract(REAL / "en_093.txt").records if r.value in {59, 40, 54, 38}]
    assert got == [("RFS_rate", 59, 36), ("RFS_rate", 40, 36), ("RFS_rate", 54, 48), ("RFS_rate", 38, 48)]
    # no time printed: the share is the rate without a timepoint (gold/GUIDELINES.md RD52); a share
    # of something else (events, maturity) is none
    assert _rates("The OS was 45% (95% CI 40-50).") == [("OS_rate", 45.0, None)]
    assert _rates("OS data were immature (45% of events).") == []


def test_a_range_written_with_a_comma_is_no_value() -> None:
    # en_166: "The median OS was 10.5 months (range, 0.5 to 41 months) and 8.0 months (range, 0.5 to 41
    # months) for DC and D, respectively"
    got = [(r.endpoint, r.value) for r in extract(REAL / "en_166.txt").records if r.endpoint == "mOS"]
    assert got == [("mOS", 10.5), ("mOS", 8.0)]
    assert [(r.value, r.value_high) for r in extract("PFS ranged from 2 to 10 months.").records] == [(2.0, 10.0)]


def test_a_landmark_opening_the_next_line_is_not_the_median_above_it() -> None:
    # en_242 (a reviewer's card), written anew: the median ends its line ("mos |") and the next line
    # opens with the landmark of its rates; the landmark run stops at the line break
    got = _rates("mOS: 12.4 vs. 11.0 mos |\n12 months OS: 53.1% vs.50.0% |")
    assert got == [("mOS", 12.4, None), ("mOS", 11.0, None), ("OS_rate", 53.1, 12.0), ("OS_rate", 50.0, 12.0)]
    # a run on one line is still one run: "at 12, 24 months"
    assert [tp for _, _, tp in _rates("The OS rates at 12 and 24 months were 77% and 61%.")] == [12.0, 24.0]


def test_one_groups_landmark_run_then_the_other_groups_after_a_comparison_word() -> None:
    # zh_397 (twenty-seventh release, measured, now dev), written anew: each group's bracketed run
    # over the same landmarks; an uncoded rate's own landmark run after it takes nothing from them
    text = ("治疗组1年、2年、3年的生存率(82.1%、63.4%、45.0%)明显高于对照组(70.2%、48.8%、30.3%),"
            "差异有统计学意义(P=0.021;P=0.030;P=0.041);治疗组1年、2年、3年的局部控制率(80.0%、71.2%、"
            "66.1%)高于对照组(65.3%、58.0%、51.9%)。")
    recs = [r for r in extract(text).records if r.endpoint == "OS_rate"]
    got = [(r.value, r.timepoint, r.arm_label, r.comparator_value) for r in recs]
    assert got == [(82.1, 12.0, "治疗组", 70.2), (63.4, 24.0, "治疗组", 48.8), (45.0, 36.0, "治疗组", 30.3),
                   (70.2, 12.0, "对照组", 82.1), (48.8, 24.0, "对照组", 63.4), (30.3, 36.0, "对照组", 45.0)]
    assert len(extract(text).records) == 6
