"""Score the corpus documents that have gold: the library entry point of ``extractor evaluate``.

Without a prediction file the extractor runs on every source in ``gold/sources.json``
(the plain text and the PDF of the same article); with one, its DocumentResults are
matched to sources by path, then by doc_id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.evaluate.counters import PRF, macro, total
from extractor.evaluate.data import (
    EvaluationError,
    SourceSpec,
    load_gold,
    load_predictions,
    load_sources,
    sha256_text,
)
from extractor.evaluate.document import DocScores, score_document
from extractor.evaluate.entities import LABELS, SCHEMES
from extractor.models import DocumentResult, GoldDocument


SPLITS = ("dev", "test")


@dataclass
class EvaluationReport:
    docs: list[DocScores]
    warnings: list[str] = field(default_factory=list)
    splits: dict[str, str] = field(default_factory=dict)  # document name -> "dev" / "test"

    def split_totals(self) -> dict[str, dict[str, PRF]]:
        """Micro totals per real-text split: records, records with the right arm, drug and
        trial normalized sets."""
        out: dict[str, dict[str, PRF]] = {}
        for split in SPLITS:
            docs = [d for d in self.docs if self.splits.get(d.name) == split]
            if docs:
                out[split] = {
                    "records": total(d.records.overall for d in docs),
                    "records+arm": total(d.records.with_arm for d in docs),
                    "drugs": total(d.entities.counts["normset"]["DRUG"] for d in docs),
                    "trials": total(d.entities.counts["normset"]["TRIAL"] for d in docs),
                }
        return out

    def scores(self) -> dict[str, float]:
        """Flat named scores (``review.txt/entities/DRUG/strict/f1``): what the gate compares.

        Real-text documents are scored per split (``real-dev/records/arm/f1``), not one by
        one: each is short, and a single text's score says little.
        """
        out: dict[str, float] = {}
        for split, rows in self.split_totals().items():
            for row, prf in rows.items():
                for metric, value in _prf(prf).items():
                    out[f"real-{split}/{row}/{metric}"] = value
        for d in self.docs:
            if d.set_only:
                continue
            for scheme in SCHEMES:
                counts = d.entities.counts[scheme]
                for label in LABELS:
                    for metric, value in _prf(counts[label]).items():
                        out[f"{d.name}/entities/{label}/{scheme}/{metric}"] = value
                for metric, value in _prf(total(counts.values())).items():
                    out[f"{d.name}/entities/micro/{scheme}/{metric}"] = value
                for metric, value in macro(counts.values()).to_dict().items():
                    out[f"{d.name}/entities/macro/{scheme}/{metric}"] = value
            for metric, value in _prf(d.records.overall).items():
                out[f"{d.name}/records/all/{metric}"] = value
            for endpoint, prf in d.records.by_endpoint.items():
                out[f"{d.name}/records/{endpoint}/f1"] = prf.f1
            for fname, acc in d.records.fields.items():
                out[f"{d.name}/records/fields/{fname}/accuracy"] = acc.accuracy
            if d.coverage is not None:
                out[f"{d.name}/alignment/coverage"] = d.coverage
        return out

    def matched(self) -> dict[str, list[str]]:
        """Matched gold item keys per ``<doc>/<scope>``, for "items lost" reports."""
        return {f"{d.name}/{scope}": keys for d in self.docs for scope, keys in d.matched.items()}

    def to_dict(self) -> dict[str, Any]:
        docs = []
        for d in self.docs:
            docs.append(
                {
                    "name": d.name,
                    "source": d.source,
                    "doc_id": d.doc_id,
                    "gold_doc_id": d.gold_doc_id,
                    "alignment_coverage": d.coverage,
                    "entities": {
                        scheme: {
                            **{lab: d.entities.counts[scheme][lab].to_dict() for lab in LABELS},
                            "micro": total(d.entities.counts[scheme].values()).to_dict(),
                            "macro": macro(d.entities.counts[scheme].values()).to_dict(),
                        }
                        for scheme in SCHEMES
                    },
                    "records": {
                        "all": d.records.overall.to_dict(),
                        "by_endpoint": {k: v.to_dict() for k, v in d.records.by_endpoint.items()},
                        "fields": {k: v.to_dict() for k, v in d.records.fields.items()},
                    },
                    "errors": [e.__dict__ for e in d.errors],
                }
            )
        splits = {split: {row: prf.to_dict() for row, prf in rows.items()}
                  for split, rows in self.split_totals().items()}
        return {"documents": docs, "splits": splits, "scores": self.scores(),
                "warnings": self.warnings}


def _prf(c: Any) -> dict[str, float]:
    return {"precision": c.precision, "recall": c.recall, "f1": c.f1}


def _gold_text(gold: GoldDocument, root: Path, preds: list[DocumentResult]) -> str | None:
    """The text the gold offsets index: a prediction with that exact text, else the source file."""
    for p in preds:
        if sha256_text(p.text) == gold.text_sha256:
            return p.text
    path = root / gold.source
    if path.is_file():
        raw = path.read_bytes()
        for encoding in ("utf-8", "utf-8-sig"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            for candidate in (text, text.replace("\r\n", "\n")):
                if sha256_text(candidate) == gold.text_sha256:
                    return candidate
    return None


def _same_path(a: str, b: str, root: Path) -> bool:
    pa, pb = Path(a), Path(b)
    pa = pa if pa.is_absolute() else root / pa
    pb = pb if pb.is_absolute() else root / pb
    return pa.resolve() == pb.resolve()


def _file_sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _pick(spec: SourceSpec, preds: list[DocumentResult], root: Path) -> DocumentResult | None:
    for p in preds:
        if _same_path(p.source, spec.source, root):
            return p
    sha = _file_sha(root / spec.source)
    for p in preds:
        if sha is not None and p.doc_id == sha:
            return p
    return None


def _run_pipeline(specs: list[SourceSpec], root: Path) -> list[DocumentResult]:
    try:
        from extractor.pipeline import extract
    except ImportError as exc:
        raise EvaluationError(
            f"extractor.pipeline is not available ({exc}); pass --pred FILE.jsonl instead"
        ) from exc
    results = []
    for spec in specs:
        path = root / spec.source
        if not path.is_file():
            raise EvaluationError(
                f"{spec.source}: listed in gold/sources.json but not found under {root}"
            )
        results.append(extract(path))
    return results


def evaluate_corpus(
    gold_dir: Path, *, pred_path: Path | None = None, split: str | None = None, no_test: bool = False
) -> EvaluationReport:
    """Score predictions (or a fresh extractor run) against every gold document with a source.

    ``split`` ("dev" / "test") scores only the real-text documents of that split; ``no_test``
    scores everything but the test split (what the regression gate compares).
    """
    gold = load_gold(gold_dir)
    specs = load_sources(gold_dir, gold)
    if split is not None:
        specs = [s for s in specs if s.split == split]
    if no_test:
        specs = [s for s in specs if s.split != "test"]
    root = gold_dir.resolve().parent
    preds = load_predictions(pred_path) if pred_path is not None else _run_pipeline(specs, root)
    report = EvaluationReport(docs=[])
    report.splits = {Path(s.source).name: s.split for s in specs if s.split is not None}
    for spec in specs:
        pred = _pick(spec, preds, root)
        if pred is None and not spec.align:
            pred = next((p for p in preds if p.doc_id == spec.gold_doc_id), None)
        if pred is None:
            report.warnings.append(f"{spec.source}: no prediction for this source; not scored")
            continue
        g = gold[spec.gold_doc_id]
        text = _gold_text(g, root, preds)
        must_align = spec.align or (text is not None and pred.text != text)
        if not spec.align and must_align:
            report.warnings.append(
                f"{spec.source}: predicted text differs from the gold text; aligned before scoring"
            )
        if text is None and not spec.align:
            report.warnings.append(
                f"{spec.source}: gold text (sha256 {g.text_sha256[:12]}…) not found; "
                f"offsets taken as they are"
            )
        report.docs.append(
            score_document(
                g, pred, gold_text=text, name=Path(spec.source).name, align_to_gold=must_align
            )
        )
    return report
