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


def test_tables_without_leading_pipes_are_left_to_other_frames() -> None:
    text = TABLE.replace("\n| ", "\n")
    assert read_pair_cells(text, find_entities_in_text(text)) == ([], [])


def test_pair_cell_tables_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = "| Trial | Arms | mOS (months) | ORR |\n"
    rows = "".join(f"| T{i} | ramucirumab vs placebo | {i % 30}.1 vs 4.0 (HR=0.81) |\n{i % 50}% vs 9% |\n" for i in range(3000))
    one_line = "| Trial | Arms | mOS | ORR |\n" + "| x " * 60000 + "|\n"
    assert_linear(lambda t: read_pair_cells(t, []), head + rows)
    assert_linear(lambda t: read_pair_cells(t, []), one_line)
