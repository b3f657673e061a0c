"""A zero closing a list of percentages is a percentage too: Chinese and English abstracts drop
the sign on a nil rate ("3年OS率分别为60.5%、48.1%和0", "(12% vs 0)"), and without it the value
fits no rate and the whole list is lost."""

from __future__ import annotations

from dataclasses import replace

from extractor.measure.token_type import Token

_JOINS = frozenset({"LIST", "VS"})


def percent_zeros(toks: list[Token]) -> list[Token]:
    """``toks`` with each unitless 0 right after a percentage and a list or comparison word given
    the unit "%" (one pass, no look-back beyond two tokens)."""
    out = toks
    for i in range(2, len(toks)):
        t = toks[i]
        if t.kind != "VALUE" or t.unit is not None or t.value != 0 or t.value_high is not None:
            continue
        if toks[i - 1].kind in _JOINS and toks[i - 2].kind == "VALUE" and toks[i - 2].unit == "%":
            if out is toks:
                out = list(toks)
            out[i] = replace(t, unit="%", unit_kind=toks[i - 2].unit_kind)
    return out
