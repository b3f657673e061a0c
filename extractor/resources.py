"""The one place that resolves the data files shipped in ``patterns/``.

``patterns/`` sits at the top of the repository and installs as the package
``extractor.patterns``; ``importlib.resources`` finds it in a wheel, an editable
install or a source checkout alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from extractor.errors import PatternError


def pattern_file(name: str) -> Traversable:
    """The data file ``name`` inside patterns/ (raises PatternError when missing)."""
    path = resources.files("extractor.patterns").joinpath(name)
    if not path.is_file():
        raise PatternError(f"patterns/{name}: missing from the installed package")
    return path


def read_text(name: str) -> str:
    return pattern_file(name).read_text(encoding="utf-8")


def iter_jsonl(name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank, non-comment line of a JSONL file."""
    for lineno, line in enumerate(read_text(name).splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PatternError(f"patterns/{name}:{lineno}: invalid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise PatternError(f"patterns/{name}:{lineno}: expected an object")
        yield lineno, obj


def read_json(name: str) -> Any:
    try:
        return json.loads(read_text(name))
    except json.JSONDecodeError as exc:
        raise PatternError(f"patterns/{name}: invalid JSON ({exc.msg})") from exc
