"""Passes over a whole document's drafted values, once every sentence is read: the group
register's drugs for labels and for the unnamed side of a pair, the document's comparison for
values of "the respective arms", a one-treatment document's treatment, and the one line of
therapy or trial a one-report document names.

A draft is ``(sentence index, Item, Arm, LSentence, item index, view text, subjects)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from itertools import islice

import regex

from extractor.measure import lexicon as lx
from extractor.measure.arms import Arm, is_control
from extractor.measure.context import LineName, SentenceContext, label_key, sentence_context
from extractor.measure.groups import CONTROL, CONTROL_LABEL, EXPERIMENTAL, arm_of, completed
from extractor.measure.items import Item
from extractor.measure.records import both_groups
from extractor.measure.subjects import Subject, drugs_of
from extractor.models import Document, Entity


def one_treatment(drafts: list, resolved: list[list[Subject]], classes: dict[str, str] | None = None,
                  named_at: dict[str, int] | None = None) -> list:
    """A document about one treatment: values no sentence attributes take it. The treatment is
    the one drug set every other set the document names is part of ("T-DXd" in an abstract of
    trastuzumab deruxtecan); with two rival sets, or a comparison, nothing is assumed. A drug's own
    class named alone ("Mosunetuzumab, a … bispecific antibody"; ``classes``: INN -> class) is a
    description of it, no rival, and a value given to that class is the drug's."""
    sole = sole_treatment(resolved, classes)
    if sole is None and not any(x.cued for subs in resolved for x in subs):
        # a drug set first named after every value ("Hazard ratios for patients receiving vinorelbine
        # showed comparable results" closing the results) is no rival of the values' treatment; only
        # a drug by name, not a class a review names early, and never in a text that compares arms
        last = max((idx for idx, *_ in drafts), default=-1)
        sole = sole_treatment(resolved[: last + 1], classes)
        sole = sole if sole is not None and any(not d.startswith("class:") for d in sole[0]) else None
    if sole is None:
        return drafts
    drugs, described = sole
    # "from 10.8 to 20.8 months": the value it rose from is the control's, whatever the document's one treatment
    rose_from = {(idx, it.partner) for idx, it, *_ in drafts if it.rise and it.partner is not None}
    # a treatment first named after the results ("应用以培门冬酶为基础化疗方案的…患者" in the
    # conclusion) is no treatment of the values above it (guidelines 4.3 looks back)
    # (``named_at``: each drug's first mention in the document text)
    first = min((named_at or {}).get(d, 0) for d in drugs)
    out = []
    for idx, it, arm, *rest in drafts:
        named = rest[0].end > first  # its sentence ends after the treatment's first mention
        if named and frozenset(arm.drugs) in described:
            arm = replace(arm, drugs=drugs)  # "the bispecific antibody" of a document about mosunetuzumab
        elif named and not arm.drugs and (not arm.label or not is_control(arm.label)) \
                and it.code not in {"n_patients", "median_follow_up"} and (idx, rest[1]) not in rose_from:
            # pairs too: in a one-treatment text they compare its subgroups ("一线治疗组RR为35.6%")
            arm = replace(arm, drugs=drugs)
        out.append((idx, it, arm, *rest))
    return out


def first_mentions(entities: list[Entity]) -> dict[str, int]:
    """Arm item (INN, "class:…") -> where the document first names it."""
    out: dict[str, int] = {}
    for e in sorted(entities, key=lambda e: e.start):
        if e.label in {"DRUG", "DRUG_CLASS", "REGIMEN"}:
            for d in drugs_of(e):
                out.setdefault(d, e.start)
    return out


def mixed_cohort(texts: Iterable[str]) -> bool:
    """Whether a sentence names the cohort's usual regimen as such ("The most commonly used
    chemotherapy regimen was etoposide-platinum"): its patients received several, and the drug
    named is no treatment of every value."""
    cue = _usual_regimen()
    return any(cue.search(t) for t in texts)


@cache
def _usual_regimen() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"(?i)(?:{lx.surface_alt(c.usual_regimen)})\s{{0,2}}(?:{lx.surface_alt(c.usual_regimen_nouns)})"
                         rf"\s{{0,2}}(?:{lx.surface_alt(c.usual_regimen_copulas)})")


def sole_treatment(resolved: list[list[Subject]], classes: dict[str, str] | None = None
                   ) -> tuple[list[str], set[frozenset[str]]] | None:
    """The one treatment of a document about one (see ``one_treatment``), and the drug sets that
    only describe it (its class named alone); None with rival sets or a comparison."""
    sets = {frozenset(s.drugs) for subs in resolved for s in subs if s.label is None and not s.prior and s.drugs}
    named = {f"class:{c}" for d in {d for x in sets for d in x} if (c := (classes or {}).get(d))}
    described = {x for x in sets if x <= named}
    sets -= described
    tops = [x for x in sets if not any(x < y for y in sets)]
    if len(tops) != 1 or any(s.cued for subs in resolved for s in subs):
        return None
    drugs = next(
        list(s.drugs) for subs in resolved for s in subs if s.label is None and not s.prior and frozenset(s.drugs) == tops[0]
    )
    return drugs, described


def registered(drafts: list, groups: dict[str, list[str]], one_study: bool) -> list:
    """Drafts whose arm is only a group label take the drugs the document gave that group; in a
    document about one study, an arm named by part of its compared regimens is made whole."""
    return [(idx, it, whole(arm, groups, one_study), *rest) for idx, it, arm, *rest in drafts]


def control_side(drafts: list, groups: dict[str, list[str]]) -> list:
    """A compared pair whose first value is the experimental arm's and whose second names no arm
    ("olaparib … (median = 19.1 vs 5.5 months)"): the second is the control of the document's
    comparison."""
    exp = set(groups.get(EXPERIMENTAL, []))
    ctl_drugs, ctl_label = groups.get(CONTROL, []), (groups.get(CONTROL_LABEL) or [None])[0]
    if not exp or not (ctl_drugs or ctl_label):
        return drafts
    at = {(d[0], d[4]): k for k, d in enumerate(drafts)}
    out = list(drafts)
    for k, (idx, it, arm, *rest) in enumerate(drafts):
        if it.partner is None or it.side != 1:
            continue
        j = at.get((idx, it.partner))
        if j is None:
            continue
        # the control is the side that names no arm: the second of "A vs …", the first of "from … to A"
        named, bare = (k, j) if it.rise else (j, k)
        if drafts[bare][2].drugs or drafts[bare][2].label or not drafts[named][2].drugs \
                or not set(drafts[named][2].drugs) <= exp:
            continue
        b_idx, b_it, _, *b_rest = drafts[bare]
        out[bare] = (b_idx, b_it, Arm(list(ctl_drugs), _printed(ctl_label, b_rest[2])), *b_rest)
    return out


def comparison_ratios(drafts: list, groups: dict[str, list[str]], hr_comparators: dict) -> list:
    """A hazard ratio or risk reduction no sentence gives arms ("The hazard ratio for overall
    survival was 0.73") in a report of one comparison: the document's experimental arm against
    its control. Called for one-study, one-article documents only: in a review the ratio may be
    another study's."""
    exp = groups.get(EXPERIMENTAL, [])
    ctl_drugs, ctl_label = groups.get(CONTROL, []), (groups.get(CONTROL_LABEL) or [None])[0]
    if not exp or not (ctl_drugs or ctl_label):
        return drafts
    out = []
    for idx, it, arm, *rest in drafts:
        cmp = hr_comparators.get((idx, rest[1]))
        if it.code in _RATIOS and it.partner is None and (not arm.drugs and not arm.label or _only_control(
                arm, ctl_drugs, exp) and (cmp is None or not cmp.drugs and not cmp.label)):
            # a ratio is the experimental arm's against the control, never the control's alone
            # ("… in the placebo group, … (HR = 0.49, 95% CI …)")
            arm = Arm(list(exp))
            if cmp is None or not cmp.drugs and not cmp.label:
                hr_comparators[(idx, rest[1])] = Arm(list(ctl_drugs), _printed(ctl_label, rest[2]))
        out.append((idx, it, arm, *rest))
    return out


def _only_control(arm: Arm, ctl_drugs: list[str], exp: list[str]) -> bool:
    if not arm.drugs:
        return bool(arm.label) and is_control(arm.label)
    return set(arm.drugs) in (set(ctl_drugs), _parts(ctl_drugs)) and set(ctl_drugs) != set(exp)


def _parts(drugs: list[str]) -> set[str]:
    """The drugs of an arm with each choice ("paclitaxel/docetaxel/irinotecan") read as its parts."""
    return {a for d in drugs for a in d.split("/")}


_RATIOS = frozenset({"HR", "risk_reduction"})


def experimental_side(drafts: list, groups: dict[str, list[str]]) -> list:
    """The mirror of ``control_side`` in a one-study document: a compared pair whose second value is
    the control's ("中位总生存期为15.38个月,安慰剂组为11.10个月") and whose first names no arm is the
    experimental arm's."""
    exp = groups.get(EXPERIMENTAL, [])
    ctl_drugs = set(groups.get(CONTROL, []))
    if not exp or not (ctl_drugs or groups.get(CONTROL_LABEL)):
        return drafts
    at = {(d[0], d[4]): k for k, d in enumerate(drafts)}
    out = list(drafts)
    for k, (idx, it, arm, *rest) in enumerate(drafts):
        if it.partner is None or it.side != 0 or arm.drugs or arm.label:
            continue
        j = at.get((idx, it.partner))
        if j is None:
            continue
        other = drafts[j][2]
        if (other.label and is_control(other.label) and not other.drugs) or (other.drugs and set(other.drugs) == ctl_drugs
                                                                               and ctl_drugs != set(exp)):
            out[k] = (idx, it, Arm(list(exp)), *rest)
    return out


def rise_to_the_treatment(items: list, arms: list[Arm]) -> None:
    """"Nivolumab extended median DFS from 10.8 to 20.8 months": the treatment the sentence names is
    the value it rose to; the value it rose from is the control's, named nowhere in the sentence."""
    for i, it in enumerate(items):
        if not it.rise or it.partner is None:
            continue
        before, after = arms[it.partner], arms[i]
        if before.drugs and (after.drugs == before.drugs or not after.drugs and not after.label):
            arms[i], arms[it.partner] = before, Arm([])


_NOT_LONE = frozenset({"n_patients", "HR", "OR", "RR", "risk_reduction"})


def read_back_control(drafts: list, groups: dict[str, list[str]]) -> list:
    """A lone value whose sentence names no arm and that read the control's drugs back from an
    earlier sentence ("…随机分配至百泽安组或化疗组(化疗组的治疗方案为…紫杉醇、多西他赛或伊立替康)" then
    "中位总生存期达8.6个月"): the sentence before named both arms, and a study report's lone value is
    its experimental arm's."""
    exp, atoms = groups.get(EXPERIMENTAL, []), _parts(groups.get(CONTROL, []))
    if not exp or not atoms or atoms == set(exp):
        return drafts
    out = list(drafts)
    for k, (idx, it, arm, *rest) in enumerate(drafts):
        own = {d for s in rest[-1] for d in s.drugs}
        # (counts belong to whichever group they size; ratios are the comparison's, read by comparison_ratios)
        if it.partner is None and it.slot is None and it.code not in _NOT_LONE and not arm.label \
                and set(arm.drugs) == atoms and not own & atoms:
            out[k] = (idx, it, Arm(list(exp)), *rest)
    return out


def _printed(label: str | None, text: str) -> str | None:
    """The control's group words when the value's sentence prints them: a label is what stands at
    the value (guideline R6); the document's comparison still gives the drugs and the pairing."""
    return label if label and label_key(label) in label_key(text) else None


def respective_arms(drafts: list, groups: dict[str, list[str]]) -> list:
    """Two listed values "in the respective arms" / "两组分别为" that no sentence near them gave arms
    (the comparison was named paragraphs before): the document's comparison, first side first."""
    exp = groups.get(EXPERIMENTAL, [])
    ctl_drugs, ctl_label = groups.get(CONTROL, []), (groups.get(CONTROL_LABEL) or [None])[0]
    if not exp or not (ctl_drugs or ctl_label):
        return drafts
    listed: dict[tuple[int, int], list[int]] = {}
    for k, (idx, it, arm, _, _, text, _) in enumerate(drafts):
        if it.slots == 2 and it.slot is not None and not arm.drugs and not arm.label and both_groups(text):
            listed.setdefault((idx, it.group), []).append(k)
    out = list(drafts)
    for ks in listed.values():
        if len(ks) != 2:
            continue
        a, b = sorted(ks, key=lambda k: drafts[k][1].slot)
        first, second = drafts[a][1], drafts[b][1]
        if first.partner is None and second.partner is None:  # the two sides of one comparison
            first.partner, second.partner, second.side = drafts[b][4], drafts[a][4], 1
        for k in ks:
            idx, it, _, *rest = drafts[k]
            out[k] = (idx, it, Arm(list(exp)) if it.slot == 0 else Arm(list(ctl_drugs), _printed(ctl_label, rest[2])), *rest)
    return out


def whole(arm: Arm, groups: dict[str, list[str]], one_study: bool) -> Arm:
    """``arm`` with the drugs the document gave its group label, made whole in a one-study text."""
    if not groups:
        return arm
    if arm.label:
        drugs = arm_of(arm.label, groups)
        # "A组奥沙利铂采用腹腔热灌注" names part of what the group was given: the group's value is its whole regimen's
        if drugs and (not arm.drugs or set(arm.drugs) < set(drugs)):
            arm = replace(arm, drugs=list(drugs))
    whole = completed(arm.drugs, arm.label, groups) if one_study else arm.drugs
    return replace(arm, drugs=whole) if whole != arm.drugs else arm


_NUMBERED_HEADING = regex.compile(r"^[ \t]{0,3}\d{1,2}(?:\.\d{1,2}){0,3}[ \t]{1,3}\S[^\n。.!?]{0,40}$", regex.M)


def one_article(doc: Document) -> bool:
    """One report of one study: at most one title (a front-matter title or a top-level "# "
    heading; several are several reports), and no numbered section headings ("1 引言", "2 REFLECT
    研究": a review's topics, whose values may come from any study)."""
    titles = (s for s in doc.sections
              if s.kind == "title" or s.kind == "heading" and doc.text[s.start : s.end].lstrip().startswith("# "))
    numbered = _NUMBERED_HEADING.finditer(doc.text)  # lazy: the scan stops at the second heading
    return len(list(islice(titles, 2))) < 2 and len(list(islice(numbered, 2))) < 2


def document_line(
    per_sentence: list[tuple[list[Item], list[Subject], str]], contexts: dict[int, SentenceContext]
) -> LineName | None:
    """The line of a one-study document that names only one ("first-line", "既往未经系统治疗"):
    every value of it is of that line. Two line names (a first line that failed, a second measured)
    leave values to their own sentences. The sentence contexts read are kept in ``contexts``."""
    names: set[LineName] = set()
    for idx, (items, subs, text) in enumerate(per_sentence):
        if not items and not any(not s.prior for s in subs):
            continue  # a line said of no treatment and no result ("…的标准一线治疗地位") is not the study's
        ctx = contexts[idx] = sentence_context(text, [(s.start, s.end) for s in subs if s.prior])
        names.update(n for _, n in ctx.lines)
        if len(names) > 1:
            return None
    return names.pop() if names else None
