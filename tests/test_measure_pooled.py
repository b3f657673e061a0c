"""Pooled values of a meta-analysis, each followed by how many studies and patients pooled it
("64% (6 studies; n = 289)"): the study count is no value, the n is the value's own."""

from __future__ import annotations

from extractor.ingest import document_from_text
from extractor.pipeline import analyze

SENTENCE = ("Capecitabine plus bevacizumab versus capecitabine had a higher pooled ORR [31% (4 studies; "
            "n = 212) versus 18% (9 studies; n = 1640)] and median OS [14.1 (3 studies; n = 180) versus "
            "10.2 (7 studies; n = 1322) months].")


def test_a_study_count_is_no_value_and_the_n_after_it_is_the_values():
    recs = analyze(document_from_text(SENTENCE)).records
    got = {(r.endpoint, r.value): r for r in recs}
    assert not [r for r in recs if r.value in {4.0, 9.0, 3.0, 7.0}]
    assert got[("ORR", 31.0)].n == 212 and got[("ORR", 18.0)].n == 1640
    assert got[("mOS", 14.1)].n == 180 and got[("mOS", 10.2)].comparator_value == 14.1
    assert got[("n_patients", 212.0)].arm == ["capecitabine", "bevacizumab"]
    assert got[("n_patients", 1322.0)].arm == ["capecitabine"]


def test_chinese_study_counts_are_no_values():
    # a guard: passes before the study unit too (Chinese study counts were no values already), and
    # fails if the unit's Chinese surfaces start making values of them
    recs = analyze(document_from_text("纳入12项研究共1 024例患者,合并客观缓解率为35.2%(12项研究)。")).records
    assert [(r.endpoint, r.value) for r in recs if r.endpoint == "ORR"] == [("ORR", 35.2)]
    assert not [r for r in recs if r.value == 12.0]


def test_study_counts_stay_linear(assert_linear):
    def run(t: str) -> int:
        return len(analyze(document_from_text(t)).records)

    assert_linear(run, "ORR [31% (4 studies; n = 212) versus " * 1500 + "18% (9 studies; n = 1640)].")
