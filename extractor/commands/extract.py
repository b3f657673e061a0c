"""`extractor extract FILE --format table|json|jsonl|csv|md|spacy|brat`: entities, records, references."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any

from extractor.commands.common import (
    STDIN,
    UsageError,
    add_input_arguments,
    add_ocr_argument,
    check_output,
    emit,
    read_document,
    read_password,
)

FORMATS = ("table", "json", "jsonl", "csv", "md", "spacy", "brat")
# Formats written as files of their own (binary, or several files), never to stdout.
FILE_FORMATS = ("spacy", "brat")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract entities and evidence records from one file",
        description="Run the whole pipeline on one file. table: one line per record fitted to "
        "the terminal (the default when standard output is a terminal); json: the full document "
        "result (schema: `extractor schema`; the default when output is piped or written with -o); "
        "jsonl: the same on one line; csv/md: the evidence table, one row per record; spacy: a "
        "DocBin (-o FILE.spacy) with the entity spans, for `spacy train`; brat: BRAT standoff "
        "(-o DIR: FILE.txt, FILE.ann and annotation.conf).",
    )
    add_input_arguments(p)
    add_ocr_argument(p)
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: table on a terminal, json otherwise)")
    p.add_argument("--quote", action="store_true", help="table: add the sentence each record came from")
    p.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 BOM (for Excel)")
    p.add_argument("-o", "--output", help="write to this file (a folder for brat) instead of standard output")
    p.add_argument("--pdf-backend", choices=("pdfium", "pdfplumber"), default=None,
                   help="PDF parser: pdfium (default, fast) or pdfplumber")  # fmt: skip
    p.set_defaults(func=run, before_start=start)


def default_format(output: str | None) -> str:
    """table for a person at a terminal; json for pipes and files, so scripts see no change."""
    return "table" if output is None and sys.stdout.isatty() else "json"


class PageProgress:
    """"page N" on standard error while a PDF is read, when standard error is a terminal."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.shown = False

    def __call__(self, page: int) -> None:
        sys.stderr.write(f"\rextractor: {self.source}: read page {page}")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """One document, start-up included. The cyclic garbage collector is off while a text is
    extracted: start-up makes some 400,000 objects that live as long as the process (modules,
    model schemas, compiled patterns, the lexicon), which each collection would walk again,
    and the pipeline makes no cyclic garbage to speak of (a 1.5 MB text peaks at the same
    241 MB either way). extract review.txt: 0.31 -> 0.29 s. A PDF's ingestion does make
    some (pdfium's per-page objects: +3 % peak on 100 pages), so it is on for a PDF read in
    this process once the modules are imported; a PDF read ahead by a child process
    (``ingest/pdf/ahead.py``) arrives as plain data, and the GC stays off as for a text."""
    if getattr(args, "started", None) is None:
        start(args)
    fmt, progress, ahead = args.started
    is_pdf = args.file.lower().endswith(".pdf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args, fmt, progress, ahead, enabled and is_pdf and ahead is None)
    finally:
        if ahead is not None:
            ahead.close()
        if enabled:
            gc.enable()


def start(args: argparse.Namespace) -> None:
    """Checks the options, then, for a PDF, forks the process that reads it (before the
    command line's own start-up: the child needs none of it); sets ``args.started``."""
    fmt = _check(args)
    is_pdf = args.file.lower().endswith(".pdf")
    progress = PageProgress(args.file) if sys.stderr.isatty() and is_pdf else None
    ahead = _read_ahead(args, progress) if is_pdf else None
    args.started = (fmt, progress, ahead)


def _check(args: argparse.Namespace) -> str:
    """The output format; option and output errors first: before a long extraction, not after it."""
    fmt: str = args.format or default_format(args.output)
    if args.bom and fmt != "csv":
        raise UsageError(f"--bom applies to --format csv only, not {fmt}")
    if fmt in FILE_FORMATS and not args.output:
        what = "a .spacy file" if fmt == "spacy" else "a folder"
        raise UsageError(f"--format {fmt} writes {what}; give it with -o")
    if args.quote and fmt != "table":
        raise UsageError(f"--quote applies to --format table only (csv and md always carry the quote), not {fmt}")
    if fmt not in FILE_FORMATS:
        check_output(args.output)
    return fmt


def _read_ahead(args: argparse.Namespace, progress: PageProgress | None) -> Any:
    """A child process reading the PDF while this one starts the pipeline (None: read it here)."""
    if args.file == STDIN:
        return None
    from extractor.ingest.pdf import ahead

    if not Path(args.file).is_file() or not ahead.usable(Path(args.file)):
        return None
    return ahead.ReadAhead(Path(args.file), password=read_password(args), backend=args.pdf_backend,
                           ocr=args.ocr, on_page=progress)  # fmt: skip


def _run(args: argparse.Namespace, fmt: str, progress: PageProgress | None, ahead: Any, collect_pdf: bool) -> int:
    from extractor import export
    from extractor.pipeline import analyze

    read = None
    if ahead is not None:
        # The child reads the PDF meanwhile: fill the pipeline's caches instead of waiting.
        from extractor.pipeline import warm

        try:
            warm()
        except Exception:  # noqa: BLE001 - the document itself will meet the same error, reported
            pass

        def read() -> Any:
            got = ahead.result()
            if progress is not None:
                progress.shown = progress.shown or ahead.shown
            return got

    if collect_pdf:
        gc.enable()
    try:
        result = analyze(read_document(args, on_page=progress, read=read))
    finally:
        if progress is not None:
            progress.done()
    if fmt == "spacy":
        from extractor.formats import docbin

        docbin.note_widened(docbin.write([result], Path(args.output)))
        return 0
    if fmt == "brat":
        from extractor.formats import brat

        brat.write_dir([result], Path(args.output))
        return 0
    out: Iterable[str]
    if fmt == "table":
        from extractor.formats import terminal

        out = [terminal.render(result, quote=args.quote)]
    elif fmt in ("json", "jsonl"):
        # in chunks: the whole JSON as one string is several times the result's size
        out = chain(export.iter_json(result, indent=2 if fmt == "json" else None), ["\n"])
    elif fmt == "csv":
        out = export.iter_csv(export.iter_table_rows([result]), bom=args.bom)
    else:
        out = export.iter_markdown(export.iter_table_rows([result]))
    emit(out, args.output)
    return 0
