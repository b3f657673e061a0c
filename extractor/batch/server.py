"""The batch's fork server: a process that warms the pipeline once and forks every worker.

Kept apart from the runner (which imports the pipeline's models) so that the batch
command can start the server first thing: the server's start-up and warm-up (a third of
a second) then run on the other core while this process imports the runner, reads the
inputs and opens the store, instead of after them.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import signal
import threading
from collections.abc import Callable

# Importing it warms the pipeline (see warmed.py).
PRELOAD = ["extractor.batch.warmed"]


def available() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def start() -> None:
    """Start the warmed fork server now, if this system has fork servers (idempotent)."""
    if available():
        multiprocessing.set_forkserver_preload(PRELOAD)
        start_quietly(multiprocessing.forkserver.ensure_running)


def start_quietly(start: Callable[[], None]) -> None:
    """Start a worker (or the fork server its workers come from) with SIGINT ignored, a
    disposition that survives exec and that the fork server hands to every worker it forks.

    Ctrl-C reaches the whole process group; only the parent may act on it (it stops the
    batch and shuts the pool down), or each worker would print a traceback of its own,
    even in the middle of its interpreter's start-up, before any code of ours runs.
    """
    if threading.current_thread() is not threading.main_thread():
        start()
        return
    # The parent ignores SIGINT only for the fork and exec of the child (milliseconds).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        start()
    finally:
        signal.signal(signal.SIGINT, previous)
