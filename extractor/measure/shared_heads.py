"""Two endpoints sharing one head: "临床及病理完全缓解率", "clinical and pathological complete
remission rates", "objective and complete response rates". The scan matched only the second,
whole one ("病理完全缓解率"); the first is its modifier alone ("临床") joined by a list word, and
names the endpoint of that modifier with the shared head ("临床完全缓解率", else the head's own
"完全缓解率"). Both modifiers must be listed (``endpoint_modifiers`` in measure_cues.json), so a
word that merely stands before a list word ("safety and complete response rates") names nothing.
Each look is bounded (a few characters before one trigger), so the pass is linear in the tokens.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.token_type import Token
from extractor.normalize import normalize_surface


def shared_heads(text: str, out: list[Token]) -> list[Token]:
    """``out`` with the elided first endpoint and its list word added before each trigger whose
    modifier follows another modifier and a list word."""
    if not any(t.kind == "TRIG" for t in out):
        return out
    res: list[Token] = []
    for tok in out:
        if tok.kind == "TRIG":
            joined = res.pop() if res and res[-1].kind == "LIST" else None  # the list word, if scanned
            got = _elided(text, tok, res[-1].end if res else 0)
            if got and joined is not None:
                got[-1] = joined
            res.extend(got or ([joined] if joined is not None else []))
        res.append(tok)
    return res


def _elided(text: str, tok: Token, floor: int) -> list[Token]:
    head = _split(tok.text)
    if head is None:
        return []
    modifier, rest = head
    m = _before().search(text, max(floor, tok.start - 40), tok.start)
    if m is None:
        return []
    first = m.group("mod")
    if first.casefold() == modifier.casefold():
        return []
    table = lx.endpoint_by_surface()
    sep = " " if rest[:1].isascii() else ""
    entry = table.get(normalize_surface(first + sep + rest).casefold()) or table.get(rest.casefold())
    if entry is None or entry.kind == "ignore":
        return []
    return [Token("TRIG", m.start("mod"), m.end("mod"), first, code=entry.code),
            Token("LIST", m.start("conj"), m.end("conj"), m.group("conj"))]


def _split(surface: str) -> tuple[str, str] | None:
    """(listed modifier, the rest that is an endpoint surface) of a trigger's surface, if any."""
    table = lx.endpoint_by_surface()
    for mod in _modifiers():
        if len(surface) > len(mod) and surface[: len(mod)].casefold() == mod.casefold():
            rest = surface[len(mod):].lstrip(" -")
            if rest.casefold() in table:
                return surface[: len(mod)], rest
    return None


@cache
def _modifiers() -> tuple[str, ...]:
    return tuple(sorted(lx.cues().endpoint_modifiers, key=len, reverse=True))


@cache
def _before() -> regex.Pattern[str]:
    """A listed modifier, then a list word, right before the trigger."""
    mods = lx.surface_alt(list(_modifiers()))
    joins = lx.surface_alt([w for w in lx.coordinators() if w != ","])
    return regex.compile(rf"(?<![A-Za-z-])(?P<mod>{mods})\s{{0,2}}(?P<conj>{joins})\s{{0,2}}$", regex.IGNORECASE)
