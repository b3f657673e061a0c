"""Exports of a document result: full JSON, JSONL, and the evidence table as CSV or markdown.

The evidence table is what a reviewer would otherwise type by hand: one row per
record, each with the quote it came from. The quote is the record's sentence trimmed
to a window around the value, so a long "sentence" (a flattened table, an OCR dump)
is not repeated whole on each of its many rows. JSON holds the text once; records
point into it (``sentence_start``/``sentence_end``).
"""

from __future__ import annotations

import csv
import io
import json
import math
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from extractor.models import DocumentResult, Record, Reference

# Characters of the sentence kept on each side of the value in the quote column.
QUOTE_WINDOW = 120

TABLE_COLUMNS = (
    "source",
    "trial",
    "arm",
    "endpoint",
    "value",
    "unit",
    "timepoint",
    "comparator",
    "comparator_value",
    "criterion",
    "ci",
    "p",
    "n",
    "line",
    "population",
    "citation",
    "doi",
    "page",
    "article",
    "quote",
    "rule",
    # appended (schema 2.1.0): columns keep their places for scripts that read them by position
    "event",
    "ocr_confidence",
)


def record_quote(result: DocumentResult, record: Record) -> str:
    """The sentence ``record`` was read from. Every exporter reads the quote through here, so
    a change in how a record refers to its sentence is made in one place."""
    return result.sentence_of(record)


def record_sentence(result: DocumentResult, record: Record) -> tuple[int, int] | None:
    """Offsets of the sentence holding the record's value: its own (schema 2), else the result's
    sentence around the value (bisect: exports of many records stay linear)."""
    if record.sentence_start is not None and record.sentence_end is not None:
        return record.sentence_start, record.sentence_end
    k = bisect_right([s.start for s in result.sentences], record.start) - 1
    if k >= 0 and record.start < result.sentences[k].end:
        return result.sentences[k].start, result.sentences[k].end
    return None


def to_json(result: DocumentResult, *, indent: int | None = 2) -> str:
    return "".join(iter_json(result, indent=indent))


# Item lists of a result that are written item by item: a dump of the whole result at once
# held every sentence, entity and record a second time as dicts, and the whole output as one
# string (20 MB of text: ~2 GB for a ~170 MB JSON file).
_ITEM_LISTS = frozenset({"sections", "sentences", "entities", "records", "references", "articles"})
_CHUNK = 1 << 16  # characters gathered before a chunk is handed on


def iter_json(result: DocumentResult, *, indent: int | None = 2) -> Iterator[str]:
    """``to_json`` in chunks: the same characters as ``json.dumps`` of the whole result's dump
    (two-space indent, or none for JSONL), built one item of the long lists at a time."""
    small = result.model_dump(mode="json", exclude=set(_ITEM_LISTS))
    pad = "" if indent is None else " " * indent
    key_end, item_sep = ": ", ", " if indent is None else ","
    nl = "" if indent is None else "\n"

    def dump(value: Any, level: int) -> str:
        out = json.dumps(value, ensure_ascii=False, indent=indent)
        # JSON strings hold no raw newline, so every newline is one the indent put there
        return out.replace("\n", "\n" + pad * level) if indent is not None and level else out

    yield "{" + nl
    names = list(type(result).model_fields)
    for i, name in enumerate(names):
        head = pad + json.dumps(name, ensure_ascii=False) + key_end
        tail = (item_sep if i < len(names) - 1 else "") + nl
        if name not in _ITEM_LISTS:
            yield head  # apart: the text's dump is not copied once more into one string
            yield dump(small.pop(name), 1)
            yield tail
            continue
        items = getattr(result, name)
        if not items:
            yield head + "[]" + tail
            continue
        buf, size = [head + "[" + nl], 0
        for k, item in enumerate(items):
            data = item.model_dump(mode="json")
            if name == "records" and not data["sentence"]:
                del data["sentence"]  # schema 2: the sentence is a span of the text, not a copy
            piece = pad * 2 + dump(data, 2) + (item_sep if k < len(items) - 1 else "") + nl
            buf.append(piece)
            size += len(piece)
            if size >= _CHUNK:
                yield "".join(buf)
                buf, size = [], 0
        buf.append(pad + "]" + tail)
        yield "".join(buf)
    yield "}"


def quote(text: str, record: Record, *, window: int = QUOTE_WINDOW) -> str:
    """The record's sentence, cut to ``window`` characters each side of the value ("…" marks a cut)."""
    if record.sentence_start is None or record.sentence_end is None:
        sentence, s0 = record.sentence, None
        if not sentence:
            return ""
        # a 1.x record: its own copy of the sentence, the value somewhere inside it
        s0 = text.find(sentence, max(0, record.end - len(sentence))) if text else -1
        if s0 < 0 or not s0 <= record.start <= s0 + len(sentence):
            return sentence if len(sentence) <= 2 * window + 20 else sentence[: 2 * window] + "…"
        start, end = s0, s0 + len(sentence)
    else:
        start, end = record.sentence_start, record.sentence_end
    a = max(start, record.start - window)
    b = min(end, record.end + window)
    return ("…" if a > start else "") + text[a:b].strip() + ("…" if b < end else "")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _arm(arm: list[str] | None, label: str | None) -> str:
    if arm:
        return " + ".join(arm)
    return label or ""


def _as_printed(value: float | None, surface: str | None) -> str:
    """The number as the article prints it ("12.0", not "12") when the surface is known."""
    if value is None:
        return ""
    if surface:
        from extractor.normalize import normalize_surface

        printed = normalize_surface(surface).replace(",", "")
        try:
            if float(printed) == value:
                return printed
        except ValueError:
            pass
    return _num(value)


def record_row(
    record: Record,
    *,
    source: str = "",
    surface: str | None = None,
    comparator_surface: str | None = None,
    quote: str | None = None,
) -> dict[str, str]:
    """One evidence-table row (all strings) for ``record``; surfaces keep printed precision.

    ``quote`` is the trimmed sentence (``quote(text, record)``); without it the record's
    own sentence copy (1.x records) is used.
    """
    value = _as_printed(record.value, surface)
    if record.value_high is not None:
        value += f"-{_num(record.value_high)}"
    ci = ""
    if record.ci_low is not None and record.ci_high is not None:
        ci = f"{_num(record.ci_low)}-{_num(record.ci_high)}"
    p = f"{record.p_operator or '='}{_num(record.p_value)}" if record.p_value is not None else ""
    unit = record.unit or ""
    if record.grade:
        unit = f"{unit} (grade {record.grade})".strip()
    return {
        "source": source,
        "article": "" if record.article is None else str(record.article),
        "trial": record.trial or "",
        "arm": _arm(record.arm, record.arm_label),
        "endpoint": record.endpoint,
        "value": value,
        "unit": unit,
        "timepoint": _num(record.timepoint),
        "comparator": _arm(record.comparator, record.comparator_label),
        "comparator_value": _as_printed(record.comparator_value, comparator_surface),
        "criterion": record.criterion or "",
        "ci": ci,
        "p": p,
        "n": "" if record.n is None else str(record.n),
        "line": record.line or "",
        "population": record.population or "",
        "citation": ",".join(str(c) for c in record.citations),
        "doi": "; ".join(record.dois),
        "page": "" if record.page is None else str(record.page),
        "quote": record.sentence if quote is None else quote,
        "rule": record.rule,
        "event": record.event or "",
        "ocr_confidence": ocr_confidence(record.ocr_confidence),
    }


def ocr_confidence(value: float | None) -> str:
    """The confidence to three decimals, cut rather than rounded: a line under the 0.9 that
    warnings name never shows as 0.900."""
    if value is None:
        return ""
    return f"{math.floor(round(value * 1000, 6)) / 1000:.3f}"


def result_rows(result: DocumentResult, *, source: str = "", window: bool = True) -> Iterator[tuple[Record, dict[str, str]]]:
    """Each record of ``result`` with its evidence-table row, values and comparator values as
    printed in the text; the quote is the sentence trimmed around the value (``window``) or whole."""
    by_id = {r.id: r for r in result.records}
    for rec in result.records:
        other = by_id.get(rec.comparator_id or "")
        yield rec, record_row(
            rec,
            source=source,
            surface=result.text[rec.start : rec.end],
            comparator_surface=result.text[other.start : other.end] if other else None,
            quote=quote(result.text, rec) if window else record_quote(result, rec),
        )


def table_rows(results: Iterable[DocumentResult]) -> list[dict[str, str]]:
    return list(iter_table_rows(results))


def iter_table_rows(results: Iterable[DocumentResult]) -> Iterator[dict[str, str]]:
    """``table_rows`` one row at a time: a writer that streams keeps no list of every row."""
    for res in results:
        for _, row in result_rows(res, source=res.source):
            yield row


def to_csv(rows: Iterable[dict[str, Any]], *, columns: Iterable[str] = TABLE_COLUMNS, bom: bool = False) -> str:
    """CSV text; ``bom`` prepends a UTF-8 BOM so Excel opens Chinese text correctly."""
    return "".join(iter_csv(rows, columns=columns, bom=bom))


def iter_csv(
    rows: Iterable[dict[str, Any]], *, columns: Iterable[str] = TABLE_COLUMNS, bom: bool = False
) -> Iterator[str]:
    """``to_csv`` in chunks of about ``_CHUNK`` characters."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    if bom:
        buf.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buf.tell() >= _CHUNK:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _md_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(rows: Iterable[dict[str, Any]], *, columns: Iterable[str] = TABLE_COLUMNS) -> str:
    return "".join(iter_markdown(rows, columns=columns))


def iter_markdown(rows: Iterable[dict[str, Any]], *, columns: Iterable[str] = TABLE_COLUMNS) -> Iterator[str]:
    """The markdown table, one line per chunk."""
    cols = list(columns)
    yield "| " + " | ".join(cols) + " |\n" + "|" + "---|" * len(cols) + "\n"
    for row in rows:
        yield "| " + " | ".join(_md_cell(row.get(c, "")) for c in cols) + " |\n"


def reference_dois(references: Iterable[Reference], numbers: Iterable[int]) -> list[str]:
    """DOIs of the cited reference numbers, in citation order, without repeats."""
    by_number = {ref.number: ref for ref in references}
    out: list[str] = []
    for n in numbers:
        ref = by_number.get(n)
        if ref and ref.doi and ref.doi not in out:
            out.append(ref.doi)
    return out
