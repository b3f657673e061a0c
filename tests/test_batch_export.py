"""``extractor export``: whole documents as JSONL, tables as CSV (Excel-safe) and markdown, filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_store import EN, ZH, make_result, ok

from extractor.batch.rows import Outcome
from extractor.batch.store import Store
from extractor.cli import main
from extractor.models import DocumentResult


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "r.sqlite"
    with Store(path) as store:
        store.write(ok(make_result(source="/data/a.txt")), ["/data/a.txt"])
        store.write(ok(make_result(ZH + EN + "\n附录", source="/data/b.txt")), ["/data/b.txt"])
        store.write(Outcome(sha256="f" * 64, ok=False, seconds=0.0, error_type="InputError",
                            error="/data/c.pdf: encrypted PDF; pass --password"), ["/data/c.pdf"])  # fmt: skip
        store.write_unreadable("/data/gone.txt", "/data/gone.txt: no such file")
    return path


def export(db: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out"
    assert main(["export", str(db), "-o", str(out), *args]) == 0
    return out.read_bytes().decode("utf-8")


def test_jsonl_is_one_document_result_per_done_document(db: Path, tmp_path: Path) -> None:
    lines = export(db, tmp_path).splitlines()
    results = [DocumentResult.model_validate_json(line) for line in lines]
    assert results == [make_result(source="/data/a.txt"), make_result(ZH + EN + "\n附录", source="/data/b.txt")]
    assert "瑞戈非尼" in lines[0]  # ensure_ascii=False


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ((), [("regorafenib", "10.6"), ("ramucirumab", "8.5")] * 2),
        (("--drug", "Regorafenib"), [("regorafenib", "10.6")] * 2),
        (("--drug", "placebo"), [("ramucirumab", "8.5")] * 2),
        (("--trial", "reach-2"), [("ramucirumab", "8.5")] * 2),
        (("--endpoint", "mOS", "--trial", "REACH-2", "--drug", "regorafenib"), []),
        (("--endpoint", "ORR"), []),
    ],
)
def test_csv_rows_and_filters(db: Path, tmp_path: Path, filters: tuple[str, ...], expected: list[tuple[str, str]]) -> None:
    rows = list(csv.DictReader(io.StringIO(export(db, tmp_path, "--format", "csv", *filters))))
    assert [(r["arm"], r["value"]) for r in rows] == expected


def test_csv_bom_for_excel_keeps_chinese_quotes(db: Path, tmp_path: Path) -> None:
    raw = (tmp_path / "x.csv")
    assert main(["export", str(db), "--format", "csv", "--bom", "-o", str(raw), "--drug", "regorafenib"]) == 0
    data = raw.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["quote"] == ZH
    assert rows[0]["comparator"] == "对照组"
    assert b"\r\n" in data and b"\r\r\n" not in data


def test_markdown_evidence_table(db: Path, tmp_path: Path) -> None:
    lines = export(db, tmp_path, "--format", "md", "--endpoint", "mos").splitlines()
    assert lines[0].startswith("| source | trial | arm | endpoint | value |")
    assert len(lines) == 2 + 4
    assert "| /data/a.txt | REACH-2 | ramucirumab | mOS | 8.5 |" in lines[3]


def test_records_jsonl_rows_carry_doc_and_source(db: Path, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in export(db, tmp_path, "--table", "records", "--trial", "REACH-2").splitlines()]
    assert [(r["source"], r["id"], r["comparator"], r["bbox"]) for r in rows] == [
        ("/data/a.txt", "r2", ["placebo"], [1.0, 2.0, 3.5, 4.0]),
        ("/data/b.txt", "r2", ["placebo"], [1.0, 2.0, 3.5, 4.0]),
    ]


def test_entities_table(db: Path, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(db, tmp_path, "--format", "csv", "--table", "entities", "--drug", "REGORAFENIB"))))
    assert [(r["source"], r["text"], json.loads(r["attrs"])["class"]) for r in rows] == [
        ("/data/a.txt", "瑞戈非尼", "TKI"), ("/data/b.txt", "瑞戈非尼", "TKI"),
    ]  # fmt: skip


def test_documents_table_lists_failures_and_unreadable_paths(db: Path, tmp_path: Path) -> None:
    docs = [json.loads(line) for line in export(db, tmp_path, "--table", "documents").splitlines()]
    assert [(d["paths"], d["status"], d["n_records"]) for d in docs] == [
        (["/data/a.txt"], "done", 2), (["/data/b.txt"], "done", 2),
        (["/data/c.pdf"], "failed", 0), (["/data/gone.txt"], "unreadable", None),
    ]  # fmt: skip
    assert docs[2]["error"] == "/data/c.pdf: encrypted PDF; pass --password"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--table", "entities", "--endpoint", "mOS"), "--endpoint filters records"),
        (("--table", "entities", "--drug", "sorafenib", "--trial", "REFLECT"), "different entity labels"),
        (("--format", "md", "--bom"), "--bom applies to --format csv only"),
    ],
)
def test_user_errors_exit_2(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "never.txt"
    assert main(["export", str(db), "-o", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_store_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nope.sqlite")]) == 2
    assert "nope.sqlite: no such store" in capsys.readouterr().err
    assert not (tmp_path / "nope.sqlite").exists()
