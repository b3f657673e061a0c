"""REGIMEN mentions: drugs (or classes) chained by conjunctions, and named regimens.

"Ipilimumab(CTLA-4抑制剂,3 mg/kg,1次/3周)联合Nivolumab/Pembrolizumab" gives one span from
the first member to the last, with positions [["ipilimumab"], ["nivolumab", "pembrolizumab"]].
Strong conjunctions (联合, plus, +) may follow a bounded parenthetical and join a class
member; weak ones (和, and, with) only join two named drugs. A class word right before a
drug describes it ("PD-L1抑制剂阿替利珠单抗") and is not a member of its own. Only "/" makes
alternatives: 或 / or separate arms ("随机接受A联合B或C" -> regimen "A联合B"), and a weak link
closing a comma/、 enumeration is a list. Named regimens (STRIDE, 双艾, T+A) span the name
and carry attrs.named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.entities.scan import Span, alternation, trie_regex
from extractor.lexicon import Lexicon, RegimenEntry
from extractor.normalize import normalize_surface


@dataclass(frozen=True)
class RegimenMatcher:
    gap: re.Pattern[str]
    strong: frozenset[str]
    alternative: re.Pattern[str]
    paren: re.Pattern[str]
    named: re.Pattern[str]
    by_surface: dict[str, RegimenEntry]
    cue_before: re.Pattern[str]  # searched in the lowered window ending at the first member
    cue_after: re.Pattern[str]  # matched right after the second member
    list_gap: re.Pattern[str]  # what separates two items of an enumeration
    max_list_gap: int
    choice: re.Pattern[str]  # "either A or B": matched as lead (before A), gap (between A and B)
    choice_gap: re.Pattern[str]
    compared_before: re.Pattern[str]  # "comparing idarubicin with daunorubicin": a weak link compares
    compared_links: frozenset[str]  # the weak links that compare after such a verb ("with", 和)


def build_regimen_matcher(lex: Lexicon) -> RegimenMatcher:
    rp = lex.regimen_patterns
    conj = alternation([*rp.strong, *rp.weak])
    schedule = rf"(?:[ ]{{1,2}}{_alt_or_never(rp.dose_schedules)}(?![A-Za-z])){{0,2}}"
    dose = rf"(?:[ ]{{1,2}}\d{{1,4}}(?:\.\d{{1,2}})?[ ]?{_alt_or_never(rp.dose_units)}(?![A-Za-z]){schedule})?"
    gap = re.compile(
        rf"{dose}[ ]{{0,2}}(?P<paren>\([^()\n]{{0,{rp.max_paren}}}\))?[ ]{{0,2}}"
        rf"(?P<suffix>{alternation(rp.member_suffixes)})?[ ]{{0,2}}(?P<conj>{conj})"
        rf"[ ]{{0,2}}(?:{_fillers(rp.fillers)})?",
        re.IGNORECASE,
    )
    by_surface = {normalize_surface(s): r for r in lex.regimens for s in r.surfaces}
    for ending, variants in rp.scheme_variants.items():
        for surface, r in list(by_surface.items()):
            if surface.endswith(ending) and len(surface) > len(ending):
                for v in variants:
                    by_surface.setdefault(normalize_surface(surface[: -len(ending)] + v), r)
    return RegimenMatcher(
        gap=gap,
        strong=frozenset(s.lower() for s in rp.strong),
        alternative=re.compile(rf"[ ]?{alternation(rp.alternatives)}[ ]?"),
        paren=re.compile(rf"[ ]{{0,2}}\([^()\n]{{0,{rp.max_paren}}}\)"),
        named=re.compile(trie_regex(by_surface)),
        by_surface=by_surface,
        cue_before=re.compile(
            rf"(?<![A-Za-z]){alternation(w.lower() for w in rp.combination_before)}"
            rf"[ ]{{0,{rp.cue_window}}}$"),
        cue_after=re.compile(
            rf"[ ]{{0,2}}{alternation(w.lower() for w in rp.combination_after)}(?![A-Za-z])"),
        # ")" first: the previous item may end inside its own gloss ("Stivarga (regorafenib), ").
        list_gap=re.compile(rf"\)?[ ]{{0,2}}(?:\([^()\n]{{0,{rp.max_paren}}}\))?[ ]{{0,2}}"
                            rf"{alternation(rp.list_separators)}[ ]{{0,2}}"),
        max_list_gap=rp.max_paren + 10,
        choice=re.compile(rf"(?<![A-Za-z]){_alt_or_never(rp.choice_lead)}[ ]{{1,2}}$", re.IGNORECASE),
        choice_gap=re.compile(rf"[ ]{{1,2}}{_alt_or_never(rp.choice_words)}[ ]{{1,2}}", re.IGNORECASE),
        compared_links=frozenset(w.lower() for w in rp.comparison_links),
        compared_before=re.compile(rf"(?<![A-Za-z]){_alt_or_never(rp.comparison_before)}[ ]{{0,2}}(?:the[ ])?$",
                                   re.IGNORECASE),
    )


def _fillers(words: list[str]) -> str:
    """A filler word and the space after it; Chinese ones ("联合小剂量地塞米松") need none."""
    latin = [w for w in words if w.isascii()]
    cjk = [w for w in words if not w.isascii()]
    return "|".join(p for p in (latin and rf"{alternation(latin)}[ ]{{1,2}}", cjk and alternation(cjk)) if p)


def _alt_or_never(words: list[str]) -> str:
    return alternation(words) if words else "(?!x)x"


def _combination_cue(text: str, first: Span, second: Span, rm: RegimenMatcher) -> bool:
    """True when a combination word governs the pair: "combination of A and B", "A和B联合治疗".

    It lets a weak link ("and", 和) join class members, which otherwise only coordinate
    topics ("PD-1抑制剂和CTLA-4抑制剂的结构").
    """
    before = text[max(0, first.start - 40) : first.start].lower()
    if rm.cue_before.search(before):
        return True
    return rm.cue_after.match(text[second.end : second.end + 40].lower()) is not None


def _ends_a_list(text: str, members: list[Span], i: int, rm: RegimenMatcher) -> bool:
    """True when members[i] follows another member across a list separator.

    A weak link after such a member closes an enumeration ("regorafenib, cabozantinib,
    ramucirumab and pembrolizumab"; "瑞戈非尼、卡博替尼和雷莫西尤单抗"), not a combination.
    """
    if i == 0:
        return False
    prev, first = members[i - 1], members[i]
    if first.start - prev.end > rm.max_list_gap:
        return False
    return rm.list_gap.fullmatch(text, prev.end, first.start) is not None


def _member(s: Span, text: str) -> str:
    if s.label == "DRUG_CLASS":
        return f"class:{s.norm}"
    return s.norm or text[s.start : s.end].lower()


def _regimen(positions: list[list[str]], start: int, end: int, rule: str) -> Span:
    norm = " + ".join("/".join(p) for p in positions)
    return Span(start, end, "REGIMEN", norm, rule, {"drugs": positions})


def find_regimens(text: str, members: list[Span], rm: RegimenMatcher) -> list[Span]:
    """Regimens over resolved DRUG/DRUG_CLASS spans (sorted by start), plus named ones."""
    named = []
    for m in rm.named.finditer(text):
        # R10: a regimen named by an acronym or nickname (STRIDE, 双艾, T+A) spans the name.
        reg = _regimen([list(p) for p in rm.by_surface[m.group()].drugs], m.start(), m.end(),
                       "regimen.lexicon")
        reg.attrs["named"] = True
        named.append(reg)
    out: list[Span] = []
    i, n = 0, len(members)
    while i < n:
        first = members[i]
        positions = [[_member(first, text)]]
        j = i
        while True:
            cur = members[j]
            k = j + 1
            # Skip members inside a parenthetical right after the current one.
            paren = rm.paren.match(text, cur.end)
            if paren:
                while k < n and members[k].start < paren.end():
                    k += 1
            if k >= n:
                break
            nxt = members[k]
            gap = text[cur.end : nxt.start]
            if nxt.label == "DRUG_CLASS" and k + 1 < n and members[k + 1].label == "DRUG" \
                    and text[nxt.end : members[k + 1].start] in ("", " "):
                k += 1  # class word describing the drug that follows
                nxt = members[k]
                gap = text[cur.end : members[k - 1].start]
            if any(_member(nxt, text) in p for p in positions):
                break  # "Bev and Bev/CCNU": a drug named again starts the next arm, no regimen holds it twice
            either = rm.choice_gap.fullmatch(gap) and rm.choice.search(text, max(0, cur.start - 12), cur.start)
            if cur.label == "DRUG" and nxt.label == "DRUG" and (rm.alternative.fullmatch(gap) or either):
                positions[-1].append(_member(nxt, text))
                j = k
                continue
            m = rm.gap.fullmatch(gap)
            if not m:
                break
            strong = m.group("conj").lower() in rm.strong
            # Weak links ("and", 和) join two named drugs, or two members a combination word
            # governs, and never extend a longer chain: "A plus B and C" more often lists C
            # beside the regimen than inside it; nor do they close an enumeration.
            # "comparing idarubicin with daunorubicin", "比较A和B": after a comparing verb "with" and 和
            # set the two against each other ("compare A and B (A-B) with C" keeps its "and")
            compared = m.group("conj").lower() in rm.compared_links \
                and rm.compared_before.search(text, max(0, first.start - 16), first.start) is not None
            if not strong and (len(positions) > 1 or compared or (
                    (cur.label != "DRUG" or nxt.label != "DRUG")
                    and not _combination_cue(text, cur, nxt, rm))
                    or _ends_a_list(text, members, i, rm)):
                break
            positions.append([_member(nxt, text)])
            j = k
        if len(positions) >= 2:
            out.append(_regimen(positions, first.start, members[j].end, "regimen.conjunction"))
        i = j + 1
    taken = [(r.start, r.end) for r in named]
    out = [r for r in out if not any(s < r.end and r.start < e for s, e in taken)]
    return sorted(named + out, key=lambda r: r.start)
