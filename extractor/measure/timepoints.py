"""Numbers that say when rather than what: the timepoints of a survival rate ("1-, 2- and 3-year OS
rates", "OS rates at 12, 24, and 36 months") and durations that are no value of a median ("(at 6
years)", "aged less than 60 years"). Each look is bounded, so the passes are linear in the tokens.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.items import Group
from extractor.measure.tokens import Token, timepoint_lead


_CELL_BREAK = regex.compile(r"[\n|]")


def timepoint_runs(toks: list[Token], text: str) -> set[int]:
    """Indexes of time values that are timepoints of a following survival-rate trigger
    ("1-year and 2-year OS rates", "At 12 months, the OS rate")."""
    out: set[int] = set()
    lead = lx.compile_wrapped(lx.cues().timepoint_lead, "", r"\s{0,2}$")
    for i, t in enumerate(toks):
        # (an uncoded rate takes its landmarks too: "1年、2年、3年的局部控制率(…)" are none of another's)
        is_rate = (t.kind == "TRIG" and (t.code in lx.timed_rates() or lx.endpoint(t.code or "").kind == "ignore")) \
            or t.kind == "TPTRIG" or _survival_in_percent(toks, i)
        if not is_rate:
            continue
        j = i - 1
        if (
            j >= 1
            and toks[j].text == ","
            and toks[j - 1].kind in {"VALUE", "TPNUM"}
            and (lead.search(text[max(0, toks[j - 1].start - 8) : toks[j - 1].start])
                 or timepoint_lead().search(text, max(0, toks[j - 1].start - 40), toks[j - 1].start))
        ):
            j -= 1  # "At 12 months, the OS rate was …": the comma closes the timepoint phrase
        run: list[int] = []
        bound = t.start
        while j >= 0 and (toks[j].kind in {"VALUE", "TPNUM", "LIST"} or _listed_adjective(toks, j, run, bound, text)):
            tj = toks[j]
            if _CELL_BREAK.search(text, tj.end, bound):
                break  # "mOS: 12.4 vs. 11.0 mos |\n12 months OS": the run stays on its own line
            if tj.kind in {"VALUE", "TPNUM"}:
                if tj.unit_kind != "time" or tj.value_high is not None:
                    break
                run.append(j)
            bound = tj.start
            j -= 1
        out.update(run)
        if run:
            out.update(_bare_lead_numbers(toks, j, toks[run[0]], text, lead))
    return out


_TIME_ADJECTIVE = regex.compile(r"\d{1,3}\s?[-‐–]\s?\p{L}{1,8}")  # "3-year", "6-month"


def _listed_adjective(toks: list[Token], j: int, run: list[int], bound: int, text: str) -> bool:
    """A comma inside a list of time adjectives: "1-year, 2-year, and 3-year OS rates" (not the
    comma after another endpoint's value: "median OS was 11.6 months, 1-year OS rate …")."""
    return toks[j].text == "," and bool(run) and j >= 1 and not text[toks[j].end : bound].strip() \
        and _TIME_ADJECTIVE.fullmatch(toks[j - 1].text) is not None \
        and all(_TIME_ADJECTIVE.fullmatch(toks[k].text) for k in run)


def _survival_in_percent(toks: list[Token], i: int) -> bool:
    """"At three years, overall survival was 83% …": a survival endpoint whose next value is a
    percentage is its rate at the time the sentence led with."""
    t = toks[i]
    if t.kind != "TRIG" or lx.endpoint(t.code or "").kind != "duration":
        return False
    try:
        lx.timepoint_code(t.text.casefold())
    except KeyError:
        return False
    nxt = next((x for x in toks[i + 1 : i + 3] if x.kind == "VALUE"), None)
    return nxt is not None and nxt.unit_kind == "percent"


def when_not_what(toks: list[Token], text: str) -> set[int]:
    """Indexes of durations that say when or whom ("(at 6 years)", "aged less than 60 years",
    "between 5 and 7 years"): no value of a median; a timed rate still takes them as its timepoint."""
    out: set[int] = set()
    not_values = _not_a_value()
    for i, t in enumerate(toks):
        if t.kind == "VALUE" and t.unit_kind == "time" and (not_values.search(text, max(0, t.start - 32), t.start)
                                                             or _landmark_of_rates(toks, i, text)):
            # "At 12.8 months of median follow-up": the follow-up itself (its trigger may already
            # stand before it, moved there by the value-first reading)
            if any(0 <= j < len(toks) and toks[j].code == "median_follow_up" and abs(toks[j].start - t.end) <= 12
                   for j in (i - 1, i + 1)):
                continue
            out.add(i)
    return out


# "400 days after treatment was initiated", "12 months after randomisation": a landmark, not a median
_SINCE_AFTER = regex.compile(r"\s{1,2}(?:after|following|post|from)\s(?:the\s)?(?:start|initiation|treatment|"
                             r"randomi[sz]ation|random\sassignment|enrol?ment|diagnosis|surgery|transplant|"
                             r"the\sstart|therapy|initiating|starting)", regex.IGNORECASE)


def _landmark_of_rates(toks: list[Token], i: int, text: str) -> bool:
    """"OS was similar in both arms 400 days after treatment was initiated (86.1% … and 78.5% …)":
    a time after which the next values, percentages, were measured."""
    if not _SINCE_AFTER.match(text, toks[i].end):
        return False
    nxt = next((x for x in toks[i + 1 : i + 6] if x.kind == "VALUE"), None)
    return nxt is not None and nxt.unit_kind == "percent"


@cache
def _not_a_value() -> regex.Pattern[str]:
    words = lx.surface_alt(lx.cues().duration_not_value_before)
    return regex.compile(rf"(?<![A-Za-z])(?:{words})(?:\s{{1,2}}\d{{1,3}}\s{{1,2}}and)?\s{{1,2}}$", regex.IGNORECASE)


def _bare_lead_numbers(toks: list[Token], j: int, unit: Token, text: str, lead: regex.Pattern[str]) -> list[int]:
    """"At 1, 2, and 3 years, OS was …": the bare numbers listed before a timepoint run that a
    lead ("At", "在") opens share its unit. Only whole numbers of at most two digits, joined by
    commas and list words, and only when the lead stands right before the first of them, each
    number's hyphen hangs ("1-, 2- and 3-year") or each is followed by "、" ("1、3、5年")."""
    bare: list[int] = []
    while j >= 0 and (toks[j].kind == "LIST" or toks[j].text == "," or toks[j].kind == "VALUE" and toks[j].unit is None
                      and toks[j].value_high is None and regex.fullmatch(r"\d{1,2}", toks[j].text)):
        if toks[j].kind == "VALUE":
            bare.append(j)
        j -= 1
    # "The 1-, 2- and 3-year OS rates": numbers whose hyphen is left hanging share the last one's unit
    suspended = bool(bare) and all(text[toks[k].end : toks[k].end + 1] in ("-", "‐", "–") for k in bare)
    # "1、3、5年生存率": numbers joined by the enumeration comma share the last one's unit
    enumerated = bool(bare) and all(text[toks[k].end : toks[k].end + 1] == "、" for k in bare)
    if not bare or not (suspended or enumerated or lead.search(text[max(0, toks[bare[-1]].start - 8) : toks[bare[-1]].start])):
        return []
    for k in bare:
        toks[k].unit, toks[k].unit_kind = unit.unit, unit.unit_kind
    return bare


def bare_listed_before(toks: list[Token], i: int, unit: Token) -> list[Token]:
    """Whole numbers of at most two digits listed right before token ``i`` with commas and list
    words ("12, 24, and 36 months"), in order, given ``unit``'s unit. A bounded look back."""
    bare: list[Token] = []
    j = i - 1
    while j >= max(0, i - 12) and (toks[j].kind == "LIST" or toks[j].text == "," or toks[j].kind == "VALUE"
                                    and toks[j].unit is None and toks[j].value_high is None
                                    and regex.fullmatch(r"\d{1,2}", toks[j].text)):
        if toks[j].kind == "VALUE":
            bare.append(toks[j])
        j -= 1
    for t in bare:
        t.unit, t.unit_kind = unit.unit, unit.unit_kind
    return bare[::-1]


def as_rate(group: Group, tok: Token, text: str) -> None:
    """A survival endpoint's percentage followed by its time ("OS was 70% at 12 months and 25% at 18
    months", "overall survival was 80% at 1 year") is the rate at that time: the group's trigger is
    made the endpoint's timed rate. Nothing changes without a time right after the value."""
    trig = group.triggers[0]
    if len(group.triggers) != 1 or lx.endpoint(trig.code or "").kind != "duration":
        return
    # (the timepoint may also lead the sentence: "At three years, overall survival was 83%"; or be
    # printed nowhere: "overall survival (64.8% vs. 53.6%; HR 1.5)" is a rate without timepoint, RD52,
    # when the share follows the endpoint at once and is no share of events, maturity or crossover)
    if not (_at_time().match(text, tok.end) or group.timepoints) and not (
            _SHARE_RIGHT_AFTER.fullmatch(text, trig.end, tok.start) and not _NO_SURVIVAL_SHARE.match(text, tok.end)):
        return
    try:
        rate = lx.timepoint_code(trig.text.casefold())
    except KeyError:
        return
    group.triggers[0] = replace(trig, code=rate)


_SHARE_RIGHT_AFTER = regex.compile(
    r"\s{0,2}(?:[(（:：]\s{0,2}(?:(?:group|arm|cohort)\s[A-Za-z0-9]{1,3},\s)?"
    r"|(?:rates?\s)?(?:was|were|is|are|of|reached|(?:分别|分別|均)?(?:为|為|是)|达|達)\s{0,2}(?:estimated\s(?:at\s)?)?)")
_NO_SURVIVAL_SHARE = regex.compile(r"\s{0,2}(?:of\s(?:the\s)?(?:events|deaths)|(?:data\s)?maturity|crossover|or\s(?:greater|more|higher))",
                                   regex.IGNORECASE)


@cache
def _at_time() -> regex.Pattern[str]:
    units = lx.surface_alt([x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss])
    # the time may follow the pair the value opens: "59% vs 40% at 3 years"
    vs = rf"(?:\s{{0,2}}(?:{lx.surface_alt(lx.cues().value_comparison)})\s{{0,2}}\d{{1,3}}(?:\.\d{{1,2}})?\s?%)?"
    # and the value's bracketed interval: "27.2% (95% CI 22.2-32.5) at 2 years"
    interval = r"(?:\s{0,2}[(\[][^()\[\]]{1,40}[)\]])?"
    # the unit may lead its number: "30% at year 1", "at month 12" (UNITFIRST in the scan)
    return regex.compile(rf"{interval}{vs}\s{{0,2}}(?:{lx.surface_alt(lx.cues().timepoint_lead)})\s{{0,2}}"
                         rf"(?:\d{{1,2}}(?:\.\d)?[\s-]{{0,2}}(?:{units})|(?i:month|week|year)\s\d{{1,3}}(?!\d|\.\d))")


def landmark_run(toks: list[Token], end: int, tps: set[int], limit: int = 8) -> int:
    """Index of the first landmark of the listed run of timepoints ending at token ``end``
    ("和1、3、5年无进展生存率": the run "1、3、5年"); ``end`` itself when the run is one landmark.
    The look back is bounded, so the pass stays linear."""
    j = end
    while j - 2 >= 0 and end - j < 2 * limit and toks[j - 1].kind == "LIST" and toks[j - 2].kind == "VALUE" \
            and j - 2 in tps:
        j -= 2
    return j


def same_landmarks(run: list[Token], timepoints: list[Token]) -> bool:
    """The run names the landmarks the group has already ("1、3、5年生存率和1、3、5年无进展生存率")."""
    return len(run) == len(timepoints) and all(
        a.value == b.value and (a.unit == b.unit or a.unit is None or b.unit is None) for a, b in zip(run, timepoints))
