"""Value-first phrases read as if the endpoint stood before its value.

"35% reduction in the risk of death", "达到了26.3%的客观缓解率", "a 45.5% partial response (PR)
rate", "13% versus 5% of patients achieved complete response": the trigger follows its value, so
the token order is changed before the structure pass groups values under triggers.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.tokens import OF_PATIENTS, Token


def value_first(toks: list[Token], text: str) -> list[Token]:
    """A value-first phrase ("35% reduction in the risk of death") is read as if it stood
    before its value: the trigger opens the group the value then joins. So is a value that
    qualifies the endpoint after it with "的" when its clause has no endpoint before it
    ("达到了26.3%的客观缓解率", "11.2个月的中位总生存期")."""
    out = list(toks)
    opened = False  # an endpoint already stands in the current clause
    achieved = False  # a share "achieved" an outcome before in the sentence: the next may elide the verb
    for i in range(1, len(out)):
        prev, tok = out[i - 1], out[i]
        if tok.kind == "TRIG" and tok.extra == (1.0,) and prev.kind in {"LABEL", "CLOSE"}:
            # "22.2% of patients treated with X plus chemotherapy were alive": the group words go
            # after the phrase, which then stands right after its value
            j = i - 1
            while j > 0 and out[j].kind in {"LABEL", "CLOSE"} and i - j < 3:
                j -= 1
            if out[j].kind == "VALUE" and out[j].unit_kind == "percent" and OF_PATIENTS.fullmatch(text, out[j].end, tok.start):
                out[j + 1 : i + 1] = [tok, *out[j + 1 : i]]
                prev, tok = out[j], out[j + 1]
                out[j], out[j + 1] = tok, prev
                opened = True
                continue
        if tok.kind == "SEP":
            opened = False
        elif tok.kind == "TRIG" and prev.kind == "VALUE" and (
            tok.extra == (1.0,) and (_VALUE_FIRST_GAP.fullmatch(text, prev.end, tok.start)
                                     or prev.unit_kind == "percent" and OF_PATIENTS.fullmatch(text, prev.end, tok.start))
            or not opened and _of().fullmatch(text, prev.end, tok.start)
            and not (prev.unit_kind == "time" and tok.code in lx.timed_rates())  # "3年的总生存率": a timepoint
        ):
            out[i - 1], out[i] = tok, prev
            opened = True
        elif tok.kind == "TRIG" and prev.kind == "VALUE" and prev.unit_kind == "percent" \
                and _VALUE_FIRST_GAP.fullmatch(text, prev.end, tok.start) and _ARTICLE.search(text, max(0, prev.start - 4), prev.start) \
                and (_RATE_END.search(text, tok.start, tok.end) or _RATE_AFTER.match(text, tok.end)):
            out[i - 1], out[i] = tok, prev  # "which comprised a 45.5% partial response (PR) rate": the rate's value
            opened = True
        elif tok.kind == "TRIG" and prev.kind == "VALUE" and prev.unit_kind == "percent" \
                and (_achieved(text, prev.end, tok) or achieved and _ELIDED.fullmatch(text, prev.end, tok.start)):
            # "13% versus 5% of patients achieved complete response": the shares are the outcome's
            j = i - 1
            if j >= 2 and out[j - 1].kind == "VS" and out[j - 2].kind == "VALUE":
                j -= 2
            out[j + 1 : i + 1] = out[j:i]
            out[j] = tok
            opened = achieved = True
        elif tok.kind in {"TRIG", "TPTRIG"}:
            opened = True
    return out


@cache
def _of() -> regex.Pattern[str]:
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(lx.cues().attributive_particles)})\s{{0,2}}")
_ARTICLE = regex.compile(r"(?<![A-Za-z])(?:a|an)\s{1,2}$", regex.IGNORECASE)
_RATE_END = regex.compile(r"rates?$", regex.IGNORECASE)
_RATE_AFTER = regex.compile(r"(?:\s?\([A-Za-z]{2,5}\))?\s{0,2}rates?(?![A-Za-z])", regex.IGNORECASE)  # "partial response (PR) rate"
_VALUE_FIRST_GAP = regex.compile(r"[ \t]{0,2}")  # "35% reduction in …", "a 12.9% CR rate": the phrase follows the value


_ACHIEVED = regex.compile(r"\s(?:of\s(?:the\s)?(?:patients|participants)\s)?(?:achieved|attained|had|experienced|reached|achieving|"
                          r"attaining|having|with)\s(?:a\s|an\s)?")
_CATEGORIES = frozenset({"CR_rate", "PR_rate", "SD_rate"})


def _achieved(text: str, end: int, tok: Token) -> bool:
    """"13% of patients achieved complete response", "40% achieving partial response"; "27% with
    stable disease" only for a response category ("30% with a median DOR of …" is no such share)."""
    m = _ACHIEVED.fullmatch(text, end, tok.start)
    return m is not None and ("with" not in m.group() or tok.code in _CATEGORIES)


# "12% of patients achieved a complete response and 30% a partial response": the verb is not repeated
_ELIDED = regex.compile(r"\s(?:a|an)\s")
