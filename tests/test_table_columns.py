"""The named adverse event and the OCR confidence in the human-facing tables: CSV, markdown,
the terminal table and the review page (the OCR side on a scanned page: tests/test_ocr_scan.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from extractor import export
from extractor.formats import terminal
from extractor.models import DocumentResult
from extractor.pipeline import extract
from extractor.view.table import rows_of, table_html

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"
# The columns as they were before event and ocr_confidence: scripts read them by position.
OLD_HEADER = ("source,trial,arm,endpoint,value,unit,timepoint,comparator,comparator_value,criterion,ci,p,n,"
              "line,population,citation,doi,page,article,quote,rule")  # fmt: skip


@pytest.fixture(scope="module")
def en_047() -> DocumentResult:
    return extract(REAL / "en_047.txt")  # NAPOLI-3: grade 3-4 diarrhea, nausea, anemia … per arm


@pytest.fixture(scope="module")
def zh_018() -> DocumentResult:
    return extract(REAL / "zh_018.txt")  # 4级恶心呕吐 per arm


@pytest.fixture(scope="module")
def zh_015() -> DocumentResult:
    return extract(REAL / "zh_015.txt")  # efficacy only: no adverse event named


def _csv(result: DocumentResult) -> list[dict[str, str]]:
    text = export.to_csv(export.table_rows([result]))
    assert text.startswith(OLD_HEADER + ",event,ocr_confidence\r\n")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_names_the_adverse_event(en_047: DocumentResult, zh_018: DocumentResult) -> None:
    rows = _csv(en_047)
    diarrhea = next(r for r in rows if r["value"] == "20.3")
    assert (diarrhea["endpoint"], diarrhea["event"], diarrhea["unit"]) == ("AE_rate", "diarrhea", "% (grade 3-4)")
    assert {r["event"] for r in rows if r["endpoint"] == "AE_rate"} >= {"diarrhea", "nausea", "anemia"}
    assert all(r["event"] == "" for r in rows if r["endpoint"] in ("mOS", "mPFS", "n_patients"))
    assert all(r["ocr_confidence"] == "" for r in rows)  # a text file: nothing was read by OCR
    assert {r["event"] for r in _csv(zh_018) if r["endpoint"] == "AE_rate"} == {"恶心呕吐"}


def test_markdown_has_the_columns_at_the_end(en_047: DocumentResult) -> None:
    lines = export.to_markdown(export.table_rows([en_047])).splitlines()
    assert lines[0].endswith("| quote | rule | event | ocr_confidence |")
    row = next(line for line in lines if "| AE_rate | 20.3 |" in line)
    assert row.endswith("| diarrhea |  |")


def test_terminal_shows_the_event_only_where_one_is_named(en_047: DocumentResult, zh_015: DocumentResult) -> None:
    lines = terminal.render(en_047, columns=120).splitlines()
    header = lines[1].split()
    assert header[header.index("endpoint") + 1] == "event" and "OCR" not in header
    row = next(line for line in lines[3:] if " 20.3 " in line)
    assert row.split()[row.split().index("AE_rate") + 1] == "diarrhea"
    mos = next(line for line in lines[3:] if " 11.1 " in line)
    assert "diarrhea" not in mos and "AE_rate" not in mos
    assert all(terminal.width(line) <= 120 for line in lines)
    # no record names an event: the column takes no space
    header = terminal.render(zh_015, columns=120).splitlines()[1].split()
    assert "event" not in header and "OCR" not in header and "endpoint" in header


def test_review_page_has_the_event_column_only_where_one_is_named(en_047: DocumentResult, zh_015: DocumentResult) -> None:
    rows = rows_of(en_047)
    html = table_html(rows)
    assert '<th class="h-event">Adverse event</th>' in html and "h-ocr_confidence" not in html
    cells = html.split("<tr")
    row = next(tr for tr in cells if '<td class="c-value">20.3</td>' in tr)
    assert '<td class="c-event">diarrhea</td>' in row
    assert html.count('<td class="c-event">') == len(en_047.records)
    html = table_html(rows_of(zh_015))
    assert "h-event" not in html and "c-event" not in html and "h-ocr_confidence" not in html


def test_index_table_keeps_a_column_one_document_fills(en_047: DocumentResult, zh_015: DocumentResult) -> None:
    rows = rows_of(zh_015, doc="zh_015") + rows_of(en_047, doc="en_047")
    html = table_html(rows, with_doc=True)
    assert html.count('<td class="c-event">') == len(zh_015.records) + len(en_047.records)


@pytest.mark.parametrize(
    ("value", "printed"),
    [(None, ""), (0.8996, "0.899"), (0.9, "0.900"), (0.57, "0.570"), (1.0, "1.000"), (0.93412, "0.934")],
)
def test_ocr_confidence_is_cut_not_rounded(value: float | None, printed: str) -> None:
    # under the 0.9 that warnings name, a line never prints as 0.900
    assert export.ocr_confidence(value) == printed


def test_review_page_marks_a_record_under_the_ocr_warning_line(zh_015: DocumentResult) -> None:
    # as if the page were scanned: one record under its lines' 0.9, one above, the rest text
    records = [r.model_copy() for r in zh_015.records]
    records[0].ocr_confidence, records[1].ocr_confidence = 0.8996, 0.97
    html = table_html(rows_of(zh_015.model_copy(update={"records": records})))
    assert '<th class="h-ocr_confidence">OCR</th>' in html
    assert html.count('<span class="low"') == 1
    assert '<td class="c-ocr_confidence"><span class="low" title="OCR line confidence under 0.9">0.899</span></td>' in html
    assert '<td class="c-ocr_confidence">0.970</td>' in html
    assert html.count('<td class="c-ocr_confidence"></td>') == len(records) - 2
