"""The token the scan produces and every later pass reads (kept apart so passes over tokens do
not import the scanner)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Token:
    kind: str  # MARK P CI GRADE CRIT TRIG TPTRIG LABEL STAT NEQ FRAC TPNUM VALUE RESP VS LIST SEP OPEN CLOSE
    # (PHRASE matches become TRIG; a value-first one carries extra == (1.0,))
    start: int  # offsets in the normalized sentence
    end: int
    text: str
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None  # normalized unit id
    unit_kind: str | None = None
    code: str | None = None  # endpoint code (TRIG/TPTRIG), criterion name (CRIT), P operator, grade
    num_start: int = 0  # span of the first number (VALUE/FRAC/NEQ): what a record is grounded on
    num_end: int = 0
    extra: tuple[float | None, ...] = ()  # CI: (level, low, high); FRAC: (numerator, denominator)
