"""A bare survival word whose value changed ("存活期從十一個月增加到十六個月"): news prints the
median with neither 中位 nor 总, and only the change says a result is reported.
Sentences of our own in the style of Taiwan and mainland news pages."""

from __future__ import annotations

import pytest

from extractor.ingest import document_from_text
from extractor.pipeline import analyze


def records(text: str):
    doc = document_from_text(text)
    return [(r.endpoint, r.value, r.unit, r.comparator_value, r.arm_label) for r in analyze(doc).records]


def test_a_bare_survival_word_that_rose_without_from_is_a_compared_pair():
    got = records("使用標靶藥搭配化療,腫瘤縮小的反應率提高,存活期也十一個月增加到十六個月。")
    assert ("mOS", 11.0, "month", 16.0, None) in got
    assert ("mOS", 16.0, "month", 11.0, None) in got


@pytest.mark.parametrize("text,want", [
    ("第一代ALK抑制劑面世,延長存活期至28個月;", ("mOS", 28.0, "month")),
    ("手术前接受化疗的患者,存活时间从13.5个月提升到17.1个月。", ("mOS", 17.1, "month")),
])
def test_a_bare_survival_word_with_the_value_it_reached(text, want):
    assert want in [g[:3] for g in records(text)]


@pytest.mark.parametrize("text", [
    "入组标准:预计生存期至少大于12周的晚期患者。",       # eligibility: no change, no result
    "传统化疗并无生存获益,生存期仅8~10个月。",          # a bare survival word with no change
])
def test_a_bare_survival_word_without_a_change_is_no_result(text):
    assert [g for g in records(text) if g[0] == "mOS"] == []


def test_the_gain_over_the_comparison_is_no_median():
    got = records("第二代標靶藥能延長晚期肺癌患者的存活期至3年,比常規標靶藥治療多7個月。")
    assert ("mOS", 3.0, "year") in [g[:3] for g in got]
    assert not [g for g in got if g[1] == 7.0]


def test_a_from_further_back_names_the_group_and_is_no_verb_rise():
    got = records("PD-1抑制剂联合化疗的患者中,5年生存率从化疗组的8%提升到24%。")
    assert ("OS_rate", 8.0, "%", None, "化疗组") in got


def test_bare_survival_words_and_rises_stay_linear(assert_linear):
    text = "存活期也1個月" * 4000 + "增加到16個月。"  # one sentence of thousands of values
    assert_linear(records, text)
