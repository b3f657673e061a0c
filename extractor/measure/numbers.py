"""Number parsing for values already in the normalized view (ASCII digits)."""

from __future__ import annotations

UNIT_TO_MONTHS = {"month": 1.0, "year": 12.0, "week": 12.0 / 52.0, "day": 12.0 / 365.25}


def parse_number(text: str) -> float:
    """``"1,234.5"`` -> 1234.5, ``".02"`` -> 0.02, ``"4 101"`` -> 4101 (thousands separators dropped)."""
    return float(text.replace(",", "").replace(" ", "").replace("\u2009", "").replace("\u202f", ""))


def to_months(value: float, unit: str | None) -> float | None:
    """A timepoint in months ("2年" -> 24), rounded; None when the unit is not a time unit."""
    factor = UNIT_TO_MONTHS.get(unit or "")
    if factor is None:
        return None
    return round(value * factor, 2)
