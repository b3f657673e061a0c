"""`extractor ingest FILE`: the reading-order text with section markers, or the Document as JSON."""

from __future__ import annotations

import argparse
import json

from extractor.commands.common import add_input_arguments, add_ocr_argument, read_document


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ingest",
        help="print a file's reading-order text with section markers",
        description="Read a PDF, .txt or .md file and print its reading-order text, with "
        "section markers, or the whole Document (text, sections, sentences, pages) as JSON.",
    )
    add_input_arguments(p)
    add_ocr_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument(
        "--tokens",
        action="store_true",
        help="also run the tokenizer (jieba with the lexicon dictionary): text prints one sentence "
        "per line with tokens separated by ' | '; json adds token spans per sentence",
    )
    p.add_argument("--pdf-backend", choices=("pdfium", "pdfplumber"), default=None,
                   help="PDF parser: pdfium (default, fast) or pdfplumber")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.pipeline import prepare

    doc = read_document(args)
    prepare(doc)
    tokens = sentence_tokens(doc) if args.tokens else None
    if args.format == "json":
        data = doc.model_dump(mode="json", exclude={"layout"})
        if tokens is not None:
            data["tokens"] = tokens
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if tokens is not None:
        for spans in tokens:
            print(" | ".join(doc.text[s:e] for s, e in spans))
        return 0
    print(render_sections(doc))
    return 0


def sentence_tokens(doc) -> list[list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Token spans (offsets into doc.text) of every sentence."""
    from extractor.tokenize import tokenize

    out = []
    for sent in doc.sentences:
        out.append([(sent.start + s, sent.start + e) for s, e in tokenize(doc.text[sent.start : sent.end])])
    return out


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
