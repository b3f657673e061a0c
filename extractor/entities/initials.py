"""Names an article gives its regimens and drugs without defining them in a bracket: an acronym of
the initials of a regimen spelled out earlier ("S-1联合多西他赛方案 … DS组"), a drug's name cut short
inside a combination's shorthand ("Suge+CAPOX"). Each is one scan of the text."""

from __future__ import annotations

import re
from bisect import bisect_left

from extractor.entities.defined import Alias
from extractor.entities.scan import Span


def initial_acronyms(text: str, spans: list[Span], regimens: list[Span]) -> dict[str, Alias]:
    """Acronyms that name a group or regimen by its drugs' initials, for a regimen the article
    spells out earlier ("S-1联合多西他赛方案 … 接受DS方案的患者43例 … DS组"): the letters, in any
    order, are the initials of one named regimen's drugs (a Latin surface's own first letter, else
    the INN's), and of no other. Only acronyms written before a scheme or group word count."""
    found: dict[str, int] = {}
    for m in _GROUP_ACRONYM.finditer(text):
        found.setdefault(m.group("ab"), m.start())
    if not found:
        return {}
    drugs = sorted((s for s in spans if s.label == "DRUG" and s.norm), key=lambda s: s.start)
    starts = [d.start for d in drugs]
    by_letters: dict[str, list[Span]] = {}
    for r in regimens:
        inside = drugs[bisect_left(starts, r.start) : bisect_left(starts, r.end)]
        if len(inside) < 2 or len(inside) != len(r.attrs.get("drugs", [])):
            continue
        key = "".join(sorted(_initial(text[d.start : d.end], d.norm or "") for d in inside))
        by_letters.setdefault(key, []).append(r)
    out: dict[str, Alias] = {}
    for ab, at in found.items():
        named = by_letters.get("".join(sorted(ab)), [])
        norms = {r.norm for r in named if r.start < at}
        if len(norms) == 1:
            r = next(r for r in named if r.start < at)
            out[ab] = Alias(ab, tuple(tuple(p) for p in r.attrs.get("drugs", [])))
    return out


# "DS组", "DS方案", "the DS arm": an unknown acronym used as a group's or a regimen's name
_GROUP_ACRONYM = re.compile(r"(?<![A-Za-z0-9-])(?P<ab>[A-Z]{2,4})(?![A-Za-z0-9-])(?=\s?(?:组|組|方案|regimen|arm|group))")


def _initial(surface: str, norm: str) -> str:
    letter = surface[:1]
    return (letter if letter.isascii() and letter.isalpha() else norm[:1]).upper()


def prefix_names(text: str, spans: list[Span]) -> dict[str, Alias]:
    """A drug's name cut short inside a combination's shorthand ("Suge+CAPOX" for sugemalimab,
    "Doxo + P"): a capitalised word of four to eight letters joined by "+" that opens the INN of
    exactly one drug the article names."""
    norms = {s.norm for s in spans if s.label == "DRUG" and s.norm and " " not in s.norm}
    if not norms or "+" not in text:
        return {}
    out: dict[str, Alias] = {}
    for m in _PLUS_PART.finditer(text):
        word = m.group("a") or m.group("b")
        if word in out:
            continue
        low = word.lower()
        hits = {n for n in norms if n.startswith(low) and len(n) >= len(low) + 3}
        if len(hits) == 1:
            out[word] = Alias(word, ((hits.pop(),),))
    return out


_PLUS_PART = re.compile(r"(?<![A-Za-z])(?P<a>[A-Z][a-z]{3,7})(?=\s?\+\s?[A-Za-z])|(?<=\+)\s?(?P<b>[A-Z][a-z]{3,7})(?![A-Za-z])")
