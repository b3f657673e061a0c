"""The measurement stage on paragraphs it was not developed on (tests/fixtures/generalization/).

Each paragraph is written in a style corpus/review.txt does not use: an English
abstract's Results, an English narrative review, a single-arm phase 2 report, a
results table rendered as text lines, a Chinese meta-analysis, a Chinese news report,
traditional characters with full-width digits, and negative cases (doses, ages,
years, baseline shares). The whole pipeline runs (real entity stage), so a paragraph
fails when any stage misreads it.

Expected records were decided by reading each paragraph against gold/GUIDELINES.md
(section 4): the set of (endpoint, value) pairs must match exactly (no missing, no
extra records), and each listed field must equal the value written here; a field
not listed in an expectation is not checked (the guidelines leave it open there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.ingest import document_from_text
from extractor.models import Record
from extractor.pipeline import analyze

FIXTURES = Path(__file__).parent / "fixtures" / "generalization"

AB = ["atezolizumab", "bevacizumab"]
CA = ["camrelizumab", "apatinib"]

# fixture -> expected records: (endpoint, value, {field: expected})
EXPECTED: dict[str, list[tuple[str, float, dict[str, Any]]]] = {
    "en_abstract.txt": [
        # "501 patients were randomized": the whole cohort over two arms (arm [])
        ("n_patients", 501, {"arm": [], "trial": "IMbrave150", "unit": "patients"}),
        # age 64 (range 35-88) and "Child-Pugh A … in 92%" are not records (X4)
        ("mOS", 19.2, {"unit": "month", "arm": AB, "comparator": ["sorafenib"], "comparator_value": 13.4,
                       "ci_low": 17.0, "ci_high": 23.7, "p_operator": "<", "p_value": 0.001, "trial": "IMbrave150"}),
        ("mOS", 13.4, {"unit": "month", "arm": ["sorafenib"], "comparator": AB, "comparator_value": 19.2,
                       "ci_low": 11.4, "ci_high": 16.9, "p_operator": "<", "p_value": 0.001}),
        ("HR", 0.58, {"unit": None, "arm": AB, "comparator": ["sorafenib"], "ci_low": 0.42, "ci_high": 0.79,
                      "p_operator": "<", "p_value": 0.001, "trial": "IMbrave150"}),
        ("OS_rate", 67.2, {"unit": "%", "timepoint": 12.0, "arm": AB, "trial": "IMbrave150"}),
        ("PFS_rate", 54.5, {"unit": "%", "timepoint": 6.0, "arm": AB, "comparator": ["sorafenib"],
                            "comparator_value": 37.2}),
        ("PFS_rate", 37.2, {"unit": "%", "timepoint": 6.0, "arm": ["sorafenib"], "comparator": AB,
                            "comparator_value": 54.5}),
    ],
    "en_narrative.txt": [
        # the known defect: the prior-treatment mark of "after failure of first-line sorafenib"
        # must stop at the comma; regorafenib is the arm, the line is second
        ("mOS", 10.6, {"arm": ["regorafenib"], "comparator": [], "comparator_value": 7.8, "line": "second",
                       "trial": "RESORCE", "p_operator": "<", "p_value": 0.0001}),
        ("mOS", 7.8, {"arm": [], "comparator": ["regorafenib"], "comparator_value": 10.6, "line": "second",
                      "trial": "RESORCE"}),
        ("HR", 0.63, {"arm": ["regorafenib"], "comparator": [], "line": "second", "trial": "RESORCE",
                      "p_operator": "<", "p_value": 0.0001}),
        # "compared with 8.0 months for placebo": a compared pair, placebo has no arm
        ("mOS", 10.2, {"arm": ["cabozantinib"], "comparator": [], "comparator_value": 8.0, "trial": "CELESTIAL",
                       "line": None}),
        ("mOS", 8.0, {"arm": [], "comparator": ["cabozantinib"], "comparator_value": 10.2, "trial": "CELESTIAL"}),
        ("mPFS", 5.2, {"arm": ["cabozantinib"], "comparator": [], "comparator_value": 1.9, "trial": "CELESTIAL"}),
        ("mPFS", 1.9, {"arm": [], "comparator": ["cabozantinib"], "comparator_value": 5.2, "trial": "CELESTIAL"}),
        ("mOS", 8.5, {"arm": ["ramucirumab"], "comparator": [], "comparator_value": 7.3, "trial": "REACH-2",
                      "population": "AFP>=400 ng/mL"}),
        ("mOS", 7.3, {"arm": [], "comparator": ["ramucirumab"], "comparator_value": 8.5, "trial": "REACH-2",
                      "population": "AFP>=400 ng/mL"}),
        # 160 mg, 3 weeks, 4-week cycle: schedule (X5); "survival … only 3-4 months": natural history (X2)
    ],
    "en_single_arm.txt": [
        ("n_patients", 217, {"arm": ["camrelizumab"]}),
        ("ORR", 14.7, {"arm": ["camrelizumab"], "ci_low": 10.3, "ci_high": 20.2, "n": 217}),
        ("OS_rate", 74.4, {"arm": ["camrelizumab"], "timepoint": 6.0, "n": 217}),
        ("ORR", 27.3, {"arm": ["camrelizumab"], "ci_low": 20.5, "ci_high": 35.0, "ci_level": 95.0, "n": 120}),
        ("n_patients", 120, {"arm": ["camrelizumab"]}),
        # "30% (3/10)": the rate and its denominator; the numerator 3 is no record
        ("ORR", 30.0, {"arm": ["camrelizumab"], "n": 10, "population": "AFP>=400 ng/mL"}),
        ("n_patients", 10, {"arm": ["camrelizumab"]}),
        # 3 mg/kg, 2 weeks, age 62 (range 35-80): no records; "(range 1.2-14.5)" is not a CI
        ("mPFS", 2.1, {"arm": ["camrelizumab"], "ci_low": None, "ci_high": None}),
        ("AE_rate", 22.0, {"arm": ["camrelizumab"], "grade": ">=3", "unit": "%"}),
    ],
    "en_table.txt": [
        ("n_patients", 478, {"arm": ["lenvatinib"]}),
        ("n_patients", 476, {"arm": ["sorafenib"]}),
        ("mOS", 13.6, {"unit": "month", "arm": ["lenvatinib"], "comparator": ["sorafenib"], "comparator_value": 12.3}),
        ("mOS", 12.3, {"unit": "month", "arm": ["sorafenib"], "comparator": ["lenvatinib"], "comparator_value": 13.6}),
        ("mPFS", 7.4, {"unit": "month", "arm": ["lenvatinib"], "comparator": ["sorafenib"], "comparator_value": 3.7}),
        ("mPFS", 3.7, {"unit": "month", "arm": ["sorafenib"], "comparator": ["lenvatinib"], "comparator_value": 7.4}),
        ("ORR", 24.1, {"unit": "%", "arm": ["lenvatinib"], "comparator": ["sorafenib"], "comparator_value": 9.2}),
        ("ORR", 9.2, {"unit": "%", "arm": ["sorafenib"], "comparator": ["lenvatinib"], "comparator_value": 24.1}),
    ],
    "zh_meta.txt": [
        # 12 trials is no group of patients; 5432 is the pooled cohort
        ("n_patients", 5432, {"arm": []}),
        # "与索拉非尼相比": sorafenib is the comparator of both pooled HRs
        ("HR", 0.72, {"arm": ["class:ICI"], "comparator": ["sorafenib"], "ci_low": 0.61, "ci_high": 0.85,
                      "p_operator": "<", "p_value": 0.001}),
        ("HR", 0.81, {"arm": ["class:ICI"], "comparator": ["sorafenib"], "ci_low": 0.70, "ci_high": 0.94,
                      "p_operator": "=", "p_value": 0.005}),
        # a pooled RR (no endpoint code) and I²=23% (heterogeneity) are no records
    ],
    "zh_news.txt": [
        # 2022年, Ⅲ期, 每3周, 200 mg: no records
        ("mOS", 22.1, {"arm": CA, "comparator": ["sorafenib"], "comparator_value": 15.2, "line": "first"}),
        ("mOS", 15.2, {"arm": ["sorafenib"], "comparator": CA, "comparator_value": 22.1, "line": "first"}),
        ("risk_reduction", 38.0, {"arm": CA, "unit": "%"}),
        ("n_patients", 543, {"arm": [], "unit": "patients"}),
        ("ORR", 25.4, {"arm": CA, "unit": "%"}),
        ("DCR", 78.3, {"arm": CA, "unit": "%"}),
    ],
    "zh_trad.txt": [
        ("mOS", 15.9, {"arm": ["tislelizumab"], "comparator": ["sorafenib"], "comparator_value": 14.1, "line": "first",
                       "trial": "RATIONALE-301", "unit": "month"}),
        ("mOS", 14.1, {"arm": ["sorafenib"], "comparator": ["tislelizumab"], "comparator_value": 15.9, "line": "first",
                       "trial": "RATIONALE-301", "unit": "month"}),
        ("HR", 0.85, {"arm": ["tislelizumab"], "comparator": ["sorafenib"], "ci_low": 0.71, "ci_high": 1.02,
                      "trial": "RATIONALE-301"}),
        # "A组的ORR为x,B组为y": two arms compared
        ("ORR", 14.3, {"arm": ["tislelizumab"], "comparator": ["sorafenib"], "comparator_value": 5.4,
                       "trial": "RATIONALE-301"}),
        ("ORR", 5.4, {"arm": ["sorafenib"], "comparator": ["tislelizumab"], "comparator_value": 14.3,
                      "trial": "RATIONALE-301"}),
    ],
    "zh_negatives.txt": [
        # age 58 (35~80岁), Child-Pugh A 92%, BCLC C 71% (composition), 8/12 mg/d and 60 kg (doses),
        # 3~4级 (grade), 2019年 and the 二线 of that later sentence: no records / no effect
        ("n_patients", 86, {"arm": []}),
        ("median_follow_up", 14.2, {"unit": "month"}),
        ("mPFS", 5.5, {"arm": ["lenvatinib"], "ci_low": 3.7, "ci_high": 7.4, "unit": "month", "line": None}),
        ("mTTP", 3.0, {"value_high": 4.0, "arm": ["lenvatinib"], "unit": "month"}),
        ("DCR", 73.3, {"arm": ["lenvatinib"], "unit": "%"}),
        ("AE_rate", 31.4, {"arm": ["lenvatinib"], "grade": "3-4", "unit": "%"}),
    ],
}


# Styles the stage does not read yet: strict xfail, so a fix shows up as XPASS and must remove it.
NOT_YET = {
    "en_table.txt": "text tables: columns of a header row (\"Lenvatinib (n=478) | Sorafenib (n=476)\") are not arms yet, "
    "and a row's unit sits in its label (\"Median OS, months\")",
}


def _mark(name: str, code: str = "") -> list[Any]:
    if name in NOT_YET and code != "n_patients":
        return [pytest.mark.xfail(reason=NOT_YET[name], strict=True)]
    return []


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[str, list[Record]]]:
    out = {}
    for name in EXPECTED:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        doc = document_from_text(text)
        out[name] = (doc.text, analyze(doc).records)
    return out


@pytest.mark.parametrize("name", [pytest.param(n, marks=_mark(n)) for n in sorted(EXPECTED)])
def test_record_set(name: str, extracted: dict[str, tuple[str, list[Record]]]) -> None:
    """Exactly the expected (endpoint, value) pairs: nothing missed, nothing extra."""
    text, records = extracted[name]
    got = sorted((r.endpoint, round(r.value, 4)) for r in records)
    want = sorted((code, round(float(v), 4)) for code, v, _ in EXPECTED[name])
    assert got == want
    for r in records:  # grounding: the record is the number as written
        assert text[r.start : r.end].strip() and any(ch.isdigit() for ch in text[r.start : r.end])


def _cases() -> list[Any]:
    out = []
    for name, rows in EXPECTED.items():
        for code, value, fields in rows:
            out.append(pytest.param(name, code, float(value), fields, id=f"{name[:-4]}-{code}-{value}",
                                    marks=_mark(name, code)))
    return out


@pytest.mark.parametrize(("name", "code", "value", "fields"), _cases())
def test_record_fields(
    name: str, code: str, value: float, fields: dict[str, Any], extracted: dict[str, tuple[str, list[Record]]]
) -> None:
    _, records = extracted[name]
    hits = [r for r in records if r.endpoint == code and abs(r.value - value) < 1e-6]
    assert hits, f"no {code} {value} record"
    got = {f: getattr(hits[0], f) for f in fields}
    assert got == fields
