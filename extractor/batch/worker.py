"""Work done on the worker side: extract one document and return an ``Outcome``, never raise.

Every error of one document stays with that document: an ``InputError`` becomes
its one-line message (as the single-file commands print it); anything else is
stored as ``"Type: message"``. The result is flattened into rows here (see
``rows.prepare``) so the writer only inserts.
"""

from __future__ import annotations

import functools
import os
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from extractor.batch.rows import Outcome, prepare
from extractor.errors import InputError
from extractor.models import DocumentResult

ExtractFn = Callable[[Path, "str | None"], DocumentResult]

def run_one(path: Path, password: str | None, *, pdf_backend: str | None = None, ocr: str = "auto") -> DocumentResult:
    """The real pipeline; the default ``ExtractFn`` (another PDF parser or OCR mode: ``extract_with``)."""
    from extractor.pipeline import extract

    return extract(path, password=password, pdf_backend=pdf_backend, ocr=ocr)


def extract_with(pdf_backend: str | None, ocr: str = "auto") -> ExtractFn:
    """``run_one`` with the PDF parser ``pdf_backend`` and the OCR mode bound; picklable, so
    workers can receive it."""
    if pdf_backend is None and ocr == "auto":
        return run_one
    return functools.partial(run_one, pdf_backend=pdf_backend, ocr=ocr)


_warmed = False  # inherited by a worker forked from the warmed fork server


def warm_pipeline() -> None:
    """Fill the pipeline's per-process caches once; a failure here resurfaces per document."""
    global _warmed
    if _warmed:
        return
    from extractor.pipeline import warm

    try:
        warm()
        _warmed = True
    except Exception:  # noqa: BLE001 - the same error is reported on every document it affects
        pass


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def process(
    sha256: str,
    path: str,
    password: str | None,
    *,
    source: str,
    extract: ExtractFn = run_one,
) -> Outcome:
    """Extract ``path``; errors name ``source`` (the user's path), and the result is filed under it."""
    started = time.perf_counter()

    def failed(error_type: str, error: str) -> Outcome:
        return Outcome(sha256, False, time.perf_counter() - started, error_type=error_type, error=error)

    try:
        result = extract(Path(path), password)
        if result.doc_id != sha256:
            return failed("InputError", str(InputError(source, "file changed while the batch ran; run it again")))
        if result.source != source:
            result = result.model_copy(update={"source": source})
        prepared = prepare(result)
    except InputError as exc:
        return failed("InputError", str(InputError(source, exc.reason)))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return failed(type(exc).__name__, _one_line(exc))
    return Outcome(sha256, True, time.perf_counter() - started, prepared=prepared)


def process_bytes(
    sha256: str,
    data: bytes,
    password: str | None,
    *,
    source: str,
    extract: ExtractFn = run_one,
) -> Outcome:
    """Like ``process`` for a worker that cannot see the client's files (a Dask cluster).

    The bytes go to a private temporary file with the source's name (readers pick
    by suffix), which is removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="extractor-") as tmp:
        local = os.path.join(tmp, Path(source).name or "document")
        with open(local, "wb") as fh:
            fh.write(data)
        return process(sha256, local, password, source=source, extract=extract)


# -- process-pool plumbing: the extract function is installed once per worker ------
_EXTRACT: ExtractFn = run_one


def init_worker(extract: ExtractFn, warm: Callable[[], None] | None) -> None:
    global _EXTRACT
    # The parent handles Ctrl-C for the batch and started us with SIGINT blocked
    # (server.start_quietly): from here on it is ignored, and a Ctrl-C pending since
    # start-up is dropped with the block.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _EXTRACT = extract
    if warm is not None:
        warm()


def pool_task(sha256: str, path: str, password: str | None, source: str) -> Outcome:
    return process(sha256, path, password, source=source, extract=_EXTRACT)
