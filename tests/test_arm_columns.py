"""Results tables whose columns are arms, flattened with no cell separators
(extractor/measure/arm_columns.py).

Two real tables of the dev split (CheckMate 214's efficacy table, a header cell per line and two
populations of two arms; GEMSTONE-303's table flattened onto one line of a congress digest), tables
of our own in the same layouts, and sentences that name arms one after the other but are no
header. The expected records were decided by reading each text.
"""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.ingest import document_from_text
from extractor.measure.arm_columns import read_arm_columns
from extractor.models import Record
from extractor.pipeline import analyze

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _cols(recs: list[Record]) -> list[tuple[str, float, str | None, str | None]]:
    return [(r.endpoint, r.value, r.arm_label, r.comparator_label) for r in recs if r.rule == "value.arm_columns"]


def test_a_header_cell_per_line_and_two_populations():
    # en_067: "Nivolumab+ipilimumab / N=425 / Sunitinib / N=422 / Nivolumab+ipilimumab / N=550 / Sunitinib / N=546"
    recs = extract(REAL / "en_067.txt").records
    got = _cols(recs)
    assert [v for e, v, *_ in got if e == "n_patients"] == [425, 422, 550, 546]
    # "Median PFS (months)* 11.56 8.38 12.42 12.32": four columns, compared two by two
    assert [(v, a, c) for e, v, a, c in got if e == "mPFS"] == [
        (11.56, "Nivolumab+ipilimumab", "Sunitinib"), (8.38, "Sunitinib", "Nivolumab+ipilimumab"),
        (12.42, "Nivolumab+ipilimumab", "Sunitinib"), (12.32, "Sunitinib", "Nivolumab+ipilimumab")]
    # "N.A." takes its column: 25.95 is the second column's
    assert [(v, a) for e, v, a, _ in got if e == "mOS"] == [(25.95, "Sunitinib"), (32.92, "Sunitinib")]
    # a ratio row compares the columns two by two
    assert [(v, a, c) for e, v, a, c in got if e == "HR"][:2] == [
        (0.63, "Nivolumab+ipilimumab", "Sunitinib"), (0.68, "Nivolumab+ipilimumab", "Sunitinib")]
    # "Complete response (CR) (%) 40 (9.4) …": the share, not the count; "N responders (%)" under the ORR section
    assert [v for e, v, *_ in got if e == "CR_rate"] == [9.4, 1.2, 9.8, 2.2]
    assert [v for e, v, *_ in got if e == "ORR"] == [41.6, 26.5, 38.7, 32.2]
    # "Difference in ORR (95% CI) 16.0 (9.8 to 22.2)" and "Exact 95% CI 36.9 to 46.5" are no arm's values
    assert not [r for r in recs if r.value in {16.0, 7.2, 36.9, 46.5}]
    assert all(sorted(r.arm) in (["ipilimumab", "nivolumab"], ["sunitinib"]) for r in recs if r.rule == "value.arm_columns")


def test_a_table_flattened_onto_one_line():
    # en_129: "Suge+CAPOX Placebo+CAPOX N=241 N=238 PFS (Months) Median (95% CI) 7.62 (6.37, 7.89) 6.08 …"
    recs = extract(REAL / "en_129.txt").records
    got = _cols(recs)
    assert [(e, v) for e, v, *_ in got] == [
        ("n_patients", 241), ("n_patients", 238), ("mPFS", 7.62), ("mPFS", 6.08), ("n_patients", 130),
        ("n_patients", 128), ("mPFS", 7.79), ("mPFS", 5.52), ("HR", 0.58), ("mOS", 17.81), ("mOS", 12.45), ("HR", 0.64)]
    pfs = next(r for r in recs if r.value == 7.62)
    assert (pfs.arm_label, pfs.comparator_label, pfs.ci_low, pfs.ci_high) == ("Suge+CAPOX", "Placebo+CAPOX", 6.37, 7.89)
    assert sorted(next(r for r in recs if r.value == 6.08).arm) == ["capecitabine", "oxaliplatin"]
    # the interval's bounds are no hazard ratios (the sentence reader took them before)
    assert not [r for r in recs if r.value in {0.43, 0.77, 0.48, 0.85}]


LINES = """Table 2. Efficacy
Atezolizumab
(n = 201)
Docetaxel
(n = 199)
Median OS, months 13.8 9.6
HR (95% CI) 0.73 (0.62-0.87)
Objective response, % 14 13
Median duration of response, months 16.3 6.2
"""

ONE_LINE = ("Results table: Tislelizumab+chemotherapy Placebo+chemotherapy N=366 N=368 OS (months) 15.0 12.9 "
            "HR 0.66 (0.54-0.80) ORR (%) 63.5 42.4. The safety profile was manageable.")


def test_tables_of_our_own_in_both_layouts():
    got = _cols(analyze(document_from_text(LINES)).records)
    assert got == [
        ("n_patients", 201, "Atezolizumab", None), ("n_patients", 199, "Docetaxel", None),
        ("mOS", 13.8, "Atezolizumab", "Docetaxel"), ("mOS", 9.6, "Docetaxel", "Atezolizumab"),
        ("HR", 0.73, "Atezolizumab", "Docetaxel"), ("ORR", 14, "Atezolizumab", "Docetaxel"),
        ("ORR", 13, "Docetaxel", "Atezolizumab"), ("mDOR", 16.3, "Atezolizumab", "Docetaxel"),
        ("mDOR", 6.2, "Docetaxel", "Atezolizumab")]
    got = _cols(analyze(document_from_text(ONE_LINE)).records)
    assert [(e, v, a) for e, v, a, _ in got] == [
        ("n_patients", 366, "Tislelizumab+chemotherapy"), ("n_patients", 368, "Placebo+chemotherapy"),
        ("mOS", 15.0, "Tislelizumab+chemotherapy"), ("mOS", 12.9, "Placebo+chemotherapy"),
        ("HR", 0.66, "Tislelizumab+chemotherapy"), ("ORR", 63.5, "Tislelizumab+chemotherapy"),
        ("ORR", 42.4, "Placebo+chemotherapy")]


def test_arms_named_in_a_sentence_are_no_header():
    for text in [
        "PFS was longer in the enfortumab vedotin–pembrolizumab group than in the chemotherapy group (median, "
        "12.5 months vs. 6.3 months; hazard ratio, 0.45).",
        "Median OS was (venetoclax +LDAC vs. placebo +LDAC) 8.4 vs. 4.1 months (HR = 0.70, 95% CI 0.50,0.99).",
        "LENVIMA plus KEYTRUDA reduced the risk of death by 34% (HR=0.66) versus sunitinib; ORR 71% vs 36%.",
        "Darolutamide\nPlacebo\nSignificant increase in overall survival (64.8% vs. 53.6%; HR 1.5)\n",
    ]:
        doc = analyze(document_from_text(text))
        assert read_arm_columns(doc.text, doc.entities) == ([], []), text
        assert doc.records  # the sentence reader still reads them


def test_linear_on_long_and_hostile_tables(assert_linear):
    # control words make arm words without entities ("Placebo", "Chemotherapy")
    head = "Placebo Chemotherapy N=100 N=100 "
    row = "OS (months) 12.1 9.8 "
    assert len(read_arm_columns(head + row * 1200, [])[0]) == 2 * 1200 + 2

    def run(text: str) -> None:
        read_arm_columns(text, [])

    # a long one-line table, a 160 kB run of arm words, one arm word per line, a run of arms and sizes
    for text in (head + row * 1200, "Placebo " * 20_000, "Placebo\n" * 10_000 + "OS 1 2\n" * 2, "Placebo N=1 " * 10_000):
        assert_linear(run, text)


def test_columns_that_are_cohorts_of_one_treatment():
    # en_347 (cemiplimab, Table 2): "Group 1 (mCSCC) / 3 mg/kg Q2W / (n=59) / … / Total / (N=193)", then
    # rows with their cells glued ("Objective response rate, % (95% CI)50.8 (37.5 to 64.1)44.9 (…")
    recs = extract(REAL / "en_347.txt").records
    orr = {r.arm_label: r for r in recs if r.rule == "value.arm_columns" and r.endpoint == "ORR"}
    assert {k: v.value for k, v in orr.items()} == {"Group 1": 50.8, "Group 2": 44.9, "Group 3": 42.9, "Total": 46.1}
    assert all(r.arm == ["cemiplimab"] and r.comparator is None for r in orr.values())  # no comparison of cohorts
    sizes = {r.arm_label: r.value for r in recs if r.rule == "value.arm_columns" and r.endpoint == "n_patients"}
    assert sizes == {"Group 1": 59, "Group 2": 78, "Group 3": 56, "Total": 193}
    # a table of our own in the same layout
    text = ("Table 3 Efficacy of tarlatamab\n\nCohort A\n10 mg\n(n=40)\nCohort B\n100 mg\n(n=38)\nTotal\n(N=78)\n"
            "Objective response rate, % (95% CI)45.0 (29.3 to 61.5)39.5 (24.0 to 56.6)42.3 (31.2 to 54.0)\n"
            "Disease control rate, % (95% CI)70.0 (53.5 to 83.4)65.8 (48.6 to 80.4)67.9 (56.4 to 78.1)\n")
    got = {(r.endpoint, r.arm_label): (r.value, r.arm) for r in analyze(document_from_text(text)).records
           if r.rule == "value.arm_columns"}
    assert got[("ORR", "Cohort A")] == (45.0, ["tarlatamab"]) and got[("DCR", "Total")] == (67.9, ["tarlatamab"])
    assert got[("n_patients", "Cohort B")] == (38.0, ["tarlatamab"])
    # cohort words in a sentence make no header
    assert not [r for r in analyze(document_from_text(
        "Group 1 received 3 mg/kg and group 2 received 350 mg; the ORR was 50.8% and 44.9%.")).records
        if r.rule == "value.arm_columns"]
