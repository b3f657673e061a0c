"""The pipeline: an explicit list of small stages over one Document.

ingest -> normalize -> articles -> sections -> sentences -> entities -> references ->
measurements -> records. Each stage reads what the ones before it wrote; nothing
runs at import time, and the spaCy/jieba-backed stages are imported only here,
when a command needs them.

A file of several articles (``sections.find_articles``) runs the stages after
ingestion once per article, on a slice of the text: each article's sections,
trial context, group labels and citations stay its own, and its records are the
ones the article alone would give. Offsets are shifted back, so every span still
indexes the file's ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator
from typing import TypeVar

from extractor.ingest import ingest
from extractor.models import (
    Article,
    CharLayout,
    Document,
    DocumentResult,
    Entity,
    PageInfo,
    Record,
    Reference,
    Section,
    Sentence,
    renumber,
)
from extractor.normalize import NormView, normalize
from extractor.sections import find_articles, find_sections
from extractor.segment import split_sentences

# Text read as back matter (after the body or the references) beyond this size gets a
# warning: it may be another article the section stage did not recognise.
BACK_MATTER_WARN_CHARS = 3000
# Longer than any real reference entry (a long one with 30 authors and a URL is ~700).
MAX_REFERENCE_CHARS = 1000


@dataclass
class Part:
    """One article of a document: its own Document over a slice of the text."""

    offset: int  # of the slice in the whole text
    doc: Document
    view: NormView


def prepare(doc: Document) -> NormView:
    """Normalize, then add sections and sentences to ``doc``; returns the normalized view."""
    view = normalize(doc.text)
    for _ in article_parts(doc, view):
        pass
    return view


def article_parts(doc: Document, view: NormView) -> Iterator[Part]:
    """The articles of ``doc`` one at a time, each prepared (sections, sentences).

    One article's slice of the text, normalized view, sections and sentences are alive
    only while the caller works on it: once the caller asks for the next one, its sections
    and sentences move into ``doc`` shifted to the file's offsets (so ``doc`` has them
    all once the iteration ends) and the rest is dropped. Kept all at once, they held a
    second and a third copy of the text and of every sentence (20 MB of text: ~100 MB).
    """
    spans = find_articles(view)
    if len(spans) <= 1:
        doc.sections = find_sections(view)
        doc.sentences = split_sentences(doc)
        _warn_back_matter(doc)
        yield Part(0, doc, view)
        return
    del view  # each article gets its own: the whole text's is not kept while they run
    doc.sections, doc.sentences = [], []
    for start, end in spans:
        sub = _slice(doc, start, end)
        sub_view = normalize(sub.text)
        sub.sections = find_sections(sub_view)
        sub.sentences = split_sentences(sub)
        part = Part(start, sub, sub_view)
        yield part
        del part, sub_view
        doc.sections.extend(_shift(s, start) for s in sub.sections)
        doc.sentences.extend(_shift(s, start) for s in sub.sentences)
    _warn_back_matter(doc)


def find_entities(doc: Document, view: NormView) -> list[Entity]:
    from extractor.entities import find_entities as stage

    return stage(doc, view)


def find_references(doc: Document, view: NormView) -> list[Reference]:
    from extractor.references import parse_references

    return parse_references(doc, view)


def find_records(
    doc: Document, view: NormView, entities: list[Entity], references: list[Reference]
) -> list[Record]:
    from extractor.measure import extract_records

    return extract_records(doc, view, entities, references)


# A short bilingual text that touches every stage: analysing it once fills the per-process
# caches (lexicons, matchers, model schemas) before the first real document.
WARM_TEXT = (
    "二线治疗中, 瑞戈非尼组的中位总生存期为10.6个月 vs 7.8个月 (HR=0.63, P<0.001)。\n"
    "In REACH-2, ramucirumab improved median OS (8.5 vs 7.3 months; HR 0.71, 95% CI 0.53-0.95).\n"
)


def warm() -> None:
    """Fill the pipeline's per-process caches (raises what the pipeline raises)."""
    from extractor.ingest import document_from_text

    analyze(document_from_text(WARM_TEXT, source="<warm-up>"))


def analyze(doc: Document) -> DocumentResult:
    """Run every stage after ingestion on ``doc``, article by article."""
    entities: list[Entity] = []
    references: list[Reference] = []
    records: list[Record] = []
    articles: list[Article] = []
    unread: list[str] = []  # after the back-matter warnings, which come once all articles are split
    for k, part in enumerate(article_parts(doc, normalize(doc.text))):
        sub, off = part.doc, part.offset
        ents = find_entities(sub, part.view)
        refs = find_references(sub, part.view)
        _warn_unread_references(sub, refs, unread, off)
        recs = find_records(sub, part.view, ents, refs)
        title = _title(sub)
        _ground_sentences(sub.text, recs)
        for rec in recs:
            rec.article, rec.article_title = k, title
        entities.extend(_shift(e, off) for e in ents)
        references.extend(_shift(r, off) for r in refs)
        records.extend(renumber([_shift(r, off) for r in recs], len(records)))
        articles.append(Article(index=k, start=off, end=off + len(sub.text), title=title))
        del part, sub, ents, refs, recs  # before the next article is split
    doc.warnings.extend(unread)
    if doc.layout is not None and doc.layout.ocr:
        from extractor.ocr_checks import annotate

        annotate(doc, records)
    return DocumentResult(
        doc_id=doc.doc_id,
        source=doc.source,
        media_type=doc.media_type,
        text=doc.text,
        sections=doc.sections,
        sentences=doc.sentences,
        pages=doc.pages,
        entities=entities,
        records=records,
        references=references,
        articles=articles,
        warnings=doc.warnings,
    )


def extract(
    path: Path, *, password: str | None = None, pdf_backend: str | None = None, ocr: str = "auto"
) -> DocumentResult:
    """Ingest ``path`` and run the whole pipeline on it (``ocr``: auto, always, never)."""
    return analyze(ingest(Path(path), password=password, pdf_backend=pdf_backend, ocr=ocr))


def _title(doc: Document) -> str | None:
    """The article's title: its title line, else a heading that opens the text ("# Title")."""
    title = next((s.title for s in doc.sections if s.kind == "title"), None)
    if title is None:
        first = len(doc.text) - len(doc.text.lstrip())
        title = next((s.title for s in doc.sections if s.kind == "heading" and s.start == first), None)
    return title


def _ground_sentences(text: str, records: list[Record]) -> None:
    """Records point at their sentence (``sentence_start``/``sentence_end``) instead of copying it.

    The measure stage may give the span itself; otherwise the copy is found again next to
    the value (the sentence holds the value, so the search window is the sentence's length).
    """
    for rec in records:
        if rec.sentence_start is None and rec.sentence:
            n = len(rec.sentence)
            at = text.find(rec.sentence, max(0, rec.end - n), rec.start + n)
            if at >= 0:
                rec.sentence_start, rec.sentence_end = at, at + n
        if rec.sentence_start is not None:
            rec.sentence = ""


_SPAN_FIELDS = ("start", "end", "sentence_start", "sentence_end")


M = TypeVar("M", Section, Sentence, Entity, Record, Reference)


def _shift(item: M, offset: int) -> M:
    if offset:
        for name in _SPAN_FIELDS:
            value = getattr(item, name, None)
            if value is not None:
                setattr(item, name, value + offset)
    return item


def _slice(doc: Document, start: int, end: int) -> Document:
    """A Document over ``doc.text[start:end]``, with its pages and character boxes."""
    layout = None
    if doc.layout is not None:
        layout = CharLayout.model_construct(page=doc.layout.page[start:end], box=doc.layout.box[start:end])
    pages = [
        PageInfo.model_construct(number=p.number, width=p.width, height=p.height,
                                 start=max(p.start, start) - start, end=min(p.end, end) - start)
        for p in doc.pages if p.end > start and p.start < end
    ]  # fmt: skip
    return Document.model_construct(
        doc_id=doc.doc_id, source=doc.source, media_type=doc.media_type, encoding=doc.encoding,
        text=doc.text[start:end], sections=[], sentences=[], pages=pages, layout=layout, warnings=[],
    )  # fmt: skip


def _warn_back_matter(doc: Document) -> None:
    """Say so when much text is set aside as back matter: it is not extracted."""
    for sec in doc.sections:
        if sec.kind == "back_matter" and sec.end - sec.start > BACK_MATTER_WARN_CHARS:
            doc.warnings.append(
                f"{sec.end - sec.start} characters at offset {sec.start} read as back matter and not "
                "extracted (if another article starts there, its abstract or title block was not recognised)"
            )


def _warn_unread_references(doc: Document, refs: list[Reference], warnings: list[str], offset: int) -> None:
    """Say so when a reference list holds much text that is no reference entry (another article?)."""
    for sec in doc.sections:
        if sec.kind != "references":
            continue
        # an entry runs to the next one: text beyond a plausible entry's length is something else
        read = sum(min(r.end - r.start, MAX_REFERENCE_CHARS) for r in refs if sec.start <= r.start < sec.end)
        unread = (sec.end - sec.start) - read
        if unread > BACK_MATTER_WARN_CHARS:
            warnings.append(
                f"{unread} characters of the reference list at offset {sec.start + offset} are no reference "
                "entries and were not extracted (if another article starts there, its abstract or title "
                "block was not recognised)"
            )
