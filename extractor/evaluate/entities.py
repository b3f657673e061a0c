"""Entity scores per label under three matching schemes.

- ``strict``: same label, same start and end (MUC/SemEval-2013 "strict").
- ``partial``: same label and overlapping offsets, matched one-to-one; exact
  matches are paired first, then the remaining pairs by largest overlap. Each
  pair counts as a full true positive — this is nervaluate's ``ent_type``
  scheme, not its half-credit ``partial`` scheme, because a boundary that is a
  character off still names the right drug and we want that visible as the gap
  between ``strict`` and ``partial``.
- ``normset``: per document, the set of distinct normalized names per label
  (``norm``, falling back to the surface text), casefolded. Answers "did we find
  every drug the article discusses", whatever the mention count.

Predictions are a multiset: a duplicate of a matched prediction has nothing left
to match and counts as a false positive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import get_args

from extractor.evaluate.counters import PRF
from extractor.models import EntityLabel

LABELS: tuple[str, ...] = get_args(EntityLabel)
SCHEMES: tuple[str, ...] = ("strict", "partial", "normset")


@dataclass(frozen=True)
class Mention:
    """An entity reduced to what scoring needs, in gold-text coordinates."""

    label: str
    start: int
    end: int
    norm: str


def norm_key(norm: str | None, text: str) -> str:
    return " ".join((norm or text).casefold().split())


@dataclass
class EntityScores:
    """Counters per scheme and label, and which items matched (indexes into the inputs)."""

    counts: dict[str, dict[str, PRF]]
    matched_gold: dict[str, list[int]] = field(default_factory=dict)
    missed_gold: dict[str, list[int]] = field(default_factory=dict)
    spurious_pred: dict[str, list[int]] = field(default_factory=dict)
    # partial pairs, for telling a boundary error from a pure miss in error listings
    partial_pairs: list[tuple[int, int]] = field(default_factory=list)
    missed_norms: dict[str, list[str]] = field(default_factory=dict)
    spurious_norms: dict[str, list[str]] = field(default_factory=dict)


def _strict_pairs(gold: Sequence[Mention], pred: Sequence[Mention]) -> list[tuple[int, int]]:
    free: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for pi, p in enumerate(pred):
        free[(p.label, p.start, p.end)].append(pi)
    pairs = []
    for gi, g in enumerate(gold):
        queue = free.get((g.label, g.start, g.end))
        if queue:
            pairs.append((gi, queue.pop(0)))
    return pairs


def _partial_pairs(gold: Sequence[Mention], pred: Sequence[Mention]) -> list[tuple[int, int]]:
    pairs = _strict_pairs(gold, pred)
    used_g = {gi for gi, _ in pairs}
    used_p = {pi for _, pi in pairs}
    candidates = []
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        for pi, p in enumerate(pred):
            if pi in used_p or p.label != g.label:
                continue
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                candidates.append((-overlap, abs(g.start - p.start), gi, pi))
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def _count(
    pairs: list[tuple[int, int]], gold: Sequence[Mention], pred: Sequence[Mention]
) -> dict[str, PRF]:
    tp: dict[str, int] = defaultdict(int)
    for gi, _ in pairs:
        tp[gold[gi].label] += 1
    n_gold: dict[str, int] = defaultdict(int)
    n_pred: dict[str, int] = defaultdict(int)
    for g in gold:
        n_gold[g.label] += 1
    for p in pred:
        n_pred[p.label] += 1
    return {lab: PRF(tp[lab], n_pred[lab] - tp[lab], n_gold[lab] - tp[lab]) for lab in LABELS}


def score_entities(gold: Sequence[Mention], pred: Sequence[Mention]) -> EntityScores:
    """Score predicted mentions against gold mentions of one document."""
    scores = EntityScores(counts={})
    for scheme, pairs in (
        ("strict", _strict_pairs(gold, pred)),
        ("partial", _partial_pairs(gold, pred)),
    ):
        scores.counts[scheme] = _count(pairs, gold, pred)
        got_g = {gi for gi, _ in pairs}
        got_p = {pi for _, pi in pairs}
        scores.matched_gold[scheme] = sorted(got_g)
        scores.missed_gold[scheme] = [i for i in range(len(gold)) if i not in got_g]
        scores.spurious_pred[scheme] = [i for i in range(len(pred)) if i not in got_p]
        if scheme == "partial":
            scores.partial_pairs = sorted(pairs)
    normset: dict[str, PRF] = {}
    for lab in LABELS:
        g_set = {m.norm for m in gold if m.label == lab}
        p_set = {m.norm for m in pred if m.label == lab}
        normset[lab] = PRF(len(g_set & p_set), len(p_set - g_set), len(g_set - p_set))
        scores.missed_norms[lab] = sorted(g_set - p_set)
        scores.spurious_norms[lab] = sorted(p_set - g_set)
    scores.counts["normset"] = normset
    return scores
