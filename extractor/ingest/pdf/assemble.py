"""Lines in reading order -> one text: paragraph breaks, line joins and hyphenation.

Paragraphs are separated by a blank line; inside a paragraph lines are joined with
nothing (a CJK character on either side), a space (Latin on both sides), or by
dropping a hyphen that only split a lowercase word. Every inserted character gets
the page and box of the character before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractor.ingest.pdf.chars import HYPHENS, ROMAN_NUMERALS, is_cjk, is_latin_or_digit
from extractor.ingest.pdf.lines import Line

if TYPE_CHECKING:  # not imported at run time: the PDF reader runs without pydantic
    from extractor.models import BBox

SIZE_CHANGE = 0.05  # relative change of the type size that starts a new block
INDENT_EM = 0.8  # first-line indent (or hanging outdent) that starts a paragraph
GAP_RATIO = 1.3  # line pitch, relative to the region's usual pitch, that starts a paragraph
SHORT_EM = 2.0  # a line ending this far before the right edge is a paragraph's last line


@dataclass(slots=True)
class Assembled:
    text: list[str] = field(default_factory=list)
    page: list[int] = field(default_factory=list)
    box: list[BBox] = field(default_factory=list)
    marker: list[bool] = field(default_factory=list)

    def add(self, ch: str, page: int, box: BBox, marker: bool = False) -> None:
        self.text.append(ch)
        self.page.append(page)
        self.box.append(box)
        self.marker.append(marker)

    def pop(self) -> None:
        for lst in (self.text, self.page, self.box, self.marker):
            lst.pop()


def starts_paragraph(prev: Line | None, line: Line) -> bool:
    """Whether ``line`` begins a new paragraph (or heading) after ``prev``."""
    if prev is None:
        return True
    if abs(line.size - prev.size) > SIZE_CHANGE * max(line.size, prev.size):
        return True
    if abs(line.x0 - line.left_mode) > INDENT_EM * line.size:
        return True
    if line.region == prev.region and line.pitch > 0:
        if line.baseline - prev.baseline > GAP_RATIO * line.pitch:
            return True
    prev_short = prev.x1 < prev.right_edge - SHORT_EM * prev.size
    if line.bold_start and not prev.bold_end and (prev_short or line.text[0].isdigit()):
        return True  # a heading, possibly run-in ("2.1 Title Text body ...")
    if prev.all_bold and not line.all_bold and prev_short:
        return True  # the line after a heading line
    return False


def _effective(text: list[str], marker: list[bool], backwards: bool) -> str:
    """The nearest letter, digit or CJK character, skipping punctuation and markers."""
    rng = range(len(text) - 1, max(-1, len(text) - 12), -1) if backwards else range(min(12, len(text)))
    for k in rng:
        ch = text[k]
        if not marker[k] and (ch.isalnum() or is_cjk(ch)):
            return ch
    return ""


def _keeps_hyphen(out: Assembled, line: Line) -> bool:
    """A line-final hyphen is a break artefact only inside a lowercase word."""
    if out.text[-1] == "\u00ad":
        return False
    nxt = line.text[0]
    if nxt.isdigit() or nxt.isupper() or nxt in ROMAN_NUMERALS or not nxt.isalpha():
        return True
    token: list[str] = []
    for k in range(len(out.text) - 2, max(-1, len(out.text) - 40), -1):
        ch = out.text[k]
        if not is_latin_or_digit(ch):
            break
        token.append(ch)
    if not token:
        return True
    word = "".join(reversed(token))
    return word.isupper() or any(ch.isdigit() for ch in word) or is_cjk(nxt)


def _inside_url(out: Assembled) -> bool:
    """True when the text so far ends inside a URL: a wrapped URL continues without a space."""
    k = len(out.text) - 1
    stop = max(-1, k - 300)
    while k > stop and not out.text[k].isspace():
        k -= 1
    token = "".join(out.text[k + 1 :])
    return "://" in token and not token.endswith((">", ")", "]", ".", ","))


def join_line(out: Assembled, prev: Line | None, line: Line) -> None:
    """Append ``line`` to ``out`` with the separator its relation to ``prev`` calls for."""
    if out.text:
        last_page, last_box = out.page[-1], out.box[-1]
        if starts_paragraph(prev, line):
            out.add("\n", last_page, last_box)
            out.add("\n", last_page, last_box)
        elif out.text[-1] in HYPHENS and not out.marker[-1]:
            if not _keeps_hyphen(out, line):
                out.pop()
        else:
            a = _effective(out.text, out.marker, backwards=True)
            b = _effective(line.text, line.marker, backwards=False)
            if a and b and not is_cjk(a) and not is_cjk(b) and not _inside_url(out):
                out.add(" ", last_page, last_box)
    for ch, box, mk in zip(line.text, line.boxes, line.marker, strict=True):
        out.add(ch, line.page, box, mk)
