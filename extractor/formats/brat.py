"""BRAT standoff: ``NAME.txt`` (the document text, byte for byte) and ``NAME.ann``.

What the .ann holds (offsets are characters of the .txt, end exclusive):

- ``T`` text-bound annotations for the entities, typed DRUG, DRUG_CLASS, REGIMEN, TRIAL;
  a mention that crosses a line break is written as fragments (``T3 DRUG 10 14;15 19``),
  as BRAT requires, with the fragments' texts joined by a space.
- each record as an event ``Result``: its trigger is a ``T`` on the value itself (the
  number, as in the JSON), its arguments link the trial (``Trial``) and the arm and
  comparator mentions (``Arm``, ``Arm2``, ``Comparator`` …) found in the record's sentence.
- ``A`` an ``Endpoint`` attribute on each event (mOS, ORR, HR …), and ``#`` an
  ``AnnotatorNotes`` line with the record's row (unit, arms, CI, P, n, rule).

``annotation.conf`` written beside the files declares these types, so the folder opens
in BRAT as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from extractor.export import record_row, record_sentence
from extractor.models import DocumentResult, Entity, Record

ENTITY_TYPES = ("DRUG", "DRUG_CLASS", "REGIMEN", "TRIAL")
EVENT = "Result"
ARM_TYPES = "DRUG|DRUG_CLASS|REGIMEN"
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
_NOTE_FIELDS = ("unit", "arm", "comparator", "comparator_value", "ci", "p", "n", "line", "timepoint", "criterion")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of [start, end) between line breaks (BRAT spans may not cross one)."""
    out, pos = [], start
    for m in _LINE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return out


def _span(text: str, start: int, end: int) -> tuple[str, str] | None:
    parts = fragments(text, start, end)
    if not parts:
        return None
    offsets = ";".join(f"{s} {e}" for s, e in parts)
    return offsets, " ".join(text[s:e] for s, e in parts)


def endpoint_value(endpoint: str) -> str:
    """An endpoint as a BRAT attribute value (letters, digits, _ and - only)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", endpoint) or "unknown"


def _matches(ent: Entity, drugs: list[str]) -> bool:
    if not drugs or ent.norm is None:
        return False
    return ent.norm in drugs or ent.norm == " + ".join(drugs)


def _arguments(result: DocumentResult, rec: Record, ids: dict[int, str]) -> list[tuple[str, str]]:
    bounds = record_sentence(result, rec)
    if bounds is None:
        return []
    in_sentence = [(i, e) for i, e in enumerate(result.entities) if bounds[0] <= e.start and e.end <= bounds[1] and i in ids]
    args: list[tuple[str, str]] = []
    trial = next((i for i, e in in_sentence if e.label == "TRIAL" and rec.trial and rec.trial in (e.norm, e.text)), None)
    if trial is not None:
        args.append(("Trial", ids[trial]))
    for role, drugs in (("Arm", rec.arm), ("Comparator", rec.comparator or [])):
        found = [ids[i] for i, e in in_sentence if e.label != "TRIAL" and _matches(e, drugs)]
        for k, tid in enumerate(found):
            args.append((role if k == 0 else f"{role}{k + 1}", tid))
    return args


def _note(rec: Record) -> str:
    row = record_row(rec)
    parts = [f"{rec.endpoint} {row['value']}".strip()]
    parts += [f"{k}: {row[k]}" for k in _NOTE_FIELDS if row.get(k)]
    parts.append(f"rule: {rec.rule}")
    return " | ".join(" ".join(p.split()) for p in parts)


def to_ann(result: DocumentResult) -> str:
    text = result.text
    lines: list[str] = []
    ids: dict[int, str] = {}
    t = 0
    for i, ent in enumerate(result.entities):
        span = _span(text, ent.start, ent.end)
        if span is None:
            continue
        t += 1
        ids[i] = f"T{t}"
        lines.append(f"T{t}\t{ent.label} {span[0]}\t{span[1]}")
    a = note = 0
    for e, rec in enumerate(result.records, start=1):
        span = _span(text, rec.start, rec.end)
        if span is None:
            continue
        t += 1
        trigger = f"T{t}"
        lines.append(f"{trigger}\t{EVENT} {span[0]}\t{span[1]}")
        args = "".join(f" {role}:{tid}" for role, tid in _arguments(result, rec, ids))
        lines.append(f"E{e}\t{EVENT}:{trigger}{args}")
        a += 1
        lines.append(f"A{a}\tEndpoint E{e} {endpoint_value(rec.endpoint)}")
        note += 1
        lines.append(f"#{note}\tAnnotatorNotes E{e}\t{_note(rec)}")
    return "\n".join(lines) + ("\n" if lines else "")


def annotation_conf(endpoints: Iterable[str]) -> str:
    """The BRAT type declarations; ``endpoints`` are the Endpoint attribute's values."""
    values = sorted({endpoint_value(e) for e in endpoints}) or ["unknown"]
    return "\n".join([
        "[entities]",
        *ENTITY_TYPES,
        "",
        "[relations]",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        f"{EVENT}\tTrial?:TRIAL, Arm*:{ARM_TYPES}, Comparator*:{ARM_TYPES}",
        "",
        "[attributes]",
        f"Endpoint\tArg:{EVENT}, Value:{'|'.join(values)}",
        "",
    ])


def _name(result: DocumentResult) -> str:
    stem = Path(result.source).stem if not result.source.startswith("<") else ""
    stem = re.sub(r"[^\w.-]", "_", stem).strip("._")
    return stem or result.doc_id[:12]


def write_dir(results: Iterable[DocumentResult], folder: Path) -> list[Path]:
    """Write NAME.txt/NAME.ann per result and annotation.conf into ``folder``; returns the .ann paths.

    Results are written one at a time (a store's export is never held whole). A second
    document with a file name already used gets the first 8 characters of its sha256 added."""
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    endpoints: set[str] = set()
    written: list[Path] = []
    for res in results:
        name = _name(res)
        if name in used:
            name = f"{name}-{res.doc_id[:8]}"
        used.add(name)
        endpoints.update(r.endpoint for r in res.records)
        # newline="": the .txt must keep every character, or the offsets would move.
        with open(folder / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(res.text)
        ann = folder / f"{name}.ann"
        with open(ann, "w", encoding="utf-8", newline="") as fh:
            fh.write(to_ann(res))
        written.append(ann)
    (folder / "annotation.conf").write_text(annotation_conf(endpoints), encoding="utf-8")
    return written
