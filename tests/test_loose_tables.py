"""Results tables flattened with no cell separators (extractor/measure/loose_tables.py).

Two real tables of the dev split (a review's table of randomised sarcoma trials, one row per
trial with "A versus B" pairs and bulleted P values; a drug review's table with one arm per row and
a row of ratios) and tables of our own in the same layouts, in English and Chinese, with a column
a row skips. The expected records were decided by reading each table.
"""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.ingest import document_from_text
from extractor.measure.loose_tables import read_loose_tables
from extractor.models import Record
from extractor.pipeline import analyze

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _loose(recs: list[Record]) -> list[Record]:
    return [r for r in recs if r.rule == "value.loose_table"]


def _find(recs: list[Record], endpoint: str, value: float) -> Record:
    hits = [r for r in recs if r.endpoint == endpoint and r.value == value]
    assert len(hits) == 1, (endpoint, value, hits)
    return hits[0]


def _records(text: str) -> list[Record]:
    return analyze(document_from_text(text)).records


def test_a_review_table_of_trials_one_row_each():
    # en_139 (Ann Oncol 2018, Table 5): Trial | Study design | N | ORR | PFS | OS | Conclusions
    recs = extract(REAL / "en_139.txt").records
    loose = _loose(recs)
    orr = _find(loose, "ORR", 16)  # Maki 2007: gemcitabine + docetaxel versus gemcitabine
    assert sorted(orr.arm) == ["docetaxel", "gemcitabine"] and orr.comparator == ["gemcitabine"] and orr.comparator_value == 8
    pfs = _find(loose, "mPFS", 6.2)
    assert (pfs.unit, pfs.comparator_value) == ("month", 3)
    assert _find(loose, "mOS", 18).comparator_value == 12
    # the P value printed after a pair (a bullet of its own) is the pair's
    assert (_find(loose, "ORR", 49).p_value, _find(loose, "mPFS", 4.2).p_value) == (0.009, 0.005)
    palette = _find(loose, "mPFS", 1.6)  # pazopanib versus placebo
    assert (palette.arm, palette.trial, palette.p_operator, palette.p_value) == ([], "PALETTE", "<", 0.0001)
    assert "placebo" in (palette.arm_label or "")
    # the N column is the row's randomised total; an author's name and year are no trial
    assert _find(loose, "n_patients", 122).arm == [] and _find(loose, "n_patients", 122).trial is None
    # cells printed without a unit in a column of medians are months (the other cells print "mo")
    assert _find(loose, "mOS", 10.7).unit == "month"
    # years, reference numbers and the trial number 62012 are no values
    assert not [r for r in recs if r.value in {2007, 92, 2012, 62012}]


def test_one_arm_per_row_and_a_row_of_ratios():
    # en_006 (Drugs review of CASPIAN, Table 1): Treatment | OS (months) | PFS (months) | ORR (% of pts)
    recs = extract(REAL / "en_006.txt").records
    loose = _loose(recs)
    first = [r for r in loose if r.endpoint == "mOS"]
    assert [(r.value, r.arm_label, r.comparator_value) for r in first] == [
        (13.0, "DUR+EP", 10.3), (10.3, "EP", 13.0), (12.9, "DUR+EP", 10.5), (10.5, "EP", 12.9)]
    assert [(r.value, r.unit) for r in loose if r.endpoint == "ORR"] == [(79, "%"), (70, "%"), (79, "%"), (71, "%")]
    hr = _find(loose, "HR", 0.73)  # "HR/OR (95% CI) HR 0.73 (0.59–0.91)e* HR 0.78 … OR 1.64 …"
    assert (hr.arm_label, hr.comparator_label, hr.ci_low, hr.ci_high) == ("DUR+EP", "EP", 0.59, 0.91)
    assert _find(loose, "OR", 1.61).ci_low == 1.09  # a figure dash in the interval
    # "(data cut-off 27 January 2020)" is a section line of the table, not a value
    assert not [r for r in recs if r.value in {27, 2019, 2020, 11}]


ENGLISH = """Table 2. Randomized trials of second-line therapy
Trial Design N Objective response rate Median PFS Median OS
ALPHA-2 Drug-X versus docetaxel 410 18% vs 9% 4.1 vs 2.8 mo 11.0 vs 8.9 mo Benefit in all subgroups
BETA Pemetrexed versus placebo 250 Not reported 3.5 vs 1.9 mo 13.1 vs 10.2 mo No difference in OS
Abbreviations: PFS, progression-free survival; OS, overall survival.
"""

CHINESE = """表2 二线治疗的随机对照研究
研究 例数 ORR 中位PFS(月) 中位OS(月)
REACH-2 雷莫西尤单抗 vs 安慰剂 292 4.6% vs 1.1% 2.8 vs 1.6 8.5 vs 7.3
KEYNOTE-240 帕博利珠单抗 vs 安慰剂 413 18.3% vs 4.4% 3.0 vs 2.8 13.9 vs 10.6
"""


def test_a_row_that_skips_a_column_still_lines_up():
    recs = _loose(_records(ENGLISH))
    # "Not reported" takes the ORR cell: the two pairs after it are PFS and OS, not ORR and PFS
    beta = [(r.endpoint, r.value) for r in recs if r.sentence_start == ENGLISH.index("BETA")]
    assert beta == [("n_patients", 250), ("mPFS", 3.5), ("mPFS", 1.9), ("mOS", 13.1), ("mOS", 10.2)]
    assert _find(recs, "ORR", 18).comparator == ["docetaxel"] and _find(recs, "mOS", 11.0).unit == "month"
    assert _find(recs, "mOS", 10.2).arm_label == "placebo"
    assert not [r for r in recs if r.endpoint == "ORR" and r.value == 3.5]


def test_a_chinese_table_of_trials():
    recs = _loose(_records(CHINESE))
    orr = _find(recs, "ORR", 18.3)
    assert (orr.arm, orr.comparator_label, orr.trial) == (["pembrolizumab"], "安慰剂", "KEYNOTE-240")
    assert (_find(recs, "mPFS", 1.6).comparator, _find(recs, "mOS", 8.5).arm) == (["ramucirumab"], ["ramucirumab"])
    assert _find(recs, "n_patients", 292).arm == []


def test_prose_naming_endpoints_is_no_table():
    text = ("Efficacy endpoints were ORR, PFS and OS.\nThe ORR was 20% vs 10% and median PFS 5.1 vs 3.2 months.\n"
            "Median OS 12.0 vs 9.9 months was reported later.\n")
    assert read_loose_tables(text, []) == ([], [])
    # a header with no rows of values under it reads nothing either
    assert read_loose_tables("Trial ORR PFS OS\nSee the text for details\n", []) == ([], [])


def test_cost_grows_linearly_on_long_and_hostile_tables(assert_linear):
    head = "Trial Design N ORR Median PFS Median OS\n"
    row = "STUDY-1 Drug-X versus placebo 200 18% vs 9% 4.1 vs 2.8 mo 11.0 vs 8.9 mo\n"
    assert len(read_loose_tables(head + row * 1200, [])[0]) == 7 * 1200

    def run(text: str) -> None:
        read_loose_tables(text, [])

    # a long table, 100 kB of digits under a header, a 1 MB line of words, thousands of header-like
    # lines, one line of thousands of pairs
    for text in (head + row * 1200, head + "1" * 100_000, head + "word " * 200_000, head * 5000,
                 head + "12.5 vs " * 20_000 + "\n"):
        assert_linear(run, text)


def test_a_table_with_arm_rows_under_each_trial():
    # en_152 (head and neck trials): "Study, line (year) N Regimen (treatment arms A, B, C) Response rate
    # (%) Median progression-free survival (months) Median overall survival (months)" over
    # "112/ A: P + cetuximabb 26e 4.2 9.2" / "117 B: P + placebo 10 2.7 8.0" / "  C: MTX 3.9 ND 6.7"
    recs = extract(REAL / "en_152.txt").records
    loose = _loose(recs)
    # the number opening a row is its N cell, so "26e" is the response rate, not the N
    assert (_find(loose, "ORR", 26).unit, _find(loose, "mPFS", 4.2).unit, _find(loose, "mOS", 9.2).unit) == ("%", "month", "month")
    assert _find(loose, "n_patients", 117).value == 117 and not [r for r in loose if r.endpoint == "n_patients" and r.value == 10]
    # a footnote letter glued to a drug ("cetuximabb") still names the drug
    assert "cetuximab" in _find(loose, "ORR", 26).arm
    # "ND" takes its column: the IMEX rows' overall survival is the third cell
    assert [r.endpoint for r in loose if r.value == 6.7 and r.arm == ["methotrexate"]] == ["mOS"]
    # the rows of one trial compare with each other, never with the next trial's
    assert _find(loose, "ORR", 3.9).comparator is None


# Written for this test in the layout of en_192 (PMC table of pivotal trials, no separators): a year
# column, a patients column, P-value columns after the medians, a bare hazard ratio.
YEAR_TABLE = """Table 2. Randomised trials in advanced biliary tract cancer
Study Regimens No. of patients Response rate (%) Median progression-free survival (months) p value Median survival (months) Hazard ratio p value
ABC-02 2010 Gemcitabine plus cisplatin 204 26.1 8.0 < 0.001 11.7 0.64 < 0.001
Gemcitabine 206 15.5 5.0 8.1
TOPAZ-1 2022 Durvalumab plus gemcitabine plus cisplatin 341 26.7 7.2 0.001 12.8 0.80 0.021
Placebo plus gemcitabine plus cisplatin 344 18.7 5.7 11.5
"""


def test_a_year_column_and_p_value_columns_in_a_table_without_separators():
    got = {(r.endpoint, r.value): r for r in _loose(_records(YEAR_TABLE))}
    assert set(got) == {("n_patients", 204), ("ORR", 26.1), ("mPFS", 8.0), ("mOS", 11.7), ("HR", 0.64),
                        ("n_patients", 206), ("ORR", 15.5), ("mPFS", 5.0), ("mOS", 8.1),
                        ("n_patients", 341), ("ORR", 26.7), ("mPFS", 7.2), ("mOS", 12.8), ("HR", 0.80),
                        ("n_patients", 344), ("ORR", 18.7), ("mPFS", 5.7), ("mOS", 11.5)}
    assert got[("mPFS", 8.0)].arm == ["gemcitabine", "cisplatin"] and got[("mPFS", 8.0)].p_operator == "<"
    assert got[("HR", 0.80)].p_value == 0.021  # the P column after the ratio is the ratio's
    assert got[("mOS", 11.5)].arm == ["gemcitabine", "cisplatin"] and got[("mOS", 11.5)].arm_label


# A table in en_343's layout (a review's table of randomised gastric-cancer trials): no unit in the
# header, none in the cells except one row's days, ORR and DCR printed without '%', each trial's N
# inside its label before the regimen. Trials and numbers are our own.
NO_UNITS = """Study or author Phase Line N Chemotherapy OS PFS ORR DCR
ALPHA-2 III 1st HER2 positive 402 CF 10.2 4.8 31.5 66
(ref. 4)    (IHC3+)   CF+Zolbetuximab 12.9 6.1 44.0 78
Lee et al II 2nd
91 Docetaxel+ramucirumab 241 days 102 days 12.5 51.0
(ref. 7)       Docetaxel 198 days 80 days 9.1 40.2
GAMMA III 1st
612 SOX 9.7 5.0 40 70
(ref. 9)       SOX+Nivolumab 13.1 7.2 52 81
Abbreviations: OS, overall survival; PFS, progression-free survival; CF, Cisplatin+Fluorouracil; SOX, S-1+Oxaliplatin.
"""


def test_a_table_printing_no_unit_gives_no_guessed_durations():
    recs = _loose(_records(NO_UNITS))
    # OS/PFS print no unit in the header and in most cells: a bare cell could be days, weeks or
    # months (GUIDELINES RD86, RD401), so only the cells that print their unit are records
    assert not [r for r in recs if r.endpoint in {"mOS", "mPFS"} and r.value in {10.2, 4.8, 12.9, 6.1, 9.7, 13.1}]
    assert (_find(recs, "mOS", 241).unit, _find(recs, "mOS", 241).comparator_value) == ("day", 198)
    assert _find(recs, "mPFS", 80).unit == "day"
    # a bare number under ORR or DCR is the rate
    assert (_find(recs, "ORR", 31.5).unit, _find(recs, "DCR", 66).unit) == ("%", "%")
    assert _find(recs, "ORR", 44.0).arm_label == "CF+Zolbetuximab"
    assert _find(recs, "DCR", 81).comparator_value == 70
    # the N printed inside the label, before the regimen, is the row's patients, not a duration
    for n in (402, 91, 612):
        assert _find(recs, "n_patients", n).unit == "patients"
    assert _find(recs, "n_patients", 402).arm_label == "CF"
    assert not [r for r in recs if r.endpoint == "n_patients" and r.value in {10.2, 241, 9.7}]
