"""Turn the measurements of one sentence into Records, with arms, trial and context."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

import regex

from extractor.measure.background import design_sentence
from extractor.measure import arms as am
from extractor.measure.bracketed_arms import each_before, each_block
from extractor.measure import lexicon as lx
from extractor.measure.citations import dois_for, sentence_citations
from extractor.measure.count_arms import count_arm
from extractor.measure.count_guards import count_alt, count_class, make_up, not_a_group
from extractor.measure.context import LSentence
from extractor.measure.items import Item
from extractor.measure.listed_arms import each_after, spread
from extractor.measure.subjects import Subject
from extractor.measure.tokens import Token
from extractor.models import Reference

_MAX_COUNT = 1_000_000


@cache
def _responder_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(filler, outcome after, outcome before, criterion) patterns, anchored where they are used."""
    c = lx.cues()
    outcomes = lx.surface_alt(lx.responder_surfaces())
    filler = regex.compile(r"\s{0,2}(?:" + lx.surface_alt(c.count_outcome_fillers) + ")")
    after = regex.compile(r"\s{0,2}(?:" + outcomes + ")")
    # "完全缓解(complete remission, CR)5例": a bracketed gloss may follow the outcome
    before = regex.compile(r"(?P<o>" + outcomes + r")(?:\s{0,2}[(（][^()（）]{1,40}[)）])?\s{0,2}(?:(?:"
                           + lx.surface_alt(c.count_outcome_before) + r")\s{0,2})?$")
    crit = regex.compile(r"\s{0,2}\(\s{0,2}(?:" + lx.surface_alt([s for ss in c.criteria.values() for s in ss]) + ")")
    return filler, after, before, crit


def _after_fillers(text: str, pos: int) -> str:
    """``text`` after ``pos`` with up to four filler words skipped ("患者获得", "patients had a"),
    and the count's share in brackets ("8例(26.7%)患者达到部分缓解")."""
    filler = _responder_patterns()[0]
    share = _SHARE.match(text, pos)
    if share is not None:
        pos = share.end()
        # "34 patients (71%) and 17 patients (35%) achieved a response … respectively": the counts
        # listed with their shares share the outcome after the last
        for _ in range(4):
            listed = _listed_count().match(text, pos)
            if listed is None:
                break
            pos = listed.end()
    for _ in range(4):
        m = filler.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    return text[pos : pos + 60]


def responder_count(text: str, tok: Token) -> tuple[str, str | None] | None:
    """(endpoint, criterion) when a count says how many patients responded, else None.

    The outcome follows the count after a few filler words ("3例患者达到CR", "2 patients
    had a partial response", "1例患者获得完全缓解(mRECIST)") or precedes it ("CR 1例",
    "PR为2例", "complete response was achieved in 3 patients").
    """
    _, after, before, crit = _responder_patterns()
    table = lx.responder_by_surface()
    m = after.match(_after_fillers(text, tok.end))
    if m is not None:
        c = crit.match(_after_fillers(text, tok.end), m.end())
        name = lx.criterion_by_surface()[c.group().lstrip(" (").casefold()] if c else None
        return table[m.group().strip().casefold()], name
    lo = max(0, tok.start - 40)
    b = before.search(text, lo, tok.start)
    if b is not None and not _outcome_list_before().search(text, max(0, lo - 60), b.start("o")):
        return table[b.group("o").casefold()], None
    return None  # (also "CR、PR或SD 62例患者": the patients with any of the listed outcomes, a cohort)


def _outcome_counted_after(text: str, tok: Token) -> bool:
    """"试验组7例患者完全缓解5例": the outcome after the count has its own count, so the first
    counts the group."""
    after = _responder_patterns()[1]
    rest = _after_fillers(text, tok.end)
    m = after.match(rest)
    return m is not None and _outcome_count().match(rest, m.end()) is not None


@cache
def _outcome_count() -> regex.Pattern[str]:
    return regex.compile(r"\s{0,2}(?:(?:" + lx.surface_alt(lx.cues().outcome_count_fillers) + r")\s{0,2})?\d{1,5}\s{0,2}"
                         + count_class())


@cache
def _outcome_list_before() -> regex.Pattern[str]:
    """Another outcome and a list word right before the count's outcome ("部分缓解(PR)或疾病稳定")."""
    joins = [w for w in (*lx.coordinators(), *lx.cues().choice_words) if w not in (",", "，")]
    return regex.compile(r"(?:" + lx.surface_alt(lx.responder_surfaces()) + r")(?:\s{0,2}[(（][^()（）]{1,40}[)）])?\s{0,2}(?:"
                         + lx.surface_alt(joins) + r")\s{0,2}$")


@cache
def _listed_count() -> regex.Pattern[str]:
    """", and 17 patients (35%)": one more count listed with its share. Only "patients", 例 and 名
    after the number, as the rule was written and measured."""
    return regex.compile(r"\s{0,2}(?:,\s?and|and|,|、|和|与|及)\s{0,2}\d{1,5}\s{0,2}(?:" + count_alt("人位", ("patients",))
                         + r")?\s{0,2}[(（\[]\s{0,2}\d{1,3}(?:\.\d{1,2})?\s{0,2}%\s{0,2}[)）\]]")


_NUMERATOR_BEFORE = regex.compile(r"(?<![\d.])\d{1,5}\s(?:of|out\sof)\s(?:the\s)?$")
_SHARE = regex.compile(r"\s{0,2}[(（\[]\s{0,2}(?P<v>\d{1,3}(?:\.\d{1,2})?)\s{0,2}%\s{0,2}[)）\]]")


def count_items(loose: list[Token], text: str, base_group: int, base: int,
                drugs: Sequence[tuple[int, int]] = ()) -> list[Item]:
    """Counts no endpoint took: group sizes ("119例", "(58例vs55例)", "n=91", the 52 of "26/52")
    as ``n_patients``, and counts of responders ("1例疾病缓解", "CR 3例") as ``n_CR`` / ``n_PR`` /
    ``n_SD`` / ``n_response``.

    A fraction "26/52" is a share of a group: its denominator is the group's size (the
    record, grounded on "52"); the numerator is composition and no record. Other
    outcome counts ("3例死亡", "5 patients experienced …") are skipped.
    """
    outcome = lx.compile_wrapped(lx.cues().count_outcome_after, r"^\s*", "")
    vs = lx.compile_wrapped(lx.cues().value_comparison, r"^\s*", r"\s*$")
    out: list[Item] = []
    if loose and design_sentence(text):
        return out  # "11 responses in 30 patients were required to …": the design's counts
    for tok in loose:
        if tok.value is None or not (1 <= tok.value < _MAX_COUNT) or tok.value != int(tok.value):
            continue
        resp = responder_count(text, tok) if tok.kind == "VALUE" else None
        if resp is not None:
            if _NUMERATOR_BEFORE.search(text, max(0, tok.start - 16), tok.start) or _outcome_counted_after(text, tok):
                # "12 of 40 patients (30%) achieved a PR": 40 sizes the group, 12 is the share's numerator
                item = Item("n_patients", tok, tok.value, None, "patients", tok, "value.count", base_group + len(out))
            else:
                item = Item(resp[0], tok, tok.value, None, "patients", tok, "value.responder_count", base_group + len(out))
                item.criterion = resp[1]
            out.append(item)
            share = _SHARE.match(text, tok.end)
            rate = lx.cues().responder_share.get(resp[0])
            if share is not None and rate is not None:
                value = float(share.group("v"))
                stok = Token("VALUE", share.start("v"), share.end() - 1, text[share.start("v") : share.end() - 1],
                             value=value, unit="%", unit_kind="percent",
                             num_start=share.start("v"), num_end=share.end("v"))
                rated = Item(rate, stok, value, None, "%", tok, "value.responder_share", base_group + len(out))
                rated.criterion, rated.n = resp[1], None
                out.append(rated)
            continue
        if tok.kind == "VALUE" and (outcome.search(text[tok.end : tok.end + 24]) or outcome.search(_after_fillers(text, tok.end)[:12])
                                    or outcome.search(_SHARE.sub("", text[tok.end : tok.end + 30], count=1)[:12])):
            continue  # "3例死亡", "12例患者(18.46%)出现肿瘤复发": the patients with the outcome
        if not_a_group(text, tok) or (drugs and make_up(text, tok, drugs)):
            continue
        item = Item("n_patients", tok, tok.value, None, "patients", tok, "value.count", base_group + len(out))
        if tok.kind == "FRAC":
            item.rule = "value.fraction"
        prev = out[-1] if out else None
        if prev is not None and prev.code == "n_patients" and prev.partner is None and vs.search(text[prev.tok.end : tok.start]):
            item.partner, item.side, item.group = base + len(out) - 1, 1, prev.group
            prev.partner = base + len(out)
            item.rule = prev.rule = "value.comparison.vs"
        out.append(item)
    return out


# Between two pairs of one sentence: a clause of its own names its own arms ("；", "; in those …").
_CLAUSE_BREAK = regex.compile(r"[;；。]")


# Effects of one arm over another: their arm is the experimental side, the control the comparator.
_RATIOS = frozenset({"HR", "OR", "RR", "risk_reduction"})


class Work:
    """Subjects offered to the arm rules, summed over values: the record stage's work, which the
    hostile-input tests compare for inputs 4x apart (wall time is too noisy on a shared machine)."""

    candidates = 0


_REACH = 16  # subjects on either side of a value (and of its trigger) that may be its arm


def _near(subs: list[Subject], starts: list[int], lo: int, hi: int) -> list[Subject]:
    """The subjects of a sentence around ``lo``..``hi``: at most ``_REACH`` before ``lo``, those
    between (at most ``_REACH``), and ``_REACH`` after. Every rule reads the nearest subjects
    only, so a sentence of thousands of values and drugs stays linear."""
    a = bisect_left(starts, lo)
    b = min(bisect_right(starts, hi), a + _REACH)
    got = subs[max(0, a - _REACH) : b + _REACH]
    Work.candidates += len(got)
    return got


def _ends(subs: list[Subject]) -> list[Subject]:
    """The first and last ``_REACH`` subjects of an earlier sentence, for the look-back."""
    return subs if len(subs) <= 2 * _REACH else subs[:_REACH] + subs[-_REACH:]


def assign_arms(
    items: list[Item], subs: list[Subject], fallback: list[Subject], text: str, trials: list[tuple[int, int]] | None = None,
    *, compared_doc: bool = False,
) -> tuple[list[am.Arm], dict[int, am.Arm]]:
    """Arm of each item of one sentence (``text``, the sentence's view text); ``compared_doc``
    says the document compares arms somewhere (a cohort total then belongs to no one arm).

    Also returns comparators for lone hazard ratios: an HR after a compared pair
    compares the same arms ("… vs 13.4 months; HR 0.66"); otherwise its comparator is
    the cued subject ("较索拉非尼…HR 0.79").
    """
    arms: list[am.Arm] = [am.NO_ARM] * len(items)
    hr_cmp: dict[int, am.Arm] = {}
    last_pair: tuple[am.Arm, am.Arm] | None = None
    pair_end: int | None = None  # where the second value of the last pair ends
    spread_cache: dict[int, list[am.Arm] | None] = {}
    last_listed: dict[int, list[am.Arm]] = {}  # the latest list spread over arms, by its length
    last_two: tuple[am.Arm, am.Arm] | None = None  # the latest two-value list over two arms
    both_at: int | None = None  # where "两组"/"both groups"/"the respective arms" first stands in the sentence
    starts = [s.start for s in subs]  # once per sentence: values look subjects up by bisect
    fallback = _ends(fallback)
    groups: dict[int, list[Item]] = {}
    for it in items:
        if it.slot is not None:
            groups.setdefault(it.group, []).append(it)
    counts = [i for i, it in enumerate(items) if it.code == "n_patients"]
    value_ends = {it.tok.end: i for i, it in enumerate(items) if it.code != "n_patients"}
    for i, it in enumerate(items):
        trig = it.trigger.start if it.code != "n_patients" else it.tok.start
        near = _near(subs, starts, min(trig, it.tok.start), it.tok.end)
        if it.partner is not None and it.side == 0:
            j = it.partner
            near = _near(subs, starts, min(trig, it.tok.start), items[j].tok.end)
            if last_pair is not None and last_pair[1] != am.NO_ARM and pair_end is not None \
                    and _same_arms_since(subs[bisect_left(starts, pair_end) : bisect_left(starts, it.tok.start)],
                                         last_pair, fallback + near) \
                    and not _CLAUSE_BREAK.search(text, pair_end, it.tok.start):
                # "14.1 months for A versus 8.3 months for B, with 12-month OS rates of 53% versus
                # 36%": no arm named since the last pair of the sentence, so the same two arms
                arms[i], arms[j] = last_pair
                pair_end = items[j].tok.end
                continue
            left, right = am.pair(
                near, trig, items[j].tok.end, fallback,
                values_start=it.tok.end, second_start=items[j].tok.start, text=text, first_start=it.tok.start,
            )
            if (left.drugs, left.label) == (right.drugs, right.label):
                right = am.NO_ARM  # a pair compares two arms: the one named twice is only the first
            if right == am.NO_ARM and last_pair is not None and last_pair[1] != am.NO_ARM \
                    and (left.drugs, left.label) == (last_pair[0].drugs, last_pair[0].label):
                right = last_pair[1]  # "…versus SUN [56% versus 28%]; … 22.1 months versus 16.1 months": the same two arms
            arms[i], arms[j] = left, right
            last_pair = (left, right)
            pair_end = items[j].tok.end
        elif it.partner is not None:
            continue
        elif it.slot is not None:
            if it.group not in spread_cache:
                mine = groups[it.group]
                last = max(x.tok.end for x in mine)
                near = _near(subs, starts, min(trig, it.tok.start), last)
                spans = [(x.tok.start, x.tok.end) for x in mine]
                got = (each_after(near, spans, text) or each_before(near, spans, text)) if len(mine) == it.slots else None
                if it.per_slot > 1 and len(mine) == it.slots * it.per_slot:
                    blocks = [(spans[k][0], spans[k + it.per_slot - 1][1]) for k in range(0, len(spans), it.per_slot)]
                    got = each_block(subs, blocks)
                got = got or spread(near, trig, it.slots, fallback, last, text, respectively=it.rule == "value.respectively",
                                       values_start=min(x.tok.start for x in mine))
                if both_at is None:
                    m = _both_words().search(text)  # once a sentence: thousands of lists stay linear
                    both_at = m.start() if m else len(text)
                if got is None and it.slots == 2 and not am.usable(near) and both_at < len(text):
                    # "两组患者的中位OS分别为8.7月和6.8月": the two arms the last sentence set against each other
                    sides = am.sides(fallback)
                    got = list(sides) if sides is not None else None
                if got is None:
                    got = last_listed.get(it.slots)  # "DCR为27%和41%" after "分别为13%和32%": the sentence's arms
                spread_cache[it.group] = got
                if got:
                    last_listed[len(got)] = got
                    if len(got) == 2 and (got[0].drugs, got[0].label) != (got[1].drugs, got[1].label):
                        a, b = got
                        last_two = (b, a) if am.is_control(a.label) and not a.drugs and not am.is_control(b.label) else (a, b)
            got = spread_cache[it.group]
            arms[i] = got[it.slot] if got else am.single(near, trig, fallback)
        elif it.code == "median_follow_up" and (am.two_arms(near) or am.two_arms(fallback)
                                                 or any(x.partner is not None for x in items)):
            arms[i] = am.NO_ARM  # a compared study's follow-up is the whole study's (M16)
        elif it.code in _RATIOS and last_pair is None and last_two is not None:
            left, right = last_two  # "A组和B组分别为a和b, HR=…": the listed arms
            arms[i] = left
            if it.code != "risk_reduction":
                hr_cmp[i] = right
        elif it.code in _RATIOS and last_pair is not None:
            arms[i] = last_pair[0]
            if it.code != "risk_reduction":  # a risk reduction names no comparator (held-out gold M1)
                hr_cmp[i] = last_pair[1]
        elif it.code == "n_patients" and _is_total(items, counts, i) and am.two_arms(near):
            arms[i] = am.NO_ARM  # "245例…其中180例为对照组，65例为试验组": the counts after it add up to it
        elif it.code == "n_patients":
            owner = _rate_of(items, i, text, value_ends)
            if owner is not None and owner < i:
                arms[i] = arms[owner]  # "26.7%(12/45)": the denominator is the rate's group
            else:
                arms[i] = count_arm(near, it.tok.start, it.tok.end, fallback, text, trials, compared_doc=compared_doc)
        else:
            arms[i] = am.single(near, trig, fallback, it.tok.end, text, ratio=it.code in _RATIOS,
                                value_start=it.tok.start)
            if it.code in _RATIOS and it.code != "risk_reduction":
                cued = am.comparator_of(near, trig, it.tok.end)
                if cued is not None:
                    hr_cmp[i] = cued
    _link_listed_pairs(items, arms)
    return arms, hr_cmp


def _same_arms_since(between: list[Subject], pair: tuple[am.Arm, am.Arm], pool: list[Subject]) -> bool:
    """No arm but the last pair's own named since it (its right side may follow its value:
    "8.3 months for chemotherapy, with ... 53% versus 36%")."""
    if len(between) > 2:
        return False
    known = {(tuple(a.drugs), a.label) for a in pair}
    return all((tuple(r.drugs), r.label) in known for r in (am.resolve(s, pool) for s in between))


def _is_total(items: list[Item], counts: list[int], i: int) -> bool:
    """Whether the count at ``i`` is the sum of the next two or three counts of its sentence
    (``counts``: the indices of the sentence's counts, ascending)."""
    k = bisect_right(counts, i)
    later = [items[j].value for j in counts[k : k + 3]]
    value = items[i].value
    return any(len(later) >= n and abs(sum(later[:n]) - value) < 0.5 for n in (2, 3))


def _rate_of(items: list[Item], i: int, text: str, ends: dict[int, int]) -> int | None:
    """Index of the value whose bracket a count sits in ("26.7%(12/45)", "62.0% (n = 184)");
    ``ends`` maps where each non-count value ends to its index (the counts come after all of
    a sentence's values, so the owner may be far back in the list)."""
    tok = items[i].tok
    if tok.kind not in {"FRAC", "NEQ"}:
        return None
    for end in range(tok.start, max(-1, tok.start - 9), -1):
        j = ends.get(end)
        if j is not None and am.OWN_COUNT.match(text, end, tok.start):
            return j
    m = _studies_then_n().search(text, max(0, tok.start - 40), tok.start)
    return ends.get(m.start()) if m is not None else None  # "64% (6 studies; n = 289)": the pooled rate's n


@cache
def _studies_then_n() -> regex.Pattern[str]:
    studies = lx.surface_alt([s for u in lx.units() if u.kind == "study" for ss in u.surfaces.values() for s in ss])
    return regex.compile(rf"\s{{0,2}}[(（]\s{{0,2}}\d{{1,4}}\s?(?:{studies})\s{{0,2}}[;,；，]\s{{0,2}}(?:[nN]\s{{0,2}}=\s{{0,2}})?$")


def _link_listed_pairs(items: list[Item], arms: list[am.Arm]) -> None:
    """Two listed values spread over two different arms ("A和B的ORR分别为13%和32%") are
    the two sides of a comparison: each points to the other (guidelines 4.3)."""
    by_group: dict[int, list[int]] = {}
    for i, it in enumerate(items):
        if it.slot is not None and it.slots == 2 and it.partner is None:
            by_group.setdefault(it.group, []).append(i)
    for a, b in (v for v in by_group.values() if len(v) == 2):
        if (arms[a].drugs, arms[a].label) != (arms[b].drugs, arms[b].label):
            items[a].partner, items[b].partner, items[b].side = b, a, 1


def cite(ls: LSentence, references: list[Reference]) -> tuple[list[int], list[str]]:
    nums = sentence_citations(ls.markers if ls.cite_markers is None else ls.cite_markers)
    return nums, dois_for(nums, references)


_NO_N = {"mDOR", "DOR", "n_patients"}


def assign_n(items: list[Item], arms: list[am.Arm]) -> None:
    """``n`` of each value from the group sizes its own sentence states (guidelines 4.3).

    A size goes to the values of the same arm: one size (or one size repeated) to every
    such value ("10例患者mPFS为2.9个月", "25例…所有患者的ORR为16%", "在26例患者中,…13例
    疾病稳定"), two compared sizes ("58例vs55例") each to its own arm's values. A cohort
    split over several arms ("纳入355例…,分别接受A和B") sizes none of the per-arm values.
    Durations of response are about the responders, not the group, and get none.
    """
    counts = [(it, arms[i]) for i, it in enumerate(items) if it.code == "n_patients"]
    if not counts:
        return
    sizes = {int(it.value) for it, _ in counts}
    paired = len(counts) == 2 and counts[0][0].partner is not None and counts[1][0].partner is not None
    if len(sizes) != 1 and not paired:
        return
    by_arm: dict[tuple[str, ...], set[int]] = {}
    for c, a in counts:
        by_arm.setdefault(tuple(a.drugs), set()).add(int(c.value))
    for i, it in enumerate(items):
        if it.code in _NO_N or it.n is not None or (paired and it.code == "HR"):
            continue
        if it.code == "HR" and () in by_arm:
            hits = by_arm[()]  # an HR is about the whole trial: its size is the cohort's (M12)
        elif not arms[i].drugs and (arms[i].label or it.partner is not None or it.slot is not None):
            continue  # a trial's whole cohort is not the size of one of its arms (the placebo side included)
        else:
            hits = by_arm.get(tuple(arms[i].drugs), set())
        if len(hits) == 1:
            it.n = next(iter(hits))


@cache
def _both_words() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().both_groups)


def both_groups(text: str) -> bool:
    """Whether ``text`` says its values are of both arms ("两组", "in the respective arms")."""
    return _both_words().search(text) is not None

