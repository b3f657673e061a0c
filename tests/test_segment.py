from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import document_from_text, ingest
from extractor.pipeline import prepare
from extractor.segment import detect_lang


def _sentences(text: str) -> list[str]:
    doc = document_from_text(text)
    prepare(doc)
    return [text[s.start : s.end] for s in doc.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("索拉非尼有效。仑伐替尼也有效！真的吗？", ["索拉非尼有效。", "仑伐替尼也有效！", "真的吗？"]),
        (
            "联合组的ORR(mRECIST:36.2%vs16.4%;RECIST 1.1:24.1%vs9.1%)显著优于单药组。下一句。",
            ["联合组的ORR(mRECIST:36.2%vs16.4%;RECIST 1.1:24.1%vs9.1%)显著优于单药组。", "下一句。"],
        ),
        (
            "Finn et al. reported an ORR of 27.3%. The mOS was 19.2 vs. 13.4 months. It was good.",
            ["Finn et al. reported an ORR of 27.3%.", "The mOS was 19.2 vs. 13.4 months.", "It was good."],
        ),
        ("Assessed by RECIST 1.1 criteria. No. 5 was excluded.", ["Assessed by RECIST 1.1 criteria.", "No. 5 was excluded."]),
        ("A组:NSCLC；B组:HNSCC。", ["A组:NSCLC；", "B组:HNSCC。"]),
        ("A组:NSCLC;B组:HNSCC。", ["A组:NSCLC;B组:HNSCC。"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("疗效较好^[27-28]。KEYNOTE-224研究^[29]结果显示", ["疗效较好^[27-28]。", "KEYNOTE-224研究^[29]结果显示"]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("索拉非尼成功开辟晚期HCC靶向治疗范式。", "zh"),
        ("The median OS was 19.2 months.", "en"),
        ("ZHANG Tianqi, 张天奇, Sun Yat-sen University Cancer Center", "mixed"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_review_sentences(review_txt_path: Path) -> None:
    doc = ingest(review_txt_path)
    prepare(doc)
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert "REFLECT研究^[8]显示仑伐替尼的疗效非劣效于索拉非尼(mOS:13.6个月vs12.3个月),奠定了仑伐替尼晚期HCC一线治疗地位。" in texts
    # the inline heading "2.1 ..." is not glued to the first sentence of its paragraph
    assert "2.1 基于靶向治疗的单药或联合方案" in texts
    # every reference entry is one sentence
    refs = [s for s in doc.sentences if s.section == "references"]
    assert sum(1 for s in refs if doc.text[s.start : s.end].startswith("- [")) == 40
    assert all(s.end > s.start for s in doc.sentences)
    langs = {s.lang for s in doc.sentences if s.section == "abstract_en"}
    assert langs == {"en"}


def test_page_break_residue_inside_a_sentence_does_not_split_it(review_txt_path: Path) -> None:
    doc = ingest(review_txt_path)
    prepare(doc)
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    joined = [t for t in texts if "既往接受阿替" in t]
    assert len(joined) == 1 and "利珠单抗和贝伐珠单抗(7例)" in joined[0]
    # while a heading followed by a blank line stays apart from its paragraph
    assert "1 肝癌系统治疗一线用药方案" in texts
