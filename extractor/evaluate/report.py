"""Rendering an EvaluationReport: a terminal table, an error listing, JSON."""

from __future__ import annotations

import json

from extractor.evaluate.corpus import EvaluationReport
from extractor.evaluate.counters import PRF, macro, total
from extractor.evaluate.document import DocScores
from extractor.evaluate.entities import LABELS, SCHEMES


def _prf_cells(c: PRF) -> str:
    return f"{c.precision:5.3f} {c.recall:5.3f} {c.f1:5.3f}"


def _entity_table(d: DocScores) -> list[str]:
    head = "".join(f" | {s:^17}" for s in SCHEMES)
    lines = [f"  {'entities':<16} {'gold':>5} {'pred':>5}{head}"]
    lines.append(f"  {'':<16} {'':>5} {'':>5}" + " |   P     R     F1 " * len(SCHEMES))
    strict = d.entities.counts["strict"]
    rows: list[tuple[str, dict[str, PRF]]] = [
        (lab, {s: d.entities.counts[s][lab] for s in SCHEMES}) for lab in LABELS
    ]
    rows.append(("micro", {s: total(d.entities.counts[s].values()) for s in SCHEMES}))
    for name, by_scheme in rows:
        c = by_scheme["strict"]
        cells = "".join(f" | {_prf_cells(by_scheme[s])}" for s in SCHEMES)
        lines.append(f"  {name:<16} {c.tp + c.fn:>5} {c.tp + c.fp:>5}{cells}")
    cells = ""
    for s in SCHEMES:
        m = macro(d.entities.counts[s].values())
        cells += f" | {m.precision:5.3f} {m.recall:5.3f} {m.f1:5.3f}"
    n_gold = sum(c.tp + c.fn for c in strict.values())
    n_pred = sum(c.tp + c.fp for c in strict.values())
    lines.append(f"  {'macro':<16} {n_gold:>5} {n_pred:>5}{cells}")
    return lines


def _record_table(d: DocScores) -> list[str]:
    lines = [f"  {'records':<16} {'gold':>5} {'pred':>5} {'tp':>5} |   P     R     F1"]
    rows = [("all", d.records.overall), *d.records.by_endpoint.items()]
    for name, c in rows:
        lines.append(f"  {name:<16} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.tp:>5} | {_prf_cells(c)}")
    matched = d.records.overall.tp
    fields = "  ".join(
        f"{k} {v.accuracy:.2f}" if v.total else f"{k} n/a" for k, v in d.records.fields.items()
    )
    lines.append(f"  field accuracy over {matched} matched: {fields}")
    return lines


def _split_table(report: EvaluationReport) -> list[str]:
    """One block per real-text split: what a reviewer can use from unseen literature."""
    totals = report.split_totals()
    if not totals:
        return []
    lines = [f"real texts (corpus/real/)   {'docs':>5} {'gold':>5} {'pred':>5} {'tp':>5} |   P     R     F1"]
    for split, rows in totals.items():
        n_docs = sum(1 for v in report.splits.values() if v == split)
        for name, c in rows.items():
            label = {"records": "records", "records+arm": "records, right arm",
                     "drugs": "drugs (normalized set)", "trials": "trials (normalized set)"}[name]
            lines.append(f"  {split:<5} {label:<22} {n_docs:>4} {c.tp + c.fn:>5} {c.tp + c.fp:>5} "
                         f"{c.tp:>5} | {_prf_cells(c)}")
    lines.append("")
    return lines


def format_table(report: EvaluationReport) -> str:
    """Human-readable score tables, one block per scored source; real texts as split totals."""
    out: list[str] = []
    for d in report.docs:
        if d.set_only:
            continue
        where = f"gold {d.gold_doc_id[:12]}"
        if d.coverage is not None:
            where += f", aligned to the gold text, coverage {d.coverage:.1%}"
        out.append(f"{d.name}  ({where})")
        out.extend(_entity_table(d))
        out.append("")
        out.extend(_record_table(d))
        out.append("")
    out.extend(_split_table(report))
    if not report.docs:
        out.append("nothing scored")
    out.extend(f"warning: {w}" for w in report.warnings)
    return "\n".join(out).rstrip() + "\n"


def format_errors(report: EvaluationReport) -> str:
    """Every false positive, false negative and wrong record field, with its sentence."""
    out: list[str] = []
    for d in report.docs:
        out.append(f"== {d.name}: {len(d.errors)} errors")
        for e in d.errors:
            where = f"@{e.offset}" if e.offset is not None else ""
            line = f"{e.kind:<5} {e.scope:<16} {e.label:<10} {e.surface} {where}"
            if e.detail:
                line += f"  [{e.detail}]"
            out.append(line.rstrip())
            if e.sentence:
                out.append(f"      {e.sentence}")
    return "\n".join(out) + "\n"


def to_json(report: EvaluationReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
