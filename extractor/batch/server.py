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
from collections.abc import Callable
from multiprocessing import resource_tracker

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
    """Start a worker (or the fork server its workers come from) with SIGINT blocked, a
    signal mask that fork and exec keep and that the fork server hands to every worker it
    forks; the worker ignores SIGINT and unblocks it first thing (``worker.init_worker``).

    Ctrl-C reaches the whole process group; only the parent may act on it (it stops the
    batch and shuts the pool down), or each worker would print a traceback of its own,
    even in the middle of its interpreter's start-up, before any code of ours runs.
    The parent blocks SIGINT only in this thread and only for the start (which can wait
    for the fork server's warm-up): a Ctrl-C meanwhile is handled right after, or at once
    by another thread, not lost as it was when the parent ignored SIGINT for that time.
    """
    if not hasattr(signal, "pthread_sigmask"):  # no signal masks (Windows): no fork server either
        start()
        return
    # Starting the resource tracker (once per process, on the first start) unblocks SIGINT
    # on its way out; started first, it leaves our block in place.
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
