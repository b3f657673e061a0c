"""`extractor ingest FILE`: the reading-order text with section markers, or the Document as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from extractor.commands.common import add_input_arguments, read_password


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ingest",
        help="print a file's reading-order text with section markers",
        description="Read a PDF, .txt or .md file and print its reading-order text, with "
        "section markers, or the whole Document (text, sections, sentences, pages) as JSON.",
    )
    add_input_arguments(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.ingest import ingest
    from extractor.pipeline import prepare

    doc = ingest(Path(args.file), password=read_password(args))
    prepare(doc)
    if args.format == "json":
        print(json.dumps(doc.model_dump(mode="json", exclude={"layout"}), ensure_ascii=False, indent=2))
        return 0
    print(render_sections(doc))
    return 0


def render_sections(doc) -> str:  # type: ignore[no-untyped-def]
    """The text with a marker line before each section (headings show their level)."""
    starts: dict[int, list[str]] = {}
    for sec in doc.sections:
        if sec.kind == "heading":
            label = f"== heading (level {sec.level}) =="
        else:
            label = f"== {sec.kind} =="
        starts.setdefault(sec.start, []).append(label)
    out: list[str] = []
    pos = 0
    for offset in sorted(starts):
        out.append(doc.text[pos:offset])
        if out[-1] and not out[-1].endswith("\n"):
            out.append("\n")
        out.append("\n".join(starts[offset]) + "\n")
        pos = offset
    out.append(doc.text[pos:])
    header = f"# {doc.source} ({doc.media_type}"
    header += f", {len(doc.pages)} pages)" if doc.pages else f", encoding {doc.encoding})"
    return header + "\n" + "".join(out)
