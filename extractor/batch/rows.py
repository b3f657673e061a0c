"""Between models and store rows: a DocumentResult flattened into row tuples, and back.

Flattening runs in the worker (``prepare``), so the single writer process only
executes INSERTs; that keeps the writer from becoming the bottleneck when many
workers feed it. ``Prepared`` is a plain dataclass of tuples and bytes, cheap to
pickle across processes and Dask workers.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from typing import Any

from extractor.models import DocumentResult, Entity, Record, Reference

ENTITY_COLUMNS = ("label", "text", "start", "end", "norm", "attrs", "rule", "section", "page", "bbox")
RECORD_COLUMNS = (
    "record_id", "endpoint", "value", "value_high", "unit", "timepoint", "grade", "arm",
    "arm_label", "comparator", "comparator_label", "comparator_value", "comparator_id", "trial",
    "criterion", "ci_low", "ci_high", "ci_level", "p_value", "p_operator", "n", "line",
    "population", "citations", "dois", "section", "sentence", "start", "end", "page", "bbox",
    "rule", "sentence_start", "sentence_end", "article", "article_title",
)  # fmt: skip
REFERENCE_COLUMNS = (
    "number", "text", "start", "end", "authors", "title", "journal", "year", "volume", "pages",
    "doi", "url", "nct_ids",
)  # fmt: skip
# Record fields stored as JSON text (lists, the box tuple).
_JSON_FIELDS = {"arm", "comparator", "citations", "dois", "bbox", "attrs", "authors", "nct_ids"}


@dataclass
class Outcome:
    """What a worker sends back for one document: prepared rows, or the error."""

    sha256: str
    ok: bool
    seconds: float
    prepared: Prepared | None = None
    error_type: str | None = None
    error: str | None = None


@dataclass
class Prepared:
    sha256: str
    media_type: str
    pages: int | None
    languages: list[str]
    result_schema_version: str
    body: bytes  # zlib-compressed DocumentResult JSON
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    records: list[tuple[Any, ...]] = field(default_factory=list)
    # per record (same order as ``records``): [(side, drug), ...]
    arms: list[list[tuple[str, str]]] = field(default_factory=list)
    references: list[tuple[Any, ...]] = field(default_factory=list)


def _cell(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def _row(model: Entity | Record | Reference, columns: tuple[str, ...]) -> tuple[Any, ...]:
    data = model.model_dump(mode="json")
    data["record_id"] = data.get("id")
    return tuple(_cell(c, data.get(c)) for c in columns)


def prepare(result: DocumentResult) -> Prepared:
    """Flatten ``result`` into the rows of every table the store writes for it."""
    arms = [
        [("arm", d) for d in rec.arm] + [("comparator", d) for d in rec.comparator or []]
        for rec in result.records
    ]
    return Prepared(
        sha256=result.doc_id,
        media_type=result.media_type,
        pages=len(result.pages) if result.pages else None,
        languages=sorted({s.lang for s in result.sentences}),
        result_schema_version=result.schema_version,
        body=zlib.compress(result.model_dump_json().encode("utf-8"), 6),
        entities=[_row(e, ENTITY_COLUMNS) for e in result.entities],
        records=[_row(r, RECORD_COLUMNS) for r in result.records],
        arms=arms,
        references=[_row(r, REFERENCE_COLUMNS) for r in result.references],
    )


def load_result(body: bytes) -> DocumentResult:
    return DocumentResult.model_validate_json(zlib.decompress(body))


def _fields(row: sqlite3.Row, columns: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in columns:
        value = row[c]
        out[c] = json.loads(value) if c in _JSON_FIELDS and value is not None else value
    return out


def record_from_row(row: sqlite3.Row) -> Record:
    data = _fields(row, RECORD_COLUMNS)
    data["id"] = data.pop("record_id")
    return Record.model_validate(data)


def entity_from_row(row: sqlite3.Row) -> Entity:
    return Entity.model_validate(_fields(row, ENTITY_COLUMNS))


def reference_from_row(row: sqlite3.Row) -> Reference:
    return Reference.model_validate(_fields(row, REFERENCE_COLUMNS))
