"""Ctrl-C and SIGTERM while a process pool runs: remembered, then acted on where the pool is whole.

Raised at an arbitrary moment, KeyboardInterrupt can leave ``concurrent.futures`` in a state
its shutdown never leaves: inside ``wait`` it can fall between the acquisitions of the
futures' locks and keep one held, and the pool's manager thread, which needs that lock to
hand over a result, then waits forever, and the batch's shutdown with it. So while a pool
runs, a signal only counts itself; the runner looks at the count each time it wakes up (a
result, or every ``POLL`` seconds) and raises KeyboardInterrupt there. A second signal
stops the workers at once (their documents would be dropped anyway), for a user who will
not wait for the documents in flight.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
POLL = 0.2  # seconds between looks at the count while no result arrives


class Deferred:
    """The signals received so far; ``check`` turns them into KeyboardInterrupt."""

    def __init__(self) -> None:
        self.received = 0

    def check(self) -> None:
        if self.received:
            raise KeyboardInterrupt

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.received += 1
        if self.received > 1:
            for child in multiprocessing.active_children():
                try:
                    child.terminate()
                except OSError:  # gone meanwhile
                    pass


@contextmanager
def deferred() -> Iterator[Deferred]:
    """Defer SIGINT and SIGTERM for the block; one received in it is raised when the block ends."""
    state = Deferred()
    if threading.current_thread() is not threading.main_thread():
        yield state  # handlers can only be set (and signals only run) in the main thread
        return
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    for sig in SIGNALS:
        signal.signal(sig, state.handle)
    try:
        yield state
    finally:
        for sig, handler in previous.items():
            # None: a handler not set from Python; the default is the closest.
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    state.check()
