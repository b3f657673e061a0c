"""The pdfium backend (pypdfium2's raw API): characters with boxes, sizes and fonts, page by page.

pdfium parses a page's characters in C, about seven times faster than pdfminer plus
pdfplumber's per-character dicts, and keeps no Python objects per character. What it
does differently from pdfminer, and what we do about it:

- it invents characters (a space between words it judges apart, ``\\r\\n`` at line ends;
  ``FPDFText_IsGenerated``): they are dropped, the line builder finds word gaps itself,
  as it does for PDFs without space glyphs;
- a hyphen that ends a line can come back as U+0002 (its "soft hyphen" marker): it is
  read as the hyphen-minus that was drawn;
- upright is pdfminer's test on the character matrix (``FPDFText_GetMatrix``), so both
  backends skip the same rotated characters;
- ``FPDFText_GetFontSize`` is the size set by ``Tf``; the size on the page also depends
  on the text matrix (PDFs written as ``1 Tf`` with a scaled matrix are common), so the
  size used is ``Tf`` size times the matrix's vertical scale, as pdfminer reports it;
- boxes: x from the loose box (origin to advance, as pdfminer), not the tight glyph box,
  which would shrink a period to a dot and widen word gaps; y as pdfminer: one em tall,
  from the font's descent below the baseline.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.ingest.pdf.backend import Char, PageChars
from extractor.ingest.pdf.chars import is_cjk

# Font names carry weight by convention (e.g. "NotoSansCJKsc-Bold", "Helvetica-Bold").
_BOLD = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)
_SOFT_HYPHEN_MARK = 0x02  # what pdfium reports for a line-final hyphen it recognised
MAX_SPACE_RUN = 2  # generated spaces before this many characters in a row may be glyphs
# ... if their gap exceeds the gaps beside the run by this much (a space glyph: 0.25-0.33 em)
SPACE_EXCESS_EM = 0.2
REOPEN_PAGES = 8  # pages read before the document is reopened to drop pdfium's caches
_PIECE_TOL = 0.01  # pt: a loose box starts at the glyph origin unless pdfium fell back to the ink box
# One str object per code point, shared by every occurrence: chr() makes a new 76-byte
# object for each CJK character, and the layout keeps one per character of the text.
_CHARS: dict[int, str] = {}


def _open_reason(code: int) -> str:
    # Error codes of FPDF_GetLastError (fpdfview.h): 4 password, 5 security handler.
    if code == 4:
        return "encrypted PDF: the password is missing or wrong (pass it with --password)"
    if code == 5:
        return "encrypted PDF with an unsupported encryption scheme"
    names = {1: "unknown error", 2: "file access error", 3: "data format error",
             6: "page not found or content error"}  # fmt: skip
    return f"truncated or corrupt PDF (cannot parse: pdfium {names.get(code, f'error {code}')})"


def _returning_address(function: object, *argtypes: type) -> Any:
    """``function`` re-typed to return a pointer as an int: a cache key without conversion.

    Like ``_taking_addresses``, a PYFUNCTYPE: these calls take a microsecond, and keeping
    the GIL through them saves releasing and taking it again on each of ~60,000 calls
    per five pages (_page_chars of the review 72.7 -> 67.8 ms)."""
    address = ctypes.cast(function, ctypes.c_void_p).value  # type: ignore[call-overload]
    return ctypes.PYFUNCTYPE(ctypes.c_void_p, *argtypes)(address)


def _taking_addresses(function: object, restype: Any, *argtypes: type) -> Any:
    """``function`` re-typed to take its pointers as plain ints (``c_void_p``): the caller
    passes addresses inside one buffer per page instead of a ctypes object per call, and
    reads all the results at once afterwards (reading a ctypes field is a call of its own)."""
    address = ctypes.cast(function, ctypes.c_void_p).value  # type: ignore[call-overload]
    return ctypes.PYFUNCTYPE(restype, *argtypes)(address)


class _Api:
    """The raw functions called per character or per text object, typed for int addresses."""

    def __init__(self, raw: Any) -> None:
        vp, i = ctypes.c_void_p, ctypes.c_int
        self.object_of = _returning_address(raw.FPDFText_GetTextObject, vp, i)
        self.font_of = _returning_address(raw.FPDFTextObj_GetFont, vp)
        self.loose_box = _taking_addresses(raw.FPDFText_GetLooseCharBox, ctypes.c_int, vp, i, vp)
        self.origin = _taking_addresses(raw.FPDFText_GetCharOrigin, ctypes.c_int, vp, i, vp, vp)
        self.matrix = _taking_addresses(raw.FPDFText_GetMatrix, ctypes.c_int, vp, i, vp)
        self.text = _taking_addresses(raw.FPDFText_GetText, ctypes.c_int, vp, i, i, vp)
        self.font_size = _taking_addresses(raw.FPDFText_GetFontSize, ctypes.c_double, vp, i)
        self.is_generated = _taking_addresses(raw.FPDFText_IsGenerated, ctypes.c_int, vp, i)
        self.unicode = _taking_addresses(raw.FPDFText_GetUnicode, ctypes.c_uint, vp, i)


_API: _Api | None = None


def _api(raw: Any) -> _Api:
    global _API
    if _API is None:
        _API = _Api(raw)
    return _API


class _Fonts:
    """Per text object: upright or not, size on the page, font name, bold, descent.

    Many PDFs draw a text object per word or per glyph, so pdfium is asked per object
    only for its size and matrix; name and descent are cached per font and size.
    """

    def __init__(self, raw: Any, api: _Api) -> None:
        self.raw = raw
        self.api = api
        self.matrix = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
        self.matrix_at = ctypes.addressof(self.matrix)
        self.buf = ctypes.create_string_buffer(256)
        self.metric = ctypes.c_float()
        self.by_object: dict[int, tuple[bool, float, str, bool, float]] = {}
        self.by_font: dict[tuple[int, float], tuple[str, bool, float]] = {}

    def get(self, textpage: int, index: int, key: int) -> tuple[bool, float, str, bool, float]:
        """``key``: the character's text object (``api.object_of``), 0 for none."""
        got = self.by_object.get(key)
        if got is not None:
            return got
        size = self.api.font_size(textpage, index)
        upright = True
        if self.api.matrix(textpage, index, self.matrix_at):
            a, b, c, d = self.matrix[:4]
            # pdfminer's test, so both backends skip the same characters
            upright = a * d > 0 and b * c <= 0
            size *= math.hypot(c, d) or 1.0
        name, bold, descent = self._font(self.api.font_of(key) if key else 0, size)
        got = self.by_object[key] = (upright, size, name, bold, descent)
        return got

    def _font(self, address: int | None, size: float) -> tuple[str, bool, float]:
        """Name, bold by name, and descent (<= 0, in points at ``size``) of a font."""
        fkey = (address or 0, size)
        got = self.by_font.get(fkey)
        if got is None:
            name, descent = "", 0.0
            if address:
                raw = self.raw
                font = ctypes.cast(address, raw.FPDF_FONT)
                n = raw.FPDFFont_GetBaseFontName(font, self.buf, len(self.buf))
                if 0 < n <= len(self.buf):
                    name = self.buf.value.decode("utf-8", "replace")
                if raw.FPDFFont_GetDescent(font, size, self.metric):
                    descent = min(0.0, max(self.metric.value, -size))
            got = self.by_font[fkey] = (name, bool(_BOLD.search(name)), descent)
        return got


def _code_units(api: _Api, textpage: int, n: int) -> list[int]:
    """The UTF-16 unit of every character slot, in one call (``FPDFText_GetText``) where it
    agrees with ``FPDFText_GetUnicode``; the slots it reports otherwise are asked one by one.

    GetText writes pdfium's line-end hyphen marker U+0002 as U+FFFE; some pdfium builds
    have written a character outside the BMP as two units (one slot too many); a slot
    without a code point may be written as anything. So: U+FFFE, U+0000 and surrogates
    are asked again, and a page whose unit count is not one per slot is asked whole.
    """
    get_unicode = api.unicode
    if n <= 0:
        return []
    buf = (ctypes.c_uint16 * (2 * n + 2))()  # room for a build that writes too many units
    written = api.text(textpage, 0, n, ctypes.addressof(buf))
    if written != n + 1:
        return [get_unicode(textpage, k) for k in range(n)]
    units = buf[:n]
    for k, u in enumerate(units):
        if u == 0 or u == 0xFFFE or 0xD800 <= u < 0xE000:
            units[k] = get_unicode(textpage, k)
    return units


def _has_images(raw: Any, page: Any) -> bool:
    """Whether the page draws an image, also inside form XObjects (as pdfplumber's page.images)."""
    image, form = 3, 5  # FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM
    stack = [raw.FPDFPage_GetObject(page, k) for k in range(raw.FPDFPage_CountObjects(page))]
    while stack:
        obj = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == image:
            return True
        if kind == form:
            inner = raw.FPDFFormObj_CountObjects(obj)
            stack.extend(raw.FPDFFormObj_GetObject(obj, k) for k in range(inner))
    return False


def _space_between(prev: Char, nxt: Char) -> Char | None:
    """A space glyph filling the gap between two characters of one line, or None."""
    if abs(nxt.baseline - prev.baseline) > 0.5 * prev.size or nxt.x0 < prev.x1 - 0.5 * prev.size:
        return None
    return Char(" ", prev.x1, max(prev.x1, nxt.x0), prev.top, prev.bottom, prev.size, prev.baseline,
                prev.bold, prev.font)  # fmt: skip


def _page_chars(raw: Any, textpage: Any, left: float, top_edge: float) -> tuple[list[Char], int]:
    """The upright characters of a text page (generated ones dropped) and the count of rotated ones.

    Per character, pdfium is asked three things (its text object, loose box, origin); the
    code points come in one call per page, size, matrix and font once per text object,
    and the boxes and origins are written into one buffer each and read back at the end.
    """
    api = _api(raw)
    fonts = _Fonts(raw, api)
    n = raw.FPDFText_CountChars(textpage)
    textpage = ctypes.cast(textpage, ctypes.c_void_p).value  # an int: the cheapest argument
    is_generated, loose_box, origin, object_of = api.is_generated, api.loose_box, api.origin, api.object_of
    units = _code_units(api, textpage, n)
    boxes = (ctypes.c_float * (4 * max(n, 1)))()  # FS_RECTF per slot: left, top, right, bottom
    origins = (ctypes.c_double * (2 * max(n, 1)))()  # x, y per slot
    box_at, origin_at = ctypes.addressof(boxes), ctypes.addressof(origins)
    kept: list[tuple[int, int, tuple[bool, float, str, bool, float], bool]] = []
    rotated = 0
    gap_space = False
    last_key, info = -1, None
    i = 0
    while i < n:
        k = i
        i += 1
        cp = units[k]
        if cp == 0:
            continue
        # pdfium generates only spaces and line ends: other characters skip the call
        if cp < 0x30 and is_generated(textpage, k):
            gap_space = gap_space or cp == 0x20
            continue
        if 0xD800 <= cp < 0xDC00 and i < n:  # a surrogate pair split over two slots
            low = units[i]
            if 0xDC00 <= low < 0xE000:
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                i += 1
        if cp == _SOFT_HYPHEN_MARK:
            cp = 0x2D
        key = object_of(textpage, k) or 0
        if key != last_key:
            info, last_key = fonts.get(textpage, k, key), key
        if not info[0]:
            rotated += 1
            continue
        loose_box(textpage, k, box_at + 16 * k)
        origin(textpage, k, origin_at + 16 * k, origin_at + 16 * k + 8)
        kept.append((k, cp, info, gap_space))
        gap_space = False
    box = memoryview(boxes).cast("B").cast("f").tolist()
    org = memoryview(origins).cast("B").cast("d").tolist()
    del boxes, origins
    chars: list[Char] = []
    spaced: list[bool] = []  # per kept char: pdfium generated a space right before it
    for k, cp, (_, size, font, bold, descent), before in kept:
        x0, x1 = box[4 * k], box[4 * k + 2]
        ox, oy = org[2 * k], org[2 * k + 1]
        if abs(x0 - ox) > _PIECE_TOL:
            # pdfium split or normalised this glyph (a ligature, a Kangxi radical) and
            # reports its ink box: widen it to start at the origin, full width for CJK.
            x0 = ox
            if is_cjk(chr(cp)):
                x1 = max(x1, x0 + size)
        baseline = top_edge - oy
        # pdfminer's box: one em tall, from the font's descent below the baseline.
        # The loose box spans ascent to descent, taller than an em in most fonts,
        # which closes the white space between lines that column detection looks for.
        bottom = baseline - descent
        spaced.append(before)
        chars.append(
            Char(
                text=_CHARS.get(cp) or _CHARS.setdefault(cp, chr(cp)),
                x0=x0 - left,
                x1=x1 - left,
                top=bottom - size,
                bottom=bottom,
                size=size,
                baseline=baseline,
                bold=bold,
                font=font,
            )
        )
    return _restore_spaces(chars, spaced), rotated


def _gap(chars: list[Char], k: int) -> float:
    """The gap between chars[k - 1] and chars[k] on one line; 0 when they are not on one."""
    if k <= 0 or k >= len(chars):
        return 0.0
    a, b = chars[k - 1], chars[k]
    if abs(a.baseline - b.baseline) > 0.5 * a.size:
        return 0.0
    return max(0.0, b.x0 - a.x1)


def _restore_spaces(chars: list[Char], spaced: list[bool]) -> list[Char]:
    """Turn pdfium's generated spaces back into space glyphs where they stand for one.

    pdfium drops some space glyphs of the content stream and generates a space in their
    place ("3 小结", a run-in heading "方案 既往"); it also generates spaces between the
    characters of a justified CJK line, where no glyph is, one before nearly every
    character. So a generated space counts unless it belongs to a run of more than
    MAX_SPACE_RUN characters in a row that each follow one. Latin word gaps are found by
    the line builder either way.
    """
    if not any(spaced):
        return chars
    out: list[Char] = []
    n = len(chars)
    k = 0
    while k < n:
        if not spaced[k]:
            out.append(chars[k])
            k += 1
            continue
        end = k
        while end < n and spaced[end]:
            end += 1
        ref = max(_gap(chars, k - 1), _gap(chars, end))
        for j in range(k, end):
            if end - k <= MAX_SPACE_RUN and j and _gap(chars, j) - ref >= SPACE_EXCESS_EM * chars[j - 1].size:
                space = _space_between(chars[j - 1], chars[j])
                if space is not None:
                    out.append(space)
            out.append(chars[j])
        k = end
    return out


class PdfiumBackend:
    """pdfium parsing; each page and its text page are closed as soon as its chars are copied.

    pdfium keeps what it parsed for a page's resources (fonts above all) in the document
    until the document is closed: about 1.5 MB a page on the review, whose pages each
    carry their own Type3 fonts. So the document is reopened every REOPEN_PAGES pages,
    which bounds that cache; opening costs a few milliseconds.
    """

    def pages(self, path: Path, *, password: str | None) -> Iterator[PageChars]:
        import pypdfium2.raw as raw  # imported here: only PDFs need it

        doc = self._open(raw, path, password)
        try:
            count = raw.FPDF_GetPageCount(doc)
            if count < 1:
                raise InputError(path, _open_reason(raw.FPDF_GetLastError() or 3))
            for index in range(count):
                if index and index % REOPEN_PAGES == 0:
                    raw.FPDF_CloseDocument(doc)
                    doc = None
                    doc = self._open(raw, path, password)
                yield self._page(raw, doc, index, path)
        finally:
            if doc:
                raw.FPDF_CloseDocument(doc)

    @staticmethod
    def _open(raw: Any, path: Path, password: str | None) -> Any:
        doc = raw.FPDF_LoadDocument(
            (str(path) + "\x00").encode("utf-8", "surrogateescape"),
            (password + "\x00").encode("utf-8") if password else None,
        )
        if not doc:
            raise InputError(path, _open_reason(raw.FPDF_GetLastError()))
        return doc

    @staticmethod
    def _page(raw: Any, doc: Any, index: int, path: Path) -> PageChars:
        page = raw.FPDF_LoadPage(doc, index)
        if not page:
            raise InputError(path, _open_reason(raw.FPDF_GetLastError() or 6) + f" at page {index + 1}")
        try:
            mediabox = [ctypes.c_float() for _ in range(4)]
            if raw.FPDFPage_GetMediaBox(page, *mediabox):
                x0, y0, x1, y1 = (v.value for v in mediabox)
                left, bottom = min(x0, x1), min(y0, y1)
                width, height = abs(x1 - x0), abs(y1 - y0)
            else:  # no MediaBox of its own or inherited: pdfium's default page size
                left = bottom = 0.0
                width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
            textpage = raw.FPDFText_LoadPage(page)
            if not textpage:
                raise InputError(path, f"truncated or corrupt PDF (cannot read the text of page {index + 1})")
            try:
                chars, rotated = _page_chars(raw, textpage, left, bottom + height)
            finally:
                raw.FPDFText_ClosePage(textpage)
            # Walking the page objects costs ~10 ms on a typeset page (thousands of text
            # objects); only a page without text needs to know (image-only: OCR).
            has_images = not any(c.text.strip() for c in chars) and _has_images(raw, page)
        finally:
            raw.FPDF_ClosePage(page)
        return PageChars(index + 1, float(width), float(height), chars, has_images, rotated)
