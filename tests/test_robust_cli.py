"""Failing cleanly: output errors, short writes, standard input, read-only stores, interrupts.

Each test reproduces a failure found by trying the tool as a user would (issue 11).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.commands.common import write_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
# TOPAZ-1 abstract (durvalumab + gemcitabine/cisplatin): 11 records; LENVIMA + KEYTRUDA news: lenvatinib records.
TOPAZ = REAL / "en_031.txt"
LENVIMA = REAL / "en_032.txt"


def _cli(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], input=stdin, capture_output=True,
                          timeout=timeout, cwd=ROOT)  # fmt: skip


def _one_line_exit_2(proc: subprocess.CompletedProcess[bytes], *words: str) -> str:
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


class CappedRaw(io.RawIOBase):
    """A raw stream that, like a pipe or Linux's write(2), accepts at most ``cap`` bytes per call."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.data = bytearray()
        self.calls = 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[no-untyped-def,override]
        self.calls += 1
        piece = bytes(b[: self.cap])
        self.data += piece
        return len(piece)


def test_writer_retries_short_writes_and_bounds_each_call() -> None:
    raw = CappedRaw(cap=5)
    text = "HR 0.63, 95% CI 0.50-0.79; " * 40 + "中位总生存期10.6个月" * 30
    write_text(raw, [text, "end\n"], chunk=7)  # type: ignore[arg-type]
    assert raw.data.decode("utf-8") == text + "end\n"
    assert raw.calls >= len(raw.data) // 5


def test_extract_jsonl_survives_a_stream_that_takes_short_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    # The >2 GiB case in small: one write handed to a stream that takes only part of it.
    raw = CappedRaw(cap=4096)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))  # type: ignore[arg-type]
    assert main(["extract", str(TOPAZ), "--format", "jsonl"]) == 0
    sys.stdout.flush()
    assert len(raw.data) > 4 * 4096
    result = json.loads(raw.data.decode("utf-8"))
    assert result["text"] == TOPAZ.read_text(encoding="utf-8")
    assert len(result["records"]) == 11


@pytest.mark.parametrize("where", ["missing folder", "a directory"])
def test_output_to_a_bad_place_is_one_line(tmp_path: Path, where: str) -> None:
    target = tmp_path / "no" / "such" / "out.csv" if where == "missing folder" else tmp_path
    proc = _cli("extract", str(TOPAZ), "--format", "csv", "-o", str(target))
    _one_line_exit_2(proc, str(target))
    proc = _cli("export", str(tmp_path / "x.sqlite"), "-o", str(target))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable even for root (immutable flag), else by its mode; skip if neither works."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("running as root without chattr +i: cannot make a file read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def test_output_to_a_read_only_file_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    with unwritable(out):
        proc = _cli("extract", str(TOPAZ), "-o", str(out))
    _one_line_exit_2(proc, str(out), "cannot write")
    assert out.read_text(encoding="utf-8") == "old"


def test_bom_with_a_format_it_cannot_apply_to() -> None:
    _one_line_exit_2(_cli("extract", str(TOPAZ), "--format", "md", "--bom"), "--bom", "csv")


def test_extract_reads_standard_input() -> None:
    data = TOPAZ.read_bytes()
    piped = _cli("extract", "-", "--format", "jsonl", stdin=data)
    assert piped.returncode == 0, piped.stderr
    from_file = _cli("extract", str(TOPAZ), "--format", "jsonl")
    a, b = json.loads(piped.stdout), json.loads(from_file.stdout)
    assert a["source"] == "<stdin>" and a["doc_id"] == b["doc_id"]
    assert a["records"] == b["records"] and len(a["records"]) == 11
    csv_proc = _cli("extract", "-", "--format", "csv", stdin=data)
    assert len(list(csv.DictReader(io.StringIO(csv_proc.stdout.decode("utf-8"))))) == 11
    _one_line_exit_2(_cli("extract", "-", stdin=b""), "<stdin>", "empty")


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    from extractor.batch.runner import run_batch

    db = tmp_path / "store.sqlite"
    summary = run_batch([str(TOPAZ), str(LENVIMA)], db, workers=0)
    assert summary.done == 2
    return db


def test_export_of_a_read_only_store(store: Path, tmp_path: Path) -> None:
    before = _cli("export", str(store), "--format", "csv")
    assert before.returncode == 0
    with unwritable(store):
        proc = _cli("export", str(store), "--format", "csv")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == before.stdout and len(proc.stdout.splitlines()) > 12
        # a batch cannot write it: one line at open, before any extraction
        _one_line_exit_2(_cli("batch", str(TOPAZ), "--db", str(store), "--force", "--quiet"), str(store), "readonly")


def test_export_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    _one_line_exit_2(_cli("export", str(empty)), str(empty), "not an evidence store")
    assert empty.stat().st_size == 0  # no tables created in it
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    _one_line_exit_2(_cli("export", str(foreign)), str(foreign), "not an evidence store")


@pytest.mark.parametrize("name", ["仑伐替尼", "Lenvima", "乐卫玛", "E7080"])
def test_export_drug_resolves_chinese_names_brands_and_codes(store: Path, name: str) -> None:
    by_inn = _cli("export", str(store), "--format", "csv", "--drug", "lenvatinib")
    by_name = _cli("export", str(store), "--format", "csv", "--drug", name)
    assert by_name.returncode == 0
    assert by_name.stdout == by_inn.stdout
    rows = list(csv.DictReader(io.StringIO(by_name.stdout.decode("utf-8"))))
    assert rows and all("lenvatinib" in r["arm"] + r["comparator"] for r in rows)
    assert f"--drug {name} is lenvatinib" in by_name.stderr.decode("utf-8")


def test_export_drug_says_why_nothing_matched(store: Path) -> None:
    _one_line_exit_2(_cli("export", str(store), "--drug", "仑伐替尼胶囊X"), "仑伐替尼胶囊X", "lexicon")
    # a known drug the store has no record of: an empty table and a note, not an error
    proc = _cli("export", str(store), "--format", "csv", "--drug", "瑞戈非尼")
    assert proc.returncode == 0
    assert len(proc.stdout.decode("utf-8").splitlines()) == 1
    assert "no record of regorafenib" in proc.stderr.decode("utf-8")


def _store_is_consistent(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None:
            # interrupted between creating the file and committing the schema (one transaction):
            # an empty store, which the next batch sets up
            return 0
        torn = conn.execute(
            "SELECT count(*) FROM documents d WHERE d.status = 'done' AND "
            "n_records != (SELECT count(*) FROM records r WHERE r.sha256 = d.sha256)"
        ).fetchone()[0]
        assert torn == 0
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def many_texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough distinct documents that a batch is still running when a signal comes (the real
    corpus alone takes about a second): each real text six times, each copy made distinct."""
    folder = tmp_path_factory.mktemp("texts")
    for k in range(6):
        for src in REAL.glob("*.txt"):
            (folder / f"{src.stem}_{k}.txt").write_text(src.read_text(encoding="utf-8") + f"\n{k}\n", encoding="utf-8")
    return folder


def test_ctrl_c_at_random_moments_ends_cleanly(tmp_path: Path, many_texts: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) at random moments."""
    seed = int(os.environ.get("INTERRUPT_SEED", time.time()))
    rng = random.Random(seed)
    exe = shutil.which("extractor", path=str(Path(sys.executable).parent)) or ""
    cmd = [exe] if exe else [sys.executable, "-m", "extractor.cli"]
    outcomes = []
    for i in range(8):
        db = tmp_path / f"s{i}.sqlite"
        workers = ("0", "1", "2")[i % 3]
        proc = subprocess.Popen([*cmd, "batch", str(many_texts), "--db", str(db), "--workers", workers, "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        delay = rng.uniform(0.3, 2.5)
        time.sleep(delay)
        try:
            os.killpg(proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        where = f"seed {seed}, try {i}, workers {workers}, SIGINT after {delay:.2f} s"
        try:
            _, err_b = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, not left running
            proc.communicate()
            pytest.fail(f"{where}: still running 120 s after the interrupt")
        err = err_b.decode("utf-8", "replace")
        assert "Traceback" not in err and "Exception ignored" not in err, f"{where}:\n{err}"
        if proc.returncode == 130:
            assert err.strip().splitlines()[-1] == "extractor: interrupted", f"{where}:\n{err}"
        else:  # the batch had finished before the signal arrived
            assert proc.returncode == 0, f"{where}:\n{err}"
        if db.exists():
            _store_is_consistent(db)
        outcomes.append(proc.returncode)
    assert 130 in outcomes, f"seed {seed}: no try was interrupted ({outcomes})"


def test_interrupted_batch_resumes(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "batch", str(REAL), "--db", str(db),
                             "--workers", "0", "--quiet"], stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    while not db.exists():
        time.sleep(0.02)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=120)
    kept = _store_is_consistent(db)
    rerun = _cli("batch", str(REAL), "--db", str(db), "--workers", "0", "--quiet")
    assert rerun.returncode == 0
    assert f"{kept} already done".encode() in rerun.stdout or proc.returncode == 0
    assert _store_is_consistent(db) == len([p for p in REAL.iterdir() if p.suffix in (".txt", ".md")])


def test_sigterm_is_handled_like_ctrl_c(tmp_path: Path, many_texts: Path) -> None:
    db = tmp_path / "s.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "batch", str(many_texts), "--db", str(db),
                             "--workers", "0", "--quiet"], stderr=subprocess.PIPE)  # fmt: skip
    while not db.exists():
        time.sleep(0.02)
    time.sleep(0.3)
    proc.terminate()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and err.decode().strip().splitlines()[-1] == "extractor: interrupted"
    _store_is_consistent(db)


def test_export_upgrades_an_older_store_it_may_write(tmp_path: Path) -> None:
    from extractor.batch.schema import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.execute("INSERT INTO documents (sha256, status, extractor_version, processed_at) VALUES ('x', 'failed', '0.0.1', 'now')")
    conn.commit()
    conn.close()
    proc = _cli("export", str(db), "--table", "documents")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sha256"] == "x"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
