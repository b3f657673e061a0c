"""Turn the measurements of one sentence into Records, with arms, trial and context."""

from __future__ import annotations

import regex

from extractor.measure import arms as am
from extractor.measure import lexicon as lx
from extractor.measure.citations import cite_value, dois_for
from extractor.measure.context import LSentence
from extractor.measure.structure import Item
from extractor.measure.subjects import Subject
from extractor.measure.tokens import Token
from extractor.models import Reference

_MAX_COUNT = 1_000_000


def count_items(loose: list[Token], text: str, base_group: int, base: int) -> list[Item]:
    """``n_patients`` from counts no endpoint took: "119例", "(58例vs55例)", "n=91", "26/52".

    A fraction "26/52" reads "26 of 52 patients": value 26 (the patients the statement is
    about, grounded on "26") with ``n`` = 52 (the group they come from). Counts of
    responders ("1例疾病缓解", "3例患者达到CR") are outcomes, not sample sizes, and are skipped.
    """
    outcome = lx.compile_wrapped(lx.cues().count_outcome_after, r"^\s*", "")
    vs = lx.compile_wrapped(lx.cues().value_comparison, r"^\s*", r"\s*$")
    out: list[Item] = []
    for tok in loose:
        if tok.value is None or not (1 <= tok.value < _MAX_COUNT) or tok.value != int(tok.value):
            continue
        if tok.kind == "VALUE" and outcome.search(text[tok.end : tok.end + 12]):
            continue
        item = Item("n_patients", tok, tok.value, None, "patients", tok, "value.count", base_group + len(out))
        if tok.kind == "FRAC":
            item.n = int(tok.extra[1] or 0)
            item.rule = "value.fraction"
        prev = out[-1] if out else None
        if prev is not None and prev.partner is None and vs.search(text[prev.tok.end : tok.start]):
            item.partner, item.side, item.group = base + len(out) - 1, 1, prev.group
            prev.partner = base + len(out)
            item.rule = prev.rule = "value.comparison.vs"
        out.append(item)
    return out


def assign_arms(
    items: list[Item], subs: list[Subject], fallback: list[Subject], text: str
) -> tuple[list[am.Arm], dict[int, am.Arm]]:
    """Arm of each item of one sentence (``text``, the sentence's view text).

    Also returns comparators for lone hazard ratios: an HR after a compared pair
    compares the same arms ("… vs 13.4 months; HR 0.66"); otherwise its comparator is
    the cued subject ("较索拉非尼…HR 0.79").
    """
    arms: list[am.Arm] = [am.NO_ARM] * len(items)
    hr_cmp: dict[int, am.Arm] = {}
    last_pair: tuple[am.Arm, am.Arm] | None = None
    spread_cache: dict[int, list[am.Arm] | None] = {}
    for i, it in enumerate(items):
        trig = it.trigger.start if it.code != "n_patients" else it.tok.start
        if it.partner is not None and it.side == 0:
            j = it.partner
            left, right = am.pair(
                subs, trig, items[j].tok.end, fallback,
                values_start=it.tok.end, second_start=items[j].tok.start, text=text,
            )
            arms[i], arms[j] = left, right
            last_pair = (left, right)
        elif it.partner is not None:
            continue
        elif it.slot is not None:
            if it.group not in spread_cache:
                got = am.spread(subs, trig, it.slots, fallback)
                if got is None:  # "DCR为27%和41%" after "分别为13%和32%": the sentence's arms
                    got = next((v for v in reversed(spread_cache.values()) if v and len(v) == it.slots), None)
                spread_cache[it.group] = got
            got = spread_cache[it.group]
            arms[i] = got[it.slot] if got else am.single(subs, trig, fallback)
        elif it.code == "HR" and last_pair is not None:
            arms[i], hr_cmp[i] = last_pair
        else:
            arms[i] = am.single(subs, trig, fallback, it.tok.end, text, count=it.code == "n_patients")
            if it.code == "HR":
                cued = am.comparator_of(subs, trig, it.tok.end)
                if cued is not None:
                    hr_cmp[i] = cued
    return arms, hr_cmp


def cite(ls_text: str, ls: LSentence, pos: int, references: list[Reference]) -> tuple[list[int], list[str]]:
    nums = cite_value(ls_text, ls.markers, pos)
    return nums, dois_for(nums, references)


