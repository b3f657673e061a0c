"""The document's group register: which treatment each group label stands for.

Clinical abstracts name their arms once ("观察组采用信迪利单抗联合化疗治疗", "接受信迪利单抗联合SOX
方案治疗的65例为试验组", "A组：阿替利珠单抗联合贝伐珠单抗", "patients in the experimental group
received X") and report every result by the label afterwards ("试验组3年DFS率…"). This pass
reads those definitions from every sentence and gives a value whose arm is only a label the
drugs its label was given. Definitions are read from the subjects the sentence already has (a
group label next to a drug phrase, joined by a verb of giving), so the look at each pair is a
few characters and the pass is linear in the number of subjects.
"""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.measure.add_on import BRACKETS, add_on, backbone
from extractor.measure.arms import is_control
from extractor.measure.context import label_key
from extractor.measure.backbones import chemotherapy_studied, named_chemotherapy, placebo_backbone, placebo_on_chemotherapy
from extractor.measure.comparison import (  # noqa: F401  (re-exported: the document passes read them here)
    ADD_ON, ALONE, CONTROL, CONTROL_LABEL, EXPERIMENTAL, addition, is_placebo, set_add_on,
)
from extractor.measure.subjects import Subject

_REACH = 44  # characters between a label and its treatment, either way round (a dose may stand between)


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    verbs = lx.surface_alt(c.group_give_verbs)
    # label … verb … treatment: "观察组(n=50)采用", "the experimental group received"
    # (no number in between: "35% in the X group and 12% in the placebo group" defines nothing)
    # or a colon: "investigator's choice of chemotherapy (n = 226): either paclitaxel, …, or topotecan"
    # or nothing at all: "与对照组Gemcitabine单治疗的…相比", "对照组索拉非尼为15.2个月"
    # the label's own count may stand first: "诱导化疗组51例,接受以阿糖胞苷为基础的…", "the A group (n=51) received"
    own_count = r"(?:\s?[(（]\s?[nN]\s?=\s?\d{1,5}\s?[)）]|\d{1,5}\s?(?:例|名|人)(?:患者)?)\s?[,，]?\s?"
    # a time after the operation may stand in the gap: "热灌注组于术后3d行丝裂霉素", "对照组于术后24h内应用"
    times = "|".join(regex.escape(x) for x in sorted(
        {x for u in lx.units() if u.kind == "time" for ss in u.surfaces.values() for x in ss} | {"h", "小时"}, key=len, reverse=True))
    gap = rf"(?:[^,;。\d]|\d{{1,3}}\s?(?:{times})(?![A-Za-z]))"
    joined = rf"[^,;。\d]{{0,16}}(?:{lx.surface_alt(c.give_gap_joiners)})\s?"  # "给予小口径导管微创引流联合"
    after = regex.compile(rf"^(?:{own_count})?{gap}{{0,12}}?(?:{verbs})(?:[^,;。\d]{{0,8}}|{joined})$"
                          rf"|^\s{{0,2}}[:：]\s{{0,2}}(?:(?:{lx.surface_alt(c.either_words)})\s{{1,2}})?$|^ ?$")
    # treatment … 的N例 … 为 label: "接受X治疗的65例为试验组", "X treatment (n=65) as the study group";
    # treatment … (label: "卡瑞利珠单抗联合白蛋白紫杉醇(试验组, n=45)", "顺铂+5-Fu诱导化疗加调强放疗(诱导组)"
    # a dose and schedule may stand between the treatment and its bracketed label: "octreotide 60 mg
    # LAR every 4 weeks (control group)"; a comparison word may not ("A versus B (control group)")
    before = regex.compile(
        rf"^(?:[^,;。]{{0,16}}?(?:{lx.surface_alt(c.group_as_words)})\s?"
        rf"|(?:(?!{lx.surface_alt(c.allocation_or)})[^,;。()（）]){{0,40}}[(（]\s?)$"
    )
    return after, before


def given_after(text: str, label: Subject, nxt: Subject) -> bool:
    """Whether the drug phrase ``nxt`` is the treatment given to the group ``label`` names just
    before it ("观察组(n=50)采用X", "the A group received X")."""
    after, _ = _patterns()
    return nxt.start - label.end <= _REACH and after.match(BRACKETS.sub("", text[label.end : nxt.start], count=1)) is not None


def register(sentences: list[tuple[list[Subject], str]]) -> dict[str, list[str]]:
    """Group label key -> drugs, from every sentence's (subjects, view text); first definition wins.

    Besides labels defined outright, the document's first two-sided comparison ("A对比安慰剂联合B",
    "A versus B") stands behind the generic labels: an experimental group (试验组, "experimental
    arm") is its first side, a control group (对照组, "control arm") its cued side.
    """
    after, before = _patterns()
    out: dict[str, list[str]] = {}
    for subs, text in sentences:
        if CONTROL not in out:
            _sides(subs, text, out)
        elif not out[CONTROL] and not out.get(ADD_ON):
            # "pembrolizumab versus placebo" left the placebo arm without drugs; a later
            # add-on allocation ("pemetrexed plus either pembrolizumab or placebo") names them
            add_on(subs, text, out)
        for s in subs:  # "trifluridine–tipiracil alone (control arm)": a label merged into its phrase
            if s.label is None and s.label_words and s.drugs:
                out.setdefault(label_key(s.label_words), s.drugs)
        for k, s in enumerate(subs):
            if s.label is None or not s.label.strip():
                continue
            key = label_key(s.label)
            nxt = subs[k + 1] if k + 1 < len(subs) else None
            if key in out:
                if nxt is not None and nxt.label is None and not nxt.prior and nxt.start - s.end <= _REACH \
                        and after.match(BRACKETS.sub("", text[s.end : nxt.start], count=1)) \
                        and set(out[key]) < set(fuller := _choice(nxt, text)):
                    # "ADI-PEG 20試驗組" first, then "試驗組ADI-PEG 20聯合Cisplatin和Pemetrexed療法": the
                    # first definition named part of the group's regimen, the later one all of it
                    out[key] = fuller
                continue
            prv = subs[k - 1] if k else None
            base = _on_top_of(subs, k, text, out)
            if base is not None:
                out[key] = base  # "研究组在对照组基础上联合白蛋白结合型紫杉醇": the control's drugs and the added one
                continue
            if nxt is not None and nxt.label is not None and k + 2 < len(subs) and subs[k + 2].label is None \
                    and not subs[k + 2].prior and _OPENS.fullmatch(text, s.end, nxt.start) \
                    and _choice_of().fullmatch(text, nxt.end, subs[k + 2].start):
                # "chemotherapy (investigator's choice of paclitaxel, docetaxel, or irinotecan)"
                out[key] = _choice(subs[k + 2], text)
                out.setdefault(label_key(nxt.label), out[key])
                continue
            if nxt is not None and nxt.label is None and not nxt.prior and nxt.start - s.end <= _REACH \
                    and (after.match(BRACKETS.sub("", text[s.end : nxt.start], count=1))
                         or _bracketed_drugs(text, s.end, nxt)):
                out[key] = _choice(nxt, text)  # "standard chemotherapy (n=255) consisting of A, B, or C"
                more = dosed_after(subs, k + 1, text)
                if more:
                    out[key] = list(dict.fromkeys(out[key] + more))
            elif prv is not None and prv.label is None and not prv.prior and _glossed_in_bracket(text, prv, s):
                out[key] = _choice(prv, text)
            else:
                given = _given_before(subs, k, text, before)
                if given is not None:
                    out[key] = given.drugs
    _alias_kinds(out)
    _shared_regimen(sentences, out)
    _shared_backbone(sentences, out)
    placebo_backbone(sentences, out)
    placebo_on_chemotherapy(sentences, out)
    defined = out.get(label_key(out[CONTROL_LABEL][0])) if out.get(CONTROL_LABEL) else None
    if defined and not out.get(CONTROL):
        out[CONTROL] = defined  # "A or chemotherapy", chemotherapy defined
    elif defined and out.get(ADD_ON) and set(out[CONTROL]) < set(defined):
        # "A + CAPOX … or PBO + CAPOX" read with part of the backbone; "PBO + CAPOX" defined whole
        extra = [d for d in defined if d not in out[CONTROL]]
        set_add_on(out, out[EXPERIMENTAL] + [d for d in extra if d not in out[EXPERIMENTAL]], list(defined),
                    out[CONTROL_LABEL][0])
    named_chemotherapy(sentences, out, _choice)
    chemotherapy_studied(sentences, out)
    label = (out.get(CONTROL_LABEL) or [None])[0]
    if out.get(CONTROL) and out.get(EXPERIMENTAL) and not out.get(ADD_ON) \
            and (out.get(ALONE) or label and _alone().search(label)) and not set(out[CONTROL]) & set(out[EXPERIMENTAL]):
        # "Avastin in combination with chemotherapy … compared to chemotherapy alone": an add-on
        set_add_on(out, out[EXPERIMENTAL] + out[CONTROL], list(out[CONTROL]), label)
    out.pop(ALONE, None)
    out[OWN_ARMS] = own_arms(sentences)
    return {k: v for k, v in out.items() if v}


def own_arms(sentences: list[tuple[list[Subject], str]]) -> list[str]:
    """Drug sets given with a placebo ("nivolumab plus placebo", "安慰剂联合多西他赛"): arms of their
    own in a three-arm trial, never part of another arm to be made whole; each as sorted drugs
    joined by "+"."""
    out: list[str] = []
    after, before = _with_placebo()
    for subs, text in sentences:
        for s in subs:
            if s.label is None and s.drugs and not s.prior and (after.match(text, s.end) or before.search(
                    text, max(0, s.start - 40), s.start)):
                key = "+".join(sorted(set(s.drugs)))
                if key not in out:
                    out.append(key)
    return out


def own_arm(drugs: list[str] | set[str], groups: dict[str, list[str]]) -> bool:
    return "+".join(sorted(set(drugs))) in groups.get(OWN_ARMS, [])


@cache
def _with_placebo() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    join, placebo = lx.surface_alt(c.strong_connectors), lx.surface_alt(c.placebo_words)
    return (regex.compile(rf"\s{{0,2}}(?:{join})\s{{0,2}}(?:matching\s)?(?:{placebo})", regex.IGNORECASE),
            regex.compile(rf"(?:{placebo})\s{{0,2}}(?:{join})\s{{0,2}}$", regex.IGNORECASE))


def dosed_after(subs: list[Subject], j: int, text: str) -> list[str]:
    """"观察组116例患者接受去甲氧柔红霉素(IDA)(8.0-10.0)mg/m2/d,…,d1-d3;阿糖胞苷100.0mg/m2/d,…;对照组…":
    the next drugs of the group's regimen, each given with its own dose after a semicolon, up to the
    next group label. Bounded: a few subjects, each gap read once."""
    out: list[str] = []
    for s in subs[j + 1 : j + 6]:
        gap = text[subs[j].end : s.start]
        if s.label is not None or s.prior or s.cued or len(gap) > 160 or not _SEMICOLON.search(gap) \
                or _dose().match(text, s.end) is None:
            break
        out.extend(d for p in s.parts for d in p)
        j += 1
    return out


_SEMICOLON = regex.compile(r"[;；]")


@cache
def _dose() -> regex.Pattern[str]:
    units = "|".join(regex.escape(x) for x in sorted(
        {x for u in lx.units() if u.kind == "dose" for ss in u.surfaces.values() for x in ss}, key=len, reverse=True))
    return regex.compile(rf"\s?(?:[(（][^()（）]{{1,12}}[)）])?\s?[(（]?\d[\d.\-~～]*[)）]?\s?(?:{units})")


@cache
def _alone() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().alone_words)


def _shared_backbone(sentences: list[tuple[list[Subject], str]], out: dict[str, list[str]]) -> None:
    """"Both arms received gemcitabine and cisplatin", "两组均接受吉西他滨联合顺铂": after "A or placebo"
    the drugs every arm was given join both sides of the comparison."""
    exp = out.get(EXPERIMENTAL)
    if not exp or out.get(CONTROL) or not out.get(CONTROL_LABEL) or not is_placebo(out[CONTROL_LABEL][0]):
        return
    both = _both_received()
    for subs, text in sentences:
        m = both.search(text)
        if m is None:
            continue
        after = [s for s in subs if s.start >= m.end() and s.label is None and not s.prior and not s.cued]
        backbone = _alternatives(after, text)
        if backbone is None:
            backbone = [d for s in after for d in s.drugs if d not in exp]
        if backbone:
            set_add_on(out, exp + backbone, list(dict.fromkeys(backbone)), out[CONTROL_LABEL][0])
        return


def _shared_regimen(sentences: list[tuple[list[Subject], str]], out: dict[str, list[str]]) -> None:
    """"均采用DO方案治疗,根据不同给药途径分为A组、B组。A组奥沙利铂采用腹腔热灌注": groups that differ
    in how a shared regimen is given; a group defined by part of it received all of it."""
    lead = _shared_lead()
    for subs, text in sentences:
        m = lead.search(text)
        if m is None:
            continue
        shared = next((s for s in subs if s.start >= m.end() and s.label is None and not s.prior and not s.cued), None)
        if shared is None or len(set(shared.drugs)) < 2 or not _near_lead(text, m.end(), shared.start):
            continue
        whole = list(dict.fromkeys(shared.drugs))
        for key, drugs in out.items():
            if key not in _SIDES and drugs and set(drugs) < set(whole):
                out[key] = whole
        return


OWN_ARMS = "__own_arms__"  # drug sets the document gives an arm of their own ("ipilimumab plus placebo")
_SIDES = frozenset({EXPERIMENTAL, CONTROL, CONTROL_LABEL, ADD_ON, ALONE, OWN_ARMS})


def _near_lead(text: str, lead_end: int, start: int) -> bool:
    return start - lead_end <= 8 and not any(c in text[lead_end:start] for c in ",，;；。")


@cache
def _shared_lead() -> regex.Pattern[str]:
    return regex.compile(lx.surface_alt(lx.cues().shared_treatment_leads), regex.IGNORECASE)


def _alternatives(subs: list[Subject], text: str) -> list[str] | None:
    """"either of 5-FU + cisplatin (FP) or capecitabine + oxaliplatin (CAPOX)": regimens of as many drugs
    offered as alternatives are one position per drug, the alternatives joined ("fluorouracil/capecitabine")."""
    if not subs:
        return None
    parts = list(dict.fromkeys(tuple(p) for s in subs for p in s.parts))
    if len(parts) < 2 or len({len(p) for p in parts}) != 1 or not _or_word().search(text, subs[0].start, subs[-1].end):
        return None
    return ["/".join(dict.fromkeys(p[k] for p in parts)) for k in range(len(parts[0]))]


@cache
def _both_received() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"(?:{lx.surface_alt(c.both_groups + c.all_arms_words)})\s{{0,2}}"
                         rf"(?:(?:{lx.surface_alt(c.all_arms_adverbs)})\s?)?\s{{0,2}}"
                         rf"(?:{lx.surface_alt(c.group_give_verbs)})", regex.IGNORECASE)


def _alias_kinds(out: dict[str, list[str]]) -> None:
    """A control defined with a qualifier ("standard chemotherapy … consisting of …") also answers
    to its bare kind ("… compared with chemotherapy"), unless that kind has a definition of its own."""
    for kind in sorted(lx.cues().control_arms, key=len, reverse=True):
        bare = label_key(kind)
        if bare in out:
            continue
        defined = [v for k, v in out.items() if v and not k.startswith("__") and bare in k]
        if len(defined) == 1:  # two different qualified definitions leave the bare word ambiguous
            out[bare] = defined[0]


_OPENS = regex.compile(r" ?[(（] ?")
_CLOSES = regex.compile(r" ?[)）]")


def _bracketed_drugs(text: str, label_end: int, treatment: Subject) -> bool:
    """"standard chemotherapy (carboplatin plus vincristine)", "chemotherapy (investigator's choice
    of paclitaxel, docetaxel, or irinotecan)": the bracket after the label holds the drugs, after at
    most a word of choice."""
    return _opens_choice().fullmatch(text, label_end, treatment.start) is not None \
        and _CLOSES.match(text, treatment.end) is not None


@cache
def _choice_of() -> regex.Pattern[str]:
    """Between a choice label and its drugs: " of ", ": "."""
    return regex.compile(r"\s{0,2}(?:of|[:：])\s{0,2}", regex.IGNORECASE)


@cache
def _opens_choice() -> regex.Pattern[str]:
    return regex.compile(rf" ?[(（] ?(?:(?:{lx.surface_alt(lx.cues().bracket_choice_leads)})\s{{0,2}})?", regex.IGNORECASE)


def _on_top_of(subs: list[Subject], k: int, text: str, out: dict[str, list[str]]) -> list[str] | None:
    """"观察组在对照组的基础上联合服用醋酸甲羟孕酮片": a group given another group's treatment plus
    a drug; None unless the other group's drugs are known and the drug follows the words."""
    if k + 2 >= len(subs):
        return None
    s, other, added = subs[k], subs[k + 1], subs[k + 2]
    if other.label is None or added.label is not None or added.prior or not added.drugs:
        return None
    given = out.get(label_key(other.label))
    if not given or not _at().fullmatch(text, s.end, other.start) or not _on_top().fullmatch(text, other.end, added.start):
        return None
    return list(dict.fromkeys(given + added.drugs))


@cache
def _at() -> regex.Pattern[str]:
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(lx.cues().on_top_of_before)})\s{{0,2}}")


@cache
def _on_top() -> regex.Pattern[str]:
    c = lx.cues()
    return regex.compile(rf"\s{{0,2}}(?:{lx.surface_alt(c.on_top_of)})\s{{0,2}}[,，]?\s{{0,2}}"
                         rf"(?:{lx.surface_alt(c.on_top_of_adds)})\s{{0,2}}")


def _given_before(subs: list[Subject], k: int, text: str, before: regex.Pattern[str]) -> Subject | None:
    """The treatment a label bracketed after it names, past one aside that may itself name a
    drug: "gemcitabine and either cisplatin or carboplatin (determined on the basis of
    eligibility to receive cisplatin) (chemotherapy group)"."""
    label = subs[k]
    for cand in reversed(subs[max(0, k - 3) : k]):
        if cand.label is not None or cand.prior or label.start - cand.end > _REACH + 80:
            return None
        if before.match(BRACKETS.sub("", text[cand.end : label.start], count=1)):
            return cand
    return None


_BRACKET_GLOSS = regex.compile(r"\s?[,，、;；]\s?")


def _glossed_in_bracket(text: str, treatment: Subject, label: Subject) -> bool:
    """"二线化疗(多西他赛或伊立替康, 对照组, n=27)": the drugs and the label share one bracket."""
    opened = text[max(0, treatment.start - 2) : treatment.start].rstrip()
    return opened.endswith(("(", "（")) and _BRACKET_GLOSS.fullmatch(text, treatment.end, label.start) is not None


def _choice(s: Subject, text: str) -> list[str]:
    """A group's drugs glossed as alternatives ("多西他赛或伊立替康", "paclitaxel or topotecan"):
    one position of the investigator's choice, written "a/b" as the guidelines write it."""
    drugs = list(dict.fromkeys(s.drugs))
    words = text[s.start : s.end]
    if len(drugs) >= 2 and _or_word().search(words) and not backbone().search(words):
        return ["/".join(drugs)]
    return drugs


@cache
def _or_word() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().choice_words)


def _sides(subs: list[Subject], text: str, out: dict[str, list[str]]) -> None:
    """The first "A vs B" of the document: A for experimental labels, B for control labels. An
    add-on design allocated without a comparison word ("randomly assigned to A plus B or B")
    counts too: the arm with the added drug is the experimental one."""
    for k, s in enumerate(subs):
        if not s.cued or k == 0:
            continue
        first = next((p for p in reversed(subs[:k]) if p.label is None and not p.prior and not p.cued), None)
        if first is None:
            break
        other = _choice(s, text)
        if s.label is not None and k + 1 < len(subs) and subs[k + 1].label is None and \
                subs[k + 1].start - s.end <= 6 and _joined(text[s.end : subs[k + 1].start]):
            other = subs[k + 1].drugs  # "安慰剂联合力比泰": the control's drugs follow the placebo
        out[EXPERIMENTAL] = first.drugs
        out[CONTROL] = other or []
        if _alone().match(text, s.end) or _alone().match(text, s.end + 1):
            out[ALONE] = ["alone"]  # "cetuximab versus docetaxel alone"
        if s.label or is_placebo(s.label_words):  # "placebo plus docetaxel": the placebo joined its backbone
            out[CONTROL_LABEL] = [s.label or s.label_words]
        return
    add_on(subs, text, out)


def _joined(gap: str) -> bool:
    return bool(_join_words().fullmatch(gap.strip()))


@cache
def _join_words() -> regex.Pattern[str]:
    return regex.compile(r"(?:" + lx.surface_alt(lx.cues().strong_connectors) + r")?")


def arm_of(label: str, groups: dict[str, list[str]]) -> list[str]:
    """Drugs of a group label: its own definition, else the comparison's side its kind names."""
    key = label_key(label)
    if key in groups:
        return groups[key]
    c = lx.cues()
    for tail in c.group_label_tails.get("en", []) + c.group_label_tails.get("zh", []):
        bare = key.removesuffix(label_key(tail).casefold())
        if bare != key and bare in groups:  # "the chemotherapy group" of a control defined as "chemotherapy"
            return groups[bare]
    if any(w in key for w in c.experimental_words):
        return groups.get(EXPERIMENTAL, [])
    count = next((n for w, n in c.label_drug_counts.items() if w in key), None)
    if count is not None:  # "the triplet therapy", "the doublet": the compared side with that many drugs
        sides = [side for side in (groups.get(EXPERIMENTAL, []), groups.get(CONTROL, [])) if len(set(side)) == count]
        if len(sides) == 1:
            return sides[0]
    if _says_combination(label) and len(groups.get(EXPERIMENTAL, [])) >= 2 and not is_control(label):
        return groups[EXPERIMENTAL]  # "the combination group", "联合组": the compared arm of several drugs
    if any(w.casefold() in key for w in c.control_words) and not any(w.casefold() in key for w in c.control_arms):
        return groups.get(CONTROL, [])
    return []


def _says_combination(label: str | None) -> bool:
    return label is not None and any(w.casefold() in label.casefold() for w in lx.cues().label_combination)


def completed(drugs: list[str], label: str | None, groups: dict[str, list[str]]) -> list[str]:
    """An arm named by part of the document's compared regimens, made whole: "the ribociclib group"
    after "ribociclib plus letrozole versus placebo plus letrozole" is ribociclib + letrozole, "the
    placebo group" is letrozole. Nothing changes without such a comparison, or when the part is
    also the control's."""
    exp, ctl = groups.get(EXPERIMENTAL, []), groups.get(CONTROL, [])
    if drugs:
        part = set(drugs)
        if exp and part < set(exp) and (not part <= set(ctl) or _says_combination(label)) and not own_arm(part, groups):
            return list(exp)  # "the azacitidine-venetoclax combination group" over an azacitidine backbone
        return drugs
    if label and ctl and any(w.casefold() in label_key(label) for w in lx.cues().control_arms):
        return list(ctl)  # a placebo group on the control's backbone
    return drugs
