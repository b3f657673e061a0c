"""A batch store as a folder of review pages: ``index.html`` and ``docs/<sha256[:16]>.html``.

A folder rather than one file: every PDF brings its page images, and one file holding a
hundred PDFs would take the browser a long time to open. The links are relative, so
the folder can be copied anywhere (a USB stick) and opened with a double click. The
index lists every document (failed and unreadable ones with their reason) and the
whole evidence table with the same filters as a document's page, plus one by
document; a row opens its document's page at that record.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from html import escape
from pathlib import Path, PurePath
from typing import Any

from extractor.batch import query
from extractor.batch.store import Store
from extractor.view.page import asset, head, render_document
from extractor.view.pages import find_source, render_pages
from extractor.view.table import Row, filters_html, rows_of, table_html

DOCS = "docs"


def page_name(sha256: str) -> str:
    return f"{sha256[:16]}.html"


def _documents_table(docs: list[dict[str, Any]], linked: dict[str, str]) -> str:
    head_cells = ("Document", "Status", "Type", "Pages", "Languages", "Entities", "Records", "Path")
    body = []
    for d in docs:
        path = d["paths"][0] if d["paths"] else ""
        name = PurePath(path).name or path
        sha = d["sha256"] or ""
        if sha in linked:
            first = f'<a href="{escape(linked[sha], quote=True)}">{escape(name)}</a>'
        else:
            first = escape(name)
        status = escape(d["status"] or "")
        if d.get("error"):
            status = f'<span title="{escape(d["error"], quote=True)}">{status}: {escape(d["error"])}</span>'
        counts = [str(d[k] or 0) if d["status"] == "done" else "" for k in ("n_entities", "n_records")]
        cells = [
            first, status, escape(d["media_type"] or ""), escape(str(d["pages"] or "")),
            escape(", ".join(d["languages"])), *counts, escape("; ".join(d["paths"])),
        ]  # fmt: skip
        cls = ' class="failed"' if d["status"] != "done" else ""
        body.append("<tr>" + "".join(f"<td{cls if i == 1 else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
    return (
        '<table class="docs"><thead><tr>' + "".join(f"<th>{h}</th>" for h in head_cells)
        + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>"
    )  # fmt: skip


def _index(store_name: str, docs: list[dict[str, Any]], rows: list[Row], linked: dict[str, str]) -> str:
    done = sum(1 for d in docs if d["status"] == "done")
    summary = f"{len(docs)} documents, {done} done, {len(rows)} records"
    docs_table = _documents_table(docs, linked)  # not table.evidence: the script leaves it alone
    return (
        head(f"{store_name} — evidence review")
        + f'<body class="index"><header><h1>{escape(store_name)}</h1><div class="meta">{escape(summary)}</div></header>'
        + f'<section><h2>Documents</h2><div class="tablewrap">{docs_table}</div></section>'
        + f'<section id="evidence"><h2>Evidence</h2>{filters_html(rows, with_doc=True)}'
        + f'<div class="tablewrap">{table_html(rows, with_doc=True)}</div></section>'
        + f"<script>{asset('review.js')}</script></body></html>\n"
    )


def write_site(
    store: Store,
    out: Path,
    filters: query.Filters = query.Filters(),
    *,
    pages: bool = True,
    warn: Callable[[str], None] = lambda msg: print(f"extractor: warning: {msg}", file=sys.stderr),
) -> int:
    """Write ``out/index.html`` and one page per done document; returns the pages written."""
    docs = list(query.documents(store, filters))
    paths = {d["sha256"]: d["paths"] for d in docs if d["sha256"]}
    (out / DOCS).mkdir(parents=True, exist_ok=True)
    keep = {(sha, rec.id) for sha, _, rec in query.records(store, filters)} if filters.any else None
    rows: list[Row] = []
    linked: dict[str, str] = {}
    for result in query.results(store, filters):
        name = page_name(result.doc_id)
        href = f"{DOCS}/{name}"
        linked[result.doc_id] = href
        images, note = None, None
        if result.media_type == "application/pdf":
            if not pages:
                note = "page images left out"
            else:
                pdf = find_source(result, paths.get(result.doc_id, []))
                if pdf is None:
                    note = "page images not included: the PDF is no longer at its stored path"
                    warn(f"{result.source}: {note}")
                else:
                    try:
                        images = render_pages(pdf)
                    except Exception as exc:  # an encrypted or damaged PDF: the page is useful without images
                        note = f"page images not rendered ({type(exc).__name__}: {exc})"
                        warn(f"{pdf}: {note}")
        html = render_document(result, images=images, pages_note=note, back_link="../index.html")
        (out / DOCS / name).write_text(html, encoding="utf-8")
        for row in rows_of(result, doc=PurePath(result.source).name or result.source, href=href):
            # the filtered export's promise: only the records that pass the filters
            if keep is None or (result.doc_id, row.rid) in keep:
                # record ids are per document; the index needs them unique
                rows.append(replace(row, rid=f"{result.doc_id[:16]}-{row.rid}"))
    (out / "index.html").write_text(_index(store.path.name, docs, rows, linked), encoding="utf-8")
    return len(linked)
