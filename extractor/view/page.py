"""One document's review page: marked text, page images with boxes, evidence table.

Everything the page needs is inline (style, script, images as data URIs), so the
file works offline and from a USB stick. Every piece of document text is escaped:
the documents are untrusted input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from importlib import resources
from pathlib import PurePath

from extractor.models import DocumentResult
from extractor.view.marks import LABEL_CLASS, LABEL_NAME, marked_text
from extractor.view.pages import PageImage, pages_html
from extractor.view.table import filters_html, rows_of, table_html


def asset(name: str) -> str:
    return resources.files("extractor.view").joinpath(name).read_text(encoding="utf-8")


def text_lang(result: DocumentResult) -> str:
    """``zh-CN`` when any sentence is Chinese or mixed: the browser then picks CJK glyph forms."""
    if any(s.lang in ("zh", "mixed") for s in result.sentences):
        return "zh-CN"
    if not result.sentences and any("\u4e00" <= ch <= "\u9fff" for ch in result.text[:2000]):
        return "zh-CN"
    return "en"


def head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # the page loads nothing: no network, no inline event handlers needed
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{asset('review.css')}</style></head>"
    )


def legend(result: DocumentResult) -> str:
    counts = Counter(e.label for e in result.entities)
    items = []
    for label, cls in LABEL_CLASS.items():
        items.append(
            f'<label><input type="checkbox" value="{cls}" checked> '
            f'<span class="chip" style="background:var(--{cls});border-color:var(--{cls}-line)">'
            f"{escape(LABEL_NAME[label])}</span> {counts.get(label, 0)}</label>"
        )
    items.append(
        f'<span><mark class="n">12.3</mark> recorded numbers {len({(r.start, r.end) for r in result.records})}</span>'
    )
    return '<span class="legend">' + "".join(items) + "</span>"


def _pages_pane(result: DocumentResult, images: Sequence[PageImage] | None, note: str | None) -> str:
    if result.media_type != "application/pdf":
        return '<section id="pages" hidden></section>'
    if not images:
        return f'<section id="pages"><p class="nopages">{escape(note or "page images not rendered")}</p></section>'
    options = "".join(f'<option value="{p.number}">{p.number}</option>' for p in images)
    bar = (
        '<div class="pagebar"><button type="button" id="page-prev">&#8592;</button>'
        f'<label>page <select id="page-no">{options}</select> of {len(images)}</label>'
        '<button type="button" id="page-next">&#8594;</button>'
        '<label>zoom <select id="page-zoom"><option value="">fit</option><option value="150">150%</option>'
        '<option value="200">200%</option><option value="300">300%</option></select></label>'
        '<span class="meta">boxes: numbers (red), entities (label colours); click a box</span></div>'
    )
    return f'<section id="pages">{bar}<div class="page-view">{pages_html(result, images)}</div></section>'


def render_document(
    result: DocumentResult,
    *,
    images: Sequence[PageImage] | None = None,
    pages_note: str | None = None,
    back_link: str | None = None,
) -> str:
    """The whole review page of ``result`` as one HTML string.

    ``images``: the PDF's rendered pages (``extractor.view.pages.render_pages``), or
    None with ``pages_note`` saying why they are missing.
    """
    name = PurePath(result.source).name or result.source
    rows = rows_of(result)
    meta = [
        escape(result.media_type),
        f"{len(result.pages)} page{'s' if len(result.pages) != 1 else ''}" if result.pages else "",
        f"{len(result.entities)} entities",
        f"{len(result.records)} records",
        f"sha256 {result.doc_id[:12]}",
    ]
    warnings = "".join(f'<div class="warn">{escape(w)}</div>' for w in result.warnings)
    back = f'<a href="{escape(back_link, quote=True)}">&#8592; all documents</a> · ' if back_link else ""
    header = (
        f"<header><h1>{escape(name)}</h1><div class=\"meta\">{back}"
        f"{escape(result.source)} · {' · '.join(m for m in meta if m)}{legend(result)}</div>{warnings}</header>"
    )
    text = f'<section id="text"><div class="doc-text" lang="{text_lang(result)}">{marked_text(result)}</div></section>'
    evidence = (
        f'<section id="evidence">{filters_html(rows)}<div class="tablewrap">{table_html(rows)}</div></section>'
    )
    return (
        head(f"{name} — evidence review")
        + f"<body>{header}<main>{text}{_pages_pane(result, images, pages_note)}</main>{evidence}"
        + f"<script>{asset('review.js')}</script></body></html>\n"
    )
