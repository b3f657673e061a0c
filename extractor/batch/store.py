"""The evidence store: one SQLite file holding every document a batch has seen.

One writer (the batch's parent process) and any number of readers: WAL mode lets
readers run while the writer commits, and ``busy_timeout`` makes a second writer
wait instead of failing with "database is locked". Each document is written in a
single ``BEGIN IMMEDIATE`` transaction (its row, result, entities, records,
references and paths), so a batch killed at any moment leaves either the whole
document or none of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from extractor import __version__
from extractor.batch.rows import ENTITY_COLUMNS, RECORD_COLUMNS, REFERENCE_COLUMNS, Outcome
from extractor.batch.schema import MIGRATIONS, SCHEMA_VERSION
from extractor.errors import ExtractorError

BUSY_TIMEOUT_MS = 60_000


class StoreError(ExtractorError):
    """A store that cannot be opened or used (not SQLite, written by a newer extractor...)."""


class StoreTooOld(StoreError):
    """A store of an older schema opened read-only: it needs a writable open to migrate."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _statements(script: str) -> Iterator[str]:
    """The statements of ``script``, one at a time (executescript would commit our transaction)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip():
        yield buf


def _placeholders(columns: Iterable[str]) -> tuple[str, str]:
    cols = list(columns)
    return ", ".join(f'"{c}"' for c in cols), ", ".join("?" for _ in cols)


class Store:
    """An open evidence store; use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, migrate: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store")
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves. A reader opens the file
            # read-only, so a store it may not write (or an empty file) is never changed.
            target, uri = (f"{self.path.resolve().as_uri()}?mode=ro", True) if readonly else (str(self.path), False)
            self.conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=uri)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc}); check the folder exists and is writable") from None
        try:
            self._configure()
            if migrate and not readonly:
                self.migrate()
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: cannot write the store ({exc})") from None
        except BaseException:
            self.conn.close()
            raise

    def _configure(self) -> None:
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._check_version()  # before any change: a foreign or newer file is left as it was
            has_tables = self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
            if self.version == 0 and has_tables:
                raise StoreError(f"{self.path}: a SQLite database with tables of its own, not an evidence store")
            if self.readonly:
                if self.version == 0:
                    raise StoreError(f"{self.path}: not an evidence store (no extractor tables); "
                                     "create one with `extractor batch PATH... --db FILE`")
                if self.version < SCHEMA_VERSION:
                    raise StoreTooOld(f"{self.path}: store schema version {self.version} is older than this "
                                     f"extractor's ({SCHEMA_VERSION}); upgrade it with `extractor batch` first")
                return
            self.conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a killed process; only power loss can drop the last commits.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc}); check the folder exists and is writable") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not an evidence store ({exc})") from None

    def _rollback(self) -> None:
        """Undo the open transaction, if any: an interrupt can land after COMMIT or before BEGIN."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self) -> None:
        if self.version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {self.version} is newer than this extractor "
                f"({__version__}) understands (version {SCHEMA_VERSION}); upgrade extractor to open it"
            )

    def migrate(self) -> None:
        """Apply the missing migrations in order, each in its own transaction."""
        while True:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                current = self.version  # re-read under the lock: another process may have migrated
                if current >= SCHEMA_VERSION:
                    # a write that is rolled back: a store we may not write fails here, at open,
                    # not after the first document has been extracted
                    self.conn.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
                    self.conn.execute("ROLLBACK")
                    self._check_version()
                    return
                for stmt in _statements(MIGRATIONS[current]):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version = {current + 1}")
                self.conn.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    [("schema_version", str(current + 1)), ("migrated_by", __version__), ("migrated_at", _now())],
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    # -- writing ---------------------------------------------------------------
    def write(self, outcome: Outcome, paths: Iterable[str]) -> None:
        """Replace whatever the store holds for ``outcome.sha256`` with it, in one transaction."""
        paths = list(paths)
        now = _now()
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            self._delete_content(outcome.sha256)
            p = outcome.prepared
            c.execute(
                "INSERT INTO documents (sha256, status, media_type, pages, languages, n_entities, "
                "n_records, n_references, error_type, error, extractor_version, result_schema_version, "
                "seconds, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    outcome.sha256,
                    "done" if outcome.ok else "failed",
                    p.media_type if p else None,
                    p.pages if p else None,
                    _json_list(p.languages) if p else None,
                    len(p.entities) if p else 0,
                    len(p.records) if p else 0,
                    len(p.references) if p else 0,
                    outcome.error_type,
                    outcome.error,
                    __version__,
                    p.result_schema_version if p else None,
                    outcome.seconds,
                    now,
                ),
            )
            if p is not None:
                c.execute("INSERT INTO results (sha256, body) VALUES (?, ?)", (p.sha256, p.body))
                cols, marks = _placeholders(ENTITY_COLUMNS)
                c.executemany(
                    f"INSERT INTO entities (sha256, {cols}) VALUES (?, {marks})",
                    [(p.sha256, *row) for row in p.entities],
                )
                cols, marks = _placeholders(RECORD_COLUMNS)
                for row, arms in zip(p.records, p.arms, strict=True):
                    cur = c.execute(f"INSERT INTO records (sha256, {cols}) VALUES (?, {marks})", (p.sha256, *row))
                    c.executemany(
                        "INSERT INTO record_arms (record_id, side, drug) VALUES (?, ?, ?)",
                        [(cur.lastrowid, side, drug) for side, drug in arms],
                    )
                cols, marks = _placeholders(REFERENCE_COLUMNS)
                c.executemany(
                    f"INSERT INTO doc_references (sha256, {cols}) VALUES (?, {marks})",
                    [(p.sha256, *row) for row in p.references],
                )
            self._set_paths(outcome.sha256, paths, now)
            c.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def add_paths(self, sha256: str, paths: Iterable[str]) -> None:
        """Record more names of content already stored (a rerun that found a copy)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._set_paths(sha256, list(paths), _now())
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def write_unreadable(self, path: str, error: str) -> None:
        """A path whose bytes could not be read (missing, unsupported type): no content to key."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._set_paths(None, [path], _now(), error=error)
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _set_paths(self, sha256: str | None, paths: list[str], now: str, *, error: str | None = None) -> None:
        """Point ``paths`` at ``sha256``; content no path points to any more is dropped."""
        for path in paths:
            row = self.conn.execute("SELECT sha256 FROM document_paths WHERE path = ?", (path,)).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO document_paths (path, sha256, error, seen_at) VALUES (?, ?, ?, ?)",
                (path, sha256, error, now),
            )
            old = row["sha256"] if row else None
            if old and old != sha256:
                left = self.conn.execute("SELECT 1 FROM document_paths WHERE sha256 = ? LIMIT 1", (old,))
                if left.fetchone() is None:
                    self._delete_content(old)

    def _delete_content(self, sha256: str) -> None:
        c = self.conn
        c.execute("DELETE FROM record_arms WHERE record_id IN (SELECT id FROM records WHERE sha256 = ?)", (sha256,))
        for table in ("records", "entities", "doc_references", "results", "documents"):
            c.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha256,))

    # -- reading ---------------------------------------------------------------
    def statuses(self) -> dict[str, str]:
        """sha256 -> 'done' | 'failed' for every stored content."""
        return {r["sha256"]: r["status"] for r in self.conn.execute("SELECT sha256, status FROM documents")}

    def paths_of(self, sha256: str) -> list[str]:
        rows = self.conn.execute("SELECT path FROM document_paths WHERE sha256 = ? ORDER BY path", (sha256,))
        return [r["path"] for r in rows]

    def counts(self) -> dict[str, int]:
        """Documents done and failed, plus paths that could not be read at all."""
        out = {"done": 0, "failed": 0}
        for row in self.conn.execute("SELECT status, count(*) AS n FROM documents GROUP BY status"):
            out[row["status"]] = row["n"]
        row = self.conn.execute("SELECT count(*) FROM document_paths WHERE sha256 IS NULL").fetchone()
        out["unreadable"] = row[0]
        return out


def _json_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)
