"""Repair of CJK radical look-alikes that PDF fonts map instead of ordinary ideographs.

Many Chinese PDFs map glyphs such as 月 or 贝 to Kangxi Radicals (U+2F00-U+2FDF) or CJK
Radicals Supplement (U+2E80-U+2EFF) code points. Each is replaced by exactly one
ideograph, so character offsets and boxes stay one-to-one.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from extractor.errors import PatternError
from extractor.resources import read_text

TABLE_FILE = "cjk_radicals.tsv"


@lru_cache(maxsize=1)
def radical_table() -> dict[str, str]:
    """Supplement radical -> ideograph, from patterns/cjk_radicals.tsv, plus the Kangxi block.

    Kangxi radicals all have a one-character NFKC decomposition; any that did not
    would be left out rather than break the one-to-one guarantee.
    """
    table: dict[str, str] = {}
    for lineno, line in enumerate(read_text(TABLE_FILE).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1 or len(parts[1]) != 1:
            raise PatternError(f"patterns/{TABLE_FILE}:{lineno}: expected 'radical<TAB>ideograph'")
        if parts[0] in table:
            raise PatternError(f"patterns/{TABLE_FILE}:{lineno}: duplicate radical {parts[0]!r}")
        table[parts[0]] = parts[1]
    for cp in range(0x2F00, 0x2FE0):
        ch = chr(cp)
        norm = unicodedata.normalize("NFKC", ch)
        if norm != ch and len(norm) == 1:
            table[ch] = norm
    return table


def repair(text: str) -> str:
    """``text`` with radical look-alikes replaced; same length as the input."""
    table = radical_table()
    if not any(ch in table for ch in text):
        return text
    return "".join(table.get(ch, ch) for ch in text)
