"""`extractor schema`: the JSON Schema of the document result (versioned)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of `extract --format json` output",
        description="Print the JSON Schema of the document result; its version is in "
        "the schema's $id and in every result's schema_version field. The same schema ships "
        "in the package as extractor/schema/result.schema.json.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.schema import build, dumps

    print(dumps(build()), end="")
    return 0
