"""Which arm a group size belongs to: the treatment named with the count ("dabrafenib (187
patients)", "A (n=246) or B (n=240)", "442 to the X group"), the arm it was allocated to when the
next count follows for the next arm, or no arm when it sizes the whole trial ("该研究共入组543例",
"413 patients were randomized to A or B", a total in a document that compares arms).
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import (
    BRACKETS,
    CLAUSE,
    NO_ARM,
    OWN_COUNT,
    OWN_N_AFTER_COMMA,
    Arm,
    compared,
    is_cohort,
    is_control,
    resolve,
    single,
    two_arms,
    usable,
    weak_connector,
)
from extractor.measure.subjects import Subject

_CLAUSE_OR_NUMBER = regex.compile(r"[,;。:，；：\d]")
_WORD_BRACKETS = regex.compile(r"\([^()=]{0,80}\)")  # brackets without "n=": glosses, ratios
_TRIAL_REACH = 16  # characters from a trial's name to a count that sizes the trial ("trial (n=", "研究共纳入")
_TO_GROUP = regex.compile(r"\s{1,2}(?:(?:to|into|in)\s(?:receive\s|the\s)?|received\s|were\sgiven\s)")
# "(n = 143, venetoclax; n = 68, placebo)": a bracket of counts, each with its arm after it
_N_THEN_ARM = regex.compile(r"\s{0,2},\s{0,2}")
_IN_BRACKET = regex.compile(r"[(（]\s{0,2}$")


@cache
def _received() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().count_received_verbs, r"\s{0,2}", r"\s{0,2}")


@cache
def _received_end() -> regex.Pattern[str]:
    dose = r"(?:\s{0,2}\d{1,4}(?:\.\d{1,2})?\s{0,2}(?:mg|g|μg)(?:/(?:m2|m²|kg))?)?"  # "培美曲塞500 mg/m2治疗"
    return lx.compile_wrapped(lx.cues().count_received_ends, dose + r"\s{0,2}", "")
_ITEM_END = regex.compile(r"\s{0,2}[;；)）]")


_CHOICE = regex.compile(r"(?i:\bchoice\b)|选择|選擇")

_BRACKET_OPEN = regex.compile(r"\s{0,2}[(（]\s{0,2}")  # the count token holds its unit ("21例")
_BRACKET_CLOSE = regex.compile(r"\s{0,2}[)）]")


def count_arm(
    subs: list[Subject], count_start: int, count_end: int, fallback: list[Subject], text: str,
    trials: list[tuple[int, int]] | None = None, *, compared_doc: bool = False,
) -> Arm:
    """The arm of a group size.

    A treatment right after the count names its group ("50%(26/52)阿替利珠单抗单药组患者");
    otherwise as ``single``. A cohort label whose sentence goes on to name two different
    arms ("F队列(119例)中,…单药组…转到…联合组") is a cohort over several arms: no drugs.
    """
    for s in usable(subs):
        if s.start >= count_end and s.label is not None and _BRACKET_OPEN.fullmatch(text, count_end, s.start) \
                and _BRACKET_CLOSE.match(text, s.end):
            return resolve(s, subs)  # "Ⅱa期21例(Ⅱa组)、Ⅲa期24例(Ⅲa组)": the group bracketed after its count
        if s.start >= count_end and (s.label is None or is_control(s.label) and not _IN_BRACKET.search(text, 0, count_start)) \
                and not text[count_end : s.start].strip(" )]"):
            # ("N=69 placebo": a control named right after its count too; not "B (n=551) Standard care
            # alone (n=280)", where a bracketed count closes its own arm)
            return resolve(s, subs)
        if s.start >= count_end and s.start - count_end <= 20 and _TO_GROUP.fullmatch(text, count_end, s.start):
            return resolve(s, subs)  # "442 to the enfortumab vedotin–pembrolizumab group and 444 to the chemotherapy group"
        if s.start >= count_end and s.label is None and _received().fullmatch(text, count_end, s.start) \
                and _received_end().match(text, s.end):
            return resolve(s, subs)  # "28例采用X联合NP方案治疗(研究组),30例采用NP方案治疗(对照组)"
        if s.start >= count_end and text.startswith(("n", "N"), count_start) and _N_THEN_ARM.fullmatch(text, count_end, s.start) \
                and _ITEM_END.match(text, s.end):
            return resolve(s, subs)
    inside = next((s for s in usable(subs) if s.start < count_start and count_end <= s.end and len(s.parts) >= 2), None)
    if inside is not None and OWN_COUNT.search(text[max(inside.start, count_start - 6) : count_start]):
        k = len(weak_connector().findall(BRACKETS.sub("", text[inside.start : count_start])))
        if k < len(inside.parts):  # "A (n=246) or B (n=240)": one phrase of two arms, the count follows A
            return Arm(list(dict.fromkeys(inside.parts[k])))
    own = [s for s in usable(subs) if s.end <= count_start]
    n_token = text.startswith(("n=", "N=", "n =", "N ="), count_start)
    # a group label owns its count too: "单纯手术组(n=…)", "最佳支持治疗(26例)"
    if own and (OWN_COUNT.match(text, own[-1].end, count_start)
                or n_token and OWN_N_AFTER_COMMA.match(text, own[-1].end, count_start)
                # "随机分为联合组60例和单药组60例": a group label right before its count (never a drug: "A 150 mg")
                or own[-1].label is not None and not text[own[-1].end : count_start].strip()):
        if len(own[-1].parts) >= 2 and _CHOICE.search(text, max(0, own[-1].start - 40), own[-1].start):
            # "investigator's choice of chemotherapy with paclitaxel or docetaxel (n=209)": one arm of a choice
            return Arm(["/".join(dict.fromkeys(d for p in own[-1].parts for d in p))])
        if len(own[-1].parts) >= 2 and set(weak_connector().findall(text, own[-1].start, own[-1].end)) != {"/"}:
            # "… or B (n=240)": the count is the last part's ("Gemcitabine/capecitabine (n = 60)": one regimen's)
            return Arm(list(dict.fromkeys(own[-1].parts[-1])))
        if own[-1].label is not None and is_cohort(own[-1].label) and not text[own[-1].end : count_start].strip():
            # "B组60例患者接受X": a lettered group's own count; the group register gives its drugs,
            # not the nearest phrase before it (the other letter's)
            return Arm([], own[-1].label, own[-1].written())
        return resolve(own[-1], subs)  # "either A (n=246) or B (n=246)", "dabrafenib (187 patients)"
    if own and own[-1].label is None and count_start - own[-1].end <= 2 and not text[own[-1].end : count_start].strip() \
            and _LISTED_BEFORE.search(text, max(0, own[-1].start - 2), own[-1].start) and _LISTED_END.match(text, count_end):
        return resolve(own[-1], subs)  # "189 eligible patients (CP 96, CLD 93)": each arm, then its count
    allocated = _allocated(subs, count_end, text)
    if allocated is not None:  # "323 patients were randomised to NIVO + CABO and 328 to SUN"
        return resolve(allocated, subs)
    for t_start, t_end in trials or []:  # "the RESORCE trial (n=573)", "CELESTIAL研究共纳入707例": the trial's cohort
        if t_end <= count_start <= t_end + _TRIAL_REACH and not CLAUSE.search(text[t_end:count_start]) and not any(
            t_end <= s.start < count_start for s in subs
        ):
            return NO_ARM
    total = lx.compile_alt(lx.cues().cohort_total)
    # a sentence naming no treatment ("A total of 468 patients were enrolled") in a document
    # that compares arms counts the whole trial, whatever the sentence before named
    arms_named = (two_arms(subs) or compared_doc) if usable(subs) else (compared(fallback) or compared_doc)
    # "randomly assigned (in a 2:1 ratio) 616 patients": a bracket of words between the cue and the count
    # is skipped; a clause break or another number between them ("共完成218例，其中实验组108例",
    # "durvalumab (n=341) or placebo (n=344)") is not
    lead = _CLAUSE_OR_NUMBER.split(_WORD_BRACKETS.sub("", text[max(0, count_start - 100) : count_start])[-40:])[-1]
    if arms_named and (total.search(text[max(0, count_start - 15) : count_end + 25])
                       or total.search(lead + text[count_start : count_end + 25])
                       or _allocated_later(text, count_end, total)):
        return NO_ARM  # "该研究共入组543例患者", "413 patients were randomized to A or B": the whole cohort
    before = [s for s in usable(subs) if s.end <= count_start]
    if compared(subs) and before and before[-1].cued and text[before[-1].end : count_start].strip(" ([n=:"):
        return NO_ARM  # "X was compared with placebo in 707 patients": the trial's cohort, not an arm
    arm = single(subs, count_start, fallback, count_end, text, count=True)
    if arm.label is not None and is_cohort(arm.label):
        after = {tuple(s.drugs) for s in usable(subs) if s.start >= count_end and s.label is None}
        if len(after) >= 2:
            return Arm([], arm.label, arm.words)
    return arm


_NUMBER = regex.compile(r"(?<![A-Za-z0-9.])\d")
_LISTED_BEFORE = regex.compile(r"(?:[(（;；,，]\s?|and\s)$")
_LISTED_END = regex.compile(r"\s{0,2}(?:[;；,，)）]|and\s)")
_CLAUSE_END = regex.compile(r"[;；。:：]")


def _allocated_later(text: str, count_end: int, total: regex.Pattern[str]) -> bool:
    """"289 patients with RM-NPC and no previous chemotherapy … were randomized (1/1) to receive
    either A or B": the allocation verb further on in the count's clause, no other number (a
    digit inside a word such as BRAFV600E is none) nor a clause end between them."""
    m = total.search(text, count_end, count_end + 160)
    if m is None:
        return False
    gap = text[count_end : m.start()]
    return not _NUMBER.search(gap) and not _CLAUSE_END.search(gap)


@cache
def _allocation() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    to = lx.compile_wrapped(c.count_allocated_to, rf"\s{{0,2}}(?:{lx.surface_alt(lx.count_surfaces())})?\s{{0,2}}",
                            r"\s{0,2}(?:the\s)?")
    nxt = lx.compile_wrapped(c.count_allocated_next, "", r"\s{0,2}$")
    alternative = lx.compile_alt(c.allocation_or)
    return to, nxt, alternative


_BEFORE_NEXT_NUMBER = regex.compile(r"\D{0,25}?(?=\d)")


def _allocated(subs: list[Subject], count_end: int, text: str) -> Subject | None:
    """The one arm a count was allocated to, when the next count follows for the next arm.

    "323 patients were randomised to NIVO + CABO and 328 to SUN", "共有525例患者被分配接受
    阿帕他胺+ADT治疗，527例患者被分配接受安慰剂+ADT治疗": each count is its arm's. Without a
    second count ("413 patients were randomized to receive A 200 mg or B") the count stays
    the trial's cohort.
    """
    after = next((s for s in usable(subs) if s.start >= count_end), None)
    if after is None or len(after.parts) > 1 or after.cued:
        return None
    to, nxt, alternative = _allocation()
    if to.fullmatch(text, count_end, after.start) is None:
        return None
    gap = _BEFORE_NEXT_NUMBER.match(text, after.end)
    if gap is None or alternative.search(gap.group()) or nxt.search(gap.group()) is None:
        return None
    return after
