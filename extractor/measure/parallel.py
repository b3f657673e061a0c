"""Two clauses of one sentence that report the same endpoint for two arms, each with its own
subject and its own endpoint word ("阿帕替尼组中位PFS为8.0个月,吉西他滨组中位PFS为5.0个月", "the
median OS with A was 14.1 months, and the median OS with B was 10.2 months"): the values compare
the arms as "…,B组为5.0个月" does, so they are linked as a pair."""

from __future__ import annotations

from bisect import bisect_left

import regex

from extractor.measure.arms import Arm
from extractor.measure.items import Item, kind_of

_CLAUSE = regex.compile(r"[,，]")
_STOP = regex.compile(r"[。;；\n•]|分别|respectively")
_KINDS = frozenset({"duration", "rate"})


def _named(arm: Arm) -> bool:
    return bool(arm.drugs) or arm.label is not None


def _key(arm: Arm) -> tuple[tuple[str, ...], str | None]:
    return tuple(sorted(arm.drugs)), arm.label


def link_parallel(items: list[Item], arms: list[Arm], text: str) -> None:
    """Link, in place, the two single values of an endpoint a sentence reports exactly twice, in
    comma-separated clauses of one line with two different named arms, one timepoint and no other
    value between them."""
    starts = sorted(it.tok.start for it in items)  # bisect: thousands of values stay linear-log
    by_code: dict[tuple[str, float | None], list[int]] = {}
    for i, it in enumerate(items):
        by_code.setdefault((it.code, it.timepoint), []).append(i)
    for (code, _), idx in by_code.items():
        if len(idx) != 2 or code.startswith("n_") or code == "median_follow_up" or kind_of(code) not in _KINDS:
            continue
        i, j = sorted(idx, key=lambda k: items[k].tok.start)
        a, b = items[i], items[j]
        if a.partner is not None or b.partner is not None or a.slot is not None or b.slot is not None:
            continue
        if a.rule != "value.single" or b.rule != "value.single" or a.rise or b.rise:
            continue
        if not (_named(arms[i]) and _named(arms[j])) or _key(arms[i]) == _key(arms[j]):
            continue
        if not _CLAUSE.search(text, a.tok.end, b.tok.start) or _STOP.search(text, a.tok.end, b.tok.start):
            continue
        if bisect_left(starts, b.tok.start) - bisect_left(starts, a.tok.end) > 0:
            continue  # another value between: a list of subgroups, not two arms side by side
        a.partner, a.side = j, 0
        b.partner, b.side = i, 1
        a.rule = b.rule = "value.parallel"
