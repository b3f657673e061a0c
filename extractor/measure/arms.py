"""Which arm each value belongs to.

A single value takes the nearest subject before its trigger that is neither a prior
line nor the comparator side ("Nivolumab单药治疗一线索拉非尼耐药HCC患者…ORR为21%"
-> nivolumab). A compared pair takes (left, right): when the nearest subject is the
cued one ("仑伐替尼…非劣效于索拉非尼(13.6 vs 12.3)") it is the right side and the
subject before it the left; otherwise the nearest is the left and a cued subject
after the values ("…显著优于单药组") the right. Listed values ("分别为13%和32%")
take the parts of the nearest phrase with as many parts, else the last subjects.
Group labels resolve to a drug phrase when their words say which ("联合组" -> the
combination, "单药组" -> the single drug, "A组" -> the regimen all cohorts got),
else stay labels. With no subject in the sentence, the paragraph's most recent one
is used (see ``context.walk_back``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.subjects import Subject


@dataclass(slots=True)
class Arm:
    drugs: list[str]
    label: str | None = None
    words: tuple[int, int] | None = None  # absolute view span of the label, to slice it as written


NO_ARM = Arm([])
# a count in brackets right after what it counts: "A (n=246)", "26.7%(12/45)"
# "A (n=246)", "A (246)"; inside a bracket of arms "(NALIRIFOX, n=383; Gem+NabP, n=387)" the
# count token opens with its "n=" (see count_arms)
OWN_COUNT = regex.compile(r"\s{0,2}(?:[(（]\s{0,2}(?:[nN]\s{0,2}=\s{0,2})?|[,，:：]\s{0,2}[nN]\s{0,2}=\s{0,2})$")
OWN_N_AFTER_COMMA = regex.compile(r"\s{0,2}[,，:：]\s{0,2}$")
CLAUSE = regex.compile(r"[,;。]")


def same_clause(text: str, lo: int, hi: int) -> bool:
    """No clause punctuation between ``lo`` and ``hi`` outside brackets ("13.4 months (95% CI,
    11.4-16.9) with sorafenib" is one clause); farther than 120 characters is another clause."""
    return hi - lo <= 120 and not CLAUSE.search(BRACKETS.sub("", text[lo:hi]))


_POST_REACH = 8  # subjects looked at after a compared pair for its cued right side
_PRE_REACH = 8  # subjects looked at before a compared pair


_NEW_CLAUSE = regex.compile(r"[,;，；]\s{0,2}(?:但|而|but\s|whereas\s|while\s)")


@cache
def _listed_pair() -> regex.Pattern[str]:
    # "patients treated with A or B was 12.6 versus 7.7 months": before a compared pair, "or"
    # lists the two arms as "and" does
    words = [*lx.coordinators(), *lx.cues().choice_words]
    return regex.compile(r"\s{0,2}(?:" + lx.surface_alt(words) + r")\s{0,2}")


def weak_connector() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().weak_connectors)


BRACKETS = regex.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")


def is_cohort(label: str) -> bool:
    head = label.strip()
    return (len(head) >= 2 and head[0].isascii() and head[0].isupper() and not (head[1].isascii() and head[1].isalpha())) or (
        head[-1:].isascii() and head[-1:].isupper() and head[-2:-1] == " "
    )


def resolve(sub: Subject, pool: list[Subject]) -> Arm:
    """The arm a subject stands for; ``pool`` holds earlier subjects (nearest last)."""
    if sub.label is None:
        return Arm(sub.drugs, sub.group, sub.written() if sub.group else None)
    # a lettered group an earlier sentence gave its drugs ("B组采用X" read back): those, not the
    # nearest phrase (which may be the other letter's)
    named = [p for p in pool if p.label is None and p.group and p.start < sub.start
             and p.group.strip().casefold() == sub.label.strip().casefold()] if is_cohort(sub.label) else []
    if named:
        return Arm(named[-1].drugs, sub.label, sub.written())
    cues = lx.cues()
    count = next((n for w, n in cues.label_drug_counts.items() if w in sub.label.casefold()), None)
    if count is not None and count >= 2:
        # "the doublet" vs "the triplet": the phrase (or part of one) with that many drugs
        phrases = [p for p in pool if p.label is None and not p.prior and p.start < sub.start]
        hits = [list(dict.fromkeys(part)) for p in phrases for part in p.parts if len(set(part)) == count]
        if hits:
            return Arm(hits[-1], sub.label, sub.written())
    combination = any(c in sub.label for c in cues.label_combination)
    monotherapy = not combination and any(c in sub.label for c in cues.label_monotherapy)
    if not (combination or monotherapy or is_cohort(sub.label)):
        return Arm([], sub.label, sub.written())  # "placebo", "对照组": no drugs to look for
    phrases = [p for p in pool if p.label is None and not p.prior and p.start < sub.start]
    # a phrase of several arms ("A联合B(联合组)与C(C组)") offers each part: the label picks one
    if combination:
        hits = [list(dict.fromkeys(part)) for p in phrases for part in p.parts if len(set(part)) >= 2]
    elif monotherapy:
        hits = [list(dict.fromkeys(part)) for p in phrases for part in p.parts if len(set(part)) == 1]
    elif is_cohort(sub.label):
        hits = [p.drugs for p in phrases]
    else:
        hits = []
    if hits:
        return Arm(hits[-1], sub.label, sub.written())
    return Arm([], sub.label, sub.written())


def is_control(label: str | None) -> bool:
    """Whether a group label names a control arm (对照组, placebo, chemotherapy alone …)."""
    return label is not None and bool(_control_words().search(label))


@cache
def _control_words() -> regex.Pattern[str]:
    c = lx.cues()
    # a group the drug was not given to ("不含X组") is the comparison's drug-free side
    return regex.compile(lx.surface_alt(c.control_arms + c.control_words + c.negated_drug_before))


def usable(subs: list[Subject]) -> list[Subject]:
    return [s for s in subs if not s.prior]


def single(
    subs: list[Subject],
    trigger_pos: int,
    fallback: list[Subject],
    value_end: int | None = None,
    text: str = "",
    *,
    count: bool = False,
    ratio: bool = False,
    value_start: int | None = None,
) -> Arm:
    pre = usable([s for s in subs if s.end <= trigger_pos])
    pool = fallback + subs
    if value_start is not None and not ratio:
        # "…组未达到中位DFS,而安慰剂组为19.6个月": the subject of the value's own clause, joined to it
        # by a copula only, whatever clause the endpoint was named in
        own = next((s for s in reversed(usable(subs)) if trigger_pos <= s.start and s.end <= value_start), None)
        if own is not None and not own.cued and (_copula_only().fullmatch(text, own.end, value_start)
                                                 or _OWN_BRACKET.fullmatch(text, own.end, value_start)):
            return resolve(own, pool)  # also "…高于B组(65.1%)和C组(46.1%)": the group right before its bracket
        if own is not None and not own.cued and CLAUSE.search(text, trigger_pos, own.start) \
                and not CLAUSE.search(text, own.end, value_start) and _respectively().search(text, own.end, value_start):
            # "甲组的ORR和DCR分别为…,乙组分别为35.3%和60.6%": the endpoints named clauses ago, the
            # group of the value's own "respectively" clause
            return resolve(own, pool)
    if value_end is not None and value_start is not None and all(
            _for_before().search(text, max(0, s.start - 32), s.start) for s in usable(subs) if s.start < value_start):
        # "…were neutropenia (88.4%), anaemia (49.3%) … for AI and neutropenia (79.5%) … for GD": in a
        # sentence naming no arm before its values, each list belongs to the arm named after it
        nxt = next((s for s in usable(subs) if s.start >= value_end), None)
        if nxt is not None and not nxt.cued and nxt.start - value_end <= _FOR_REACH \
                and _for_before().search(text, max(0, nxt.start - 32), nxt.start) \
                and not _SENTENCE_BREAK.search(text, value_end, nxt.start) \
                and not _NOT_A_LIST.search(text, value_end, nxt.start):
            return resolve(nxt, pool)
    if value_end is not None:  # "The ORR in the lenvatinib arm was 24%": the subject between trigger and value
        inner = [
            s for s in usable(subs)
            if trigger_pos <= s.start and s.end <= value_end and not s.cued and not CLAUSE.search(text[trigger_pos : s.start])
        ]
        if inner:
            # "not reached with alectinib versus 57.4 months with crizotinib": the subject before a
            # comparison word is the other side; the one right after the value is this value's
            if _comparison().search(text, inner[-1].end, value_end):
                nxt = next((s for s in usable(subs) if s.start >= value_end), None)
                if nxt is not None and not nxt.cued and label_after().fullmatch(text, value_end, nxt.start):
                    return resolve(nxt, pool)
            return resolve(inner[0], pool)
    plain = [s for s in pre if not s.cued]
    if ratio:  # a hazard ratio or a risk reduction is the experimental arm's, not the control's
        plain = [s for s in plain if s.label is None] or [s for s in plain if not is_control(s.label)] or plain
        if len(plain) >= 2 and text and _comparison().search(text, plain[-2].end, plain[-1].start):
            return resolve(plain[-2], pool)  # "… with alectinib versus 57.4 months with crizotinib (HR 0.67"
        if len(plain) >= 2 and set(plain[-1].drugs) < set(plain[-2].drugs):
            return resolve(plain[-2], pool)  # "A和B联合疗法…而B单药…(HR 0.569)": the add-on arm's ratio
    if plain and value_end is not None and value_start is not None and not ratio \
            and _comparison().search(text, plain[-1].end, value_start):
        # "… with niraparib was 21.0 months, compared to 5.5 months for control": after a comparison
        # word, the value whose own subject follows it is that subject's, not the other side's
        nxt = next((s for s in usable(subs) if s.start >= value_end), None)
        if nxt is not None and not nxt.cued and label_after().fullmatch(text, value_end, nxt.start):
            return resolve(nxt, pool)
    if plain:
        return resolve(plain[-1], pool)
    if pre:
        return resolve(pre[-1], pool)
    if value_end is not None:  # "25例…患者…接受Ipilimumab联合Nivolumab", "ORR was 30% with nivolumab"
        post = [
            s
            for s in usable(subs)
            if s.start >= value_end and not s.cued and s.label is None and same_clause(text, value_end, s.start)
        ]
        if post:
            return resolve(post[0], pool)
        # "Median OS was 6.5 months in the control group": a group label right after the value
        nxt = next((s for s in usable(subs) if s.start >= value_end), None)
        if nxt is not None and nxt.label is not None and not nxt.cued and label_after().fullmatch(text, value_end, nxt.start):
            return resolve(nxt, pool)
    fb = [s for s in usable(fallback) if s.label is None and not s.cued]
    if not fb:
        fb = usable(fallback)
        if len({s.label for s in fb}) >= _STRATA:
            fb = []  # "分为高危组、中危组、低危组": strata listed before say nothing of a value after them
    if fb:
        return resolve(fb[-1], pool)
    if value_end is not None and count:  # "纳入…91例患者,经瑞戈非尼二线治疗后": the treatment named later
        later = [s for s in usable(subs) if s.start >= value_end and not s.cued and s.label is None]
        arms = {tuple(p) for s in later for p in s.parts}
        others = [s for s in usable(subs) if s.start >= value_end and (s.cued or s.label is not None)]
        if len(arms) == 1 and not others:  # "…,優於標準療法的26.9個月": a total over both arms  # "纳入355例…,分别接受A单药和A联合B": a cohort over several arms has none
            return Arm(list(dict.fromkeys(arms.pop())))
    return NO_ARM


_STRATA = 2


_PLURAL_ARMS = regex.compile(r"\s{0,2}(?:arms|groups|cohorts)\b")


def parts_of(s: Subject, text: str) -> list[list[str]]:
    """The arms a drug phrase names: its parts, or one per drug when the phrase is followed by a
    plural group noun ("in the fulvestrant and anastrozole arms": two arms, not a combination)."""
    if len(s.parts) == 1 and len(set(s.drugs)) >= 2 and _PLURAL_ARMS.match(text, s.end):
        return [[d] for d in dict.fromkeys(s.drugs)]
    return s.parts


def compared(subs: list[Subject]) -> bool:
    """Whether a sentence's subjects set two arms against each other."""
    return _compared(subs)


def _compared(subs: list[Subject]) -> bool:
    """Whether ``subs`` hold two sides of a comparison: a comparator and another arm."""
    live = usable(subs)
    cued = {arm_key(s) for s in live if s.cued and (s.drugs or s.label)}
    plain = {arm_key(s) for s in live if not s.cued and (s.drugs or s.label)}
    return bool(cued) and bool(plain - cued)


def arm_key(s: Subject) -> tuple[str, ...]:
    return tuple(s.drugs) or (s.label or "",)


def two_arms(subs: list[Subject]) -> bool:
    """Whether ``subs`` name two arms: a comparison, "A或B" alternatives, or two different subjects."""
    live = usable(subs)
    return _compared(subs) or any(len(s.parts) >= 2 for s in live) or len({arm_key(s) for s in live}) >= 2


def sides(fallback: list[Subject]) -> tuple[Arm, Arm] | None:
    """The two arms an earlier sentence set against each other, or None: its only two, else its
    last two when they end on a control ("用于索拉非尼或FOLFOX失败之后…接受阿帕替尼或安慰剂")."""
    got = sides_of(fallback, fallback)
    if got is not None:
        return got
    live = usable(fallback)
    if len(live) >= 2 and is_control(live[-1].label) and live[-2].label is None and live[-2].drugs:
        return resolve(live[-2], fallback), resolve(live[-1], fallback)
    return None


def sides_of(subs: list[Subject], pool: list[Subject]) -> tuple[Arm, Arm] | None:
    """The two arms a sentence sets against each other ("X was compared with Y", "randomized to
    X or Y", "X与Y"), first named first; None unless it names exactly two."""
    live = usable(subs)
    if len(live) == 1 and live[0].label is None and len(live[0].parts) == 2:
        pa, pb = live[0].parts
        return Arm(list(dict.fromkeys(pa))), Arm(list(dict.fromkeys(pb)))
    firsts: dict[tuple[str, ...], Subject] = {}
    for s in live:
        firsts.setdefault(arm_key(s), s)
    if len(firsts) == 3:  # "A plus B … or placebo plus B": the placebo and the backbone are one arm
        a, ctl, base = firsts.values()
        if a.label is None and base.label is None and is_control(ctl.label) and base.drugs \
                and set(base.drugs) < set(a.drugs):
            return resolve(a, pool), Arm(list(base.drugs), ctl.label)
    if len(firsts) != 2:
        return None
    a, b = firsts.values()
    if a.cued and not b.cued:  # "与安慰剂相比，X…": the cued one is the comparator side
        a, b = b, a
    return resolve(a, pool), resolve(b, pool)


def pair(
    subs: list[Subject],
    trigger_pos: int,
    values_end: int,
    fallback: list[Subject],
    *,
    values_start: int = 0,
    second_start: int | None = None,
    text: str = "",
    first_start: int | None = None,
    starts: list[int] | None = None,
) -> tuple[Arm, Arm]:
    pool = fallback + subs
    if all(s.prior for s in subs):  # "Median OS was 10.2 vs 8.0 months" after "X was compared with Y": those two
        sides = sides_of(fallback, pool)
        if sides is not None:
            return sides
    if starts is None:
        starts = [s.start for s in subs]  # subjects are sorted by start: slices, not scans, per pair
    # subjects before the first value, the trigger's own included ("median OS with X was a vs b");
    # the nearest few only, so a sentence of thousands of pairs stays linear
    bound = trigger_pos if first_start is None else max(trigger_pos, first_start)
    k = bisect_right(starts, bound)
    pre = usable(subs[max(0, k - _PRE_REACH) : k])
    pre = [s for s in pre if s.end <= bound]
    after = bisect_left(starts, values_end)
    # the comparator named after the values ("…显著优于单药组"): the first cued subject within reach
    # (not past a new clause's own subject: "…(38.46% vs. 20.00%,P>0.05),但试验组获益率明显高于对照组")
    near = usable(subs[after : after + _POST_REACH])
    post = [s for s in near if s.cued][:1]
    if post and near[0] is not post[0] and not near[0].cued and _NEW_CLAUSE.search(text, values_end, near[0].start):
        post = []
    # "…为22.1个月,对照组索拉非尼为15.2个月": a subject between the two values names the right side
    mid = []
    if second_start is not None:
        mid = usable(subs[bisect_left(starts, values_start) : bisect_left(starts, second_start)])
    if pre and not post and mid and not pre[-1].cued:
        right = ([s for s in mid if s.label is None] or mid)[-1]
        for s in mid:
            s.cued = True  # the comparator side: later values of the paragraph are not about it
        return resolve(pre[-1], pool), resolve(right, pool)
    if pre and pre[-1].cued:
        right = pre[-1]
        lefts = [s for s in pre[:-1] if not s.cued and (s.drugs != right.drugs or s.label != right.label)]
        left = resolve(lefts[-1], pool) if lefts else single([], 0, fallback)
        return left, resolve(right, pool)
    if len(pre) >= 2 and not post and not mid and not pre[-2].cued and _listed_pair().fullmatch(text, pre[-2].end, pre[-1].start):
        # "诱导组和同期组5年总生存率(83.1% vs 83.0%)", "median PFS for vorasidenib and placebo was 27.7 vs 11.1"
        return resolve(pre[-2], pool), resolve(pre[-1], pool)
    if len(pre) >= 2 and not post and not mid and not pre[-1].cued and not pre[-2].cued and pre[-2].drugs \
            and is_control(pre[-1].label) and not is_control(pre[-2].label) \
            and _same_clause_or_list(text, pre[-2].end, pre[-1].start):
        # "… not reached in the X group and 42 months in the placebo group, rates were 59% vs 40%":
        # a pair after the two arms the sentence just named takes them in that order
        return resolve(pre[-2], pool), resolve(pre[-1], pool)
    if pre and pre[-1].label is None and len(parts_of(pre[-1], text)) == 2 and not post:
        a, b = parts_of(pre[-1], text)  # "瑞戈非尼联合PD-1单抗组与瑞戈非尼单药组的mOS为13.4个月比9.9个月"
        return Arm(list(dict.fromkeys(a))), Arm(list(dict.fromkeys(b)))
    listed = _pair_named_after(subs[after : after + 2], values_end, text)
    if listed is not None and (not pre or _respectively_after(text, listed[2].end)):
        # "Median OS was 11.1 versus 9.2 months in the NALIRIFOX and Gem+NabP groups respectively"
        return listed[0], listed[1]
    if pre:
        left = resolve(pre[-1], pool)
    elif second_start is not None:  # "19.2 months with A vs 13.4 months with B"
        after_a = [s for s in mid if not s.cued]
        after_b = [s for s in usable(subs[after : after + 1])
                   if same_clause(text, values_end, s.start)
                   or (s.start - values_end <= 160 and _LIST_TAIL.fullmatch(text, values_end, s.start))]
        if after_a and after_b:
            return resolve(after_a[0], pool), resolve(after_b[0], pool)
        left = single([], 0, fallback)
    else:
        left = single([], 0, fallback)
    if post:
        return left, resolve(post[0], pool)
    # "a vs b months with placebo": the subject right after the second value; else the
    # comparator cued before ("与索拉非尼相比，仑伐替尼…a对比b")
    tail = [s for s in usable(subs[after : after + 1]) if same_clause(text, values_end, s.start)]
    cued = [s for s in pre if s.cued]
    for cand in tail + cued[-1:]:
        other = resolve(cand, pool)
        if (other.drugs, other.label) != (left.drugs, left.label):
            cand.cued = True  # the comparator side: later values of the sentence are not about it
            return left, other
    return left, NO_ARM


def _same_clause_or_list(text: str, lo: int, hi: int) -> bool:
    """Nothing but a short stretch of one sentence between two subjects (no full stop)."""
    return 0 <= hi - lo <= 80 and not regex.search(r"[.。;；]\s", text[lo:hi] + " ")


def _pair_named_after(nxt: list[Subject], values_end: int, text: str) -> tuple[Arm, Arm, Subject] | None:
    """The two arms named right after a pair of values, in order: one phrase of two parts ("in
    the nivolumab and sunitinib groups") or two subjects joined by "and"/"和"."""
    live = [s for s in nxt if not s.prior]
    if not live or not same_clause(text, values_end, live[0].start):
        return None
    first = live[0]
    if first.label is None and len(parts_of(first, text)) == 2:
        a, b = parts_of(first, text)
        return Arm(list(dict.fromkeys(a))), Arm(list(dict.fromkeys(b))), first
    if len(live) == 2 and _listed_pair().fullmatch(text, first.end, live[1].start):
        return resolve(first, live), resolve(live[1], live), live[1]
    if len(live) == 2 and _vs_only().fullmatch(text, first.end, live[1].start) and _respectively_after(text, live[1].end):
        return resolve(first, live), resolve(live[1], live), live[1]  # "… in the D-Rd vs Rd arm, respectively"
    return None


@cache
def _vs_only() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().value_comparison, r"\s{0,2}", r"\s{0,2}")


def _respectively_after(text: str, pos: int) -> bool:
    return lx.compile_alt(lx.cues().respectively).search(text[pos : pos + 24]) is not None




@cache
def _respectively() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().respectively)


# "10.9% (7.6-14.8), 4.4% (2.4-7.2), and 1.9% (0.6-4.4) with radiotherapy alone": the rest of a list
# of values (numbers, their intervals, commas, "and") before the subject they all share
_LIST_TAIL = regex.compile(r"(?:[\s\d.,;·%()\[\]–\-~]|and|or|CI|vs\.?|versus|months?|years?|weeks?){0,120}"
                           r"(?:with|in|for|on|among|the|\s){0,6}")


_FOR_REACH = 200  # characters from a value to the arm named after its list


@cache
def _for_before() -> regex.Pattern[str]:
    """"for the", "in the IV", "with low-dose": the word that names the arm a list closes, a route or
    dose word allowed before the drug."""
    c = lx.cues()
    return regex.compile(rf"(?i:\b(?:for|in|with|among)\s(?:the\s)?)(?:(?:{lx.surface_alt(c.route_words + c.dose_adjectives)})\s)?$")
_SENTENCE_BREAK = regex.compile(r"[;；。]|\.\s")
# a comparison ("higher with A than B", "12.9 versus 10.5 for B") or a count's own group ("149 (45%)
# patients in the A group") between the value and the arm: not a list the arm closes
_NOT_A_LIST = regex.compile(r"(?i:\b(?:than|versus|vs\.?|compared|higher|lower|longer|shorter|patients|pts)\b)")


_OWN_BRACKET = regex.compile(r"\s?[(（]\s?")


@cache
def _copula_only() -> regex.Pattern[str]:
    return regex.compile(r"(?:\s{1,2}|" + lx.surface_alt(lx.cues().carry_copula) + r"){0,4}")


@cache
def _comparison() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().value_comparison)


@cache
def label_after() -> regex.Pattern[str]:
    # the unit or a few words ("months", "个月") then one post-value cue ("in the", "的")
    c = lx.cues()
    return regex.compile(r"[^,;。，；\d()]{0,10}?\s{0,3}(?:" + lx.surface_alt(c.post_value_subject) + r")\s{0,3}"
                         rf"(?:(?:{lx.surface_alt(c.route_words + c.dose_adjectives)})\s{{1,2}})?")  # "in the IV rigosertib …"


def comparator_of(subs: list[Subject], trigger_pos: int, value_end: int) -> Arm | None:
    """The comparison-cued subject of a sentence around a lone value (an HR's reference arm)."""
    cued = [s for s in usable(subs) if s.cued and (s.end <= trigger_pos or s.start >= value_end)]
    if not cued:
        return None
    near = min(cued, key=lambda s: abs(s.start - trigger_pos))
    return resolve(near, subs)
