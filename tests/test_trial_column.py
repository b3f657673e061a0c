"""A table's trial column (extractor/entities/trial_column.py) and the trial of its rows in the
loose-table frame: under a header opening with "Trial" or "Study", a row that opens with an
acronym nobody listed names that row's trial, and the rows under it without a name are the same
trial's other arms.

Real tables: en_234 (a review's table of 15 phase 3 gastric trials, one row per arm, the trial
named on the first), en_152 (a head and neck review: each trial's name on a line of its own),
en_221 (endometrial: "GOG 122" on its own line). Then tables written anew in those layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import extract
from extractor.entities import find_entities_in_text
from extractor.ingest import document_from_text
from extractor.pipeline import analyze

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def trials(text: str) -> list[str | None]:
    return [e.norm for e in find_entities_in_text(text) if e.label == "TRIAL"]


def column_trials(text: str) -> list[str | None]:
    return [e.norm for e in find_entities_in_text(text) if e.rule == "trial.table_column"]


def test_a_review_table_names_every_trial_on_its_first_row() -> None:
    names = trials((REAL / "en_234.txt").read_text(encoding="utf-8"))
    # read by the table: names no list holds, a footnote star ("JACOB*"), a regimen inside ("G-SOX")
    for name in ("SPIRITS", "ML17032", "G-SOX", "JACOB", "COUGAR-02", "ABSOLUTE", "ToGA"):
        assert name in names, (name, names)
    # the arm rows under them ("SP 6.0 13.0 54 74", "DTX 5.2 7 8.3", "BSC …") name no trial:
    # the table's legend defines those abbreviations
    assert not {"SP", "XP", "SOX", "DCS", "DTX", "PTX", "IRI", "RAM", "BSC", "ASC"} & set(names)
    assert len(names) == 15


def test_names_on_lines_of_their_own() -> None:
    names = trials((REAL / "en_152.txt").read_text(encoding="utf-8"))
    for name in ("ECOG 5397", "SPECTRUM", "IMEX", "ZALUTE", "ECOG 1302", "LUX-Head&Neck1"):
        assert name in names, (name, names)
    # the GOG program reads "GOG 122" too (a space before three digits) and spells it as the program does
    assert {"GOG-122", "GOG-163", "GOG-177", "GOG-209"} <= set(trials((REAL / "en_221.txt").read_text(encoding="utf-8")))


TABLE = """Study Arm N Median PFS (months) ORR (%)
NEPTUNO-3* Nivolumab + chemo 210 9.4 41.2
Chemo 205 6.1 30.5
 KOALA 12 Regorafenib 150 3.2 5
BSC 148 1.7 1
NOVELLA-A Gem + nab-P 99 7.0 35
GASTRIC meta-analysis 3838 12 14
EudraCT number: 2004-001103-35 2 3
BSC: best supportive care; chemo, platinum doublet
"""


def test_a_table_written_anew_in_the_same_layout() -> None:
    names = column_trials(TABLE)
    assert names == ["NEPTUNO-3", "KOALA 12", "NOVELLA-A"], names
    # a pooled analysis's group, a registry's word and defined abbreviations are no trials
    # (the EudraCT number itself is one, by the registry rule); without the header the same
    # rows name nothing
    assert column_trials(TABLE.split("\n", 1)[1]) == []


def test_a_name_needs_the_shape_of_a_name() -> None:
    rows = "Trial Design N ORR\nRandomised phase 3 400 20 30\nOverall 120 30 40\nAB 12 13 14\n"
    assert column_trials(rows) == []  # words, a plain capitalised word, two letters


def test_the_rows_of_one_trial_carry_its_name_and_compare_only_each_other() -> None:
    recs = analyze(document_from_text(
        "Table 2. Phase 3 trials\n\n"
        "Trial Arm PFS (months) OS (months) RR (%)\n"
        " ALPHA-7 Sunitinib 5.5 11.1 35\n"
        "Placebo 2.8 8.6 4\n"
        " OMEGA-2 Axitinib 6.7 13.8 47\n"
        "Sorafenib 4.7 12.5 28\n"
        "\nRR: response rate\n"
    )).records
    by = {(r.endpoint, r.value): r for r in recs}
    # a percentage column headed RR is a response rate (a relative risk is never a percentage)
    assert by[("ORR", 35)].arm == ["sunitinib"] and by[("ORR", 4)].arm == ["placebo"] or by[("ORR", 4)].arm == []
    assert by[("ORR", 4)].trial == "ALPHA-7" and by[("mOS", 8.6)].trial == "ALPHA-7"
    assert by[("mPFS", 4.7)].trial == "OMEGA-2"
    # the placebo row and the axitinib row below it belong to two trials: no comparison between them
    assert by[("mPFS", 6.7)].comparator != ["placebo"]
    assert by[("mPFS", 6.7)].comparator_value in (None, 4.7)


def test_loose_table_rows_in_en_234_keep_their_trial() -> None:
    recs = [r for r in extract(REAL / "en_234.txt").records if r.rule == "value.loose_table"]
    by = {(r.endpoint, r.value, r.trial) for r in recs}
    # the second arm of a trial ("S-1 4.2 11.4 28 74" under "JCOG9912 5-FU …")
    assert ("mOS", 11.4, "JCOG9912") in by and ("ORR", 28, "JCOG9912") in by
    # the third arm of ABSOLUTE, two rows under its name
    assert ("mOS", 10.3, "ABSOLUTE") in by


@pytest.mark.parametrize("text", [
    "Trial Arm N ORR\n" + "ABCDE 12 13 14\n" * 30_000,
    "Study A B C\n" * 40_000,
    "Trial N\n" + "ABCDEFGHIJ-" * 50_000 + "\n",
])
def test_hostile_tables_stay_linear(text, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(find_entities_in_text, text)
