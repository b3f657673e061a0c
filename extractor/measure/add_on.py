"""Add-on designs stated in one allocation sentence: "either A or placebo, plus B", "B plus either A
or placebo", "A plus B or placebo plus B", "B alone or in combination with A". The experimental arm
is A + B, the control B. Each reader looks at consecutive subjects and the few characters between
them, so a sentence costs one pass over its subjects.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.lexicon import dose_units
from extractor.measure import lexicon as lx
from extractor.measure.arms import is_control
from extractor.measure.comparison import CONTROL, EXPERIMENTAL, addition, is_placebo, set_add_on
from extractor.measure.subjects import Subject


def add_on(subs: list[Subject], text: str, out: dict[str, list[str]]) -> bool:
    """An add-on design one allocation sentence states (A + B against B), its sides written into
    ``out``; whether one was found."""
    if addition(subs, out):
        return True
    if not _allocation().search(text):
        return False
    subs = _without_glosses(subs, text)
    for a, ctl, base in zip(subs, subs[1:], subs[2:]):
        # "either A or placebo, plus B and C", "A或安慰剂联合B": B is both arms' backbone; a dose
        # and schedule may stand on either side ("A 200 mg or placebo for up to 2 years, in
        # combination with up to 6 cycles of B")
        if a.label is None and not a.prior and a.drugs and ctl.label is not None and is_control(ctl.label) \
                and base.label is None and not base.prior and base.drugs and not set(a.drugs) & set(base.drugs):
            gap, rest = _asides_out(text[a.end : ctl.start]), BRACKETS.sub("", text[ctl.end : base.start])
            if (_either().fullmatch(gap) or _ends_with_or().fullmatch(gap)) and (backbone().fullmatch(rest) or (
                    _scheduled_backbone().fullmatch(rest) and not _either_word().search(rest))):  # "… with either of B or C"
                return set_add_on(out, a.drugs + base.drugs, base.drugs, ctl.label)
    for base, a, ctl in zip(subs, subs[1:], subs[2:]):
        # "pemetrexed and a platinum-based drug plus either 200 mg of pembrolizumab or placebo"
        if base.label is None and not base.prior and base.drugs and a.label is None and not a.prior and a.drugs \
                and is_placebo(ctl.label) and not set(a.drugs) & set(base.drugs) \
                and _backbone_first().fullmatch(BRACKETS.sub("", text[base.end : a.start])) \
                and _either().fullmatch(BRACKETS.sub("", text[a.end : ctl.start])):
            return set_add_on(out, base.drugs + a.drugs, base.drugs, ctl.label)
    for a, base, ctl, base2 in zip(subs, subs[1:], subs[2:], subs[3:]):
        # "either zolbetuximab (800 mg/m2 …) plus mFOLFOX6 for four cycles or placebo plus mFOLFOX6":
        # both arms written out, the placebo standing for the drug added to the shared backbone
        if a.label is None and not a.prior and a.drugs and base.label is None and base.drugs \
                and is_placebo(ctl.label) and base2.label is None and base2.drugs == base.drugs \
                and not set(a.drugs) & set(base.drugs) \
                and _ends_with_connector().fullmatch(text, a.end, base.start) \
                and _ends_with_or().fullmatch(BRACKETS.sub("", text[base.end : ctl.start])) \
                and backbone().fullmatch(BRACKETS.sub("", text[ctl.end : base2.start])):
            return set_add_on(out, a.drugs + base.drugs, base.drugs, ctl.label)
    for s, ctl, base2 in zip(subs, subs[1:], subs[2:]):
        # the same with the first arm read as one phrase ("tislelizumab 200 mg plus gemcitabine
        # and cisplatin for six cycles or placebo plus gemcitabine and cisplatin")
        if s.label is None and not s.prior and is_placebo(ctl.label) and base2.label is None \
                and base2.drugs and set(base2.drugs) < set(s.drugs) \
                and _ends_with_or().fullmatch(BRACKETS.sub("", text[s.end : ctl.start])) \
                and backbone().fullmatch(BRACKETS.sub("", text[ctl.end : base2.start])):
            return set_add_on(out, s.drugs, base2.drugs, ctl.label)
    for s, ctl in zip(subs, subs[1:]):
        # "azacitidine with venetoclax or matching placebo": the placebo stands for the drug added last
        drugs = list(dict.fromkeys(s.drugs))
        if s.label is None and not s.prior and len(drugs) >= 2 and is_placebo(ctl.label) \
                and _either().fullmatch(BRACKETS.sub("", text[s.end : ctl.start])):
            return set_add_on(out, drugs, drugs[:-1], ctl.label)
    for a, ctl in zip(subs, subs[1:]):
        # "randomly assigned to olaparib or placebo": a placebo-controlled trial of one treatment
        if a.label is None and not a.prior and a.drugs and is_placebo(ctl.label) \
                and _either().fullmatch(BRACKETS.sub("", text[a.end : ctl.start])):
            return set_add_on(out, a.drugs, [], ctl.label)
    for base, add in zip(subs, subs[1:]):
        # "randomized to receive bortezomib and dexamethasone alone or in combination with daratumumab";
        # the allocation first: "(… dactinomycin with or without doxorubicin …) were randomly assigned" is the therapy before
        if base.label is None and _allocation().search(text, 0, base.start) and not base.prior and base.drugs and add.label is None and not add.prior \
                and add.drugs and not set(base.drugs) & set(add.drugs) \
                and _optional().fullmatch(BRACKETS.sub("", text[base.end : add.start])):
            return set_add_on(out, base.drugs + add.drugs, base.drugs, None)
    for s in subs:  # the two arms are the parts of one allocated phrase ("A plus B or A plus B and C")
        if s.label is not None or s.prior or len(s.parts) != 2:
            continue
        a, b = (frozenset(p) for p in s.parts)
        if a < b or b < a:
            big, small = (s.parts[1], s.parts[0]) if a < b else (s.parts[0], s.parts[1])
            out[EXPERIMENTAL], out[CONTROL] = list(dict.fromkeys(big)), list(dict.fromkeys(small))
            return True
    return False


BRACKETS = regex.compile(r"\s{0,2}[(（][^()（）]{0,80}[)）]")


_APPOSITIVE = regex.compile(r",\s(?:a|an|the)\s[^,;]{1,80},")


def _asides_out(gap: str) -> str:
    """``gap`` without bracketed asides and appositives ("toripalimab, a monoclonal antibody
    against human programmed death-1 (PD-1), or placebo")."""
    return _APPOSITIVE.sub(" ", BRACKETS.sub("", gap))


@cache
def _backbone_first() -> regex.Pattern[str]:
    """Between a backbone and the drug added to it: "… and a platinum-based drug plus either 200 mg of"."""
    c = lx.cues()
    either = lx.surface_alt(c.either_words)
    return regex.compile(
        rf"[^,;，；。]{{0,30}}?(?:{lx.surface_alt(c.strong_connectors)})\s{{1,2}}(?:(?:{either})\s{{1,2}})?"
        rf"(?:[\d.]{{1,6}}\s?(?:{lx.surface_alt(dose_units())})\s(?:of\s)?)?"
    )


@cache
def _optional() -> regex.Pattern[str]:
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(lx.cues().optional_add_on)})\s{{0,2}}", regex.I)


@cache
def _either() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(c.allocation_or)})\s{{0,2}}(?:(?:{lx.surface_alt(c.or_fillers)})\s{{1,2}})?")


def _without_glosses(subs: list[Subject], text: str) -> list[Subject]:
    """The allocation's subjects without the acronym bracketed after the drugs it stands for
    ("capecitabine-oxaliplatin (CAPOX; n=254)", "nivolumab plus FOLFOX (mFOLFOX6, n=300)"): part of
    the arm it follows, not another subject."""
    return [s for k, s in enumerate(subs) if not (
        k and s.label is None and s.drugs and set(s.drugs) <= set(subs[k - 1].drugs)
        and _GLOSS_OPEN.fullmatch(text, subs[k - 1].end, s.start))]


_GLOSS_OPEN = regex.compile(r"\s{0,2}[(（\[]\s{0,2}")


@cache
def _ends_with_connector() -> regex.Pattern[str]:
    """A dose and schedule, then the word adding the backbone: " IV 800 mg/m2 (cycle 1, day 1) … plus "
    (" plus standard-of-care ")."""
    c = lx.cues()
    return regex.compile(rf"[^;；。]{{0,160}}?(?<![A-Za-z])(?:{lx.surface_alt(c.strong_connectors)})\s{{0,2}}"
                         rf"(?:(?:{lx.surface_alt(c.subject_qualifiers)})\s{{1,2}})?")


@cache
def _ends_with_or() -> regex.Pattern[str]:
    """A schedule, then the word of the other allocation: " IV for four 42-day cycles or "."""
    c = lx.cues()
    return regex.compile(rf"[^;；。]{{0,80}}?(?<![A-Za-z])(?:{lx.surface_alt(c.allocation_or)})\s{{0,2}}"
                         rf"(?:(?:{lx.surface_alt(c.or_fillers)})\s{{1,2}})?")


@cache
def _scheduled_backbone() -> regex.Pattern[str]:
    """A schedule, then the word adding the backbone, perhaps its cycles: " for up to 2 years, in
    combination with up to 6 cycles of "."""
    c = lx.cues()
    return regex.compile(rf"[^;；。]{{0,80}}?(?<![A-Za-z])(?:{lx.surface_alt(c.strong_connectors)})\s{{0,2}}"
                         rf"(?:[^,;，；。]{{0,24}}?\sof\s)?(?:(?:{lx.surface_alt(c.dose_adjectives)})\s{{0,2}})?")


@cache
def _either_word() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().either_words)


@cache
def backbone() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"[\s,，]{{0,3}}(?:{lx.surface_alt(c.strong_connectors)})\s{{0,2}}"
                         rf"(?:(?:{lx.surface_alt(c.dose_adjectives)})\s{{0,2}})?")


@cache
def _allocation() -> regex.Pattern[str]:
    c = lx.cues()
    return lx.compile_alt(c.cohort_total + c.value_comparison + c.allocation_words)
