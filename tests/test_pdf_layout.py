"""PDF reader on layouts generated with fpdf2 (English, core fonts): columns, headers, joins.

The fixtures are drawn line by line at known positions, so the expected text is
known independently of the reader: paragraphs joined by blank lines, in order.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from fpdf import FPDF

from extractor.ingest.pdf import read_pdf

LETTER = (612.0, 792.0)
A5 = (420.0, 595.0)

WORDS = (
    "tumour response survival cohort placebo hazard ratio interval median follow-up "
    "progression toxicity dose arm trial patients regimen baseline endpoint analysis"
).split()


def paragraph(seed: int, n_words: int) -> str:
    """Deterministic English-like paragraph whose words are unique by position."""
    words = [f"{WORDS[(seed * 7 + k) % len(WORDS)]}{seed}x{k}" for k in range(n_words)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _pdf(size: tuple[float, float]) -> FPDF:
    pdf = FPDF(unit="pt", format=size)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    return pdf


def _wrap(pdf: FPDF, text: str, width: float, first_indent: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        avail = width - (first_indent if not lines else 0)
        trial = f"{cur} {word}" if cur else word
        if cur and pdf.get_string_width(trial) > avail:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    lines.append(cur)
    return lines


def flow(
    pdf: FPDF,
    paras: list[str],
    *,
    columns: list[tuple[float, float]],
    top: float,
    bottom: float,
    first_top: float,
    size: float = 10,
    pitch: float = 13,
    indent: float = 15,
    para_gap: float = 0,
    decorate: Callable[[FPDF, int], None],
) -> None:
    """Typeset paragraphs into columns, page after page, calling ``decorate`` per page."""
    page = pdf.page
    col, y = 0, first_top
    col_top = first_top  # columns on the first page start below the full-width matter
    pdf.set_font("Helvetica", size=size)
    for para in paras:
        x0, x1 = columns[col]
        for k, line in enumerate(_wrap(pdf, para, x1 - x0, indent)):
            if y > bottom:
                col += 1
                if col == len(columns):
                    pdf.add_page()
                    page += 1
                    decorate(pdf, page)
                    pdf.set_font("Helvetica", size=size)
                    col = 0
                    col_top = top
                y = col_top
                x0, x1 = columns[col]
            pdf.text(x0 + (indent if k == 0 else 0), y, line)
            y += pitch
        y += para_gap


def two_column_letter(path: Path) -> list[str]:
    """Letter, full-width title and abstract above two columns, running header and footer."""
    pdf = _pdf(LETTER)

    def decorate(pdf: FPDF, page: int) -> None:
        pdf.set_font("Helvetica", size=8)
        pdf.text(54, 36, f"Synth Oncol Lett 2025; 12({page}): {100 + page}-{110 + page}")
        pdf.text(290, 770, f"Page {page} of 3")

    pdf.add_page()
    decorate(pdf, 1)
    title = "A synthetic two column report on layout"
    pdf.set_font("Helvetica", "B", 16)
    pdf.text((612 - pdf.get_string_width(title)) / 2, 80, title)
    abstract = paragraph(99, 60)
    pdf.set_font("Helvetica", size=10)
    y = 110.0
    for line in _wrap(pdf, abstract, 504, 0):
        pdf.text(54, y, line)
        y += 13
    body = [paragraph(i, 80 + 13 * i) for i in range(8)]
    flow(pdf, body, columns=[(54, 297), (315, 558)], top=70, bottom=740, first_top=y + 20, decorate=decorate)
    assert pdf.page == 3, pdf.page  # the footer says "of 3"
    pdf.output(str(path))
    return [title, abstract, *body]


def single_column_a5(path: Path) -> list[str]:
    """A5, one column, paragraphs separated by space (no indent), other header and footer."""
    pdf = _pdf(A5)

    def decorate(pdf: FPDF, page: int) -> None:
        pdf.set_font("Helvetica", "I", 7)
        pdf.text(40, 28, "Case Report Series - internal draft")
        pdf.text(200, 580, f"- {page} -")

    pdf.add_page()
    decorate(pdf, 1)
    body = [paragraph(20 + i, 40 + 9 * i) for i in range(8)]
    flow(
        pdf, body, columns=[(40, 380)], top=50, bottom=550, first_top=50,
        indent=0, para_gap=8, pitch=12, decorate=decorate,
    )
    assert pdf.page >= 2
    pdf.output(str(path))
    return body


@pytest.fixture(scope="module")
def two_col(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("pdf") / "two_column_letter.pdf"
    return path, two_column_letter(path)


@pytest.fixture(scope="module")
def one_col(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("pdf") / "single_column_a5.pdf"
    return path, single_column_a5(path)


def test_two_columns_read_in_order_with_headers_removed(two_col: tuple[Path, list[str]]) -> None:
    path, paras = two_col
    got = read_pdf(path)
    assert got.text == "\n\n".join(paras)
    assert "Synth Oncol" not in got.text and "Page" not in got.text


def test_plain_extract_text_interleaves_the_generated_columns(two_col: tuple[Path, list[str]]) -> None:
    path, paras = two_col
    with pdfplumber.open(path) as pdf:
        plain = pdf.pages[1].extract_text()
    first_line = plain.splitlines()[1]  # line 0 is the running header
    # one printed line holds words of two different paragraphs (left and right column)
    seeds = {w.split("x")[0].rstrip(".")[-1] for w in first_line.split()}
    assert len(seeds) >= 2, first_line


def test_pages_cover_text_and_boxes_lie_on_their_page(two_col: tuple[Path, list[str]]) -> None:
    path, _ = two_col
    got = read_pdf(path)
    assert [p.number for p in got.pages] == [1, 2, 3]
    assert got.pages[0].start == 0 and got.pages[-1].end == len(got.text)
    for a, b in zip(got.pages, got.pages[1:]):
        assert a.end == b.start
    assert len(got.layout.page) == len(got.layout.box) == len(got.text)
    for i, (page, box) in enumerate(zip(got.layout.page, got.layout.box)):
        info = got.pages[page - 1]
        assert 0 <= box[0] <= box[2] <= info.width and 0 <= box[1] <= box[3] <= info.height, i
    # the title sits at the top of page 1, centred
    page, box = got.layout.locate(0, 5)
    assert page == 1 and box is not None and 60 < box[1] < 85


def test_sentence_across_columns_and_pages_is_joined(two_col: tuple[Path, list[str]]) -> None:
    path, paras = two_col
    got = read_pdf(path)
    for para in paras:
        assert para in got.text
    # some paragraph really does continue on the next page
    assert any(
        got.layout.page[got.text.index(p)] != got.layout.page[got.text.index(p) + len(p) - 1]
        for p in paras
    )


def test_single_column_a5_with_gap_paragraphs(one_col: tuple[Path, list[str]]) -> None:
    path, paras = one_col
    got = read_pdf(path)
    assert got.text == "\n\n".join(paras)
    assert got.pages[0].width == pytest.approx(420, abs=1)
    assert "Case Report" not in got.text and "- 1 -" not in got.text


def _lines_pdf(path: Path, lines: list[list[tuple[str, bool]]], *, size: float = 10) -> None:
    """One Letter page with explicit lines; runs flagged True are superscripts."""
    pdf = _pdf(LETTER)
    pdf.add_page()
    y = 100.0
    for runs in lines:
        x = 72.0
        for text, sup in runs:
            pdf.set_font("Helvetica", size=size * 0.6 if sup else size)
            pdf.text(x, y - (size * 0.35 if sup else 0), text)
            x += pdf.get_string_width(text)
        y += size * 1.3
    pdf.output(str(path))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Treatment with immuno-", "therapy was tested."], "Treatment with immunotherapy was tested."),
        (["Expression of PD-", "1 was high."], "Expression of PD-1 was high."),
        (["The SHR-1210-", "III-310 trial and anti-", "PD-1 drugs."], "The SHR-1210-III-310 trial and anti-PD-1 drugs."),
        (["Values of 12-", "15 months were seen."], "Values of 12-15 months were seen."),
        (["A sentence ends here", "and goes on."], "A sentence ends here and goes on."),
        (
            ["Registered at https://clinicaltrials.gov/ct2/show/NCT0510", "1629 in 2021."],
            "Registered at https://clinicaltrials.gov/ct2/show/NCT05101629 in 2021.",
        ),
        (["See <https://example.org/a> and", "more."], "See <https://example.org/a> and more."),
    ],
)
def test_line_joins_and_hyphens(tmp_path: Path, lines: list[str], expected: str) -> None:
    path = tmp_path / "lines.pdf"
    _lines_pdf(path, [[(line, False)] for line in lines])
    assert read_pdf(path).text == expected


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        ([("Prior studies", False), ("[3]", True), (" showed benefit.", False)], "Prior studies^[3] showed benefit."),
        ([("Smith J", False), ("1,2", True), (", Lee K", False), ("2", True)], "Smith J^{1,2}, Lee K^{2}"),
        ([("Range 10", False), ("-3", True), (" to 10", False), ("2", True)], "Range 10^{-3} to 10^{2}"),
    ],
)
def test_superscripts_become_markers(tmp_path: Path, runs: list[tuple[str, bool]], expected: str) -> None:
    path = tmp_path / "sup.pdf"
    _lines_pdf(path, [runs])
    got = read_pdf(path)
    assert got.text == expected
    caret = got.text.index("^")
    # inserted markers carry the box of their superscript run: above the line's baseline
    assert got.layout.box[caret][3] < got.layout.box[0][3]


def test_no_spurious_paragraph_inside_justified_wide_gaps(tmp_path: Path) -> None:
    """Words spread by wide gaps on a line still read as one line with single spaces."""
    path = tmp_path / "wide.pdf"
    pdf = _pdf(LETTER)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    x = 72.0
    for word in ["Median", "OS", "was", "12.0", "months"]:
        pdf.text(x, 100, word)
        x += pdf.get_string_width(word) + 9
    pdf.output(str(path))
    assert read_pdf(path).text == "Median OS was 12.0 months"


def test_generated_pdfs_do_not_warn(two_col: tuple[Path, list[str]]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_pdf(two_col[0])
