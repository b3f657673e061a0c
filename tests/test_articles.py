"""Files holding several articles: boundaries, per-article records, article fields.

The inputs are real published abstracts (corpus/real/) put one after the other, as an
abstract book or a literature export holds them, and the review PDF twice over.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.export import QUOTE_WINDOW, quote, table_rows, to_csv, to_json
from extractor.ingest import document_from_text
from extractor.models import DocumentResult, Record
from extractor.pipeline import analyze, extract

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
# Three English abstract pages ("Abstract" blocks: ribociclib MONALEESA-2, TOPAZ-1, an ESCC
# meta-analysis) and three Chinese abstracts ("摘要" blocks) that a file may hold in a row.
EN = ("en_009", "en_031", "en_034")
ZH = ("zh_020", "zh_013", "zh_015")
SEP = "\n\n"


def _key(r: Record, offset: int) -> tuple[object, ...]:
    return (r.endpoint, r.value, r.unit, r.start - offset, r.end - offset, tuple(r.arm), r.arm_label,
            tuple(r.comparator or ()), r.comparator_value, r.trial, r.line, r.n, tuple(r.citations), r.rule)  # fmt: skip


def _concatenated(names: tuple[str, ...], tmp_path: Path) -> tuple[Path, list[int], list[str]]:
    texts = [(REAL / f"{n}.txt").read_text(encoding="utf-8").rstrip("\n") for n in names]
    offsets, pos = [], 0
    for t in texts:
        offsets.append(pos)
        pos += len(t) + len(SEP)
    path = tmp_path / "book.txt"
    path.write_text(SEP.join(texts) + "\n", encoding="utf-8")
    return path, offsets, texts


@pytest.mark.parametrize("names", [EN, ZH], ids=["en", "zh"])
def test_each_abstract_keeps_its_own_records(tmp_path: Path, names: tuple[str, ...]) -> None:
    path, offsets, texts = _concatenated(names, tmp_path)
    book = extract(path)
    assert len(book.articles) == len(names)
    for k, (name, off, text) in enumerate(zip(names, offsets, texts, strict=True)):
        single = extract(REAL / f"{name}.txt")
        assert single.records, name
        mine = [r for r in book.records if off <= r.start < off + len(text)]
        assert {r.article for r in mine} == {k}, name
        assert [_key(r, off) for r in mine] == [_key(r, 0) for r in single.records], name
    # before, the second and third abstracts took the first one's arms and trial
    assert not [r for r in book.records if r.article > 0 and "letrozole" in r.arm and names == EN]


def test_article_titles_and_spans(tmp_path: Path) -> None:
    path, offsets, texts = _concatenated(EN, tmp_path)
    book = extract(path)
    titles = [a.title for a in book.articles]
    assert titles[0] == "Overall Survival with Ribociclib plus Letrozole in Advanced Breast Cancer"
    assert titles[1] == "Durvalumab plus Gemcitabine and Cisplatin in Advanced Biliary Tract Cancer"
    assert book.articles[0].start == 0 and book.articles[-1].end == len(book.text)
    assert all(a.end == b.start for a, b in zip(book.articles, book.articles[1:]))
    for r in book.records:
        assert r.article_title == titles[r.article]
        assert book.text[r.start : r.end] and book.articles[r.article].start <= r.start < book.articles[r.article].end
    # ids stay unique and comparator ids point at records of the same article
    by_id = {r.id: r for r in book.records}
    assert len(by_id) == len(book.records)
    for r in book.records:
        if r.comparator_id:
            assert by_id[r.comparator_id].article == r.article


def test_one_article_files_are_not_split() -> None:
    from extractor.normalize import normalize
    from extractor.sections import find_articles

    # the real texts of the dev split only: the test split is not looked at between releases
    sources = json.loads((ROOT / "gold" / "sources.json").read_text(encoding="utf-8"))
    dev = [ROOT / s["source"] for s in sources if s.get("split") == "dev"]
    assert len(dev) >= 55
    paths = [*dev, *(ROOT / "corpus" / n for n in ("review.txt", "heldout_en.md",
             "heldout_zh_news.txt", "heldout_zh_trad.txt", "heldout2_zh_review.txt"))]  # fmt: skip
    for path in paths:
        assert len(find_articles(normalize(path.read_text(encoding="utf-8")))) == 1, path
    res = analyze(document_from_text((ROOT / "corpus" / "review.txt").read_text(encoding="utf-8")))
    assert len(res.articles) == 1 and {r.article for r in res.records} == {0}
    assert res.articles[0].title == "肝癌靶向联合免疫治疗耐药后的二线治疗方案研究进展"


def test_a_lay_summary_under_the_abstract_heading_is_no_article() -> None:
    """en_111 (MDPI): "Abstract / Simple Summary / … / Abstract / Background: …" is one article; two
    abstracts of two articles still split."""
    from extractor.normalize import normalize
    from extractor.sections import find_articles

    assert len(find_articles(normalize((ROOT / "corpus" / "real" / "en_111.txt").read_text(encoding="utf-8")))) == 1
    body = " ".join(["Patients received nivolumab and the median overall survival was 12.1 months."] * 12)
    lay = "Abstract\nPlain Language Summary\n" + body + "\nAbstract\nBackground: " + body
    assert len(find_articles(normalize(lay))) == 1
    two = "Abstract\nBackground: " + body + "\nAbstract\nBackground: " + body
    assert len(find_articles(normalize(two))) == 2


def test_structured_abstracts_in_a_row_are_an_abstract_book() -> None:
    """Background … Conclusions, then Background again: three abstracts, each under its # title."""
    path = ROOT / "corpus" / "heldout2_en_abstracts.md"
    res = analyze(document_from_text(path.read_text(encoding="utf-8"), source=str(path)))
    assert [a.title for a in res.articles] == [
        line[2:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")
    ]
    names = ["LEAP-002", "EMERALD-1", "RESCUE"]
    for k, name in enumerate(names):
        trials = {r.trial for r in res.records if r.article == k}
        assert name in trials and not trials & (set(names) - {name}), (k, trials)


def test_a_pdf_of_two_articles(review_pdf_path: Path, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 builds the two-article PDF")
    src = pdfium.PdfDocument(str(review_pdf_path))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src)
    dst.import_pages(src)
    two = tmp_path / "issue.pdf"
    dst.save(str(two))
    one = extract(review_pdf_path)
    both = extract(two)
    assert len(both.articles) == 2
    assert [a.title for a in both.articles] == ["肝癌靶向联合免疫治疗耐药后的二线治疗方案研究进展"] * 2
    pages = len(one.pages)

    def key(r: Record, page_shift: int) -> tuple[object, ...]:
        return (r.endpoint, r.value, tuple(r.arm), r.trial, tuple(r.citations), tuple(r.dois), (r.page or 0) - page_shift)

    base = [key(r, 0) for r in one.records]
    assert len(base) == 82
    for k in (0, 1):
        mine = [key(r, k * pages) for r in both.records if r.article == k]
        assert mine == base, k  # before: the second copy was back matter and gave nothing
    # the second copy's citations resolve against its own reference list
    refs = [r for r in both.references if r.start >= both.articles[1].start]
    assert len(refs) == len(one.references)


def test_back_matter_beyond_a_small_size_is_warned() -> None:
    body = "Results\nMedian OS was 13.6 months with lenvatinib vs 12.3 months with sorafenib (HR 0.92).\n"
    tail = "Acknowledgements\n" + ("We thank the patients and their families. " * 100) + "\n"
    res = analyze(document_from_text(body + tail))
    assert any("back matter" in w and "not extracted" in w for w in res.warnings)
    assert not analyze(document_from_text(body + "Acknowledgements\nThanks.\n")).warnings
    # an article after a reference list that is not recognised as one is not dropped silently
    refs = "References\n1. Finn RS, et al. N Engl J Med. 2020;382:1894-905.\n"
    prose = "This paragraph follows the references and holds no reference entry at all. " * 80
    res = analyze(document_from_text(body + refs + prose))
    assert any("reference list" in w and "not extracted" in w for w in res.warnings)
    assert not analyze(document_from_text(body + refs)).warnings


def test_records_point_at_their_sentence_and_json_holds_it_once() -> None:
    text = (REAL / "en_031.txt").read_text(encoding="utf-8")
    res = analyze(document_from_text(text))
    for r in res.records:
        assert r.sentence == "" and r.sentence_start is not None and r.sentence_end is not None
        assert r.sentence_start <= r.start < r.end <= r.sentence_end
    data = json.loads(to_json(res))
    assert data["schema_version"].startswith("2.")
    assert all("sentence" not in r for r in data["records"])
    back = DocumentResult.model_validate(data)
    assert [back.sentence_of(r) for r in back.records] == [res.sentence_of(r) for r in res.records]
    # a 1.x result (a sentence copy per record) still loads and still quotes
    old = dict(data, schema_version="1.0.0")
    old["records"] = [dict(r, sentence=res.sentence_of(rr)) for r, rr in zip(data["records"], res.records)]
    for r in old["records"]:
        r.pop("sentence_start"), r.pop("sentence_end"), r.pop("article"), r.pop("article_title")
    v1 = DocumentResult.model_validate(old)
    assert [v1.sentence_of(r) for r in v1.records] == [res.sentence_of(r) for r in res.records]


def test_csv_quote_is_a_window_and_output_grows_linearly() -> None:
    """One 'sentence' of many values (a flattened table): rows must not repeat it whole."""

    def csv_size(repeats: int) -> tuple[int, int]:
        res = analyze(document_from_text("HR 0.63, 95% CI 0.50-0.79; " * repeats))
        rows = table_rows([res])
        for row in rows:
            assert len(row["quote"]) <= 2 * QUOTE_WINDOW + 40
        return len(to_csv(rows).encode("utf-8")), len(rows)

    small, n_small = csv_size(100)
    big, n_big = csv_size(400)
    assert n_big >= 4 * n_small * 0.9 and n_small >= 50
    assert big <= 4.5 * small  # a whole-sentence quote made it 16 times larger


def test_quote_marks_the_cuts() -> None:
    text = "x" * 500 + " mOS 13.6 months " + "y" * 500
    rec = Record(id="r0", endpoint="mOS", value=13.6, start=505, end=509, sentence_start=0,
                 sentence_end=len(text), rule="t")  # fmt: skip
    q = quote(text, rec)
    assert q.startswith("…") and q.endswith("…") and "13.6" in q
    assert len(q) == 2 + (509 + QUOTE_WINDOW) - (505 - QUOTE_WINDOW)


def test_schema_command_describes_version_2(capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.cli import main

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["version"].startswith("2.") and schema["$id"].endswith("/" + schema["version"])
    assert "articles" in schema["properties"]
    record = schema["$defs"]["Record"]["properties"]
    assert {"sentence_start", "sentence_end", "article", "article_title"} <= set(record)
    assert {"index", "start", "end", "title"} <= set(schema["$defs"]["Article"]["properties"])
