from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.ingest import document_from_text, ingest
from extractor.pipeline import prepare


def _by_kind(doc):  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for s in doc.sections:
        out.setdefault(s.kind, []).append(doc.text[s.start : s.end])
    return out


def test_review_sections(review_txt_path: Path) -> None:
    doc = ingest(review_txt_path)
    prepare(doc)
    kinds = _by_kind(doc)
    assert kinds["title"][0] == "肝癌靶向联合免疫治疗耐药后的二线治疗方案研究进展"
    assert kinds["title"][1].startswith("Research advances in second-line therapies")
    assert kinds["abstract_zh"][0].startswith("摘要: 近年来")
    assert kinds["abstract_en"][0].startswith("Abstract: In recent years")
    assert kinds["keywords_zh"][0].startswith("关键词")
    assert kinds["keywords_en"][0].startswith("Key words")
    assert kinds["body"][0].startswith("原发性肝癌是全球常见")
    headings = [(s.level, s.title) for s in doc.sections if s.kind == "heading"]
    assert headings == [
        (1, "肝癌系统治疗一线用药方案"),
        (1, "肝癌系统治疗二线用药方案研究进展"),
        (2, "基于靶向治疗的单药或联合方案"),
        (2, "不含靶向治疗的单免或双免方案"),
        (1, "小结"),
    ]
    refs = kinds["references"][0]
    assert refs.startswith("参考文献") and "[40] BAI L" in refs and "收稿日期" not in refs
    assert any(t.startswith("收稿日期") for t in kinds["back_matter"])
    # a sentence inside the body reports its section
    i = doc.text.index("REFLECT研究")
    assert doc.section_at(i) == "body"
    assert doc.section_at(doc.text.index("[12] FINN RS")) == "references"


def test_english_article_with_unnumbered_headings() -> None:
    text = (
        "Regorafenib after sorafenib in HCC\n\nAbstract: We review second-line therapy.\n\n"
        "Keywords: HCC; regorafenib\n\nIntroduction\n\nSorafenib was the first TKI approved.\n\n"
        "Results\n\nThe median OS was 10.6 months.\n\nReferences\n\n1. Bruix J, et al. Regorafenib. Lancet. 2017;389:56-66.\n"
    )
    doc = document_from_text(text)
    prepare(doc)
    kinds = _by_kind(doc)
    assert kinds["title"] == ["Regorafenib after sorafenib in HCC"]
    assert [h for h in kinds["heading"]] == ["Introduction", "Results"]
    assert doc.section_at(text.index("The median OS")) == "body"
    assert doc.section_at(text.index("Bruix")) == "references"


def test_text_without_any_markers_is_all_body() -> None:
    doc = document_from_text("索拉非尼的mOS为10.7个月。仑伐替尼为13.6个月。")
    prepare(doc)
    assert [s.kind for s in doc.sections] == ["body"]


def test_pdf_sections_match_the_text_version(review_pdf_path: Path, review_txt_path: Path) -> None:
    pdf = ingest(review_pdf_path)
    prepare(pdf)
    txt = ingest(review_txt_path)
    prepare(txt)
    heads = lambda d: [(s.level, s.title) for s in d.sections if s.kind == "heading"]  # noqa: E731
    assert heads(pdf) == heads(txt)
    kinds = _by_kind(pdf)
    assert kinds["title"][0] == "肝癌靶向联合免疫治疗耐药后的二线治疗方案研究进展"
    assert kinds["abstract_en"][0].startswith("Abstract: In recent years")
    assert kinds["references"][0].count("\n[") == 40
    assert pdf.section_at(pdf.text.index("REFLECT研究")) == "body"


def test_a_back_matter_word_among_front_lines_is_no_back_matter() -> None:
    """A journal web page lists "收稿日期" among its front lines, then the structured abstract
    ("目的: …", "结果: …"): back matter is the article's tail, so the abstract stays the body."""
    from extractor.ingest import document_from_text
    from extractor.pipeline import analyze

    text = (Path(__file__).resolve().parents[1] / "corpus" / "real" / "zh_012.txt").read_text(encoding="utf-8")
    assert "收稿日期" in text[: text.index("目的")]
    res = analyze(document_from_text(text))
    assert "back_matter" not in {s.kind for s in res.sections}
    assert ("ORR", 29.6) in {(r.endpoint, r.value) for r in res.records}


def test_a_page_counter_named_references_is_no_reference_list() -> None:
    # en_048 (a publisher page): "191 / Citations / 6 / References / 2023 / Year" above the abstract;
    # the word heads no list (prose follows), so the abstract's results are read.
    from extractor.api import extract

    result = extract(Path(__file__).resolve().parent.parent / "corpus" / "real" / "en_048.txt")
    assert any(r.endpoint == "mOS" and r.value == 28.6 for r in result.records)
    assert not any(s.kind == "references" for s in result.sections)


def test_a_reference_list_after_its_heading_is_still_one() -> None:
    from extractor.api import extract

    text = ("Results\nMedian OS was 13.6 months with sorafenib.\n\nReferences\n"
            "[1] Llovet JM, Ricci S, Mazzaferro V, et al. Sorafenib in advanced hepatocellular carcinoma. "
            "N Engl J Med. 2008;359(4):378-390.\n")
    result = extract(text)
    assert [s.kind for s in result.sections if s.kind == "references"] == ["references"]


def test_a_structured_abstract_without_an_abstract_line_is_the_abstract() -> None:
    # en_110 (J Cancer 2015): "Background: … Results: … Conclusion: …" then "Keywords:", no "Abstract"
    # line: the labels open the abstract, whose results are read (front matter is not)
    from extractor.api import extract

    root = Path(__file__).resolve().parent.parent
    result = extract(root / "corpus" / "real" / "en_110.txt")
    got = {(r.endpoint, r.value) for r in result.records}
    assert {("mOS", 10.3), ("ORR", 52.9), ("ORR", 22.2), ("mPFS", 2.4), ("mOS", 5.5), ("mOS", 5.0)} <= got
    text = ("Phase II trial of drug X in gastric cancer\nA. Author, B. Author\n"
            "目的: 评价X的疗效。\n结果: 中位OS为12.1个月。\n结论: X有效。\n关键词: 胃癌; X\nIntroduction text follows here.\n")
    doc = document_from_text(text)
    prepare(doc)
    kinds = _by_kind(doc)
    assert kinds["abstract_zh"][0].startswith("目的") and kinds["abstract_zh"][0].rstrip().endswith("X有效。")
    assert [(r.endpoint, r.value) for r in extract(text).records] == [("mOS", 12.1)]


def test_a_bracketed_abstract_label_needs_no_colon() -> None:
    # zh_162: "【摘要】 目的 探讨沙利度胺…结果 ① …有效率为69.2%…" then "【关键词】多发性骨髓瘤 …"
    from extractor.api import extract

    root = Path(__file__).resolve().parent.parent
    doc = ingest(root / "corpus" / "real" / "zh_162.txt")
    prepare(doc)
    kinds = _by_kind(doc)
    assert kinds["abstract_zh"][0].startswith("【摘要】 目的") and kinds["keywords_zh"][0].startswith("【关键词】多发性骨髓瘤")
    got = {(r.endpoint, r.value) for r in extract(root / "corpus" / "real" / "zh_162.txt").records}
    assert {("ORR", 69.2), ("ORR", 47.1), ("mOS", 42.0)} <= got
    # a plain label still needs its colon: "摘要" inside a sentence opens nothing
    doc = document_from_text("本文摘要了三项研究的结果。\n中位OS为12.1个月。\n")
    prepare(doc)
    assert "abstract_zh" not in _by_kind(doc)


def test_an_abstract_label_glued_to_its_first_heading_ends_a_front_note() -> None:
    # zh_197 (a journal's web page): "文章历史 / 收稿日期:2018-02-13" above the article, whose abstract
    # opens "摘要目的 研究…" -- the article, not back matter
    from extractor.api import extract

    text = ("中国某杂志 2019, Vol. 3\n引用本文\n王某. 某研究[J]. 中国某杂志, 2019.\n文章历史\n收稿日期:2019-01-02\n"
            "某方案治疗食管癌120例疗效观察\n"
            "摘要目的 观察某方案的疗效。方法 120例患者接受放疗。结果 全组1年、3年生存率分别为91.7%和60.8%。\n")
    result = extract(text)
    assert [(r.endpoint, r.value) for r in result.records if r.endpoint == "OS_rate"] == [("OS_rate", 91.7), ("OS_rate", 60.8)]
    assert "back_matter" not in {s.kind for s in result.sections}


def test_a_quantity_opening_a_line_is_no_numbered_heading() -> None:
    # en_242, a reviewer's card: "12 months PFS: 62% vs. 27% |" was read as heading 12 "months"
    # and the landmark was lost; a numbered heading "2 Methods" still is one
    doc = document_from_text("Efficacy\n12 months PFS: 62% vs. 27% |\n2 Methods\nWe enrolled 30 patients.\n")
    prepare(doc)
    assert [(s.kind, s.title) for s in doc.sections if s.kind == "heading"] == [("heading", "Methods")]
    # a lone "8.4 months" line (a chart's tick) is not a sentence either way
    doc = document_from_text("Median PFS\n8.4 months\n6.3 months\nCabozantinib\n")
    prepare(doc)
    assert [s.title for s in doc.sections if s.kind == "heading"] == ["months", "months"]


def test_keywords_closing_a_report_leave_its_text_in_the_body() -> None:
    # en_121 (a congress highlight): the report's paragraphs, then "Keywords: FLAURA; …" and its references;
    # with no abstract label above them, the keywords are the page's metadata, not the end of front matter
    para = ("First-line osimertinib significantly lengthened overall survival compared with first generation "
            "EGFR TKIs in patients with advanced non-small cell lung cancer harbouring EGFR mutations. ") * 6
    text = f"Highlights from ESMO 2019\n\n{para}\n\nKeywords: FLAURA; Osimertinib; Overall survival\n"
    doc = document_from_text(text)
    prepare(doc)
    assert "front_matter" not in [s.kind for s in doc.sections]
    # keywords under an abstract still close the front matter
    doc = document_from_text("Title of a paper\nAbstract: " + para + "\nKeywords: lung cancer\nIntroduction\n" + para)
    prepare(doc)
    assert "front_matter" in [s.kind for s in doc.sections]


def test_a_numbered_list_items_sentence_is_no_heading() -> None:
    # en_103's numbered key points (dev), written anew
    text = ("Key results:\n3. Median PFS was 9.9 months with drug A versus 5.1 months with drug B.\n"
            "4. Overall survival in the whole population was 23.4 months in the A group compared to 16.8 months "
            "in the B group (HR 0.64; 95% CI, 0.49-0.84).\n2) 客观缓解率为30%。")
    got = [(r.endpoint, r.value) for r in extract(text).records]
    assert got == [("mPFS", 9.9), ("mPFS", 5.1), ("mOS", 23.4), ("mOS", 16.8), ("HR", 0.64), ("ORR", 30.0)]


def test_section_at_is_the_innermost_section_as_a_walk_finds_it() -> None:
    import random

    from extractor.models import Document, Section

    rng = random.Random(7)
    kinds = ["title", "abstract_zh", "body", "heading", "references"]
    for _ in range(200):
        secs = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, 60)
            secs.append(Section(kind=rng.choice(kinds), start=a, end=a + rng.randint(0, 30)))  # type: ignore[arg-type]
        doc = Document(doc_id="x", source="x", media_type="text/plain", text="x" * 100, sections=secs)
        for off in range(0, 100):
            found = None
            for sec in secs:  # the definition: the last listed section containing the offset
                if sec.start <= off < sec.end:
                    found = "body" if sec.kind == "heading" else sec.kind
            assert doc.section_at(off) == found, (secs, off)
    doc.sections.append(Section(kind="references", start=0, end=100))  # the index follows a grown list
    assert doc.section_at(50) == "references"


def test_a_back_matter_word_above_every_paragraph_closes_no_article() -> None:
    # zh_370 (a journal's web page): the title, "收稿日期: 2023-02-03", then the abstract's paragraphs
    # with no 目的/结果 heading; back matter is an article's tail, and nothing stands above the marker
    from extractor.api import extract

    text = ("2023 , Vol. 17 >Issue 06: 340 - 346\n某指标对乳腺癌新辅助治疗疗效的影响\n收稿日期: 2023-02-03\n"
            "网络出版日期: 2024-01-05\n版权\n"
            "入组2016年至2020年确诊乳腺癌并行新辅助化疗的171例患者进行回顾性研究。中位随访时间47个月(范围2~54个月)。"
            "A组和B组的pCR率分别为6.1%和20.9%,差异有统计学意义(P=0.012)。\n")
    result = extract(text)
    assert "back_matter" not in {s.kind for s in result.sections}
    assert ("median_follow_up", 47.0) in {(r.endpoint, r.value) for r in result.records}
    # an article's own tail still is back matter
    tail = extract("某研究结果。" * 40 + "\n利益冲突声明: 无。\n收稿日期: 2023-02-03\n")
    assert "back_matter" in {s.kind for s in tail.sections}
