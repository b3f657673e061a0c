"""The record stage stays linear in the number of values (issue: robust on any input).

Each shape below once made time and memory grow with the square of its length: one "sentence"
of thousands of values (a table flattened without punctuation, an OCR dump, a list of results).
The tests bound the work itself, not wall time: the subjects the arm rules are offered (summed
over values) and the peak memory of the whole pipeline, for an input and the same input 4x.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest

from extractor.ingest import document_from_text
from extractor.measure import records as rec
from extractor.pipeline import analyze, prepare
from extractor.segment import MAX_SENTENCE

SHAPES = {
    "zh_pairs": "mOS 1个月vs ",
    "drug_values": "regorafenib mOS 10.6 months ",
    "hr_ci": "HR 0.63, 95% CI 0.50-0.79; ",
    "drug_pairs": "lenvatinib ORR 24% vs sorafenib 9%, ",
    "groups": "A组ORR为20%，B组为10%，",
    "listed": "索拉非尼和仑伐替尼的ORR分别为12%和24%，",
    "counts": "纳入12例患者，",
    "add_on": "either nivolumab 3 mg/kg plus docetaxel or placebo plus docetaxel, mOS 10.1 vs 8.2 months; ",
    "both_groups": "两组患者的中位OS分别为8.7月和6.8月，",
    "class_gloss": "PD-1抑制剂(如纳武利尤单抗)联合化疗的ORR为41%，",
    "both_received": "随机接受特瑞普利单抗或安慰剂,两组均接受吉西他滨联合顺铂,中位PFS为11.7个月,",
    "defined_control": "standard chemotherapy (n=25) consisting of docetaxel or paclitaxel ORR 12%, ",
    "timepoint_pairs": "OS rates at 12, 24, and 36 months were 77% vs 61%, 49% vs 33%, and 38% vs 25%; ",
    "these_rates": "OS rates with A were 9%, 8%, respectively; with placebo, these rates were 7%, 6%; ",
    "bracketed_arms": "ORR in the sorafenib arm (61.5%) and the lenvatinib arm (73.8%), ",
    "glued_units": "PFS was longer (7.4months vs 5.4months; HR 0.70), ",
    "rises": "median PFS rose from 12.8 months to 20.5 months and OS 从15.7个月延长至20.1个月, ",
    "rate_at": "OS was 70% at 12 months and 25% at 18 months; ",
}


def _work(text: str) -> tuple[int, int]:
    rec.Work.candidates = 0
    result = analyze(document_from_text(text))
    return rec.Work.candidates, len(result.records)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_arm_work_grows_linearly(name: str) -> None:
    small, n_small = _work(SHAPES[name] * 300)
    big, n_big = _work(SHAPES[name] * 1200)
    assert n_small > 0 and n_big >= 3.5 * n_small  # the records are found, not dropped to save work
    # linear work grows 4x; the quadratic stage it replaces grew 16x
    assert big <= 4.5 * max(small, 1), (small, big)


@pytest.mark.parametrize("name", ["zh_pairs", "drug_values", "hr_ci"])
def test_peak_memory_grows_linearly(name: str) -> None:
    peaks = []
    for reps in (400, 1600):
        doc = document_from_text(SHAPES[name] * reps)
        tracemalloc.start()
        analyze(doc)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # each record once held a copy of its whole sentence: 4x the input made 16x the memory
    assert peaks[1] <= 5.5 * peaks[0], peaks


def test_records_point_at_their_sentence() -> None:
    """Records hold their sentence's offsets, never a copy of it: memory stays linear."""
    text = "ORR " + "12% vs 5%, " * 50 + "。"
    result = analyze(document_from_text(text))
    assert len(result.records) == 100
    assert {(r.sentence, r.sentence_start, r.sentence_end) for r in result.records} == {("", 0, len(text))}
    assert result.sentence_of(result.records[0]) == text


def test_long_run_without_sentence_end_is_cut_at_a_clause() -> None:
    text = "中位总生存期为 " + "肝癌患者接受治疗，" * 2_000
    doc = document_from_text(text)
    prepare(doc)
    lengths = [s.end - s.start for s in doc.sentences]
    assert max(lengths) <= MAX_SENTENCE
    assert sum(lengths) >= len(text) - len(doc.sentences) - 1  # cut, not dropped
    for s in doc.sentences[:-1]:
        assert doc.text[s.end - 1] in "，,；; "  # cut after a clause break, not inside a word


def test_digit_run_is_cut_hard() -> None:
    doc = document_from_text("1" * 100_000)
    prepare(doc)
    assert max(s.end - s.start for s in doc.sentences) <= MAX_SENTENCE
    assert len(doc.sentences) == 25


def test_no_real_sentence_reaches_the_cap() -> None:
    """The cap is for runs no writer makes: every sentence of the real corpus stays whole."""
    # the real texts of the dev split only: the test split is not looked at between releases
    with open("gold/sources.json", encoding="utf-8") as fh:
        files = [s["source"] for s in json.load(fh) if s.get("split") == "dev"] + ["corpus/review.txt"]
    assert len(files) > 80
    longest = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            doc = document_from_text(fh.read())
        prepare(doc)
        longest = max(longest, *(s.end - s.start for s in doc.sentences))
    assert 500 < longest < MAX_SENTENCE * 0.75


def test_rate_pronouns_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    from extractor.measure.shorthands import carried_rates
    from extractor.measure.tokens import scan

    text = "OS rates were 50%; " + "these rates were 40%, rates at 12 months were 30%; " * 3000

    def run(t: str) -> None:
        carried_rates(scan(t), t, "OS_rate")

    assert_linear(run, text)
