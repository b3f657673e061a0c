"""`extractor extract FILE --format json|jsonl|csv|md`: entities, records and references."""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.commands.common import add_input_arguments, add_ocr_argument, read_password


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract entities and evidence records from one file",
        description="Run the whole pipeline on one file. json: the full document result "
        "(schema: `extractor schema`); jsonl: the same on one line; csv/md: the evidence table, "
        "one row per record.",
    )
    add_input_arguments(p)
    add_ocr_argument(p)
    p.add_argument("--format", choices=("json", "jsonl", "csv", "md"), default="json", help="output format (default: json)")
    p.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 BOM (for Excel)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor import export
    from extractor.pipeline import extract

    result = extract(Path(args.file), password=read_password(args), ocr=args.ocr)
    if args.format == "json":
        out = export.to_json(result) + "\n"
    elif args.format == "jsonl":
        out = export.to_json(result, indent=None) + "\n"
    elif args.format == "csv":
        out = export.to_csv(export.table_rows([result]), bom=args.bom)
    else:
        out = export.to_markdown(export.table_rows([result]))
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        print(out, end="")
    return 0
