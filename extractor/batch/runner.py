"""The batch: discover, skip what the store already has, extract the rest in parallel, write.

Workers only compute; the parent is the store's single writer and commits each
document as its outcome arrives, so killing the batch loses at most the documents
in flight and a rerun picks them up. Work is handed out a few jobs at a time
(not all at once), which bounds memory on large folders.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import ForkServerContext, ForkServerProcess, SpawnContext, SpawnProcess
from pathlib import Path
from typing import Protocol

from extractor.batch import interrupts, server
from extractor.batch.discover import Job, Passwords, discover
from extractor.batch.rows import Outcome
from extractor.batch.store import Store
from extractor.batch.server import start_quietly as _start_quietly
from extractor.batch.worker import ExtractFn, init_worker, pool_task, process, run_one, warm_pipeline

# Jobs handed to each worker ahead of time: enough to keep it busy, few enough to bound memory.
PREFETCH_PER_WORKER = 2


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def update(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


@dataclass
class BatchSummary:
    done: int = 0  # extracted in this run
    failed: int = 0  # failed in this run, unreadable paths included
    skipped: int = 0  # already done in the store
    duplicates: int = 0  # extra paths of content seen under another name
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line error)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_batch(
    inputs: Sequence[str | Path],
    db: str | Path,
    *,
    workers: int | None = None,
    force: bool = False,
    passwords: Passwords | None = None,
    progress: Progress | None = None,
    extract: ExtractFn = run_one,
    warm: Callable[[], None] | None = warm_pipeline,
    scheduler: str | None = None,
) -> BatchSummary:
    """Extract every document under ``inputs`` into the store ``db``; returns the counts.

    ``workers=0`` runs in this process (debugging, tests); ``scheduler`` sends the
    work to a Dask cluster instead of local processes. ``extract`` and ``warm``
    must be importable module-level functions (they are pickled by reference).
    """
    started = time.perf_counter()
    summary = BatchSummary()
    found = discover(inputs, passwords=passwords)
    with Store(db) as store:
        for path, error in found.unreadable:
            store.write_unreadable(path, error)
            summary.failed += 1
            summary.failures.append((path, error))
        statuses = store.statuses()
        known = {r["path"]: r["sha256"] for r in store.conn.execute("SELECT path, sha256 FROM document_paths")}
        pending: list[Job] = []
        for job in found.jobs:
            summary.duplicates += len(job.paths) - 1
            if not force and statuses.get(job.sha256) == "done":
                summary.skipped += 1
                if any(known.get(p) != job.sha256 for p in job.paths):
                    store.add_paths(job.sha256, job.paths)
            else:
                pending.append(job)
        if progress is not None:
            progress.start(len(pending))
        try:
            if scheduler is not None:
                from extractor.batch.dask_runner import dask_outcomes

                outcomes = dask_outcomes(pending, scheduler, extract=extract)
            else:
                n = default_workers() if workers is None else workers
                outcomes = local_outcomes(pending, workers=n, extract=extract, warm=warm)
            # Closed here, not whenever it is collected: its pool shuts down and its signal
            # handlers go back even when writing a result fails.
            with contextlib.closing(outcomes):
                for job, outcome in outcomes:
                    store.write(outcome, job.paths)
                    if outcome.ok:
                        summary.done += 1
                    else:
                        summary.failed += 1
                        summary.failures.append((job.source, outcome.error or ""))
                    if progress is not None:
                        progress.update(outcome)
        finally:
            if progress is not None:
                progress.close()
    summary.seconds = time.perf_counter() - started
    return summary


def local_outcomes(
    jobs: Sequence[Job],
    *,
    workers: int,
    extract: ExtractFn = run_one,
    warm: Callable[[], None] | None = warm_pipeline,
) -> Iterator[tuple[Job, Outcome]]:
    """Outcomes of ``jobs`` as they finish, from ``workers`` processes (0: this process)."""
    if not jobs:
        return
    if workers <= 0:
        for job in jobs:
            yield job, process(job.sha256, job.source, job.password, source=job.source, extract=extract)
        return
    todo = list(reversed(jobs))
    suspects: list[Job] = []
    while todo or suspects:
        if suspects:
            # Alone in a pool of its own, a suspect that breaks it is the culprit.
            yield from _run_pool([suspects.pop()], suspects, workers=1, extract=extract, warm=warm)
        else:
            yield from _run_pool(todo, suspects, workers=min(workers, len(todo)), extract=extract, warm=warm)


def _context(warm: Callable[[], None] | None) -> multiprocessing.context.BaseContext:
    """How workers start. Never plain fork: the parent may hold threads (tqdm, sqlite)
    that fork would copy mid-state.

    For the real pipeline, a fork server that has warmed the pipeline once (it imports
    ``extractor.batch.warmed``) forks every worker ready to work: building the matchers
    took each spawned worker about 1 s of CPU, paid again by every worker and every
    fresh pool. Other extract functions (tests) and systems without fork use spawn.
    """
    if warm is warm_pipeline and server.available():
        # Started by us, not by the first worker's start: the server must begin with SIGINT blocked.
        server.start()
        ctx = _QuietForkServerContext()
        ctx.set_forkserver_preload(server.PRELOAD)  # ignored once the server runs
        return ctx
    return _QuietSpawnContext()


def _run_pool(
    todo: list[Job], suspects: list[Job], *, workers: int, extract: ExtractFn, warm: Callable[[], None] | None
) -> Iterator[tuple[Job, Outcome]]:
    """Run ``todo`` (popped from the end) until done or until a worker dies.

    A dying worker (out of memory, a crash in native code) breaks the whole pool and
    every job in flight with it; those jobs become ``suspects`` and are retried one
    by one, so only the document that kills a worker is reported failed.
    """
    ctx = _context(warm)
    inflight: dict[Future[Outcome], Job] = {}
    with interrupts.deferred() as stop:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                                   initargs=(extract, warm))  # fmt: skip
        try:

            def refill() -> None:
                while todo and len(inflight) < workers * PREFETCH_PER_WORKER:
                    job = todo[-1]
                    try:
                        fut = pool.submit(pool_task, job.sha256, job.source, job.password, job.source)
                    except BrokenProcessPool:
                        # A worker died since the last wait: the jobs in flight say so there, and
                        # this one stays to do for the next pool.
                        return
                    todo.pop()
                    inflight[fut] = job

            while True:
                stop.check()
                refill()
                if not inflight:
                    return
                finished, _ = wait(inflight, timeout=interrupts.POLL, return_when=FIRST_COMPLETED)
                broken = False
                for fut in finished:
                    job = inflight[fut]
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    del inflight[fut]
                    yield job, outcome
                if broken:
                    if len(inflight) == 1:
                        (job,) = inflight.values()
                        yield job, Outcome(job.sha256, False, 0.0, error_type="WorkerDied",
                                           error=f"{job.source}: the worker process died while extracting "
                                           "this document (out of memory or a crash in native code)")  # fmt: skip
                    else:
                        suspects.extend(inflight.values())
                    return
        finally:
            # On an interrupt, jobs not yet started are dropped rather than waited for.
            interrupts.shut_down(pool, stop)


class _QuietSpawnProcess(SpawnProcess):
    def start(self) -> None:
        _start_quietly(super().start)


class _QuietSpawnContext(SpawnContext):
    Process = _QuietSpawnProcess  # type: ignore[assignment]


class _QuietForkServerProcess(ForkServerProcess):
    def start(self) -> None:
        _start_quietly(super().start)


class _QuietForkServerContext(ForkServerContext):
    Process = _QuietForkServerProcess  # type: ignore[assignment]
