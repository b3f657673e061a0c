"""The entity stage never raises, always slices its surface, and runs in linear time."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.entities import find_entities_in_text

PIECES = ["索拉非尼", "联合", "PD-1", "单抗", "替尼", "Ⅲ期", "KEYNOTE-", "CheckMate ", "040",
          "(", ")", " plus ", "和", "/", "\n\n", "阿替", "利珠单抗", "Sharp", "研究", "NCT",
          "12345678", "侖伐替尼", "ＴＫＩ", "mab", "≥", "$", "\\alpha", "vs", "+",
          "甲磺酸", " tosylate", "、", "或", ", ", "T+A", "標靶藥物", "Keytruda"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30))
def test_never_raises_and_spans_slice(parts):
    text = "".join(parts)
    for e in find_entities_in_text(text):
        assert text[e.start:e.end] == e.text
        assert 0 <= e.start < e.end <= len(text)


@pytest.mark.parametrize("text", [
    "1" * 100_000,
    ("肝癌索拉非尼ABCtinib" * 50_000)[:1_000_000],
    "联合" * 10_000,
    " plus " * 10_000,
    "vs" * 10_000,
    "KEYNOTE-" * 10_000,
    "(" * 50_000 + "索拉非尼",
    "索拉非尼联合(" * 10_000,
    "NCT0412 " * 20_000,  # wrapped registry ids that never add up
    "PD-1抑制剂和TKI和" * 10_000,  # weak links between classes look for combination cues
    "biosimilar bevacizumab biosimilar " * 10_000,
    "甲磺酸" * 50_000 + "阿帕替尼",  # salt words before a name
    "sorafenib tosylate hydrochloride " * 10_000,
    "瑞戈非尼、" * 20_000 + "和卡博替尼",  # an enumeration that never closes
    "sorafenib, (a, b) , " * 10_000 + "lenvatinib and pembrolizumab",
    "), , " * 20_000,
    "卡瑞利珠单抗联合阿帕替尼或" * 10_000,  # arms joined by 或
    "T+A STRIDE 双艾 atezo/bev " * 10_000,  # named regimens
    "JULIET2,6 " * 10_000,  # listed names with references glued on
    "NCT123456781,2,3 " * 10_000,  # ids with references glued on
    "Abcd" * 20_000 + "1,2",  # one long word before glued digits
    "MagnetisMM-3 " * 10_000 + "trial",
])
def test_hostile_input_is_linear(text, assert_linear):
    assert_linear(find_entities_in_text, text)


def test_cells_a_paragraph_each_join_in_linear_time(assert_linear) -> None:  # type: ignore[no-untyped-def]
    # the new-row test after a blank line scans the open sentence, which is bounded: many
    # one-cell paragraphs stay linear
    from extractor.measure.context import logical_sentences
    from extractor.pipeline import prepare
    from extractor.ingest import document_from_text

    def run(text: str) -> None:
        doc = document_from_text(text)
        view = prepare(doc)
        logical_sentences(doc, view.to_norm)

    assert_linear(run, "Overall survival\n\n" + "50.5%\n\nAny grade CRS\n\n13%\n\n" * 3000)
