"""The batch runner: discovery, errors kept per document, reruns, copies, passwords, pools."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_batch_fakes import dying_extract, fake_extract, logged_extract, logged_warm

from extractor.batch import query
from extractor.batch.discover import Passwords, expand, load_passwords
from extractor.batch.runner import run_batch
from extractor.batch.store import Store
from extractor.errors import InputError

ZH = "二线瑞戈非尼治疗组的mOS为10.6个月, 安慰剂组为7.8个月(HR=0.63, P<0.001)。\n"
EN = "In REACH-2, ramucirumab improved median OS (8.5 vs 7.3 months; HR 0.71).\n"


def make_folder(root: Path) -> Path:
    """Two good articles (one also copied under another name), an empty one, a fake PDF, a crash."""
    (root / "sub").mkdir(parents=True)
    (root / "zh.txt").write_text(ZH, encoding="utf-8")
    (root / "en.md").write_text(EN, encoding="utf-8")
    (root / "sub" / "zh-copy.txt").write_text(ZH, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "scan.pdf").write_text("这不是PDF", encoding="utf-8")
    (root / "crash.txt").write_text("BOOM " + ZH, encoding="utf-8")
    (root / "notes.docx").write_text("ignored: not a supported suffix", encoding="utf-8")
    return root


def db_rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute(sql)]


def test_bad_files_are_stored_and_counted_not_fatal(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in")
    db = tmp_path / "r.sqlite"
    summary = run_batch([folder], db, workers=0, extract=fake_extract, warm=None)
    assert (summary.done, summary.failed, summary.skipped, summary.duplicates) == (2, 3, 0, 1)
    assert summary.exit_code == 1
    errors = dict(db_rows(db, "SELECT p.path, coalesce(d.error, p.error) FROM document_paths p "
                              "LEFT JOIN documents d ON d.sha256 = p.sha256"))  # fmt: skip
    assert errors[str(folder / "empty.txt")] == f"{folder / 'empty.txt'}: empty file (0 bytes)"
    assert errors[str(folder / "scan.pdf")] == f"{folder / 'scan.pdf'}: not a PDF file: no %PDF- header (it looks like text)"
    assert errors[str(folder / "crash.txt")] == "RuntimeError: boom in the fake pipeline"
    assert str(folder / "notes.docx") not in errors
    types = dict(db_rows(db, "SELECT error_type, count(*) FROM documents WHERE status = 'failed' GROUP BY error_type"))
    assert types == {"InputError": 1, "RuntimeError": 1}


def test_copy_is_extracted_once_with_both_paths(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in")
    db = tmp_path / "r.sqlite"
    run_batch([folder], db, workers=0, extract=fake_extract, warm=None)
    with Store(db) as store:
        results = {r.source: r for r in query.results(store)}
        zh = results[str(folder / "sub" / "zh-copy.txt")]  # the first path in sort order names it
        assert store.paths_of(zh.doc_id) == [str(folder / "sub" / "zh-copy.txt"), str(folder / "zh.txt")]
        assert [r.value for r in zh.records] == [10.6, 7.8]
        assert zh.text[zh.records[0].start : zh.records[0].end] == "10.6"


def test_rerun_skips_done_redoes_changed_and_force_redoes_all(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in")
    db = tmp_path / "r.sqlite"
    run_batch([folder], db, workers=0, extract=fake_extract, warm=None)
    stamp = db_rows(db, "SELECT sha256, processed_at, seconds FROM documents WHERE status = 'done' ORDER BY sha256")

    again = run_batch([folder], db, workers=0, extract=fake_extract, warm=None)
    assert (again.done, again.skipped, again.failed) == (0, 2, 3)  # failures are retried, and fail again
    assert db_rows(db, "SELECT sha256, processed_at, seconds FROM documents WHERE status = 'done' ORDER BY sha256") == stamp

    (folder / "en.md").write_text(EN.replace("7.3", "6.9"), encoding="utf-8")
    changed = run_batch([folder / "en.md"], db, workers=0, extract=fake_extract, warm=None)
    assert (changed.done, changed.skipped) == (1, 0)
    values = db_rows(db, "SELECT value FROM records r JOIN document_paths p ON p.sha256 = r.sha256 "
                         f"WHERE p.path = '{folder / 'en.md'}' ORDER BY r.id")  # fmt: skip
    assert values == [(6.9,)]
    assert db_rows(db, "SELECT count(*) FROM documents WHERE status = 'done'") == [(2,)]  # old en.md content dropped

    forced = run_batch([folder / "zh.txt", folder / "en.md"], db, workers=0, force=True, extract=fake_extract, warm=None)
    assert (forced.done, forced.skipped) == (2, 0)


def test_new_name_of_done_content_is_recorded_without_extracting(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in")
    db = tmp_path / "r.sqlite"
    run_batch([folder / "zh.txt"], db, workers=0, extract=fake_extract, warm=None)
    summary = run_batch([folder / "sub"], db, workers=0, extract=fake_extract, warm=None)
    assert (summary.done, summary.skipped) == (0, 1)
    with Store(db) as store:
        (sha,) = store.statuses()
        assert store.paths_of(sha) == [str(folder / "sub" / "zh-copy.txt"), str(folder / "zh.txt")]


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("secret\n", "/data/a.pdf", "secret"),
        ("*.pdf\tall-pdf\n", "/data/a.pdf", "all-pdf"),
        ("locked-*.pdf\t密码\ndefault pw\n", "/data/locked-1.pdf", "密码"),
        ("locked-*.pdf\t密码\ndefault pw\n", "/data/open.pdf", "default pw"),
        ("/data/x/*\tx-pw\n", "/data/x/report.pdf", "x-pw"),
        ("a.pdf\tpw\n", "/data/b.pdf", None),
        ("pass with spaces \n", "/data/a.pdf", "pass with spaces "),
    ],
)
def test_password_file(tmp_path: Path, text: str, path: str, expected: str | None) -> None:
    f = tmp_path / "pw.txt"
    f.write_text(text, encoding="utf-8")
    assert load_passwords(f).for_path(path) == expected


def test_password_file_with_two_defaults_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "pw.txt"
    f.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: a second default password"):
        load_passwords(f)


def test_password_reaches_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "locked.txt").write_text("LOCKED " + ZH, encoding="utf-8")
    db = tmp_path / "r.sqlite"
    assert run_batch([tmp_path / "in"], db, workers=0, extract=fake_extract, warm=None).failed == 1
    passwords = Passwords(patterns=[("locked*", "secret")])
    summary = run_batch([tmp_path / "in"], db, workers=0, passwords=passwords, extract=fake_extract, warm=None)
    assert (summary.done, summary.failed) == (1, 0)


def test_expand_folders_globs_and_missing(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in")
    files, missing = expand([folder / "sub", str(folder / "*.md"), str(tmp_path / "none" / "*.pdf"), folder / "zh.txt"])
    assert files == [str(folder / "sub" / "zh-copy.txt"), str(folder / "en.md"), str(folder / "zh.txt")]
    assert missing == [(str(tmp_path / "none" / "*.pdf"),
                        f"{tmp_path / 'none' / '*.pdf'}: no .pdf, .txt or .md file matches this pattern")]  # fmt: skip


def test_spawned_pool_matches_in_process_run(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in")
    local, pooled = tmp_path / "local.sqlite", tmp_path / "pool.sqlite"
    run_batch([folder], local, workers=0, extract=fake_extract, warm=None)
    summary = run_batch([folder], pooled, workers=2, extract=fake_extract, warm=None)
    assert (summary.done, summary.failed) == (2, 3)
    with Store(local) as a, Store(pooled) as b:
        assert list(query.results(a)) == list(query.results(b))
        assert [r for _, _, r in query.records(a)] == [r for _, _, r in query.records(b)]
    sql = "SELECT sha256, status, error FROM documents ORDER BY sha256"
    assert db_rows(local, sql) == db_rows(pooled, sql)


def test_each_worker_warms_once_then_serves_many_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "log.txt"
    monkeypatch.setenv("BATCH_TEST_LOG", str(log))
    (tmp_path / "in").mkdir()
    for i in range(8):
        (tmp_path / "in" / f"d{i}.txt").write_text(f"{ZH}{i}\n", encoding="utf-8")
    assert run_batch([tmp_path / "in"], tmp_path / "r.sqlite", workers=2, extract=logged_extract, warm=logged_warm).done == 8
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    warmed = [pid for kind, pid in lines if kind == "warm"]
    served = {pid for kind, pid in lines if kind == "extract"}
    assert len(warmed) == len(set(warmed)) <= 2  # once per process
    assert served <= set(warmed)  # no document ran in a cold worker
    assert sum(kind == "extract" for kind, _ in lines) == 8


def test_a_dying_worker_fails_only_its_document_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("DIE " + ZH, encoding="utf-8")
    for i in range(4):
        (tmp_path / "in" / f"c{i}.txt").write_text(f"{EN}{i}\n", encoding="utf-8")
    db = tmp_path / "r.sqlite"
    # one worker with two jobs in flight: the job beside the culprit is retried, not failed
    summary = run_batch([tmp_path / "in"], db, workers=1, extract=dying_extract, warm=None)
    assert (summary.done, summary.failed) == (5, 1)
    assert [p for p, _ in summary.failures] == [str(tmp_path / "in" / "b.txt")]
    assert db_rows(db, "SELECT error_type, error FROM documents WHERE status = 'failed'") == [
        ("WorkerDied", f"{tmp_path / 'in' / 'b.txt'}: the worker process died while extracting this "
                       "document (out of memory or a crash in native code)")
    ]  # fmt: skip
