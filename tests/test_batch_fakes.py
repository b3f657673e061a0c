"""Stand-ins for the pipeline used by the batch tests (this module holds no tests).

They live in an importable module because batch workers are spawned processes and
Dask workers: a function is sent by reference and imported again there. The fake
is deterministic and grounded: it ingests the real file and reports every
"<number>个月" / "<number> months" with its true offsets, so stores written by
different runs can be compared exactly.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from extractor.errors import InputError
from extractor.ingest import ingest
from extractor.models import DocumentResult, Entity, Record, Sentence

_VALUE = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)\s?(?:个月|months)")
_DRUG = re.compile(r"瑞戈非尼|regorafenib|ramucirumab|雷莫西尤单抗")
_NORM = {"瑞戈非尼": "regorafenib", "雷莫西尤单抗": "ramucirumab"}


def fake_extract(path: Path, password: str | None) -> DocumentResult:
    doc = ingest(path, password=password)
    text = doc.text
    if "BOOM" in text:
        raise RuntimeError("boom\nin the fake pipeline")
    if "LOCKED" in text and password != "secret":
        raise InputError(path, "encrypted PDF; pass --password")
    drugs = [
        Entity(label="DRUG", text=m.group(), start=m.start(), end=m.end(), rule="fake",
               norm=_NORM.get(m.group(), m.group()))
        for m in _DRUG.finditer(text)
    ]  # fmt: skip
    arm = [drugs[0].norm] if drugs and drugs[0].norm else []
    records = [
        Record(id=f"r{i}", endpoint="mOS", value=float(m.group(1)), unit="month", arm=arm,
               sentence=text[max(0, m.start() - 20): m.end()], start=m.start(1), end=m.end(1), rule="fake")
        for i, m in enumerate(_VALUE.finditer(text), 1)
    ]  # fmt: skip
    return DocumentResult(
        doc_id=doc.doc_id, source=doc.source, media_type=doc.media_type, text=text,
        sentences=[Sentence(start=0, end=len(text), lang="zh" if re.search(r"[\u4e00-\u9fff]", text) else "en")],
        entities=drugs, records=records, warnings=doc.warnings,
    )  # fmt: skip


def slow_extract(path: Path, password: str | None) -> DocumentResult:
    """Slow, and heavy to write (hundreds of records), so a kill lands mid-batch and often mid-write."""
    time.sleep(0.15)
    result = fake_extract(path, password)
    many = [r.model_copy(update={"id": f"{r.id}-{k}"}) for k in range(150) for r in result.records]
    return result.model_copy(update={"records": many})


def stuck_extract(path: Path, password: str | None) -> DocumentResult:
    """A document that takes far longer than anyone waits (a huge scan, a runaway parser)."""
    time.sleep(300)
    return fake_extract(path, password)


def _log(kind: str) -> None:
    """Append '<kind> <pid>' to the file named by $BATCH_TEST_LOG (set by the test)."""
    with open(os.environ["BATCH_TEST_LOG"], "a", encoding="utf-8") as fh:
        fh.write(f"{kind} {os.getpid()}\n")


def logged_warm() -> None:
    _log("warm")


def logged_extract(path: Path, password: str | None) -> DocumentResult:
    _log("extract")
    return fake_extract(path, password)


def dying_extract(path: Path, password: str | None) -> DocumentResult:
    """Kills its worker process outright on a file containing DIE (as the OOM killer would)."""
    if b"DIE" in Path(path).read_bytes():
        os._exit(9)
    return fake_extract(path, password)
