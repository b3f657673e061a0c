"""Numbers whose meaning the scan cannot see from the number alone, settled from the tokens and
words around them: bare numbers listed before a percentage or a count take its unit ("83 and 77
percent"); a bare number compared with a duration is one ("12.9 months versus 10.5 for …"); the
number of a figure or table ("(see Figure 1)", "表2") is no value; a zero closing a list of
percentages is a percentage (a nil rate's sign dropped: "分别为60.5%、48.1%和0", "(12% vs 0)");
a bracketed pair around a value after its CI word is the value's interval ("HR=0.631,95%CI(0.382,
1.043)", "Hazard ratio (95% CI) 0.646 (0.543, 0.768)"); a unit in a trigger's bracket reaches the
cells after it ("Median survival (months)"); a bare whole number before the share it is the numerator
of, or before the outcome it counts, counts patients ("achieved in 1 (2.9%)", "15 complete responses")."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.token_type import Token

_JOINS = frozenset({"LIST", "VS"})
_HEADER_REACH = 60  # characters before a value searched for its column's "(95% CI)"


def percent_zeros(toks: list[Token]) -> list[Token]:
    """``toks`` with each unitless 0 right after a percentage and a list or comparison word given
    the unit "%" (one pass, no look-back beyond two tokens)."""
    out = toks
    for i in range(2, len(toks)):
        t = toks[i]
        if t.kind != "VALUE" or t.unit is not None or t.value != 0 or t.value_high is not None:
            continue
        if toks[i - 1].kind in _JOINS and toks[i - 2].kind == "VALUE" and toks[i - 2].unit == "%":
            if out is toks:
                out = list(toks)
            out[i] = replace(t, unit="%", unit_kind=toks[i - 2].unit_kind)
    return out


@cache
def ci_header() -> regex.Pattern[str]:
    """A CI word with its level, if printed: "95% CI", "(95% confidence interval)"."""
    return regex.compile(rf"(?:(?P<level>\d{{2}}(?:\.\d)?)\s?%\s?)?(?:{lx.surface_alt(lx.cues().ci_words)})(?![A-Za-z])")


def _pair_at(toks: list[Token], j: int) -> bool:
    """( VALUE , VALUE ) at ``j``, the first below the second."""
    if j + 4 >= len(toks):
        return False
    o, a, s, b, c = toks[j : j + 5]
    return ((o.kind, a.kind, s.kind, b.kind, c.kind) == ("OPEN", "VALUE", "SEP", "VALUE", "CLOSE") and s.text == ","
            and a.value is not None and b.value is not None and a.value < b.value)


def _owner(toks: list[Token], j: int) -> int | None:
    """The value a pair at ``j`` may bound: right before it, or before a comma and an opening bracket
    ("HR=0.631,95%CI(0.382,1.043)", "0.63 (95% CI (0.38, 1.04))")."""
    for i in range(j - 1, max(-1, j - 4), -1):
        t = toks[i]
        if t.kind == "VALUE":
            return i
        if t.kind not in ("SEP", "OPEN") or t.kind == "SEP" and t.text != ",":
            return None
    return None


def bracketed_intervals(toks: list[Token], text: str) -> list[Token]:
    """``toks`` with "v (a, b)" read as a value and its interval when a CI word stands between them
    ("HR=0.631,95%CI(0.382,1.043)") or shortly before the value with no interval of its own (a
    column header "(95% CI)"); the value must lie inside the pair."""
    out: list[Token] = []
    changed = False
    j = 0
    while j < len(toks):
        i = _owner(toks, j) if _pair_at(toks, j) else None
        head = None
        if i is not None:
            v, a, b = toks[i], toks[j + 1], toks[j + 3]
            if v.value is not None and v.value_high is None and a.value <= v.value <= b.value \
                    and a.unit in (None, v.unit) and b.unit in (None, v.unit):
                head = ci_header().search(text, v.end, toks[j].start)
                if head is None:
                    for m in ci_header().finditer(text, max(0, v.start - _HEADER_REACH), v.start):
                        head = m
                    if head is not None and any(t.kind == "CI" and t.start >= head.start() for t in toks[max(0, i - 8) : i]):
                        head = None  # the word belongs to an interval printed already
        if head is None:
            out.append(toks[j])
            j += 1
            continue
        a, b = toks[j + 1], toks[j + 3]
        level = float(head.group("level")) if head.group("level") else None
        out.extend([toks[j], Token("CI", a.start, b.end, text[a.start : b.end], extra=(level, a.value, b.value)), toks[j + 4]])
        j += 5
        changed = True
    return out if changed else toks


_STOPS = frozenset({"TRIG", "TPTRIG"})
_WORDS = regex.compile(r"[A-Za-z\u4e00-\u9fff]{2}")


def header_units(toks: list[Token], text: str) -> list[Token]:
    """``toks`` with the unit a trigger's bracket names ("Median survival (months)", "中位OS(月)")
    given to the unitless values after it, up to the next endpoint or full stop: a table's row or
    column header carries the unit its cells leave out."""
    table = lx.unit_by_surface()
    out = toks
    unit = None
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind in _STOPS:
            unit = None
            j = i + 1
            while j + 1 < len(toks) and toks[j].kind == "OPEN" and toks[j + 1].kind == "CLOSE":
                named = table.get(text[toks[j].end : toks[j + 1].start].strip().casefold())
                if named is not None and unit is None:
                    unit = named
                j += 2
            i = j
            continue
        if t.kind == "SEP" and t.text in ";；。" or unit is not None and i and _WORDS.search(text, toks[i - 1].end, t.start):
            unit = None  # a full stop, or words between (a new row: "… test p value¶2")
        if unit is not None and t.kind == "VALUE" and t.unit is None:
            if out is toks:
                out = list(toks)
            out[i] = replace(t, unit=unit.id, unit_kind=unit.kind)
        i += 1
    return out


def drop_figure_numbers(toks: list[Token], text: str) -> list[Token]:
    """``toks`` without the values that number a figure or table ("compared with placebo (see
    Figure 1)", "(Table 3)", "见图2") or a design's parts ("ORR in Stages 1 + 2", "Part 3", "phase
    2"), a list of them too ("Figures 1 and 2"): each looks back a few characters only."""
    numbered = _numbered()
    drop = {i for i, t in enumerate(toks)
            if t.kind == "VALUE" and t.unit is None and numbered.search(text, max(0, t.start - 24), t.start)}
    return [t for i, t in enumerate(toks) if i not in drop] if drop else toks


@cache
def _numbered() -> regex.Pattern[str]:
    c = lx.cues()
    return lx.compile_wrapped(c.figure_words + c.part_words, "", r"\s{0,2}(?:\d{1,2}\s{0,2}(?:\+|,|&|/|and|or)\s{0,2}){0,3}$")


_SHARE_NEXT = regex.compile(r"\s{0,2}[(（]\s{0,2}\d")
_LISTED = regex.compile(r"\s{0,2}(?:,|，|、|and|和|与|及)\s{0,2}(?:and\s)?")


def listed_units(text: str, toks: list[Token]) -> None:
    """"83 and 77 percent", "30, 40 and 50%", "411 and 416 patients": bare numbers listed right before
    a percentage (or a count) take its unit (right to left, so a whole list takes the unit)."""
    given: set[int] = set()  # values that took the unit here: a comma may join the next one on
    for i in range(len(toks) - 2, -1, -1):
        a = toks[i]
        if a.kind != "VALUE" or a.unit is not None or a.value_high is not None or a.value is None:
            continue
        j = i + 1
        if toks[j].kind in {"LIST", "SEP"} and j + 1 < len(toks):
            j += 1  # the list word between them
        b = toks[j]
        gap = _LISTED.fullmatch(text, a.end, b.start)
        # "4.259, 95% CI": a bare comma before the real percentage joins nothing
        if b.kind == "VALUE" and b.unit_kind in {"percent", "count"} and gap and (j in given or gap.group().strip() not in (",", "，")) \
                and (a.value <= 100 if b.unit_kind == "percent"
                     else a.value == int(a.value) and not _SHARE_NEXT.match(text, b.end)):  # "4、5、11例(57.1%、…)": numerators
            a.unit, a.unit_kind = b.unit, b.unit_kind  # "411 and 416 patients, respectively": counts too
            given.add(i)


def compared_bare_units(text: str, toks: list[Token]) -> None:
    """"12.9 months versus 10.5 for chemotherapy", "10.8 months CP versus 11.8 CLD": the bare number
    compared with a duration, its arm named right after it, is a duration of the same unit."""
    for a, vs, b in zip(toks, toks[1:], toks[2:]):
        if vs.kind == "VS" and a.kind == "VALUE" and a.unit_kind == "time" and b.kind == "VALUE" \
                and b.unit is None and b.value_high is None and b.value is not None and "." in b.text \
                and _ARM_AFTER.match(text, b.end):
            b.unit, b.unit_kind = a.unit, a.unit_kind


# after the bare number: its arm ("for chemotherapy", "with placebo", "in the control group", "CLD,")
_ARM_AFTER = regex.compile(r"\s(?:(?:for|with|in)\s(?:the\s)?[A-Za-z]|[A-Z][A-Za-z0-9-]{1,10}(?:[,;.)]|\s(?:and|P|p)\b))")


def bare_counts(text: str, toks: list[Token]) -> None:
    """Bare whole numbers that count patients: followed by a bracketed share they are the numerator
    of (some group of at least that many rounds N/D to the printed share: "Complete response was
    achieved in 1 (2.9%) and partial response in 10 (28.6%)"), or by the outcome they had ("with 15
    complete responses and 10 partial responses"). Not percentages of their own."""
    outcome = _outcome_after()
    for i, a in enumerate(toks):
        if a.kind != "VALUE" or a.unit is not None or a.value is None or a.value_high is not None \
                or not 1 <= a.value < 100_000 or a.value != int(a.value):
            continue
        if _THRESHOLD_BEFORE.search(text, max(0, a.start - 3), a.start):
            continue  # "CPS≥5(约50%患者…)": a cut-off
        op, b = (toks[i + 1], toks[i + 2]) if i + 2 < len(toks) else (None, None)
        if op is not None and b is not None and op.kind == "OPEN" and b.kind == "VALUE" and b.unit_kind == "percent" \
                and not text[a.end : op.start].strip() and not text[op.end : b.start].strip() \
                and b.value_high is None and b.value is not None and 0.01 <= b.value <= 100 and _numerator_of(int(a.value), b) \
                or outcome.match(text, a.end) and not (i and toks[i - 1].kind == "TRIG" and not text[toks[i - 1].end : a.start].strip()):
            a.unit, a.unit_kind = "patients", "count"  # (not "PR 13 SD 10": the count read after its outcome)


_THRESHOLD_BEFORE = regex.compile(r"[<>≤≥=]\s{0,2}$")


@cache
def _outcome_after() -> regex.Pattern[str]:
    return regex.compile(r"\s{1,2}(?:" + lx.surface_alt(lx.responder_surfaces()) + ")")


def _numerator_of(n: int, share: Token) -> bool:
    num = share.text[: len(share.text) - len(share.text.lstrip("0123456789."))] or share.text.rstrip("%％ ")
    places = len(num.split(".")[1]) if "." in num else 0
    guess = round(100 * n / share.value)
    return any(d >= n and round(100 * n / d, places) == round(share.value, places) for d in (guess - 1, guess, guess + 1) if d > 0)


def named_numeral(text: str, end: int, digits: str) -> bool:
    """Whether the bare number ``digits`` ending at ``end`` is followed by a bracketed acronym
    ending in the same digits: "protein 1 (PD-1)", "ligand 1 (PD-L1)", "receptor 2 (HER2)" name a
    molecule."""
    after = _NAME_ACRONYM.match(text, end)
    return after is not None and after.group(1) == digits


_NAME_ACRONYM = regex.compile(r"\s{0,2}[(\[（]\s?[A-Za-z][A-Za-z-]{0,10}?-?(\d{1,2})\s?[)\]）]")
