"""``extractor export results.sqlite``: the evidence store as JSONL, CSV, a markdown table,
a spaCy DocBin, BRAT standoff files or HTML review pages."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Formats written as files of their own (binary, or one pair of files per document).
FILE_FORMATS = ("spacy", "brat")
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
            "plus doc_id and source). Filters select records (and the documents holding one). "
            "spacy writes one DocBin (-o FILE.spacy) and brat one .txt/.ann pair per document "
            "plus annotation.conf (-o DIR), each with the whole of every selected document; html "
            "writes a folder (-o DIR): index.html and one review page per document (docs/view.md)."
        ),
    )
    p.add_argument("db", type=Path, help="a store written by `extractor batch`")
    p.add_argument("--format", choices=("jsonl", "csv", "md", "html", *FILE_FORMATS), default="jsonl",
                   help="output format (default: jsonl); html, spacy and brat are written with -o")
    p.add_argument("--table", choices=("records", "entities", "documents"),
                   help="export this table's rows (default: whole documents for jsonl, records for csv/md)")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write here instead of standard output (a .spacy file for spacy, a folder for brat)")
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
    from extractor.errors import InputError

    if not args.db.is_file():
        raise InputError(args.db, "no such store; create it with `extractor batch PATH... --db FILE`")
    if args.bom and args.format != "csv":
        raise BatchError("--bom applies to --format csv only")
    table = args.table or ("records" if args.format != "jsonl" else None)
    with open_store(args.db) as store:
        drug = resolve_drug(store, args.drug, entities=table == "entities") if args.drug else None
        filters = query.Filters(trial=args.trial, drug=drug, endpoint=args.endpoint)
        if table is None:
            for result in query.results(store, filters):
                yield from export.iter_json(result, indent=None)
                yield "\n"
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


def write_files(args: argparse.Namespace) -> int:
    """--format spacy|brat: the selected documents, whole, into -o."""
    from extractor.batch import BatchError, query
    from extractor.errors import InputError

    if not args.db.is_file():
        raise InputError(args.db, "no such store; create it with `extractor batch PATH... --db FILE`")
    if args.output is None:
        what = "a .spacy file" if args.format == "spacy" else "a folder"
        raise BatchError(f"--format {args.format} writes {what}; give it with -o")
    if args.bom or args.table:
        raise BatchError(f"--format {args.format} exports whole documents; --bom and --table do not apply")
    with open_store(args.db) as store:
        drug = resolve_drug(store, args.drug) if args.drug else None
        filters = query.Filters(trial=args.trial, drug=drug, endpoint=args.endpoint)
        results = query.results(store, filters)
        if args.format == "spacy":
            from extractor.formats import docbin

            docbin.note_widened(docbin.write(results, args.output))
        else:
            from extractor.formats import brat

            brat.write_dir(results, args.output)
    return 0


def run(args: argparse.Namespace) -> int:
    from extractor.commands.common import check_output, emit

    if args.format == "html":
        return _write_html(args)
    if args.format in FILE_FORMATS:
        return write_files(args)
    check_output(args.output)
    chunks = render(args)
    first = next(chunks, "")  # raises a user error before any output file is created
    # Bytes, UTF-8 whatever the locale (a redirected export opens the same everywhere); the
    # CSV writer already ends rows with \r\n, as Excel expects.
    emit(itertools.chain([first], chunks), args.output)
    return 0


def open_store(db: Path) -> Any:
    """The store opened read-only: an export never changes it (and can read a read-only file).

    A store of an older schema is upgraded first when the file can be written.
    """
    from extractor.batch.store import Store, StoreTooOld

    try:
        return Store(db, readonly=True)
    except StoreTooOld:
        if not os.access(db, os.W_OK):
            raise
    Store(db).close()
    return Store(db, readonly=True)


def resolve_drug(store: Any, name: str, *, entities: bool = False) -> str:
    """The name ``--drug`` filters on: as given when the store has it, else its INN from the lexicon.

    Records and entities name drugs by INN; a Chinese name, brand or code ("仑伐替尼",
    "Lenvima", "E7080") is looked up among the lexicon's surfaces. A name that matches
    nothing is an error saying so, instead of an empty export.
    """
    from extractor.batch import BatchError

    sql = ("SELECT 1 FROM entities WHERE label = 'DRUG' AND norm = ? COLLATE NOCASE LIMIT 1" if entities
           else "SELECT 1 FROM record_arms WHERE drug = ? COLLATE NOCASE LIMIT 1")  # fmt: skip
    if store.conn.execute(sql, (name,)).fetchone():
        return name
    inn = lexicon_inn(name)
    if inn is None:
        raise BatchError(f"--drug {name}: no {'mention' if entities else 'record'} names this drug, and it is "
                         "not a drug name the lexicon knows (an INN, Chinese name, brand or code)")  # fmt: skip
    if inn.casefold() != name.casefold():
        print(f"extractor: --drug {name} is {inn}", file=sys.stderr)
    if not store.conn.execute(sql, (inn,)).fetchone():
        print(f"extractor: no {'mention' if entities else 'record'} of {inn} in {store.path}", file=sys.stderr)
    return inn


def lexicon_inn(name: str) -> str | None:
    """The INN of the lexicon drug one of whose names (any script, brand, code) is ``name``."""
    from extractor.lexicon import drug_surfaces, load_lexicon, surface_key

    key = surface_key(name)
    for entry in load_lexicon().drugs:
        if any(surface_key(s) == key for s, _ in drug_surfaces(entry)):
            return entry.norm
    return None


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
            quote=export.quote(res.text, rec),
        )


def _write_html(args: argparse.Namespace) -> int:
    from extractor.batch import BatchError, query
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
    with open_store(args.db) as store:
        drug = resolve_drug(store, args.drug) if args.drug else None
        written = write_site(store, args.output, query.Filters(trial=args.trial, drug=drug, endpoint=args.endpoint))
    print(f"{written} document pages -> {args.output / 'index.html'}", file=sys.stderr)
    return 0
