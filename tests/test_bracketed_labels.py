"""Group words bracketed after each value of a compared pair (issue 9, en_419, en_237): a table of
trials or a results bullet names the arms only there. Sentences of our own; expectations by reading."""

from __future__ import annotations

from extractor.api import extract
from extractor.measure.bracketed_arms import labels_after_pairs
from extractor.measure.tokens import scan
from extractor.normalize import normalize


def arms(text: str) -> set[tuple]:
    return {(r.endpoint, r.value, tuple(r.arm), r.arm_label, r.comparator_label) for r in extract(text=text).records}


def test_words_bracketed_after_each_value_are_its_group():
    got = arms("ORR was 31% (combination) versus 12% (monotherapy) (P = .04).")
    assert got == {("ORR", 31.0, (), "combination", "monotherapy"), ("ORR", 12.0, (), "monotherapy", "combination")}


def test_a_regimen_on_one_side_and_an_undefined_acronym_on_the_other():
    got = arms("Median follow-up 4.1 years; median PFS 48.2 m (FCR) vs. 30.5 m (XY), HR 0.61 (95% CI 0.50–0.74)")
    assert ("mPFS", 30.5) in {(c, v) for c, v, *_ in got}
    assert next(lab for c, v, _, lab, _ in got if v == 30.5) == "XY"
    assert next(cmp for c, v, _, _, cmp in got if v == 48.2) == "XY"


def test_numbers_criteria_or_one_bracket_are_no_group():
    for text in ("ORR was 31% (95% CI 20-40) vs 12% (n = 40).", "ORR was 31% (RECIST 1.1) vs 12%.",
                 "Rates were 31% (ORR) vs 12% (DCR) in the cohort.", "ORR was 71.2% (low risk) vs 52.0% (high risk)."):
        view = normalize(text).text
        assert labels_after_pairs(scan(view), view, []) == [], text


def test_labels_after_pairs_stay_linear(assert_linear):
    assert_linear(lambda t: labels_after_pairs(scan(t), t, []), "ORR 31% (A) vs 12% (B), " * 3000)


def test_a_count_after_a_slashed_regimen_is_the_whole_regimens():
    # en_411 (twenty-eighth release, measured, now dev): 'Gemcitabine/capecitabine (n = 60; …)'
    got = {(r.endpoint, r.value): r.arm for r in extract(text=(
        "Gemcitabine/capecitabine (n = 58; 10.1 months (95% CI; 7.2-12.9)) and gemcitabine/nab-paclitaxel "
        "(n = 64; 9.5 months (95% CI; 7.6-11.0)) resulted in a longer median OS.")).records}
    assert got[("n_patients", 58.0)] == ["gemcitabine", "capecitabine"]
    assert got[("n_patients", 64.0)] == ["gemcitabine", "nab-paclitaxel"]
    # a choice keeps the count with its last part
    got = {(r.endpoint, r.value): r.arm for r in extract(text="Patients received sorafenib (n = 120) or lenvatinib (n = 118).").records}
    assert got[("n_patients", 118.0)] == ["lenvatinib"]
