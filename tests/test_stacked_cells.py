"""Tables whose cells keep their line breaks, a trial's arms stacked in one cell (PMC tables)."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.entities import find_entities_in_text
from extractor.measure.stacked_cells import read_stacked_cells

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# Written for this test in the layout of en_207 (header cells wrapped over lines, each row's two
# arms one under the other, the values likewise, a P-value column).
TABLE = """Table 2.
Trial | Year of
publication |
No. of
patients | Arms | Outcome
(%) |
P value |
---|---|---|---|---|---|
PRODIGE-7 | 2021 | 265 |
FOLFIRINOX alone
FOLFIRINOX + HIPEC |
5-year OS: 39.4
5-year OS: 39.0 |
0.99 |
CAIRO6 | 2023 | 358 |
systemic therapy
surgery alone |
3-year DFS: 42
3-year DFS: 31 |
<0.001 |
* HIPEC, hyperthermic intraperitoneal chemotherapy.
"""


def _got(text: str) -> list[tuple[str, float, tuple[str, ...], str | None, float | None, object]]:
    values, spans = read_stacked_cells(text, find_entities_in_text(text))
    assert spans and all(text[v.start : v.end].replace(".", "").isdigit() for v in values)
    return [(v.code, v.value, tuple(v.arm), v.arm_label, v.timepoint, v.p) for v in values]


def test_stacked_arms_and_values_pair_line_by_line() -> None:
    got = _got(TABLE)
    folfirinox = ("oxaliplatin", "irinotecan", "fluorouracil", "leucovorin")
    assert ("n_patients", 265.0, (), None, None, None) in got
    os_a = next(g for g in got if g[1] == 39.4)
    assert os_a[0] == "OS_rate" and set(os_a[2]) == set(folfirinox) and os_a[4] == 60 and os_a[5] == ("=", 0.99)
    assert next(g for g in got if g[1] == 39.0)[3] == "FOLFIRINOX + HIPEC"
    assert ("DFS_rate", 31.0, (), "surgery alone", 36.0, ("<", 0.001)) in got
    values, _ = read_stacked_cells(TABLE, find_entities_in_text(TABLE))
    a = next(i for i, v in enumerate(values) if v.value == 42)
    assert values[values[a].partner].value == 31  # the two lines of a cell are a compared pair


def test_a_real_table() -> None:
    # en_207: adjuvant gastric cancer trials (ACTS-GC, SAMIT, CLASSIC, OPAS-1, START-2, …)
    result = extract(REAL / "en_207.txt")
    by = {(r.endpoint, r.value, r.trial): r for r in result.records if r.rule == "value.stacked_cells"}
    assert by[("OS_rate", 80.1, "ACTS-GC")].arm == ["tegafur"] and by[("OS_rate", 80.1, "ACTS-GC")].timepoint == 36
    assert by[("DFS_rate", 74, "CLASSIC")].p_operator == "<" and by[("OS_rate", 42, "CRITICS")].timepoint == 60


def test_a_table_without_arms_stacked_is_left_alone() -> None:
    text = "Trial | Arms | ORR (%) |\n---|---|---|\nKEYNOTE-048 | pembrolizumab | 17 |\n"
    assert read_stacked_cells(text, find_entities_in_text(text)) == ([], [])


def test_stacked_tables_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = "Trial | Arms | Outcome (%) |\n---|---|---|\n"
    rows = "".join(f"T{i} |\nsorafenib\nplacebo |\n1-year OS: {i % 90}.1\n1-year OS: 9 |\n" for i in range(4000))
    assert_linear(lambda t: read_stacked_cells(t, []), head + rows)
