"""The evidence table of the review pages and its filters.

Each row carries what the filters compare as data attributes (endpoint, the arm's
and comparator's drugs, trial, document), so filtering is a few lines of script
with no data model to keep in sync. Cell values are the evidence table's printed
values (``extractor.export.record_row``), so the page, the CSV and the markdown
agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from extractor.export import result_rows
from extractor.ingest.pdf.ocr import LOW_CONFIDENCE
from extractor.models import DocumentResult, Record

COLUMNS = (
    ("trial", "Trial"),
    ("arm", "Arm"),
    ("endpoint", "Endpoint"),
    ("event", "Adverse event"),
    ("value", "Value"),
    ("unit", "Unit"),
    ("comparator", "Comparator"),
    ("ci", "95% CI"),
    ("p", "P"),
    ("n", "n"),
    ("line", "Line"),
    ("citation", "Citation"),
    ("page", "Page"),
    ("ocr_confidence", "OCR"),
)
# Shown only when some row of the table has one: most documents name no adverse event
# and have no OCR page.
OPTIONAL = frozenset({"event", "ocr_confidence"})

FILTERS = (("endpoint", "Endpoint"), ("drug", "Drug"), ("trial", "Trial"))


@dataclass(frozen=True)
class Row:
    rid: str
    cells: dict[str, str]  # escaped HTML per column key
    endpoint: str
    drugs: tuple[str, ...]
    trial: str
    page: int | None
    quote: str
    doc: str = ""  # the index page: which document
    href: str = ""  # the index page: the record on its document's page


def record_drugs(rec: Record) -> tuple[str, ...]:
    """Every drug (INN or class:CODE) of the arm and the comparator, alternatives apart."""
    out: list[str] = []
    for item in [*rec.arm, *(rec.comparator or [])]:
        for alt in item.split("/"):
            if alt and alt not in out:
                out.append(alt)
    return tuple(out)


def drug_label(drug: str) -> str:
    return f"{drug[6:]} (class)" if drug.startswith("class:") else drug


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-<>[]")


def _link(doi: str, text: str) -> str:
    return (
        f'<a href="{escape(doi_url(doi), quote=True)}" target="_blank" rel="noopener noreferrer" '
        f'title="doi:{escape(doi, quote=True)}">{escape(text)}</a>'
    )


def _citation_cell(rec: Record, ref_doi: dict[int, str]) -> str:
    parts = []
    linked: set[str] = set()
    for number in rec.citations:
        doi = ref_doi.get(number)
        if doi:
            parts.append(_link(doi, f"[{number}]"))
            linked.add(doi)
        else:
            parts.append(f"[{number}]")
    parts.extend(_link(d, "doi") for d in rec.dois if d not in linked)
    return " ".join(parts)


def rows_of(result: DocumentResult, *, doc: str = "", href: str = "") -> list[Row]:
    ref_doi = {r.number: r.doi for r in result.references if r.doi}
    rows = []
    for rec, printed in result_rows(result, window=False):
        cells = {key: escape(printed.get(key, "")) for key, _ in COLUMNS}
        if printed["comparator_value"]:
            cells["comparator"] += f' <span class="cv">{escape(printed["comparator_value"])}</span>'
        if printed["timepoint"]:
            cells["endpoint"] += f' <span class="tp">@{escape(printed["timepoint"])} mo</span>'
        cells["citation"] = _citation_cell(rec, ref_doi)
        if rec.ocr_confidence is not None and rec.ocr_confidence < LOW_CONFIDENCE:
            cells["ocr_confidence"] = f'<span class="low" title="OCR line confidence under {LOW_CONFIDENCE}">' \
                f'{cells["ocr_confidence"]}</span>'
        rows.append(
            Row(
                rid=rec.id,
                cells=cells,
                endpoint=rec.endpoint,
                drugs=record_drugs(rec),
                trial=rec.trial or "",
                page=rec.page,
                quote=printed["quote"],
                doc=doc,
                href=f"{href}#{rec.id}" if href else "",
            )
        )
    return rows


def _attr(name: str, value: str) -> str:
    return f' {name}="{escape(value, quote=True)}"'


def columns_of(rows: Sequence[Row]) -> list[tuple[str, str]]:
    """The table's columns: the optional ones only where some row fills them."""
    return [(key, title) for key, title in COLUMNS if key not in OPTIONAL or any(r.cells[key] for r in rows)]


def table_html(rows: Sequence[Row], *, with_doc: bool = False) -> str:
    columns = columns_of(rows)
    head = ['<th class="h-k">#</th>'] + (['<th class="h-doc">Document</th>'] if with_doc else [])
    head += [f'<th class="h-{key}">{escape(title)}</th>' for key, title in columns]
    body = []
    for i, row in enumerate(rows, 1):
        attrs = _attr("data-rid", row.rid) + _attr("data-endpoint", row.endpoint)
        attrs += _attr("data-drug", "|".join(row.drugs)) + _attr("data-trial", row.trial)
        attrs += _attr("data-page", "" if row.page is None else str(row.page)) + _attr("title", row.quote)
        cells = [f'<td class="k">{i}</td>']
        if with_doc:
            attrs += _attr("data-doc", row.doc) + _attr("data-href", row.href)
            cells.append(f'<td class="doc"><a href="{escape(row.href, quote=True)}">{escape(row.doc)}</a></td>')
        cells += [f'<td class="c-{key}">{row.cells[key]}</td>' for key, _ in columns]
        body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    return (
        '<table class="evidence"><thead><tr>' + "".join(head) + "</tr></thead><tbody>"
        + "".join(body) + "</tbody></table>"
    )  # fmt: skip


def _options(values: Iterable[str], label: dict[str, str] | None = None) -> str:
    counts = Counter(values)
    opts = ['<option value="">all</option>']
    for value in sorted(counts, key=lambda v: (v.startswith("class:"), v.lower())):
        shown = (label or {}).get(value, value)
        opts.append(f'<option value="{escape(value, quote=True)}">{escape(shown)} ({counts[value]})</option>')
    return "".join(opts)


def filters_html(rows: Sequence[Row], *, with_doc: bool = False) -> str:
    values = {
        "endpoint": [r.endpoint for r in rows],
        "drug": [d for r in rows for d in r.drugs],
        "trial": [r.trial for r in rows if r.trial],
    }
    labels = {"drug": {d: drug_label(d) for d in values["drug"]}}
    keys = list(FILTERS) + ([("doc", "Document")] if with_doc else [])
    if with_doc:
        values["doc"] = [r.doc for r in rows]
    parts = [
        f'<label>{escape(title)} <select data-key="{key}" id="f-{key}">{_options(values[key], labels.get(key))}</select></label>'
        for key, title in keys
    ]
    parts.append('<button type="button" id="f-reset">Show all</button>')
    parts.append(f'<span id="f-count">{len(rows)} of {len(rows)} records</span>')
    return '<div class="filters">' + "".join(parts) + "</div>"
