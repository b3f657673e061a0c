"""The JSON Schema of a document result, shipped in the wheel for other tools.

``result.schema.json`` beside this file is generated from ``DocumentResult``;
``python -m extractor.schema`` rewrites it after a model change, and
``tests/test_api_schema.py`` fails while the shipped file and the model differ.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

FILE = "result.schema.json"


def build() -> dict[str, Any]:
    """The schema as the current model gives it, with its versioned ``$id``."""
    from extractor.models import SCHEMA_VERSION, DocumentResult

    schema = DocumentResult.model_json_schema()
    schema["$id"] = f"https://extractor.invalid/schema/document-result/{SCHEMA_VERSION}"
    schema["version"] = SCHEMA_VERSION
    return schema


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_text() -> str:
    """The schema file as installed with the package."""
    return resources.files("extractor.schema").joinpath(FILE).read_text(encoding="utf-8")


def load() -> dict[str, Any]:
    """The shipped schema, parsed (what a validator is given)."""
    result: dict[str, Any] = json.loads(shipped_text())
    return result
