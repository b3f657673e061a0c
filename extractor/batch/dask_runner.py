"""The same batch on a Dask distributed cluster: one task per document, the store stays local.

Workers on a real cluster usually cannot see the client's disk, so each task
carries the file's bytes and its name (``worker.process_bytes`` writes a private
temporary file, runs the pipeline, deletes it). Outcomes come back to the client,
which is the store's only writer, exactly as in a local run. At most a few tasks
per worker thread are in flight, so the client never holds a whole folder of PDFs
in memory. Task keys are derived from the sha256, so identical content is never
computed twice even if submitted twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from extractor.batch import BatchError
from extractor.batch.discover import Job
from extractor.batch.rows import Outcome
from extractor.batch.worker import ExtractFn, process_bytes, run_one

TASKS_PER_THREAD = 2
CONNECT_TIMEOUT_S = 20  # a scheduler that does not answer in time is a user error, not a hang


def check_dask() -> None:
    """Fail early, with the fix, when the optional extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise BatchError(
            "--dask-scheduler needs Dask distributed: pip install 'extractor[dask]'"
        ) from None


def _task(sha256: str, data: bytes, password: str | None, source: str, extract: ExtractFn) -> Outcome:
    return process_bytes(sha256, data, password, source=source, extract=extract)


def dask_outcomes(
    jobs: Sequence[Job], scheduler: Any, *, extract: ExtractFn = run_one
) -> Iterator[tuple[Job, Outcome]]:
    """Outcomes of ``jobs`` computed on the cluster at ``scheduler`` (an address or a Client)."""
    check_dask()
    from distributed import Client, as_completed

    if not jobs:
        return
    own_client = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT_S) if own_client else scheduler
    except (OSError, TimeoutError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        threads = max(1, sum(client.nthreads().values()))
        todo = list(reversed(jobs))
        by_key: dict[str, Job] = {}
        pending = as_completed(loop=client.loop)

        unreadable: list[tuple[Job, Outcome]] = []

        def submit_next() -> None:
            job = todo.pop()
            try:
                data = Path(job.source).read_bytes()
            except OSError as exc:  # gone since discovery
                unreadable.append((job, Outcome(job.sha256, False, 0.0, error_type="InputError",
                                                error=f"{job.source}: cannot read file ({exc.strerror})")))  # fmt: skip
                return
            fut = client.submit(_task, job.sha256, data, job.password, job.source, extract,
                                key=f"extract-{job.sha256}", pure=False)  # fmt: skip
            by_key[fut.key] = job
            pending.add(fut)

        while todo and len(by_key) < threads * TASKS_PER_THREAD:
            submit_next()
        yield from unreadable
        unreadable.clear()
        for fut in pending:
            job = by_key.pop(fut.key)
            try:
                outcome: Outcome = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or a pickling error: this document fails
                outcome = Outcome(job.sha256, False, 0.0, error_type=type(exc).__name__,
                                  error=f"{job.source}: Dask task failed ({type(exc).__name__}: {exc})")  # fmt: skip
            fut.release()
            yield job, outcome
            while todo and len(by_key) < threads * TASKS_PER_THREAD:
                submit_next()
            yield from unreadable
            unreadable.clear()
    finally:
        if own_client:
            client.close()
