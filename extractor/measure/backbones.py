"""What the document says elsewhere about the comparison's arms: the backbone a placebo arm stands on
("斯鲁利单抗组 vs 安慰剂组" and, sentences away, "斯鲁利单抗联合卡铂-依托泊苷"), the chemotherapy a
control named "chemotherapy" received. Each look is one pass over the document's subjects."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import regex

from extractor.lexicon import load_lexicon
from extractor.measure import lexicon as lx
from extractor.measure.comparison import CONTROL, CONTROL_LABEL, EXPERIMENTAL, is_placebo, set_add_on
from extractor.measure.context import label_key
from extractor.measure.subjects import Subject

_CHEMO_REACH = 60  # characters either side of a drug phrase within which its word "chemotherapy" stands


def placebo_backbone(sentences: list[tuple[list[Subject], str]], out: dict[str, list[str]]) -> None:
    """"A versus placebo" where the document elsewhere gives A with B ("A联合卡铂和依托泊苷"): the
    placebo stands for A on a backbone B every patient received, so the arms are A + B and B. Only
    when the regimens around A grow in one chain (A + B, A + B + C); rival partners
    (A + B in one place, A + C in another) leave the comparison as it is. "A versus placebo plus B"
    gives B to A's arm as well."""
    exp = out.get(EXPERIMENTAL)
    if not exp or not out.get(CONTROL_LABEL) or not is_placebo(out[CONTROL_LABEL][0]):
        return
    backbone = out.get(CONTROL)
    if backbone:
        if not set(backbone) & set(exp):  # "A versus placebo plus B": blinding gives B to both arms
            set_add_on(out, list(exp) + list(backbone), list(backbone), out[CONTROL_LABEL][0])
        return
    core = frozenset(exp)
    wider: set[frozenset[str]] = set()
    for subs, _ in sentences:
        sets = [frozenset(s.drugs) for s in subs if s.label is None and not s.prior]
        mine = {x for x in sets if core < x}
        if mine and core in sets:
            return  # "204 received A plus B, 207 A and 205 placebo": A + B is a third arm, not A's backbone
        wider |= mine
    if not wider:
        return
    chain = sorted(wider, key=len)
    if any(not a < b for a, b in zip(chain, chain[1:])):
        return
    widest = next(s.drugs for subs, _ in sentences for s in subs
                  if s.label is None and not s.prior and frozenset(s.drugs) == chain[-1])
    backbone = [d for d in widest if d not in core]
    set_add_on(out, list(exp) + backbone, backbone, out[CONTROL_LABEL][0])


def placebo_on_chemotherapy(sentences: list[tuple[list[Subject], str]], out: dict[str, list[str]]) -> None:
    """"A vs placebo with concurrent chemoradiotherapy" where the document names the chemotherapy
    elsewhere ("Chemoradiotherapy consisted of five cycles of cisplatin"): both arms received it,
    so the arms are A + chemotherapy and the chemotherapy. Only with the chemotherapy named after
    the placebo and one chain of chemotherapy regimens in the document."""
    exp = out.get(EXPERIMENTAL)
    label = (out.get(CONTROL_LABEL) or [None])[0]
    if not exp or out.get(CONTROL) or not is_placebo(label) or any(_is_chemo(d) for d in exp):
        return
    placebo, chemo = _placebo_word(), _chemo_word()
    if not any((m := placebo.search(text)) and chemo.search(text, m.end(), m.end() + _CHEMO_REACH)
               for _, text in sentences):
        return
    chemos = _chemo_regimens(sentences, set(exp))
    if chemos:
        set_add_on(out, list(exp) + chemos, chemos, label)


def _chemo_regimens(sentences: list[tuple[list[Subject], str]], exp: set[str]) -> list[str]:
    """The one chain of chemotherapy regimens the document names by its word (the widest), or []."""
    sets = {frozenset(s.drugs) for subs, text in sentences for s in subs
            if s.label is None and not s.prior and s.drugs and all(_is_chemo(d) for d in s.drugs)
            and not set(s.drugs) & exp and _chemo_word().search(text, max(0, s.start - _CHEMO_REACH), s.end + _CHEMO_REACH)}
    chain = sorted(sets, key=len)
    if not chain or any(not a < b for a, b in zip(chain, chain[1:])):
        return []
    return next(list(s.drugs) for subs, _ in sentences for s in subs
                if s.label is None and frozenset(s.drugs) == chain[-1])


@cache
def _placebo_word() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().placebo_words, "(?i:", ")")


def named_chemotherapy(sentences: list[tuple[list[Subject], str]], out: dict[str, list[str]],
                       choice: Callable[[Subject, str], list[str]] = lambda s, _: s.drugs) -> None:
    """A control named only "chemotherapy" / 化疗组 takes the chemotherapy the document names
    (guideline R6): the drug phrases made of chemotherapy drugs alone that stand by the word
    ("pemetrexed plus platinum chemotherapy", "化疗方案为顺铂+氟尿嘧啶"; not "maintenance pemetrexed"),
    when they grow in one chain; rival regimens leave it unnamed."""
    label = (out.get(CONTROL_LABEL) or [None])[0]
    if out.get(CONTROL) or not out.get(EXPERIMENTAL) or label is None or not _chemo_word().search(label):
        return
    exp = set(out[EXPERIMENTAL])
    sets = {frozenset(s.drugs) for subs, text in sentences for s in subs
            if s.label is None and not s.prior and s.drugs and all(_is_chemo(d) for d in s.drugs)
            and not set(s.drugs) & exp and _chemo_word().search(text, max(0, s.start - _CHEMO_REACH), s.end + _CHEMO_REACH)}
    chain = sorted(sets, key=len)
    if not chain or any(not a < b for a, b in zip(chain, chain[1:])):
        return
    # "chemotherapy (docetaxel, paclitaxel, or vinflunine)": alternatives stay one position ("a/b/c")
    widest = next(choice(s, text) for subs, text in sentences for s in subs
                  if s.label is None and frozenset(s.drugs) == chain[-1])
    out[CONTROL] = list(widest)
    out.setdefault(label_key(label), list(widest))


def chemotherapy_studied(sentences: list[tuple[list[Subject], str]], out: dict[str, list[str]]) -> None:
    """The studied arm is chemotherapy alone ("vinorelbine plus cisplatin vs. observation"): its
    group called "the chemotherapy group" / 化疗组 is that arm (guideline R6), when the control is
    no chemotherapy (observation, placebo, surgery alone)."""
    exp = out.get(EXPERIMENTAL)
    label = (out.get(CONTROL_LABEL) or [None])[0]
    if not exp or out.get(CONTROL) or not all(_is_chemo(d) for d in exp) or label is None \
            or _chemo_word().search(label):
        return
    for subs, _ in sentences:
        for s in subs:
            if s.label and _chemo_group().fullmatch(s.label.strip()):
                out.setdefault(label_key(s.label), list(exp))


@cache
def _chemo_group() -> regex.Pattern[str]:
    """A group named by chemotherapy alone: "chemotherapy", "the chemotherapy group", "化疗组"."""
    return regex.compile(rf"(?i:(?:the\s)?(?:{lx.surface_alt(lx.cues().chemotherapy_words)})(?:\s?(?:group|arm|组|組))?)")


@cache
def _chemo_word() -> regex.Pattern[str]:
    # sentence-initial too: "Chemoradiotherapy consisted of five cycles of cisplatin"
    return lx.compile_wrapped(lx.cues().chemotherapy_words, "(?i:", ")")


def _is_chemo(drug: str) -> bool:
    """Every alternative of an arm position ("cisplatin/carboplatin") is a chemotherapy drug."""
    return all(_drug_classes().get(name) == "chemotherapy" for name in drug.split("/"))


@cache
def _drug_classes() -> dict[str, str]:
    return {d.norm: d.drug_class for d in load_lexicon().drugs}
