"""A batch killed with SIGKILL leaves no half-written document, and a rerun completes the set."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ZH = "二线瑞戈非尼治疗组的mOS为10.6个月, 安慰剂组为7.8个月(HR=0.63, P<0.001)。\n"
N_DOCS = 24
RECORDS_PER_DOC = 2 * 150  # two values, each repeated 150 times by slow_extract

SCRIPT = """
import sys
from test_batch_fakes import slow_extract
from extractor.batch.runner import run_batch

if __name__ == "__main__":
    summary = run_batch([sys.argv[1]], sys.argv[2], workers=2, extract=slow_extract, warm=None)
    print(summary.done, summary.skipped, summary.failed)
    sys.exit(summary.exit_code)
"""


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def check_consistent(db: Path) -> int:
    """Every done document has all its rows and nothing belongs to a document not done."""
    orphans = count(db, "SELECT count(*) FROM records r LEFT JOIN documents d ON d.sha256 = r.sha256 "
                        "WHERE d.status IS NOT 'done'")  # fmt: skip
    assert orphans == 0
    assert count(db, "SELECT count(*) FROM record_arms a LEFT JOIN records r ON r.id = a.record_id WHERE r.id IS NULL") == 0
    short = count(db, "SELECT count(*) FROM documents d WHERE d.status = 'done' AND (n_records != "
                      "(SELECT count(*) FROM records r WHERE r.sha256 = d.sha256) OR n_records != "
                      f"{RECORDS_PER_DOC} OR NOT EXISTS (SELECT 1 FROM results s WHERE s.sha256 = d.sha256))")  # fmt: skip
    assert short == 0
    return count(db, "SELECT count(*) FROM documents WHERE status = 'done'")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_mid_batch_then_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(N_DOCS):
        (folder / f"doc{i:02d}.txt").write_text(f"{ZH}编号 {i}\n", encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    db = tmp_path / "r.sqlite"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    cmd = [sys.executable, str(script), str(folder), str(db)]

    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if db.exists() and count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'documents'"):
                if count(db, "SELECT count(*) FROM documents") >= 4:
                    break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the orphaned pool workers
        except ProcessLookupError:
            pass
    assert proc.returncode == -signal.SIGKILL
    done_before = check_consistent(db)
    assert 4 <= done_before < N_DOCS

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    done, skipped, failed = map(int, rerun.stdout.split())
    assert (done + skipped, failed) == (N_DOCS, 0)
    assert skipped == done_before
    assert check_consistent(db) == N_DOCS
