"""Shorthands a document defines for an endpoint: "客观缓解率(response rate, RR)", "疾病控制率(DCR)".

An abbreviation that is no trigger of its own ("RR" is a risk ratio in one article and a response
rate in the next) becomes one for the rest of the document once the text defines it right after
an endpoint's name. The definitions are found with one scan of the document's view (bracketed
abbreviations, then a look at the few characters before each bracket), so the cost is linear.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.tokens import Token

_DEFINED = regex.compile(r"[(（]\s?(?:[A-Za-z][A-Za-z \-]{2,60}[,，]\s?)?(?P<ab>[A-Z][A-Za-z]{1,5})\s?[)）]")
_LOOK_BACK = 40


@cache
def _ends_with_trigger() -> regex.Pattern[str]:
    surfaces = [s for e in lx.endpoints() if e.kind != "ignore" for ss in e.surfaces.values() for s in ss]
    return regex.compile(r"(?:" + lx.surface_alt(surfaces) + r")\s?$")


def defined(view_text: str) -> dict[str, str]:
    """Abbreviation -> endpoint code, for abbreviations that are not triggers already."""
    known = lx.endpoint_by_surface()
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(view_text):
        ab = m.group("ab")
        if ab.casefold() in known or ab in out:
            continue
        t = _ends_with_trigger().search(view_text[max(0, m.start() - _LOOK_BACK) : m.start()])
        if t is not None:
            out[ab] = known[t.group().strip().casefold()].code
    return out


@cache
def _pattern(abbrevs: frozenset[str]) -> regex.Pattern[str]:
    alt = "|".join(regex.escape(a) for a in sorted(abbrevs, key=len, reverse=True))
    return regex.compile(rf"(?<![A-Za-z])(?:{alt})(?![A-Za-z-])")


def add_shorthands(toks: list[Token], text: str, shorthands: dict[str, str]) -> list[Token]:
    """``toks`` with a trigger for each defined shorthand in ``text`` that no token covers."""
    if not shorthands:
        return toks
    extra = []
    for m in _pattern(frozenset(shorthands)).finditer(text):
        extra.append(Token("TRIG", m.start(), m.end(), m.group(), code=shorthands[m.group()]))
    if not extra:
        return toks
    covered = [(t.start, t.end) for t in toks]
    keep = [t for t in extra if not any(a < t.end and t.start < b for a, b in covered)]
    return sorted(toks + keep, key=lambda t: t.start)


@cache
def _joiners() -> regex.Pattern[str]:
    """What may stand between the categories of a defining bracket: the list separators, "+", "&"."""
    words = sorted(lx.cues().list_separators, key=len, reverse=True)
    return regex.compile(r"[\s+&，]|" + "|".join(regex.escape(w) for w in words))


def drop_defining_brackets(toks: list[Token], text: str) -> list[Token]:
    """``toks`` without the endpoints that only define the one before them: "disease control rate
    (CR+PR+SD)", "客观缓解率(CR+PR)" name one rate, not a rate of stable disease; "3年总生存率(OS)"
    names the rate, not the median a bare "OS" would be. A bracket right
    after a trigger, holding two or more triggers and nothing but joiners between them, is read as
    that definition. Each token is walked over at most twice: linear."""
    drop: list[int] = []
    for i, t in enumerate(toks[:-2]):
        if t.kind not in {"TRIG", "TPTRIG"} or toks[i + 1].kind != "OPEN" or toks[i + 1].start - t.end > 1:
            continue
        j = i + 2
        while j < len(toks) and toks[j].kind == "TRIG":
            j += 1
        if j - (i + 2) == 1 and j < len(toks) and toks[j].kind == "CLOSE" and _rate_named(t, toks[i + 2]):
            drop.append(i + 2)  # "3年总生存率(OS)": the rate's abbreviation, not the median a bare "OS" is
            continue
        if j - (i + 2) == 1 and j < len(toks) and toks[j].kind == "CLOSE" and _RATE_WORD.match(text, toks[j].end) \
                and _family(toks[i + 2].code) == _family(t.code) and (rate := _timed(t)) is not None:
            t.code = rate  # "无进展生存(PFS)率", "overall survival (OS) rates": the abbreviation inside the rate's name
            if not (i and toks[i - 1].kind == "VALUE" and toks[i - 1].unit_kind == "time"):
                t.kind = "TRIG"  # no time right before it: a rate named in full, its times elsewhere
            drop.append(i + 2)
            continue
        if t.kind != "TRIG" or j - (i + 2) < 2 or j >= len(toks) or toks[j].kind != "CLOSE":
            continue
        if all(not _joiners().sub("", text[a.end : b.start]) for a, b in zip(toks[i + 1 : j], toks[i + 2 : j + 1])):
            drop.extend(range(i + 2, j))
    if not drop:
        return toks
    gone = set(drop)
    return [t for k, t in enumerate(toks) if k not in gone]


def _rate_named(head: Token, inside: Token) -> bool:
    """Whether ``head`` spells out a rate ("总生存率", "survival rate") whose bracketed abbreviation
    ``inside`` would read as the median of the same survival."""
    if not head.code or not inside.code or not head.text.endswith(("率", "rate", "rates")):
        return False
    return lx.endpoint(head.code).kind == "rate" and lx.endpoint(inside.code).kind == "duration" \
        and _family(head.code) == _family(inside.code)


_RATE_WORD = regex.compile(r"\s?(?:率|(?i:rates?)\b)")  # "无进展生存(PFS)率", "overall survival (OS) rates"


def _timed(head: Token) -> str | None:
    """The rate of the survival ``head`` names ("无进展生存" -> PFS_rate), or None."""
    if head.code and lx.endpoint(head.code).kind == "rate":
        return head.code
    try:
        return lx.timepoint_code(head.text)
    except KeyError:
        return None


def _family(code: str | None) -> str:
    """The survival or response an endpoint code is about: mOS and OS_rate are both OS."""
    return (code or "").removesuffix("_rate").removeprefix("m")


# "in the monotherapy arm, these respective rates were 72%, 51%, and 41%"; "rates at 12, 24, and 36
# months were 77% vs 61%, …": a rate named by a pronoun, the endpoint named before it
@cache
def _rate_pronoun() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{lx.surface_alt(lx.cues().rate_pronouns)})|(?i:(?<![A-Za-z-]\s)\brates(?=\sat\s\d))")


def carried_rates(toks: list[Token], text: str, last: str | None) -> list[Token]:
    """``toks`` with a trigger for each rate pronoun: the survival rate the paragraph's earlier sentences
    named last (``last``); in its own sentence only "these respective rates", whose "respective"
    would break the clause the structure pass carries."""
    extra = []
    starts = [t.start for t in toks]
    for m in _rate_pronoun().finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and toks[k].end > m.start():
            continue  # inside a trigger of its own ("OS rates at 12 months")
        before = toks[max(0, k - _LOOK_BACK + 1) : k + 1]
        # a logical sentence may join several: the pronoun's own starts after the last full stop
        cut = max(text.rfind(". ", max(0, m.start() - _STOP_REACH), m.start()),
                  text.rfind("。", max(0, m.start() - _STOP_REACH), m.start()))
        own = last_rate([t for t in before if t.start > cut], None)
        if own is not None and "respective" not in m.group().casefold():
            continue  # "…; with placebo, these rates were …": the structure pass carries the clause's rate and times
        code = own or last_rate([t for t in before if t.start <= cut], last)
        if code is not None:
            extra.append(Token("TRIG", m.start(), m.end(), m.group(), code=code))
    return sorted(toks + extra, key=lambda t: t.start) if extra else toks


_LOOK_BACK = 40  # tokens before a rate pronoun searched for its endpoint (bounded: linear)
_STOP_REACH = 400  # characters before a rate pronoun searched for the end of the sentence before it


def last_rate(toks: list[Token], current: str | None) -> str | None:
    """The survival rate the sentence names last (a median's survival gives its rate), else ``current``."""
    for t in reversed(toks):
        if t.kind not in {"TRIG", "TPTRIG"} or not t.code:
            continue
        kind = lx.endpoint(t.code).kind
        if kind == "rate" and t.code in lx.timed_rates():
            return t.code
        if kind == "duration" and t.code.startswith("m") and f"{t.code[1:]}_rate" in lx.timed_rates():
            return f"{t.code[1:]}_rate"  # "Median OS was 20.7 months … rates at 12 months": OS rates
    return current
