"""How texts name and define an endpoint: "disease control rate (CR+PR+SD)", "化疗有效率".

The categories in a bracket define the rate before them; they are not rates of their own. Chinese
clinical abstracts call the response rate 有效率 (临床有效率, 化疗有效率), English translations of
them "effective rate". Cases from dev texts (en_140, zh_138, zh_142) and sentences of our own in
both languages; the expected records were decided by reading them.
"""

from __future__ import annotations

import time
from pathlib import Path

from extractor.api import extract
from extractor.measure.shorthands import drop_defining_brackets
from extractor.measure.tokens import scan
from extractor.normalize import normalize

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _got(text: str | Path) -> list[tuple[str, float]]:
    return [(r.endpoint, r.value) for r in extract(text).records]


def test_a_real_abstract_defines_its_rates_by_response_categories():
    # en_140: "The disease control rate (CR+PR+SD) tended to be higher … (32.8% vs 23.0%, p=0.088);
    # objective response rates (CR+PR) showed no difference between groups (10.7% vs 12.3%, p=0.90)."
    got = _got(REAL / "en_140.txt")
    assert {("DCR", 32.8), ("DCR", 23.0), ("ORR", 10.7), ("ORR", 12.3)} <= set(got)
    assert not [e for e, _ in got if e in {"SD_rate", "PR_rate", "CR_rate"}]


def test_chinese_definitions_with_full_width_plus():
    got = _got("两组客观缓解率(CR+PR)分别为45.0%和30.5%，疾病控制率（CR＋PR＋SD）分别为80.0%和65.0%。")
    assert got == [("ORR", 45.0), ("ORR", 30.5), ("DCR", 80.0), ("DCR", 65.0)]


def test_categories_with_values_of_their_own_stay_results():
    # the bracket reports the categories' own rates: they are results, not a definition
    got = _got("The objective response rate was 42% (CR 12%, PR 30%).")
    assert ("CR_rate", 12.0) in got and ("PR_rate", 30.0) in got and ("ORR", 42.0) in got


def test_linear_on_a_hostile_bracket():
    for n in (20_000, 80_000):
        text = normalize("ORR (" + "CR+" * n + "PR)").text
        toks = scan(text)
        t0 = time.process_time()
        kept = drop_defining_brackets(toks, text)
        assert time.process_time() - t0 < 2
        assert len(kept) == 3  # the rate and its brackets


def test_effective_rate_is_the_response_rate():
    got = _got(REAL / "zh_142.txt")  # "放疗组、化疗组和联合组的临床有效率分别为48.5%、51.5%和73.5%"
    assert {("ORR", 48.5), ("ORR", 51.5), ("ORR", 73.5)} <= set(got)
    got = _got(REAL / "zh_138.txt")  # "PT和PC方案的患者化疗有效率分别为77.8%和66.7%" and its English abstract
    assert [v for e, v in got if e == "ORR"].count(77.8) == 2
    got = _got("治疗2个周期后评价疗效，观察组有效率为62.5%，对照组为41.7%。")
    assert got == [("ORR", 62.5), ("ORR", 41.7)]


def test_disease_free_survival_written_with_cunhuo():
    # zh_165 (traditional): "分期為IB的五年整體存活率及無病存活率分別為75.2%及65.4%"
    got = _got(REAL / "zh_165.txt")
    assert ("DFS_rate", 65.4) in got and ("OS_rate", 75.2) in got and ("OS_rate", 65.4) not in got


def test_a_lower_case_interval_level_is_no_rate():
    # zh_158 prints everything in lower case: "(hr15.112,95%ci(2.059-110.901)…": 95 is the interval's level
    got = _got(REAL / "zh_158.txt")
    assert not [v for _, v in got if v == 95]


def test_shares_of_patients_alive_or_event_free():
    # en_159: "An estimated 74.7% of patients treated were event-free after two years compared to 39.4%
    # who received surgery alone", "… 79.7% of patients treated were alive after two years compared to 63.1%"
    recs = extract(REAL / "en_159.txt").records
    got = {(r.endpoint, r.value, r.timepoint) for r in recs}
    assert {("EFS_rate", 74.7, 24.0), ("EFS_rate", 39.4, 24.0), ("OS_rate", 79.7, 24.0), ("OS_rate", 63.1, 24.0)} <= got
    # alive *and* progression-free is no overall survival but the PFS rate (RD95, en_143's body);
    # "were event-free survival and …" names an endpoint
    assert _got("For the combination, 11% of patients were alive and progression-free at 24 months.") == [("PFS_rate", 11.0)]
    assert not [e for e, _ in _got("The primary end points were event-free survival and OS; 45% had a response.")
                if e == "EFS_rate"]


def test_time_to_progression_without_median_is_the_median():
    # en_166: "Median times to tumor progression were 4.0 and 2.5 months for DC and D, respectively"
    got = [(e, v) for e, v in _got(REAL / "en_166.txt") if e == "mTTP"]
    assert got == [("mTTP", 4.0), ("mTTP", 2.5)]
    assert _got("Time to progression was 5.6 months with sorafenib.") == [("mTTP", 5.6)]


def test_the_rate_of_a_survival_endpoint():
    # en_163 (TOWER): "a higher rate of event-free survival than that with chemotherapy (6-month estimates,
    # 31% vs. 12%; …)": rates at six months, not a six-month median
    recs = extract(REAL / "en_163.txt").records
    got = [(r.endpoint, r.value, r.timepoint) for r in recs if r.value in {31, 12, 6}]
    assert got == [("EFS_rate", 31.0, 6.0), ("EFS_rate", 12.0, 6.0)]
    assert _got("The rate of overall survival at 2 years was 45%.") == [("OS_rate", 45.0)]
    assert _got("Median overall survival was 12.1 months.") == [("mOS", 12.1)]


def test_second_progression_is_no_median_pfs():
    # en_161: "progression-free survival 2 (time from random assignment until the second progression or
    # death; median, 55 versus 40 months; HR, 0.61)": PFS2's medians are no PFS (guideline RD37)
    got = _got(REAL / "en_161.txt")
    assert not [v for e, v in got if e == "mPFS" and v in {55, 40}] and ("HR", 0.61) in got
    assert _got("median PFS2 was 21.9 vs 14.3 months; median PFS was 11.2 vs 5.6 months.") == [("mPFS", 11.2), ("mPFS", 5.6)]
