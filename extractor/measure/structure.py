"""From a sentence's tokens to measurements: which value belongs to which endpoint.

A trigger opens a *group* that collects the compatible values after it until the
clause ends (a comma, semicolon or full stop at the group's bracket depth, once it
holds values). Inside a group the structure decides the rule: values joined by
"vs"/"对比" are compared pairs; a criterion token ("mRECIST:") labels the values
after it; several triggers share values in order ("ORR and DCR were 13% and 27%");
timepoints before a survival-rate trigger distribute over its values; two or more
listed values of one trigger are *slots* to be spread over arms later
("分别为13%和32%"). Counts (58例, n=91, 26/52) become ``n_patients`` items.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.items import Group, Item, Val, accepts, endpoint_after_aside, endpoint_after_ratio, finish, kind_of
from extractor.measure.bare_counts import bare_count
from extractor.measure.clause_links import (
    carry_words,
    corresponding_clause,
    stray_value_before,
    enumerated,
    respectively_next,
    subject_clause,
    parallel_clause,
    subset_clause,
    value_run,
    with_label,
)
from extractor.measure.rises import rises, split_rises
from extractor.measure.runs import (
    compared_on,
    joined,
    listing,
    new_pair,
    own_landmark,
    same_run_again,
    shared_timepoints,
    spread_compared,
)
from extractor.measure.timepoints import (
    as_rate,
    bare_listed_before,
    landmark_run,
    same_landmarks,
    timepoint_runs,
    when_not_what,
)
from extractor.measure.tokens import Token
from extractor.measure.value_first import value_first

# a list word joins the next endpoint to the list only this close to both: "…survival, to the control
# group in patients with … of five or more after a median follow-up of 13.1 and 11.1 months" lists no
# follow-up with the survival
_LIST_REACH = 24
_BRACKETED = regex.compile(r"[(（\[][^()（）\[\]]{0,120}[)）\]]")


def _opens_range(text: str, at: int, range_words: regex.Pattern[str]) -> bool:
    """The value opens a bracket of range words: "(range 1.2-14.5)", "(interquartile range [IQR] = …"."""
    lo = max(0, at - 48)  # bounded look back: linear on any input
    window = text[lo:at]
    opened = max(window.rfind("("), window.rfind("（"))
    if opened < 0 or ")" in window[opened:] or "）" in window[opened:]:
        return False  # that bracket closed before the value
    if _UNREACHED_BEFORE.search(text, max(0, lo + opened - 16), lo + opened) and not text[lo + opened + 1 : at].strip():
        return True  # "中位生存期未达(0.23~77.34个月)", "not reached (0.5-40.1)": a median not reached has no value
    return range_words.match(text, lo + opened + 1, at) is not None


_UNREACHED_BEFORE = regex.compile(r"(?:未达到|未达|未達到|未達|not\sreached|NR)\s{0,2}$", regex.IGNORECASE)


def _last_trigger_end(toks: list[Token], before: int, default: int) -> int:
    """End of the nearest endpoint word before token ``before`` ("HR for progression-free survival
    benefit and …": the survival the ratio is of), a few tokens back at most."""
    for j in range(before - 1, max(-1, before - 9), -1):
        if toks[j].kind in {"TRIG", "TPTRIG"}:
            return toks[j].end
    return default


def _listed_after(text: str, trigger_end: int, list_start: int) -> bool:
    """Only brackets (glosses, CIs) and a few characters stand between an endpoint and the list word."""
    if list_start - trigger_end > 4 * _LIST_REACH + 240:
        return False
    return len(_BRACKETED.sub("", text[trigger_end:list_start]).strip()) <= _LIST_REACH


def build_items(
    toks: list[Token], text: str, subjects: list[tuple[int, int]] | None = None
) -> tuple[list[Item], list[Token]]:
    """Measurements of one sentence, plus the count tokens left for ``n_patients``.

    ``subjects`` are the spans of the sentence's treatment subjects (drug phrases, group
    labels): a clause made only of a subject and a copula after a closed group ("…为22.1
    个月,对照组索拉非尼为15.2个月") reports the same endpoint for another arm.
    """
    toks = split_rises(value_first(enumerated(toks, text), text), text)
    when = when_not_what(toks, text)
    groups: list[Group] = []
    cur: Group | None = None
    last_closed: Group | None = None
    closed_at = -1
    depth = 0
    pending_crit: list[str] = []
    pending_grade: str | None = None
    vs_flag = carried = False
    qualified: str | None = None  # the endpoint the current ratio was said to be of
    tps = timepoint_runs(toks, text)
    loose: list[Token] = []
    prev: Token | None = None
    gloss: Token | None = None  # the last endpoint read as a bracketed gloss of the one before it
    last_val: Val | None = None
    last_grouped = -1  # index of the last token a group took (timepoints come after it)
    carry = carry_words()
    routed: dict[int, Group] = {}  # listed values sent to the endpoints listed before them, in order
    # "(interquartile range [IQR] = 11.9–30.3 months)": the abbreviation and "=" may follow the words
    range_words = lx.compile_wrapped(lx.cues().value_range, r"\s{0,2}",
                                     r"[\])]?(?:\s?[\[(][A-Za-z]{1,5}[\])])?\s{0,2}[:,=]?\s{0,2}$")
    for i, tok in enumerate(toks):
        k = tok.kind
        if k == "OPEN":
            depth += 1
        elif k == "CLOSE":
            depth = max(0, depth - 1)
            outer = endpoint_after_ratio(groups, cur if cur is not None else last_closed, depth, toks, i, text) \
                or endpoint_after_aside(groups, cur if cur is not None else last_closed, depth, toks, i, text)
            if outer is not None:
                cur = outer
        elif k == "TPTRIG" and not (i - 1 in tps or i >= 2 and toks[i - 1].text == "," and i - 2 in tps
                                    or i >= 2 and toks[i - 1].kind == "LIST" and toks[i - 2].kind == "TPTRIG"
                                    and cur is not None and cur.triggers[-1] is toks[i - 2]):
            pass
        elif k in {"TRIG", "TPTRIG"}:
            assert tok.code is not None
            if cur is not None and cur.values and prev is not None and prev.kind == "OPEN" and depth > cur.depth \
                    and tok.code == cur.triggers[-1].code and cur.values[-1].tok.end <= prev.start:
                prev = tok  # "a 45.5% partial response (PR) rate": the abbreviation glosses the endpoint just read
                continue
            if cur is not None and not cur.values and _names_event(tok) and cur.triggers[-1].code == tok.code \
                    and not _names_event(cur.triggers[-1]):
                cur.triggers[-1] = tok  # "adverse events … were nausea (53.9%)": the event the rate is about
                prev = tok
                continue
            if cur is not None and not cur.values and prev is not None:
                # "ORR and DCR were …", "ORR/DCR": triggers that share values; not "CR … responses lasting"
                adjacent = prev.kind == "TRIG" and cur.triggers[-1] is prev and not text[prev.end : tok.start].strip()
                if cur.triggers[-1].code == "median_follow_up" and _follow_up_of().fullmatch(text, cur.triggers[-1].end, tok.start):
                    prev = tok  # "the median follow-up for OS was 20.3 months": the follow-up, not the OS
                    continue
                ratio_cur = kind_of(cur.triggers[-1].code or "") == "ratio"
                if ratio_cur and kind_of(tok.code) != "ratio" and _qualifies().match(text[cur.triggers[-1].end : tok.start]):
                    prev, qualified = tok, tok.code  # "HR for overall survival", "风险比(OS)": what the ratio is of
                    continue
                if ratio_cur and qualified == tok.code and prev.kind == "OPEN" and depth > cur.depth:
                    prev = tok  # "the hazard ratio for progression-free survival (PFS) was 0.72": its gloss
                    continue
                if adjacent and kind_of(tok.code) == "ratio" and kind_of(cur.triggers[-1].code or "") != "ratio":
                    cur.triggers[-1] = tok  # "PFS HR=0.51": the ratio of that endpoint
                    prev = tok
                    continue
                # "A(PFS)时间及总生存(OS)时间": the bracket glosses a word the scan left untyped after a
                # list word, so the endpoint in it is the next one of the list
                glossed = i >= 3 and prev.kind == "OPEN" and toks[i - 2].kind == "TPTRIG" and i - 3 not in tps
                if depth > cur.depth and tok.code == cur.triggers[-1].code:
                    prev = tok  # "中位无进展生存时间(median progress-free survival, mPFS)": the bracket's
                    continue  # abbreviation after an English gloss names the same endpoint again
                # "median PFS and 3-year PFS rate vs …": a timepoint may open the next listed endpoint
                # ("1、3、5年生存率和1、3、5年无进展生存率": the same landmarks listed again)
                first = landmark_run(toks, i - 1, tps) if prev.kind == "VALUE" and i - 1 in tps else i - 1
                run = toks[first:i:2]
                timed = prev.kind == "VALUE" and i - 1 in tps and first >= 1 and toks[first - 1].kind == "LIST" \
                    and tok.code in lx.timed_rates() and not text[prev.end : tok.start].strip() \
                    and not _BRACKETED.sub("", text[cur.triggers[-1].end : toks[first - 1].start]).strip(" )）]") \
                    and (len(run) == 1 or same_landmarks(run, cur.timepoints))
                joiner = toks[first - 1] if timed else prev
                listed = joiner.kind == "LIST" and tok.start - joiner.end <= _LIST_REACH * len(run) \
                    and _listed_after(text, _last_trigger_end(toks, first, cur.triggers[-1].end), joiner.start)
                if listed and timed and len(run) == 1:
                    cur.timepoints.append(prev)
                if listed or adjacent or glossed and toks[i - 3].kind == "LIST":
                    if not cur.sink and kind_of(tok.code) != "ignore":
                        cur.triggers.append(tok)
                        prev = tok
                        continue
                    if listed and (not cur.sink or kind_of(tok.code) != "ignore") and toks[i - 2] is cur.triggers[-1]:
                        # "局部无复发生存率、远处无转移生存率、无病生存率和总生存率分别为a、b、c和d": an
                        # outcome with no code keeps its place in the list, and gets no record
                        cur.sink = False
                        cur.triggers.append(tok)
                        prev = tok
                        continue
                if (prev.kind == "OPEN" or prev is gloss) and depth > cur.depth and not glossed and (
                        kind_of(tok.code) == kind_of(cur.triggers[-1].code or "")
                        or cur.triggers[-1].kind == "TPTRIG" and _family(tok.code) == _family(cur.triggers[-1].code or "")):
                    # ("3-year progression-free survival (PFS)": the rate's survival named again)
                    prev = gloss = tok  # "疾病控制率(DCR)", "ORR (CR+PR)", "疾病控制率(完全缓解+部分缓解+…)":
                    continue  # a gloss, not a new endpoint ("总生存期(HR=0.72" opens the HR: another kind)
            sink = kind_of(tok.code) == "ignore"
            if pending_grade is None and _names_event(tok) and groups and groups[-1].triggers[0].code == tok.code:
                pending_grade = groups[-1].grade  # "Grade ≥3 AEs: neutropenia (…), anemia (…)"
            elif pending_grade is None and cur is not None and not cur.values and cur.triggers[0].code == tok.code:
                pending_grade = cur.grade  # "在不良事件方面, …, 3级及以上不良事件发生率": the grade before it
            cur = Group([tok], depth, list(pending_crit), pending_grade, sink=sink)
            cur.timepoints = [toks[j] for j in sorted(tps) if last_grouped < j < i] if tps else []
            if not cur.timepoints and tok.code in lx.timed_rates() and groups:
                cur.timepoints = shared_timepoints(groups[-1], tok, text)
            last_grouped = i
            pending_crit, pending_grade = [], None
            groups.append(cur)
            vs_flag = False
        elif k == "VALUE" and i in tps:
            pass
        elif k == "VALUE" and i in when and not (cur is not None and cur.triggers[0].code in lx.timed_rates()):
            pass
        elif k == "VALUE" and tok.unit_kind == "study":
            pass  # "64% (6 studies; n = 289)": how many studies pooled it; the n after it is the value's
        elif k == "VALUE" and _P_WORDS.search(text, max(0, tok.start - 28), tok.start):
            pass  # "(P for interaction 0.009)": a p value the scan could not read as one
        elif k == "VALUE" and tok.unit_kind == "time" and _difference_after().match(text, tok.end):
            pass  # "the median PFS was 2.8 months longer with fulvestrant": a gain, not a median
        elif k == "VALUE" and prev is not None and prev.kind in {"OPEN", "CLOSE", "SEP"} \
                and _opens_range(text, tok.start, range_words):
            pass  # "(range 1.2-14.5)", "(range, 0.5 to 41)", "(范围35~80岁)": the spread of individual values
        elif k == "VALUE" and i in routed:
            # "观察组缓解率为a、控制率为b,高于对照组c、d": each listed value is the other side of its endpoint's
            target, vs_flag, carried = routed[i], True, True
            val = Val(tok, list(target.crit), True, carried=True)
            target.values.append(val)
            last_grouped, last_val = i, val
        elif k == "VALUE":
            target = cur
            if target is not None and target.repeats and len(target.values) >= target.repeats:
                # a repeated run has all its values: the next value is no more of it
                last_closed, closed_at, cur, target = target, target.values[-1].tok.end, None, None
            if (target is not None and target.values and kind_of(target.triggers[0].code or "") == "ratio"
                    and new_pair(toks, i) and toks[i + 2].unit_kind in {"time", "percent"}):
                target = None  # "(HR, 1.51 […]) and 10.8 versus 10.1 months": a new pair, not a ratio
            if target is not None and target.values and not vs_flag and not target.values[-1].vs \
                    and tok.start - target.values[-1].tok.end <= 40 \
                    and (carry.search(text, target.values[-1].tok.end, tok.start) or with_label(toks, i, text)):
                vs_flag = True  # "86.00%(43/50)显著高于对照组的62.22%": a comparison inside the clause
            if target is None and last_closed is not None and not last_closed.sink:
                between = text[max(closed_at, tok.start - 40) : tok.start]  # bounded: linear on long lists
                # "…在安慰剂组为80.9%,相应的高分级患者则分别为a和b": the same arms again, not the other side
                # ("对照组分别为" names another arm: a label token stands there, and the carry reads it)
                again = len(last_closed.values) >= 2 and prev is not None and prev.kind == "RESP" \
                    and i >= 2 and toks[i - 2].kind == "SEP" and subset_clause(text, closed_at, tok.start)
                # "…were 76.0% and 67.8%, respectively; corresponding rates with the placebo regimen were
                # 69.9% and 59.8%": the same endpoints and timepoints again, for another arm
                again = again or len(last_closed.values) >= 2 and corresponding_clause(text, closed_at, tok.start)
                # "(6.1 versus 4.4 and 3.9 months, respectively, P = 0.013), and … first line (6.9 versus 4.2
                # and 4.7 months, respectively …)": a run as long as the closed one, with its own
                # "respectively", is the same endpoints again for another subset
                again = again or same_run_again(last_closed, toks, i)
                if last_closed.repeats and len(last_closed.values) >= last_closed.repeats and not again \
                        and not subset_clause(text, closed_at, tok.start) and not parallel_clause(text, closed_at, tok.start):
                    pass  # a repeated run is complete: "… and an OIFI ≥ 4 months (7.2 versus …": no value of it
                elif not again and (vs_flag or carry.search(between) or subject_clause(text, closed_at, tok.start, subjects or [])
                                    or compared_on(last_closed, toks, i, text) or with_label(toks, i, text)) \
                        and not stray_value_before(toks, i, last_closed.values[-1].tok if last_closed.values else None, text):
                    target, vs_flag, carried = last_closed, True, True
                    run = value_run(toks, i)
                    prior = groups[-len(run):] if 2 <= len(run) <= len(groups) else []
                    if prior and prior[-1] is last_closed and all(
                            len(g.triggers) == 1 and len(g.values) == 1 and not g.values[0].vs and not g.sink
                            and accepts(g.triggers[0].code or "", toks[j]) for g, j in zip(prior, run)):
                        routed.update({j: g for j, g in zip(run[1:], prior[1:])})
                        target = prior[0]
                    if len(target.triggers) > 1 or len(target.timepoints) > 1 or target.resp and len(target.values) >= 2:
                        cur = target  # the clause's next values are that arm's, in the same order
                elif listing(last_closed) and joined(text, closed_at, tok.start):
                    target = last_closed  # "… were 0.77 (P = .002), and 0.69": one more listed value
                    closed_at = tok.end  # the next listed value is measured from this one
                elif own_landmark(last_closed, toks, i, text, closed_at):
                    cur = target = last_closed  # the landmark joins the rate's, its value follows
                elif len(last_closed.values) >= 2 and (again or subset_clause(text, closed_at, tok.start)) \
                        or len(last_closed.values) == 1 and tok.unit == last_closed.values[0].tok.unit \
                        and (kind_of(last_closed.triggers[0].code or "") == "duration" and parallel_clause(text, closed_at, tok.start)
                             or kind_of(last_closed.triggers[0].code or "") in {"duration", "rate"}
                             and subset_clause(text, closed_at, tok.start)):
                    # "ORR与DCR分别为a、b;三线治疗时为c、d", "中位OS在全分析集分别为…,在意向治疗集分别为…",
                    # "五年存活率為63.0%,第二期為74.1%": the same endpoints again, for another subset
                    triggers = list(last_closed.triggers)
                    if corresponding_clause(text, closed_at, tok.start):
                        # another arm, named in this clause: its endpoints stand where the clause opens
                        triggers = [replace(t, start=closed_at, end=closed_at) for t in triggers]
                    cur = target = Group(triggers, last_closed.depth, list(last_closed.crit),
                                         last_closed.grade, resp=last_closed.resp, repeats=len(last_closed.values))
                    cur.timepoints = list(last_closed.timepoints)
                    groups.append(cur)
            if target is None and groups and new_pair(toks, i):
                # "…7.9 versus 11.3 months in subgroup A (HR …) and 10.8 versus 10.1 months in subgroup B":
                # a pair with no endpoint of its own continues the sentence's last endpoint of its unit
                unit_tok = tok if tok.unit is not None else toks[i + 2]
                # (not across a line break: "… overall survival (64.8% vs. 53.6%)\nSecondary outcomes\nSignificant
                # decrease in time to castration (35% vs. 60%)" is another item of a list)
                target = next((g for g in reversed(groups) if not g.sink and kind_of(g.triggers[0].code or "") in {"duration", "rate"}
                               and any(accepts(t.code or "", unit_tok) for t in g.triggers) and unit_tok.unit is not None
                               and "\n" not in text[g.triggers[-1].end : tok.start]), None)
                vs_flag = False
                if target is not None:
                    cur = target  # the pair's second value follows it there
            if target is not None and not target.values and tok.unit_kind == "percent":
                as_rate(target, tok, text)  # "OS was 70% at 12 months": the endpoint's rate at that time
            if (
                target is not None
                and last_val is not None
                and prev is not None
                and prev.kind == "OPEN"
                and not text[prev.end : tok.start].strip()
                and tok.value_high is not None
                and tok.unit in {None, last_val.tok.unit}
            ):
                last_val.ci = (None, tok.value, tok.value_high)  # "5.4个月(3.9~7.1个月)": an unlabelled CI
            elif target is not None and (target.sink or any(accepts(t.code or "", tok) for t in target.triggers)):
                rise = bool(target.values) and rises(text, target.values[-1].tok, tok)
                val = Val(tok, list(target.crit), vs_flag or rise, carried=carried, rise=rise)
                last_grouped = i
                if not target.sink:
                    target.values.append(val)
                last_val = val
            elif target is not None and tok.unit_kind == "time" and target.triggers[0].code in lx.timed_rates():
                # "OS rate at 12 months was 50%"; "OS rates at 12, 24, and 36 months": the bare numbers
                # listed right before the timepoint, no value of the group, share its unit
                bare = bare_listed_before(toks, i, tok) if all(v.tok.unit is None for v in target.values) else []
                if bare and {id(v.tok) for v in target.values} <= {id(t) for t in bare}:
                    target.values = []  # read as unit-less values of the rate until the unit came
                    target.timepoints.extend(bare)
                target.timepoints.append(tok)
            elif tok.unit_kind == "count":
                loose.append(tok)
                last_val = None
            elif bare_count(tok, prev, text, subjects or [], counted=bool(loose)):
                tok.unit, tok.unit_kind = "patients", "count"  # "250 were randomly assigned", "placebo (163)"
                loose.append(tok)
                last_val = None
            else:
                last_val = None
            vs_flag = carried = False
        elif k == "TPNUM" and cur is not None and cur.values and cur.triggers[0].code in lx.timed_rates() \
                and i not in tps:
            cur.timepoints.append(tok)  # "27.2% were alive at two years, 16% at three years"
        elif k == "VS":
            vs_flag = prev is not None and prev.kind in {"VALUE", "CLOSE", "CI", "SEP"}
        elif k == "RESP" and (cur is not None or last_closed is not None):
            (cur or last_closed).resp = True  # type: ignore[union-attr]
        elif k == "CRIT":
            if cur is not None and (cur.values or depth > cur.depth):
                cur.crit = cur.crit + [tok.code or ""] if prev is not None and prev.kind == "LIST" and prev is not None and cur.crit and not cur.values else [tok.code or ""]
            else:
                pending_crit.append(tok.code or "")
        elif k == "GRADE":
            if cur is not None and cur.triggers[0].code == "AE_rate" and cur.grade is None:
                cur.grade = tok.code
            else:
                pending_grade = tok.code
        elif k == "CI" and last_val is not None and prev is not None and prev.kind in {"VALUE", "OPEN", "SEP"}:
            last_val.ci = (tok.extra[0], tok.extra[1], tok.extra[2])
        elif k == "P":
            target = cur or last_closed
            if target is not None and tok.value is not None:
                _attach_p(target, (tok.code or "=", tok.value), groups, int(tok.extra[0]) if tok.extra else None)
        elif k == "FRAC":
            if last_val is not None and prev is not None and prev.kind == "OPEN":
                last_val.n = int(tok.extra[1] or 0)  # "ORR 30% (3/10)": n of the rate, and a group size
            loose.append(tok)
        elif k == "NEQ":
            if last_val is not None and prev is not None and prev.kind in {"OPEN", "SEP"} and depth > 0:
                last_val.n = int(tok.value or 0)  # "ORR 27.3% (…, n = 120)": the rate's n, and a group size
            loose.append(tok)
        elif k == "SEP":
            if cur is not None and depth <= cur.depth:
                if tok.text == "," and not cur.values and cur.idle_commas < _IDLE_COMMAS:
                    cur.idle_commas += 1
                elif tok.text == "," and cur.values and _listed_next(toks, i, cur.values[-1].tok, text, kind_of(cur.triggers[0].code or "")) \
                        and not (len(cur.values) >= 2 and respectively_next(toks, i)):
                    pass  # "OS was 72%, 60%, and 47%, respectively": a comma inside a list of values
                else:
                    last_closed, closed_at, cur = cur, tok.end, None
            elif cur is None and last_closed is not None and last_closed.values and last_closed.values[-1].tok is prev:
                closed_at = tok.end  # "…,在安慰剂组为80.9%,相应的…则分别为": the clause after the carried value
            if tok.text in ";。!?" and depth == 0:
                pending_crit, pending_grade = [], None
                if tok.text != ";" or cur is None:
                    last_closed = last_closed if tok.text == ";" else None
                    if last_closed is not None:
                        closed_at = tok.end  # "…, respectively; with placebo, these rates were …": a new clause
        if k not in {"MARK", "STAT"}:  # citation marks and test statistics stand between nothing
            prev = tok
    spread_compared(groups, text)
    items: list[Item] = []
    for gi, g in enumerate(groups):
        if not g.sink and (not g.repeats or len(g.values) == g.repeats):
            items.extend(finish(g, gi, len(items)))
    return items, loose


def _family(code: str) -> str:
    """The survival an endpoint code is about: mPFS and PFS_rate are both PFS."""
    return code.removesuffix("_rate").removeprefix("m")


@cache
def _follow_up_of() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().follow_up_of, r"\s{1,2}", r"\s{1,2}(?:the\s)?")


@cache
def _qualifies() -> regex.Pattern[str]:
    words = lx.surface_alt(lx.cues().ratio_qualifiers)
    return regex.compile(r"^\s{0,2}(?:" + words + r")?\s{0,2}(?:the\s)?[(\[]?\s{0,2}$")


_IDLE_COMMAS = 3  # commas an endpoint may wait across before its values: "for the A, B, and C regimens were"


def _listed_next(toks: list[Token], i: int, last: Token, text: str, kind: str) -> bool:
    """Whether the comma at ``i`` is followed, with nothing but an optional list word between,
    by another value of the unit of the group's last value: one more item of a value list
    ("72%, 60%, and 47%"), not a new clause."""
    j = i + 1
    if j < len(toks) and toks[j].kind == "LIST":
        j += 1
    if j >= len(toks) or toks[j].kind != "VALUE":
        return False
    if last.unit is None and kind == "ratio":
        if toks[j].unit is not None or "." not in toks[j].text:
            return False  # "HR was 0.21 (95% CI …), 0.24 (…) and 0.22 (…)": ratios listed
    elif last.unit is None:  # "were 5, 4, and 5 months": bare numbers before the one that names the unit
        if not (kind in {"duration", "rate"} and regex.fullmatch(r"\d+(?:\.\d+)?", last.text)
                and (toks[j].unit is None or toks[j].unit_kind in {"time", "percent"})):
            return False
    elif toks[j].unit != last.unit:
        return False
    gap = text[toks[i].end : toks[j].start]
    if j == i + 2:
        gap = gap.replace(toks[i + 1].text, "", 1)
    return not gap.strip() and (j + 1 == len(toks) or toks[j + 1].kind != "TRIG")


def _names_event(tok: Token) -> bool:
    """Whether a trigger names one adverse event ("anemia", "恶心呕吐"), not adverse events at large."""
    return tok.code == lx.NAMED_EVENT and tok.text.casefold() in lx.named_events()


@cache
def _difference_after() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().difference_after, r"\s{1,2}", r"(?![A-Za-z])")


_P_WORDS = regex.compile(r"(?<![A-Za-z])[Pp]\s(?:for\s(?:interaction|trend|heterogeneity)|value)\s{0,2}[:=]?\s{0,2}$")


def _attach_p(g: Group, p: tuple[str, float], groups: list[Group], place: int | None = None) -> None:
    """A P value tests the latest comparison of its group (both sides get it).

    After a lone hazard ratio ("vs 13.4 months; HR 0.66, p<0.001") it also tests the
    compared pair just before, which the HR summarises. The ``place``-th of listed P values
    ("ORR、DCR为a、b,高于对照组的c、d(P = 0.007、0.035)") tests the place-th endpoint's pair.
    """
    vals = g.values
    n = len(g.triggers)
    if place is not None and n >= 2 and len(vals) == 2 * n and place < n:
        for k in range(place, len(vals), n):
            vals[k].p = p
    elif len(vals) >= 2 and vals[-1].vs:
        vals[-1].p = vals[-2].p = p
    elif len(vals) == 2 and g.resp and len(g.triggers) == 1:
        vals[0].p = vals[1].p = p  # "A组和B组的ORR分别为a和b(P=0.046)": the two arms' comparison
    elif vals:
        vals[-1].p = p
        if g.triggers[0].code == "HR" and len(vals) == 1:
            idx = next(k for k in range(len(groups) - 1, -1, -1) if groups[k] is g)
            if idx > 0:
                before = groups[idx - 1].values
                if len(before) >= 2 and before[-1].vs and before[-1].p is None:
                    before[-1].p = before[-2].p = p
    else:
        g.p = p


