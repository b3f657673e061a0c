"""English lists of endpoints over lists of values: an enumeration joined by commas and closed by
"and" ("The ORR, DCR, and CR rate were …, respectively"), and values followed by "for" the
endpoint they are of ("44% (95% CI 31–58) for objective response").

Shapes of en_275 (eighteenth release, measured, now dev); every sentence here is written anew.
"""

from __future__ import annotations

import pytest

from extractor.ingest import document_from_text
from extractor.pipeline import analyze


def _got(text: str) -> list[tuple[str, float]]:
    return [(r.endpoint, r.value) for r in analyze(document_from_text(text)).records]


@pytest.mark.parametrize("text,want", [
    ("The ORR, DCR, and complete response rate were 31%, 62%, and 9%, respectively.",
     [("ORR", 31.0), ("DCR", 62.0), ("CR_rate", 9.0)]),
    ("Anemia, neutropenia and fatigue occurred in 12%, 9% and 6% of patients, respectively.",
     [("AE_rate", 12.0), ("AE_rate", 9.0), ("AE_rate", 6.0)]),
    ("Grade 3-4 anemia, neutropenia, and nausea were seen in 10% (4-19), 15% (8-25), and 3% (1-9) of cycles, respectively.",
     [("AE_rate", 10.0), ("AE_rate", 15.0), ("AE_rate", 3.0)]),
])
def test_an_enumeration_closed_by_and_lists_its_endpoints(text, want):
    assert _got(text) == want


def test_a_comma_between_two_endpoints_and_no_list_word_joins_nothing():
    # "ORR, 31%; DCR, 62%": each endpoint keeps its own value
    assert _got("ORR, 31%; DCR, 62%.") == [("ORR", 31.0), ("DCR", 62.0)]


def test_a_value_then_for_its_endpoint():
    got = _got("The pooled rates were 38% (95% CI 27-50) for objective response in the whole cohort.")
    assert got == [("ORR", 38.0)]
    assert _got("Medians were 6.2 months for PFS and 11.9 months for OS.") == [("mPFS", 6.2), ("mOS", 11.9)]


@pytest.mark.parametrize("text,want", [
    # a ratio is qualified by what follows it
    ("The HR was 0.74 for overall survival.", [("HR", 0.74)]),
    # the clause's endpoint stands before the values: "for" names the analyses, not the values' endpoint
    ("There was a median follow-up of 24.1 months and 30.5 months for PFS and OS, respectively.",
     [("median_follow_up", 24.1), ("median_follow_up", 30.5)]),
])
def test_for_does_not_move_an_endpoint_that_is_not_the_values(text, want):
    assert _got(text) == want


def test_a_share_in_a_bracket_then_the_outcome_achieved():
    # en_273 (eighteenth release, measured, now dev): "10/26 evaluable patients (38.5%, 95% CI: 20.2–59.4)
    # achieved an objective response" -- written anew
    assert _got("9/31 assessable patients (29.0%, 95% CI: 14.2-48.0) achieved an objective response.") == [
        ("n_patients", 31.0), ("ORR", 29.0)]
    assert _got("Seven patients (17.5%; 95% CI, 7.3-32.8) achieved a complete response.") == [("CR_rate", 17.5)]


def test_a_share_that_experienced_at_least_one_graded_event():
    recs = analyze(document_from_text("58.3% of patients experienced at least one grade 3 or higher adverse event.")).records
    assert [(r.endpoint, r.value, r.grade) for r in recs] == [("AE_rate", 58.3, ">=3")]


def test_x_of_n_responders_size_the_group_not_the_responders():
    # 4.1 / R4: the denominator of a share sizes the group, the numerator is no record
    recs = analyze(document_from_text("14 of 52 patients (26.9%) achieved a partial response.")).records
    assert [(r.endpoint, r.value) for r in recs] == [("n_patients", 52.0), ("PR_rate", 26.9)]


@pytest.mark.parametrize("text", [
    # en_273: "Fourteen or more responses in 26 evaluable patients were required to confirm a response rate
    # of 60% or higher (Fleming-A'Hern design)" -- written anew, with its Chinese counterpart (zh_101)
    "At least 11 responses in 30 patients were required to confirm an objective response rate of 40%.",
    "The trial had 80% power to detect an improvement in median PFS from 4.0 to 6.0 months.",
    "研究假设试验组和对照组的3年OS率分别为70%和60%,非劣效界值为8%。",
])
def test_numbers_of_the_design_are_no_results(text):
    assert _got(text) == []


def test_v_between_two_values_compares_them():
    # JCO / BMJ style "63% v 49%" (dev en_147, en_236) -- written anew
    recs = analyze(document_from_text("Grade 3 neutropenia (41% v 18%) was more frequent with the combination.")).records
    assert [(r.endpoint, r.value, r.comparator_value) for r in recs] == [("AE_rate", 41.0, 18.0), ("AE_rate", 18.0, 41.0)]


def test_a_control_named_right_after_its_count():
    text = ("Patients were randomized to cabozantinib or placebo.\nN=134 cabozantinib (60 mg once daily).\n"
            "N=69 placebo (matching placebo once daily).")
    got = [(r.value, tuple(r.arm), r.arm_label) for r in analyze(document_from_text(text)).records]
    assert got == [(134.0, ("cabozantinib",), None), (69.0, (), "placebo")]
    # a bracketed count closes its own arm: the control after it is the next count's
    text = "Arms: olaparib plus standard care (n=412) Placebo plus standard care (n=205)"
    got = [(r.value, tuple(r.arm)) for r in analyze(document_from_text(text)).records]
    assert got[0] == (412.0, ("olaparib",))


def test_corresponding_rates_repeat_the_endpoints_for_another_arm():
    # en_290 (nineteenth release, measured, now dev): "…were 76.0% and 67.8%, respectively; corresponding rates
    # with the placebo regimen were 69.9% and 59.8%" -- written anew
    recs = analyze(document_from_text(
        "The 1- and 3-year DFS rates with the pembrolizumab arm were 88.1% and 71.2%, respectively; "
        "corresponding rates with the placebo arm were 83.4% and 62.0%.")).records
    got = [(r.endpoint, r.value, r.timepoint, r.arm_label) for r in recs]
    assert got[2:] == [("DFS_rate", 83.4, 12.0, "placebo arm"), ("DFS_rate", 62.0, 36.0, "placebo arm")]


def test_shares_of_patients_on_a_drug_with_no_progression():
    # en_291 (nineteenth release, measured, now dev): "46.2% of patients on the inavolisib therapy showed no
    # signs of disease progression, compared to only 21.1% in the control group" -- written anew
    recs = analyze(document_from_text(
        "At 12 months, 58.0% of patients on the olaparib therapy showed no signs of disease progression, "
        "compared with 31.5% in the placebo group.")).records
    assert [(r.endpoint, r.value, r.timepoint, tuple(r.arm)) for r in recs] == [
        ("PFS_rate", 58.0, 12.0, ("olaparib",)), ("PFS_rate", 31.5, 12.0, ())]
    recs = analyze(document_from_text("At 2 years, 64% of patients on nivolumab remained progression-free.")).records
    assert [(r.endpoint, r.value) for r in recs] == [("PFS_rate", 64.0)]


def test_survival_after_second_progression_is_uncoded():
    # en_284 (nineteenth release, measured, now dev): "1-year PFS2 and 1-year OS2 were …" read as OS -- written anew
    assert _got("The 2-year PFS2 and 2-year OS2 were 41.0% and 60.2%, respectively.") == []
    assert _got("Median OS2 was 14.1 months.") == []


def _timed(text: str) -> list[tuple[str, float, float | None]]:
    return [(r.endpoint, r.value, r.timepoint) for r in analyze(document_from_text(text)).records
            if r.endpoint != "n_patients"]


@pytest.mark.parametrize("text", [
    # zh_382 (twenty-sixth release, measured, now dev): each endpoint printed with its own copy of the
    # landmarks; the second copy had closed the first endpoint, whose values went to the second
    "329例患者的1、3、5年生存率和1、3、5年无进展生存率分别为70.2%、41.6%、30.3%和52.4%、29.9%、21.8%。",
    "329例患者的1、3、5年生存率和无进展生存率分别为70.2%、41.6%、30.3%和52.4%、29.9%、21.8%。",
    "The 1-, 3- and 5-year OS and PFS rates were 70.2%, 41.6%, 30.3% and 52.4%, 29.9%, 21.8%, respectively.",
])
def test_landmarks_over_two_endpoints_take_each_endpoint_its_own_run(text):
    assert _timed(text) == [
        ("OS_rate", 70.2, 12.0), ("OS_rate", 41.6, 36.0), ("OS_rate", 30.3, 60.0),
        ("PFS_rate", 52.4, 12.0), ("PFS_rate", 29.9, 36.0), ("PFS_rate", 21.8, 60.0),
    ]



@pytest.mark.parametrize("text", [
    # en_385 (twenty-sixth release, measured, now dev): only the last share before the phrase was read
    "At 24 months, 41.5% and 27.2% of patients were alive in the combination and chemotherapy arms, respectively.",
    "At 24 months, 41.5% versus 27.2% of patients were alive.",
])
def test_every_listed_share_before_were_alive_is_a_survival_rate(text):
    assert _timed(text) == [("OS_rate", 41.5, 24.0), ("OS_rate", 27.2, 24.0)]


def _codes(text: str) -> list[tuple[str, float]]:
    return [(r.endpoint, r.value) for r in analyze(document_from_text(text)).records if r.endpoint != "n_patients"]


@pytest.mark.parametrize("text,want", [
    # zh_385 (twenty-sixth release, measured, now dev): two modifiers of one head; only the second,
    # whole endpoint was read, and both values went to it
    ("吉西他滨组临床及病理完全缓解率分别为31.2%和22.4%。", [("CR_rate", 31.2), ("pCR_rate", 22.4)]),
    ("The clinical and pathological complete remission rates were 31.2% and 22.4%, respectively.",
     [("CR_rate", 31.2), ("pCR_rate", 22.4)]),
    ("The objective and complete response rates were 45% and 12%, respectively.", [("ORR", 45.0), ("CR_rate", 12.0)]),
    # a word that is no listed modifier names no endpoint of its own
    ("Safety and complete response rates were reported; the complete response rate was 12%.", [("CR_rate", 12.0)]),
])
def test_two_modifiers_of_one_head_name_two_endpoints(text, want):
    assert _codes(text) == want


def test_modifiers_before_a_head_stay_linear(assert_linear):
    from extractor.measure.tokens import scan

    text = "临床及" * 30000 + "病理完全缓解率分别为31.2%和22.4%。"
    assert_linear(scan, text)


@pytest.mark.parametrize("text,want", [
    # zh_384 (twenty-sixth release, measured, now dev): an unread endpoint shifted the list's values
    ("3年总生存率、无病生存率、无局部区域复发生存率、无远处转移生存率分别为80.1%、70.3%、90.2%、75.6%。",
     [("OS_rate", 80.1), ("DFS_rate", 70.3), ("RFS_rate", 90.2)]),
    # en_383 (RD505): a share whose best response was progression has no endpoint code, and its
    # 'overall response' words name no response rate
    ("Table 2.\nTrial | Patients n | Progressive disease as best overall response % | Median PFS months |\n"
     "ALPHA [3] | 120 | 9 | 10.4 |\n",
     [("n_patients", 120.0), ("mPFS", 10.4)]),
])
def test_outcomes_without_a_code_hold_their_place_and_give_no_record(text, want):
    assert [(r.endpoint, r.value) for r in analyze(document_from_text(text)).records] == want


@pytest.mark.parametrize("text,want", [
    # en_402 (twenty-seventh release, measured, now dev): a response rate broken down in its bracket
    ("The objective response rate was 41% with enzalutamide (9% complete response and 32% partial response).",
     [("ORR", 41.0), ("CR_rate", 9.0), ("PR_rate", 32.0)]),
    ("The response rate was 28% (4% complete response, 24% partial response).",
     [("ORR", 28.0), ("CR_rate", 4.0), ("PR_rate", 24.0)]),
])
def test_response_categories_after_their_shares_break_down_a_rate(text, want):
    assert _got(text) == want


def test_one_rates_word_after_an_enumeration_with_glosses_and_the_list_again_for_the_other_arm():
    # en_400 (twenty-seventh release, measured, now dev), written anew: a timed enumeration whose
    # endpoints carry bracketed abbreviations and share one "rates", then the list again for arm B
    text = ("The 3-year overall survival, disease-free survival (DFS), local relapse-free survival and "
            "distant metastasis-free survival (DMFS) rates were 81.2%, 70.4%, 85.0% and 77.1%, respectively, "
            "in the IC group and 76.5%, 63.3%, 80.2% and 71.9%, respectively, in the CC group.")
    got = _got(text)
    assert got == [("OS_rate", 81.2), ("DFS_rate", 70.4), ("RFS_rate", 85.0),
                   ("OS_rate", 76.5), ("DFS_rate", 63.3), ("RFS_rate", 80.2)]


def test_enumerations_with_glosses_stay_linear(assert_linear):
    from extractor.measure.clause_links import enumerated
    from extractor.measure.tokens import scan

    text = "overall survival (OS), " * 20000 + "and DMFS rates were 81% and 70%."

    def run(t: str) -> int:
        return len(enumerated(scan(t), t))

    assert_linear(run, text)
