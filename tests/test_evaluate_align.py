import time

import pytest

from extractor.evaluate.align import align, comparison_form

GOLD = (
    "瑞戈非尼的mOS为10.6个月^[12-13]。\n\n"
    "In REFLECT, lenvatinib achieved an ORR of 24.1%.\n\n"
    "雷莫西尤单抗用于AFP≥400 ng/mL的患者。贝伐珠单抗\n"
)


def span(text: str, surface: str) -> tuple[int, int]:
    i = text.index(surface)
    return i, i + len(surface)


def test_comparison_form_drops_space_and_markup_and_folds_look_alike_chars() -> None:
    s, starts, ends = comparison_form("10.6 个⽉^[12] ⻉伐")
    assert s == "10.6个月12贝伐"
    assert (starts[s.index("月")], ends[s.index("月")]) == (6, 7)  # "⽉" (U+2F49) at offset 6
    assert starts[s.index("贝")] == 13  # "⻉" (U+2EC9, a radical NFKC leaves alone)


# What a PDF reader produces: hard line breaks, spaces between CJK chars, Kangxi radicals.
PDF = (
    "瑞戈 非尼的mOS为10.6个\n⽉^{12-13}。\n"
    "In REFLECT, lenvatinib achieved an ORR of 24.1 %.\n"
    "雷莫西尤单抗用于AFP ≥ 400 ng / mL的患者。⻉伐珠单抗"
)


@pytest.mark.parametrize(
    ("pdf_surface", "gold_surface"),
    [
        ("瑞戈 非尼", "瑞戈非尼"),
        ("10.6", "10.6"),
        ("10.6个\n⽉", "10.6个月"),
        ("REFLECT", "REFLECT"),
        ("lenvatinib", "lenvatinib"),
        ("24.1 %", "24.1%"),
        ("雷莫西尤单抗", "雷莫西尤单抗"),
        ("⻉伐珠单抗", "贝伐珠单抗"),
        ("AFP ≥ 400", "AFP≥400"),
    ],
)
def test_inserted_whitespace_and_line_breaks(pdf_surface: str, gold_surface: str) -> None:
    a = align(PDF, GOLD)
    assert a.map_span(*span(PDF, pdf_surface)) == span(GOLD, gold_surface)


def test_dropped_paragraph_leaves_the_rest_mapped() -> None:
    drugs = ["瑞戈非尼", "卡博替尼", "雷莫西尤单抗", "帕博利珠单抗", "纳武利尤单抗", "阿帕替尼", "仑伐替尼"]
    paragraphs = [f"第{i}段：索拉非尼治疗后进展的患者接受{d}，中位生存期为{i}.5个月。" for i, d in enumerate(drugs, 1)]
    gold = "\n\n".join(paragraphs)
    pdf = "\n".join(p for i, p in enumerate(paragraphs) if i != 3)  # paragraph 4 lost
    a = align(pdf, gold)
    for i in (0, 2, 4, 6):
        s = pdf.index(f"{i + 1}.5个月")
        g = gold.index(f"{i + 1}.5个月")
        assert a.map_span(s, s + 3) == (g, g + 3)
    assert a.coverage == pytest.approx(6 / 7, abs=0.02)


def test_unmappable_span_collapses_to_an_empty_span() -> None:
    gold = "索拉非尼治疗后进展。"
    pdf = "索拉非尼治疗后进展。临床肝胆病杂志第40卷"  # a running head the gold does not have
    a = align(pdf, gold)
    s, e = span(pdf, "杂志")
    start, end = a.map_span(s, e)
    assert start == end


def test_alignment_is_fast_on_a_long_text() -> None:
    sentence = "第{}项研究中，瑞戈非尼组的中位总生存期为{}.{}个月，安慰剂组为7.8个月。\n"
    gold = "".join(sentence.format(i, 10 + i % 7, i % 10) for i in range(600))  # ~27k chars
    pdf = gold.replace("\n", "\n\n").replace("，", " ， ")
    t0 = time.process_time()
    a = align(pdf, gold)
    assert time.process_time() - t0 < 5.0  # generous: ~0.1 s here, difflib alone takes seconds
    assert a.coverage > 0.99


def test_every_gold_span_of_the_review_maps_back_from_a_pdf_like_rendering(review_text: str) -> None:
    from pathlib import Path

    from extractor.models import GoldDocument

    gold_file = Path(__file__).resolve().parent.parent / "gold" / "review.gold.jsonl"
    if not gold_file.is_file():
        pytest.skip("gold/review.gold.jsonl not present")
    gold = GoldDocument.model_validate_json(gold_file.read_text(encoding="utf-8").splitlines()[0])
    # Hard line breaks every 37 chars and Kangxi "⽉" for "月", as a PDF reader would emit.
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(review_text):
        if i and i % 37 == 0:
            out.append("\n")
        where.append(len(out))
        out.append("⽉" if ch == "月" else ch)
    pdf = "".join(out)
    t0 = time.process_time()
    a = align(pdf, review_text)
    assert time.process_time() - t0 < 5.0
    assert a.coverage > 0.999
    for e in gold.spans:
        assert a.map_span(where[e.start], where[e.end - 1] + 1) == (e.start, e.end), e.text
