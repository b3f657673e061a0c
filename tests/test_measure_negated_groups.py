"""Groups defined by a drug they did not get ("不含硼替佐米组", "those without bevacizumab"):
the complement subset of a series is a label of its own, the drug-free side of the comparison
(gold/GUIDELINES.md RD562). Sentences of our own in the style of Chinese and English abstracts."""

from __future__ import annotations

import pytest

from extractor.ingest import document_from_text
from extractor.pipeline import analyze


def records(text: str):
    return [(r.endpoint, r.value, tuple(r.arm), r.arm_label, r.comparator_value)
            for r in analyze(document_from_text(text)).records]


@pytest.mark.parametrize("text,label", [
    ("诱导方案含硼替佐米组(123例)与不含硼替佐米组(21例)的中位PFS分别为31.67、15.20个月(P=0.01)。", "不含硼替佐米组"),
    ("使用贝伐珠单抗组与未使用贝伐珠单抗组的中位OS分别为20.1和15.2个月。", "未使用贝伐珠单抗组"),
    ("Median OS was 20.1 months in patients treated with bevacizumab and 15.2 months in those without "
     "bevacizumab.", "those without bevacizumab"),
])
def test_the_group_without_the_drug_is_its_own_label(text, label):
    got = records(text)
    drug_side = [g for g in got if g[0] in {"mPFS", "mOS"} and g[2]]
    free_side = [g for g in got if g[0] in {"mPFS", "mOS"} and not g[2]]
    assert len(drug_side) == 1 and len(free_side) == 1
    assert free_side[0][3] == label
    assert free_side[0][4] == drug_side[0][1]  # paired: each is the other's comparator


def test_a_drug_given_with_or_without_is_no_group():
    # a guard: passes before the negated-group rule too, and fails if that rule reaches 'with or without'
    got = records("其中大多数患者行R-CHOP方案(使用或者不使用利妥昔单抗)化疗,5年OS为66.9%。")
    assert not [g for g in got if g[3] and "不使用" in g[3]]


def test_circled_item_numbers_glue_to_no_count():
    got = records("①201例患者中位总生存期为69.63个月;②其中112例达完全缓解。")
    values = [g[1] for g in got]
    assert 201.0 in values and 1201.0 not in values
    assert 112.0 in values and 2112.0 not in values
