"""Unreadable PDFs raise InputError with a one-line reason; each fixture is generated here."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from extractor.errors import InputError
from extractor.ingest.pdf import read_pdf


def _text_pdf(*, pages: int = 2, encrypt: str | None = None) -> FPDF:
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.set_auto_page_break(False)
    for p in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for k in range(20):
            pdf.text(72, 80 + 14 * k, f"Page {p} line {k}: overall survival improved in the trial.")
    if encrypt is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=encrypt)
    return pdf


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_not_a_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.pdf", "原发性肝癌 is not a PDF\n".encode())
    with pytest.raises(InputError, match="not a PDF") as info:
        read_pdf(path)
    assert info.value.path == str(path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a PDF"):
        read_pdf(_write(tmp_path, "empty.pdf", b""))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_pdf(tmp_path / "absent.pdf")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated(tmp_path: Path, keep: float) -> None:
    data = bytes(_text_pdf().output())
    path = _write(tmp_path, "cut.pdf", data[: int(len(data) * keep)])
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_pdf(path)


def test_garbage_after_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_pdf(path)


@pytest.mark.parametrize("password", [None, "wrong"])
def test_encrypted_without_right_password(tmp_path: Path, password: str | None) -> None:
    path = _write(tmp_path, "locked.pdf", bytes(_text_pdf(encrypt="s3cret").output()))
    with pytest.raises(InputError, match="--password") as info:
        read_pdf(path, password=password)
    assert "\n" not in str(info.value)


def test_encrypted_with_password(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", bytes(_text_pdf(encrypt="s3cret").output()))
    got = read_pdf(path, password="s3cret")
    assert got.text.startswith("Page 0 line 0: overall survival improved in the trial.")


def test_image_only(tmp_path: Path) -> None:
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 100), "gray"), x=72, y=72, w=300)
    path = _write(tmp_path, "scan.pdf", bytes(pdf.output()))
    # with OCR off (tests/test_ocr.py covers the page read by OCR and the missing extra)
    with pytest.raises(InputError, match="no text layer; OCR would be needed"):
        read_pdf(path, ocr="never")


def test_blank_pages(tmp_path: Path) -> None:
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.add_page()
    path = _write(tmp_path, "blank.pdf", bytes(pdf.output()))
    with pytest.raises(InputError, match="blank"):
        read_pdf(path)


def test_scanned_page_among_text_pages_is_a_warning(tmp_path: Path) -> None:
    pdf = _text_pdf(pages=1)
    pdf.add_page()
    pdf.image(Image.new("RGB", (50, 50), "white"), x=72, y=72, w=100)
    path = _write(tmp_path, "mixed.pdf", bytes(pdf.output()))
    got = read_pdf(path)
    assert got.text.startswith("Page 0 line 0")
    assert any("OCR" in w and "2" in w for w in got.warnings)
    assert got.pages[1].start == got.pages[1].end == len(got.text)
