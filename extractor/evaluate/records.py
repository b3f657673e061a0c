"""Record matching and per-field accuracy.

A predicted record matches a gold record when endpoint, value and unit agree:
endpoint exactly, unit after casefolding and trimming (``None`` == ``""``), value
within a relative tolerance of 1e-6. Matching is one-to-one; among compatible
pairs, those whose value offsets overlap the gold offsets are paired first, then
by closest start offset — so two "ORR 20%" records in different paragraphs pair
with the right partners.

For matched pairs each field is compared (accuracy = equal / matched):

- ``arm``: the *set* of canonical drug names, casefolded. Order is ignored
  because texts list combination partners in any order (and the alternatives of one
  position, "cisplatin/carboplatin"). When both sides have
  no drugs (the text names a group, "联合组"), ``arm_label`` is compared instead,
  casefolded with whitespace removed, and read as one of a few control kinds when it
  names one: placebo (安慰剂, placebo group), chemotherapy (化疗组), best supportive
  care, observation, control (对照组, control arm) — the words differ, the arm does not.
- ``comparator``: same rule; ``None`` and ``[]`` both mean "no comparator drugs"
  and fall back to ``comparator_label``. ``comparator_value`` separately.
- ``trial``, ``criterion``: casefolded with everything but letters and digits
  removed ("IMbrave-150" == "imbrave150", "RECIST 1.1" == "recist1.1").
- ``ci``: both ``ci_low`` and ``ci_high`` (``ci_level`` is not scored).
- ``p``: ``p_value`` and ``p_operator``, where a missing operator next to a value means "=".
- ``citations``: as sets. ``timepoint``, ``n``, ``value_high``: numeric equality.
- ``grade``: whitespace removed, "≥"/"≤" read as ">="/"<=". ``line``: equal.

Numbers compare with the same tolerance as values; ``None`` equals only ``None``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from extractor import resources as res
from extractor.evaluate.counters import PRF, Accuracy
from extractor.models import Record

FIELDS: tuple[str, ...] = (
    "arm",
    "comparator",
    "comparator_value",
    "trial",
    "criterion",
    "ci",
    "p",
    "citations",
    "timepoint",
    "n",
    "value_high",
    "grade",
    "line",
)


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _unit(u: str | None) -> str:
    return (u or "").strip().casefold()


def _word(s: str | None) -> str:
    return "".join(ch for ch in (s or "").casefold() if ch.isalnum())


def _label(s: str | None) -> str:
    return "".join((s or "").casefold().split())


@cache
def _control_kinds() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, words) pairs from patterns/control_kinds.json, in the order they are tried."""
    return tuple((kind, tuple(words)) for kind, words in res.read_json("control_kinds.json")["kinds"])


def _arm_label(s: str | None) -> str:
    key = _label(s)
    for kind, words in _control_kinds():
        if any(w in key for w in words):
            return kind
    return key


def _drugs(names: list[str] | None, label: str | None) -> tuple[frozenset[str], str]:
    # "cisplatin/carboplatin" and "carboplatin/cisplatin" are one choice of drugs
    found = frozenset("/".join(sorted(n.strip().casefold().split("/"))) for n in names or [])
    return found, ("" if found else _arm_label(label))


def _grade(s: str | None) -> str:
    return _label(s).replace("≥", ">=").replace("≤", "<=")


def _p(r: Record) -> tuple[float | None, str | None]:
    op = r.p_operator if r.p_operator is not None or r.p_value is None else "="
    return r.p_value, op


_FIELD_EQ: dict[str, Callable[[Record, Record], bool]] = {
    "arm": lambda g, p: _drugs(g.arm, g.arm_label) == _drugs(p.arm, p.arm_label),
    "comparator": lambda g, p: (
        _drugs(g.comparator, g.comparator_label) == _drugs(p.comparator, p.comparator_label)
    ),
    "comparator_value": lambda g, p: same_number(g.comparator_value, p.comparator_value),
    "trial": lambda g, p: _word(g.trial) == _word(p.trial),
    "criterion": lambda g, p: _word(g.criterion) == _word(p.criterion),
    "ci": lambda g, p: same_number(g.ci_low, p.ci_low) and same_number(g.ci_high, p.ci_high),
    "p": lambda g, p: same_number(_p(g)[0], _p(p)[0]) and _p(g)[1] == _p(p)[1],
    "citations": lambda g, p: set(g.citations) == set(p.citations),
    "timepoint": lambda g, p: same_number(g.timepoint, p.timepoint),
    "n": lambda g, p: g.n == p.n,
    "value_high": lambda g, p: same_number(g.value_high, p.value_high),
    "grade": lambda g, p: _grade(g.grade) == _grade(p.grade),
    "line": lambda g, p: g.line == p.line,
}


def field_equal(name: str, gold: Record, pred: Record) -> bool:
    """Whether ``name`` (one of FIELDS) agrees between a gold and a predicted record."""
    return _FIELD_EQ[name](gold, pred)


def compatible(gold: Record, pred: Record) -> bool:
    """Same endpoint, unit and value: the condition for a match."""
    return (
        gold.endpoint == pred.endpoint
        and _unit(gold.unit) == _unit(pred.unit)
        and same_number(gold.value, pred.value)
    )


@dataclass
class RecordScores:
    overall: PRF
    by_endpoint: dict[str, PRF]
    fields: dict[str, Accuracy]
    pairs: list[tuple[int, int]]  # (gold index, pred index)
    missed_gold: list[int]
    spurious_pred: list[int]
    # (gold index, pred index, field) for every disagreeing field of a matched pair
    field_errors: list[tuple[int, int, str]] = field(default_factory=list)
    # endpoint + value + unit + arm: a matched pair counts only when its arm agrees too
    with_arm: PRF = field(default_factory=PRF)


def match_records(
    gold: Sequence[Record],
    pred: Sequence[Record],
    pred_offsets: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index); ``pred_offsets`` are in gold coordinates."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not compatible(g, p):
                continue
            ps, pe = pred_offsets[pi]
            overlaps = min(g.end, pe) - max(g.start, ps) > 0 or (ps == g.start and pe == g.end)
            candidates.append((0 if overlaps else 1, abs(g.start - ps), gi, pi))
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs)


def score_records(
    gold: Sequence[Record],
    pred: Sequence[Record],
    pred_offsets: Sequence[tuple[int, int]] | None = None,
) -> RecordScores:
    """Match records one-to-one and count P/R/F1 overall, per endpoint and per field."""
    offsets = pred_offsets if pred_offsets is not None else [(p.start, p.end) for p in pred]
    pairs = match_records(gold, pred, offsets)
    got_g = {gi for gi, _ in pairs}
    got_p = {pi for _, pi in pairs}
    by_endpoint: dict[str, PRF] = defaultdict(PRF)
    for gi, g in enumerate(gold):
        hit = gi in got_g
        by_endpoint[g.endpoint] += PRF(tp=1) if hit else PRF(fn=1)
    for pi, p in enumerate(pred):
        if pi not in got_p:
            by_endpoint[p.endpoint] += PRF(fp=1)
    fields = {name: Accuracy() for name in FIELDS}
    field_errors = []
    for gi, pi in pairs:
        for name in FIELDS:
            ok = field_equal(name, gold[gi], pred[pi])
            fields[name] += Accuracy(int(ok), 1)
            if not ok:
                field_errors.append((gi, pi, name))
    overall = PRF(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    arm_ok = fields["arm"].correct
    return RecordScores(
        overall=overall,
        with_arm=PRF(arm_ok, len(pred) - arm_ok, len(gold) - arm_ok),
        by_endpoint=dict(sorted(by_endpoint.items())),
        fields=fields,
        pairs=pairs,
        missed_gold=[i for i in range(len(gold)) if i not in got_g],
        spurious_pred=[i for i in range(len(pred)) if i not in got_p],
        field_errors=field_errors,
    )
