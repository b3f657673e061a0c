"""Where a value sits: logical sentences, paragraphs, and the trial/line/population around it.

The segmenter may split a sentence at a page or column break ("…免疫治" / "疗的…");
a *logical sentence* joins pieces until one ends with terminal punctuation, so the
marker "Guan等^[22]" still covers the values after the break. Paragraphs (blank
lines, headings) bound the look-back for a trial or an arm named earlier ("该研究",
"这3组"); a sentence with its own different citation is a new study and stops it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import regex

from extractor.measure import lexicon as lx
from extractor.measure.citations import find_markers
from extractor.models import Document, Entity, Section
from extractor.segment import MAX_SENTENCE

ELIGIBLE = {"abstract_zh", "abstract_en", "body", "title"}
_TERMINAL = regex.compile(r"[。！？!?；;.]\s*(?:\^\[[^\]]*\]|\^\{[^}]*\})?\s*$|[。！？!?]\s*[\"”’)）]?\s*$")


@dataclass(slots=True)
class LSentence:
    start: int  # offsets in Document.text
    end: int
    nstart: int  # offsets in the normalized view
    nend: int
    paragraph: int
    section: str | None
    markers: list[tuple[int, int, list[int]]] = field(default_factory=list)  # offsets in the sentence's view text
    trials: list[Entity] = field(default_factory=list)
    cite_markers: list[tuple[int, int, list[int]]] | None = None  # markers of the whole sentence, when cut at "；"
    heading_trial: str | None = None  # the one trial its title/heading names (``assign_heading_trials``)


# a table's footnote opening its own line ("aP-value is derived from …", "bHazard ratio is …",
# "†Based on …"): a sentence of its own, never the last cell's continuation
_FOOTNOTE_START = regex.compile(r"(?:[a-h](?=[A-Z](?:[a-z]{2}|-[a-z]))|[*†‡§¶]\s?(?=[A-Z][a-z]))")


def logical_sentences(doc: Document, view_to_norm: object) -> list[LSentence]:
    """Eligible sentences (abstracts and body, no headings), joined across breaks."""
    headings = sorted((s.start, s.end) for s in doc.sections if s.kind == "heading")
    h_starts = [h[0] for h in headings]  # bisect: many headings stay linear
    out: list[LSentence] = []
    para = 0
    prev_end = 0
    open_sentence = False
    for s in doc.sentences:
        section = doc.section_at(s.start)
        k = bisect_right(h_starts, s.start) - 1
        is_heading = k >= 0 and s.start < headings[k][1]
        if section not in ELIGIBLE or is_heading:
            para += 1
            open_sentence = False
            prev_end = s.end
            continue
        gap = doc.text[prev_end : s.start]
        if open_sentence and out and out[-1].section == section and s.end - out[-1].start <= MAX_SENTENCE \
                and not _FOOTNOTE_START.match(doc.text, s.start) \
                and not (("\n\n" in gap or "\n" in gap and _TITLE_LINE.fullmatch(doc.text, s.start, s.end))
                         and _new_row(doc.text, out[-1].start, s.start)):
            out[-1].end = s.end
        else:
            if "\n\n" in gap or "\n" in gap and not out:
                para += 1
            out.append(LSentence(s.start, s.end, 0, 0, para, section))
        open_sentence = not _TERMINAL.search(doc.text[s.start : s.end])
        prev_end = s.end
    to_norm = view_to_norm
    for ls in out:
        ls.nstart, ls.nend = to_norm(ls.start, ls.end)  # type: ignore[operator]
    return out


# a line that is a study's name alone ("V325", "REAL-2", "SPIRITS", "CheckMate-649"): a card's title
_TITLE_LINE = regex.compile(r"[A-Z][A-Z0-9]{1,11}(?:[-/ ][A-Z0-9]{1,8}){0,2}|[A-Z][A-Za-z]{1,11}-?\d{1,4}[A-Za-z]?")
_STATED_VALUE = regex.compile(r"\d[.·]\d|\d\s?%")
_OPENS_WITH_WORD = regex.compile(r"\s*\p{L}")
_P_OPENS = regex.compile(r"\s*[Pp]\s?[=<>≤≥]")


def _new_row(text: str, start: int, nxt: int) -> bool:
    """Whether the piece at ``nxt``, after a blank line, opens a new row of a table flattened one
    cell a paragraph: it opens with a word and the open sentence from ``start`` already states a
    value ("Overall survival / 50.5% / 11.7 months" then "Any grade CRS/NT / 93%/64 %"). Values
    after a word ("ORR / 83% / 52%") and words after a header with no value still join."""
    if not _OPENS_WITH_WORD.match(text, nxt) or _P_OPENS.match(text, nxt) or not _STATED_VALUE.search(text, start, nxt):
        return False
    # a bracket still open ("ORR(16.3% vs 3.8%," / "P=0.039)" on a scanned page) goes on
    piece = text[start:nxt]
    return piece.count("(") + piece.count("（") <= piece.count(")") + piece.count("）")


def trial_for(sentences: list[LSentence], idx: int, value_pos: int, text: str = "") -> str | None:
    """The trial a value at view offset ``value_pos`` of sentence ``idx`` (view text ``text``) reports.

    None when the nearest trial is coordinated with another ("基于Sharp和Oriental两项研究",
    "the REFLECT and REFINE trials"): the sentence does not say which one the value is from.
    """
    cur = sentences[idx]
    before = [t for t in cur.trials if t.start <= value_pos]
    if before:
        if len(before) >= 2 and before[-2].norm != before[-1].norm and _coordinated(text, before[-2], before[-1]):
            return None
        return before[-1].norm or before[-1].text
    if cur.trials:
        return cur.trials[0].norm or cur.trials[0].text
    for prev in walk_back(sentences, idx):
        if prev.trials:
            return prev.trials[-1].norm or prev.trials[-1].text
        if prev.markers:
            return None
    return None


def _coordinated(text: str, a: Entity, b: Entity) -> bool:
    """Whether only a list separator stands between trials ``a`` and ``b`` (view offsets)."""
    if not text:
        return False
    gap = text[a.end : b.start].strip()
    return bool(gap) and len(gap) <= 5 and bool(lx.compile_wrapped(lx.cues().list_separators, "^", "$").match(gap))


def assign_heading_trials(doc: Document, entities: list[Entity], sentences: list[LSentence], text: str) -> None:
    """Give each sentence the trial of the nearest enclosing title or markdown heading.

    Conference abstracts name the trial only in their title ("# … (LEAP-002): a randomised,
    phase 3 trial") and report "Median OS was 21.2 months vs 19.0 months" below it. A heading
    counts when it names exactly one trial; its scope ends at the next heading of the same or
    a higher level (a front-matter title's at any heading), so "## Results" stays inside "# Title".
    A paragraph that names another trial, or opens a study of its own ("another study", "一项"),
    keeps no heading trial. ``text`` is the normalized view the sentences' ``nstart`` index.
    """
    heads = sorted((s for s in doc.sections if s.kind in ("title", "heading")), key=lambda s: s.start)
    trials = sorted((e for e in entities if e.label == "TRIAL"), key=lambda e: e.start)
    starts = [e.start for e in trials]
    scopes: list[tuple[int, int, str]] = []
    ends = _scope_ends(heads, len(doc.text))
    for h, end in zip(heads, ends):
        if h.kind == "heading" and not doc.text[h.start : h.end].lstrip().startswith("#"):
            continue  # numbered headings ("2.1 …") title a review's topic, not one trial's report
        named = {t.norm or t.text for t in trials[bisect_left(starts, h.start) : bisect_left(starts, h.end)]
                 if t.end <= h.end}
        if len(named) == 1:
            scopes.append((h.end, end, named.pop()))
    if not scopes:
        return
    para_trials: dict[int, set[str]] = {}
    for ls in sentences:
        para_trials.setdefault(ls.paragraph, set()).update(t.norm or t.text for t in ls.trials)
    stack: list[tuple[int, int, str]] = []  # enclosing scopes, innermost last (scopes nest like headings)
    k = 0
    for ls in sentences:  # in text order: one sweep
        while k < len(scopes) and scopes[k][0] <= ls.start:
            stack.append(scopes[k])
            k += 1
        while stack and stack[-1][1] <= ls.start:
            stack.pop()
        if not stack:
            continue
        name = stack[-1][2]
        if para_trials[ls.paragraph] - {name} or has_new_study(text[ls.nstart : ls.nend]):
            continue
        ls.heading_trial = name


def _scope_ends(heads: list[Section], n: int) -> list[int]:
    """Where each heading's scope ends: the start of the next heading of its level or higher
    (a title counts as level 0 and ends at any heading). A stack keeps it linear."""
    ends = [n] * len(heads)
    open_: list[tuple[int, int]] = []  # (index, level) of headings whose scope is still open
    for i, h in enumerate(heads):
        level = 0 if h.kind == "title" else (h.level or 1)
        while open_ and (h.kind == "title" or open_[-1][1] >= level or heads[open_[-1][0]].kind == "title"):
            ends[open_.pop()[0]] = h.start
        open_.append((i, level))
    return ends


_MAX_BACK = 20


def walk_back(sentences: list[LSentence], idx: int) -> list[LSentence]:
    """Earlier sentences of the same paragraph that may still speak of the same study.

    Empty when the current sentence introduces a study of its own: a citation marker,
    or a "new study" cue ("一项…研究", "another study"). Stops before a sentence whose
    citations differ from the current one's.
    """
    cur = sentences[idx]
    out: list[LSentence] = []
    cur_refs = {n for m in cur.markers for n in m[2]}
    # bounded: a study is not spoken of 20 sentences later without naming it, and a long
    # paragraph stays linear
    for j in range(idx - 1, max(-1, idx - 1 - _MAX_BACK), -1):
        prev = sentences[j]
        if prev.paragraph != cur.paragraph:
            break
        refs = {n for m in prev.markers for n in m[2]}
        if cur_refs and refs and not (cur_refs & refs):
            break
        out.append(prev)
    return out


def has_new_study(text: str) -> bool:
    return bool(lx.compile_alt(lx.cues().new_study).search(text))


@cache
def _whole_cohort() -> regex.Pattern[str]:
    return regex.compile(r"[\s\W\d]{0,4}(?:" + lx.surface_alt(lx.cues().whole_cohort_openers) + ")")


def opens_with_whole_cohort(text: str) -> bool:
    """"全部患者中位OS为20个月", "All patients …": the sentence reports the whole cohort, so it takes
    no arm from the sentences before it."""
    return _whole_cohort().match(text) is not None


LineName = Literal["first", "second", "later"]
_NEXT_LINE: dict[str, LineName] = {"first": "second", "second": "later", "later": "later"}
_CLAUSE = regex.compile(r"[,;。]")


@dataclass
class SentenceContext:
    """Line and population cues of one sentence, found once (values look up the nearest)."""

    lines: list[tuple[int, LineName]]
    diseases: list[tuple[int, str]]
    qualifiers: list[str]
    clauses: list[int] = field(default_factory=list)  # offsets of clause punctuation
    values: list[int] = field(default_factory=list)  # offsets of the sentence's values
    responders: list[tuple[int, str]] = field(default_factory=list)

    def _clause(self, pos: int) -> tuple[int, int]:
        k = bisect_left(self.clauses, pos)  # clauses are sorted: a long list stays cheap per value
        lo = self.clauses[k - 1] if k else -1
        hi = self.clauses[k] if k < len(self.clauses) else 10**9
        return lo, hi

    def _has_value(self, lo: int, hi: int) -> bool:
        k = bisect_right(self.values, lo)
        return k < len(self.values) and self.values[k] < hi

    def line_at(self, pos: int) -> LineName | None:
        """Line of therapy of a value at ``pos``: a cue in its own clause ("在5例患者中作为二线
        治疗"), else the nearest before it, else the first after it in a clause that reports
        no value of its own ("…(mOS 13.6个月),奠定了…一线治疗地位")."""
        lo, hi = self._clause(pos)
        own = [(s, n) for s, n in self.lines if lo < s < hi]
        if own:
            before = [n for s, n in own if s < pos]
            return before[-1] if before else own[0][1]
        before = [n for s, n in self.lines if s < pos]
        if before:
            return before[-1]
        for s, n in self.lines:
            if s > pos and not self._has_value(*self._clause(s)):
                return n
        return None

    def population_at(self, pos: int, *, responders: bool = False) -> str | None:
        """A short population: a disease other than the default named nearest before ``pos``,
        qualifiers, and for durations of response the responders they are about."""
        before = [name for start, name in self.diseases if start < pos]
        parts = [b for b in before[-1:] if b != lx.cues().default_population] + self.qualifiers
        if responders:
            parts += [name for start, name in self.responders if start < pos][-1:]
        return "; ".join(parts) or None


def sentence_context(text: str, prior_spans: list[tuple[int, int]], values: list[int] | None = None) -> SentenceContext:
    """Cues of ``text``. A line cue that qualifies an earlier treatment ("一线索拉非尼耐药",
    "一线治疗失败后", "after failure of first-line sorafenib") names the line before the
    one measured, so the value's line is the next one; "二线治疗索拉非尼耐药的患者" (a
    treatment word right after the cue) is the measured line."""
    cues = lx.cues()
    prior_after = regex.compile(lx.prior_after())
    treat = lx.compile_wrapped(cues.line_treatment_words, r"\s{0,2}", "")
    lines: list[tuple[int, LineName]] = []
    for name, surfaces in cues.lines.items():
        for m in lx.compile_alt(surfaces).finditer(text):
            tw = treat.match(text, m.end())
            if tw is not None and not prior_after.match(text, tw.end()):
                lines.append((m.start(), name))
                continue
            adjacent = any(m.end() <= s and not text[m.end() : s].strip() for s, _ in prior_spans)
            if adjacent or prior_after.search(_CLAUSE.split(text[m.end() : m.end() + 12])[0]):
                lines.append((m.start(), _NEXT_LINE[name]))
                continue
            lines.append((m.start(), name))
    diseases = [
        (m.start(), name)
        for name, surfaces in cues.populations.items()
        for m in lx.compile_alt(surfaces).finditer(text)
    ]
    quals = list(dict.fromkeys(lx.qualifier_name(m.group()) for m in lx.qualifiers()[0].finditer(text)))
    responders = sorted(
        (m.start(), name)
        for name, surfaces in cues.responder_populations.items()
        for m in lx.compile_alt(surfaces).finditer(text)
    )
    clauses = [m.start() for m in _CLAUSE.finditer(text)]
    return SentenceContext(sorted(lines), sorted(diseases), quals, clauses, sorted(values or []), responders)


def group_definitions(text: str, labels: list[tuple[int, int, str]]) -> dict[str, tuple[LineName | None, str | None]]:
    """Line and population of each group a sentence defines ("A组:晚期一线…非小细胞肺癌;B组:…",
    "Cohort A: first-line NSCLC; …"): the segment after "label:" up to the next ";" or label."""
    out: dict[str, tuple[LineName | None, str | None]] = {}
    heads = [(s, e, lab) for s, e, lab in labels if text[e : e + 2].lstrip().startswith(":")]
    for k, (s, e, lab) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        seg = regex.split(r"[;。]", text[e:stop])[0]
        ctx = sentence_context(seg, [])
        out[label_key(lab)] = (ctx.line_at(len(seg)), ctx.population_at(len(seg)))
    return out


def label_key(label: str) -> str:
    return "".join(label.split()).casefold()


def sentence_markers(view_text: str) -> list[tuple[int, int, list[int]]]:
    return find_markers(view_text)
