"""PDF reader on the real two-column Chinese review (corpus/review_2col.pdf)."""

from __future__ import annotations

import difflib
import logging
import re
from pathlib import Path

import pdfplumber
import pytest

from extractor.ingest.pdf import PdfText, read_pdf

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PDF = CORPUS / "review_2col.pdf"
TXT = CORPUS / "review.txt"
HEADER = "J Clin Hepatol, Vol.40 No.2"


@pytest.fixture(scope="module")
def doc() -> PdfText:
    return read_pdf(PDF)


def _body(text: str) -> str:
    return text[text.index("原发性肝癌是全球常见") : text.index("参考文献:")]


def _comparable(text: str) -> str:
    """Drop whitespace and the markup residue both texts may carry (^ { } $ \\text)."""
    return re.sub(r"[\s^{}$]", "", text.replace("\\text", "").replace("\\beta", "β"))


def test_body_matches_review_txt(doc: PdfText) -> None:
    ours = _comparable(_body(doc.text))
    ref = _comparable(_body(TXT.read_text(encoding="utf-8")))
    ratio = difflib.SequenceMatcher(None, ref, ours, autojunk=False).ratio()
    assert ratio >= 0.98


def test_running_header_and_page_numbers_removed(doc: PdfText) -> None:
    assert HEADER not in doc.text
    assert "临床肝胆病杂志第40卷" not in doc.text
    assert not re.search(r"·\s*38\d\s*·", doc.text)


def test_every_reference_is_its_own_paragraph(doc: PdfText) -> None:
    refs = [p for p in doc.text.split("\n\n") if re.match(r"\[\d+\] ", p)]
    assert [int(re.match(r"\[(\d+)\]", p).group(1)) for p in refs] == list(range(1, 41))  # type: ignore[union-attr]
    assert refs[39].endswith("DOI: 10.1200/JCO.2021.39.15_suppl.4101.")


def test_page2_left_column_precedes_right_column(doc: PdfText) -> None:
    left_bottom = "包括经RESORCE研究证实的"
    right_top = "期HCC的雷莫芦单抗"
    assert doc.text.index(left_bottom) < doc.text.index(right_top)
    with pdfplumber.open(PDF) as pdf:
        plain = pdf.pages[1].extract_text()
    # plain extraction prints the right column's first line next to the left column's heading
    assert plain.index(right_top) < plain.index(left_bottom)


@pytest.mark.parametrize(
    "snippet",
    [
        "(mOS:12.0个月vs10.1个月)",  # justified line: no spaces between CJK characters
        "(mOS:15.9个月vs14.1个月)",  # value broken across two lines
        "PD-L1抑制剂阿替利珠单抗",
        "SHR-1210-Ⅲ-310研究",  # hyphen at line end kept before a Roman numeral
        "既往靶向联合PD-1/L1抑制剂",  # "PD-" + "1/L1" across lines
        "mPFS(5.47个月 vs 3.8个月, P=0.017)",
        "IMbrave150研究^[12-13]首次证明",
        "张天奇^{1,2}, 曹钰哲^{1,2}",
        "13.8个月^[32]。替雷利珠单抗",  # superscript at the start of a line joins the previous
    ],
)
def test_text_snippets(doc: PdfText, snippet: str) -> None:
    assert snippet in doc.text


@pytest.mark.parametrize(
    "heading",
    ["1 肝癌系统治疗一线用药方案", "2 肝癌系统治疗二线用药方案研究进展", "2.1 基于靶向治疗的单药或联合方案", "3 小结", "参考文献:"],
)
def test_headings_start_a_paragraph(doc: PdfText, heading: str) -> None:
    assert f"\n\n{heading}" in doc.text


def test_cjk_radicals_repaired(doc: PdfText) -> None:
    assert not re.search(r"[\u2e80-\u2eff\u2f00-\u2fdf]", doc.text)
    assert "贝伐珠单抗" in doc.text and "意见" in doc.text


def test_layout_is_parallel_and_grounded(doc: PdfText) -> None:
    assert len(doc.layout.page) == len(doc.layout.box) == len(doc.text)
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5]
    for p in doc.pages:
        assert all(doc.layout.page[i] == p.number for i in range(p.start, p.end))
    start = doc.text.index("REFLECT研究")
    page, box = doc.layout.locate(start, start + len("REFLECT"))
    assert page == 2 and box is not None
    # left column of page 2, on the line at top 142-154 pt
    assert 45 <= box[0] < box[2] < 290 and 140 < box[1] < 156
    assert "\n" not in doc.text.replace("\n\n", "")


def test_pdfminer_warnings_do_not_reach_stderr(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    before = logging.getLogger("pdfminer").level
    with caplog.at_level(logging.WARNING):
        read_pdf(PDF)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "FontBBox" not in capfd.readouterr().err
    assert logging.getLogger("pdfminer").level == before
