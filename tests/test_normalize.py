from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import normalize, normalize_surface


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１３．６％", "13.6%"),
        ("SHR-1210-Ⅲ-310", "SHR-1210-III-310"),
        ("Ⅺ期", "XI期"),
        ("3～4个月", "3~4个月"),
        ("0.51–0.74", "0.51-0.74"),
        ("0.51—0.74", "0.51-0.74"),
        ("HR 0.66 (95% CI 0.51−0.74)", "HR 0.66 (95% CI 0.51-0.74)"),
        ("≥3级", ">=3级"),
        ("P≤0.05", "P<=0.05"),
        ("a\u00a0b\u2009c", "a b c"),
        ("ab\u200bc\ufeff", "abc"),
        ("⼀线治疗", "一线治疗"),  # Kangxi radical ONE
        ("个⽉", "个月"),  # Kangxi radical MOON
        ("$P=0.039$", "P=0.039"),
        ("$\\text{TCF-}\\beta$", "TCF-β"),
        ("\\text{TCF-}\\beta", "TCF-β"),
        ("侖伐替尼", "仑伐替尼"),
        ("中位總生存期13.6個月", "中位总生存期13.6个月"),
        ("（mOS：13.6个月）", "(mOS:13.6个月)"),
        ("plain ASCII stays", "plain ASCII stays"),
        ("研究^[12-13]显示", "研究^[12-13]显示"),
    ],
)
def test_normalized_text(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_supplement_radicals_map_to_ideographs() -> None:
    # ⻉ (CJK RADICAL C-SIMPLIFIED SHELL) and ⻅ are how review_2col.pdf prints 贝 and 见.
    assert normalize_surface("⻉伐珠单抗") == "贝伐珠单抗"
    assert normalize_surface("意⻅") == "意见"


def test_offsets_map_back_to_surface() -> None:
    raw = "ORR：１３．６％，SHR-1210-Ⅲ-310研究；$P=0.039$"
    view = normalize(raw)
    i = view.text.index("13.6%")
    s, e = view.to_orig(i, i + len("13.6%"))
    assert raw[s:e] == "１３．６％"
    i = view.text.index("III")
    s, e = view.to_orig(i, i + 3)
    assert raw[s:e] == "Ⅲ"
    i = view.text.index("P=0.039")
    s, e = view.to_orig(i, i + 7)
    assert raw[s:e] == "P=0.039"
    # and the inverse covers the same span
    assert view.to_norm(s, e) == (i, i + 7)


def test_partial_roman_numeral_maps_to_whole_character() -> None:
    view = normalize("Ⅲ期")
    assert view.text == "III期"
    assert view.to_orig(1, 2) == (0, 1)


def test_numeral_symbol_glued_to_a_word_stays_a_word() -> None:
    """"PERTAINⅡ期研究": the symbol ends the trial's name; read as "II" it must not run into it."""
    raw = "PERTAINⅡ期研究, KEYNOTE-189Ⅲ期, 第Ⅲ期"
    view = normalize(raw)
    assert view.text == "PERTAIN II期研究, KEYNOTE-189 III期, 第III期"
    i = view.text.index("II期")
    assert raw[slice(*view.to_orig(i, i + 2))] == "Ⅱ"
    assert raw[slice(*view.to_orig(0, 7))] == "PERTAIN"


_ALPHABET = st.sampled_from(
    list("abcAB019 .-,") + list("１３．％（）：～—–−≥≤") + list("ⅢⅣⅫ⼀⽉⻉侖個總月贝") + ["\u200b", "\u00a0"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
def test_offset_map_property(raw: str, data: st.DataObject) -> None:
    """Any normalized span maps back to the original span whose normalization contains it."""
    view = normalize(raw)
    n = len(view.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = view.to_orig(start, end)
    assert 0 <= s <= e <= len(raw)
    if end > start:
        # the original span, normalized with one character of context either side, reproduces
        # the normalized span (the only context rule here: a numeral symbol glued to a Latin
        # letter or digit keeps its word boundary, "aⅢa" -> "a III a")
        assert view.text[start:end] in normalize(raw[max(0, s - 1) : e + 1]).text
        ns, ne = view.to_norm(s, e)
        assert ns <= start and ne >= end


def test_linear_time_on_hostile_input(assert_linear) -> None:  # type: ignore[no-untyped-def]
    for text in ("1" * 100_000, "药" * 1_000_000, "$" * 50_000, "\\text{" * 20_000, "Ⅲ" * 100_000,
                 "百分之" * 50_000, "七成" * 100_000, "十一点" * 50_000, "一" * 200_000 + "点二个月"):
        assert_linear(normalize, text)


def test_page_break_residue_is_joined_in_the_view_only() -> None:
    raw = "一项小样本回顾性研究纳入10例既往接受阿替利珠单抗和贝伐珠单抗及其他药物治疗后耐药进展的患者接受阿替\n\n利珠单抗治疗。\n\n3 小结\n\n综上所述。"
    view = normalize(raw)
    assert "接受阿替利珠单抗治疗" in view.text
    assert "3 小结\n\n综上所述" in view.text  # a short heading line is a real break
    i = view.text.index("阿替利珠单抗治疗")
    s, e = view.to_orig(i, i + len("阿替利珠单抗"))
    assert raw[s:e] == "阿替\n\n利珠单抗"


def test_a_long_markdown_heading_is_not_joined_to_its_paragraph() -> None:
    heading = "## 卡瑞利珠单抗联合阿帕替尼一线治疗不可切除肝细胞癌的随机对照开放标签多中心三期临床研究结果汇报"
    raw = heading + "\n\n结果：中位总生存期为22.1个月。"
    assert len(heading) >= 40
    assert heading + "\n\n结果:" in normalize(raw).text


@pytest.mark.parametrize("raw,view,number", [
    ("兩年OS率分別為七成八和六成五", "两年OS率分别为78%和65%", "七成八"),
    ("客观缓解率为百分之三十五点五。", "客观缓解率为35.5%。", "三十五点五"),
    ("中位生存期延长至十一点二个月", "中位生存期延长至11.2个月", "十一点二"),
    ("约三成患者出现皮疹", "约30%患者出现皮疹", "三成"),
])
def test_chinese_numerals_are_digits_in_the_view(raw: str, view: str, number: str) -> None:
    v = normalize(raw)
    assert v.text == view
    digits = next(re.finditer(r"\d+(?:\.\d+)?", v.text))
    start, end = v.to_orig(digits.start(), digits.end())
    assert raw[start:end] == number  # a value grounds on the numeral as written


@pytest.mark.parametrize("text", ["一线治疗", "完成治疗后", "有一点好转", "组成", "三成为", "一年总生存率"])
def test_words_with_numerals_stay_words(text: str) -> None:
    assert not any(c.isdigit() for c in normalize(text).text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 1.2中文繁體臺灣\n$x\\·１２Ⅲ百分之三十五七成八十一点二个月–—\t", max_size=60))
def test_segment_map_agrees_with_a_per_character_map(raw: str) -> None:
    """The view keeps its offset map as segments; read back one character at a time it must be a
    monotone per-character map, and to_norm must be the bisect over it (the old representation)."""
    from bisect import bisect_left

    v = normalize(raw)
    starts = [v.to_orig(i, i + 1)[0] for i in range(len(v.text))]
    ends = [v.to_orig(i, i + 1)[1] for i in range(len(v.text))]
    assert starts == sorted(starts) and all(s < e or s == e for s, e in zip(starts, ends))
    for pos in range(len(raw) + 1):
        assert v.to_norm(pos, pos)[0] == bisect_left(starts, pos)


def test_pinyin_glosses_are_no_text_in_the_view() -> None:
    # zh_104 (a page that glosses characters with pinyin): "無進(jìn)展生存期(PFS)分別為 5.3、1.6個(gè)月"
    raw = "無進(jìn)展生存期(PFS)分別為 5.3、1.6個(gè)月, 組(a), 期(II)"
    view = normalize(raw)
    assert view.text == "无进展生存期(PFS)分别为 5.3、1.6个月, 组(a), 期(II)"  # no tone mark: no gloss
    at = view.text.index("1.6")
    s, e = view.to_orig(at, at + 3)
    assert raw[s:e] == "1.6"
    from pathlib import Path

    from extractor.api import extract

    recs = extract(Path(__file__).resolve().parent.parent / "corpus" / "real" / "zh_104.txt").records
    assert {("mPFS", 5.3), ("mPFS", 1.6)} <= {(r.endpoint, r.value) for r in recs}


def test_a_count_in_chinese_numerals_is_written_in_digits_in_the_view_only():
    # zh_028: "共二百八十九名患者被隨機按一比一分配" -- written anew
    text = "共一百三十六例患者入组,其中二十八例为男性,一名患者失访。"
    view = normalize(text)
    assert "共136例患者" in view.text and "28例" in view.text
    assert "一名" in view.text  # no 十 or 百: a word, not a count
    start = view.text.index("136")
    assert text[slice(*view.to_orig(start, start + 3))] == "一百三十六"


def test_a_year_printed_as_the_letter_a():
    # zh_107, zh_088: Chinese journals print years 'a' (annus), spaced from the number as units are
    v = normalize("1 a、3 a和5 a 生存率")
    assert v.text == "1 年、3 年和5 年 生存率"
    assert v.to_orig(2, 3) == (2, 3)  # the view's 年 grounds on the printed letter
    for text in ("2a期患者", "30% a partial response", "grade 3 a fever"):  # a stage, English words
        assert normalize(text).text == text
