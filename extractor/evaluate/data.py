"""Reading the gold set, the source list and prediction files.

``gold/*.gold.jsonl``: one ``GoldDocument`` per line. ``gold/sources.json``: which
source files are scored against which gold document, e.g.
``[{"source": "corpus/review_2col.pdf", "gold_doc_id": "<sha256>", "align": true}]``,
paths relative to the repository root (the parent of the gold directory).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from extractor.errors import ExtractorError
from extractor.models import DocumentResult, GoldDocument


class EvaluationError(ExtractorError):
    """The gold set, the source list or a prediction file cannot be used for scoring."""


class SourceSpec(BaseModel):
    """One source file scored against one gold document."""

    model_config = ConfigDict(extra="forbid")

    source: str
    gold_doc_id: str
    align: bool = False
    # Real-text corpus: "dev" (rules are written against it) or "test" (scored once per
    # release, never tuned on), and where the text came from.
    split: Literal["dev", "test"] | None = None
    url: str | None = None
    query: str | None = None
    lang: str | None = None
    script: str | None = None
    kind: str | None = None
    cancer: str | None = None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_gold(gold_dir: Path) -> dict[str, GoldDocument]:
    """Every gold document in ``gold_dir/*.gold.jsonl``, by doc_id."""
    files = sorted(gold_dir.glob("*.gold.jsonl"))
    if not files:
        raise EvaluationError(f"{gold_dir}: no *.gold.jsonl file (is --gold the gold directory?)")
    docs: dict[str, GoldDocument] = {}
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                doc = GoldDocument.model_validate_json(line)
            except ValidationError as exc:
                raise EvaluationError(f"{path}:{lineno}: invalid gold document ({_first(exc)})") from exc
            if doc.doc_id in docs:
                raise EvaluationError(f"{path}:{lineno}: gold document {doc.doc_id} appears twice")
            docs[doc.doc_id] = doc
    return docs


def load_sources(gold_dir: Path, gold: dict[str, GoldDocument]) -> list[SourceSpec]:
    """The source list; without ``sources.json``, each gold document's own source, unaligned."""
    path = gold_dir / "sources.json"
    if not path.is_file():
        return [SourceSpec(source=d.source, gold_doc_id=d.doc_id) for d in gold.values()]
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        specs = [SourceSpec.model_validate(item) for item in raw]
    except (json.JSONDecodeError, ValidationError, TypeError) as exc:
        raise EvaluationError(
            f"{path}: not a list of {{source, gold_doc_id, align}} ({exc})"
        ) from exc
    for spec in specs:
        if spec.gold_doc_id not in gold:
            raise EvaluationError(
                f"{path}: {spec.source} refers to gold document {spec.gold_doc_id[:12]}…, "
                f"which no *.gold.jsonl file contains"
            )
    return specs


def load_predictions(path: Path) -> list[DocumentResult]:
    """DocumentResult objects, one JSON object per line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read predictions ({exc.strerror})") from exc
    results = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            results.append(DocumentResult.model_validate_json(line))
        except ValidationError as exc:
            raise EvaluationError(f"{path}:{lineno}: not a DocumentResult ({_first(exc)})") from exc
    return results


def _first(exc: ValidationError) -> str:
    """'field.path: message' of the first validation error, for one-line user errors."""
    first = exc.errors()[0]
    return ".".join(str(x) for x in first["loc"]) + ": " + str(first["msg"])
