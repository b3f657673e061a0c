"""A closed group's values as measurements (``Item``): one value per endpoint, compared pairs,
values listed over endpoints or timepoints, arm-by-arm blocks ("试验组…分别为a和b，对照组分别为c和d").
The groups come from ``structure.build_items``, which reads a sentence's tokens into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex

from extractor.measure import lexicon as lx
from extractor.measure.clause_links import subset_clause
from extractor.measure.numbers import to_months
from extractor.measure.tokens import Token

_LIMITS = {"rate": 100.0, "duration": 600.0, "ratio": 50.0, "count": 1e6}


@dataclass(slots=True)
class Item:
    """One measurement before arms, trial and citations are known."""

    code: str
    tok: Token
    value: float
    value_high: float | None
    unit: str | None
    trigger: Token
    rule: str
    group: int
    criterion: str | None = None
    ci: tuple[float | None, float | None, float | None] | None = None
    p: tuple[str, float] | None = None
    timepoint: float | None = None
    grade: str | None = None
    n: int | None = None
    partner: int | None = None  # index (in the item list) of the compared value
    rise: bool = False  # the "to" value of "from a to b" (see Val.rise)
    side: int = 0  # 0: left of a comparison or single; 1: right
    slot: int | None = None  # position in a listed distribution
    slots: int = 0
    per_slot: int = 1  # values a slot holds: an arm's block of endpoints or timepoints


@dataclass(slots=True)
class Val:
    """A value a group took, with what the structure pass saw around it."""

    tok: Token
    crit: list[str]
    vs: bool
    ci: tuple[float | None, float | None, float | None] | None = None
    n: int | None = None
    p: tuple[str, float] | None = None
    carried: bool = False  # opens another arm's block: "…分别为a和b，对照组分别为c和d"
    rise: bool = False  # the second value of "from a to b": the treatment's, a being the control's


@dataclass
class Group:
    """An endpoint (or several sharing values) and the values collected after it."""

    triggers: list[Token]
    depth: int
    crit: list[str]
    grade: str | None
    timepoints: list[Token] = field(default_factory=list)
    values: list[Val] = field(default_factory=list)
    resp: bool = False
    sink: bool = False
    idle_commas: int = 0
    p: tuple[str, float] | None = None
    # a subset clause repeats the values of the group before it: as many, or it is no such clause
    repeats: int = 0


def kind_of(code: str) -> str:
    return lx.endpoint(code).kind


def accepts(code: str, tok: Token) -> bool:
    kind = kind_of(code)
    if kind == "ratio" and tok.value_high is not None:
        return False  # "CPS 1-19": a ratio's spread is written as its interval, never as a range value
    if tok.unit_kind not in lx.ACCEPTS[kind] and not (tok.unit is None and kind in {"duration", "rate"}):
        return False
    return tok.value is not None and 0 <= tok.value <= _LIMITS.get(kind, 1e9)


def _blocks(g: Group) -> list[list[Val]] | None:
    """The values of an endpoint list (or a timepoint list) reported arm by arm: "试验组中位PFS和
    中位OS分别为a和b，对照组分别为c和d", "两年和三年OS率分别为a和b，对照组分别为c和d". Each
    carried clause opens a block; None unless there are two or more blocks, one value per
    endpoint (or timepoint) in each."""
    width = len(g.triggers) if len(g.triggers) > 1 else len(g.timepoints)
    if width < 2 and g.resp:
        # "胃肠道、血液学不良反应发生率分别为a和b,高于对照组的c和d": items the lexicon does not name
        width = next((k for k, v in enumerate(g.values) if v.carried), 0)
    if width < 2 or not any(v.carried for v in g.values):
        return None
    blocks: list[list[Val]] = []
    for v in g.values:
        if v.carried or not blocks:
            blocks.append([])
        blocks[-1].append(v)
    if len(blocks) < 2 or any(len(b) != width for b in blocks):
        return None
    return blocks


def _finish_blocks(g: Group, gi: int, base: int, blocks: list[list[Val]]) -> list[Item]:
    """Items of arm-by-arm blocks: value j of each block takes endpoint (or timepoint) j; with two
    blocks, the values in the same place are the two sides of a comparison."""
    out: list[Item] = []
    tps = [to_months(t.value or 0, t.unit) for t in g.timepoints]
    width = len(blocks[0])
    for b, block in enumerate(blocks):
        for j, v in enumerate(block):
            t = g.triggers[j] if len(g.triggers) > 1 else g.triggers[0]
            if not accepts(t.code or "", v.tok) or v.tok.unit is None and kind_of(t.code or "") != "ratio":
                return []
            item = Item(
                code=t.code or "", tok=v.tok, value=v.tok.value or 0.0, value_high=v.tok.value_high,
                unit=v.tok.unit, trigger=t, rule="value.respectively", group=gi,
                criterion="/".join(dict.fromkeys(c for c in v.crit if c)) or None, ci=v.ci, p=v.p,
                grade=g.grade if t.code == "AE_rate" else None, n=v.n,
            )
            if len(g.triggers) == 1 and item.code in lx.timed_rates() and len(tps) == width:
                item.timepoint = tps[j]
            if len(blocks) == 2 and b == 1:
                item.partner, item.side = base + j, 1
                out[j].partner = base + len(out)
            elif len(blocks) > 2:
                item.slot, item.slots, item.per_slot = b, len(blocks), width  # three arms or more: block b is the b-th arm named
            out.append(item)
    assert len(out) == width * len(blocks)
    return _drop_uncoded(out, base)


def _drop_uncoded(out: list[Item], base: int) -> list[Item]:
    """``out`` without the values of outcomes that have no code (local control, DMFS: they held
    their place in the list only); partners re-indexed, a value whose partner goes stands alone."""
    keep = [kind_of(it.code) != "ignore" for it in out]
    if all(keep):
        return out
    new_at = {base + i: base + k for k, i in enumerate(i for i, ok in enumerate(keep) if ok)}
    kept = [it for it, ok in zip(out, keep) if ok]
    for it in kept:
        if it.partner is not None:
            it.partner = new_at.get(it.partner)
            if it.partner is None:
                it.side = 0
    return kept


def _chunks(vals: list[Val], k: int) -> list[list[Val]] | None:
    """"PFS和OS分别为14、9、4月和26、39、53月": ``k`` endpoints, each with its own list of as many
    values, each list closed by its unit; None unless the values split so."""
    if len(vals) <= k or len(vals) % k:
        return None
    m = len(vals) // k
    chunks = [vals[j * m : (j + 1) * m] for j in range(k)]
    for chunk in chunks:
        if chunk[-1].tok.unit is None or any(v.vs for v in chunk):
            return None
        for v in chunk[:-1]:
            if v.tok.unit not in (None, chunk[-1].tok.unit):
                return None
    for chunk in chunks:
        for v in chunk[:-1]:
            v.tok.unit, v.tok.unit_kind = chunk[-1].tok.unit, chunk[-1].tok.unit_kind
    return chunks


def _finish_chunks(g: Group, gi: int, base: int, chunks: list[list[Val]]) -> list[Item]:
    out: list[Item] = []
    tps = [to_months(t.value or 0, t.unit) for t in g.timepoints]
    for trig, chunk in zip(g.triggers, chunks, strict=True):
        for slot, v in enumerate(chunk):
            if not accepts(trig.code or "", v.tok):
                continue
            item = Item(code=trig.code or "", tok=v.tok, value=v.tok.value or 0.0, value_high=v.tok.value_high,
                        unit=v.tok.unit, trigger=trig, rule="value.respectively" if g.resp else "value.list",
                        group=gi, ci=v.ci, p=v.p, n=v.n)
            if item.code in lx.timed_rates() and len(tps) == len(chunk):
                item.timepoint = tps[slot]  # "1、3、5年生存率和无进展生存率分别为a、b、c和d、e、f": landmarks, not arms
            else:
                item.slot, item.slots = slot, len(chunk)
            out.append(item)
    return _drop_uncoded(out, base)


def finish(g: Group, gi: int, base: int) -> list[Item]:
    vals = g.values
    for a, b in zip(vals, vals[1:]):
        if b.vs and a.tok.unit is None and b.tok.unit is not None:
            a.tok.unit, a.tok.unit_kind = b.tok.unit, b.tok.unit_kind
    if len(vals) >= 2 and vals[-1].tok.unit is not None and all(v.tok.unit is None for v in vals[:-1]) \
            and kind_of(g.triggers[0].code or "") in {"duration", "rate"}:
        for v in vals[:-1]:  # "were 5, 4, and 5 months": the listed numbers share the last one's unit
            v.tok.unit, v.tok.unit_kind = vals[-1].tok.unit, vals[-1].tok.unit_kind
    out: list[Item] = []
    if g.triggers and kind_of(g.triggers[0].code or "") == "ignore" and len(g.triggers) == 1:
        return out
    blocks = _blocks(g)
    if blocks is not None:
        return _finish_blocks(g, gi, base, blocks)
    if len(g.triggers) > 1:
        k = len(g.triggers)
        paired = len(vals) == 2 * k and all(vals[j].vs and not vals[j - 1].vs for j in range(1, 2 * k, 2))
        chunks = None if paired else _chunks(vals, k)
        if chunks is not None:
            return _finish_chunks(g, gi, base, chunks)
        if not paired and len(vals) != k:
            # "progression-free survival (PFS) and the hazard ratio (HR) reported was 0.34", "increased
            # event-free survival and reduced the risk of recurrence by 27%": one value, and one
            # endpoint of the list whose kind takes it (a ratio, not a duration; a share, not a median)
            fit = [t for t in g.triggers if kind_of(t.code or "") != "ignore" and accepts(t.code or "", vals[0].tok)
                   and (vals[0].tok.unit is not None or kind_of(t.code or "") == "ratio")] if len(vals) == 1 else []
            if len(fit) != 1:
                return out
            g = replace(g, triggers=fit)
            return finish(g, gi, base)
        # "ORR与DCR均高于对照组(40.8% vs. 16.4%，P=0.02；60.5% vs. 39.3%，P=0.01)": one pair per endpoint
        pairs = [(g.triggers[j // 2], v) for j, v in enumerate(vals)] if paired else list(zip(g.triggers, vals))
        rule = "value.respectively" if g.resp else "value.list"
    else:
        pairs = [(g.triggers[0], v) for v in vals]
        rule = "value.single"
    kinds_ok = [(t, v) for t, v in pairs if accepts(t.code or "", v.tok) and (v.tok.unit is not None or kind_of(t.code or "") == "ratio")
                and kind_of(t.code or "") != "ignore"]  # an uncoded outcome held its place in the list only
    pos = {id(v): i for i, v in enumerate(vals)}
    # (a first value's "vs" compares it with a value before the endpoint: "58% of patients receiving A
    # had grade 3-4 AEs, compared with 23% and 28% in the B and C groups, respectively")
    paired = {id(v) for v in vals if v.vs and pos[id(v)] > 0} | {id(vals[pos[id(v)] - 1]) for v in vals if v.vs and pos[id(v)] > 0}
    n_tp = len(g.timepoints)
    if n_tp >= 2 and len(vals) == 2 * n_tp and [pos[id(v)] for v in vals if v.vs] == [n_tp]:
        # "观察组1年、2年、3年的生存率(a1、a2、a3)明显高于对照组(b1、b2、b3)": the comparison word opens
        # the other group's run of the same landmarks, it pairs no two values
        paired = set()
    singles = [v for t, v in kinds_ok if id(v) not in paired]
    slot_of = {id(v): i for i, v in enumerate(singles)}
    tps = [to_months(t.value or 0, t.unit) for t in g.timepoints]
    # "rates at 12, 24, and 36 months were 77% vs 61%, 49% vs 33%, and 38% vs 25%": pair j, timepoint j
    in_pairs = [v for _, v in kinds_ok if id(v) in paired]
    pair_of = {id(v): k // 2 for k, v in enumerate(in_pairs)} \
        if not singles and len(tps) >= 2 and len(in_pairs) == 2 * len(tps) else {}
    # "A组与B组1、2、3年OS分别为a1、a2、a3和b1、b2、b3": one run of timepoints per group
    grid = {id(v): divmod(k, len(tps)) for k, v in enumerate(singles)} \
        if len(g.triggers) == 1 and not in_pairs and len(tps) >= 2 and len(singles) == 2 * len(tps) else {}
    for t, v in kinds_ok:
        idx = base + len(out)
        item = Item(
            code=t.code or "",
            tok=v.tok,
            value=v.tok.value or 0.0,
            value_high=v.tok.value_high,
            unit=v.tok.unit,
            trigger=t,
            rule=rule,
            group=gi,
            criterion="/".join(dict.fromkeys(c for c in v.crit if c)) or None,
            ci=v.ci,
            p=v.p or (g.p if len(vals) == 1 else None),
            grade=g.grade if t.code == "AE_rate" else None,
            n=v.n,
        )
        if v.vs and id(v) not in grid and out and out[-1].partner is None and out[-1].group == gi:
            item.partner, item.side, item.rise = idx - 1, 1, v.rise
            out[-1].partner = idx
            item.rule = "value.comparison.vs"
            if not out[-1].criterion:
                out[-1].rule = "value.comparison.vs"
        by_time = item.code in lx.timed_rates() and len(tps) >= 2 and len(tps) == len(singles)
        if id(v) in grid and item.code in lx.timed_rates():
            run, j = grid[id(v)]
            item.timepoint, item.slot, item.slots = tps[j], run, 2
            item.rule = "value.respectively" if g.resp else "value.list"
            if run == 1:
                k = base + len(out) - len(tps)  # the first group's value at the same timepoint
                item.partner, item.side, out[k - base].partner = k, 1, idx
            out.append(item)
            continue
        if item.code in lx.timed_rates() and tps:
            if by_time and id(v) in slot_of:
                item.timepoint = tps[slot_of[id(v)]]
            elif id(v) in pair_of:
                item.timepoint = tps[pair_of[id(v)]]
            elif len(tps) == 1:
                item.timepoint = tps[0]
        # values spread over timepoints ("1年、2年总生存率分别为…") are not arms; one timepoint
        # and two values ("PFS rates at 6 months were 55% and 37%, respectively") are
        if not by_time and len(singles) >= 2 and id(v) in slot_of and len(g.triggers) == 1:
            item.slot, item.slots = slot_of[id(v)], len(singles)
            item.rule = "value.respectively" if g.resp else "value.list"
        out.append(item)
    for item in out:
        if item.criterion:
            item.rule = "value.criteria"
    return out


def endpoint_after_ratio(groups: list[Group], inner: Group | None, depth: int, toks: list[Token], i: int,
                         text: str) -> Group | None:
    """At the bracket closing at token ``i``: the endpoint a ratio was bracketed right after, when it
    has no value yet and the next value follows the bracket across a copula at most ("Median PFS
    (HR 0.68; 98% CI …; p<0.0001) was 7.7 months …"): that value is the endpoint's. ``inner`` is
    the bracket's group (a ";" in the bracket may have closed it already)."""
    if inner is None or inner.depth <= depth or len(groups) < 2 or groups[-1] is not inner:
        return None
    outer = groups[-2]
    if outer.depth == depth and not outer.values and kind_of(inner.triggers[0].code or "") == "ratio" \
            and i + 1 < len(toks) and toks[i + 1].kind == "VALUE" \
            and _copula_gap().fullmatch(text, toks[i].end, toks[i + 1].start) \
            and kind_of(outer.triggers[-1].code or "") in {"duration", "rate"} \
            and _RATIO_GLOSS.fullmatch(text, outer.triggers[-1].end, inner.triggers[0].start):
        return outer
    return None


def endpoint_after_aside(groups: list[Group], inner: Group | None, depth: int, toks: list[Token], i: int,
                         text: str) -> Group | None:
    """At the bracket closing at token ``i``: the endpoint whose values ran before a bracketed aside
    naming another one ("五年存活率為74.1%(…皆未達到存活中位數…),第三期為66%(存活中位數為45.2個月),
    第IV期為49%"), when a comma and a subset's words ("第三期為") lead to a value of the outer
    endpoint's kind and not of the aside's: that value is one more subset of the outer endpoint's."""
    if inner is None or inner.depth <= depth or len(groups) < 2 or groups[-1] is not inner:
        return None
    outer = groups[-2]
    if outer.depth != depth or not outer.values or outer.sink or i + 2 >= len(toks):
        return None
    sep, nxt = toks[i + 1], toks[i + 2]
    if sep.kind != "SEP" or sep.text != "," or nxt.kind != "VALUE" or not subset_clause(text, sep.end, nxt.start):
        return None
    if any(accepts(t.code or "", nxt) for t in inner.triggers) or not any(accepts(t.code or "", nxt) for t in outer.triggers):
        return None
    return outer


def _copula_gap() -> regex.Pattern[str]:
    """Between a bracket and the value it delays: "…) was 7.7 months", "…)为12.1个月"."""
    return lx.compile_wrapped(lx.cues().carry_copula, r"\s{0,2}(?:", r"\s{0,2})?")  # compiled once


_RATIO_GLOSS = regex.compile(r"\s{0,2}[(\[（]\s{0,2}")  # an endpoint, then its ratio opening a bracket
