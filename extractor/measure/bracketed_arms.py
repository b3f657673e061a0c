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
