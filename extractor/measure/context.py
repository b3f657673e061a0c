"""Where a value sits: logical sentences, paragraphs, and the trial/line/population around it.

The segmenter may split a sentence at a page or column break ("…免疫治" / "疗的…");
a *logical sentence* joins pieces until one ends with terminal punctuation, so the
marker "Guan等^[22]" still covers the values after the break. Paragraphs (blank
lines, headings) bound the look-back for a trial or an arm named earlier ("该研究",
"这3组"); a sentence with its own different citation is a new study and stops it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

from extractor.measure import lexicon as lx
from extractor.measure.citations import find_markers
from extractor.models import Document, Entity

ELIGIBLE = {"abstract_zh", "abstract_en", "body"}
_TERMINAL = regex.compile(r"[。！？!?；;.]\s*(?:\^\[[^\]]*\]|\^\{[^}]*\})?\s*$|[。！？!?]\s*[\"”’)）]?\s*$")


@dataclass
class LSentence:
    start: int  # offsets in Document.text
    end: int
    nstart: int  # offsets in the normalized view
    nend: int
    paragraph: int
    section: str | None
    markers: list[tuple[int, int, list[int]]] = field(default_factory=list)  # offsets in the sentence's view text
    trials: list[Entity] = field(default_factory=list)


def logical_sentences(doc: Document, view_to_norm: object) -> list[LSentence]:
    """Eligible sentences (abstracts and body, no headings), joined across breaks."""
    headings = [(s.start, s.end) for s in doc.sections if s.kind == "heading"]
    out: list[LSentence] = []
    para = 0
    prev_end = 0
    open_sentence = False
    for s in doc.sentences:
        section = doc.section_at(s.start)
        is_heading = any(hs <= s.start < he for hs, he in headings)
        if section not in ELIGIBLE or is_heading:
            para += 1
            open_sentence = False
            prev_end = s.end
            continue
        gap = doc.text[prev_end : s.start]
        if open_sentence and out and out[-1].section == section:
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


def trial_for(sentences: list[LSentence], idx: int, value_pos: int) -> str | None:
    """The trial a value at view offset ``value_pos`` of sentence ``idx`` reports."""
    cur = sentences[idx]
    before = [t for t in cur.trials if t.start <= value_pos]
    if before:
        return before[-1].norm or before[-1].text
    if cur.trials:
        return cur.trials[0].norm or cur.trials[0].text
    for prev in walk_back(sentences, idx):
        if prev.trials:
            return prev.trials[-1].norm or prev.trials[-1].text
        if prev.markers:
            return None
    return None


def walk_back(sentences: list[LSentence], idx: int) -> list[LSentence]:
    """Earlier sentences of the same paragraph that may still speak of the same study.

    Empty when the current sentence introduces a study of its own: a citation marker,
    or a "new study" cue ("一项…研究", "another study"). Stops before a sentence whose
    citations differ from the current one's.
    """
    cur = sentences[idx]
    out: list[LSentence] = []
    cur_refs = {n for m in cur.markers for n in m[2]}
    for j in range(idx - 1, -1, -1):
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


LineName = Literal["first", "second", "later"]


@dataclass
class SentenceContext:
    """Line and population cues of one sentence, found once (values look up the nearest)."""

    lines: list[tuple[int, LineName]]
    diseases: list[tuple[int, str]]
    qualifiers: list[str]

    def line_at(self, pos: int) -> LineName | None:
        """Line of therapy stated before ``pos`` (not the line of a prior drug)."""
        before = [name for start, name in self.lines if start < pos]
        return before[-1] if before else None

    def population_at(self, pos: int) -> str | None:
        """A short population: the disease named nearest before ``pos``, plus qualifiers."""
        before = [name for start, name in self.diseases if start < pos]
        parts = before[-1:] + self.qualifiers
        return "; ".join(parts) or None


def sentence_context(text: str, prior_spans: list[tuple[int, int]]) -> SentenceContext:
    """Cues of ``text``; a line cue followed closely by a prior drug or a resistance word
    ("一线索拉非尼耐药") names the earlier line, not the one measured, and is dropped."""
    cues = lx.cues()
    prior_after = lx.compile_alt(cues.prior_after)
    lines: list[tuple[int, LineName]] = []
    for name, surfaces in cues.lines.items():
        for m in lx.compile_alt(surfaces).finditer(text):
            if any(m.end() <= s <= m.end() + 4 for s, _ in prior_spans):
                continue
            if prior_after.search(regex.split(r"[,;。]", text[m.end() : m.end() + 12])[0]):
                continue
            lines.append((m.start(), name))
    diseases = [
        (m.start(), name)
        for name, surfaces in cues.populations.items()
        for m in lx.compile_alt(surfaces).finditer(text)
    ]
    quals = list(dict.fromkeys(m.group() for m in lx.compile_alt(cues.population_qualifiers).finditer(text)))
    return SentenceContext(sorted(lines), sorted(diseases), quals)


def sentence_markers(view_text: str) -> list[tuple[int, int, list[int]]]:
    return find_markers(view_text)
