"""Batch processing: many documents into one SQLite evidence store, locally or on Dask.

discover (paths -> jobs by content) -> worker (one document -> Outcome) -> runner
(parallel, resumable) -> store (one transaction per document); dask_runner sends
the same jobs to a cluster; query reads the store back for exports.
"""

from __future__ import annotations

from extractor.errors import ExtractorError


class BatchError(ExtractorError):
    """A batch or export that cannot run as asked (bad option, missing extra, bad filter)."""
