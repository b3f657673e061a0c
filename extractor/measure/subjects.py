"""Treatment subjects of a sentence: drug phrases and group labels, with their roles.

Entities (DRUG, DRUG_CLASS, REGIMEN) become *phrases*: neighbours joined only by
connectors ("联合", "+", "和", "or") merge, and a phrase keeps its parts split at the
weak connectors so "A单药治疗和A联合PD-1抑制剂" can be spread over two values. A
phrase is *prior* when a resistance/failure cue follows it ("索拉非尼耐药",
"仑伐替尼无效后") or a prior-treatment cue precedes it ("既往接受", "previously
treated with"): it is the line before, not the arm measured. A subject is *cued*
when a comparison word stands right before it ("较索拉非尼", "对比瑞戈非尼单药",
"versus placebo"): it is the comparator side.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

import regex

from extractor.measure import lexicon as lx
from extractor.normalize import normalize_surface
from extractor.models import Entity

_TREATMENT = {"DRUG", "DRUG_CLASS", "REGIMEN"}
_PAREN = regex.compile(r"\([^()]{0,80}\)")


@dataclass(slots=True)
class Subject:
    start: int  # offsets in the view text
    end: int
    parts: list[list[str]] = field(default_factory=list)
    label: str | None = None
    prior: bool = False
    cued: bool = False
    group: str | None = None  # group words around a drug phrase ("阿替利珠单抗单药组")
    words: tuple[int, int] | None = None  # view span of label/group (absolute once ``base`` is added)
    base: int = 0  # view offset of the sentence: labels are sliced from the text as written
    label_words: str | None = None  # a group label merged into this drug phrase, as matched
    backbone: list[str] | None = None  # "the addition of A to B": the drugs B the phrase adds A to

    def written(self) -> tuple[int, int] | None:
        """Absolute view span of the subject's group words, or None."""
        return (self.base + self.words[0], self.base + self.words[1]) if self.words else None

    @property
    def drugs(self) -> list[str]:
        return list(dict.fromkeys(d for p in self.parts for d in p))


@cache
def _words() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    c = lx.cues()
    filler = lx.compile_alt(c.subject_fillers)
    conn = lx.compile_alt(c.strong_connectors + c.weak_connectors)
    weak = lx.compile_alt(c.weak_connectors)
    after = regex.compile("^" + lx.prior_after())
    before = lx.compile_wrapped(c.prior_before, "", r"\s*$")
    return filler, conn, weak, after, before


@cache
def _and_words() -> frozenset[str]:
    """Coordinating words proper ("and", "和"): the list words without punctuation."""
    return frozenset(normalize_surface(w) for w in lx.coordinators() if any(c.isalnum() for c in w))


def _strip(gap: str) -> str:
    filler = _words()[0]
    gap = _PAREN.sub("", gap)
    return filler.sub("", gap).strip()


@cache
def _word_fillers() -> regex.Pattern[str]:
    return lx.compile_alt([f for f in lx.cues().subject_fillers if f.strip(" -")])


def _strip_words(gap: str) -> str:
    """``gap`` without brackets and filler words, spaces kept: multiword cues still match
    ("after failure of first-line " -> "after failure of")."""
    return " ".join(_word_fillers().sub(" ", _PAREN.sub("", gap)).split())


_HYPHENS = ("-", "\u2010", "\u2011")


def _connectors_only(gap: str) -> tuple[bool, bool]:
    """(joins, weak): the gap holds only connectors (at least one); whether one is weak."""
    _, conn, weak, _, _ = _words()
    rest = _strip(gap)
    if not rest:  # a bare hyphen joins two drugs ("卡铂-依托泊苷", "azacitidine-venetoclax"); blanks do not
        return gap in _HYPHENS, False
    if conn.sub("", rest).strip():
        return False, False
    return True, bool(weak.search(rest)) and not bool(lx.compile_alt(lx.cues().strong_connectors).search(rest))


def drugs_of(e: Entity) -> list[str]:
    """Arm items of a mention: one per position, alternatives in a position joined by "/"
    ("Ipilimumab联合Nivolumab/Pembrolizumab" -> ["ipilimumab", "nivolumab/pembrolizumab"])."""
    if e.label == "REGIMEN":
        out: list[str] = []
        for alt in e.attrs.get("drugs", []):
            names = alt if isinstance(alt, list) else [alt]
            out.append("/".join(str(n) for n in names))
        return out or [e.text.lower()]
    if e.label == "DRUG_CLASS":
        return [f"class:{e.norm}" if e.norm else e.text]
    return [e.norm or e.text.lower()]


def _treatments(
    ents: list[tuple[int, int, Entity]], text: str
) -> tuple[list[tuple[int, int, Entity]], list[tuple[int, int]]]:
    """Outermost treatment entities, minus descriptors ("PD-L1抑制剂阿替利珠单抗", "(PD-1抑制剂)").

    Also returns the descriptors' spans, which gap tests treat as blank.
    """
    ents = sorted(ents, key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int, Entity]] = []
    glossed: list[tuple[int, int]] = []
    dosing: tuple[int, set[str]] | None = None  # (end, members) of a regimen's bracketed schedule
    for s, e, ent in ents:
        if kept and s < kept[-1][1]:
            continue  # nested in (or overlapping) a longer mention
        if dosing is not None and s < dosing[0] and set(drugs_of(ent)) <= dosing[1]:
            glossed.append((s, e))
            continue  # "吉西他滨联合替吉奥方案(第1、8天吉西他滨1000 mg/m2…;第1~14天口服替吉奥…)": its schedule
        dosing = _schedule_after(text, e, ent) or (dosing if dosing is not None and s < dosing[0] else None)
        if kept:
            gap = text[kept[-1][1] : s]
            if gap.lstrip(" ").startswith(("(", "（")) and _glosses_class(kept[-1][2], ent, gap, text[e : e + 3]):
                glossed.append(kept[-1][:2])
                kept[-1] = (s, e, ent)  # "PD-1抑制剂(如纳武利尤单抗)联合化疗": the drug is the arm
                continue
            if gap.startswith("(") and ")" not in gap:
                continue  # appositive gloss right after a drug
            if gap.strip() in ("(", "（") and ent.label == "DRUG" and ent.norm and drugs_of(kept[-1][2])[-1:] == [ent.norm]:
                continue  # "plus trametinib (Mekinist)": the brand in brackets names the last drug again
            if gap.strip() in ("(", "（") and ent.label == "REGIMEN" and text[e : e + 1] in (")", "）") \
                    and _names_last(kept, ent):
                glossed.append((s, e))
                continue  # "zolbetuximab + capecitabine + oxaliplatin (CAPOX)": the acronym of the last drugs
        kept.append((s, e, ent))
    out = []
    dropped = []
    for i, (s, e, ent) in enumerate(kept):
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        if ent.label == "DRUG_CLASS" and nxt and nxt[2].label == "DRUG" and not text[e : nxt[0]].strip():
            dropped.append((s, e))
            continue  # class noun in front of its member
        prv = kept[i - 1] if i else None
        if ent.label == "DRUG_CLASS" and prv and prv[2].label == "DRUG" and _appositive(text[prv[1] : s]):
            dropped.append((s, e))
            continue  # "ramucirumab (Cyramza), an anti-VEGFR2 antibody,": a gloss of the drug
        out.append((s, e, ent))
    return out, dropped + glossed


_LIST_ONLY = frozenset({"、", "和", "及", "与", ",", "，", "and", ", and"})


def _two_named_regimens(a: Entity, b: Entity, gap: str) -> bool:
    """Two regimens each named by its own name, listed side by side ("CEF、NE和TEC", "FOLFOX and
    FOLFIRI"): alternatives, never one combination."""
    return a.label == b.label == "REGIMEN" and bool(a.attrs.get("named")) and bool(b.attrs.get("named")) \
        and len(a.attrs.get("drugs", [])) >= 2 and len(b.attrs.get("drugs", [])) >= 2 and gap.strip() in _LIST_ONLY


def _names_last(kept: list[tuple[int, int, Entity]], regimen: Entity) -> bool:
    """Whether ``regimen``'s drugs are the last drugs named just before it."""
    members = sorted(drugs_of(regimen))
    k = len(members)
    if k < 2:
        return False
    if sorted(drugs_of(kept[-1][2])[-k:]) == members:
        return True  # the tail of one conjunction: "zolbetuximab + capecitabine + oxaliplatin (CAPOX)"
    return len(kept) >= k and sorted(d for m in kept[-k:] for d in drugs_of(m[2])) == members


_SCHEDULE_OPEN = regex.compile(r"\s?(?:方案|化疗方案|regimen)?\s?[(（]")
_SCHEDULE_SPAN = 240  # characters a regimen's bracketed schedule may take
_DOSE = regex.compile(r"\d\s?(?:mg|g/m|μg|µg|AUC|Gy|IU|U/)", regex.I)


def _schedule_after(text: str, end: int, ent: Entity) -> tuple[int, set[str]] | None:
    """(where the bracket closes, the regimen's drugs) when a bracket of doses opens right after a regimen."""
    if ent.label != "REGIMEN":
        return None
    m = _SCHEDULE_OPEN.match(text, end)
    if m is None:
        return None
    depth, i, stop = 1, m.end(), min(len(text), m.end() + _SCHEDULE_SPAN)
    while i < stop and depth:
        depth += (text[i] in "(（") - (text[i] in ")）")
        i += 1
    if depth or not _DOSE.search(text, m.end(), i):
        return None  # "(Ven-Obi, n = 216)": a name and a count, no schedule
    return i, set(drugs_of(ent))


def _glosses_class(cls: Entity, drug: Entity, lead: str, after: str) -> bool:
    """A class noun, then a bracket holding one drug and nothing else but a gloss word."""
    if cls.label != "DRUG_CLASS" or drug.label != "DRUG" or not after.lstrip().startswith((")", "）")):
        return False
    lead = lead.strip()[1:].strip()  # past the opening bracket
    if ")" in lead or "）" in lead:
        return False
    return not lead or lead in _gloss_words()


@cache
def _gloss_words() -> frozenset[str]:
    return frozenset(lx.cues().class_gloss_words)


def _appositive(gap: str) -> bool:
    """Whether ``gap`` (between a drug and a class) is only a comma and an article ("(Cyramza), an ")."""
    if "," not in gap or len(gap) > 60:
        return False
    bare = _PAREN.sub("", gap)
    rest = lx.compile_alt(lx.cues().appositive_gap).sub("", bare).strip(" ()")
    if not rest:
        return True
    # "(Stivarga), an oral multikinase inhibitor": an article, then up to two modifiers of the class
    words = rest.split()
    has_article = len(bare.replace(",", " ").split()) > len(words)  # a cue word was taken out
    return has_article and len(words) <= 2 and all(w.replace("-", "").isalpha() and w.isascii() for w in words)


def _join_add_ons(subjects: list[Subject], text: str) -> None:
    """A drug added to one that failed keeps both in the arm: "一线仑伐替尼无效后,联合应用
    吉非替尼" and "after progression on sorafenib, combined with X" -> [prior drug, X]."""
    lead = lx.compile_wrapped(lx.cues().combination_lead, "", r"\s*$")
    for k in range(1, len(subjects)):
        prev, cur = subjects[k - 1], subjects[k]
        if not prev.prior or cur.prior or cur.label is not None or prev.label is not None:
            continue
        gap = text[prev.end : cur.start]
        if len(gap) <= 30 and "。" not in gap and lead.search(_strip(gap)):
            cur.parts = [prev.drugs + cur.parts[0]] + cur.parts[1:]


def _join_added_to(subjects: list[Subject], text: str) -> None:
    """"cetuximab (CTX) added to the concurrent therapy of weekly paclitaxel/carboplatin", "the
    addition of X to Y": one arm of both. A few words may name the backbone's kind."""
    added = lx.compile_wrapped(lx.cues().added_to, "^", r"(?:\s[A-Za-z-]{1,20}){0,5}$")
    c = lx.cues()
    addition = lx.compile_wrapped(c.addition_lead, r"(?<![A-Za-z])", r"\s?$")
    links = frozenset(c.addition_links)
    out: list[Subject] = []
    for cur in subjects:
        prev = out[-1] if out else None
        if prev is not None and not prev.prior and not cur.prior and prev.label is None and cur.label is None \
                and cur.start - prev.end <= 80:
            gap = " ".join(_PAREN.sub(" ", text[prev.end : cur.start]).split())
            if added.search(gap) or (gap in links and addition.search(text, max(0, prev.start - 18), prev.start)):
                prev.backbone = cur.drugs
                prev.parts = [prev.drugs + cur.drugs]
                prev.end = cur.end
                continue
        out.append(cur)
    subjects[:] = out


def _join_combined(phrases: list[Subject], text: str) -> None:
    """Drugs listed, then called one combination ("接受呋喹替尼和紫杉醇联合疗法的患者", "the nivolumab and
    ipilimumab combination"): one arm, not one per drug."""
    c = lx.cues()
    after = lx.compile_wrapped(c.combination_after, rf"^\s{{0,2}}(?:(?:{lx.surface_alt(c.attributive_particles)})\s?)?", "")
    for x in phrases:
        if len(x.parts) >= 2 and x.label is None and after.match(text[x.end : x.end + 24]):
            x.parts = [[d for p in x.parts for d in p]]


def _chains(items: list[tuple[int, int, Entity]], text: str) -> list[bool]:
    """Whether item ``i`` is joined to item ``i - 1`` for the prior mark to spread.

    A gap of connectors joins, but a bare comma joins only inside an enumeration that a
    real connector closes ("after sorafenib, lenvatinib or regorafenib"): after "After
    failure of first-line sorafenib, regorafenib gave …" the comma ends the prior clause.
    Decided right to left so a long list stays linear.
    """
    n = len(items)
    joins = [False] * n
    bare = [False] * n
    for i in range(1, n):
        gap = text[items[i - 1][1] : items[i][0]]
        joins[i] = _connectors_only(gap)[0]
        bare[i] = joins[i] and _strip(gap).strip(" ,") == ""
    out = [False] * n
    closed = False  # a non-comma connector follows in the same run
    for i in range(n - 1, 0, -1):
        if not joins[i]:
            closed = False
            continue
        if not bare[i]:
            closed = True
        out[i] = closed or not bare[i]
    return out


@cache
def _comparison_cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """What makes a subject the compared side: "versus placebo", "than in the chemotherapy group",
    "compared with the placebo arm", "... than in those treated with high-dose dexamethasone",
    "versus patients receiving placebo", and the circumfix "与索拉非尼相比" (opener, closer)."""
    c = lx.cues()
    quals = lx.surface_alt([*c.dose_qualifiers, *c.subject_qualifiers])
    cue = lx.compile_wrapped(c.subject_comparison, "", rf"(?:\s(?:in|with|for|on|among))?{_THOSE}(?:\s(?:the|a|an))?"
                             rf"(?:\s(?:{quals}|[A-Za-z]{{2,20}}-based)){{0,2}}\s*$")
    opener = lx.compile_wrapped(c.subject_comparison_open, "", r"\s*$")
    closer = lx.compile_wrapped(c.subject_comparison_close, r"\s*(?:组|arm|group)?\s*", "")
    return cue, opener, closer


@cache
def _planned() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{lx.surface_alt(lx.cues().planned_comparison_leads)})\s*$", regex.I)


@cache
def _label_joins() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(an "or" before a label, what joins a placebo to its backbone phrase, what joins two
    labels into one arm): "A或安慰剂联合B", "placebo/R-CHOP", "placebo-chemotherapy"."""
    c = lx.cues()
    strong = lx.surface_alt(c.strong_connectors)
    or_before = lx.compile_wrapped(c.choice_words, "", r"\s{0,2}$")
    # "placebo (PBO) + CAPOX": the placebo's own abbreviation may stand between
    placebo_with = regex.compile(rf"\s{{0,2}}(?:[(（][A-Za-z]{{1,8}}[)）]\s{{0,2}})?(?:/|{strong})\s{{0,2}}")
    label_join = regex.compile(rf"\s{{0,2}}(?:-|{strong})\s{{0,2}}")
    return or_before, placebo_with, label_join



def _qualified_start(text: str, start: int) -> int:
    """Where a drug phrase starts with its dose qualifier: "high-dose dexamethasone", "小剂量地塞米松"
    are one arm's name, so the words around them (cues, "or", "and") touch the phrase."""
    m = _dose_before().search(text, max(0, start - 16), start)
    return m.start() if m else start


@cache
def _dose_before() -> regex.Pattern[str]:
    return lx.compile_wrapped(lx.cues().dose_qualifiers, "", r"[ ]?$")


_THOSE = (r"(?:\s(?:those|patients|the\spatients)(?:\s(?:who\s(?:were|had\sbeen)\s)?(?:treated|receiving|received|given|"
          r"randomi[sz]ed|assigned|allocated))?(?:\s(?:with|on|to))?)?")


@cache
def _group_tail() -> regex.Pattern[str]:
    tails = lx.cues().group_label_tails
    return regex.compile(rf"(?:{lx.surface_alt(tails.get('zh', []))}|\s(?i:{lx.surface_alt(tails.get('en', []))})(?![A-Za-z]))")


def _negated_groups(subjects: list[Subject], text: str) -> None:
    """"不含硼替佐米组", "those not receiving bevacizumab": the group the drug was not given to is
    a label of its own, no arm of the drug (the complement subset, RD562)."""
    neg = lx.compile_wrapped(lx.cues().negated_drug_before, "", r"\s{0,2}$")
    either = lx.compile_wrapped(lx.cues().optional_drug_before, "", r"\s{0,2}$")
    for x in subjects:
        if x.label is None and x.parts and not x.prior:
            m = neg.search(text, max(0, x.start - 24), x.start)
            # "(使用或者不使用利妥昔单抗)", "with or without X": the drug is optional, no group
            if m is not None and not either.search(text, max(0, m.start() - 4), m.start()):
                end = x.words[1] if x.words else x.end
                tail = _group_tail().match(text, end)
                end = tail.end() if tail is not None else end  # "不含硼替佐米组": the group word too
                x.start, x.parts, x.group, x.label_words = m.start(), [], None, None
                x.label, x.words = text[x.start : end], (x.start, end)


def build_subjects(text: str, ents: list[tuple[int, int, Entity]], labels: list[tuple[int, int, str]]) -> list[Subject]:
    """Subjects of one sentence (``text`` is the view text; spans are view offsets into it)."""
    _, _, _, after, before = _words()
    items, dropped = _treatments([x for x in ents if x[2].label in _TREATMENT], text)
    for s, e in dropped:
        text = text[:s] + " " * (e - s) + text[e:]
    n = len(items)
    chain = _chains(items, text)
    prior = [False] * n
    for i in range(n - 1, -1, -1):  # failure cue after the drug, chained back over "或/和"
        nxt_start = items[i + 1][0] if i + 1 < n else len(text)
        if after.search(_strip_words(text[items[i][1] : min(nxt_start, items[i][1] + 30)])):
            prior[i] = True
        elif i + 1 < n and prior[i + 1] and chain[i + 1]:
            prior[i] = True
    for i in range(n):  # prior-treatment cue before the drug, chained forward
        if before.search(_strip_words(text[max(0, items[i][0] - 30) : items[i][0]])):
            prior[i] = True
        elif i and prior[i - 1] and chain[i]:
            prior[i] = True
    subjects: list[Subject] = []
    for i, (s, e, ent) in enumerate(items):
        if subjects and i and prior[i] == prior[i - 1]:
            joins, weak = _connectors_only(text[items[i - 1][1] : s])
            if joins and _two_named_regimens(items[i - 1][2], ent, text[items[i - 1][1] : s]):
                joins = False  # "分别行CEF、NE和TEC方案": three regimens listed, three arms
            if joins:
                last = subjects[-1]
                prev_ent = items[i - 1][2]
                # "A plus B or A plus B and C": C is added to the second arm, which repeats the first
                add_on = (weak and prev_ent.label == "REGIMEN" and len(last.parts) >= 2
                          and last.parts[-1] in last.parts[:-1] and text[items[i - 1][1] : s].strip() in _and_words())
                if weak and not add_on:
                    last.parts.append(drugs_of(ent))
                else:
                    last.parts[-1] = last.parts[-1] + drugs_of(ent)
                last.end = e
                continue
        subjects.append(Subject(_qualified_start(text, s), e, [drugs_of(ent)], prior=prior[i]))
    phrases = list(subjects)
    starts = [x.start for x in phrases]
    last_label: Subject | None = None
    placebo = lx.compile_alt(lx.cues().placebo_words)
    or_before, placebo_with, label_join = _label_joins()
    taken_to = -1  # a label inside a placebo arm already joined to its backbone is that arm's
    for s, e, lab in labels:
        if s < taken_to:
            continue
        k2 = bisect_left(starts, e)
        y = phrases[k2] if k2 < len(phrases) else None
        if y is not None and not y.prior and y.start >= e and placebo.search(lab) \
                and placebo_with.fullmatch(text, e, y.start) and not or_before.search(text, max(0, s - 6), s):
            # (not in "A或安慰剂联合B", "either A or placebo plus B": there B is both arms' backbone)
            # "placebo/R-CHOP", "placebo plus chemotherapy drugs": the placebo arm is its backbone
            y.group, y.words, y.label_words = text[s : y.end], (s, y.end), lab
            y.start = s
            taken_to = y.end
            continue
        if last_label is not None and last_label.words is not None and s >= last_label.end \
                and label_join.fullmatch(text, last_label.end, s):
            # "placebo-chemotherapy", "placebo + chemotherapy": one control arm, not two
            last_label.end, last_label.label = e, text[last_label.start : e]
            last_label.words = (last_label.start, e)
            continue
        # "瑞戈非尼单药组": the drugs already name the arm; the phrase is its group words.
        # Only the last phrase starting before the label can touch it (phrases do not overlap).
        k = bisect_left(starts, e) - 1
        x = phrases[k] if k >= 0 else None
        if x is not None and x.end <= s and (
            _connectors_only(text[x.end : s]) == (True, False) or (s > x.end and not text[x.end : s].strip("-– "))
        ):
            continue  # "pembrolizumab联合最佳支持治疗", "X plus BSC", "pembrolizumab-chemotherapy": part of X's arm
        if x is None or not (s < x.end or not text[x.end : s].strip()):
            # a name the text shares ("早期和晚期移植组" -> 早期移植组) has no span of its own to quote
            subjects.append(Subject(s, e, [], label=lab, words=(s, e) if text[s:e] == lab else None))
            last_label = subjects[-1]
        elif len(x.parts) == 1 and x.end <= s:
            x.group, x.words = text[x.start : e], (x.start, e)
            x.label_words = lab  # the label alone ("control arm" of "trifluridine–tipiracil alone (control arm)")
    _join_add_ons(subjects, text)
    _join_added_to(subjects, text)
    _join_combined(phrases, text)
    _negated_groups(subjects, text)
    subjects.sort(key=lambda x: x.start)
    cue, opener, closer = _comparison_cues()
    planned = _planned()
    for x in subjects:
        # "较索拉非尼", "versus placebo"; and the circumfix "与索拉非尼相比"; not "would be compared with"
        window = text[max(0, x.start - 64) : x.start]
        m = cue.search(window)
        x.cued = (m is not None and not planned.search(window, 0, m.start())) or (
            bool(opener.search(text[max(0, x.start - 3) : x.start])) and closer.match(text, x.end) is not None
        )
    return subjects
