"""Tables of trials whose cells hold compared pairs ("| *16.9 vs 8.2 (HR=0.55) |"), rows wrapped."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.entities import find_entities_in_text
from extractor.measure.pair_cells import read_pair_cells

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# Written for this test in the layout of a review's table (PMC flattening keeps the cells' line
# breaks): one merged first cell, a row spanning fewer columns under a merged trial cell.
TABLE = """Table 2. Phase III trials of second-line therapy in advanced gastric cancer
| Setting | Trial | No. of patients | Arms | mOS (months) | 1-year OS | ORR |
| Second line | RAINBOW | 665 | ramucirumab vs placebo | *9.6 vs 7.4 (HR=0.81) |
40% vs 30% (1 yr) |
28% vs 16% |
| REGARD | 355 | ramucirumab vs placebo | 5.2 vs 3.8 (HR=0.78) |
17% vs 12% (1 yr) | 3% vs 3% |
| 120 | *6.1 vs 4.0 (HR=0.70) | 25% vs 14% (1 yr) | 8% vs 2% |
Abbreviations: mOS, median overall survival.
"""


def _values(text: str) -> list[tuple[str, float, tuple[str, ...], str | None, float | None]]:
    ents = find_entities_in_text(text)
    got, spans = read_pair_cells(text, ents)
    assert spans and all(text[v.start : v.end].replace(",", "").replace(" ", "").replace(".", "").isdigit() for v in got)
    return [(v.code, v.value, tuple(v.arm), v.trial, v.timepoint) for v in got]


def test_pairs_by_column_with_wrapped_and_merged_rows() -> None:
    got = _values(TABLE)
    ram, pbo = ("ramucirumab",), ()
    assert ("mOS", 9.6, ram, "RAINBOW", None) in got and ("mOS", 7.4, pbo, "RAINBOW", None) in got
    assert ("HR", 0.81, ram, "RAINBOW", None) in got
    assert ("OS_rate", 40.0, ram, "RAINBOW", 12.0) in got and ("OS_rate", 30.0, pbo, "RAINBOW", 12.0) in got
    assert ("ORR", 28.0, ram, "RAINBOW", None) in got
    assert ("n_patients", 665.0, (), "RAINBOW", None) in got
    assert ("mOS", 5.2, ram, "REGARD", None) in got and ("ORR", 3.0, pbo, "REGARD", None) in got
    # the last row spans the endpoint columns only: its trial and arms are the row above's
    assert ("mOS", 6.1, ram, "REGARD", None) in got and ("HR", 0.70, ram, "REGARD", None) in got
    assert ("OS_rate", 14.0, pbo, "REGARD", 12.0) in got and ("ORR", 2.0, pbo, "REGARD", None) in got


def test_the_records_of_a_real_table() -> None:
    # zh_175: second-line ICI trials in NSCLC, 'Doc' for docetaxel, HR in the same cells
    result = extract(REAL / "zh_175.txt")
    recs = [r for r in result.records if r.rule == "value.pair_cells"]
    by = {(r.endpoint, r.value, r.trial): r for r in recs}
    pair = by[("mOS", 13.3, "OAK")]
    assert pair.arm == ["atezolizumab"] and pair.comparator == ["docetaxel"] and pair.comparator_value == 9.8
    assert by[("HR", 0.78, "OAK")].arm == ["atezolizumab"]
    assert by[("OS_rate", 12.3, "CheckMate 017")].timepoint == 60
    assert by[("n_patients", 1033, "KEYNOTE-010")].unit == "patients"
    # nothing of the table is read again as prose (the HR bracket is no endpoint of the medians)
    assert not [r for r in result.records if r.rule != "value.pair_cells" and r.endpoint == "HR"]


def test_rows_without_leading_pipes_run_until_their_cells_fill_the_header() -> None:
    # the same table as flattened without leading pipes: a row ends when its cells fill the
    # header's columns, or where the next line would overfill it
    assert sorted(_values(TABLE.replace("\n| ", "\n"))) == sorted(_values(TABLE))


# Written for this test in the layout of en_126 (one study cell, then the row's other cells over
# several lines; counts with totals, an endpoint named by its own column, a ratio column).
WRAPPED = """Table 1.
Study | Design | Treatment | No. of patients | Primary endpoint | Outcome of primary endpoint | HR | OS |
---|---|---|---|---|---|---|---|
Targeted agents | ||||||||
ALPHA-1 Smith J et al. (12) |
Phase III | Cabozantinib vs. placebo |
N = 200 101 vs. 99 |
PFS | CABO: 11.2 m vs. placebo: 5.3 m | 0.41 (0.30–0.56) P < 0.0001 |
27.1 vs. 19.6 m |
BETA Lee K et al. (13) |
Phase III | Lenvatinib vs. placebo | 150 vs. 148 | TTP | 9.9 vs. 3.7 m | 0.52 (0.40–0.68) P = 0.001 |
Not reported |
"""


def test_wrapped_rows_with_counts_an_endpoint_column_and_ratios() -> None:
    got = _values(WRAPPED)
    cabo, lenva, pbo = ("cabozantinib",), ("lenvatinib",), ()
    assert ("n_patients", 200.0, (), "ALPHA-1", None) in got
    assert ("n_patients", 101.0, cabo, "ALPHA-1", None) in got and ("n_patients", 99.0, pbo, "ALPHA-1", None) in got
    assert ("mPFS", 11.2, cabo, "ALPHA-1", None) in got and ("mPFS", 5.3, pbo, "ALPHA-1", None) in got
    assert ("HR", 0.41, cabo, "ALPHA-1", None) in got
    assert ("mOS", 27.1, cabo, "ALPHA-1", None) in got and ("mOS", 19.6, pbo, "ALPHA-1", None) in got
    assert ("mTTP", 9.9, lenva, "BETA", None) in got and ("n_patients", 148.0, pbo, "BETA", None) in got
    assert ("HR", 0.52, lenva, "BETA", None) in got
    hr = next(v for v in read_pair_cells(WRAPPED, find_entities_in_text(WRAPPED))[0] if v.value == 0.41)
    assert hr.ci == (0.30, 0.56) and hr.p == ("<", 0.0001) and hr.comparator_label == "placebo"


def test_a_real_wrapped_table() -> None:
    # en_126: neuroendocrine tumour trials (PROMID, CLARINET, SUN1111, RADIANT-3/4, SANET)
    result = extract(REAL / "en_126.txt")
    by = {(r.endpoint, r.value): r for r in result.records if r.rule == "value.pair_cells"}
    assert by[("mTTP", 14.3)].arm == ["octreotide"] and by[("mTTP", 6.0)].arm_label == "placebo"
    assert by[("HR", 0.42)].p_value == 0.0001 and by[("mOS", 38.6)].comparator_value == 29.1


def test_pair_cell_tables_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = "| Trial | Arms | mOS (months) | ORR |\n"
    rows = "".join(f"| T{i} | ramucirumab vs placebo | {i % 30}.1 vs 4.0 (HR=0.81) |\n{i % 50}% vs 9% |\n" for i in range(3000))
    one_line = "| Trial | Arms | mOS | ORR |\n" + "| x " * 60000 + "|\n"
    assert_linear(lambda t: read_pair_cells(t, []), head + rows)
    assert_linear(lambda t: read_pair_cells(t, []), one_line)
    wrapped = "Study | Phase | Arms | Description | Median PFS HR (95% CI) |\nORR | OS |\n" * 4000
    assert_linear(lambda t: read_pair_cells(t, []), wrapped)


def test_labelled_sides_without_a_comparison_word() -> None:
    # en_181: "*Trastuzumab: 65% *No trastuzumab: 26%" under "pCR rate (%)", "cCR (%)" beside it
    text = ("Table 1.\nStudy (ref.) | No. of patients | Regimen | pCR rate (%) | cCR (%) |\n"
            "GAMMA-2 [4], phase II |\n64 | EC → docetaxel | *Pertuzumab: 45% *No pertuzumab: 29% |\n"
            "Pertuzumab: 80% No pertuzumab: 71% |\n")
    got = _values(text)
    assert ("pCR_rate", 45.0, ("pertuzumab",), "GAMMA-2", None) in got
    assert ("pCR_rate", 29.0, (), "GAMMA-2", None) in got  # "No pertuzumab" names no drug
    assert ("CR_rate", 80.0, ("pertuzumab",), "GAMMA-2", None) in got
    assert ("n_patients", 64.0, (), "GAMMA-2", None) in got



def test_a_table_of_sentences_in_cells_is_read_as_sentences() -> None:
    # en_379 (a review's table, PMC markdown keeping each cell's line breaks): the result cells are
    # sentences ("PFS(median): 4.6 months vs. 4.4 months (p = 0.11)"), only the patient numbers
    # bare "a vs b" cells; the pair frame read those under the wrong column and claimed the table,
    # so no sentence of its cells was read
    text = (REAL / "en_379.txt").read_text(encoding="utf-8")
    assert read_pair_cells(text, find_entities_in_text(text)) == ([], [])
    got = {(r.endpoint, r.value, tuple(r.arm), tuple(r.comparator or ())) for r in extract(text).records}
    niv, eve = ("nivolumab",), ("everolimus",)
    assert ("mPFS", 4.6, niv, eve) in got and ("mPFS", 4.4, eve, niv) in got
    assert ("mOS", 25.0, niv, eve) in got and ("ORR", 5.0, eve, niv) in got
    assert ("mPFS", 16.6, ("nivolumab", "cabozantinib"), ("sunitinib",)) in got


# Written for this test in en_412's layout (a review's table of CDK4/6 trials): the header's cells
# wrapped onto a second line, each cell 'a vs b mo HR (CI)' with the ratio bare after the pair
# (once with the unit after it), a median not reached, and the line of therapy only on a block's
# first row.
WRAPPED_HEAD = """Line | Study | Phase | Arms | Description | Median PFS HR (95% CI) |
ORR | Median OS HR (95% CI) |
|
---|---|---|---|---|---|---|---|
First-line | ALPHA-2 | III | 2 | Ribociclib/letrozole vs placebo/letrozole | 21.3 vs 14.2 mo 0.61 (0.50–0.74) | 48.0% vs 35.5% | Pending | |
BETA-3 | III | 2 | Abemaciclib/letrozole vs placebo/letrozole | NR vs 14.9 mo 0.52 (0.40–0.69) | 57.0% vs 43.0% | Pending | |
Second-line | GAMMA-1 | III | 2 | Palbociclib/fulvestrant vs placebo/fulvestrant | 11.2 vs 4.4 0.50 mo (0.39–0.64) | 22.0% vs 13.0% | 34.9 vs 28.0 mo 0.81 (0.64–1.03) |
"""


def test_a_wrapped_header_and_bare_ratios_after_the_pairs() -> None:
    got = {(r.endpoint, r.value): r for r in extract(text=WRAPPED_HEAD).records}
    assert got[("mPFS", 21.3)].arm == ["ribociclib", "letrozole"] and got[("mPFS", 21.3)].comparator_value == 14.2
    hr = got[("HR", 0.61)]
    assert (hr.arm, hr.comparator, hr.ci_low, hr.ci_high, hr.trial) == (
        ["ribociclib", "letrozole"], ["letrozole"], 0.50, 0.74, "ALPHA-2")
    assert ("mPFS", 14.9) in got and got[("mPFS", 14.9)].comparator_value is None  # 'NR vs 14.9'
    assert got[("HR", 0.50)].ci_low == 0.39 and got[("mOS", 34.9)].comparator_value == 28.0
    assert got[("HR", 0.81)].arm == ["palbociclib", "fulvestrant"]
    assert {r.line for k, r in got.items() if r.trial in {"ALPHA-2", "BETA-3"}} == {"first"}
    assert got[("ORR", 22.0)].line == "second"
    assert not [k for k in got if k[0] == "HR" and k[1] == 2.0]  # the arms column is no ratio
