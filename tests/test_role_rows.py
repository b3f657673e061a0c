"""Tables whose columns are trials and whose rows are the arms' roles (en_332: four first-line renal
trials, "Investigational" / "Comparator" rows under "Median PFS (months)" and the like)."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.entities import find_entities_in_text
from extractor.measure.role_rows import read_role_rows

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# written anew in en_332's layout: lung trials, other role words, an interval in the ratio cell,
# a P row with no ratio above it, and responders in percent
TABLE = """Table 3. Phase III trials of first-line chemoimmunotherapy in NSCLC
| Outcome | Gandhi et al. (KEYNOTE-189) | Paz-Ares et al. (KEYNOTE-407) |
|---|---|---|
| Experimental arm | Pembrolizumab + pemetrexed + platinum | Pembrolizumab + carboplatin + paclitaxel |
| Control arm | Placebo + pemetrexed + platinum | Placebo + carboplatin + paclitaxel |
| Median OS (months) | ||
| Experimental arm | 22.0 | 15.9 |
| Control arm | 10.7 | 11.3 |
| HR (95% CI) | 0.56 (0.45–0.70) | 0.64 (0.49–0.85) |
| P value | <0.001 | <0.001 |
| Objective responses (%) | ||
| Experimental arm | 47.6 | 57.9 |
| Control arm | 18.9 | 38.4 |
| P value | <0.001 | 0.02 |
"""


def _got(text: str):  # type: ignore[no-untyped-def]
    return {(r.trial, r.endpoint, r.value): r for r in extract(text).records if r.rule == "value.role_rows"}


def test_each_columns_arms_come_from_the_role_rows() -> None:
    got = _got(TABLE)
    os_k407 = got[("KEYNOTE-407", "mOS", 15.9)]
    assert os_k407.arm == ["pembrolizumab", "carboplatin", "paclitaxel"] and os_k407.unit == "month"
    assert os_k407.comparator_value == 11.3
    assert got[("KEYNOTE-189", "mOS", 10.7)].arm_label == "Placebo + pemetrexed + platinum"


def test_the_ratio_row_compares_the_roles_and_takes_the_p_below_it() -> None:
    hr = _got(TABLE)[("KEYNOTE-189", "HR", 0.56)]
    assert hr.comparator_label == "Placebo + pemetrexed + platinum"
    assert (hr.ci_low, hr.ci_high, hr.p_operator, hr.p_value) == (0.45, 0.70, "<", 0.001)


def test_responders_in_percent_are_the_response_rate_and_a_p_with_no_ratio_is_the_pairs() -> None:
    got = _got(TABLE)
    orr = got[("KEYNOTE-407", "ORR", 57.9)]
    assert orr.unit == "%" and orr.comparator_value == 38.4 and orr.p_value == 0.02
    assert len(got) == 4 + 2 + 4


def test_en_332_four_renal_trials_against_sunitinib() -> None:
    got = _got((REAL / "en_332.txt").read_text(encoding="utf-8"))
    assert got[("JAVELIN Renal 101", "mPFS", 13.8)].arm == ["avelumab", "axitinib"]
    assert got[("KEYNOTE-426", "CR_rate", 1.9)].arm == ["sunitinib"]
    assert got[("IMmotion151", "HR", 0.74)].p_value == 0.02
    # the P rows are P values, never medians; "Not estimable" cells give nothing
    assert not [k for k in got if k[1] == "mOS" and k[2] < 1]
    assert {k[1] for k in got if k[0] == "CheckMate 214"} == {"mOS", "HR", "mPFS", "ORR", "CR_rate"}


def test_a_table_without_role_rows_is_left_alone() -> None:
    text = "| Outcome | KEYNOTE-189 | KEYNOTE-407 |\n|---|---|---|\n| Median OS (months) | 22.0 | 15.9 |\n"
    assert read_role_rows(text, find_entities_in_text(text)) == ([], [])


def test_role_row_tables_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = TABLE.split("| Median OS")[0]
    rows = "".join(f"| Median PFS (months) | ||\n| Experimental arm | {i % 90}.1 | 9 |\n| Control arm | 3 | 4 |\n"
                   f"| HR | 0.{i % 9 + 1} | 0.7 |\n| P value | 0.0{i % 9} | 0.1 |\n" for i in range(3000))
    text = head + rows
    ents = find_entities_in_text(text)
    assert_linear(lambda t: read_role_rows(t, [e for e in ents if e.end <= len(t)]), text)
