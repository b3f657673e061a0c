"""The spaCy component ``oncology_evidence``: the whole pipeline inside an ``nlp`` object.

    nlp = spacy.blank("zh")            # or "en": any tokenizer
    nlp.add_pipe("oncology_evidence")  # found through the spacy_factories entry point
    doc = nlp(text)

It runs extractor's pipeline on ``doc.text`` and writes back:

- ``doc.spans["oncology"]``: every DRUG, DRUG_CLASS, REGIMEN and TRIAL mention, overlaps
  kept (a regimen and the drugs in it); ``span.kb_id_`` is the normalized name (INN).
- ``doc.ents``: the same without overlaps (the longest wins, so a regimen hides its
  drugs), plus the earlier entities that overlap none of them; ``displacy`` shows these.
- ``doc.spans["oncology_records"]``: each record's value, labelled with its endpoint,
  ``span.id_`` the record id.
- ``doc._.records``: the records as ``extractor.models.Record`` objects (kept in
  ``doc.user_data`` as JSON-ready dicts, so a Doc still serializes and pickles).

Offsets become spans with ``alignment_mode="expand"`` by default: a mention that ends
inside a token (the blank English tokenizer keeps "PD-1单抗" whole) still gets a span,
widened to whole tokens, where "contract" or "strict" would drop it. Importing this
module is cheap (spaCy loads every registered factory module when it builds a pipeline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if TYPE_CHECKING:
    from extractor.models import DocumentResult, Record

FACTORY = "oncology_evidence"
USER_DATA_KEY = "oncology_evidence.records"
ALIGNMENT_MODES = ("expand", "contract", "strict")


def _records(doc: Doc) -> list[Record]:
    from extractor.models import Record

    return [Record.model_validate(r) for r in doc.user_data.get(USER_DATA_KEY, [])]


def _register_extensions() -> None:
    if not Doc.has_extension("records"):
        Doc.set_extension("records", getter=_records)


class OncologyEvidence:
    """Writes extractor's entities and records onto each Doc (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, alignment_mode: str, spans_key: str, records_key: str) -> None:
        if alignment_mode not in ALIGNMENT_MODES:
            raise ValueError(f"alignment_mode must be one of {', '.join(ALIGNMENT_MODES)}, not {alignment_mode!r}")
        self.name = name
        self.alignment_mode = alignment_mode
        self.spans_key = spans_key
        self.records_key = records_key
        _register_extensions()

    def analyze(self, text: str) -> DocumentResult:
        from extractor.ingest import document_from_text
        from extractor.pipeline import analyze

        return analyze(document_from_text(text, source="<spacy>"))

    def __call__(self, doc: Doc) -> Doc:
        if not doc.text.strip():
            doc.spans[self.spans_key] = []
            doc.spans[self.records_key] = []
            doc.user_data[USER_DATA_KEY] = []
            return doc
        result = self.analyze(doc.text)
        mentions: list[Span] = []
        for ent in result.entities:
            span = doc.char_span(ent.start, ent.end, label=ent.label, kb_id=ent.norm or "",
                                 alignment_mode=self.alignment_mode)
            if span is not None:
                mentions.append(span)
        doc.spans[self.spans_key] = mentions
        ours = filter_spans(mentions)
        taken = {i for span in ours for i in range(span.start, span.end)}
        kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = sorted(kept + ours, key=lambda s: s.start)
        values: list[Span] = []
        for rec in result.records:
            span = doc.char_span(rec.start, rec.end, label=rec.endpoint, alignment_mode=self.alignment_mode)
            if span is not None:
                span.id_ = rec.id
                values.append(span)
        doc.spans[self.records_key] = values
        doc.user_data[USER_DATA_KEY] = [r.model_dump(mode="json") for r in result.records]
        return doc


@Language.factory(
    FACTORY,
    default_config={"alignment_mode": "expand", "spans_key": "oncology", "records_key": "oncology_records"},
    assigns=["doc.ents", "doc.spans", "doc._.records"],
)
def make_oncology_evidence(
    nlp: Language, name: str, alignment_mode: str, spans_key: str, records_key: str
) -> OncologyEvidence:
    return OncologyEvidence(nlp, name, alignment_mode=alignment_mode, spans_key=spans_key, records_key=records_key)


def entity_spans(doc: Doc, key: str = "oncology") -> list[dict[str, Any]]:
    """The mentions as plain dicts (label, text, start_char, end_char, norm), for comparisons."""
    return [
        {"label": s.label_, "text": s.text, "start": s.start_char, "end": s.end_char, "norm": s.kb_id_ or None}
        for s in doc.spans.get(key, [])
    ]
