"""The bundled review end to end (real entity stage): records decided by reading the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import ingest
from extractor.models import Record
from extractor.normalize import normalize
from extractor.pipeline import find_references, prepare

REVIEW = Path(__file__).resolve().parents[1] / "corpus" / "review.txt"


@pytest.fixture(scope="module")
def records() -> tuple[str, list[Record]]:
    try:
        from extractor.entities import find_entities
    except ImportError:  # entity stage not installed in this checkout
        pytest.skip("extractor.entities not importable")
    from extractor.measure import extract_records

    doc = ingest(REVIEW)
    view = prepare(doc)
    return doc.text, extract_records(doc, view, find_entities(doc, view), find_references(doc, view))


def _find(recs: list[Record], endpoint: str, value: float) -> Record:
    hits = [r for r in recs if r.endpoint == endpoint and abs(r.value - value) < 1e-9]
    assert len(hits) == 1, (endpoint, value, hits)
    return hits[0]


@pytest.mark.parametrize(
    ("endpoint", "value", "unit", "arm", "trial", "citations"),
    [
        ("mOS", 13.6, "month", {"lenvatinib"}, "REFLECT", [8]),
        ("mOS", 12.3, "month", {"sorafenib"}, "REFLECT", [8]),
        ("mDOR", 36.1, "month", {"tislelizumab"}, "RATIONALE-301", [10, 11]),
        ("risk_reduction", 42.0, "%", {"atezolizumab", "bevacizumab"}, "IMbrave150", [12, 13]),
        ("ORR", 36.2, "%", {"regorafenib", "class:anti-PD-1"}, None, [21]),
        ("ORR", 9.1, "%", {"regorafenib"}, None, [21]),
        ("mPFS", 5.47, "month", set(), None, [22]),
        ("mOS", 10.2, "month", {"regorafenib"}, "REFINE", [24]),
        ("ORR", 21.0, "%", {"nivolumab"}, "CheckMate 040", [27, 28]),
        ("mOS", 14.6, "month", {"pembrolizumab"}, "KEYNOTE-394", [30, 31]),  # every marker of the sentence
        ("mOS", 22.8, "month", {"ipilimumab", "nivolumab"}, "CheckMate 040", [34]),
        ("ORR", 5.6, "%", {"eftilagimod alpha", "pembrolizumab"}, "TACTI-002", []),
        ("ORR", 32.0, "%", {"ipilimumab", "class:anti-PD-1"}, None, [37]),
        ("OS_rate", 21.6, "%", {"ipilimumab", "nivolumab/pembrolizumab"}, None, [38]),
        ("mOS", 7.4, "month", {"ipilimumab", "nivolumab"}, None, []),
        ("AE_rate", 26.7, "%", {"cadonilimab", "lenvatinib"}, None, [40]),
    ],
)
def test_review_records(
    records: tuple[str, list[Record]], endpoint: str, value: float, unit: str, arm: set[str],
    trial: str | None, citations: list[int],
) -> None:
    r = _find(records[1], endpoint, value)
    assert (r.unit, set(r.arm), r.trial, r.citations) == (unit, arm, trial, citations)


def test_review_structure_fields(records: tuple[str, list[Record]]) -> None:
    recs = records[1]
    assert _find(recs, "ORR", 36.2).criterion == "mRECIST"
    assert _find(recs, "ORR", 24.1).criterion == "RECIST 1.1"
    assert _find(recs, "ORR", 30.0).criterion == "RECIST 1.1/mRECIST"
    assert (_find(recs, "ORR", 16.3).p_value, _find(recs, "ORR", 3.8).p_operator) == (0.039, "=")
    assert [_find(recs, "OS_rate", v).timepoint for v in (42.4, 32.3, 21.6)] == [12.0, 24.0, 36.0]
    assert _find(recs, "AE_rate", 26.7).grade == ">=3"
    assert (_find(recs, "ORR", 16.3).arm_label, _find(recs, "ORR", 16.3).comparator_label) == ("换单药组", "换双药组")
    assert _find(recs, "n_patients", 58.0).comparator_value == 55.0
    assert _find(recs, "mOS", 13.6).dois == ["10.1016/S0140-6736(18)30207-1"]


def test_review_precision(records: tuple[str, list[Record]]) -> None:
    text, recs = records
    assert all(r.section in {"body", "abstract_zh", "abstract_en"} for r in recs)
    values = {r.value for r in recs}
    assert not values & {90.6, 83.0, 39.1, 2022.0, 75.0, 85.0, 44.6, 79.6, 50.0, 9.0}
    assert not [r for r in recs if r.unit == "mg/kg"]
    for r in recs:  # grounded on the number as written
        assert normalize(text[r.start : r.end]).text.replace(",", "") in {f"{r.value:g}", f"{r.value}", text[r.start : r.end]}
    assert [r.id for r in recs] == [f"r{i}" for i in range(len(recs))]
    assert [r.start for r in recs] == sorted(r.start for r in recs)
