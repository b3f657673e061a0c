"""Tables of trials flattened one cell per line with no borders (en_261: "Trial name (year) Arms OS,
median (95% CI), months HR of OS (95% CI) …", then per trial its name, year, arms and cells)."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.entities import find_entities_in_text
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


# en_326's layout (a PMC table copied as text), written anew: each block opens with its trial's line,
# the line of therapy before the arms, blank lines between the arms' cells, a patients column and a
# Ref column, single-arm rows on one line, a trial the lexicon does not hold, an arm it cannot read
LED = """Table 2.

Second-line trials in advanced NSCLC

Trial Design Treatment Patients Median PFS months (95% CI) Median OS months
(95% CI)
Ref
CheckMate 017 Phase III Trial
2nd line, squamous
nivolumab vs
docetaxel
135
137
3.5 (2.1–4.9)

2.8 (2.1–3.5)
9.2 (7.3–13.3)

6.0 (5.1–7.3)
12
KEYNOTE-001 Phase I Trial
previously treated
pembrolizumab 394 3.0 (2.2-4.0) 9.3 (8.4-NR) 14
REVEL Phase III Trial
2nd line
ramucirumab +
DTX
docetaxel
placebo/DTX
628
625


12
4.5 (4.2–5.4)

3.0 (2.8–3.9)


1.5 (1.4–1.9)
10.5 (9.5–11.2)

9.1 (8.4–10.0)


NR
15
Abbreviations: NR, not reached; DTX, docetaxel.
"""


def test_trial_led_blocks_read_counts_and_medians_per_arm() -> None:
    got = {(r.trial, r.endpoint, r.value): r for r in _got(LED)}
    n = got[("CheckMate 017", "n_patients", 135.0)]
    assert n.arm == ["nivolumab"] and n.comparator_value == 137.0
    pfs = got[("CheckMate 017", "mPFS", 2.8)]
    assert pfs.arm == ["docetaxel"] and (pfs.ci_low, pfs.ci_high) == (2.1, 3.5)
    # one arm, its cells on its own line; the OS median's interval runs to "NR"
    assert got[("KEYNOTE-001", "mOS", 9.3)].arm == ["pembrolizumab"]
    assert got[("KEYNOTE-001", "n_patients", 394.0)].comparator is None


def test_three_arms_with_blank_lines_in_their_cells_and_an_unread_partner() -> None:
    got = {(r.trial, r.endpoint, r.value): r for r in _got(LED)}
    # "REVEL Phase III Trial": no lexicon entry, the name as printed; "ramucirumab +" / "DTX" one arm
    assert (got[("REVEL", "mPFS", 4.5)].arm, got[("REVEL", "mPFS", 4.5)].arm_label) == \
        (["ramucirumab", "docetaxel"], "ramucirumab + DTX")
    assert got[("REVEL", "mOS", 9.1)].arm == ["docetaxel"]
    assert got[("REVEL", "n_patients", 12.0)].arm_label == "placebo/DTX"
    assert got[("REVEL", "mPFS", 1.5)].comparator is None  # three arms: no pair
    # the Ref numbers (12, 14, 15) are no medians, and "NR" gives nothing
    assert not [k for k in got if k[1] in {"mPFS", "mOS"} and k[2] in {12.0, 14.0, 15.0}]
    assert len([k for k in got if k[0] == "REVEL"]) == 3 + 3 + 2


def test_en_326_gastric_immunotherapy_trials() -> None:
    got = {(r.trial, r.endpoint, r.value): r for r in _got((REAL / "en_326.txt").read_text(encoding="utf-8"))}
    assert got[("ATTRACTION-2", "mOS", 5.26)].comparator_value == 4.14
    assert got[("JAVELIN", "mPFS", 2.7)].arm_label == "chemotherapy"
    # "pembrolizumab +" / "SOX" (no regimen the lexicon reads here): one arm, its words as printed
    assert got[("KEYNOTE-659", "n_patients", 54.0)].arm_label == "pembrolizumab + SOX"
    # "durval/tremel", an arm by its place in the block
    assert got[("NCT02340975", "mOS", 9.2)].arm_label == "durval/tremel"
    assert got[("CheckMate 032", "mOS", 4.8)].arm == ["nivolumab", "ipilimumab"]


def test_trial_led_tables_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = LED.split("CheckMate 017")[0]
    block = "KEYNOTE-001 Phase I Trial\n2nd line\npembrolizumab vs\ndocetaxel\n10\n\n\n11\n1.0 (0.5-2.0)\n\n2.0\n3.0\n4.0\n7\n"
    text = head + block * 3000
    ents = find_entities_in_text(text)
    assert_linear(lambda t: read_stacked_lines(t, [e for e in ents if e.end <= len(t)]), text)
