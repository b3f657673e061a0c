"""Tables flattened with spaces for cell borders whose rows compare two arms cell by cell
("Cabazitaxel vs mitoxantrone 2010 Post-docetaxel 755 39% vs 18% NA NA 2.8 vs 1.4 15.1 vs 12.7 0.70
<0.001", en_253)."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.measure.spaced_pairs import read_spaced_pairs

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# written anew in en_253's layout: a free-text column ("Setting"), a column of words, then the
# endpoint columns; the header's last line is a sub-header
TABLE = """Table 2. Randomized trials in advanced renal cell carcinoma

Trial Year Setting N Quality of life ORR (%) mPFS (months) Overall survival
Median (months) HR P
Tivozanib vs sorafenib 2013 First line 517 Yes 33 vs 23 11.9 vs 9.1 28.8 vs 29.3 1.25 0.105
Pazopanib vs placebo 2010 First or second line 435 NA 30 vs 3 9.2 vs 4.2 22.9 vs 20.5 0.91 0.525
Everolimus vs placebo 2008 After VEGF TKI 416 No 2 vs 0 4.9 vs 1.9 14.8 vs 14.4 0.87 0.162

Notes: HR, hazard ratio for overall survival.
"""


def _got(text: str) -> list[tuple[str, float, tuple[str, ...], str | None]]:
    return [(r.endpoint, r.value, tuple(r.arm), r.arm_label) for r in extract(text).records]


def test_each_row_compares_its_two_arms_under_the_endpoint_columns() -> None:
    got = _got(TABLE)
    assert ("mPFS", 11.9, ("tivozanib",), "Tivozanib") in got
    assert ("mPFS", 9.1, ("sorafenib",), "sorafenib") in got
    assert ("mOS", 22.9, ("pazopanib",), "Pazopanib") in got
    assert ("mOS", 20.5, (), "placebo") in got
    assert ("HR", 0.87, ("everolimus",), "Everolimus") in got
    assert ("ORR", 2.0, ("everolimus",), "Everolimus") in got
    # the year, the count and the free words are no values of the endpoint columns
    assert not [v for e, v, *_ in got if v in {2013.0, 517.0, 435.0}]
    assert len([g for g in got if g[0] in {"ORR", "mPFS", "mOS"}]) == 18


def test_en_253_a_table_of_prostate_trials() -> None:
    records = extract(REAL / "en_253.txt").records
    frame = [r for r in records if r.rule == "value.spaced_pairs"]
    assert {(r.endpoint, r.value) for r in frame} >= {("mPFS", 2.8), ("mPFS", 1.4), ("mOS", 15.1), ("mOS", 12.7),
                                                      ("HR", 0.7), ("mOS", 34.7), ("mOS", 30.3), ("HR", 0.81)}
    # "1,006" is no count of 6 patients
    assert not [r for r in records if r.endpoint == "n_patients" and r.value in {6.0, 195.0, 88.0}]


def test_prose_with_compared_values_is_no_table() -> None:
    text = ("Median PFS and overall survival were compared. Sunitinib vs interferon 2007 showed 11.0 vs 5.0 "
            "months.")
    assert read_spaced_pairs(text, []) == ([], [])


def test_a_long_table_line_stays_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    head = "Trial Year N mPFS (months) Overall survival HR P\n"
    row = "Drug A vs placebo 2010 435 9.2 vs 4.2 22.9 vs 20.5 0.91 0.525\n"
    assert_linear(lambda t: read_spaced_pairs(t, []), head + row * 4000)
    assert_linear(lambda t: read_spaced_pairs(t, []), head + "A vs B " + "1 " * 50_000 + "\n")
