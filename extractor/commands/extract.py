"""`extractor extract FILE --format json|jsonl|csv|md`: entities, records and references."""

from __future__ import annotations

import argparse

from extractor.commands.common import UsageError, add_input_arguments, check_output, emit, read_document


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="extract entities and evidence records from one file",
        description="Run the whole pipeline on one file. json: the full document result "
        "(schema: `extractor schema`); jsonl: the same on one line; csv/md: the evidence table, "
        "one row per record.",
    )
    add_input_arguments(p)
    p.add_argument("--format", choices=("json", "jsonl", "csv", "md"), default="json", help="output format (default: json)")
    p.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 BOM (for Excel)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor import export
    from extractor.pipeline import analyze

    # Option and output errors first: before a long extraction, not after it.
    if args.bom and args.format != "csv":
        raise UsageError(f"--bom applies to --format csv only, not {args.format}")
    check_output(args.output)
    result = analyze(read_document(args))
    if args.format == "json":
        out = export.to_json(result) + "\n"
    elif args.format == "jsonl":
        out = export.to_json(result, indent=None) + "\n"
    elif args.format == "csv":
        out = export.to_csv(export.table_rows([result]), bom=args.bom)
    else:
        out = export.to_markdown(export.table_rows([result]))
    emit([out], args.output)
    return 0
