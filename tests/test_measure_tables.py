"""Results tables flattened to text (extractor/measure/tables.py), on tables of our own.

Each table is written in one of the layouts the real-text corpus shows — a two-arm trial table
with a multi-row header (medians, HR with CI, P per endpoint), a one-row-per-trial table with
aligned columns, a table whose columns are arms, and a baseline-characteristics table that
reports no result — and the expected records were decided by reading the table.
"""

from __future__ import annotations

import time

from extractor.ingest import document_from_text
from extractor.measure.tables import blocks, data_rows
from extractor.pipeline import analyze

GROUPED = """Table 3. Phase III trials in first-line advanced NSCLC
Experimental | Control | Progression-free survival | Overall survival | ||||||
---|---|---|---|---|---|---|---|---|---|
Median (months) | HR (95% CI) | p-value | Median (months) | HR (95% CI) | p-value | ||||
Experimental | Control | Experimental | Control | ||||||
Osimertinib (4) | Gefitinib or erlotinib | 18.9 | 10.2 | 0.46 (0.37-0.57) | <0.001 | 38.6 | 31.8 | 0.80 (0.64-1.00) | 0.046 |
Alectinib (5) | Crizotinib | 34.8 | 10.9 | 0.43 (0.32-0.58) | <0.001 | NR | 57.4 | 0.67 (0.46-0.98) | 0.027 |
"""

ALIGNED = """Trial | Agent | N | ORR | Median PFS
CodeBreaK 100 | sotorasib | 126 | 37.1% | 6.8
KRYSTAL-1 | adagrasib | 116 | 42.9% | 6.5
"""

ARM_COLUMNS = """终点 | 试验组 (n=120) | 对照组 (n=118) | P
中位PFS(月) | 11.2 | 6.9 | <0.001
客观缓解率(%) | 45.0 | 30.5 | 0.02
"""

BASELINE = """项目 | 观察组 (n=61) | 对照组 (n=76) | P
男 | 38(62.30) | 51(67.11) | 0.558
年龄(岁) | 57.92±6.22 | 56.27±6.65 | 0.140
"""


def _records(text: str):
    doc = document_from_text(text)
    res = analyze(doc)
    for r in res.records:
        assert doc.text[r.start : r.end].replace("·", ".") == f"{r.value:g}" or float(doc.text[r.start : r.end]) == r.value
    return res.records


def _find(records, code, value):
    (hit,) = [r for r in records if r.endpoint == code and abs(r.value - value) < 1e-9]
    return hit


def test_grouped_header_two_arms_per_endpoint():
    recs = _records(GROUPED)
    got = sorted((r.endpoint, r.value) for r in recs)
    assert got == sorted([("mPFS", 18.9), ("mPFS", 10.2), ("HR", 0.46), ("mOS", 38.6), ("mOS", 31.8),
                          ("HR", 0.80), ("mPFS", 34.8), ("mPFS", 10.9), ("HR", 0.43), ("mOS", 57.4), ("HR", 0.67)])
    osi = _find(recs, "mPFS", 18.9)
    assert (osi.arm, osi.comparator_value, osi.unit, osi.p_operator, osi.p_value) == (["osimertinib"], 10.2, "month", "<", 0.001)
    ctrl = _find(recs, "mPFS", 10.2)
    assert ctrl.arm == ["gefitinib", "erlotinib"] and ctrl.comparator == ["osimertinib"]
    hr = _find(recs, "HR", 0.80)
    assert (hr.arm, hr.comparator, hr.ci_low, hr.ci_high, hr.p_value) == (["osimertinib"], ["gefitinib", "erlotinib"], 0.64, 1.0, 0.046)
    # "NR" (not reached) is no value; its comparator's median still is
    assert _find(recs, "mOS", 57.4).arm == ["crizotinib"]
    assert all(r.rule == "value.table" for r in recs)


def test_aligned_columns_one_trial_per_row():
    recs = _records(ALIGNED)
    orr = _find(recs, "ORR", 42.9)
    assert (orr.arm, orr.unit, orr.trial) == (["adagrasib"], "%", "KRYSTAL-1")
    assert _find(recs, "mPFS", 6.8).arm == ["sotorasib"]
    assert _find(recs, "mPFS", 6.8).unit == "month"


def test_columns_that_are_arms():
    recs = _records(ARM_COLUMNS)
    pfs = _find(recs, "mPFS", 11.2)
    assert (pfs.arm_label, pfs.comparator_value, pfs.unit) == ("试验组 (n=120)", 6.9, "month")
    assert _find(recs, "ORR", 30.5).arm_label == "对照组 (n=118)"
    assert not [r for r in recs if r.endpoint in {"mPFS", "ORR"} and r.value in {0.001, 0.02}]



# en_325's layout, written anew: the header names the arms only, with no stub cell over the labels
STUBLESS = """Table 2. Efficacy (final analysis)
Pembrolizumab n=154 | Chemotherapy n=151 | |
Median PFS, mo (95% CI) | 10.3 (6.7, 13.9) | 6.0 (4.2, 6.2) |
Median follow-up, mo | 28.4 | 27.9 |
"""


def test_a_header_without_a_stub_cell_heads_the_value_columns():
    recs = _records(STUBLESS)
    pfs = _find(recs, "mPFS", 10.3)
    assert (pfs.arm, pfs.comparator, pfs.comparator_value) == (["pembrolizumab"], [], 6.0)
    assert (pfs.ci_low, pfs.ci_high) == (6.7, 13.9)
    assert _find(recs, "median_follow_up", 27.9).arm_label == "Chemotherapy n=151"

SECTIONED = """Table 2. Efficacy in the intention-to-treat population
Outcome | Sintilimab plus chemotherapy (N = 200) |
Placebo plus chemotherapy (N = 197) |
Hazard ratio (95% CI) |
P value |
---|---|---|---|---|
Overall survival | ||||
Median — mo (95% CI) | 15.2 (13.1–17.0) | 12.3 (10.9–13.6) | 0.77 (0.62–0.95) | 0.01 |
Rate at timepoint — % | ||||
12 mo | 61 (54–67) | 50 (43–57) | | |
24 mo | 31 (24–38) | 19 (13–25) | 0.004 | |
Objective response | ||||
No. of patients with a response | 112 | 86 | 1.31 (1.07–1.60) | 0.008 |
% (95% CI) | 56 (49–63) | 44 (37–51) | ||
"""


def test_a_table_of_arm_columns_with_sections_and_a_header_split_over_lines():
    # the header's cells stand one per line; section rows name the endpoint of the rows under them
    recs = _records(SECTIONED)
    os_ = _find(recs, "mOS", 15.2)
    assert (os_.arm, os_.comparator, os_.ci_low, os_.p_value) == (["sintilimab"], [], 13.1, 0.01)
    hr = _find(recs, "HR", 0.77)
    assert (hr.arm, hr.comparator_label, hr.ci_high) == (["sintilimab"], "Placebo plus chemotherapy (N = 197)", 0.95)
    assert [(r.value, r.timepoint) for r in recs if r.endpoint == "OS_rate"] == [(61, 12), (50, 12), (31, 24), (19, 24)]
    assert _find(recs, "OS_rate", 31).p_value == 0.004  # a P value the row printed in the ratio column
    rr = _find(recs, "RR", 1.31)  # two response rates compare as a rate ratio
    assert rr.ci_low == 1.07 and not [r for r in recs if r.endpoint == "ORR" and r.value in {112, 86}]
    assert (_find(recs, "ORR", 56).comparator_value, _find(recs, "ORR", 44).arm_label) == (44, "Placebo plus chemotherapy (N = 197)")


def test_a_real_nejm_table_with_sections():
    # en_105 (MPACT, Table 2): rates at 6-24 months, rate ratios, best responses as "no. (%)"
    from pathlib import Path

    from extractor.api import extract

    recs = extract(Path(__file__).resolve().parent.parent / "corpus" / "real" / "en_105.txt").records
    assert [(r.value, r.timepoint) for r in recs if r.endpoint == "PFS_rate"] == [(44, 6), (25, 6), (16, 12), (9, 12)]
    assert [r.value for r in recs if r.endpoint == "RR"] == [3.19, 3.81, 1.46]
    assert [r.value for r in recs if r.endpoint == "DCR"] == [48, 33]
    assert [(r.endpoint, r.value) for r in recs if r.endpoint in {"n_PR", "PR_rate"}] == [
        ("n_PR", 98), ("PR_rate", 23), ("n_PR", 31), ("PR_rate", 7)]
    assert not [r for r in recs if r.value in {0.008, 0.02} and r.endpoint != "HR"]


def test_baseline_characteristics_are_no_results():
    recs = _records(BASELINE)
    assert [r for r in recs if r.endpoint != "n_patients"] == []
    assert len(data_rows(BASELINE)) == 2


def test_tables_are_found_by_lines_and_cost_grows_linearly():
    assert len(blocks(GROUPED)) == 1 and len(blocks("a | b\nno table here\n")) == 0
    row = "Osimertinib | Gefitinib | 18.9 | 10.2 | 0.46 (0.37-0.57) | <0.001 | 38.6 | 31.8 | 0.80 (0.64-1.00) | 0.046 |\n"
    head = GROUPED.split("Osimertinib")[0]
    timings = []
    for n in (500, 2000):
        text = head + row * n
        t0 = time.process_time()
        recs = _records(text)
        timings.append(time.process_time() - t0)
        assert len(recs) == 6 * n
    assert timings[1] < 8 * timings[0] + 0.5  # 4x the rows: linear is ~4x, quadratic 16x
    # one 1 MB line with no pipe, and one made of pipes only: no table, no work per character pair
    assert blocks("x" * 1_000_000) == [] and data_rows("|" * 1_000_000) == []


def test_rows_named_by_author_take_their_one_drug_cell_and_count_column() -> None:
    # en_383 (twenty-sixth release, measured, now dev): rows named by first author, the drug in a
    # cell after the patient count, a "Patients n" column
    text = ("Table 1. First-line EGFR TKIs in phase III trials.\n"
            "First author [ref.] | EGFR mutation type | Patients n | TKI | Median PFS months |\n"
            "Park [4] | Common | 140 | Erlotinib | 10.2 |\n"
            "Lee [7] | Common/rare | 96 | Afatinib | 11.6 |\n")
    got = [(r.endpoint, r.value, tuple(r.arm)) for r in analyze(document_from_text(text)).records]
    assert got == [("n_patients", 140.0, ("erlotinib",)), ("mPFS", 10.2, ("erlotinib",)),
                   ("n_patients", 96.0, ("afatinib",)), ("mPFS", 11.6, ("afatinib",))]
