"""``extractor batch PATH... --db results.sqlite``: a folder of articles into one evidence store."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.batch.rows import Outcome


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from extractor.commands.common import add_ocr_argument

    p = sub.add_parser(
        "batch",
        help="extract many files in parallel into one SQLite evidence store",
        description=(
            "Extract every .pdf, .txt and .md file under PATH (files, folders searched "
            "recursively, or globs) into a SQLite store. Documents are keyed by the sha256 of "
            "their bytes: a rerun skips what is done, redoes changed files and failed ones, and "
            "a file under two names is extracted once. One bad file never stops the batch; its "
            "error is stored. Exit code 0 when every file succeeded, 1 when some failed. "
            "See docs/batch.md."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    p.add_argument("--db", required=True, type=Path, metavar="FILE", help="the SQLite store (created if missing)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="worker processes (default: the number of CPUs; 0 runs in this process)")  # fmt: skip
    p.add_argument("--force", action="store_true", help="redo every document, even those already done")
    p.add_argument("--password-file", type=Path, metavar="F",
                   help="PDF passwords: a line 'password' for every file, and/or lines "
                   "'glob<TAB>password' for matching files (first match wins)")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_ocr_argument(p)
    p.add_argument("--dask-scheduler", metavar="tcp://HOST:PORT",
                   help="run on this Dask cluster (needs the 'dask' extra); the store stays local")  # fmt: skip
    p.add_argument("--pdf-backend", choices=("pdfium", "pdfplumber"), default=None,
                   help="PDF parser: pdfium (default, fast) or pdfplumber")  # fmt: skip
    p.set_defaults(func=run)


class TqdmProgress:
    """Documents done and failed, rate and ETA on stderr."""

    def __init__(self, *, disable: bool) -> None:
        self.disable = disable
        self.failed = 0
        self.bar: Any = None

    def start(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=self.disable,
                        dynamic_ncols=True, desc="extract")  # fmt: skip
        self.bar.set_postfix(failed=0)

    def update(self, outcome: Outcome) -> None:
        if not outcome.ok:
            self.failed += 1
            self.bar.set_postfix(failed=self.failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(args: argparse.Namespace) -> int:
    if args.dask_scheduler is None and args.workers != 0:
        from extractor.batch import server

        # Its warm-up runs on the other core while this process imports and reads the inputs.
        server.start()
    from extractor.batch.discover import load_passwords
    from extractor.batch.runner import run_batch
    from extractor.batch import BatchError
    from extractor.batch.worker import extract_with

    if args.workers is not None and args.workers < 0:
        raise BatchError(f"--workers must be 0 or more, not {args.workers}")
    if args.dask_scheduler is not None:
        from extractor.batch.dask_runner import check_dask

        check_dask()
    passwords = load_passwords(args.password_file) if args.password_file else None
    progress = TqdmProgress(disable=args.quiet or not sys.stderr.isatty())
    summary = run_batch(args.paths, args.db, workers=args.workers, force=args.force, passwords=passwords,
                        progress=progress, scheduler=args.dask_scheduler,
                        extract=extract_with(args.pdf_backend, args.ocr))  # fmt: skip
    for path, error in summary.failures:
        print(f"failed: {error if error.startswith(path) else f'{path}: {error}'}", file=sys.stderr)
    line = (
        f"{summary.done} done, {summary.failed} failed, {summary.skipped} already done"
        f"{f', {summary.duplicates} duplicate paths' if summary.duplicates else ''}"
        f" in {summary.seconds:.1f} s -> {args.db}"
    )
    print(line)
    return summary.exit_code
