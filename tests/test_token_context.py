"""Numbers settled from the tokens around them (extractor/measure/token_context.py): a nil rate
closing a list of percentages, "v (a, b)" under a "(95% CI)" header, and a header's bracketed unit
given to the cells after it. Real text: en_306 (an FDA label table flattened one cell per line)."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.measure.token_context import bracketed_intervals, header_units
from extractor.measure.tokens import scan
from extractor.normalize import normalize

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _records(text: str) -> list[tuple[str, float, float | None, float | None]]:
    return [(r.endpoint, r.value, r.ci_low, r.ci_high) for r in extract(text).records]


def test_a_label_table_reads_its_medians_and_the_hazard_ratios_interval() -> None:
    got = _records((REAL / "en_306.txt").read_text(encoding="utf-8"))
    assert ("mOS", 14.8, 14.1, 15.4) in got and ("mOS", 10.9, 10.2, 12.0) in got
    assert ("mOS", 15.8, 14.8, 17.0) in got and ("mOS", 11.2, 10.4, 13.1) in got
    assert ("HR", 0.646, 0.543, 0.768) in got
    assert not [g for g in got if g[0] == "HR" and g[1] in (0.543, 0.768, 0.638, 0.859)]  # no bound is an HR


def test_an_interval_pair_needs_the_header_and_must_hold_the_value() -> None:
    assert _records("Hazard ratio (95% CI) 0.71 (0.58, 0.86).") == [("HR", 0.71, 0.58, 0.86)]
    text = normalize("Hazard ratio (95% CI) 0.71 (0.90, 0.96).").text  # 0.71 outside: no interval
    toks = scan(text)
    assert bracketed_intervals(toks, text) is toks
    text = normalize("Hazard ratio 0.71 (0.58, 0.86).").text  # no CI word: left as it is
    toks = scan(text)
    assert bracketed_intervals(toks, text) is toks


def test_a_headers_unit_reaches_its_cells_and_stops_at_the_next_row() -> None:
    text = normalize("Median PFS (months) | 8.3 | 5.6 |\nFootnote number of patients in row 2 |").text
    toks = header_units(scan(text), text)
    assert [(t.text, t.unit) for t in toks if t.kind == "VALUE"] == [("8.3", "month"), ("5.6", "month"), ("2", None)]
    assert [(r.endpoint, r.value, r.unit) for r in extract("中位OS(月) 14.2 vs 11.9。").records] == [
        ("mOS", 14.2, "month"), ("mOS", 11.9, "month")]


def test_the_passes_stay_linear(assert_linear) -> None:  # type: ignore[no-untyped-def]
    def run(t: str) -> None:
        n = normalize(t).text
        header_units(bracketed_intervals(scan(n), n), n)

    assert_linear(run, "Hazard ratio (95% CI) " + "0.5 (0.4, 0.6) " * 4000)
    assert_linear(run, "Median OS (months) " + "12.1 " * 8000)


def test_figure_and_table_numbers_are_no_values() -> None:
    got = [(r.endpoint, r.value) for r in extract("The HR for death was 0.65 (Figure 2) and 0.70 in the updated analysis (Table 3).").records]
    assert got == [("HR", 0.65), ("HR", 0.7)]
    got = [(r.endpoint, r.value) for r in extract("两组中位OS分别为12.1个月和9.8个月(见图2)。").records]
    assert got == [("mOS", 12.1), ("mOS", 9.8)]


def test_a_footnote_line_under_a_table_is_a_sentence_of_its_own() -> None:
    # en_306's shape, written anew: the HR cell has no full stop, the footnotes follow line by line
    text = ("Hazard ratio (95% CI)b\n0.70 (0.60, 0.82)\n"
            "aP-value is derived from a log-rank test stratified by ECOG performance status score (0-1 vs. 2) "
            "and region (1 vs. 2).\nbHazard ratio <1 favors the drug\n"
            "More patients treated with the drug remained alive (see Figure 1).")
    assert _records(text) == [("HR", 0.7, 0.6, 0.82)]


def test_an_interval_pair_after_its_ci_word() -> None:
    # the CI word between the value and a bracketed pair (dev zh_286, zh_229; the twentieth release's zh_298)
    assert _records("阿帕替尼组死亡风险低于对照组[HR=0.556,95%CI(0.300,1.030),P=0.049]。") == [("HR", 0.556, 0.3, 1.03)]
    assert _records("The HR was 0.63 (95% CI (0.38, 1.04)).") == [("HR", 0.63, 0.38, 1.04)]



def test_bare_counts_before_their_share_or_their_outcome_count_patients() -> None:
    # en_316: "Complete response was achieved in 1 (2.9%) and partial response in 10 (28.6%)";
    # en_318: "with 15 complete responses and 10 partial responses" -- written anew
    got = {(r.endpoint, r.value) for r in extract(
        "Complete response was achieved in 2 (4.8%) and partial response in 13 (31.0%), giving an ORR of 35.7%.").records}
    assert got == {("n_CR", 2.0), ("CR_rate", 4.8), ("n_PR", 13.0), ("PR_rate", 31.0), ("ORR", 35.7)}
    got = {(r.endpoint, r.value) for r in extract("The response rate was 64%, with 9 complete responses and 7 partial responses.").records}
    assert got == {("ORR", 64.0), ("n_CR", 9.0), ("n_PR", 7.0)}


def test_a_number_its_share_cannot_round_from_stays_a_percentage() -> None:
    # 2 of no group rounds to 33.4% (2/6 = 33.3%, 2/5 = 40.0%): "2 (33.4%)" is no numerator and its share
    toks = scan(normalize("Response rates were 2 (33.4%) and 7 (33.3%).").text)
    assert [(t.value, t.unit) for t in toks if t.kind == "VALUE"] == [(2.0, None), (33.4, "%"), (7.0, "patients"), (33.3, "%")]
    # a cut-off is no count: "CPS≥5(约50%患者)"
    toks = scan(normalize("PD-L1 CPS≥5(50%患者)").text)
    assert [t for t in toks if t.kind == "VALUE" and t.value == 5.0 and t.unit == "patients"] == []
