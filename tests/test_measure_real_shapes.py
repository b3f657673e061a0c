"""Shapes of real published results text (issue: real-world accuracy), on sentences of our own.

Each case is a sentence written in the style the real-text corpus shows — Lancet middle-dot
decimals, a bare "PFS of 6.8 months", an HR in brackets after its endpoint, "95 percent CI" —
run through the whole pipeline; expected records were decided by reading the sentence.
"""

from __future__ import annotations

import pytest

from extractor.ingest import document_from_text
from extractor.normalize import normalize
from extractor.pipeline import analyze


def records(text: str) -> list[tuple[str, float, str | None, tuple[str, ...], str | None]]:
    doc = document_from_text(text)
    res = analyze(doc)
    for r in res.records:  # grounding: the span is the number as written
        assert any(ch.isdigit() for ch in doc.text[r.start : r.end])
    return [(r.endpoint, r.value, r.unit, tuple(r.arm), r.arm_label) for r in res.records]


def test_lancet_middle_dot_is_a_decimal_point_in_the_view_only():
    text = "Median OS was 11·4 months with nivolumab versus 8·6 months with placebo (HR 0·69)."
    got = records(text)
    assert ("mOS", 11.4, "month", ("nivolumab",), None) in got
    assert ("mOS", 8.6, "month", (), "placebo") in got
    assert ("HR", 0.69, None, ("nivolumab",), None) in got
    view = normalize("Zhang · Li 11·4")
    assert view.text == "Zhang · Li 11.4"  # only a dot between digits is a decimal point
    assert view.to_orig(13, 14) == (13, 14)


@pytest.mark.parametrize("text,want", [
    ("The PFS was 6.8 months with sintilimab versus 4.1 months with placebo.",
     [("mPFS", 6.8), ("mPFS", 4.1)]),
    ("信迪利单抗组的总生存期为11.2个月。", [("mOS", 11.2)]),
    ("Pembrolizumab improved overall survival (22.0 vs 10.7 months).", [("mOS", 22.0), ("mOS", 10.7)]),
])
def test_bare_time_to_event_endpoint_with_a_duration_is_a_median(text, want):
    assert [(c, v) for c, v, *_ in records(text)] == want


def test_natural_history_survival_is_still_no_record():
    assert records("Without treatment, survival of advanced HCC is only 3-4 months.") == []


def test_hr_in_brackets_after_its_endpoint_is_its_own_record():
    text = ("与索拉非尼相比，免疫检查点抑制剂可显著延长总生存期（合并HR=0.72，95%CI:0.61~0.85，P<0.001）"
            "和无进展生存期（合并HR=0.81，95%CI:0.70~0.94，P=0.005）。")
    got = [(c, v, arm) for c, v, _, arm, _ in records(text)]
    assert got == [("HR", 0.72, ("class:ICI",)), ("HR", 0.81, ("class:ICI",))]
