"""Ctrl-C at the two moments where a batch once lost it or hung, made to happen on purpose.

The random-moment test (test_robust_cli) found both on a slow machine, once in many runs:
- a Ctrl-C while the parent started a worker was dropped (the parent ignored SIGINT for
  that time, which lasts as long as the fork server's warm-up), and the batch ran on;
- a Ctrl-C raised as KeyboardInterrupt inside ``concurrent.futures.wait``, between its
  acquisitions of the futures' locks, left one lock held: the pool's manager thread then
  waited for it forever, and so did the batch's shutdown.
Here a real SIGINT is sent to the batch from inside those two places.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"

# Runs the console script's main() with one function of the standard library wrapped so
# that the process sends itself SIGINT at the chosen moment.
SCRIPT = r"""
import os, signal, sys
{patch}
if __name__ == "__main__":
    from extractor.cli import main
    sys.exit(main())
"""

# one Ctrl-C, while the first worker starts (a second one while the next starts is a double
# Ctrl-C: see test_second_ctrl_c_stops_documents_in_flight)
DURING_WORKER_START = """
import multiprocessing.popen_forkserver as pf, multiprocessing.popen_spawn_posix as ps
sent = []
def wrap(cls):
    launch = cls._launch
    def _launch(self, process_obj):
        if not sent:
            sent.append(1)
            os.kill(os.getpid(), signal.SIGINT)
        return launch(self, process_obj)
    cls._launch = _launch
wrap(pf.Popen); wrap(ps.Popen)
"""

# a double Ctrl-C while the pool starts its workers: one at each of the first two starts; the
# second start then waits a second before the pool records its worker, the window in which
# the pool's manager thread, had the second signal killed the first worker, would shut down
# without the second one and the batch would wait for it forever
TWICE_DURING_WORKER_STARTS = DURING_WORKER_START.replace("if not sent:", "if len(sent) < 2:") + """
import time
import extractor.batch.runner as runner
slept = []
def slow(cls):
    start = cls.start
    def _start(self):
        start(self)  # the signal sent in the launch is handled as the start ends
        if len(sent) == 2 and not slept:
            slept.append(1)
            time.sleep(1)
    cls.start = _start
slow(runner._QuietForkServerProcess); slow(runner._QuietSpawnProcess)
"""

BETWEEN_FUTURE_LOCKS = """
import concurrent.futures._base as base
enter = base._AcquireFutures.__enter__
calls = []
def _enter(self):
    calls.append(1)
    if len(calls) != 3 or len(self.futures) < 2:
        return enter(self)
    for i, future in enumerate(self.futures):
        future._condition.acquire()
        if i == 0:
            os.kill(os.getpid(), signal.SIGINT)
base._AcquireFutures.__enter__ = _enter
"""


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("texts")
    for src in sorted(REAL.glob("en_0*.txt"))[:40]:
        (folder / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _interrupted_batch(patch: str, texts: Path, db: Path, workers: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT.format(patch=patch), "batch", str(texts), "--db", str(db),
         "--workers", workers, "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    try:
        _, err_b = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers
        proc.communicate()
        pytest.fail("the interrupted batch still ran after 90 s")
    err = err_b.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode == 130, f"exit {proc.returncode}, the interrupt was lost:\n{err}"
    assert err.strip().splitlines()[-1] == "extractor: interrupted"
    conn = sqlite3.connect(db)
    try:
        done = conn.execute("SELECT count(*) FROM documents WHERE status = 'done'").fetchone()[0]
    finally:
        conn.close()
    assert done < len(list(texts.iterdir()))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_while_a_worker_starts_is_not_lost(texts: Path, tmp_path: Path, workers: str) -> None:
    _interrupted_batch(DURING_WORKER_START, texts, tmp_path / "s.sqlite", workers)


def test_double_ctrl_c_while_workers_start_does_not_hang(texts: Path, tmp_path: Path) -> None:
    _interrupted_batch(TWICE_DURING_WORKER_STARTS, texts, tmp_path / "s.sqlite", "2")


def test_ctrl_c_inside_futures_wait_does_not_hang(texts: Path, tmp_path: Path) -> None:
    _interrupted_batch(BETWEEN_FUTURE_LOCKS, texts, tmp_path / "s.sqlite", "1")


STUCK = """
import sys
import time
from test_batch_fakes import stuck_extract
from extractor.batch.runner import run_batch

if __name__ == "__main__":
    try:
        run_batch([sys.argv[1]], sys.argv[2], workers=1, extract=stuck_extract, warm=None)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
"""


def _running_in_group(pgid: int) -> list[str]:
    """Processes of the group that are not zombies (exited, waiting to be reaped by init)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            running.append(stat.parent.name)
    return running


def test_second_ctrl_c_stops_documents_in_flight(tmp_path: Path) -> None:
    """The first Ctrl-C waits for the documents being extracted; a second one does not."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"doc{i}.txt").write_text(f"mOS 10.{i} months\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-c", STUCK, str(folder), str(tmp_path / "s.sqlite")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    try:
        time.sleep(3)  # the worker is running its first document
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(1)
        assert proc.poll() is None  # still waiting for that document
        os.killpg(proc.pid, signal.SIGINT)
        _, err_b = proc.communicate(timeout=30)
        # no worker left behind; helpers of the parent (multiprocessing's resource tracker) see
        # its pipe close only as it exits, so they get a few seconds to follow it
        deadline = time.monotonic() + 10
        while _running_in_group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _running_in_group(proc.pid) == []
    except subprocess.TimeoutExpired:
        pytest.fail("a second Ctrl-C did not stop the batch")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    err = err_b.decode("utf-8", "replace")
    assert proc.returncode == 130 and "Traceback" not in err, err
