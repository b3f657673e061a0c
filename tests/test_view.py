"""The HTML review page without a browser: structure, grounding of every mark, page images,
escaping of hostile text, no network loads, and the `view` / `export --format html` commands."""

from __future__ import annotations

import base64
import io
import re
import sqlite3
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from extractor.cli import main
from extractor.models import DocumentResult
from extractor.normalize import normalize_surface
from extractor.pipeline import extract
from extractor.view import review_page
from extractor.view.marks import Span, nest
from extractor.view.page import render_document

ROOT = Path(__file__).resolve().parent.parent
ZH_REAL = ROOT / "corpus" / "real" / "zh_001.txt"

VOID = {"meta", "img", "input", "br", "hr", "link", "source", "wbr", "col", "area", "base", "embed", "param", "track"}


class Tree(HTMLParser):
    """Checks nesting and collects the elements the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.open_texts: list[list[str]] = []  # one text buffer per open element
        self.texts: dict[int, str] = {}  # element index -> its text content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag in VOID:
            return
        self.stack.append((tag, a | {"__index": str(len(self.elements) - 1)}))
        self.open_texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        _, a = self.stack.pop()
        text = "".join(self.open_texts.pop())
        self.texts[int(a["__index"])] = text
        if self.open_texts:
            self.open_texts[-1].append(text)

    def handle_data(self, data: str) -> None:
        if self.open_texts:
            self.open_texts[-1].append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def has_class(attrs: dict[str, str], cls: str) -> bool:
    return cls in attrs.get("class", "").split()


@pytest.fixture(scope="module")
def pdf_result(review_pdf_path: Path) -> DocumentResult:
    return extract(review_pdf_path)


@pytest.fixture(scope="module")
def pdf_html(pdf_result: DocumentResult, review_pdf_path: Path) -> str:
    return review_page(pdf_result, pdf=review_pdf_path)


@pytest.fixture(scope="module")
def zh_result() -> DocumentResult:
    return extract(ZH_REAL)


def number_marks(tree: Tree) -> dict[str, str]:
    """record id -> text of the number mark that carries it."""
    out = {}
    for i, (tag, a) in enumerate(tree.elements):
        if tag == "mark" and "data-rids" in a:
            for rid in a["data-rids"].split():
                out[rid] = tree.texts[i]
    return out


def as_number(surface: str) -> float:
    return float(normalize_surface(surface).replace(",", "").replace(" ", ""))


# -- structure and grounding ----------------------------------------------------------


@pytest.mark.parametrize("which", ["pdf", "zh"])
def test_page_is_well_formed_with_unique_ids(which: str, pdf_html: str, zh_result: DocumentResult) -> None:
    html = pdf_html if which == "pdf" else render_document(zh_result)
    assert html.startswith("<!DOCTYPE html>")
    tree = parse(html)
    assert tree.errors == []
    assert tree.stack == []
    assert len(tree.ids) == len(set(tree.ids))
    assert [t for t, _ in tree.elements].count("html") == 1


@pytest.mark.parametrize("which", ["pdf", "zh"])
def test_every_record_has_its_number_marked(which: str, pdf_result: DocumentResult, pdf_html: str, zh_result: DocumentResult) -> None:
    result, html = (pdf_result, pdf_html) if which == "pdf" else (zh_result, render_document(zh_result))
    assert len(result.records) >= 30
    marks = number_marks(parse(html))
    for rec in result.records:
        assert marks[rec.id] == result.text[rec.start : rec.end]
        assert as_number(marks[rec.id]) == rec.value, rec.id


def test_entities_are_marked_with_their_label(pdf_result: DocumentResult, pdf_html: str) -> None:
    tree = parse(pdf_html)
    marked: dict[str, list[str]] = {}
    for i, (tag, a) in enumerate(tree.elements):
        if tag == "mark" and has_class(a, "e"):
            label = a["class"].split()[1]
            marked.setdefault(label, []).append(tree.texts[i])
    by_label = {"drug": "DRUG", "drug-class": "DRUG_CLASS", "regimen": "REGIMEN", "trial": "TRIAL"}
    for cls, label in by_label.items():
        # entities inside a regimen are nested marks, never lost or merged
        assert sorted(marked[cls]) == sorted(e.text for e in pdf_result.entities if e.label == label)


def test_sentences_wrap_the_text_and_the_text_is_unchanged(zh_result: DocumentResult) -> None:
    tree = parse(render_document(zh_result))
    doc_text = next(tree.texts[i] for i, (t, a) in enumerate(tree.elements) if has_class(a, "doc-text"))
    assert doc_text == zh_result.text
    sentences = [tree.texts[i] for i, (t, a) in enumerate(tree.elements) if has_class(a, "s")]
    assert sentences == [zh_result.text[s.start : s.end] for s in zh_result.sentences]


def test_evidence_rows_carry_filters_and_doi_links(pdf_result: DocumentResult, pdf_html: str) -> None:
    tree = parse(pdf_html)
    rows = [a for t, a in tree.elements if t == "tr" and "data-rid" in a]
    assert [r["data-rid"] for r in rows] == [r.id for r in pdf_result.records]
    first = pdf_result.records[0]
    assert rows[0]["data-endpoint"] == first.endpoint == "mOS"
    assert rows[0]["data-drug"] == "sorafenib"
    refl = next(r for r in rows if r["data-trial"] == "REFLECT")
    assert set(refl["data-drug"].split("|")) == {"lenvatinib", "sorafenib"}
    links = [a["href"] for t, a in tree.elements if t == "a" and a.get("href", "").startswith("https://doi.org/")]
    # REF 6 of the review is SHARP (NEJM 2008)
    assert "https://doi.org/10.1056/nejmoa0708857" in links


# -- PDF pages ----------------------------------------------------------------------------


def test_pdf_pages_are_lazy_jpeg_images_of_the_page_size(pdf_result: DocumentResult, pdf_html: str) -> None:
    tree = parse(pdf_html)
    imgs = [a for t, a in tree.elements if t == "img"]
    assert len(imgs) == len(pdf_result.pages) == 5
    for a, page in zip(imgs, pdf_result.pages, strict=True):
        assert "src" not in a  # decoded only when shown
        assert a["data-src"].startswith("data:image/jpeg;base64,")
        image = Image.open(io.BytesIO(base64.b64decode(a["data-src"].split(",", 1)[1])))
        assert image.format == "JPEG"
        assert abs(image.width - page.width * 1.5) <= 1 and abs(image.height - page.height * 1.5) <= 1


def test_every_located_record_has_a_box_on_its_page(pdf_result: DocumentResult, pdf_html: str) -> None:
    pages = re.findall(r'<div class="pg" data-n="(\d+)" hidden>(.*?)</div>', pdf_html)
    assert len(pages) == 5
    located = [r for r in pdf_result.records if r.bbox]
    assert len(located) == len(pdf_result.records)  # the review's numbers all come with a box
    for rec in located:
        svg = dict(pages)[str(rec.page)]
        boxes = re.findall(r'<rect class="rb" data-rids="([^"]*)" x="([\d.]+)" y="([\d.]+)"', svg)
        x, y = next((float(x), float(y)) for rids, x, y in boxes if rec.id in rids.split())
        assert x == pytest.approx(rec.bbox[0] - 1, abs=0.01)
        assert y == pytest.approx(rec.bbox[1] - 1, abs=0.01)
    # viewBox in points: the overlay scales with the image
    assert f'viewBox="0 0 {pdf_result.pages[0].width:.2f} {pdf_result.pages[0].height:.2f}"' in pages[0][1]


# -- safety ---------------------------------------------------------------------------------

HOSTILE = (
    "REFLECT研究显示仑伐替尼组mOS为13.6个月 vs 索拉非尼组12.3个月。"
    '</script><script>alert("x")</script><img src=x onerror=alert(1)> <a href="javascript:alert(2)">y</a>\n'
    "In KEYNOTE-224, pembrolizumab gave an ORR of 17% <!-- comment --> & more.\n"
)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocumentResult, str]:
    path = tmp_path_factory.mktemp("hostile") / 'evil<b onmouseover="x">.txt'
    path.write_text(HOSTILE, encoding="utf-8")
    result = extract(path)
    return result, render_document(result)


def test_document_text_and_names_are_escaped(hostile_html: tuple[DocumentResult, str]) -> None:
    result, html = hostile_html
    assert len(result.records) >= 3
    assert "<script>alert" not in html and "<img src=x" not in html and "<!-- comment" not in html
    assert '<a href="javascript:' not in html and '&lt;a href="javascript:' in html
    assert "&lt;/script&gt;&lt;script&gt;alert" in html
    assert "<b onmouseover" not in html and "evil&lt;b onmouseover=&quot;x&quot;&gt;.txt" in html
    tree = parse(html)
    assert tree.errors == []
    assert [t for t, _ in tree.elements].count("script") == 1  # only the page's own
    assert number_marks(tree)  # the numbers are still marked among the hostile text


def test_no_resource_is_loaded_from_the_network(pdf_html: str) -> None:
    tree = parse(pdf_html)
    for tag, a in tree.elements:
        assert not a.get("src", "").startswith(("http:", "https:", "//")), tag
        assert tag not in ("link", "iframe", "object", "embed"), tag
        if tag == "script":
            assert "src" not in a
    # the only http(s) URLs in attributes are the DOI links a reviewer clicks (the text's own
    # URLs are text)
    urls = [(t, k, v) for t, a in tree.elements for k, v in a.items() if re.match(r"\s*(https?:)?//", v)]
    assert urls and all(t == "a" and k == "href" and v.startswith("https://doi.org/") for t, k, v in urls)
    assert "@import" not in pdf_html and "url(" not in pdf_html
    assert "default-src 'none'" in pdf_html


def test_fonts_name_cjk_fallbacks(pdf_html: str) -> None:
    for font in ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"'):
        assert font in pdf_html
    assert '<div class="doc-text" lang="zh-CN">' in pdf_html


# -- nesting -----------------------------------------------------------------------------------


def test_crossing_spans_are_split_with_the_id_on_the_first_fragment() -> None:
    text = "ab<cd>ef"
    spans = [
        Span(0, 4, 0, "span", {"class": "s", "id": "s0"}),
        Span(4, 8, 0, "span", {"class": "s", "id": "s1"}),
        Span(3, 6, 1, "mark", {"class": "e", "id": "e0"}),
        Span(5, 6, 2, "mark", {"class": "n", "id": "n0"}),
    ]
    html = nest(text, spans)
    assert html == (
        '<span class="s" id="s0">ab&lt;<mark class="e" id="e0">c</mark></span>'
        '<span class="s" id="s1"><mark class="e">d<mark class="n" id="n0">&gt;</mark></mark>ef</span>'
    )
    tree = parse(html)
    assert tree.errors == [] and tree.ids.count("e0") == 1
    assert unescape(re.sub(r"<[^>]+>", "", html)) == text


def test_spans_outside_the_text_are_dropped() -> None:
    assert nest("abc", [Span(2, 9, 1, "mark"), Span(1, 1, 1, "mark")]) == "abc"


# -- commands ------------------------------------------------------------------------------------


def test_view_command_writes_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "zh.html"
    assert main(["view", str(ZH_REAL), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "帕博利珠单抗" in html and 'class="e drug"' in html
    assert 'id="pages" hidden' in html  # a text source has no page pane


def test_view_default_output_and_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["view", str(ZH_REAL)]) == 0
    assert (tmp_path / "zh_001.html").is_file()
    assert "zh_001.html" in capsys.readouterr().err
    assert main(["view", str(ZH_REAL), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_view_of_a_json_result_finds_its_pdf(tmp_path: Path, review_pdf_path: Path, pdf_result: DocumentResult, capsys: pytest.CaptureFixture[str]) -> None:
    res = tmp_path / "r.json"
    res.write_text(pdf_result.model_dump_json(), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["view", str(res), "-o", str(out), "--pdf", str(review_pdf_path)]) == 0
    assert out.read_text(encoding="utf-8").count('data-src="data:image/jpeg') == 5
    assert main(["view", str(res), "-o", str(out), "--pdf", str(ZH_REAL)]) == 2
    assert "not the PDF this result came from" in capsys.readouterr().err
    assert main(["view", str(res), "-o", str(out), "--no-pages"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "data:image" not in html and "page images left out" in html


def test_view_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["view", str(tmp_path / "missing.pdf"), "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.pdf" in err and "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"x": 1}', encoding="utf-8")
    assert main(["view", str(bad)]) == 2
    assert "not a result of `extractor extract --format json`" in capsys.readouterr().err


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, review_pdf_path: Path) -> Path:
    base = tmp_path_factory.mktemp("store")
    broken = base / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    db = base / "s.sqlite"
    code = main(["batch", str(review_pdf_path), str(ZH_REAL), str(broken), "--db", str(db), "--workers", "0", "--quiet"])
    assert code == 1  # the broken file failed, the others are done
    return db


def test_export_html_writes_an_index_and_a_page_per_document(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["export", str(store), "--format", "html", "-o", str(out)]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    tree = parse(index)
    assert tree.errors == []
    links = [a["href"] for t, a in tree.elements if t == "a" and a.get("href", "").startswith("docs/")]
    pages = {h.split("#")[0] for h in links}
    assert len(pages) == 2 and all((out / p).is_file() for p in pages)
    with sqlite3.connect(store) as conn:
        n_records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    rows = [a for t, a in tree.elements if t == "tr" and "data-rid" in a]
    assert len(rows) == n_records
    assert len({r["data-rid"] for r in rows}) == n_records  # unique across documents
    assert "broken.pdf" in index and 'class="failed"' in index  # listed with its reason, no page
    pdf_page = next(p for p in pages if "data:image/jpeg" in (out / p).read_text(encoding="utf-8"))
    assert '<a href="../index.html">' in (out / pdf_page).read_text(encoding="utf-8")


def test_export_html_filters_records(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["export", str(store), "--format", "html", "-o", str(out), "--endpoint", "ORR"]) == 0
    rows = [a for t, a in parse((out / "index.html").read_text(encoding="utf-8")).elements if t == "tr" and "data-rid" in a]
    assert rows and {r["data-endpoint"] for r in rows} == {"ORR"}


def test_export_html_needs_a_folder(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(store), "--format", "html"]) == 2
    assert "-o DIR" in capsys.readouterr().err
    f = tmp_path / "file.html"
    f.write_text("x", encoding="utf-8")
    assert main(["export", str(store), "--format", "html", "-o", str(f)]) == 2


def test_export_html_without_the_pdf_says_so(tmp_path: Path, review_pdf_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "moved.pdf"
    copy.write_bytes(review_pdf_path.read_bytes())
    db = tmp_path / "s.sqlite"
    assert main(["batch", str(copy), "--db", str(db), "--workers", "0", "--quiet"]) == 0
    copy.unlink()
    out = tmp_path / "site"
    assert main(["export", str(db), "--format", "html", "-o", str(out)]) == 0
    assert "no longer at its stored path" in capsys.readouterr().err
    page = next((out / "docs").iterdir()).read_text(encoding="utf-8")
    assert "data:image" not in page and "no longer at its stored path" in page


EN_TRIAL = (
    "In the REFLECT trial, median overall survival was 13.6 months with lenvatinib versus "
    "12.3 months with sorafenib (HR 0.92, 95% CI 0.79-1.06)."
)


def _locked_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 16, EN_TRIAL)
    pdf.set_encryption(owner_password="owner", user_password="s3cret", encryption_method=EncryptionMethod.RC4)
    pdf.output(str(path))
    return path


def test_view_of_an_encrypted_pdf_uses_the_password_for_the_pages(tmp_path: Path) -> None:
    pdf = _locked_pdf(tmp_path / "locked.pdf")
    out = tmp_path / "locked.html"
    assert main(["view", str(pdf), "--password", "s3cret", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('data-src="data:image/jpeg') == 1
    tree = parse(html)
    marks = number_marks(tree)
    assert sorted(marks.values()) == ["0.92", "12.3", "13.6"]
    # the English page's numbers have their boxes on page 1, inside the page
    boxes = re.findall(r'<rect class="rb" data-rids="[^"]*" x="([\d.]+)" y="([\d.]+)"', html)
    assert len(boxes) == 3 and all(0 < float(x) < 612 and 0 < float(y) < 792 for x, y in boxes)
    assert '<div class="doc-text" lang="en">' in html


def test_export_html_of_an_encrypted_pdf_says_why_pages_are_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = _locked_pdf(tmp_path / "locked.pdf")
    pw = tmp_path / "pw.txt"
    pw.write_text("s3cret\n", encoding="utf-8")
    db = tmp_path / "s.sqlite"
    assert main(["batch", str(pdf), "--db", str(db), "--workers", "0", "--quiet", "--password-file", str(pw)]) == 0
    out = tmp_path / "site"
    assert main(["export", str(db), "--format", "html", "-o", str(out)]) == 0
    assert "page images not rendered" in capsys.readouterr().err
    page = next((out / "docs").iterdir()).read_text(encoding="utf-8")
    assert "page images not rendered" in page and "13.6" in page
