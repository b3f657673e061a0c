"""Character classes the layout rules need: CJK or not, Latin letters and digits, hyphens."""

from __future__ import annotations

from bisect import bisect_right

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x31FF),  # kana, bopomofo, strokes
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),
)

# sorted, disjoint: a binary search finds the only range that can hold a code point
_CJK_LO = tuple(lo for lo, _ in _CJK_RANGES)
_CJK_HI = tuple(hi for _, hi in _CJK_RANGES)

HYPHENS = frozenset("-\u2010\u2011\u00ad")
ROMAN_NUMERALS = frozenset(chr(cp) for cp in range(0x2160, 0x2189))


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x2E80:
        return False
    k = bisect_right(_CJK_LO, cp) - 1
    return cp <= _CJK_HI[k]


def is_latin_or_digit(ch: str) -> bool:
    """Letters and digits outside the CJK blocks (ASCII, accented Latin, Greek ...)."""
    return ch.isalnum() and not is_cjk(ch)
