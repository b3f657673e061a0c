"""The SQLite evidence store: round trips, replacement, paths, migrations, concurrent writers."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from extractor.batch import query
from extractor.batch.rows import Outcome, prepare, record_from_row
from extractor.batch.schema import MIGRATIONS, SCHEMA_VERSION
from extractor.batch.store import Store, StoreError
from extractor.models import DocumentResult, Entity, Record, Reference, Sentence

ZH = "二线瑞戈非尼组的mOS为10.6个月, 对照组为7.8个月(HR=0.63, P<0.001)。"
EN = "In REACH-2, ramucirumab improved OS (8.5 vs 7.3 months; HR 0.71)."


def make_result(text: str = ZH + EN, *, source: str = "a.txt") -> DocumentResult:
    """A result built by hand from the two sentences above, with real offsets."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    zh_val = text.index("10.6")
    en_val = text.index("8.5")
    return DocumentResult(
        doc_id=sha,
        source=source,
        media_type="text/plain",
        text=text,
        sentences=[Sentence(start=0, end=len(ZH), lang="zh"), Sentence(start=len(ZH), end=len(text), lang="en")],
        entities=[
            Entity(label="DRUG", text="瑞戈非尼", start=2, end=6, norm="regorafenib", rule="lexicon",
                   attrs={"class": "TKI", "source": "lexicon"}),
            Entity(label="TRIAL", text="REACH-2", start=text.index("REACH-2"), end=text.index("REACH-2") + 7,
                   norm="REACH-2", rule="lexicon"),
        ],
        records=[
            Record(id="r1", endpoint="mOS", value=10.6, unit="month", arm=["regorafenib"],
                   comparator_label="对照组", comparator_value=7.8, p_value=0.001, p_operator="<",
                   sentence=ZH, start=zh_val, end=zh_val + 4, rule="value_vs", citations=[3, 4]),
            Record(id="r2", endpoint="mOS", value=8.5, unit="month", arm=["ramucirumab"],
                   comparator=["placebo"], comparator_value=7.3, trial="REACH-2", sentence=EN,
                   start=en_val, end=en_val + 3, rule="value_vs", bbox=(1.0, 2.0, 3.5, 4.0), page=2),
        ],
        references=[Reference(number=3, text="Bruix J. Lancet 2017", start=0, end=5, authors=["Bruix J"],
                              year=2017, doi="10.1016/S0140-6736(16)32453-9", nct_ids=["NCT01774344"])],
    )  # fmt: skip


def ok(result: DocumentResult) -> Outcome:
    return Outcome(sha256=result.doc_id, ok=True, seconds=0.1, prepared=prepare(result))


def test_result_round_trips_exactly(tmp_path: Path) -> None:
    result = make_result()
    with Store(tmp_path / "s.sqlite") as store:
        store.write(ok(result), ["a.txt"])
        assert list(query.results(store)) == [result]
        rows = store.conn.execute("SELECT * FROM records ORDER BY id").fetchall()
        assert [record_from_row(r) for r in rows] == result.records
        doc = store.conn.execute("SELECT * FROM documents").fetchone()
        assert (doc["status"], doc["n_records"], doc["n_entities"], doc["n_references"]) == ("done", 2, 2, 1)
        assert json.loads(doc["languages"]) == ["en", "zh"]


@pytest.mark.parametrize(
    ("drug", "endpoint", "values"),
    [("regorafenib", "mOS", [10.6]), ("Ramucirumab", "mos", [8.5]), ("placebo", "mOS", [8.5]), ("sorafenib", "mOS", [])],
)
def test_values_of_a_drug_via_record_arms(tmp_path: Path, drug: str, endpoint: str, values: list[float]) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.write(ok(make_result()), ["a.txt"])
        rows = store.conn.execute(
            "SELECT DISTINCT r.id, r.value FROM records r JOIN record_arms a ON a.record_id = r.id "
            "WHERE a.drug = ? COLLATE NOCASE AND r.endpoint = ? COLLATE NOCASE ORDER BY r.id",
            (drug, endpoint),
        ).fetchall()
        assert [r["value"] for r in rows] == values


def test_rewrite_replaces_rows_and_failure_clears_them(tmp_path: Path) -> None:
    result = make_result()
    with Store(tmp_path / "s.sqlite") as store:
        store.write(ok(result), ["a.txt"])
        store.write(ok(result), ["a.txt"])
        assert store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 2
        assert store.conn.execute("SELECT count(*) FROM record_arms").fetchone()[0] == 3
        store.write(Outcome(sha256=result.doc_id, ok=False, seconds=0.0, error_type="InputError",
                            error="a.txt: empty file (0 bytes)"), ["a.txt"])  # fmt: skip
        for table in ("records", "record_arms", "entities", "doc_references", "results"):
            assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        assert store.statuses() == {result.doc_id: "failed"}


def test_two_names_one_content_and_changed_file_drops_old_content(tmp_path: Path) -> None:
    first, second = make_result(), make_result(ZH + EN + " v2", source="b.txt")
    with Store(tmp_path / "s.sqlite") as store:
        store.write(ok(first), ["a.txt", "copy/a.txt"])
        assert store.paths_of(first.doc_id) == ["a.txt", "copy/a.txt"]
        # a.txt changes: its path moves; the old content keeps copy/a.txt so it stays
        store.write(ok(second), ["a.txt"])
        assert store.paths_of(first.doc_id) == ["copy/a.txt"]
        assert set(store.statuses()) == {first.doc_id, second.doc_id}
        # copy/a.txt changes too: nothing names the first content any more, so it goes
        store.write(ok(second), ["copy/a.txt"])
        assert set(store.statuses()) == {second.doc_id}
        assert store.conn.execute("SELECT count(*) FROM records WHERE sha256 = ?", (first.doc_id,)).fetchone()[0] == 0


def test_opening_a_v1_store_migrates_and_backfills_record_arms(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.execute("INSERT INTO documents (sha256, status, extractor_version, processed_at) VALUES ('x', 'done', '0.0.1', 'now')")
    conn.execute(
        "INSERT INTO records (sha256, record_id, endpoint, value, arm, comparator, citations, dois, sentence, "
        "start, \"end\", rule) VALUES ('x', 'r1', 'mOS', 8.5, '[\"ramucirumab\"]', '[\"placebo\"]', '[]', '[]', 's', 0, 3, 't')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == 3
        arms = store.conn.execute("SELECT side, drug FROM record_arms ORDER BY side").fetchall()
        assert [tuple(r) for r in arms] == [("arm", "ramucirumab"), ("comparator", "placebo")]
        meta = dict(store.conn.execute("SELECT key, value FROM meta").fetchall())
        assert meta["schema_version"] == "3"


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=rf"schema version {SCHEMA_VERSION + 1} is newer .* upgrade extractor"):
        Store(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库 " * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="not an evidence store"):
        Store(path)


def _write_many(db: str, tag: str, count: int) -> int:
    with Store(db) as store:
        for i in range(count):
            result = make_result(f"{ZH}{EN} {tag}-{i}", source=f"{tag}-{i}.txt")
            store.write(ok(result), [result.source])
    return count


def test_concurrent_writers_and_readers_never_see_locked(tmp_path: Path) -> None:
    db = str(tmp_path / "busy.sqlite")
    Store(db).close()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        futures = [pool.submit(_write_many, db, tag, 40) for tag in ("p", "q")]
        seen = 0
        with Store(db) as reader:
            while not all(f.done() for f in futures):
                seen = max(seen, reader.conn.execute("SELECT count(*) FROM records").fetchone()[0])
        assert [f.result() for f in futures] == [40, 40]
    with Store(db) as store:
        assert store.counts()["done"] == 80
        bad = store.conn.execute(
            "SELECT count(*) FROM documents d WHERE n_records != (SELECT count(*) FROM records r WHERE r.sha256 = d.sha256)"
        ).fetchone()[0]
        assert bad == 0


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (title TEXT)")
    with pytest.raises(StoreError, match="tables of its own, not an evidence store"):
        Store(path)
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["documents"]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_store_in_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the store .* check the folder exists"):
        Store(tmp_path / "no" / "such" / "r.sqlite")
