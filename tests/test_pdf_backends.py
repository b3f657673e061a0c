"""The pdfium backend (default) against the pdfplumber backend on every PDF the tests use.

Both parse the same files; the layout stages after them are shared. They must give
the same text, reading order, pages and records; where they differ the test below
names the difference and says which backend is right.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from test_pdf_corpus import _body, _comparable
from test_pdf_errors import _text_pdf
from test_pdf_layout import LETTER, _lines_pdf, _pdf, single_column_a5, two_column_letter

from extractor.errors import InputError
from extractor.ingest.pdf import PdfText, read_pdf
from extractor.ingest.pdf.backend import BACKENDS, DEFAULT_BACKEND, make_backend
from extractor.ingest.pdf.backend_pdfium import REOPEN_PAGES, PdfiumBackend
from extractor.ingest.pdf.backend_pdfplumber import PdfplumberBackend

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "review_2col.pdf"
# Labels drawn in a Type3 font named "...NotoSerifCJKsc-Bold": pdfplumber reads the name
# from the font's descriptor and sees bold, so the label starts a paragraph. pdfium's API
# gives no name or weight for a Type3 font (FPDFFont_GetBaseFontName returns "",
# FPDFText_GetFontWeight 0), so with pdfium the label runs on after the previous sentence.
# pdfplumber is right; the sentence splitter ends the sentence before at "。" either way.
TYPE3_BOLD_LABELS = ("关键词:", "基金项目:", "作者贡献声明:")


def both(path: Path, **kw: object) -> tuple[PdfText, PdfText]:
    """(pdfium, pdfplumber) readings of ``path``."""
    return read_pdf(path, backend="pdfium", **kw), read_pdf(path, backend="pdfplumber", **kw)  # type: ignore[arg-type]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.fixture(scope="module")
def review() -> tuple[PdfText, PdfText]:
    return both(PDF)


def test_default_backend_is_pdfium() -> None:
    assert DEFAULT_BACKEND == "pdfium" and isinstance(make_backend(), PdfiumBackend)
    assert isinstance(make_backend("pdfplumber"), PdfplumberBackend)
    with pytest.raises(ValueError, match="unknown PDF backend"):
        make_backend("pdfminer")


def test_review_body_agrees(review: tuple[PdfText, PdfText]) -> None:
    fast, plumber = review
    assert similarity(_comparable(_body(plumber.text)), _comparable(_body(fast.text))) >= 0.999
    assert similarity(plumber.text, fast.text) >= 0.999


def test_review_differs_only_before_type3_bold_labels(review: tuple[PdfText, PdfText]) -> None:
    fast, plumber = review
    for label in TYPE3_BOLD_LABELS:
        assert f"\n\n{label}" in plumber.text
        assert re.search(f"[。瘤]{label}", fast.text)  # joined to the sentence before
    expected = re.sub(r"\n\n(?=" + "|".join(map(re.escape, TYPE3_BOLD_LABELS)) + ")", "", plumber.text)
    assert fast.text == expected


def test_review_pages_and_boxes_agree(review: tuple[PdfText, PdfText]) -> None:
    fast, plumber = review
    assert [(p.number, round(p.width), round(p.height)) for p in fast.pages] == [
        (p.number, round(p.width), round(p.height)) for p in plumber.pages
    ]
    assert len(fast.layout.box) == len(fast.text)
    # same characters on the same pages with nearly the same boxes; y differs by the font descent each library reads: pdfminer takes
    # 0 for the Type3 CJK fonts (no FontBBox), pdfium 0.12 em from the glyphs (it is right:
    # 肝 reaches below the baseline); both boxes are one em tall
    matcher = difflib.SequenceMatcher(None, plumber.text, fast.text, autojunk=False)
    compared = 0
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            if plumber.text[a + k].isspace():
                continue
            assert fast.layout.page[b + k] == plumber.layout.page[a + k]
            fb, pb = fast.layout.box[b + k], plumber.layout.box[a + k]
            em = pb[3] - pb[1]
            # the left edge is the glyph origin in both; the right edge is within 0.15 em
            # (pdfium's advance of some Type3 CJK glyphs in bold labels is wider)
            assert abs(fb[0] - pb[0]) <= 0.02 * em and abs(fb[2] - pb[2]) <= 0.15 * em, (plumber.text[a + k], fb, pb)
            assert abs(fb[1] - pb[1]) <= 0.13 * em and abs((fb[3] - fb[1]) - em) <= 0.02, (plumber.text[a + k], fb, pb)
            compared += 1
    assert compared > 15000


def test_review_records_agree() -> None:
    from extractor.pipeline import extract

    fast = extract(PDF, pdf_backend="pdfium")
    plumber = extract(PDF, pdf_backend="pdfplumber")
    assert len(fast.records) == len(plumber.records) == 82

    def comparable(result):  # type: ignore[no-untyped-def]
        # offsets shift by the paragraph breaks above; boxes by the descent (see above)
        return [r.model_dump(exclude={"id", "start", "end", "sentence_start", "sentence_end", "bbox", "comparator_id"})
                for r in result.records]

    assert comparable(fast) == comparable(plumber)
    for r in fast.records:
        assert fast.text[r.start : r.end] and r.page is not None
    assert [(e.label, fast.text[e.start : e.end]) for e in fast.entities] == [
        (e.label, plumber.text[e.start : e.end]) for e in plumber.entities
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("backends")
    out = {"letter_2col": folder / "letter_2col.pdf", "a5_1col": folder / "a5_1col.pdf"}
    two_column_letter(out["letter_2col"])
    single_column_a5(out["a5_1col"])
    lines = folder / "lines.pdf"
    _lines_pdf(lines, [
        [("Treatment with immuno-", False)], [("therapy of PD-", False)], [("1 was tested in 12-", False)],
        [("15 months (https://clinicaltrials.gov/ct2/show/NCT0510", False)], [("1629).", False)],
        [("Prior studies", False), ("[3]", True), (" and Smith J", False), ("1,2", True), (", Lee K", False)],
    ])  # fmt: skip
    out["joins_and_superscripts"] = lines
    return out


@pytest.mark.parametrize("name", ["letter_2col", "a5_1col", "joins_and_superscripts"])
def test_generated_pdfs_read_the_same(generated: dict[str, Path], name: str) -> None:
    fast, plumber = both(generated[name])
    assert similarity(fast.text, plumber.text) >= 0.999
    assert fast.text == plumber.text  # same reading order, joins and markers
    assert [(p.start, p.end) for p in fast.pages] == [(p.start, p.end) for p in plumber.pages]
    assert fast.layout.page == plumber.layout.page
    assert fast.warnings == plumber.warnings == []


def test_pdfium_line_end_hyphen_is_read_as_drawn(generated: dict[str, Path]) -> None:
    # pdfium reports a line-final hyphen as U+0002; the joiner must see the hyphen
    got = read_pdf(generated["joins_and_superscripts"], backend="pdfium").text
    assert got.startswith("Treatment with immunotherapy of PD-1 was tested in 12-15 months ")
    assert "NCT05101629" in got and "Prior studies^[3] and Smith J^{1,2}, Lee K" in got
    assert "\x02" not in got


def test_rotated_characters_skipped_alike(tmp_path: Path) -> None:
    pdf = _pdf(LETTER)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(72, 100, "Median overall survival was 12.0 months.")
    with pdf.rotation(90, 40, 500):
        pdf.text(40, 500, "Downloaded 2025")
    path = tmp_path / "rotated.pdf"
    pdf.output(str(path))
    fast, plumber = both(path)
    assert fast.text == plumber.text == "Median overall survival was 12.0 months."
    assert fast.warnings == plumber.warnings == ["page 1: 15 rotated characters skipped"]


def test_encrypted_pdf_opens_with_its_password(tmp_path: Path) -> None:
    # more pages than the pdfium backend reads before it reopens the document
    pages = 2 * REOPEN_PAGES + 3
    path = tmp_path / "locked.pdf"
    path.write_bytes(bytes(_text_pdf(pages=pages, encrypt="s3cret").output()))
    fast, plumber = both(path, password="s3cret")
    assert fast.text == plumber.text
    assert [p.number for p in fast.pages] == list(range(1, pages + 1))
    assert fast.text.startswith("Page 0 line 0: overall survival improved in the trial.")
    assert fast.text.endswith(f"Page {pages - 1} line 19: overall survival improved in the trial.")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str | None]]:
    data = bytes(_text_pdf().output())
    cases: dict[str, tuple[bytes, str | None]] = {
        "truncated": (data[: int(len(data) * 0.6)], None),
        "garbage": (b"%PDF-1.7\n" + bytes(range(256)) * 40, None),
        "locked": (bytes(_text_pdf(encrypt="s3cret").output()), None),
        "wrong_password": (bytes(_text_pdf(encrypt="s3cret").output()), "nope"),
    }
    scan = FPDF(unit="pt", format=LETTER)
    scan.add_page()
    scan.image(Image.new("RGB", (200, 100), "gray"), x=72, y=72, w=300)
    cases["image_only"] = (bytes(scan.output()), None)
    blank = FPDF(unit="pt", format=LETTER)
    blank.add_page()
    cases["blank"] = (bytes(blank.output()), None)
    out = {}
    for name, (raw, password) in cases.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(raw)
        out[name] = (path, password)
    return out


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated", "truncated or corrupt PDF"),
        ("garbage", "truncated or corrupt PDF"),
        ("locked", "encrypted PDF: the password is missing or wrong (pass it with --password)"),
        ("wrong_password", "encrypted PDF: the password is missing or wrong (pass it with --password)"),
        ("image_only", "no text layer; OCR would be needed"),
        ("blank", "all pages are blank (no text found)"),
    ],
)
def test_bad_inputs_fail_alike(tmp_path: Path, name: str, reason: str) -> None:
    path, password = _bad_inputs(tmp_path)[name]
    for backend in BACKENDS:
        with pytest.raises(InputError) as info:
            read_pdf(path, password=password, backend=backend, ocr="never")  # the backends, not OCR, compared
        assert info.value.reason.startswith(reason), (backend, info.value.reason)
        assert "\n" not in str(info.value)


def test_cli_option_selects_the_backend(tmp_path: Path) -> None:
    from extractor.commands import batch, extract, ingest

    for module in (batch, extract, ingest):
        source = Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
        assert 'choices=("pdfium", "pdfplumber")' in source and BACKENDS == ("pdfium", "pdfplumber")
    outputs = {}
    for backend in BACKENDS:
        proc = subprocess.run(
            [sys.executable, "-m", "extractor.cli", "ingest", str(PDF), "--pdf-backend", backend],
            capture_output=True, text=True, encoding="utf-8", check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs[backend] = proc.stdout
    assert "3 小结" in outputs["pdfium"] and "3 小结" in outputs["pdfplumber"]
    bad = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", str(PDF), "--pdf-backend", "nope"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_batch_extracts_with_the_chosen_backend(tmp_path: Path, backend: str) -> None:
    import sqlite3

    from extractor.batch.rows import load_result
    from extractor.batch.runner import run_batch
    from extractor.batch.worker import extract_with

    db = tmp_path / f"{backend}.sqlite"
    summary = run_batch([PDF], db, workers=0, extract=extract_with(backend), warm=None)
    assert summary.done == 1 and summary.failed == 0
    conn = sqlite3.connect(db)
    try:
        (body,) = conn.execute("SELECT body FROM results").fetchone()
    finally:
        conn.close()
    text = load_result(body).text
    # the Type3 bold label tells the two parsers apart (see TYPE3_BOLD_LABELS)
    assert ("\n\n关键词:" in text) == (backend == "pdfplumber")
    assert text == read_pdf(PDF, backend=backend).text
