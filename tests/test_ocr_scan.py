"""OCR on a real scanned page: page 2 of corpus/review_2col.pdf rasterized at 150 dpi.

The test PDF is mixed: page 1 keeps the review's text layer, page 2 is an image only
(written by Pillow, as a scanner would), so one run shows page-by-page reading, OCR
text through the layout stages, grounding and the records' confidence. The reference
is the same page read from its text layer. Needs the 'ocr' extra (make test installs it).
"""

from __future__ import annotations

import difflib
import io
import re
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("rapidocr", reason="the 'ocr' extra is not installed: pip install 'extractor[ocr]'")

import pypdfium2  # noqa: E402

from extractor.ingest import ingest  # noqa: E402
from extractor.models import Document, DocumentResult  # noqa: E402
from extractor.pipeline import analyze  # noqa: E402

PDF = Path(__file__).resolve().parents[1] / "corpus" / "review_2col.pdf"
SCAN_DPI = 150


@dataclass
class Run:
    doc: Document
    result: DocumentResult
    ref: Document
    ref_result: DocumentResult


def _mixed_pdf(path: Path) -> None:
    src = pypdfium2.PdfDocument(str(PDF))
    image = src[1].render(scale=SCAN_DPI / 72).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=SCAN_DPI)
    scan = pypdfium2.PdfDocument(buf.getvalue())
    out = pypdfium2.PdfDocument.new()
    out.import_pages(src, [0])
    out.import_pages(scan, [0])
    out.save(str(path))
    for d in (out, scan, src):
        d.close()


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    path = tmp_path_factory.mktemp("ocr") / "mixed.pdf"
    _mixed_pdf(path)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR tried to reach the network")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", no_network)
        mp.setattr(socket, "create_connection", no_network)
        doc = ingest(path)
        result = analyze(doc)
    ref = ingest(PDF)
    return Run(doc, result, ref, analyze(ref))


def _comparable(text: str) -> str:
    return re.sub(r"[\s^{}$]", "", text)


def test_only_the_image_page_is_read_by_ocr(run: Run) -> None:
    spans = run.doc.layout.ocr  # type: ignore[union-attr]
    assert spans and {s.page for s in spans} == {2}
    assert "pages read by OCR at 200 dpi: 2" in run.doc.warnings
    p1 = run.doc.pages[0]
    assert run.doc.text[p1.start : p1.end] == run.ref.text[run.ref.pages[0].start : run.ref.pages[0].end]


def test_scanned_page_text_matches_its_text_layer(run: Run) -> None:
    p2, r2 = run.doc.pages[1], run.ref.pages[1]
    ours = _comparable(run.doc.text[p2.start : p2.end])
    ref = _comparable(run.ref.text[r2.start : r2.end])
    assert difflib.SequenceMatcher(None, ref, ours, autojunk=False).ratio() >= 0.97
    # OCR lines went through the layout stages: left column before right, lines joined
    assert "包括经RESORCE研究证实的" in run.doc.text
    assert run.doc.text.index("包括经RESORCE研究证实的") < run.doc.text.index("期HCC的雷莫芦单抗")
    assert "\n\n2 肝癌系统治疗二线用药方案研究进展" in run.doc.text or "\n\n2肝癌系统治疗二线用药方案研究进展" in run.doc.text


def test_ocr_characters_are_grounded_where_the_text_layer_puts_them(run: Run) -> None:
    doc, ref = run.doc, run.ref
    layout, ref_layout = doc.layout, ref.layout
    assert layout is not None and ref_layout is not None
    assert len(layout.page) == len(layout.box) == len(doc.text)
    for word in ("REFLECT研究", "瑞戈非尼", "CELESTIAL"):
        i, j = doc.text.index(word), ref.text.index(word)
        page, box = layout.locate(i, i + len(word))
        ref_page, ref_box = ref_layout.locate(j, j + len(word))
        assert page == ref_page == 2
        assert box is not None and ref_box is not None
        # the OCR box (a share of the detected line box) covers the glyphs within a few points
        assert all(abs(a - b) < 6 for a, b in zip(box, ref_box, strict=True)), (word, box, ref_box)


def test_records_on_the_scanned_page_carry_confidence_and_right_numbers(run: Run) -> None:
    def key(r):  # type: ignore[no-untyped-def]
        return (r.endpoint, r.value, r.unit, r.ci_low, r.ci_high, r.p_value, r.comparator_value)

    ours = [r for r in run.result.records if r.page == 2]
    ref = {key(r) for r in run.ref_result.records}
    assert len(ours) >= 30
    assert all(r.ocr_confidence is not None and 0 < r.ocr_confidence <= 1 for r in ours)
    assert all(r.ocr_confidence is None for r in run.result.records if r.page == 1)
    from extractor.ocr_checks import confident

    wrong_but_confident = [key(r) for r in ours if key(r) not in ref and confident(r)]
    assert wrong_but_confident == []
    values = {(r.endpoint, r.value) for r in ours}
    assert {("mOS", 10.7), ("mOS", 13.6), ("mPFS", 5.47), ("ORR", 33.3)} <= values
    rec = next(r for r in ours if r.endpoint == "mPFS" and r.value == 5.47)
    assert run.doc.text[rec.start : rec.end] == "5.47"


def test_tables_show_the_ocr_confidence_of_scanned_records(run: Run) -> None:
    import csv
    import io

    from extractor import export
    from extractor.formats import terminal
    from extractor.view.table import rows_of, table_html

    result = run.result
    rows = list(csv.DictReader(io.StringIO(export.to_csv(export.table_rows([result])))))
    assert len(rows) == len(result.records)
    for row, rec in zip(rows, result.records, strict=True):
        if rec.page == 2:  # cut to three decimals, never above the confidence itself
            assert 0 <= rec.ocr_confidence - float(row["ocr_confidence"]) < 0.001, (row, rec.ocr_confidence)
        else:
            assert row["ocr_confidence"] == ""
    lines = terminal.render(result, columns=160).splitlines()
    header = lines[1].split()
    assert header[-1] == "OCR"
    on_two = [line for line, rec in zip(lines[3:], result.records, strict=True) if rec.page == 2]
    assert on_two and all(line.split()[-1].startswith(("0.", "1.")) for line in on_two)
    html = table_html(rows_of(result))
    assert '<th class="h-ocr_confidence">OCR</th>' in html
    low = sum(1 for r in result.records if r.ocr_confidence is not None and r.ocr_confidence < 0.9)
    assert html.count('<span class="low"') == low
