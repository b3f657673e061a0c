"""Values that rose from one to the other: "increased median PFS from 12.8 months to 20.5 months",
"可将中位无病生存期从10.8个月延长到20.8个月" — the control's value first, then the treatment's."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.tokens import RANGE_SEP, Token


def rises(text: str, a: Token, b: Token) -> bool:
    """"from 12.8 months to 20.5 months", "从10.8个月延长到20.8个月": ``b`` is the value ``a`` rose to."""
    frm, to, verb_to = _rise_words()
    if frm.search(text, max(0, a.start - 6), a.start) is not None:
        return to.fullmatch(text, a.end, b.start) is not None
    # "存活期也十一個月增加到十六個月": a verb of change says the rise; a 'from' further back
    # ("从化疗组的8%提升到24%") names the group the value belongs to, which the arms step reads
    return verb_to.fullmatch(text, a.end, b.start) is not None and _frm_near().search(text, max(0, a.start - 12), a.start) is None


@cache
def _rise_words() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    frm = regex.compile(rf"(?:{lx.surface_alt(c.rise_from)})\s{{0,2}}$", regex.IGNORECASE)
    # a verb of change may stand before the Chinese word: "延长到", "提高至"
    to = regex.compile(rf"\s{{0,2}}(?:[\u4e00-\u9fff]{{0,3}}(?:{lx.surface_alt(c.rise_to)}))\s{{0,2}}", regex.IGNORECASE)
    verb_to = regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(c.rise_verbs)})(?:{lx.surface_alt(c.rise_to)})\s{{0,2}}")
    return frm, to, verb_to


@cache
def _frm_near() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt([w for w in lx.cues().rise_from if not w.isascii()]))


_SECOND_NUMBER = regex.compile(rf"\s{{0,2}}{RANGE_SEP}\s{{0,2}}(?P<n>\d+(?:\.\d+)?)")


def split_rises(toks: list[Token], text: str) -> list[Token]:
    """A range read out of "from 12.8 months to 20.5 months" ("中位OS从15.7个月至20.1个月") is two
    values, the one it rose from and the one it rose to; "ranged from 2 to 10 months" stays a range."""
    frm = _rise_words()[0]
    out: list[Token] = []
    for t in toks:
        if t.kind != "VALUE" or t.value_high is None or frm.search(text, max(0, t.start - 6), t.start) is None \
                or _range_word().search(text, max(0, t.start - 24), t.start) is not None:
            out.append(t)
            continue
        m = _SECOND_NUMBER.search(text, t.num_end, t.end)
        if m is None:
            out.append(t)
            continue
        first_end = m.start()  # the separator and the spaces around it belong to neither value
        out.append(replace(t, end=first_end, text=text[t.start : first_end], value_high=None))
        out.append(replace(t, start=m.start("n"), text=text[m.start("n") : t.end], value=t.value_high, value_high=None,
                           num_start=m.start("n"), num_end=m.end("n")))
    return out


@cache
def _range_word() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().value_range + ["ranged", "ranging"])
