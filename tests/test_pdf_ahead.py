"""`extract FILE.pdf` reads the PDF in a forked child while the parent warms the pipeline.

The child's result must be the reader's result, for both backends; a child that cannot
read the file hands the work back, so errors are the reader's own; and the command's
output is the same with read-ahead on and off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_pdf_errors import _text_pdf

from extractor.ingest.pdf import ahead, read_pdf

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "review_2col.pdf"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="read-ahead needs os.fork")


@needs_fork
@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_child_reads_what_the_reader_reads(backend: str) -> None:
    child = ahead.ReadAhead(PDF, password=None, backend=backend, ocr="never")
    got = child.result()
    want = read_pdf(PDF, backend=backend, ocr="never")
    assert got is not None, "the child delivered nothing"
    assert got.text == want.text and len(got.text) > 10_000
    assert got.pages == want.pages and [p.number for p in got.pages] == [1, 2, 3, 4, 5]
    assert got.layout.page == want.layout.page and got.layout.box == want.layout.box
    assert got.warnings == want.warnings
    assert child.pid == 0  # reaped


@needs_fork
def test_encrypted_pdf_is_handed_back(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    _text_pdf(encrypt="user-secret").output(str(path))
    assert ahead.ReadAhead(path, password=None, backend=None, ocr="never").result() is None
    opened = ahead.ReadAhead(path, password="user-secret", backend=None, ocr="never").result()
    assert opened is not None and "Page 1 line 19: overall survival" in opened.text


@needs_fork
def test_closing_early_stops_the_child() -> None:
    child = ahead.ReadAhead(PDF, password=None, backend=None, ocr="never")
    pid = child.pid
    child.close()
    assert child.pid == 0 and child.result() is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped, no zombie left behind


@needs_fork
def test_child_reports_pages_shown() -> None:
    quiet = ahead.ReadAhead(PDF, password=None, backend=None, ocr="never")
    assert quiet.result() is not None and not quiet.shown
    shown = ahead.ReadAhead(PDF, password=None, backend=None, ocr="never", on_page=lambda page: None)
    assert shown.result() is not None and shown.shown  # the parent then clears the progress line


def test_off_switch_and_size_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert ahead.usable(PDF) == (hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1)
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(ahead.MAX_BYTES + 1)
    assert not ahead.usable(big)  # read in the command's own process (memory)
    monkeypatch.setenv(ahead.ENV, "0")
    assert not ahead.usable() and not ahead.usable(PDF)


def _extract(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", *args],
        capture_output=True, cwd=ROOT, env={**os.environ, **env}, timeout=300,
    )  # fmt: skip


@needs_fork
def test_extract_output_same_with_and_without_read_ahead(tmp_path: Path) -> None:
    on = _extract([str(PDF), "--format", "json"], EXTRACTOR_READ_AHEAD="1")
    off = _extract([str(PDF), "--format", "json"], EXTRACTOR_READ_AHEAD="0")
    assert on.returncode == off.returncode == 0, on.stderr + off.stderr
    assert on.stdout == off.stdout and b'"REACH-2"' in on.stdout
    # an unreadable PDF: the same one-line error either way
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(PDF.read_bytes()[:2000])
    on = _extract([str(bad)], EXTRACTOR_READ_AHEAD="1")
    off = _extract([str(bad)], EXTRACTOR_READ_AHEAD="0")
    assert on.returncode == off.returncode == 2
    assert on.stderr == off.stderr and b"truncated or corrupt PDF" in on.stderr
