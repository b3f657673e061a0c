"""Reading the store back: filtered records, entities, document rows and whole results.

Filters compare case-insensitively and exactly (``--drug`` against the canonical
INN of any arm or comparator drug, via ``record_arms``; ``--trial`` against
``records.trial``; ``--endpoint`` against ``records.endpoint``). Each row's
``source`` is the document's first path in sort order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractor.batch import BatchError
from extractor.batch.rows import entity_from_row, load_result, record_from_row
from extractor.batch.store import Store
from extractor.models import DocumentResult, Entity, Record

_SOURCE = "(SELECT min(path) FROM document_paths p WHERE p.sha256 = {t}.sha256) AS source"


@dataclass(frozen=True)
class Filters:
    trial: str | None = None
    drug: str | None = None
    endpoint: str | None = None

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.trial, self.drug, self.endpoint))


def _record_where(filters: Filters) -> tuple[str, list[Any]]:
    clauses, params = ["d.status = 'done'"], []
    if filters.trial is not None:
        clauses.append("r.trial = ? COLLATE NOCASE")
        params.append(filters.trial)
    if filters.endpoint is not None:
        clauses.append("r.endpoint = ? COLLATE NOCASE")
        params.append(filters.endpoint)
    if filters.drug is not None:
        clauses.append("EXISTS (SELECT 1 FROM record_arms a WHERE a.record_id = r.id AND a.drug = ? COLLATE NOCASE)")
        params.append(filters.drug)
    return " AND ".join(clauses), params


def records(store: Store, filters: Filters = Filters()) -> Iterator[tuple[str, str, Record]]:
    """(sha256, source, record) of every matching record, by source then text order."""
    where, params = _record_where(filters)
    rows = store.conn.execute(
        f"SELECT r.*, {_SOURCE.format(t='r')} FROM records r JOIN documents d ON d.sha256 = r.sha256 "
        f"WHERE {where} ORDER BY source, r.sha256, r.start, r.id",
        params,
    )
    for row in rows:
        yield row["sha256"], row["source"], record_from_row(row)


def matching_documents(store: Store, filters: Filters) -> set[str]:
    """sha256 of the done documents with at least one record passing ``filters``."""
    where, params = _record_where(filters)
    rows = store.conn.execute(
        f"SELECT DISTINCT r.sha256 FROM records r JOIN documents d ON d.sha256 = r.sha256 WHERE {where}", params
    )
    return {row[0] for row in rows}


def entities(store: Store, filters: Filters = Filters()) -> Iterator[tuple[str, str, Entity]]:
    """(sha256, source, entity); ``drug``/``trial`` select DRUG/TRIAL mentions by normalized name."""
    if filters.endpoint is not None:
        raise BatchError("--endpoint filters records; it does not apply to --table entities")
    if filters.drug is not None and filters.trial is not None:
        raise BatchError("--drug and --trial select different entity labels; give one with --table entities")
    clauses, params = ["d.status = 'done'"], []
    if filters.drug is not None:
        clauses.append("e.label = 'DRUG' AND e.norm = ? COLLATE NOCASE")
        params.append(filters.drug)
    if filters.trial is not None:
        clauses.append("e.label = 'TRIAL' AND e.norm = ? COLLATE NOCASE")
        params.append(filters.trial)
    rows = store.conn.execute(
        f"SELECT e.*, {_SOURCE.format(t='e')} FROM entities e JOIN documents d ON d.sha256 = e.sha256 "
        f"WHERE {' AND '.join(clauses)} ORDER BY source, e.sha256, e.id",
        params,
    )
    for row in rows:
        yield row["sha256"], row["source"], entity_from_row(row)


DOCUMENT_COLUMNS = (
    "sha256", "paths", "status", "error_type", "error", "media_type", "pages", "languages",
    "n_entities", "n_records", "n_references", "extractor_version", "seconds", "processed_at",
)  # fmt: skip


def documents(store: Store, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Every stored document (done or failed) and every unreadable path, as plain dicts.

    With filters, only the done documents having a matching record.
    """
    wanted = matching_documents(store, filters) if filters.any else None
    paths: dict[str, list[str]] = {}
    for row in store.conn.execute("SELECT path, sha256 FROM document_paths ORDER BY path"):
        paths.setdefault(row["sha256"], []).append(row["path"])
    rows = store.conn.execute("SELECT * FROM documents")
    out = []
    for row in rows:
        if wanted is not None and row["sha256"] not in wanted:
            continue
        item = {c: row[c] for c in DOCUMENT_COLUMNS if c != "paths"}
        item["paths"] = paths.get(row["sha256"], [])
        item["languages"] = json.loads(row["languages"]) if row["languages"] else []
        out.append(item)
    if wanted is None:
        for row in store.conn.execute("SELECT path, error, seen_at FROM document_paths WHERE sha256 IS NULL"):
            out.append({c: None for c in DOCUMENT_COLUMNS} | {
                "paths": [row["path"]], "status": "unreadable", "error_type": "InputError",
                "error": row["error"], "languages": [], "processed_at": row["seen_at"],
            })  # fmt: skip
    out.sort(key=lambda d: (d["paths"][0] if d["paths"] else "", d["sha256"] or ""))
    yield from out


def results(store: Store, filters: Filters = Filters()) -> Iterator[DocumentResult]:
    """Whole DocumentResults of done documents (with filters: those having a matching record)."""
    wanted = matching_documents(store, filters) if filters.any else None
    rows = store.conn.execute(
        f"SELECT r.sha256, r.body, {_SOURCE.format(t='r')} FROM results r "
        "JOIN documents d ON d.sha256 = r.sha256 WHERE d.status = 'done' ORDER BY source, r.sha256"
    )
    for row in rows:
        if wanted is None or row["sha256"] in wanted:
            yield load_result(row["body"])
