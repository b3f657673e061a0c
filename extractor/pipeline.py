"""The pipeline: an explicit list of small stages over one Document.

ingest -> normalize -> sections -> sentences -> entities -> references ->
measurements -> records. Each stage reads what the ones before it wrote; nothing
runs at import time, and the spaCy/jieba-backed stages are imported only here,
when a command needs them.
"""

from __future__ import annotations

from pathlib import Path

from extractor.ingest import ingest
from extractor.models import Document, DocumentResult, Entity, Record, Reference
from extractor.normalize import NormView, normalize
from extractor.sections import find_sections
from extractor.segment import split_sentences


def prepare(doc: Document) -> NormView:
    """Normalize, then add sections and sentences to ``doc``; returns the normalized view."""
    view = normalize(doc.text)
    doc.sections = find_sections(view)
    doc.sentences = split_sentences(doc)
    return view


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


def analyze(doc: Document) -> DocumentResult:
    """Run every stage after ingestion on ``doc``."""
    view = prepare(doc)
    entities = find_entities(doc, view)
    references = find_references(doc, view)
    records = find_records(doc, view, entities, references)
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
        warnings=doc.warnings,
    )


def extract(path: Path, *, password: str | None = None, ocr: str = "auto") -> DocumentResult:
    """Ingest ``path`` and run the whole pipeline on it (``ocr``: see ``ingest``)."""
    return analyze(ingest(Path(path), password=password, ocr=ocr))
