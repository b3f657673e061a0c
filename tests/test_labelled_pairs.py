"""Tables of trials flattened with spaces whose outcome cells name their endpoint ("OS: 13.8 versus
11.1", en_280): the count before the treatments, the hazard ratio and its P after them, and each
labelled pair's two arms."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.measure.labelled_pairs import read_labelled_pairs

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# written anew in en_280's layout: citation and trial, count, "A versus B", HR (P), labelled
# pairs (one glued to the cell before it), section titles between rows, units only in the header
TABLE = """Table 2.

Pivotal randomized trials in metastatic colorectal cancer after two lines

Study No. of patients Treatment arms HR for death (P value) Outcome comparison (in months)
Refractory disease – third line
Grothey et al. 12 (CORRECT) 760 Regorafenib + BSC versus Placebo + BSC 0.77 (0.0052) OS: 6.4 versus 5.0
Mayer et al. 15 (RECOURSE) 800 Trifluridine/tipiracil versus Placebo 0.68 (<0.001) OS: 7.1 versus 5.3PFS: 2.0 versus 1.7
Refractory disease – later lines
Dasari et al. 21 (FRESCO-2) 691 Fruquintinib versus Placebo 0.66 (<0.001) OS: 7.4 versus 4.8

BSC, best supportive care; HR, hazard ratio; OS, overall survival; PFS, progression-free survival.
"""


def _got(text: str) -> list[tuple[str, float, tuple[str, ...], str | None]]:
    return [(r.endpoint, r.value, tuple(r.arm), r.trial) for r in extract(text).records]


def test_each_row_gives_count_ratio_and_labelled_pairs() -> None:
    records = extract(TABLE).records
    got = [(r.endpoint, r.value, tuple(r.arm), r.trial) for r in records]
    assert ("n_patients", 760.0, (), "CORRECT") in got
    assert ("HR", 0.77, ("regorafenib",), "CORRECT") in got
    assert ("mOS", 6.4, ("regorafenib",), "CORRECT") in got
    assert ("mOS", 5.0, (), "CORRECT") in got
    assert ("mPFS", 2.0, ("trifluridine", "tipiracil"), "RECOURSE") in got
    assert ("mPFS", 1.7, (), "RECOURSE") in got
    assert ("mOS", 7.4, ("fruquintinib",), "FRESCO-2") in got
    hr = next(r for r in records if r.endpoint == "HR" and r.value == 0.68)
    assert (hr.p_operator, hr.p_value) == ("<", 0.001) and hr.comparator_label == "Placebo"
    assert next(r for r in records if r.value == 7.1).unit == "month"  # the header's "(in months)"
    # citation numbers and P values are no values
    assert not {v for _, v, *_ in got} & {12.0, 15.0, 21.0, 0.0052}
    assert len([g for g in got if g[0] in {"mOS", "mPFS"}]) == 8


def test_en_280_a_review_table_of_gastric_cancer_trials() -> None:
    records = [r for r in extract(REAL / "en_280.txt").records if r.rule == "value.labelled_pairs"]
    got = {(r.endpoint, r.value) for r in records}
    assert got >= {("n_patients", 584.0), ("HR", 0.74), ("mOS", 13.8), ("mOS", 11.1), ("HR", 0.776),
                   ("mPFS", 2.6), ("mPFS", 1.8), ("mOS", 5.26), ("mOS", 4.14)}
    assert not got & {("HR", 26.0), ("HR", 0.0046)}


def test_prose_with_a_labelled_comparison_is_no_table() -> None:
    text = ("Patients were randomized to drug A versus placebo. Efficacy endpoints were reported.\n"
            "In the trial 120 drug A versus placebo OS: 8.1 versus 6.0 months was reported.")
    assert read_labelled_pairs(text, []) == ([], [])  # no header line names the columns


def test_many_rows_and_a_long_line_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = "Study No. of patients Treatment arms HR (P value) Outcome (in months)\n"
    row = "Doe et al. 3 (ABC) 400 Drug A versus Placebo 0.77 (0.01) OS: 6.4 versus 5.0PFS: 2.0 versus 1.7\n"
    assert_linear(lambda t: read_labelled_pairs(t, []), head + row * 3000)
    assert_linear(lambda t: read_labelled_pairs(t, []), head + "A versus B OS: 1 vs 2 " * 20_000 + "\n")
