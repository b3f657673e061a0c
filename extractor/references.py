"""Reference-list stage: split the references section into numbered entries and parse them.

Handles the GB/T 7714 style of Chinese journals ("[1] AUTHORS. Title[J]. Journal,
2021, 71(3): 209-249. DOI: ...") and the numbered Vancouver style of English ones
("1. Authors. Title. Journal. 2018;391:1163-73. doi:...").
"""

from __future__ import annotations

import re

from extractor.models import Document, Reference
from extractor.normalize import NormView

# An entry starts a line: "- [12]", "[12]", "12." or "12 " followed by a capital or CJK.
_ENTRY = re.compile(r"^[ \t]{0,4}(?:[-*][ \t]+)?(?:\[(\d{1,4})\]|(\d{1,4})\.[ \t]|(\d{1,4})[ \t]+(?=[A-Z\u4e00-\u9fff]))", re.M)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s<>\"]{1,200})")
_URL = re.compile(r"(https?://[^\s<>\"]{1,300})")
_NCT = re.compile(r"\bNCT\d{8}\b")
_TYPE_TAG = re.compile(r"\[(?:J|R|M|C|D|EB/OL|N|P|S|Z|A|J/OL|M/OL)\]")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_VOLUME = re.compile(r"(?:,|;)\s*(\d{1,4})\s*(?:\(([^)]{1,20})\))?\s*:\s*([A-Za-z]?\d[\w\-–]{0,20})")


def parse_references(doc: Document, view: NormView) -> list[Reference]:
    """Entries of the document's references section (empty when it has none)."""
    region = next((s for s in doc.sections if s.kind == "references"), None)
    if region is None:
        return []
    ns, ne = view.to_norm(region.start, region.end)
    text = view.text
    marks = [m for m in _ENTRY.finditer(text, ns, ne)]
    out: list[Reference] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else ne
        body_start = m.end()
        entry = text[body_start:end].strip()
        if not entry:
            continue
        number = int(m.group(1) or m.group(2) or m.group(3))
        s = body_start + (len(text[body_start:end]) - len(text[body_start:end].lstrip()))
        e = s + len(entry)
        os_, oe = view.to_orig(s, e)
        out.append(_parse_entry(number, entry, doc.text[os_:oe], os_, oe))
    return out


def _parse_entry(number: int, entry: str, original: str, start: int, end: int) -> Reference:
    doi_m = _DOI.search(entry)
    doi = doi_m.group(1).rstrip(".,;)>") if doi_m else None
    url_m = _URL.search(entry)
    url = url_m.group(1).rstrip(".,;)>") if url_m else None
    authors, title, rest = _split_authors_title(entry)
    journal = None
    if rest:
        journal_part = _DOI.sub("", rest).strip(" .")
        journal = re.split(r"[,;.]\s*(?=\d)|,\s*(?=19|20)", journal_part, maxsplit=1)[0].strip(" *.,") or None
        if journal and (journal[0].isdigit() or journal.startswith("<")):
            journal = None  # online sources ([EB/OL]) have a year and URL, no journal
    tail = rest or entry
    year_m = _YEAR.search(tail)
    vol_m = _VOLUME.search(tail)
    return Reference(
        number=number,
        text=original,
        start=start,
        end=end,
        authors=authors,
        title=title,
        journal=journal,
        year=int(year_m.group(1)) if year_m else None,
        volume=vol_m.group(1) if vol_m else None,
        pages=vol_m.group(3) if vol_m else None,
        doi=doi,
        url=url,
        nct_ids=sorted(set(_NCT.findall(entry))),
    )


def _split_authors_title(entry: str) -> tuple[list[str], str | None, str]:
    """(authors, title, rest after the title) of one entry."""
    m = re.search(r"\bet al\.\s*|(?<=[A-Za-z\u4e00-\u9fff])\.\s+", entry)
    if not m:
        return [], None, ""
    authors_text = entry[: m.start()].strip()
    authors = [a.strip() for a in re.split(r",\s*", authors_text) if a.strip()]
    after = entry[m.end() :]
    tag = _TYPE_TAG.search(after)
    if tag:
        title = after[: tag.start()].strip()
        rest = after[tag.end() :].lstrip(". ")
    else:
        cut = re.search(r"\.\s+", after)
        title = after[: cut.start()].strip() if cut else after.strip()
        rest = after[cut.end() :] if cut else ""
    return authors, title or None, rest
