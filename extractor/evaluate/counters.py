"""Small addable counters: precision/recall/F1 and field accuracy.

Scores are computed from counts so that documents, labels and endpoints can be
summed before dividing (micro averages), in the manner of spaCy's ``PRFScore``.
Conventions follow nervaluate: a ratio whose denominator is zero is 0.0, so an
empty prediction against an empty gold scores 0 everywhere (never a fake 1.0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True)
class PRF:
    """True positives, false positives, false negatives of one matching scheme."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    @property
    def support(self) -> int:
        """Number of gold items (what recall is computed over)."""
        return self.tp + self.fn

    def to_dict(self) -> dict[str, float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def total(counters: Iterable[PRF]) -> PRF:
    """Micro sum of counters (``sum()`` needs a start value; this reads better)."""
    acc = PRF()
    for c in counters:
        acc = acc + c
    return acc


@dataclass(frozen=True)
class Macro:
    """Unweighted mean of per-class precision, recall and F1."""

    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def macro(counters: Iterable[PRF]) -> Macro:
    """Mean over the classes that occur in gold or prediction.

    Classes absent from both are skipped: averaging in a 0.0 for a label the
    document never mentions would punish every document without that label.
    """
    used = [c for c in counters if c.tp or c.fp or c.fn]
    if not used:
        return Macro(0.0, 0.0, 0.0)
    n = len(used)
    return Macro(
        sum(c.precision for c in used) / n,
        sum(c.recall for c in used) / n,
        sum(c.f1 for c in used) / n,
    )


@dataclass(frozen=True)
class Accuracy:
    """Correct out of total, for one field of matched records."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def accuracy(self) -> float:
        return _ratio(self.correct, self.total)

    def to_dict(self) -> dict[str, float]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}
