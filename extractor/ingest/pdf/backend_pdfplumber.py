"""The pdfplumber backend: characters with boxes, sizes and fonts, one page at a time."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.ingest.pdf.backend import Char, PageChars

# Font names carry weight by convention (e.g. "NotoSansCJKsc-Bold", "Helvetica-Bold").
_BOLD = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)


@contextmanager
def quiet_pdfminer() -> Iterator[None]:
    """Silence pdfminer's loggers (e.g. "Could not get FontBBox") for the duration only.

    The library must not configure logging, so we raise the threshold of the
    "pdfminer" logger and restore it afterwards instead of touching handlers.
    """
    logger = logging.getLogger("pdfminer")
    old = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(old)


def _reason(exc: BaseException) -> str:
    """A one-line reason for a failure to open or parse a PDF."""
    chain: list[BaseException] = [exc]
    while chain[-1].__cause__ is not None or chain[-1].__context__ is not None:
        nxt = chain[-1].__cause__ or chain[-1].__context__
        assert nxt is not None
        chain.append(nxt)
        if len(chain) > 5:
            break
    names = {type(e).__name__ for e in chain}
    if "PDFPasswordIncorrect" in names:
        return "encrypted PDF: the password is missing or wrong (pass it with --password)"
    if "PDFEncryptionError" in names:
        return "encrypted PDF with an unsupported encryption scheme"
    return "truncated or corrupt PDF (cannot parse: " + (str(chain[-1]) or type(chain[-1]).__name__)[:120] + ")"


def _char(c: dict[str, Any], bold_cache: dict[str, bool]) -> Char:
    font = c.get("fontname") or ""
    bold = bold_cache.get(font)
    if bold is None:
        bold = bold_cache[font] = bool(_BOLD.search(font))
    bottom = c["bottom"]
    matrix = c.get("matrix")
    # The glyph origin sits on the baseline; the box bottom includes the font's descent,
    # which differs between fonts on one line (CJK vs Latin), so superscript tests use this.
    baseline = bottom - (matrix[5] - c["y0"]) if matrix else bottom
    return Char(
        text=c["text"],
        x0=c["x0"],
        x1=c["x1"],
        top=c["top"],
        bottom=bottom,
        size=c["size"],
        baseline=baseline,
        bold=bold,
        font=font,
    )


class PdfplumberBackend:
    """pdfplumber (pdfminer.six) parsing; each page is closed as soon as its chars are copied."""

    def pages(self, path: Path, *, password: str | None) -> Iterator[PageChars]:
        import pdfplumber  # imported here: the module costs ~0.2 s and only PDFs need it

        with quiet_pdfminer():
            try:
                pdf = pdfplumber.open(path, password=password or "")
                page_list = pdf.pages
            except Exception as exc:  # pdfminer raises many unrelated types on bad input
                raise InputError(path, _reason(exc)) from exc
            try:
                bold_cache: dict[str, bool] = {}
                for page in page_list:
                    try:
                        raw = page.chars
                        has_images = bool(page.images)
                        width, height = float(page.width), float(page.height)
                    except Exception as exc:
                        raise InputError(path, _reason(exc) + f" at page {page.page_number}") from exc
                    chars: list[Char] = []
                    rotated = 0
                    for c in raw:
                        if not c.get("upright", True):
                            rotated += 1
                            continue
                        chars.append(_char(c, bold_cache))
                    page.close()
                    yield PageChars(page.page_number, width, height, chars, has_images, rotated)
            finally:
                pdf.close()
