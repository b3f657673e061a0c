"""``extractor export results.sqlite``: the evidence store as JSONL, CSV, a markdown table or HTML review pages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ENTITY_TABLE_COLUMNS = ("source", "label", "text", "norm", "start", "end", "section", "page", "rule", "attrs")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export a batch store as JSONL, CSV, a markdown evidence table or HTML review pages",
        description=(
            "Without --table, jsonl prints one DocumentResult per done document (exactly the "
            "schema of `extractor schema`, what `evaluate --pred` reads) and csv/md print the "
            "evidence table (one row per record). --table records|entities|documents exports "
            "that table's rows instead (JSONL rows of records/entities are the model's fields "
            "plus doc_id and source). html writes a folder (-o DIR): index.html and one review page per "
            "document (docs/view.md). Filters select records (and the documents holding one)."
        ),
    )
    p.add_argument("db", type=Path, help="a store written by `extractor batch`")
    p.add_argument("--format", choices=("jsonl", "csv", "md", "html"), default="jsonl",
                   help="output format (default: jsonl); html: a folder of review pages, given with -o")
    p.add_argument("--table", choices=("records", "entities", "documents"),
                   help="export this table's rows (default: whole documents for jsonl, records for csv/md)")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    p.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 BOM so Excel reads Chinese text")
    p.add_argument("--trial", help="only records of this trial (e.g. REACH-2; case-insensitive)")
    p.add_argument("--drug", help="only records with this drug (INN, e.g. regorafenib) in an arm or comparator")
    p.add_argument("--endpoint", help="only records of this endpoint (e.g. mOS, ORR, HR)")
    p.set_defaults(func=run)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def render(args: argparse.Namespace) -> Iterator[str]:
    """The export as chunks of text (JSONL streams; tables are built whole)."""
    from extractor import export
    from extractor.batch import BatchError, query
    from extractor.batch.store import Store
    from extractor.errors import InputError

    if not args.db.is_file():
        raise InputError(args.db, "no such store; create it with `extractor batch PATH... --db FILE`")
    if args.bom and args.format != "csv":
        raise BatchError("--bom applies to --format csv only")
    filters = query.Filters(trial=args.trial, drug=args.drug, endpoint=args.endpoint)
    table = args.table or ("records" if args.format != "jsonl" else None)
    with Store(args.db) as store:
        if table is None:
            for result in query.results(store, filters):
                yield export.to_json(result, indent=None) + "\n"
            return
        rows: list[dict[str, Any]]
        if table == "records":
            if args.format == "jsonl":
                for sha, source, rec in query.records(store, filters):
                    yield _dump({"doc_id": sha, "source": source, **rec.model_dump(mode="json")}) + "\n"
                return
            rows = list(_record_rows(store, filters))
            columns: tuple[str, ...] = export.TABLE_COLUMNS
        elif table == "entities":
            if args.format == "jsonl":
                for sha, source, ent in query.entities(store, filters):
                    yield _dump({"doc_id": sha, "source": source, **ent.model_dump(mode="json")}) + "\n"
                return
            rows = [
                {"source": source, **ent.model_dump(mode="json"), "attrs": _dump(ent.attrs) if ent.attrs else ""}
                for _, source, ent in query.entities(store, filters)
            ]
            columns = ENTITY_TABLE_COLUMNS
        else:
            docs = list(query.documents(store, filters))
            if args.format == "jsonl":
                for doc in docs:
                    yield _dump(doc) + "\n"
                return
            rows = [
                {k: ("; ".join(v) if k in ("paths", "languages") else "" if v is None else v) for k, v in d.items()}
                for d in docs
            ]
            columns = query.DOCUMENT_COLUMNS
    if args.format == "csv":
        yield export.to_csv(rows, columns=columns, bom=args.bom)
    else:
        yield export.to_markdown(rows, columns=columns)


def run(args: argparse.Namespace) -> int:
    if args.format == "html":
        return _write_html(args)
    chunks = render(args)
    first = next(chunks, "")  # raises a user error before any output file is created
    if args.output is not None:
        # newline="": the CSV writer already ends rows with \r\n, as Excel expects.
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(first)
            for chunk in chunks:
                fh.write(chunk)
    else:
        # UTF-8 whatever the locale, so a redirected export opens the same everywhere.
        out = sys.stdout.buffer
        out.write(first.encode("utf-8"))
        for chunk in chunks:
            out.write(chunk.encode("utf-8"))
        out.flush()
    return 0


def _record_rows(store: Any, filters: Any) -> Iterator[dict[str, str]]:
    """Evidence-table rows with values as printed, like `extract --format csv` gives them."""
    from extractor import export
    from extractor.batch import query

    results = {res.doc_id: res for res in query.results(store, filters)}
    for sha, source, rec in query.records(store, filters):
        res = results.get(sha)
        if res is None:
            yield export.record_row(rec, source=source)
            continue
        other = next((r for r in res.records if r.id == rec.comparator_id), None)
        yield export.record_row(
            rec,
            source=source,
            surface=res.text[rec.start : rec.end],
            comparator_surface=res.text[other.start : other.end] if other else None,
        )


def _write_html(args: argparse.Namespace) -> int:
    from extractor.batch import BatchError, query
    from extractor.batch.store import Store
    from extractor.errors import InputError
    from extractor.view.site import write_site

    if not args.db.is_file():
        raise InputError(args.db, "no such store; create it with `extractor batch PATH... --db FILE`")
    if args.output is None:
        raise BatchError("--format html writes a folder of pages; name it with -o DIR")
    if args.output.exists() and not args.output.is_dir():
        raise InputError(args.output, "--format html writes a folder, and this is a file")
    if args.table or args.bom:
        raise BatchError("--table and --bom do not apply to --format html")
    with Store(args.db) as store:
        written = write_site(store, args.output, query.Filters(trial=args.trial, drug=args.drug, endpoint=args.endpoint))
    print(f"{written} document pages -> {args.output / 'index.html'}", file=sys.stderr)
    return 0
