"""Tables of trials flattened one cell per line with no borders (en_261: "Trial name (year) Arms OS,
median (95% CI), months HR of OS (95% CI) …", then per trial its name, year, arms and cells)."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.measure.stacked_lines import read_stacked_lines

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# written anew in en_261's layout: other trials, an arm over two lines, three arms with lettered
# ratios, and a row whose last cell was lost
TABLE = """Table 2.

Phase 3 trials in advanced renal cell carcinoma

Trial name (year) Arms OS, median (95% CI), months HR of OS (95% CI) ORR, %
CheckMate 214 [12]
(2018)
Nivolumab plus
Ipilimumab Sunitinib
47.0 (35.6-57.4)
26.6 (22.1-33.5)
0.68 (0.58-0.81) 39.1
32.4

CLEAR [14]
(2021)
A: Lenvatinib plus Pembrolizumab
B: Lenvatinib plus Everolimus
C: Sunitinib
53.7 (48.7-not reached)
54.9 (46.8-not reached)
54.3 (40.9-not reached)
A vs. C: 0.79 (0.63-0.99)
B vs. C: 1.15 (0.88-1.50) 71.3
53.5
36.7

KEYNOTE-426 [15]
(2019)
Pembrolizumab plus
Axitinib Sunitinib
45.7 (43.6-50.6)
40.1 (34.3-44.2)
0.84 (0.71-0.99) 60.4

CI, confidence interval; HR, hazard ratio.
"""


def _got(text: str):  # type: ignore[no-untyped-def]
    return [r for r in extract(text).records if r.rule == "value.stacked_lines"]


def test_each_trials_arms_take_their_cells_in_column_order() -> None:
    got = {(r.trial, r.endpoint, r.value): (r.arm, r.comparator) for r in _got(TABLE)}
    assert got[("CheckMate 214", "mOS", 47.0)][0] == ["nivolumab", "ipilimumab"]
    assert got[("CheckMate 214", "mOS", 26.6)][0] == ["sunitinib"]
    assert got[("CheckMate 214", "HR", 0.68)] == (["nivolumab", "ipilimumab"], ["sunitinib"])
    assert got[("CheckMate 214", "ORR", 32.4)][0] == ["sunitinib"]
    # three arms: each ratio is its lettered arm's against the last
    assert got[("CLEAR", "HR", 1.15)] == (["lenvatinib", "everolimus"], ["sunitinib"])
    assert got[("CLEAR", "ORR", 36.7)][0] == ["sunitinib"]
    # the row that lost its last cell: the one left is the first arm's
    assert got[("KEYNOTE-426", "ORR", 60.4)][0] == ["pembrolizumab", "axitinib"]
    assert len(got) == 5 + 8 + 4  # two arms x (OS, ORR) + one ratio; three arms x 2 + two ratios; one ORR lost


def test_en_261_a_table_of_first_line_hcc_trials() -> None:
    got = {(r.trial, r.endpoint, r.value) for r in _got((REAL / "en_261.txt").read_text(encoding="utf-8"))}
    assert {("SHARP", "mOS", 10.7), ("REFLECT", "HR", 0.92), ("HIMALAYA", "HR", 0.86),
            ("IMbrave150", "ORR", 27.3)} <= got


def test_a_block_whose_cells_do_not_fill_the_columns_is_not_read() -> None:
    text = TABLE.replace("0.68 (0.58-0.81) 39.1\n32.4", "0.68 (0.58-0.81)")
    assert not [r for r in _got(text) if r.trial == "CheckMate 214"]


def test_lines_of_prose_are_no_table(assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert read_stacked_lines("Patients were randomized to two arms.\nMedian OS was 12 months.\n", []) == ([], [])
    head = "Trial name (year) Arms OS, median (95% CI), months HR of OS (95% CI) ORR, %\n"
    assert_linear(lambda t: read_stacked_lines(t, []), head + "X [1]\n(2020)\nDrug A\nDrug B\n1.0 (0.5-2.0)\n" * 5000)
