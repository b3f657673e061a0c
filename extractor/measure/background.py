"""Numbers a sentence states that are no result of a treatment.

Real texts mix results with background: "晚期HCC患者的5年生存率不足10%", "长期生存率已超过80%"
(epidemiology, hedged, no treatment named), "索拉非尼可使中位OS延长近3个月" (a gain between two
medians, not a median), "原化疗PFS≥6个月的患者" (a threshold that defines a subgroup). Each test
looks at a few characters around one value, so the pass is linear in the number of values.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.items import Item

_WINDOW = 12


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    hedge_before = regex.compile(r"(?:" + lx.surface_alt(c.hedge_before) + r")\s{0,2}$")
    hedge_after = regex.compile(r"\s{0,2}(?:" + lx.surface_alt(c.hedge_after) + ")")
    difference = regex.compile(r"(?:" + lx.surface_alt(c.difference_before) + r")\s{0,2}(?:"
                               + lx.surface_alt(c.difference_fillers) + r")?\s{0,2}$")
    return hedge_before, hedge_after, difference


@cache
def _compared_difference() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"(?:{lx.surface_alt(c.comparison_difference_lead)})[^，,。；;\n]{{0,16}}?"
                         rf"(?:{lx.surface_alt(c.comparison_difference_verbs)})\s{{0,2}}"
                         rf"(?:{lx.surface_alt(c.difference_fillers)})?\s{{0,2}}$")


_THRESHOLD = regex.compile(r"(?:>=|<=|>|<|≥|≤)\s{0,2}$")
_MEAN_BEFORE = regex.compile(r"(?i:\b(?:mean|average)\s(?:the\s)?|平均)\s{0,2}$")
# "nearly 80% of the adolescents … were alive after five years": a cohort's outcome told in the past,
# a result although hedged; "only 5% are alive at 5 years" stays background
_COHORT_ALIVE = regex.compile(r"(?i:\b(?:were|remained)\s(?:still\s)?alive|\b(?:lived|survived)\s(?:for\s)?(?:at\sleast|more\sthan|about|approximately|around|nearly|almost|roughly))")


def design_sentence(text: str) -> bool:
    """Whether a sentence states the design (power, sample size, assumed rates), not results."""
    return _design().search(text) is not None


@cache
def _design() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().design_words), regex.IGNORECASE)


@cache
def _ratio_bound() -> regex.Pattern[str]:
    return regex.compile(r"(?:" + lx.surface_alt(lx.cues().ratio_threshold_words) + r")\s{0,2}$", regex.IGNORECASE)


def not_a_result(item: Item, text: str, treatment_named: bool) -> bool:
    """Whether ``item`` (a value of sentence ``text``, the view) is background, a gain or a threshold."""
    hedge_before, hedge_after, difference = _patterns()
    start, end = item.tok.start, item.tok.end
    before = text[max(0, start - _WINDOW) : start]
    if _THRESHOLD.search(before) and item.code != "n_patients":
        return True  # "PFS≥6个月的患者": a subgroup's threshold
    if lx.endpoint(item.code).kind == "ratio" and _ratio_bound().search(text[max(0, start - 2 * _WINDOW) : start]):
        return True  # "a hazard ratio of less than 1 favoring …", "HR未超过1.44": a bound of the design
    if lx.endpoint(item.code).kind == "duration" and difference.search(text, max(0, start - 3 * _WINDOW), start):
        return True  # "延长近3个月", "a PFS improvement of 3.2 months": the difference between two medians
    if lx.endpoint(item.code).kind in {"duration", "rate"} and item.code != "risk_reduction" \
            and _compared_difference().search(text, max(0, start - 2 * _WINDOW), start):
        return True  # "较使用常规标靶药的患者多7个月", "较对照组提升近一成": the arms' difference
    if lx.endpoint(item.code).kind == "duration" and item.trigger is not item.tok \
            and _MEAN_BEFORE.search(text, max(0, item.trigger.start - 14), item.trigger.start):
        return True  # "the mean overall survival (OS) … was 75.2 months": a mean, no median (RD6)
    reached = lx.compile_wrapped(lx.cues().threshold_after, r"\s{0,2}", "")
    if lx.endpoint(item.code).kind == "duration" and reached.match(text, end):
        return True  # "24名患者的缓解持续时间达到6个月或更长": how many reached a duration, no median
    defining = lx.compile_wrapped(lx.cues().defining_share_after, r"\s{0,2}(?:or\s(?:less|fewer)\s)?(?:of\s)?", "")
    if item.tok.unit_kind == "percent" and defining.match(text, end):
        return True  # "pathological complete response (0% viable tumor in resected lung)": a definition
    if item.tok.unit_kind == "percent" and _biomarker_cut().search(text, max(0, start - 48), start):
        return True  # "in patients with PD-L1 expression of at least 5%": the subgroup's cut-off
    if _stratified_level(text, start):
        return True  # "stratified by ECOG performance status score (0-1 vs. 2)": a factor's levels
    if not treatment_named and (hedge_before.search(before) or hedge_after.match(text, end)) \
            and item.code != "risk_reduction" and not _COHORT_ALIVE.search(text, max(0, start - 120), end + 80):
        # ("降低死亡风险超过30%": a reduction is a comparison's result however hedged, never epidemiology)
        return True  # "5年生存率不足10%", "90%左右" with no treatment in the sentence
    return False


@cache
def _biomarker_cut() -> regex.Pattern[str]:
    c = lx.cues()
    thresholds = lx.surface_alt(c.threshold_words)
    return regex.compile(rf"(?:{lx.surface_alt(c.biomarker_words)})(?:[\s-]{{1,2}}(?:{lx.surface_alt(c.biomarker_qualifiers)}))?"
                         rf"\s{{0,2}}(?:(?:{thresholds})\s{{0,2}}){{0,2}}$", regex.IGNORECASE)


_STRATA_REACH = 160  # characters from the stratification words to a bracketed level


def _stratified_level(text: str, start: int) -> bool:
    """A value inside an open bracket of a list of stratification factors, the full stop not
    between (bounded look-back: linear in the values)."""
    lo = max(0, start - _STRATA_REACH)
    cue = None
    for m in lx.compile_alt(lx.cues().stratification_words).finditer(text, lo, start):
        cue = m
    if cue is None:
        return False
    between = text[cue.end() : start]
    return between.rfind("(") > between.rfind(")") and not any(c in between for c in ";；。")


def drop_non_results(items: list[Item], text: str, treatment_named: bool) -> list[Item]:
    """``items`` without background, gains and thresholds; comparison links re-indexed (a value
    whose partner goes stands alone)."""
    if items and design_sentence(text):  # read once a sentence, not once a value: linear in the values
        return []  # "… were required to confirm a response rate of 60%": the design's assumptions
    keep = [not not_a_result(it, text, treatment_named) for it in items]
    if all(keep):
        return items
    new_index = {}
    for i, k in enumerate(keep):
        if k:
            new_index[i] = len(new_index)
    out = []
    for i, it in enumerate(items):
        if not keep[i]:
            continue
        if it.partner is not None:
            if it.partner in new_index:
                it.partner = new_index[it.partner]
            else:
                it.partner, it.side = None, 0
        out.append(it)
    return out
