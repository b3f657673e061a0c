"""Whole-pipeline invariants: never raises, every span is grounded, PDF provenance is filled."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.ingest import document_from_text
from extractor.pipeline import analyze, extract

_PIECES = st.sampled_from(
    [
        "REFLECT研究^[8]显示仑伐替尼",
        "(mOS:13.6个月vs12.3个月)",
        "ORR为21%,",
        "mOS分别为8.8个月和20.4个月。",
        "HR 0.66 (95% CI 0.51-0.74), p<0.001. ",
        "阿替利珠单抗联合贝伐珠单抗",
        "中位總生存期１３．６個月",
        "\n\n",
        "2.1 标题 ",
        "$P=0.039$",
        "(58例vs55例)",
        "vs",
        "Ⅲ期",
        "[12-13]",
        "%",
        "。",
        " ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=25).map("".join) | st.text(max_size=200))
def test_extraction_never_raises_and_spans_are_grounded(text: str) -> None:
    if not text.strip():
        return
    result = analyze(document_from_text(text))
    for ent in result.entities:
        assert text[ent.start : ent.end] == ent.text
    for rec in result.records:
        assert 0 <= rec.start < rec.end <= len(text)
        assert rec.sentence in text


@pytest.fixture(scope="module")
def pdf_result(review_pdf_path: Path):  # type: ignore[no-untyped-def]
    return extract(review_pdf_path)


@pytest.fixture(scope="module")
def txt_result(review_txt_path: Path):  # type: ignore[no-untyped-def]
    return extract(review_txt_path)


def test_pdf_results_carry_page_and_box(pdf_result) -> None:  # type: ignore[no-untyped-def]
    assert pdf_result.entities and pdf_result.records
    for item in [*pdf_result.entities, *pdf_result.records]:
        assert item.page is not None and 1 <= item.page <= 5
        x0, top, x1, bottom = item.bbox
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
    # the REFLECT comparison sits on page 2
    rec = next(r for r in pdf_result.records if r.endpoint == "mOS" and r.value == 13.6)
    assert rec.page == 2
    assert pdf_result.text[rec.start : rec.end] == "13.6"


def test_records_resolve_citations_to_dois(txt_result) -> None:  # type: ignore[no-untyped-def]
    rec = next(r for r in txt_result.records if r.endpoint == "mOS" and r.value == 13.6)
    assert rec.citations == [8]
    assert rec.dois == ["10.1016/S0140-6736(18)30207-1"]
    assert txt_result.text[rec.start : rec.end] == "13.6"


def test_text_results_have_no_layout(txt_result) -> None:  # type: ignore[no-untyped-def]
    assert all(e.page is None and e.bbox is None for e in txt_result.entities)
