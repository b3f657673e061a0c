"""`extractor schema`: the JSON Schema of the document result (versioned)."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of `extract --format json` output",
        description="Print the JSON Schema of the document result; its version is in "
        "the schema's $id and in every result's schema_version field.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.models import SCHEMA_VERSION, DocumentResult

    schema = DocumentResult.model_json_schema()
    schema["$id"] = f"https://extractor.invalid/schema/document-result/{SCHEMA_VERSION}"
    schema["version"] = SCHEMA_VERSION
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0
