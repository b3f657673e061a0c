"""How the clauses of a sentence link its values: an enumeration of endpoints closed by a list
word, the words that make the next value the other side of a comparison ("高于对照组的", "较"), a
clause that names another arm by its subject ("对照组索拉非尼为") or another subset of the same arms
("在意向治疗集分别为", "相应的高分级患者则分别为"), and the values listed after a comparison word
that follow the endpoints listed before it. Each test reads a bounded stretch of tokens or text, so
the structure pass that calls them stays linear.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.tokens import Token


def enumerated(toks: list[Token], text: str = "") -> list[Token]:
    """"The ORR, DCR, and CR rate were …", "neutropenia, thrombocytopenia and diarrhea occurred in
    …", "the 5-year overall survival, progression-free survival (PFS) and DMFS rates were …": the
    commas of an enumeration of endpoints that a list word closes join them as the list word does;
    an endpoint's bracketed abbreviation is part of it. One pass: each run is walked once."""
    out = toks
    i, n = 0, len(toks)
    while i < n:
        if toks[i].kind not in {"TRIG", "TPTRIG"}:
            i += 1
            continue
        j = _glossed(toks, i)
        commas: list[int] = []
        while j + 2 < n and toks[j + 1].kind == "SEP" and toks[j + 1].text == "," and toks[j + 2].kind == "TRIG":
            commas.append(j + 1)
            j = _glossed(toks, j + 2)
        k = j + 1
        if k < n and toks[k].kind == "SEP" and toks[k].text == ",":
            k += 1  # the serial comma before "and"
        if commas and k + 1 < n and toks[k].kind == "LIST" and toks[k + 1].kind == "TRIG":
            if out is toks:
                out = list(toks)
            for m in commas:
                out[m] = replace(toks[m], kind="LIST")
            last = _glossed(toks, k + 1)
            if text and _RATES_AFTER.match(text, toks[last].end):
                # "… progression-free survival (PFS) and DMFS rates were …": one "rates" for every endpoint
                for m in range(i, last + 1):
                    out[m] = _as_rate(out[m])
        i = j + 1
    return out


_RATES_AFTER = regex.compile(r"\s{0,2}rates?(?![A-Za-z])", regex.IGNORECASE)


def _as_rate(tok: Token) -> Token:
    if tok.kind != "TRIG" or lx.endpoint(tok.code or "").kind != "duration":
        return tok
    try:
        return replace(tok, code=lx.timepoint_code(tok.text))
    except KeyError:
        return tok


def _glossed(toks: list[Token], i: int) -> int:
    """The last token of endpoint ``i``: its bracketed abbreviation's close ("progression-free
    survival (PFS)"), or ``i`` itself."""
    if i + 3 < len(toks) and toks[i + 1].kind == "OPEN" and toks[i + 2].kind == "TRIG" and toks[i + 3].kind == "CLOSE":
        return i + 3
    return i


def respectively_next(toks: list[Token], i: int) -> bool:
    """Whether a new "分别" list opens right after the comma at ``i`` ("…为80.9%,相应的高分级患者则分别为
    a和b"): the values before are complete, the next ones a set of their own."""
    return i + 1 < len(toks) and toks[i + 1].kind == "RESP"  # ("对照组分别为": another arm's values, read as such)


def value_run(toks: list[Token], i: int) -> list[int]:
    """Indexes of the values listed from token ``i`` on ("c%(14/31)、d%(20/31)"): values joined by
    list words, each perhaps with a bracket after it. At most six: a bounded look ahead."""
    out: list[int] = []
    j, n = i, len(toks)
    while j < n and toks[j].kind == "VALUE" and len(out) < 6:
        out.append(j)
        j += 1
        if j < n and toks[j].kind == "OPEN":
            end = next((m for m in range(j + 1, min(n, j + 6)) if toks[m].kind == "CLOSE"), None)
            if end is None:
                break
            j = end + 1
        if j < n and toks[j].kind == "LIST":
            j += 1
        else:
            break
    return out


def stray_value_before(toks: list[Token], i: int, last: Token | None, text: str) -> bool:
    """Whether a value of a rate no endpoint codes stands between ``last`` (the closed group's last
    value) and value ``i`` ("对照组病灶转移率为75.8%,高于观察组的23.8%": 23.8 is compared with 75.8,
    not with the group before). A few tokens back only."""
    for j in range(i - 1, max(-1, i - 12), -1):
        t = toks[j]
        if t is last:
            return False
        if t.kind == "VALUE" and t.unit_kind == toks[i].unit_kind and _rate_is().search(text, max(0, t.start - 4), t.start):
            return True
    return False


@cache
def _rate_is() -> regex.Pattern[str]:  # (a coded rate's value is its group's, never stray)
    return lx.compile_wrapped(lx.cues().uncoded_rate_ends, "", r"\s?$")


def with_label(toks: list[Token], i: int, text: str = "") -> bool:
    """"A组不良反应发生率(28.36%)与对照组(29.87%)比较": a group label joined by "与" stands between
    the two values, each in its bracket; a bounded look back. Across a comma only when the
    comparison verb closes the bracket ("…为14.5个月,与对照组患者(11.8个月)比较")."""
    k = i - 1
    if k >= 0 and toks[k].kind == "OPEN":
        k -= 1
    if k < 2 or toks[k].kind != "LABEL":
        return False
    lead = toks[k - 1]
    if lead.kind != "LIST" or lead.text not in lx.cues().compared_label_lead:
        return False
    if toks[k - 2].kind in {"CLOSE", "VALUE"}:
        return True
    return k >= 3 and toks[k - 2].kind == "SEP" and toks[k - 2].text == "," and toks[k - 3].kind in {"CLOSE", "VALUE"} \
        and i + 1 < len(toks) and toks[i + 1].kind == "CLOSE" and bool(_label_verb().match(text, toks[i + 1].end))


@cache
def _label_verb() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().compared_label_verbs, r"\s{0,2}", "")


@cache
def carry_words() -> regex.Pattern[str]:
    """Words that make the next value the other side of a comparison ("高于对照组的62.22%", "较对照组的
    11.8个月"), not where a longer word holds them ("两组比较")."""
    c = lx.cues()
    return lx.compile_wrapped(c.carry_over, f"(?<!{lx.surface_alt(c.carry_over_not_after)})", "")


def subject_clause(text: str, lo: int, hi: int, subjects: list[tuple[int, int]]) -> bool:
    """Whether ``text[lo:hi]`` is a subject and a copula only ("索拉非尼组为", "对照组索拉非尼为",
    "the placebo arm was"): another arm's value of the endpoint just reported."""
    if hi - lo > 40:
        return False
    inside = [(s, e) for s, e in subjects if lo <= s and e <= hi]
    if not inside:
        return False
    chars = list(text[lo:hi])
    for s, e in inside:
        chars[s - lo : e - lo] = [" "] * (e - s)
    return bool(_copula().match("".join(chars)))


def subset_clause(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` is a Chinese qualifier and a copula only ("三线治疗药物时为",
    "在意向治疗集分别为"): no number, no other sentence, at most 24 characters."""
    return 0 < hi - lo <= 24 and bool(_SUBSET.fullmatch(text, lo, hi)) \
        and not _OUTCOME_WORD.search(_stage().sub("", text[lo:hi]))


@cache
def _stage() -> regex.Pattern[str]:
    return regex.compile(lx.cues().stage_subset)


def parallel_clause(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` is an English clause of another subset and a copula only (", subtotal
    resection (STR) was", ", and biopsy was" after "The median survival following gross tumor resection
    was 22.5 months"): words only, at most 60 characters, no outcome and no difference named."""
    return 0 < hi - lo <= 60 and bool(_PARALLEL.fullmatch(text, lo, hi)) and not _en_outcome().search(text, lo, hi)


_PARALLEL = regex.compile(r"\s{0,2}(?:[,;]\s)?(?:and\s)?(?:[A-Za-z][A-Za-z\-]*\s?(?:\([A-Za-z\-]{1,12}\)\s?)?){1,6}(?:was|were)\s")
@cache
def _en_outcome() -> regex.Pattern[str]:
    """A clause naming an outcome, a difference or an event: no other subset of the same endpoint."""
    # stems, matched inside words ("surviv" in "survival"): no letter boundaries as surface_alt puts
    return regex.compile("|".join(regex.escape(w) for w in lx.cues().parallel_clause_stops), regex.I)


# "无远处转移率为", "乳癌特异性存活率為": an outcome the lexicon does not code, not a subset
_OUTCOME_WORD = regex.compile(r"[率期]|生存|存活|缓解|緩解|时间|時間")


# a qualifier of CJK words (and a Latin abbreviation such as "PD-L1"), then the copula
_SUBSET = regex.compile(r"\s{0,2}[\u4e00-\u9fffA-Za-z≥≤<>%\-/]{2,20}?(?:中|时)?(?:分别为|分别是|为)\s{0,2}")


@cache
def _copula() -> regex.Pattern[str]:
    # only ever run on at most 40 characters (see _subject_clause): the repetition stays cheap
    c = lx.cues()
    return regex.compile(r"^(?:\s|" + lx.surface_alt(c.subject_fillers + c.carry_copula) + r")*$")


def corresponding_clause(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` opens a clause of "corresponding" or "respective" values ("; corresponding
    rates with the placebo regimen were", "; respective rates were"): at most 80 characters, no number."""
    return 0 < hi - lo <= 80 and not _DIGIT.search(text, lo, hi) and _corresponding().search(text, lo, hi) is not None


_DIGIT = regex.compile(r"\d")


@cache
def _corresponding() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().corresponding_words)
