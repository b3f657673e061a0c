"""Three-arm results: a third value joined to a compared pair ("52%, compared with 44% for B and
26% for C"), arms given with a placebo that are arms of their own, not parts of the combination
to be made whole, and values followed by "for patients taking X".

Shapes of en_391 (twenty-sixth release, measured, now dev); every sentence here is written anew.
"""

from __future__ import annotations

from extractor.ingest import document_from_text
from extractor.pipeline import analyze


def _arms(text: str) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(r.endpoint, r.value, tuple(r.arm)) for r in analyze(document_from_text(text)).records
            if r.endpoint != "n_patients"]


_DESIGN = ("Investigators randomly assigned 714 patients to relatlimab plus nivolumab, nivolumab plus placebo, "
           "or relatlimab plus placebo. ")


def test_a_third_value_after_a_compared_pair_is_one_more_arm():
    text = _DESIGN + ("The three-year overall survival rate for relatlimab plus nivolumab was 58%, compared with "
                      "47% for nivolumab plus placebo and 21% for relatlimab plus placebo.")
    assert _arms(text) == [
        ("OS_rate", 58.0, ("relatlimab", "nivolumab")),
        ("OS_rate", 47.0, ("nivolumab",)),
        ("OS_rate", 21.0, ("relatlimab",)),  # given with a placebo: its own arm, not the combination
    ]


def test_a_part_of_the_combination_without_a_placebo_arm_is_still_made_whole():
    # a two-arm add-on trial: "the relatlimab group" is the combination (the part is no arm of its own)
    text = ("This trial compared ribociclib plus letrozole versus placebo plus letrozole. "
            "The ORR was 43% in the ribociclib group.")
    assert _arms(text) == [("ORR", 43.0, ("ribociclib", "letrozole"))]


def test_values_followed_by_for_patients_taking_take_that_arm():
    text = ("The two-year progression-free survival rate was 41% for patients taking relatlimab plus "
            "nivolumab, 30% for patients taking nivolumab plus placebo, and 9% for patients taking "
            "relatlimab plus placebo.")
    assert _arms(text) == [
        ("PFS_rate", 41.0, ("relatlimab", "nivolumab")),
        ("PFS_rate", 30.0, ("nivolumab",)),
        ("PFS_rate", 9.0, ("relatlimab",)),
    ]
