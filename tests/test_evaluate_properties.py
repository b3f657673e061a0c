"""Invariants of the scorer and the alignment on generated inputs."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.evaluate.align import align
from extractor.evaluate.entities import LABELS, Mention, score_entities

mention = st.builds(
    lambda label, start, length, norm: Mention(label, start, start + length, norm),
    st.sampled_from(LABELS),
    st.integers(0, 60),
    st.integers(1, 8),
    st.sampled_from(["sorafenib", "lenvatinib", "imbrave150"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(mention, max_size=12), st.lists(mention, max_size=12))
def test_counts_add_up_and_partial_dominates_strict(gold: list[Mention], pred: list[Mention]) -> None:
    s = score_entities(gold, pred)
    for scheme in ("strict", "partial"):
        counts = s.counts[scheme]
        assert sum(c.tp + c.fn for c in counts.values()) == len(gold)
        assert sum(c.tp + c.fp for c in counts.values()) == len(pred)
    for label in LABELS:
        assert s.counts["partial"][label].tp >= s.counts["strict"][label].tp


@settings(max_examples=60, deadline=None)
@given(st.lists(mention, min_size=1, max_size=12))
def test_gold_against_itself_is_perfect(gold: list[Mention]) -> None:
    s = score_entities(gold, list(gold))
    for scheme in ("strict", "partial", "normset"):
        assert all(c.fp == 0 and c.fn == 0 for c in s.counts[scheme].values())


WORDS = ["索拉非尼", "瑞戈非尼", "mOS", "10.6", "个月", "IMbrave150", "联合", "HR", "0.63", "。"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_every_word_maps_back_through_inserted_whitespace(words: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    gold = "".join(words)
    pieces, pdf_spans, gold_pos = [], [], 0
    pos = 0
    for w in words:
        sep = rnd.choice(["", " ", "\n", "  "])
        pieces.append(sep + w)
        pos += len(sep)
        pdf_spans.append(((pos, pos + len(w)), (gold_pos, gold_pos + len(w))))
        pos += len(w)
        gold_pos += len(w)
    pdf = "".join(pieces)
    a = align(pdf, gold)
    for (ps, pe), expected in pdf_spans:
        assert a.map_span(ps, pe) == expected
