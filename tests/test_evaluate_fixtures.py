"""Tiny hand-made gold/prediction pairs shared by the scorer tests (defines no tests itself)."""

from __future__ import annotations

from typing import Any

from extractor.models import Entity, Record

TEXT = (
    "索拉非尼失败后，瑞戈非尼的mOS为10.6个月（HR=0.63，95%CI：0.50~0.79，P<0.001）^[12-13]。\n"
    "In REFLECT, lenvatinib achieved an ORR of 24.1% vs 9.2% with sorafenib.\n"
)


def ent(label: str, surface: str, *, nth: int = 0, norm: str | None = None, shift: tuple[int, int] = (0, 0)) -> Entity:
    """An entity over the nth occurrence of ``surface`` in TEXT, ends optionally shifted."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    s, e = start + shift[0], start + len(surface) + shift[1]
    return Entity(label=label, text=TEXT[s:e], start=s, end=e, norm=norm, rule="test")  # type: ignore[arg-type]


def rec(endpoint: str, value_text: str, value: float, unit: str, **fields: Any) -> Record:
    start = TEXT.index(value_text)
    return Record(
        id=f"{endpoint}-{start}", endpoint=endpoint, value=value, unit=unit,
        start=start, end=start + len(value_text), rule="test", **fields,
    )


def gold_spans() -> list[Entity]:
    return [
        ent("DRUG", "索拉非尼", norm="sorafenib"),
        ent("DRUG", "瑞戈非尼", norm="regorafenib"),
        ent("TRIAL", "REFLECT", norm="REFLECT"),
        ent("DRUG", "lenvatinib", norm="lenvatinib"),
        ent("DRUG", "sorafenib", norm="sorafenib"),
    ]


def gold_records() -> list[Record]:
    return [
        rec("mOS", "10.6", 10.6, "months", arm=["regorafenib"], ci_low=0.50, ci_high=0.79,
            p_value=0.001, p_operator="<", citations=[12, 13]),
        rec("ORR", "24.1", 24.1, "%", arm=["lenvatinib"], comparator=["sorafenib"],
            comparator_value=9.2, trial="REFLECT"),
    ]
