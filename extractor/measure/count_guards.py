"""Loose counts that size no studied group.

A count no endpoint took ("25例", "40 patients", "n=91") is read as a group size, yet real texts
count much else with the same words: the cohort's make-up by sex, stage, histology or treatment
("男20例", "13位T0期", "腺癌13例", "包括替雷丽珠单抗85例"), the patients with an event or a share
("死亡15例", "39例(67.2%)"), a population ("13,000 cases are diagnosed annually"), the study's
staff ("由2名研究者"), a small fraction ("近1/4的患者"). Each would become a spurious
``n_patients`` record and a wrong ``n`` on the values beside it, so these guards turn it away.
Each looks at a few dozen characters around the count, so the pass is linear in the counts.

The count words of the patterns ("例", "名", "位", "人") are the count unit's surfaces in
patterns/units.jsonl, the words the tokenizer reads a count by: a count word added there reaches
every guard that takes all of them. Several guards take a subset, as they were written and
measured; widening one is a change of rule to measure on the corpus, so each says what it
leaves out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.tokens import Token


def _count_chars(leave_out: str) -> list[str]:
    return [s for s in lx.count_surfaces() if len(s) == 1 and not s.isascii() and s not in leave_out]


@cache
def count_class(leave_out: str = "") -> str:
    """The count unit's one-character Chinese surfaces ("例", "名", "人", "位") but ``leave_out``,
    as a character class."""
    return "[" + "".join(regex.escape(s) for s in _count_chars(leave_out)) + "]"


@cache
def count_alt(leave_out: str = "", english: tuple[str, ...] = ()) -> str:
    """The count unit's English surfaces among ``english``, then its one-character Chinese ones but
    ``leave_out``, as alternatives ("patients|例|名"). A guard names the English words it reads: the
    unit lists more ("cases", "adults") than any guard was measured with."""
    en = [s for s in lx.count_surfaces() if s in english]
    return "|".join(regex.escape(s) for s in en + _count_chars(leave_out))


_IN_BEFORE = regex.compile(r"(?<![A-Za-z])in\s{1,2}$")
_SHARE_IN_BRACKET = regex.compile(r"[(（]\s{0,2}\d+(?:\.\d+)?\s{0,2}%\s{0,2}[,;，；]\s{0,2}$")
_SHARE_AFTER = regex.compile(r"\s{0,2}[(（\[]\s{0,2}\d+(?:\.\d+)?\s{0,2}%")
_SHARE_BEFORE = regex.compile(r"\d\s{0,2}%\s{0,2}[,;，；]\s{0,2}(?:n\s{0,2}=\s{0,2})?$")
# "有效率为84.4%(27例)": the bracket counts the share's patients; but "87.3%(79例中68例)" names the
# group first (79 of it), and the count after "N例中" is the numerator
_SHARE_OPENS = regex.compile(r"\d\s{0,2}[%％]\s{0,2}[(（]\s{0,2}$")


@cache
def _of_group() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(after, before) the count: "N例中", the group a numerator is taken of. 人 stays out, as the
    rule was written and measured."""
    words = count_class("人")
    return (regex.compile(r"\s{0,2}" + words + r"?\s{0,2}中"),
            regex.compile(r"\d\s{0,2}" + words + r"\s{0,2}中\s{0,2}$"))


@cache
def _event_before() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().count_event_before, "", r"\s{0,2}$")


def not_a_group(text: str, tok: Token) -> bool:
    """A number that counts no studied group: "phase 3", "男20例", "4万8000名", a population
    ("diagnosed annually", "每年"), a numerator shown
    with its share ("39例(67.2%)", "(67.2%, 39例)"), a small fraction ("近1/4的患者")."""
    if _not_before().search(text[max(0, tok.start - 8) : tok.start]):
        return True
    if tok.kind == "VALUE" and _event_before().search(text, max(0, tok.start - 6), tok.start):
        return True  # "单独鼻咽部复发3例", "死亡15例": how many had the event
    if tok.kind == "VALUE" and _histology_listed(text, tok):
        return True  # "低分化鳞癌103例,中~高分化鳞癌27例,腺癌13例": the cohort by histology (as X4 by sex)
    if _population().search(text[max(0, tok.start - 48) : tok.end + 48]):
        return True  # "13,000 cases are diagnosed annually", "每年可惠及約300名": a population, no studied group
    of_group_after, of_group_before = _of_group()
    shared = (_SHARE_AFTER.match(text, tok.end) or _SHARE_BEFORE.search(text[max(0, tok.start - 12) : tok.start])
              or (_SHARE_OPENS.search(text, max(0, tok.start - 8), tok.start) and not of_group_after.match(text, tok.end))
              or of_group_before.search(text, max(0, tok.start - 10), tok.start))
    if tok.kind == "VALUE" and shared and (not _denominator_cue().search(text[max(0, tok.start - 30) : tok.start])
                                           or _IN_BEFORE.search(text, max(0, tok.start - 5), tok.start)) \
            and not _treated_after_share().match(text, tok.end):
        # "39例(67.2%)", "occurred in 42 patients (49%)": a numerator; but "纳入…91例(9%)",
        # "147 of 190 patients (77.4%)" are groups
        return True
    if tok.kind == "VALUE" and _stage_after().match(text, tok.num_end or tok.end):
        return True
    if tok.kind == "VALUE" and _staff_after().match(text, tok.end):
        return True  # "由2名研究者独立筛选文献": people who did the study, not patients
    sexes_after, sexes_before = _sexes()
    if tok.kind == "VALUE" and (sexes_after.match(text, tok.num_end or tok.end)
                                or sexes_before.search(text, max(0, tok.start - 24), tok.start)):
        return True  # "216 patients (122 men/94 women; …)": the cohort's composition by sex (X4)
    if tok.kind == "NEQ" and _SHARE_IN_BRACKET.search(text[max(0, tok.start - 16) : tok.start]):
        return True  # "anemia (9%; n=8)": the patients with the event, counted beside their share
    if tok.kind == "FRAC" and tok.extra and tok.extra[1] is not None and tok.extra[1] <= 10 \
            and ((tok.extra[0] or 0) < tok.extra[1] or (tok.extra[0] or 0) <= 4) \
            and "%" not in text[max(0, tok.start - 4) : tok.start]:
        return True  # "近1/4的患者", "randomized (1/1)"; but "ORR 30% (3/10)" sizes the rate's group
    return False


_SEX = r"(?:men|women|males?|females?|男性?|女性?)"


@cache
def _sexes() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(after, before) the count: a count of one sex next to the count of the other ("122 men/94
    women", "60 male and 58 female patients", "40位男性,25位女性"). After the sex word only
    "patients", 例 and 名, as the rule was written and measured."""
    cn_count = r"(?:" + count_class() + r"\s{0,2})?"
    noun = r"(?:\s{0,2}(?:" + count_alt("人位", ("patients",)) + r"))?"
    join = r"\s{0,2}(?:/|,|，|、|and|和|及)\s{0,2}"
    return (regex.compile(r"\s{0,2}" + cn_count + _SEX + noun + join + r"\d{1,6}\s{0,2}" + cn_count + _SEX,
                          regex.IGNORECASE),
            regex.compile(r"\d{1,6}\s{0,2}" + cn_count + _SEX + noun + join + "$", regex.IGNORECASE))


@cache
def _stage_after() -> regex.Pattern[str]:
    """"(13位T0期;43位T1期;6位T2期)": the cohort by stage, listed, no group size ("245例Ⅲ期胃癌患者"
    is one). 人 stays out, as the rule was written and measured."""
    return regex.compile(r"\s{0,2}" + count_class("人")
                         + r"\s{0,2}(?:[TN]?[0-4ⅠⅡⅢⅣIV]{1,4}[a-cA-C]?)期(?=\s{0,2}[;；,，、)）])")


@cache
def _treated_after_share() -> regex.Pattern[str]:
    """"27 patients (58.7%) received RAM+PTX": the share sizes a group by its treatment."""
    return lx.compile_wrapped(lx.cues().share_then_treated,
                              r"\s{0,2}(?:patients\s{0,2})?[(（\[]\s{0,2}\d{1,3}(?:\.\d{1,2})?\s{0,2}%\s{0,2}[)）\]]\s{0,2}",
                              r"(?![A-Za-z])")


@cache
def _histology_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(head, next item, item before): 例 and 名 only, as the rule was written and measured."""
    histology = lx.surface_alt(lx.cues().histology_words)
    item = r"[^,，、;；。\d]{0,12}?"
    words = count_class("人位")
    return (regex.compile(rf"(?:{histology})\s{{0,2}}$"),
            # the next item of the list: another histology's count
            regex.compile(rf"\s{{0,2}}{words}\s{{0,2}}[,，、;；]\s{{0,2}}{item}(?:{histology})\s{{0,2}}\d{{1,5}}\s{{0,2}}{words}"),
            # or the item before it
            regex.compile(rf"(?:{histology})\s{{0,2}}\d{{1,5}}\s{{0,2}}{words}\s{{0,2}}(?:\(\s{{0,2}}\d[^()]{{0,8}}\))?\s{{0,2}}[,，、;；]\s{{0,2}}{item}$"))


def _histology_listed(text: str, tok: Token) -> bool:
    """A count right after a histology word, in a list of such counts."""
    head, nxt, before = _histology_patterns()
    lead = text[max(0, tok.start - 12) : tok.start]
    m = head.search(lead)
    if m is None:
        return False
    start = tok.start - (len(lead) - m.start())
    return bool(nxt.match(text, tok.num_end or tok.end) or before.search(text, max(0, start - 40), start))


@cache
def _denominator_cue() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(r"(?:" + lx.surface_alt(c.count_group_cues + c.cohort_total) + r")[^,;。，；]{0,24}$")


@cache
def _population() -> regex.Pattern[str]:
    return regex.compile(r"(?<![A-Za-z])(?:" + lx.surface_alt(lx.cues().count_population_words) + r")(?![A-Za-z])",
                         regex.IGNORECASE)


@cache
def _staff_after() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().count_staff_after, r"\s{0,2}", "")


@cache
def _not_before() -> regex.Pattern[str]:
    return regex.compile(r"(?:" + lx.surface_alt(lx.cues().count_not_before) + r")\s{0,2}$")


_CLAUSE_END = regex.compile(r"[。;；]")


def make_up(text: str, tok: Token, drugs: Sequence[tuple[int, int]]) -> bool:
    """A count in a list opened by 包括 / including whose item names a drug or regimen before it:
    the group's make-up by treatment ("(包括替雷丽珠单抗85例、信迪利单抗10例…)", RD329, RD242)."""
    lo = max(0, tok.start - 240)
    window = text[lo : tok.start]
    ends = [m.end() for m in _CLAUSE_END.finditer(window)]
    lo += ends[-1] if ends else 0
    c = lx.cues()
    openers = [m.end() for m in lx.compile_alt(c.count_make_up_openers).finditer(text, lo, tok.start)]
    if not openers:
        return False
    # one item naming a treatment makes the list one of treatments ("…、其他7例" too); drugs are
    # sorted by start, so only those starting inside the list are looked at
    first = bisect_left(drugs, (openers[-1], -1))
    return (first < len(drugs) and drugs[first][0] < tok.start
            or lx.compile_alt(c.count_make_up_items).search(text, openers[-1], tok.start) is not None)
