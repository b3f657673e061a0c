"""Arguments and I/O shared by the commands: input files (or standard input), output files.

Output is written in bounded chunks and every write is checked: one huge write to
a pipe or file can be cut short by the kernel (Linux writes at most 2,147,479,552
bytes per call) and the rest would be lost without an error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from extractor.errors import ExtractorError, InputError

if TYPE_CHECKING:
    from extractor.ingest.pdf import PdfText
    from extractor.models import Document

STDIN = "-"
STDIN_NAME = "<stdin>"
# Characters encoded and written per call: small enough for any OS write limit, large
# enough that the per-call cost does not matter.
CHUNK_CHARS = 1 << 20


class UsageError(ExtractorError):
    """Options that do not go together (``--bom`` with a format it cannot apply to...)."""


class OutputError(ExtractorError):
    """An output that cannot be written; the message names it and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {reason}")


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a .pdf, .txt or .md file, or - for standard input")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--password-file", help="file whose first line is the PDF password")
    p.add_argument("--debug", action="store_true", help="show tracebacks for errors")


def add_ocr_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ocr", choices=("auto", "always", "never"), default="auto",
        help="PDF pages read by OCR: auto (default) those without a text layer, when the "
        "'ocr' extra is installed; always every page; never none (see docs/ocr.md)",
    )  # fmt: skip


def read_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password", None):
        return str(args.password)
    pw_file = getattr(args, "password_file", None)
    if not pw_file:
        return None
    try:
        lines = Path(pw_file).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(pw_file, f"cannot read password file ({exc.strerror})") from None
    return lines[0] if lines else ""


def read_document(
    args: argparse.Namespace,
    on_page: Callable[[int], None] | None = None,
    read: Callable[[], PdfText | None] | None = None,
) -> Document:
    """The input as a Document: ``args.file``, or standard input when it is ``-``; ``on_page(n)``
    after each PDF page (progress); ``read()``: the PDF ``args.file`` read ahead, or None."""
    from extractor.ingest import ingest

    backend, ocr = getattr(args, "pdf_backend", None), getattr(args, "ocr", "auto")
    if args.file != STDIN:
        return ingest(Path(args.file), password=read_password(args), pdf_backend=backend, on_page=on_page,
                      ocr=ocr, read=read)  # fmt: skip
    data = sys.stdin.buffer.read()
    if not data:
        raise InputError(STDIN_NAME, "empty input (0 bytes)")
    # The readers choose by suffix; standard input has none, so its first bytes choose.
    name = "stdin.pdf" if data.startswith(b"%PDF-") else "stdin.txt"
    with tempfile.TemporaryDirectory(prefix="extractor-stdin-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            doc = ingest(path, password=read_password(args), pdf_backend=backend, ocr=ocr)
        except InputError as exc:
            raise InputError(STDIN_NAME, exc.reason) from None
    doc.source = STDIN_NAME
    return doc


def check_output(path: str | Path | None) -> None:
    """Fail before any work when ``path`` cannot be an output file."""
    if path is None:
        return
    p = Path(path)
    if p.is_dir():
        raise OutputError(p, "is a directory; give a file name")
    if not p.parent.is_dir():
        raise OutputError(p, f"no such folder '{p.parent}'")


def write_all(stream: BinaryIO, data: bytes | memoryview, *, chunk: int = CHUNK_CHARS) -> None:
    """Write every byte of ``data``, at most ``chunk`` bytes per call, retrying short writes."""
    view = memoryview(data)
    pos = 0
    while pos < len(view):
        piece = view[pos : pos + chunk]
        n = stream.write(piece)
        if n is None:  # a buffered stream that took it all (or a non-blocking one that took none)
            n = len(piece)
        if n <= 0:
            raise OSError(f"write accepted no bytes at offset {pos}")
        pos += n


def write_text(stream: BinaryIO, chunks: Iterable[str], *, chunk: int = CHUNK_CHARS) -> None:
    """Encode ``chunks`` as UTF-8 piece by piece (never the whole output at once) and write them."""
    for text in chunks:
        for i in range(0, len(text), chunk):
            write_all(stream, text[i : i + chunk].encode("utf-8"), chunk=chunk)


@contextmanager
def output_stream(path: str | Path | None) -> Iterator[BinaryIO]:
    """A binary stream for ``path`` (standard output when None); write errors become OutputError."""
    name = STDIN_NAME.replace("stdin", "stdout") if path is None else str(path)
    try:
        if path is None:
            out: BinaryIO = sys.stdout.buffer
            yield out
            out.flush()
        else:
            with open(path, "wb") as fh:
                yield fh
    except BrokenPipeError:
        raise  # the reader went away (| head): not an error of ours
    except OSError as exc:
        raise OutputError(name, f"cannot write ({exc.strerror or exc})") from None


def emit(chunks: Iterable[str], path: str | Path | None, *, chunk: int = CHUNK_CHARS) -> None:
    """Write text ``chunks`` to ``path`` or standard output, chunked and checked."""
    with output_stream(path) as out:
        write_text(out, chunks, chunk=chunk)
