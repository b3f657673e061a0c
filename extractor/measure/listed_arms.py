"""Arms of values listed in one clause: spread over the arms a phrase lists ("A and B … 54.5% and
37.2%, respectively"), each value followed by its own arm ("67.2% with atezo/bev and 54.6% with
sorafenib"), or all of the one arm named between the endpoint and its values. Each reader looks
at the subjects near the values only, so a sentence costs one pass over its subjects.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import Arm, arm_key, label_after, parts_of, resolve, same_clause, sides_of, usable
from extractor.measure.subjects import Subject


def spread(
    subs: list[Subject], trigger_pos: int, k: int, fallback: list[Subject], values_end: int | None = None, text: str = "",
    *, respectively: bool = False, values_start: int | None = None,
) -> list[Arm] | None:
    """Arms for ``k`` listed values, or None when the sentence does not name ``k`` of them.

    The parts come from a phrase before the trigger, else from one right after the values
    in the same clause ("… were 54.5% and 37.2% with A plus B and sorafenib, respectively").
    """
    pre = usable([s for s in subs if s.end <= trigger_pos])
    pool = fallback + subs
    if respectively and values_end is not None:
        listed = _listed_after(subs, values_end, k, text)
        if listed is not None:
            return [resolve(s, pool) for s in listed]
    for s in reversed(pre):
        if s.label is None and len(parts_of(s, text)) == k:
            return [Arm(list(dict.fromkeys(p))) for p in parts_of(s, text)]
    if values_end is not None:
        for s in usable([s for s in subs if s.start >= values_end][:1]):
            if same_clause(text, values_end, s.start) and s.label is None and len(s.parts) == k:
                return [Arm(list(dict.fromkeys(p))) for p in s.parts]
            # "30% and 11% with lenvatinib and sorafenib, respectively": "respectively" spreads the
            # names one per value even where "X and Y" was read as one combination
            names = list(dict.fromkeys(s.drugs))
            if respectively and same_clause(text, values_end, s.start) and s.label is None and len(s.parts) == 1 and len(names) == k:
                return [Arm([d]) for d in names]
    if len(pre) >= k:
        return [resolve(s, pool) for s in pre[-k:]]
    if respectively and values_start is not None:
        # "the median OS was longer with tislelizumab than with chemotherapy — 8.6 months and 6.3 months,
        # respectively": the k subjects named between the endpoint and the values, in order
        inner = [s for s in usable(subs) if trigger_pos <= s.start and s.end <= values_start]
        if len(inner) == k and len({arm_key(s) for s in inner}) == k:
            return [resolve(s, pool) for s in inner]
    if k == 2 and not respectively and values_start is not None and values_end is not None:
        # "the median PFS in the group receiving A was 10.1 months (…) and 4.6 months (…) in the B group":
        # one subject before the first value, another right after the second
        live = usable(subs)
        inner = [s for s in live if trigger_pos <= s.start and s.end <= values_start and not s.cued]
        between = [s for s in live if values_start <= s.start < values_end]
        post = [s for s in live if s.start >= values_end][:1]
        gloss = _GLOSS_AFTER.match(text, values_end)  # "4.6 months (95% CI, 3.4-5.6) in the B group"
        after = gloss.end() if gloss is not None else values_end
        if len(inner) == 1 and not between and post and post[0].start >= after \
                and label_after().fullmatch(text, after, post[0].start) and arm_key(inner[0]) != arm_key(post[0]):
            return [resolve(inner[0], pool), resolve(post[0], pool)]
    if k == 2 and all(s.prior for s in subs):  # "结果显示，…分别为a和b" after "随机接受A或B": the paragraph's arms
        sides = sides_of(fallback, pool)
        return list(sides) if sides is not None else None
    if values_start is not None and values_end is not None:
        # "Corresponding rates in the comparator arm were 86.5% and 75.2%": one arm named between the
        # endpoint and its values, none among or after them in the sentence: every value is that arm's
        live = usable(subs)
        inner = [s for s in live if trigger_pos <= s.start and s.end <= values_start and not s.cued]
        rest = [s for s in live if s.start >= values_start]
        if len(inner) == 1 and len(inner[0].parts) <= 1 and not rest and inner[0].label is not None \
                and not _LIST_END.search(text, values_start, values_end):  # "controls : a ; maintenance group : b"
            return [resolve(inner[0], pool)] * k
    return None


def _listed_after(subs: list[Subject], values_end: int, k: int, text: str) -> list[Subject] | None:
    """"… 32.5%, 15.1% and 13.5% in the A plus B, A and placebo arms, respectively": exactly
    ``k`` subjects after the values, in the values' clause, one per value."""
    j = bisect_left([s.start for s in subs], values_end)
    after = [s for s in subs[j : j + k + 1] if not s.prior]
    # commas separate the listed arms: only a sentence-level break ends the list
    after = [s for s in after if s.start - values_end <= 200 and not _LIST_END.search(text, values_end, s.start)]
    if len(after) != k or len({arm_key(s) for s in after}) < k:
        return None
    return after


_LIST_END = regex.compile(r"[;。!?]")


def each_after(subs: list[Subject], values: list[tuple[int, int]], text: str) -> list[Arm] | None:
    """Arms of listed values that each name their own arm right after them ("67.2% with atezo/bev
    and 54.6% with sorafenib", "30% in the A arm and 11% in the B arm"), or None unless every value
    has one and at least two differ. Only a "with"/"in"/"的" cue and spaces may sit between a value
    and its subject, so the look stays within a few characters of each value."""
    cue = _post_cue()
    starts = [s.start for s in subs]
    out: list[Arm] = []
    for k, (_, end) in enumerate(values):
        gloss = _GLOSS_AFTER.match(text, end)  # "28.8 months (95% CI 22.4–37.9) with X": skip the interval
        if gloss is not None and (k + 1 >= len(values) or gloss.end() <= values[k + 1][0]):
            end = gloss.end()
        limit = values[k + 1][0] if k + 1 < len(values) else end + _POST_GAP
        j = bisect_left(starts, end)
        cand = next((s for s in subs[j : j + 2] if s.start < limit and not s.prior), None)
        if cand is None or not cue.fullmatch(text, end, cand.start):
            return None
        out.append(resolve(cand, subs))
    if len({(tuple(a.drugs), a.label) for a in out}) < 2:
        return None
    return out


_POST_GAP = 24  # characters after the last value within which its subject must start
# one level of nesting: "(95% confidence interval [CI], 46.3 to 73.4)"
_GLOSS_AFTER = regex.compile(r"\s{0,2}[(\[](?:[^()\[\]\n]|\[[^()\[\]\n]{0,12}\]){0,80}[)\]]")


@cache
def _post_cue() -> regex.Pattern[str]:
    # one optional cue between bounded spaces: no repetition of alternatives, linear per value
    c = lx.cues()
    return regex.compile(r"\s{0,3}[)\]]?\s{0,3}(?:(?:" + lx.surface_alt(c.post_value_subject) + r")\s{0,3})?"
                         rf"(?:(?:{lx.surface_alt(c.route_words + c.dose_adjectives)})\s{{1,2}})?")
