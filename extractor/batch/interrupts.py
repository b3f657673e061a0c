"""Ctrl-C and SIGTERM while a process pool runs: remembered, then acted on where the pool is whole.

Raised at an arbitrary moment, KeyboardInterrupt can leave ``concurrent.futures`` in a state
its shutdown never leaves: inside ``wait`` it can fall between the acquisitions of the
futures' locks and keep one held, and the pool's manager thread, which needs that lock to
hand over a result, then waits forever, and the batch's shutdown with it. So while a pool
runs, a signal only counts itself; the runner looks at the count each time it wakes up (a
result, or every ``POLL`` seconds) and raises KeyboardInterrupt there. A second signal
stops the workers at once (their documents would be dropped anyway), for a user who will
not wait for the documents in flight: not from the handler, which can run while the pool
starts a worker (the pool's manager thread, seeing a worker die, then terminates the
workers it knows and waits forever for the one being started), but from the shutdown
loop, where the pool starts no more workers (``shut_down``).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Executor
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


def shut_down(pool: Executor, state: Deferred) -> None:
    """``pool.shutdown(wait=True, cancel_futures=True)``, but a second signal, before or
    during the wait for the documents in flight, terminates the workers."""
    # The manager thread ends once every worker has; private, hence the fallback to a plain
    # wait. Taken first: the shutdown forgets it.
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    terminated = False
    while manager is not None and manager.is_alive():
        if state.received > 1 and not terminated:
            terminated = True
            for child in multiprocessing.active_children():
                try:
                    child.terminate()
                except OSError:  # gone meanwhile
                    pass
        manager.join(POLL)
    pool.shutdown(wait=True)


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
