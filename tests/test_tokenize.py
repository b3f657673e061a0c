"""Tokenizer: lexicon names stay whole, scripts split, pipelines do not share jieba state."""

from __future__ import annotations

import subprocess
import sys

import pytest

from extractor.tokenize import Segmenter, default_segmenter, make_doc, tokenize


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def test_plain_jieba_cuts_a_drug_name_and_ours_does_not():
    import jieba

    assert jieba.Tokenizer().lcut("仑伐替尼", HMM=False) != ["仑伐替尼"]
    assert default_segmenter().lcut("仑伐替尼") == ["仑伐替尼"]


@pytest.mark.parametrize("text,expected", [
    ("REFLECT研究显示仑伐替尼的疗效", ["REFLECT", "研究", "显示", "仑伐替尼", "的", "疗效"]),
    ("mOS:13.6个月vs12.3个月", ["mOS", ":", "13.6", "个月", "vs", "12.3", "个月"]),
    ("SHR-1210与CheckMate 040及PD-1单抗", ["SHR-1210", "与", "CheckMate 040", "及", "PD-1单抗"]),
    ("CA19-9升高", ["CA19-9", "升高"]),
    ("卡度尼利单抗联合乐伐替尼", ["卡度尼利单抗", "联合", "乐伐替尼"]),
    ("侖伐替尼聯合帕博利珠單抗", ["侖伐替尼", "聯合", "帕博利珠單抗"]),
    ("atezolizumab plus bevacizumab (IMbrave150)",
     ["atezolizumab", "plus", "bevacizumab", "(", "IMbrave150", ")"]),
    # Salt forms and regional class words are entity spans, so one token each (D8).
    ("口服甲磺酸阿帕替尼", ["口服", "甲磺酸阿帕替尼"]),
    ("sorafenib tosylate tablets", ["sorafenib tosylate", "tablets"]),
    ("改用標靶藥物", ["改用", "標靶藥物"]),
])
def test_tokens(text, expected):
    assert words(text) == expected


def test_spans_slice_original_text_with_fullwidth_and_breaks():
    text = "ＯＲＲ：２１％，阿替\n\n利珠单抗≥3级"
    spans = tokenize(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert "阿替\n\n利珠单抗" in [text[s:e] for s, e in spans]


def test_make_doc_round_trips_text():
    text = "IMbrave150研究中, atezolizumab  plus bevacizumab\n的mOS为19.2个月。"
    doc = make_doc(text)
    assert doc.text == text
    assert "IMbrave150" in [t.text for t in doc]


def test_two_pipelines_do_not_interfere():
    import jieba

    a = Segmenter(["泽布替尼"])
    b = Segmenter([])
    assert a.lcut("泽布替尼") == ["泽布替尼"]
    assert b.lcut("泽布替尼") != ["泽布替尼"]
    assert jieba.lcut("泽布替尼", HMM=False) != ["泽布替尼"]  # global default untouched
    assert jieba.lcut("仑伐替尼", HMM=False) != ["仑伐替尼"]


def test_import_is_lazy_and_quiet():
    code = ("import sys, extractor.tokenize, extractor.entities; "
            "assert 'jieba' not in sys.modules and 'spacy' not in sys.modules; "
            "from extractor.tokenize import tokenize; tokenize('仑伐替尼')")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "prefix dict" not in run.stderr
