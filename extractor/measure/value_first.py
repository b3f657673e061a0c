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
    moved: set[int] = set()  # triggers moved before their value across "for"
    for i in range(1, len(out)):
        prev, tok = out[i - 1], out[i]
        if tok.kind == "TRIG" and tok.extra == (1.0,) and prev.kind in {"LABEL", "CLOSE"}:
            # "22.2% of patients treated with X plus chemotherapy were alive": the group words go
            # after the phrase, which then stands right after its value
            j = i - 1
            while j > 0 and out[j].kind in {"LABEL", "CLOSE"} and i - j < 3:
                j -= 1
            if out[j].kind == "VALUE" and out[j].unit_kind == "percent" and (
                    OF_PATIENTS.fullmatch(text, out[j].end, tok.start) or text[out[j].end : tok.start].strip() == ")"):
                out[j + 1 : i + 1] = [tok, *out[j + 1 : i]]
                prev, tok = out[j], out[j + 1]
                out[j], out[j + 1] = tok, prev
                opened = True
                continue
        if tok.kind == "TRIG" and tok.code is not None and not opened and _for_endpoint(out, i, text, moved):
            # "the rates were 44% (95% CI 31–58) for objective response and 66% (55–77) for disease
            # control": the value (and its bracket) then "for" the endpoint it is of
            j = i - 1
            if out[j].kind == "CLOSE":
                while j > 0 and out[j].kind != "OPEN" and i - j < 6:
                    j -= 1
                j -= 1
            out[j + 1 : i + 1] = out[j:i]
            out[j] = tok
            moved.add(id(tok))
            continue
        if tok.kind == "TRIG" and prev.kind == "GRADE" and i >= 2 and out[i - 2].kind == "VALUE" \
                and out[i - 2].unit_kind == "percent" and not opened and _at_least_one().fullmatch(text, out[i - 2].end, prev.start):
            # "65.5% of patients experienced at least one grade 3/4 adverse event": the grade and
            # the event before the share
            out[i - 2], out[i - 1], out[i] = prev, tok, out[i - 2]
            opened = True
            continue
        if tok.kind == "TRIG" and prev.kind == "CLOSE" and not opened and _bracketed_share(out, i, text):
            # "10/26 evaluable patients (38.5%, 95% CI: 20.2–59.4) achieved an objective response":
            # the bracket's share is the outcome's rate
            j = next(m for m in range(i - 2, max(-1, i - 7), -1) if out[m].kind == "OPEN")
            out[j + 2 : i + 1] = out[j + 1 : i]
            out[j + 1] = tok
            opened = True
            continue
        if tok.kind == "TPTRIG" and i >= 2 and (prev.kind == "VALUE" and prev.unit_kind == "time" or prev.kind == "TPNUM") \
                and out[i - 2].kind == "VALUE" and out[i - 2].unit_kind == "percent" and not text[out[i - 2].end : prev.start].strip() \
                and _ARTICLE.search(text, max(0, out[i - 2].start - 4), out[i - 2].start):
            # "an 85% CR rate and a 68% 3-year EFS", "an 83% two-year EFS": the rate's time and endpoint before its value
            out[i - 2], out[i - 1], out[i] = prev, tok, out[i - 2]
            opened = True
            continue
        if tok.kind == "SEP":
            opened = False
        elif tok.kind == "TRIG" and prev.kind == "VALUE" and (
            tok.extra == (1.0,) and (_VALUE_FIRST_GAP.fullmatch(text, prev.end, tok.start)
                                     or prev.unit_kind == "percent" and OF_PATIENTS.fullmatch(text, prev.end, tok.start))
            or not opened and _of().fullmatch(text, prev.end, tok.start)
            and not (prev.unit_kind == "time" and (tok.code in lx.timed_rates()
                                                   or lx.endpoint(tok.code or "").kind == "duration" and _share_next(out, i)))
            # ("3年的总生存率", "三者5年的PFS分别为61.4%…": a timepoint, its shares follow)
        ):
            j = i - 1
            if tok.extra == (1.0,) and prev.unit_kind == "percent":
                # "34.0% and 21.0% of patients were alive": every listed share, not only the last
                while j >= 2 and i - j < 8 and out[j - 1].kind in {"LIST", "VS"} and out[j - 2].kind == "VALUE" \
                        and out[j - 2].unit_kind == "percent":
                    j -= 2
            out[j + 1 : i + 1] = out[j:i]
            out[j] = tok
            opened = True
        elif tok.kind == "TRIG" and not opened and lx.endpoint(tok.code or "").kind == "rate" \
                and (run := _zh_share_run(out, i, text)) is not None:
            # "A组和B组分别有50.8%和19.3%患者发生3级及以上不良事件": shares listed before their outcome
            # (and its grade): the outcome, then the shares in their order
            k = i - 1 if prev.kind == "GRADE" else i
            out[run : i + 1] = out[k : i + 1] + out[run:k]
            opened = True
        elif tok.kind == "TRIG" and prev.kind == "VALUE" and prev.unit_kind == "percent" \
                and lx.endpoint(tok.code or "").kind == "rate" and _zh_share_of().fullmatch(text, prev.end, tok.start):
            out[i - 1], out[i] = tok, prev  # "其中2.8%的患者完全缓解": the share of patients with the outcome
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
        elif tok.kind == "TRIG" and tok.code in _CATEGORIES and prev.kind == "VALUE" and prev.unit_kind == "percent" \
                and i >= 2 and out[i - 2].kind in {"OPEN", "LIST", "SEP"} and _ONE_SPACE.fullmatch(text, prev.end, tok.start) \
                and not _RATE_AFTER.match(text, tok.end):
            out[i - 1], out[i] = tok, prev  # "(11% complete response and 25% partial response)": the breakdown of a response rate
            opened = True
        elif tok.kind in {"TRIG", "TPTRIG"}:
            opened = True
    return out


@cache
def _at_least_one() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"\s(?:of\s(?:{lx.surface_alt(c.event_share_people)})\s)?(?:{lx.surface_alt(c.event_share_verbs)})\s"
                         rf"(?:(?:{lx.surface_alt(c.event_share_quantifiers)})\s)?")


def _bracketed_share(out: list[Token], i: int, text: str) -> bool:
    """Whether trigger ``i`` follows "(p%, 95% CI …) achieved …": a bracket opening with a share
    (not right after another share), then the verb of the outcome."""
    j = next((m for m in range(i - 2, max(-1, i - 7), -1) if out[m].kind == "OPEN"), None)
    if j is None or out[j + 1].kind != "VALUE" or out[j + 1].unit_kind != "percent" \
            or j >= 1 and out[j - 1].unit_kind == "percent":
        return False
    return _achieved(text, out[i - 1].end, out[i])


def _share_next(out: list[Token], i: int) -> bool:
    """Whether a percentage follows trigger ``i`` before the clause ends (a few tokens)."""
    for t in out[i + 1 : i + 4]:
        if t.kind == "SEP":
            return False
        if t.kind == "VALUE":
            return t.unit_kind == "percent"
    return False


def _for_endpoint(out: list[Token], i: int, text: str, moved: set[int]) -> bool:
    """Whether trigger ``i`` follows its value across "for": "44% (95% CI 31–58) for objective
    response", "8.1 months for PFS"; a rate takes a percentage, a duration a time (a ratio is
    qualified by what follows it: "HR 0.70 for OS" stays)."""
    tok = out[i]
    j = i - 1
    if out[j].kind == "CLOSE":  # a bracket (its CI) between the value and "for"
        while j > 0 and out[j].kind != "OPEN" and i - j < 6:
            j -= 1
        j -= 1
    if j < 0 or out[j].kind != "VALUE" or not _FOR.fullmatch(text, out[i - 1].end, tok.start):
        return False
    # "a median follow-up of 28.2 and 39.4 months for PFS and OS": the clause's endpoint stands before
    for k in range(j - 1, max(-1, j - 12), -1):
        if out[k].kind == "SEP":
            break
        if out[k].kind in {"TRIG", "TPTRIG"} and id(out[k]) not in moved:  # ("6.2 months for PFS and
            return False  # 11.9 months for OS": an endpoint moved before its value here does not count)
    kind = lx.endpoint(tok.code or "").kind
    return kind == "rate" and out[j].unit_kind == "percent" or kind == "duration" and out[j].unit_kind == "time"


_FOR = regex.compile(r"\s(?:for|in\sterms\sof)\s(?:the\s|an?\s)?")


@cache
def _zh_share_of() -> regex.Pattern[str]:
    c = lx.cues()
    people, verbs = lx.surface_alt(c.zh_share_people), lx.surface_alt(c.zh_share_verbs)
    # "其中2.8%的患者完全缓解", or with the verb and no particle: "50.0% 患者发生血小板计数降低",
    # "36.67%发生了不良事件"
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(c.attributive_particles)})\s{{0,2}}(?:{people})"
                         rf"\s{{0,2}}(?:{verbs})?\s{{0,2}}"
                         rf"|\s{{0,2}}(?:{people})?\s{{0,2}}(?:{verbs})(?:{lx.surface_alt(c.zh_share_verb_suffixes)})?\s{{0,2}}")


def _zh_share_run(out: list[Token], i: int, text: str) -> int | None:
    """The first of two or more shares joined by list words and followed by "患者发生" (or the
    like) and an optional grade right before trigger ``i``; None for anything else."""
    k = i - 2 if out[i - 1].kind == "GRADE" else i - 1
    if k < 2 or out[k].kind != "VALUE" or out[k].unit_kind != "percent" \
            or not _zh_share_of().fullmatch(text, out[k].end, out[k + 1].start):
        return None
    j = k
    while j >= 2 and out[j - 1].kind in {"LIST", "VS"} and out[j - 2].kind == "VALUE" and out[j - 2].unit_kind == "percent":
        j -= 2
    return j if j < k else None


@cache
def _of() -> regex.Pattern[str]:
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(lx.cues().attributive_particles)})\s{{0,2}}")
_ARTICLE = regex.compile(r"(?<![A-Za-z])(?:a|an)\s{1,2}$", regex.IGNORECASE)
_RATE_END = regex.compile(r"rates?$", regex.IGNORECASE)
_RATE_AFTER = regex.compile(r"(?:\s?\([A-Za-z]{2,5}\))?\s{0,2}rates?(?![A-Za-z])", regex.IGNORECASE)  # "partial response (PR) rate"
_ONE_SPACE = regex.compile(r"[ \t]")
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
