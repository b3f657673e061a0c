"""Which section an offset lies in, answered by bisection: ``Document.section_at`` once walked every
section for every question, and a text of thousands of headings asked it once a sentence
(quadratic; test_measure_speed's cohort headings took 70 s).

The index paints the elementary intervals between section boundaries with the innermost section
(the last listed that contains them, as the walk found), each interval once: later sections are
painted first and a skip list passes over what is painted, so building is near-linear.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol


class _Span(Protocol):
    kind: str
    start: int
    end: int


class SectionIndex:
    def __init__(self, sections: Sequence[_Span]) -> None:
        self.points = sorted({s.start for s in sections} | {s.end for s in sections})
        self.kinds: list[str | None] = [None] * len(self.points)  # kind of [points[i], points[i + 1])
        skip = list(range(len(self.points) + 1))  # the next interval not painted yet

        def find(i: int) -> int:
            root = i
            while skip[root] != root:
                root = skip[root]
            while skip[i] != root:  # path compression
                skip[i], i = root, skip[i]
            return root

        for sec in reversed(sections):
            stop = bisect_left(self.points, sec.end)
            i = find(bisect_left(self.points, sec.start))
            while i < stop:
                self.kinds[i] = "body" if sec.kind == "heading" else sec.kind
                skip[i] = i + 1
                i = find(i + 1)

    def kind_at(self, offset: int) -> str | None:
        i = bisect_right(self.points, offset) - 1
        return self.kinds[i] if i >= 0 else None
