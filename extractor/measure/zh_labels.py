"""Short Chinese group names no other token covers ("诱导组", "靶免组", "依沃西治疗组"), read after
the scan: function characters, verbs and headings glued before a name and counting words ("两组",
"各组") are no part of a label, and a known label inside a longer run is cut out ("以较安慰剂组").
Each match is read once, looking a bounded way around it, so the pass is linear in the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from extractor.measure import lexicon as lx
from extractor.measure.token_type import Token


@cache
def _zh_group() -> re.Pattern[str]:
    """A short name before 组 (CJK, or a Latin word: "Chemo组", "TE 组"); "组织", "组成" … are no group word."""
    compounds = "|".join(re.escape(w[1:]) for w in lx.cues().group_word_compounds if w.startswith("组"))
    # treatments joined by "+", "/" or "±" name one group: "化疗+手术+化/放疗组" (chemotherapy, surgery, then chemo- or radiotherapy);
    # a stage names one: "Ⅲa组", which the view writes "III a组"
    return re.compile(rf"(?:(?:[\u4e00-\u9fff]{{1,5}}[+/＋±])(?=[\u4e00-\u9fff]))"
                      rf"{{0,3}}(?:[\u4e00-\u9fff]{{1,5}}|(?<![A-Za-z0-9])(?:[IV]{{1,4}} )?[A-Za-z][A-Za-z0-9+\-]{{0,15}} ?)组(?!{compounds})")


_CJK = re.compile(r"[\u4e00-\u9fff]+")


@cache
def _one_char_coordinators() -> frozenset[str]:
    return frozenset(w for w in lx.coordinators() if len(w) == 1 and not w.isascii())


def _shared_head(text: str, start: int, label: str) -> Token | None:
    """"早期和晚期移植组": the group before 和/与/及 shares the label's head (早期移植组). The
    modifier is the CJK run before the conjunction, function words at its start left out, and
    is read so only when it is 2 or 3 characters long like the usual parallel wording; the
    token spans the modifier as written and carries the whole name."""
    if start < 3 or text[start - 1] not in _one_char_coordinators():
        return None
    lo = start - 1
    while lo > 0 and start - 1 - lo < 7 and _CJK.fullmatch(text, lo - 1, lo):
        lo -= 1
    lead = _label_lead().match(text, lo, start - 1)
    if lead is not None:
        lo = lead.end()
    n = start - 1 - lo
    if n not in (2, 3) or len(label) <= n + 1 or not _CJK.fullmatch(label, 0, n) or text[lo : start - 1] == label[:n]:
        return None
    return Token("LABEL", lo, start - 1, text[lo : start - 1] + label[n:])


def zh_group_labels(text: str, toks: list[Token]) -> list[Token]:
    """``toks`` with the short Chinese group names no other token covers ("诱导组", "靶免组",
    "依沃西治疗组"): function characters before a name and counting words ("两组", "各组") are
    no part of a label, and a known label inside a longer run is cut out ("以较安慰剂组")."""
    if "组" not in text:
        return toks
    extra = []
    for m in _zh_group().finditer(text):
        label, start = m.group(), m.start()
        known = _label_head().search(label)
        if known is not None and _modifier(label[: known.start()]):
            cut = 0  # "序贯放化疗组", "同步放化疗组": a modifier glued to a known head names another group
        elif known is not None:
            cut = known.start()
        else:
            # "明显高于诱导组" (the window began inside 明显): the name starts after the last
            # comparison word, and after the function words that follow it
            cue_end = max((m.end() for m in _label_cue().finditer(label)), default=0)
            lead = _label_lead().match(label, cue_end)
            cut = lead.end() if lead is not None else cue_end
            if lead is not None and label.startswith(_label_keep(), lead.end() - 1):
                cut = lead.end() - 1  # "中药组", "中危组": the lead character opens the name
        label, start = label[cut:], start + cut
        if known is None:  # "分为热灌注组", "结果热灌注组": a verb or a heading glued before (the window
            ctx = text[max(0, start - 4) : start]  # may have begun inside it: "果温热灌注组")
            opening = next((m for m in _label_lead_words().finditer(ctx + label[:8]) if m.start() <= len(ctx) < m.end()), None)
            if opening is not None:
                cut = opening.end() - len(ctx)
                label, start = label[cut:], start + cut
        if len(label) >= 2 and not any(label.endswith(w) for w in _label_stops()):  # "该研究共入组"
            extra.append(Token("LABEL", start, m.end(), label))
            sibling = _shared_head(text, start, label)
            if sibling is not None:
                extra.append(sibling)
    if not extra:
        return toks
    covered = [(t.start, t.end, t.kind) for t in toks if t.kind != "SEP"]
    starts = [c[0] for c in covered]
    keep = []
    widened: set[tuple[int, int]] = set()
    for t in extra:
        k = bisect_right(starts, t.end) - 1  # tokens are sorted: the nearest ones decide
        near = [c for c in covered[max(0, k - 2) : k + 1] if c[0] < t.end and t.start < c[1]]
        if not near:
            keep.append(t)
        elif len(near) == 1 and near[0][2] == "LABEL" and near[0][1] == t.end and near[0][0] > t.start:
            # "序贯放化疗组" over the known "化疗组": the whole name is the group
            keep.append(t)
            widened.add(near[0][:2])
    if not keep:
        return toks
    if widened:
        toks = [t for t in toks if (t.start, t.end) not in widened or t.kind != "LABEL"]
    return sorted(toks + keep, key=lambda t: t.start)


@cache
def _label_head() -> re.Pattern[str]:
    """Labels the data names already (heads, controls, A-H groups): kept as matched."""
    c = lx.cues()
    return re.compile(rf"(?:{lx.surface_alt(c.group_label_heads + c.control_arms)})\s?组$|(?<![A-Za-z0-9])[A-H]\s?组$")


def _modifier(prefix: str) -> bool:
    """Treatment words before a known label head that belong to the group's name ("序贯放化疗组",
    "单纯化疗组"), unlike function and section words ("以较安慰剂组", "结果试验组")."""
    return _modifiers().fullmatch(prefix) is not None


@cache
def _modifiers() -> re.Pattern[str]:
    words = sorted(lx.cues().group_label_modifiers, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + "){1,3}")


@cache
def _label_keep() -> tuple[str, ...]:
    return tuple(lx.cues().group_label_keep)


@cache
def _label_lead() -> re.Pattern[str]:
    return re.compile("[" + "".join(lx.cues().group_label_lead) + "]+")


@cache
def _label_cue() -> re.Pattern[str]:
    """Comparison words a generic label never starts with ("均高于靶向组" -> "靶向组")."""
    c = lx.cues()
    words = [w for w in c.carry_over + c.value_comparison + c.subject_comparison if w and "\u4e00" <= w[0] <= "\u9fff"]
    adverbs = "".join(re.escape(a) for a in c.comparison_adverbs)
    return re.compile(rf"(?:[{adverbs}]?(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + r"))+")


@cache
def _label_lead_words() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(w) for w in sorted(lx.cues().group_label_lead_words, key=len, reverse=True)) + ")+")


@cache
def _label_stops() -> tuple[str, ...]:
    return tuple(w for w in lx.cues().group_label_stops if len(w) >= 2)
