"""The document text as HTML: sentences, entities and recorded numbers as nested marks.

Spans come from three layers that may cross each other (an entity running over a
sentence end, a drug inside a regimen). HTML needs proper nesting, so the text is cut
at every span boundary and each piece opens the spans that cover it, outer layer
first; a span that crosses an outer one is split into fragments, and only its first
fragment carries the ``id``. The text itself is never changed, only escaped, so each
record's mark holds exactly ``text[start:end]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from extractor.models import DocumentResult, Entity, Record

# CSS class of each entity label (the legend and the filters use the same names).
LABEL_CLASS = {"DRUG": "drug", "DRUG_CLASS": "drug-class", "REGIMEN": "regimen", "TRIAL": "trial"}
LABEL_NAME = {"DRUG": "drug", "DRUG_CLASS": "drug class", "REGIMEN": "regimen", "TRIAL": "trial"}

_SENTENCE, _ENTITY, _NUMBER = 0, 1, 2


@dataclass
class Span:
    start: int
    end: int
    level: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    first_only: tuple[str, ...] = ("id",)

    def open(self, first: bool) -> str:
        parts = [self.tag]
        for key, value in self.attrs.items():
            if not first and key in self.first_only:
                continue
            parts.append(f'{key}="{escape(value, quote=True)}"')
        return "<" + " ".join(parts) + ">"

    def close(self) -> str:
        return f"</{self.tag}>"


def _entity_span(ent: Entity) -> Span:
    title = " · ".join(x for x in (LABEL_NAME[ent.label], ent.norm or "", ent.rule) if x)
    return Span(
        ent.start, ent.end, _ENTITY, "mark",
        {"class": f"e {LABEL_CLASS[ent.label]}", "title": title},
    )  # fmt: skip


def _number_spans(records: Iterable[Record]) -> list[Span]:
    """One mark per distinct number span; every record grounded there is listed on it."""
    by_span: dict[tuple[int, int], list[Record]] = {}
    for rec in records:
        by_span.setdefault((rec.start, rec.end), []).append(rec)
    spans = []
    for (start, end), recs in by_span.items():
        title = "; ".join(f"{r.endpoint} {r.value:g}{' ' + r.unit if r.unit else ''}" for r in recs)
        spans.append(
            Span(start, end, _NUMBER, "mark", {
                "class": "n", "id": f"n-{recs[0].id}", "data-rids": " ".join(r.id for r in recs),
                "title": title, "tabindex": "-1",
            })  # fmt: skip
        )
    return spans


def spans_of(result: DocumentResult) -> list[Span]:
    spans = [
        Span(s.start, s.end, _SENTENCE, "span", {"class": "s", "id": f"s{i}", "data-s": str(i)}, ())
        for i, s in enumerate(result.sentences)
    ]
    spans.extend(_entity_span(e) for e in result.entities)
    spans.extend(_number_spans(result.records))
    return spans


def nest(text: str, spans: Iterable[Span]) -> str:
    """``text`` escaped, with ``spans`` as properly nested elements (outer level first)."""
    n = len(text)
    kept = [s for s in spans if 0 <= s.start < s.end <= n]
    starting: dict[int, list[Span]] = {}
    for s in kept:
        starting.setdefault(s.start, []).append(s)
    bounds = sorted({0, n} | {s.start for s in kept} | {s.end for s in kept})
    order = {id(s): i for i, s in enumerate(kept)}

    def key(s: Span) -> tuple[int, int, int, int]:
        return (s.level, s.start, -s.end, order[id(s)])

    out: list[str] = []
    opened: list[Span] = []
    active: list[Span] = []
    emitted: set[int] = set()
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = sorted([s for s in active if s.end > a] + starting.get(a, []), key=key)
        k = 0
        while k < len(opened) and k < len(active) and opened[k] is active[k]:
            k += 1
        out.extend(s.close() for s in reversed(opened[k:]))
        for s in active[k:]:
            out.append(s.open(id(s) not in emitted))
            emitted.add(id(s))
        opened = active
        out.append(escape(text[a:b], quote=False))
    out.extend(s.close() for s in reversed(opened))
    return "".join(out)


def marked_text(result: DocumentResult) -> str:
    return nest(result.text, spans_of(result))
