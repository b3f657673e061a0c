"""Scanner, numbers, units, CI/P, grades, citations and the measurement data files."""

from __future__ import annotations

import pytest

from extractor.measure import lexicon as lx
from extractor.measure.citations import expand, find_markers, sentence_citations
from extractor.measure.tokens import scan
from extractor.normalize import normalize


def _toks(text: str, kind: str) -> list:
    return [t for t in scan(normalize(text).text) if t.kind == kind]


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("13.6个月", 13.6, None, "month"),
        ("１３．６％", 13.6, None, "%"),  # full-width digits and percent
        ("15.6個月", 15.6, None, "month"),  # traditional 個
        ("3~4个月", 3.0, 4.0, "month"),
        ("3～4个月", 3.0, 4.0, "month"),
        ("3–4 months", 3.0, 4.0, "month"),
        ("75%~85%", 75.0, 85.0, "%"),
        ("12 weeks", 12.0, None, "week"),
        ("2 yrs", 2.0, None, "year"),
        ("1,234 patients", 1234.0, None, "patients"),
        ("58例", 58.0, None, "patients"),
        ("3 mg/kg", 3.0, None, "mg/kg"),
        ("400 ng/ml", 400.0, None, "ng/mL"),
        ("12-month", 12.0, None, "month"),
        ("0.66", 0.66, None, None),
    ],
)
def test_values_and_units(text: str, value: float, high: float | None, unit: str | None) -> None:
    (tok,) = _toks(text, "VALUE")
    assert (tok.value, tok.value_high, tok.unit) == (value, high, unit)


@pytest.mark.parametrize("text", ["CheckMate040", "PD-1", "KEYNOTE-394", "TIM3", "GO30140"])
def test_identifier_digits_are_not_values(text: str) -> None:
    assert _toks(text, "VALUE") == []


@pytest.mark.parametrize(
    ("text", "level", "low", "high"),
    [
        ("(95% CI: 0.79-1.06)", 95.0, 0.79, 1.06),
        ("95%CI 0.51～0.74", 95.0, 0.51, 0.74),
        ("95%置信区间 0.5-0.9", 95.0, 0.5, 0.9),
        ("95% CI 17.0–23.7", 95.0, 17.0, 23.7),
        ("(95% CI, 20-41%)", 95.0, 20.0, 41.0),
        ("95%可信區間 1.2~3.4", 95.0, 1.2, 3.4),
    ],
)
def test_confidence_intervals(text: str, level: float, low: float, high: float) -> None:
    (tok,) = _toks(text, "CI")
    assert tok.extra == (level, low, high)


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [("P=0.039", "=", 0.039), ("P<0.001", "<", 0.001), ("p = .02", "=", 0.02), ("P＜0.05", "<", 0.05),
     ("$P=0.039$", "=", 0.039), ("P值<0.01", "<", 0.01), ("p≤0.05", "<=", 0.05)],
)
def test_p_values(text: str, op: str, value: float) -> None:
    (tok,) = _toks(text, "P")
    assert (tok.code, tok.value) == (op, value)


@pytest.mark.parametrize(
    ("text", "grade"),
    [("≥3级", ">=3"), ("3~4级", "3-4"), ("3级或以上", ">=3"), ("grade 3-4", "3-4"), ("grade ≥3", ">=3"),
     ("grade 3 or higher", ">=3")],
)
def test_grades(text: str, grade: str) -> None:
    (tok,) = _toks(text, "GRADE")
    assert tok.code == grade


@pytest.mark.parametrize(
    ("text", "code"),
    [("中位總生存期", "mOS"), ("客觀緩解率", "ORR"), ("風險比", "HR"), ("median overall survival", "mOS"),
     ("Median PFS", "mPFS"), ("中位持续缓解时间", "mDOR"), ("duration of response", "mDOR"),
     ("疾病控制率", "DCR"), ("死亡风险下降", "risk_reduction"), ("总生存率", "OS_rate")],
)
def test_triggers_both_scripts(text: str, code: str) -> None:
    (tok,) = _toks(text, "TRIG")
    assert tok.code == code


def test_cr_does_not_fire_inside_crc() -> None:
    assert _toks("CRC patients", "TRIG") == []


@pytest.mark.parametrize(
    ("inner", "numbers"), [("6-7", [6, 7]), ("35,36", [35, 36]), ("10-11, 14", [10, 11, 14]), ("8", [8])]
)
def test_marker_expansion(inner: str, numbers: list[int]) -> None:
    assert expand(inner) == numbers


def test_markers_in_text() -> None:
    text = "REFLECT研究^[8]显示…^{1,2}以及[27-28]"
    assert [m[2] for m in find_markers(text)] == [[8], [1, 2], [27, 28]]


def test_every_marker_of_a_sentence_cites_its_values() -> None:
    # guidelines 4.3: a marker attaches to the sentence it sits in, wherever the value is
    text = "KEYNOTE-240研究结果^[30],但KEYNOTE-394研究^[31],mOS(14.6个月 vs 13.0个月)。"
    assert sentence_citations(find_markers(text)) == [30, 31]
    assert sentence_citations(find_markers("ORR was 20% [4, 5] and DCR 60% [5-7].")) == [4, 5, 6, 7]
    assert sentence_citations([]) == []


def test_data_files_load_and_are_consistent() -> None:
    codes = {e.code for e in lx.endpoints()}
    assert {"mOS", "mPFS", "mTTP", "mDOR", "ORR", "DCR", "HR", "risk_reduction", "OS_rate", "PFS_rate",
            "AE_rate", "CR_rate", "PR_rate", "SD_rate", "DOR", "n_CR", "n_PR", "n_SD", "n_response",
            "median_follow_up"} <= codes
    assert {u.id for u in lx.units()} >= {"month", "week", "year", "%", "patients", "mg/kg", "ng/mL", "μg/L"}
    assert set(lx.cues().criteria) >= {"mRECIST", "RECIST 1.1"}


def test_a_ci_level_set_off_by_a_comma_is_no_value():
    # en_271 (eighteenth release, measured, now dev): "33.1% (95%, CI 12.4 - 55.7%)" -- written anew
    text = normalize("The 3-year PFS rate was 41.0% (95%, CI 30.2 - 51.6%) in the treated group.").text
    assert [t.value for t in scan(text) if t.kind == "VALUE"] == [3.0, 41.0]
    cis = [t.extra for t in scan(text) if t.kind == "CI"]
    assert cis == [(95.0, 30.2, 51.6)]


def test_a_dose_given_daily_is_no_value():
    # en_296 (nineteenth release, measured, now dev): "alectinib 300 BID 0.16 [0.08–0.33]" -- written anew
    text = normalize("HR versus chemotherapy: lorlatinib 100 QD 0.19 [0.12-0.30]; alectinib 600 mg BID 0.23.").text
    assert [t.value for t in scan(text) if t.kind == "VALUE"] == [0.19, 0.23]


@pytest.mark.parametrize("text", [
    # en_381 (twenty-sixth release, measured, now dev): the test's sidedness read as a hazard ratio
    "(HR, 0.71 [95% CI, 0.52-0.97]; 2-sided P = .03)",
    "(HR 0.71; 1-sided P=0.015)",
])
def test_the_sidedness_of_a_p_value_is_no_value(text):
    assert [t.value for t in _toks(text, "VALUE")] == [0.71]
    assert [t.value for t in _toks(text, "P")] in ([0.03], [0.015])


@pytest.mark.parametrize("text,values", [
    # en_393: the '1' of "protein 1 (PD-1)" was paired with the control's rate
    ("53.0% with the programmed cell death protein 1 (PD-1) inhibitor versus 41.7% with placebo", [53.0, 41.7]),
    ("ORR 38% with the programmed death-ligand 1 (PD-L1) antibody", [38.0]),
    ("human epidermal growth factor receptor 2 (HER2)-positive: ORR 61%", [61.0]),
    ("12 (16%) patients responded", [12.0, 16.0]),  # a bracketed share is no name
])
def test_the_numeral_of_a_molecule_name_is_no_value(text, values):
    assert [t.value for t in _toks(text, "VALUE")] == values


@pytest.mark.parametrize("text", [
    # en_381: the value-first phrase shadowed the endpoint its words also spell, and with no value
    # before it the phrase was dropped
    "With a median survival follow-up of 29.5 months, overall survival improved.",
    "After a median study follow-up of 29.5 months, overall survival improved.",
])
def test_a_value_first_phrase_with_no_value_before_it_is_its_endpoint(text):
    trig = _toks(text, "TRIG")
    assert [t.code for t in trig][:1] == ["median_follow_up"]
    assert _toks(text, "VALUE")[0].start > trig[0].end


def test_the_value_first_phrase_still_reads_after_its_value():
    toks = [t for t in scan(normalize("OS improved after 29.5 months median survival follow-up.").text)
            if t.kind in {"TRIG", "VALUE"}]
    assert [(t.kind, t.code) for t in toks][-2:] == [("VALUE", None), ("TRIG", "median_follow_up")]
    assert toks[-1].extra == (1.0,)


def test_a_value_compared_with_an_uncoded_rate_is_not_carried_to_the_group_before():
    # zh_398 (twenty-seventh release, measured, now dev): '病灶转移率' is no endpoint; the share
    # compared with its value is not the response rate of the clause before
    from extractor.api import extract

    recs = extract(text="对照组总有效率为66.1%,低于观察组的84.1%;对照组转移率为75.8%,高于观察组的23.8%。").records
    assert sorted(r.value for r in recs) == [66.1, 84.1]


@pytest.mark.parametrize("text,want", [
    ("本院第四期存活率為15%,高於全國平均的13%。", {("OS_rate", 15.0), ("OS_rate", 13.0)}),
    ("兩組無疾病存活率為86.4% vs. 79.5%。", {("DFS_rate", 86.4), ("DFS_rate", 79.5)}),
    ("三組乳癌特異性存活率為92.09%、85.25%和78.73%。", set()),  # a guard: fails if bare 存活率 reaches it
])
def test_a_bare_survival_rate_word(text, want):
    from extractor.api import extract

    got = {(r.endpoint, r.value) for r in extract(text=text).records}
    assert want <= got and not {g for g in got if g[0] == "OS_rate"} - want


@pytest.mark.parametrize("text,want", [
    # zh_404 (twenty-seventh release, measured, now dev), written anew: a bare 反應率 is the response rate
    ("研究發現加入標靶藥後,腫瘤縮小的反應率從三成四提高到四成七。", {("ORR", 34.0), ("ORR", 47.0)}),
    ("接受免疫治療的患者完全反應率為10%,部分反應率為29.95%。", {("CR_rate", 10.0), ("PR_rate", 29.95)}),
    ("術前放化療後病理上完全反應率為34.8%。", {("pCR_rate", 34.8)}),
    ("A組患者總的臨床受益反應率高于B組(80.6% vs 72.4%)。", set()),  # a symptom measure, no code
])
def test_response_rate_words(text, want):
    from extractor.api import extract

    assert {(r.endpoint, r.value) for r in extract(text=text).records} == want


@pytest.mark.parametrize("text,want", [
    # zh_399 (twenty-seventh release, measured, now dev), written anew: a landmark with 的 before a
    # survival word whose shares follow is the rate's timepoint, not a median of five years
    ("三组5年的PFS分别为61.4%、72.4%、33.7%。", [("PFS_rate", 61.4, 60.0), ("PFS_rate", 72.4, 60.0), ("PFS_rate", 33.7, 60.0)]),
    ("中位生存期为11.2个月,即11.2个月的中位总生存期。", [("mOS", 11.2, None), ("mOS", 11.2, None)]),
    # zh_407 (RD571): the time from infusion to the data cut-off is the cohort's follow-up
    ("從輸注到數據截止中位時間為5.6個月。", [("median_follow_up", 5.6, None)]),
    ("The median time from infusion to data cutoff was 7.9 months.", [("median_follow_up", 7.9, None)]),
])
def test_landmarks_before_survival_words_and_follow_up_to_data_cut_off(text, want):
    from extractor.api import extract

    assert [(r.endpoint, r.value, r.timepoint) for r in extract(text=text).records] == want


def test_another_groups_patients_then_a_copula_carry_the_endpoint():
    # zh_403 (twenty-seventh release, measured, now dev), written anew
    from extractor.api import extract

    recs = extract(text="呋喹替尼治療組患者的中位PFS為9.2個月,安慰劑組患者則為3.1個月。").records
    assert [(r.endpoint, r.value, r.comparator_value) for r in recs] == [("mPFS", 9.2, 3.1), ("mPFS", 3.1, 9.2)]


def test_a_bracketed_share_before_were_still_alive():
    # en_408 (twenty-seventh release, measured, now dev), written anew: a lay count with its share
    # bracketed, then the value-first phrase
    from extractor.api import extract

    recs = extract(text="After treatment, about 7 out of 10 people (68.2%) were still alive.").records
    assert [(r.endpoint, r.value) for r in recs] == [("OS_rate", 68.2)]


@pytest.mark.parametrize("text", [
    # en_406 (twenty-seventh release, measured, now dev), written anew: a lay risk reduction
    "The death rate among patients who took the combination decreased by 27%, compared with chemotherapy.",
    "The risk of death was reduced by 27% with the combination.",
])
def test_lay_words_for_a_risk_reduction(text):
    from extractor.api import extract

    assert [(r.endpoint, r.value) for r in extract(text=text).records] == [("risk_reduction", 27.0)]


def test_lay_risk_reduction_words_stay_linear(assert_linear):
    from extractor.measure.tokens import scan

    assert_linear(scan, "The death rate " + "in the group " * 30000 + "decreased by 27%.")


def test_a_survival_word_then_respectively_shares_is_its_rate():
    # zh_195 (dev), written anew: 'OS 分別為a%、b%' after a clause of landmarked rates
    from extractor.api import extract

    text = ("結果顯示,化療組與單純手術組3 年總生存率(OS)分別為80.1%、70.1%(P=0.003)。"
            "5 年隨訪兩組OS 分別為71.7%、61.1%(HR=0.67)。")
    got = [(r.endpoint, r.value) for r in extract(text=text).records]
    assert ("OS_rate", 71.7) in got and ("OS_rate", 61.1) in got


def test_a_long_difference_word_before_a_duration_is_a_gain():
    # en_264 (dev), written anew: the cue is longer than the few characters looked at before
    from extractor.api import extract

    text = "Regulators noted that a PFS improvement of 3.2 months might not be clinically meaningful."
    assert extract(text=text).records == []
