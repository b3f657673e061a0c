"""spaCy DocBin (``.spacy``): one Doc per document, ready for ``spacy train``.

Tokens come from ``extractor.tokenize.make_doc`` (jieba with the lexicon's words, every
drug and trial name protected as one token), so entity offsets fall on token
boundaries. Each Doc carries:

- ``doc.ents``: DRUG, DRUG_CLASS, REGIMEN and TRIAL mentions without overlaps (the
  longest wins: a regimen over the drugs in it) — what the ``ner`` component trains on;
- ``doc.spans["sc"]``: every mention, overlaps kept — what ``spancat`` trains on;
- sentence starts from the pipeline's sentences (so a corpus ``max_length`` can split
  long documents), and ``doc.user_data`` ``doc_id`` / ``source``.

``span.kb_id_`` is the normalized name (INN). A mention that does not fall on token
boundaries is widened to whole tokens ("expand"); ``write`` returns how many were.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.models import DocumentResult

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPANS_KEY = "sc"


def to_doc(result: DocumentResult) -> tuple[Doc, int]:
    """The result as a Doc, and the number of mentions widened to token boundaries."""
    from spacy.util import filter_spans

    from extractor.tokenize import make_doc

    doc = make_doc(result.text)
    spans = []
    widened = 0
    for ent in result.entities:
        kw = {"label": ent.label, "kb_id": ent.norm or ""}
        span = doc.char_span(ent.start, ent.end, alignment_mode="strict", **kw)
        if span is None:
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand", **kw)
            widened += span is not None
        if span is not None:
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    doc.ents = filter_spans(spans)
    starts = {s.start for s in result.sentences}
    for tok in doc:
        if tok.idx in starts:
            tok.is_sent_start = True
    doc.user_data["doc_id"] = result.doc_id
    doc.user_data["source"] = result.source
    return doc, widened


def note_widened(widened: int) -> None:
    """Say on stderr when spans in the file are wider than the mentions they stand for."""
    if widened:
        import sys

        print(f"extractor: note: {widened} mention(s) did not fall on token boundaries and were "
              "widened to whole tokens in the .spacy file", file=sys.stderr)


def write(results: Iterable[DocumentResult], path: Path) -> int:
    """Write the results' Docs to ``path``; returns how many mentions had to be widened."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=True)
    widened = 0
    for res in results:
        doc, n = to_doc(res)
        db.add(doc)
        widened += n
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return widened
