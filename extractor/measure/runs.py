"""How a closed group's run goes on after its clause ends.

The structure closes a group at its clause's end, yet real sentences go on with more of the same
run: one more listed value ("… were 0.77 (P = .002), and 0.69"), a landmark with its own value
("总生存率,1年86.0%,3年53.9%"), the same "a versus b and c, respectively" for another subgroup, a
timed rate sharing the landmarks of the one before ("3年DFS率…和OS率…"), endpoints listed with one
value each and then the other arm's values in order. These tests decide, from a few tokens or
characters around the gap, whether a value or trigger continues the closed run; each looks at a
bounded stretch, so the structure stays linear.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.items import Group, accepts
from extractor.measure.tokens import Token


def new_pair(toks: list[Token], i: int) -> bool:
    """Whether the value at ``i`` opens an "a vs b" pair: a VS token and a value follow it."""
    return i + 2 < len(toks) and toks[i + 1].kind == "VS" and toks[i + 2].kind == "VALUE"


def listing(g: Group) -> bool:
    """A group whose trigger announces several values: "Respective hazard ratios … were",
    "HRs were", a plural English endpoint."""
    t = g.triggers[-1].text
    return g.resp or (t.isascii() and t.endswith("s") and not t.endswith("ss") and len(t) > 3)


def same_run_again(g: Group, toks: list[Token], i: int) -> bool:
    """Whether the values from ``i`` repeat the shape of ``g``'s "a versus b and c, respectively" (or
    of its plain list): as many values, a comparison word after the first if ``g`` has one, and a
    "respectively" closing them. Looks at most a few tokens past ``g``'s length: constant work a
    value."""
    n = len(g.values)
    if not g.resp or n < 2:
        return False
    # "a versus b and c, respectively" again; or a plain list again ("78.8%, 66.0% and 81.0%,
    # respectively, in the GP group and 79.4%, 60.5% and 79.6%, respectively, in the TP group")
    if g.values[1].vs and not new_pair(toks, i) or not g.values[1].vs and any(v.vs for v in g.values):
        return False
    seen = 0
    for tok in toks[i : i + 3 * n + 2]:
        if tok.kind == "VALUE":
            seen += 1
        elif tok.kind == "RESP":
            return seen == n
        elif tok.kind not in {"VS", "LIST", "SEP"}:
            return False
    return False


def own_landmark(g: Group, toks: list[Token], i: int, text: str, closed_at: int) -> bool:
    """"总生存率,1年86.0%,3年53.9%", "OS rate: 1-year 86%, 3-year 54%": after a landmarked rate, a
    landmark (at ``i``) with its own value, joined by a list word, is one more of the rate's."""
    tok = toks[i]
    if tok.unit_kind != "time" or i + 1 >= len(toks) or toks[i + 1].kind != "VALUE" \
            or not g.timepoints or g.triggers[0].code not in lx.timed_rates():
        return False
    return toks[i + 1].unit_kind == "percent" and joined(text, closed_at, tok.start) \
        and bool(_landmark_copula().match(text[tok.end : toks[i + 1].start]))


@cache
def _landmark_copula() -> regex.Pattern[str]:
    return regex.compile(r"^\s{0,2}(?:" + lx.surface_alt(lx.cues().landmark_copulas) + r")?\s{0,2}$")


def compared_on(g: Group, toks: list[Token], i: int, text: str) -> bool:
    """"52%, compared with 44% for nivolumab plus placebo and 26% for ipilimumab plus placebo": the
    value at ``i`` follows the group's compared value across only that value's group words and a
    list word, so it is one more side of the comparison. Looks a few tokens back only."""
    if not g.values or not g.values[-1].vs or i < 2 or toks[i - 1].kind != "LIST":
        return False
    last = g.values[-1].tok
    for j in range(i - 2, max(-1, i - 6), -1):
        if toks[j] is last:
            return toks[i - 1].start - last.end <= 80 and not _CLAUSE_BREAK.search(text, last.end, toks[i - 1].start)
        if toks[j].kind != "LABEL":
            return False
    return False


_CLAUSE_BREAK = regex.compile(r"[,，;；。:：\n]")  # the group words end at the list word, no clause between


def joined(text: str, lo: int, hi: int) -> bool:
    """Only a list word between a closed group and the next value (", and 0.69")."""
    gap = text[max(lo, hi - 12) : hi] if hi - lo > 12 else text[lo:hi]
    return hi - lo <= 12 and bool(_list_gap().match(gap))


@cache
def _list_gap() -> regex.Pattern[str]:
    return regex.compile(r"^[\s,]*(?:" + lx.surface_alt(list(lx.coordinators())) + r")?[\s,]*$")


def shared_timepoints(prev: Group, tok: Token, text: str) -> list[Token]:
    """"3年DFS率(…)和OS率(…)", "1-year PFS and OS rates": a timed rate right after another,
    joined by a list word, shares its timepoints."""
    if not prev.timepoints or prev.triggers[0].code not in lx.timed_rates():
        return []
    end = prev.values[-1].tok.end if prev.values else prev.triggers[-1].end
    if tok.start - end > 12:
        return []
    gap = text[end : tok.start].strip(" )]%")
    return list(prev.timepoints) if _list_gap().match(gap) and gap else []


def spread_compared(groups: list[Group], text: str) -> None:
    """"中位TTP(12.8个月)及中位OS(16.9个月)长于未接受辅助治疗的患者(4.6个月,8.7个月)", "PFS (10.2 months)
    and OS (20.1 months) … longer than with B (6.1 and 14.0 months)": endpoints listed with one
    value each, then the other arm's values in the same order; the last endpoint took them all."""
    for k in range(len(groups) - 1, 0, -1):
        last = groups[k]
        if len(last.triggers) != 1 or len(last.values) < 3 or not last.values[1].vs or last.values[0].vs:
            continue
        extra = last.values[1:]
        run = groups[k + 1 - len(extra) : k + 1]
        if len(run) != len(extra) or any(len(g.triggers) != 1 or len(g.values) != 1 or g.sink for g in run[:-1]):
            continue
        if any(x.vs for x in extra[1:]) or not all(
                accepts(g.triggers[0].code or "", x.tok) for g, x in zip(run, extra, strict=True)):
            continue
        if any(not _list_gap().match(text[a.values[0].tok.end : b.triggers[0].start].strip(" )）(（"))
               for a, b in zip(run, run[1:])):
            continue  # the endpoints must be one list: "A(…)及B(…)"
        last.values = last.values[:1]
        for g, x in zip(run, extra, strict=True):
            x.vs = True
            g.values.append(x)
