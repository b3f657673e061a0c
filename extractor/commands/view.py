"""`extractor view FILE -o page.html`: one self-contained HTML review page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.commands.common import add_input_arguments, read_password


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "view",
        help="write an HTML review page: the text with entities and numbers marked, the PDF pages, the evidence table",
        description="Extract FILE (or read a result written by `extractor extract --format json`) and write "
        "one self-contained HTML file (no network needed): the text with drugs, classes, regimens and trials "
        "highlighted and every recorded number marked, the evidence table with filters, and for a PDF its "
        "pages as images with the boxes of numbers and entities. See docs/view.md.",
    )
    add_input_arguments(p)
    p.add_argument("-o", "--output", metavar="PAGE.html",
                   help="where to write the page ('-' for standard output; default: FILE's name + .html in the current folder)")  # fmt: skip
    p.add_argument("--pdf", metavar="FILE",
                   help="with a JSON result: the PDF it came from, for the page images (default: the result's source)")  # fmt: skip
    p.add_argument("--no-pages", action="store_true", help="leave out the PDF page images (a smaller file)")
    p.set_defaults(func=run)


def _load(path: Path, password: str | None) -> tuple[object, Path | None]:
    """The result and the PDF to render (None for a text source)."""
    from extractor.errors import InputError
    from extractor.pipeline import extract

    if path.suffix.lower() == ".json":
        from pydantic import ValidationError

        from extractor.models import DocumentResult

        try:
            result = DocumentResult.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror})") from None
        except ValidationError as exc:
            raise InputError(path, f"not a result of `extractor extract --format json` ({exc.error_count()} errors)") from None
        return result, None
    result = extract(path, password=password)
    return result, path if result.media_type == "application/pdf" else None


def run(args: argparse.Namespace) -> int:
    from extractor.errors import InputError
    from extractor.models import DocumentResult
    from extractor.view.page import render_document
    from extractor.view.pages import find_source, render_pages

    path = Path(args.file)
    password = read_password(args)
    result, pdf = _load(path, password)
    assert isinstance(result, DocumentResult)
    note = None
    if result.media_type == "application/pdf" and not args.no_pages:
        if pdf is None:
            candidates = [args.pdf] if args.pdf else [result.source]
            pdf = find_source(result, candidates)
            if pdf is None:
                if args.pdf:
                    raise InputError(args.pdf, "not the PDF this result came from (its sha256 differs)")
                note = f"page images not included: {result.source} not found (give the PDF with --pdf)"
    elif args.no_pages:
        note = "page images left out (--no-pages)"
        pdf = None
    images = None
    if pdf is not None and not args.no_pages:
        try:
            images = render_pages(pdf, password=password)
        except Exception as exc:  # pdfium's own errors: the page is still useful without images
            note = f"page images not rendered ({type(exc).__name__}: {exc})"
            print(f"extractor: warning: {pdf}: {note}", file=sys.stderr)
    html = render_document(result, images=images, pages_note=note)
    if args.output == "-":
        sys.stdout.buffer.write(html.encode("utf-8"))
        sys.stdout.flush()
        return 0
    out = Path(args.output) if args.output else Path.cwd() / (path.stem + ".html")
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(out, f"cannot write the page ({exc.strerror})") from None
    if not args.output:
        print(f"wrote {out}", file=sys.stderr)
    return 0
