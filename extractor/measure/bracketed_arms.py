"""Listed values each bracketed right after their own arm: "between the amivantamab-lazertinib group
(86%) and the osimertinib group (85%)", "A组(35.2%)和B组(12.8%)"."""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import Arm, resolve
from extractor.measure.subjects import Subject


def each_before(subs: list[Subject], values: list[tuple[int, int]], text: str) -> list[Arm] | None:
    """Arms of listed values each bracketed right after its own arm ("between the amivantamab-
    lazertinib group (86%) and the osimertinib group (85%)", "A组(35.2%)和B组(12.8%)", "分别为A组30%、
    B组20%"), or None unless
    every value has one and at least two differ. Only group words and the bracket may stand between."""
    ends = [s.end for s in subs]
    out: list[Arm] = []
    for start, _ in values:
        j = bisect_left(ends, start + 1) - 1
        cand = subs[j] if j >= 0 else None
        if cand is None or cand.prior or start - cand.end > 16 or not _bracket_after_arm().fullmatch(text, cand.end, start):
            return None
        out.append(resolve(cand, subs))
    if len({(tuple(a.drugs), a.label) for a in out}) < 2:
        return None
    return out


@cache
def _bracket_after_arm() -> regex.Pattern[str]:
    tails = lx.cues().group_label_tails
    words = lx.surface_alt(tails.get("en", []) + tails.get("zh", []))
    # "A组(35.2%)", and in a list "分别为A组11.0个月/B组1.9个月", "A组为30%、B组为20%": the group, then its value
    return regex.compile(rf"\s{{0,2}}(?:(?:{words})\s{{0,2}})?(?:[(（]|[为為:：])?\s{{0,2}}", regex.IGNORECASE)


def each_block(subs: list[Subject], blocks: list[tuple[int, int]]) -> list[Arm] | None:
    """Arms of values reported arm by arm in blocks ("A组1、3、5年生存率为a1、a2、a3，B组为b1、b2、b3；
    C组为c1、c2、c3"): each block's arm is the last arm named before its first value and after the
    block before it; None unless every block has one and they differ."""
    out: list[Arm] = []
    prev_end = -1
    for start, end in blocks:
        cand = next((x for x in reversed(subs) if prev_end <= x.start and x.end <= start and not x.prior), None)
        if cand is None:
            return None
        out.append(resolve(cand, subs))
        prev_end = end
    if len({(tuple(a.drugs), a.label) for a in out}) < len(out):
        return None
    return out


_LABEL_IN_BRACKET = regex.compile(r"[A-Za-z][A-Za-z+/-]{0,19}(?:[ ][A-Za-z][A-Za-z+/-]{0,19}){0,2}")


def labels_after_pairs(toks: list, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    """Group words bracketed right after each value of a compared pair, as a table of trials
    prints them: "56.8 m (FCR) vs. 32.9 m (FC)", "14% (combination) versus 6% (monotherapy)". Only
    words (no number, no endpoint, no criterion) stand in each bracket; ``taken`` spans (drug
    names) are subjects already. One pass over the tokens: linear."""
    out: list[tuple[int, int, str]] = []
    for i in range(len(toks) - 6):
        v1, o1, c1, vs, v2, o2, c2 = toks[i], toks[i + 1], toks[i + 2], toks[i + 3], toks[i + 4], toks[i + 5], toks[i + 6]
        if (v1.kind, o1.kind, c1.kind, vs.kind, v2.kind, o2.kind, c2.kind) != \
                ("VALUE", "OPEN", "CLOSE", "VS", "VALUE", "OPEN", "CLOSE"):
            continue
        if text[v1.end : o1.start].strip() or text[c1.end : vs.start].strip() or text[v2.end : o2.start].strip():
            continue
        sides = [(o1.end, c1.start), (o2.end, c2.start)]
        named = [any(a < e and s < b for s, e in taken) for a, b in sides]  # a drug's name: a subject already
        words = [None if n else _label_span(text, a, b) for n, (a, b) in zip(named, sides)]
        if all(n or w is not None for n, w in zip(named, words)):
            out.extend(w for w in words if w is not None)
    return out


@cache
def _subgroup() -> regex.Pattern[str]:
    return regex.compile(r"(?<![A-Za-z])(?:" + lx.surface_alt(lx.cues().bracket_subgroup_words) + r")(?![A-Za-z])", regex.I)


def _label_span(text: str, a: int, b: int) -> tuple[int, int, str] | None:
    lead = len(text[a:b]) - len(text[a:b].lstrip())
    body = text[a:b].strip()
    if not _LABEL_IN_BRACKET.fullmatch(body) or _subgroup().search(body):
        return None  # ("low risk", "stage III": subgroups of one arm, not the arms)
    return a + lead, a + lead + len(body), body
