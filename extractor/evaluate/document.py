"""Scoring one prediction (a DocumentResult) against one gold document.

Predictions from a different rendering of the article (the PDF) are first moved
into gold-text coordinates through a character alignment; everything else —
matching, counting, error listing — then works on gold offsets alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from extractor.evaluate.align import align
from extractor.evaluate.data import EvaluationError
from extractor.evaluate.entities import EntityScores, Mention, norm_key, score_entities
from extractor.evaluate.records import FIELDS, RecordScores, score_records
from extractor.models import DocumentResult, Entity, GoldDocument, Record, Sentence

# Sentence ends for the fallback scan. A single newline is not one: PDF text
# breaks lines mid-sentence; a blank line (paragraph break) is.
_SENTENCE_END = "。！？；!?"
_CONTEXT = 120  # chars either side at most, so a run-on paragraph stays readable


def _is_break(text: str, i: int) -> bool:
    """Whether a sentence boundary lies just before offset ``i``."""
    return text[i - 1] in _SENTENCE_END or text[i - 2 : i] == "\n\n"


def sentence_around(
    text: str, start: int, end: int, sentences: Sequence[Sentence] | None = None
) -> str:
    """The sentence holding text[start:end], with the span bracketed ⟦like this⟧ on one line.

    Uses the document's own sentence split when it has one, else a scan for
    sentence punctuation and blank lines; either way at most _CONTEXT chars a side.
    """
    found = None
    if sentences:
        i = bisect_right([s.start for s in sentences], start) - 1
        if i >= 0 and sentences[i].start <= start < max(sentences[i].end, start + 1):
            found = sentences[i]
    if found is not None:
        lo, hi = max(found.start, start - _CONTEXT), min(max(found.end, end), end + _CONTEXT)
    else:
        lo = start
        while lo > 0 and start - lo < _CONTEXT and not _is_break(text, lo):
            lo -= 1
        hi = end
        while hi < len(text) and hi - end < _CONTEXT and not _is_break(text, hi):
            hi += 1
    shown = f"{text[lo:start]}⟦{text[start:end]}⟧{text[end:hi]}"
    return " ".join(shown.split())


@dataclass(frozen=True)
class ErrorItem:
    """One false positive, false negative or wrong field, with where it happened."""

    kind: Literal["FP", "FN", "FIELD"]
    scope: str  # "entities", "entities/normset" or "records"
    label: str  # entity label or record endpoint
    surface: str
    offset: int | None
    sentence: str
    detail: str = ""


@dataclass
class DocScores:
    name: str
    source: str
    doc_id: str
    gold_doc_id: str
    entities: EntityScores
    records: RecordScores
    coverage: float | None = None  # alignment coverage of the gold text, aligned sources only
    # Real-text gold has no span offsets, only the sets of drugs and trials: its entity
    # scores are the normalized sets of DRUG and TRIAL alone.
    set_only: bool = False
    errors: list[ErrorItem] = field(default_factory=list)
    # gold item keys matched, per scope: what the regression gate calls "items lost"
    matched: dict[str, list[str]] = field(default_factory=dict)


def span_key(e: Entity) -> str:
    return f"{e.label} {e.start}-{e.end} {e.text}"


def record_key(r: Record) -> str:
    unit = r.unit or ""
    return f"{r.endpoint} {r.value:g}{unit} @{r.start}"


def _describe(r: Record) -> str:
    arm = "+".join(r.arm) or r.arm_label or "?"
    return f"{r.endpoint}={r.value:g}{r.unit or ''} arm={arm}"


def score_document(
    gold: GoldDocument,
    pred: DocumentResult,
    *,
    gold_text: str | None,
    name: str,
    align_to_gold: bool,
) -> DocScores:
    """Score ``pred`` against ``gold``; ``gold_text`` is the text the gold offsets index."""
    coverage = None
    if align_to_gold:
        if gold_text is None:
            raise EvaluationError(
                f"{name}: cannot align to gold {gold.doc_id[:12]}…: the gold text is not "
                f"available (score {gold.source} too, or keep it readable from the repository)"
            )
        alignment = align(pred.text, gold_text)
        coverage = alignment.coverage
        ent_offsets = [alignment.map_span(e.start, e.end) for e in pred.entities]
        rec_offsets = [alignment.map_span(r.start, r.end) for r in pred.records]
    else:
        ent_offsets = [(e.start, e.end) for e in pred.entities]
        rec_offsets = [(r.start, r.end) for r in pred.records]
    g_text = gold_text if gold_text is not None else pred.text
    # The prediction's sentence split indexes the gold text only when no alignment was needed.
    g_sents = pred.sentences if not align_to_gold else None

    set_only = gold.drug_set is not None
    if set_only:
        g_ments, p_ments = _set_mentions(gold, pred)
    else:
        g_ments = [Mention(e.label, e.start, e.end, norm_key(e.norm, e.text)) for e in gold.spans]
        p_ments = [
            Mention(e.label, s, t, norm_key(e.norm, e.text))
            for e, (s, t) in zip(pred.entities, ent_offsets, strict=True)
        ]
    ents = score_entities(g_ments, p_ments)
    recs = score_records(gold.records, pred.records, rec_offsets)

    errors: list[ErrorItem] = []
    partner_of_gold = dict(ents.partial_pairs)
    partner_of_pred = {pi: gi for gi, pi in ents.partial_pairs}
    for gi in [] if set_only else ents.missed_gold["strict"]:
        e = gold.spans[gi]
        pi = partner_of_gold.get(gi)
        detail = ""
        if pi is not None:
            detail = f"predicted ⟦{_oneline(pred.entities[pi].text)}⟧ overlaps"
        errors.append(
            ErrorItem("FN", "entities", e.label, e.text, e.start,
                      sentence_around(g_text, e.start, e.end, g_sents), detail)
        )
    for pi in [] if set_only else ents.spurious_pred["strict"]:
        e = pred.entities[pi]
        gi = partner_of_pred.get(pi)
        detail = f"gold ⟦{gold.spans[gi].text}⟧ overlaps" if gi is not None else ""
        errors.append(
            ErrorItem("FP", "entities", e.label, _oneline(e.text), e.start,
                      sentence_around(pred.text, e.start, e.end, pred.sentences), detail)
        )
    for kind, by_label in (("FN", ents.missed_norms), ("FP", ents.spurious_norms)):
        for label, norms in by_label.items():
            for norm in norms:
                errors.append(ErrorItem(kind, "entities/normset", label, norm, None, ""))
    for gi in recs.missed_gold:
        r = gold.records[gi]
        errors.append(
            ErrorItem("FN", "records", r.endpoint, _describe(r), r.start,
                      sentence_around(g_text, r.start, r.end, g_sents))
        )
    for pi in recs.spurious_pred:
        r = pred.records[pi]
        errors.append(
            ErrorItem("FP", "records", r.endpoint, _describe(r), r.start,
                      sentence_around(pred.text, r.start, r.end, pred.sentences))
        )
    for gi, pi, fname in recs.field_errors:
        g, p = gold.records[gi], pred.records[pi]
        errors.append(
            ErrorItem("FIELD", "records", g.endpoint, _describe(g), g.start,
                      sentence_around(g_text, g.start, g.end, g_sents),
                      f"{fname}: gold {_field_repr(g, fname)} ≠ "
                      f"predicted {_field_repr(p, fname)}")
        )

    matched = {
        f"entities/{scheme}": [
            span_key(gold.spans[gi]) for gi in ents.matched_gold[scheme]
        ]
        for scheme in ("strict", "partial")
        if not set_only
    }
    matched["entities/normset"] = sorted(
        {f"{m.label} {m.norm}" for m in g_ments}
        - {f"{lab} {n}" for lab, ns in ents.missed_norms.items() for n in ns}
    )
    matched["records"] = [record_key(gold.records[gi]) for gi, _ in recs.pairs]
    # Field-level items, so a gate failure on a field accuracy names the records that broke.
    wrong = {(gi, fname) for gi, _, fname in recs.field_errors}
    matched["records/fields"] = [
        f"{record_key(gold.records[gi])} {fname}"
        for gi, _ in recs.pairs
        for fname in FIELDS
        if (gi, fname) not in wrong
    ]
    return DocScores(
        name=name,
        source=pred.source,
        doc_id=pred.doc_id,
        gold_doc_id=gold.doc_id,
        entities=ents,
        records=recs,
        coverage=coverage,
        errors=errors,
        matched=matched,
        set_only=set_only,
    )


def trial_key(name: str) -> str:
    """Trial names compare without case and separators: "CheckMate-9LA" == "CheckMate 9LA"."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _set_mentions(gold: GoldDocument, pred: DocumentResult) -> tuple[list[Mention], list[Mention]]:
    """Pseudo-mentions (no offsets) for the DRUG and TRIAL sets of a set-only gold document."""
    g = [Mention("DRUG", -1, -1, norm_key(d, d)) for d in gold.drug_set or []]
    g += [Mention("TRIAL", -1, -1, trial_key(t)) for t in gold.trial_set or []]
    p = [Mention("DRUG", -1, -1, norm_key(d, d)) for d in sorted(pred.drug_norms())]
    p += [Mention("TRIAL", -1, -1, trial_key(e.norm or e.text)) for e in pred.entities
          if e.label == "TRIAL"]
    return g, p


def _field_repr(r: Record, name: str) -> str:
    values = {
        "arm": (r.arm, r.arm_label),
        "comparator": (r.comparator, r.comparator_label),
        "ci": (r.ci_low, r.ci_high),
        "p": (r.p_operator, r.p_value),
    }
    if name in values:
        return repr(values[name])
    return repr(getattr(r, name))


def _oneline(s: str) -> str:
    return " ".join(s.split())
