"""Whole numbers without a unit that count patients ("250 were randomly assigned", "… and 328 to
SUN", "to receive nivolumab (330) or placebo (163)")."""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.tokens import Token


def bare_count(tok: Token, prev: Token | None, text: str, subjects: list[tuple[int, int]], *, counted: bool = False) -> bool:
    """A whole number with no unit that counts patients: a verb of allocation follows it ("250 were
    randomly assigned", "442 to the X group", "128 had CPS < 1"), or it stands alone in brackets right
    after an arm of a randomisation ("to receive nivolumab (330) or placebo (163)"); after a first
    count of the sentence (``counted``), a number the ellipsis leaves bare ("… and 328 to SUN",
    "286 were in the combination group and 145 in the placebo group", "the control group included 75")."""
    if tok.unit is not None or tok.value is None or tok.value != int(tok.value) or not 1 <= tok.value < 1e6:
        return False
    if tok.value_high is not None or "." in tok.text or 1900 <= tok.value <= 2100:
        return False  # a decimal, a range or a year is no bare count
    if _count_after().match(text, tok.end):
        return True
    got = _RECEIVED.match(text, tok.end)
    if got is not None and any(s == got.end() for s, _ in subjects):
        return True  # "210 received nivolumab and 209 received chemotherapy": the arm's patients
    if counted and not _RATIO_BEFORE.search(text, max(0, tok.start - 3), tok.start):
        after, before = _ellipsis()
        if after.match(text, tok.end) or before.search(text[max(0, tok.start - 24) : tok.start]):
            return True
        # "514 randomized pts were evaluable (261 B-R; 253 CHOP-R)": each number right before its arm
        if any(s in (tok.end, tok.end + 1) and _ITEM_END.match(text, e) for s, e in subjects):
            return True
        # "189 eligible patients (CP 96, CLD 93)": each number right after its arm, in a bracket that
        # follows the patients counted ("347 patients have died (GC 176, MVAC 171)" are deaths)
        if _ITEM_END.match(text, tok.end) and any(e in (tok.start - 1, tok.start) and _ITEM_OPEN.search(text, max(0, s - 2), s)
                                                  for s, e in subjects):
            opening = max(text.rfind("(", max(0, tok.start - 80), tok.start), text.rfind("（", max(0, tok.start - 80), tok.start))
            if opening > 0 and _PATIENTS_BEFORE.search(text, max(0, opening - 24), opening):
                return True
    if prev is not None and prev.kind == "OPEN" and regex.match(r"\s{0,2}[)）]", text[tok.end : tok.end + 4]):
        before = text[: prev.start].rstrip()
        # the arm right before the bracket, or a phrase of arms the bracket sits inside ("to VTD (130),
        # TD (127), or VBMCP (129)" read as one choice of three)
        return any(e == len(before) or s < prev.start and tok.end < e for s, e in subjects[-8:]) \
            and bool(_allocation().search(text))
    return False


_RECEIVED = regex.compile(r"[ \t]{1,2}(?:received|were\sgiven|were\streated\swith|were\sallocated\sto|were\sassigned\sto)[ \t]{1,2}")
_ITEM_END = regex.compile(r"\s{0,2}(?:[;；,，)）]|and\s|$)")
_ITEM_OPEN = regex.compile(r"(?:[(（;；,，]\s?|and\s)$")
_PATIENTS_BEFORE = regex.compile(r"(?:patients|pts|participants|subjects|例|名)\s{0,2}$")
_RATIO_BEFORE = regex.compile(r"\d\s?[:：/]\s?$")  # "randomized 2:1 to A": the 1 is a ratio's


@cache
def _ellipsis() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    after = regex.compile(r"[ \t]{0,2}(?:" + lx.surface_alt(c.count_ellipsis_after) + r")(?![A-Za-z])")
    before = regex.compile(r"(?:" + lx.surface_alt(c.count_ellipsis_before) + r")[ \t]{0,2}$")
    return after, before


@cache
def _count_after() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(r"[ \t]{0,2}(?:[(（][ \t]{0,2}\d+(?:\.\d+)?[ \t]{0,2}%[ \t]{0,2}[)）][ \t]{0,2})?(?:"
                         + lx.surface_alt(c.bare_count_after) + r")")


@cache
def _allocation() -> regex.Pattern[str]:
    c = lx.cues()  # "were randomized", "共纳入", and the verbs of allocation ("allocated to", "分配至")
    return lx.compile_alt(c.cohort_total + c.allocation_words)
