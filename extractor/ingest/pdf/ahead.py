"""Read a PDF in a forked process while the command warms up the rest of the pipeline.

``extractor extract FILE.pdf`` has two long stretches that do not depend on each other:
reading the PDF (numpy and pdfium imports, page parsing, columns, lines: ~0.4 s for the
review's five pages) and the pipeline's start-up (pydantic and the models, the lexicon,
the entity and measurement matchers: ~0.25 s). On a machine with a second core they can
run side by side: the command forks a child that reads the PDF (``read_pdf_plain``, which
needs no pydantic) and sends the result back through a pipe as marshal data (builtin
types only), while the parent imports and warms the pipeline; the parent then builds the
models of the result exactly as ``read_pdf`` would (``result.pdf_text``).

The child is a helper only: anything that goes wrong in it (an unreadable or encrypted
file, a crash, Ctrl-C) makes ``result()`` return None and the parent reads the PDF itself,
so errors and their messages are those of an ordinary read. It is used by the ``extract``
command alone (a batch already keeps every core busy), only when ``os.fork`` exists,
this process may run on more than one CPU and the file is at most MAX_BYTES;
``EXTRACTOR_READ_AHEAD=0`` turns it off. The fork happens before the command imports
anything that starts threads.

Memory: the child's peak is the reader's (less than one process's whole peak, which the
benchmarks' ru_maxrss then reports), but the two processes together hold the parent's warm
pipeline (~45 MB) beside it while the child runs: the review peaks at 51 MB (parent) and 55 MB
(child), ~100 MB together, against 79 MB for one process.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractor.ingest.pdf.result import PdfText

ENV = "EXTRACTOR_READ_AHEAD"
_CHUNK = 1 << 20
# Larger files are read in the command's own process. The overlap saves the start-up
# (~0.2 s), a few per cent of a long document's run, while the parent's warm pipeline
# (~45 MB) would sit beside the child's peak: the 100-page test PDF (14 MB) would peak at
# ~210 MB for the two processes together instead of 163 MB for one.
MAX_BYTES = 8 << 20


def usable(path: Path | None = None) -> bool:
    """Whether reading ahead can gain anything here: fork, a second CPU to run on, and
    (given ``path``) a file of at most MAX_BYTES."""
    if os.environ.get(ENV, "") == "0" or not hasattr(os, "fork"):
        return False
    if path is not None:
        try:
            if path.stat().st_size > MAX_BYTES:
                return False
        except OSError:
            return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus > 1


class ReadAhead:
    """A child process reading one PDF; ``result()`` collects it (once)."""

    def __init__(
        self,
        path: Path,
        *,
        password: str | None,
        backend: str | None,
        ocr: str,
        on_page: Callable[[int], None] | None = None,
    ) -> None:
        self.pid = 0
        self.shown = False  # the child showed page progress (``on_page`` was called)
        self._fd = -1
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the child: read, send, leave without running any exit handler
            os.close(read_fd)
            _child(write_fd, path, password, backend, ocr, on_page)
        os.close(write_fd)
        self.pid, self._fd = pid, read_fd

    def result(self) -> PdfText | None:
        """The PDF as ``read_pdf`` returns it, or None when the child did not deliver it."""
        if self._fd < 0:
            return None
        try:
            chunks = []
            while True:
                chunk = os.read(self._fd, _CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
            data = b"".join(chunks)
            del chunks
        finally:
            self.close()
        try:
            shown, plain = marshal.loads(data)
        except (EOFError, ValueError, TypeError):  # the child failed or died: nothing complete
            return None
        del data
        self.shown = bool(shown)
        if plain is None:
            return None
        from extractor.ingest.pdf.result import pdf_text

        return pdf_text(plain)

    def close(self) -> None:
        """Stop waiting for the child (it is killed if still running) and reap it."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self.pid:
            pid, self.pid = self.pid, 0
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if not done:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            except OSError:
                pass


def _child(
    fd: int,
    path: Path,
    password: str | None,
    backend: str | None,
    ocr: str,
    on_page: Callable[[int], None] | None,
) -> None:
    code = 1
    try:
        shown = False

        def progress(page: int) -> None:
            nonlocal shown
            if on_page is not None:
                shown = True
                on_page(page)

        # The parent's objects stay alive and unchanged here: collections need not walk
        # them (the read of the review: 286 -> 277 ms).
        gc.freeze()
        try:
            from extractor.ingest.pdf.reader import read_pdf_plain

            plain = read_pdf_plain(path, password=password, backend=backend, ocr=ocr,
                                   on_page=progress if on_page is not None else None)
        except Exception:  # noqa: BLE001 - the parent reads the file again and reports it
            plain = None
        data = memoryview(marshal.dumps((shown, plain)))
        while data:
            data = data[os.write(fd, data[:_CHUNK]) :]
        code = 0
    except BaseException:  # noqa: BLE001 - Ctrl-C, a parent gone away: the parent decides
        pass
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)

