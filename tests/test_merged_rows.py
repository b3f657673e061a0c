"""A table of trials whose second arm's row lost its merged cells ("Surgery alone | 530 | 61.1% at 5 yr |")."""

from __future__ import annotations

from pathlib import Path

from extractor.api import extract
from extractor.entities import find_entities_in_text
from extractor.measure.tables import read_tables

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

# Written for this test in the layout of en_183 (PMC table, rowspan cells merged away).
TABLE = """Table 2.
Trial | Year | Arms | Patients (n) | Overall survival | P value | Event free survival | P value |
NCT-ABC | 2015 | Adjuvant chemotherapy | 212 | 64.2% at 3 yr* | 0.02 | 55.0% at 3 yr* | 0.04 |
Observation | 208 | 52.9% at 3 yr | 44.1% at 3 yr | |||||
XYZ-12 trial | 2019 | Nivolumab | 301 | 18.5 | - | 12.1 | - |
Placebo | 299 | 14.0 | 9.8 | ||||
"""


def _got(text: str) -> list[tuple[str, float, str | None, float | None, str | None]]:
    values = read_tables(text, find_entities_in_text(text))
    return [(v.code, v.value, v.arm_label if not v.arm else v.arm[0], v.timepoint, v.trial) for v in values]


def test_the_shorter_row_is_the_other_arm_by_kinds() -> None:
    got = _got(TABLE)
    assert ("n_patients", 212.0, "Adjuvant chemotherapy", None, "NCT-ABC") in got
    assert ("OS_rate", 64.2, "Adjuvant chemotherapy", 36.0, "NCT-ABC") in got
    assert ("EFS_rate", 55.0, "Adjuvant chemotherapy", 36.0, "NCT-ABC") in got
    # the merged row: its count, then each rate in the next column its kind fits (P columns skipped)
    assert ("n_patients", 208.0, "Observation", None, "NCT-ABC") in got
    assert ("OS_rate", 52.9, "Observation", 36.0, "NCT-ABC") in got
    assert ("EFS_rate", 44.1, "Observation", 36.0, "NCT-ABC") in got
    # medians under the same columns stay medians; the row below pairs with its own trial's row
    assert ("mOS", 18.5, "nivolumab", None, "XYZ-12") in got and ("mOS", 14.0, "Placebo", None, "XYZ-12") in got
    assert ("mEFS", 9.8, "Placebo", None, "XYZ-12") in got
    assert not [g for g in got if g[1] in (2015.0, 2019.0, 0.02, 0.04)]


def test_merged_row_values_are_paired_with_the_row_above() -> None:
    values = read_tables(TABLE, find_entities_in_text(TABLE))
    os_obs = next(v for v in values if v.value == 52.9)
    assert os_obs.partner is not None and values[os_obs.partner].value == 64.2


def test_the_real_table() -> None:
    # en_183: adjuvant gastric trials, OS and DFS rates at 5 and 3 years
    result = extract(REAL / "en_183.txt")
    got = {(r.endpoint, r.value, r.timepoint, r.arm_label) for r in result.records}
    assert ("OS_rate", 61.1, 60, "Surgery alone") in got and ("DFS_rate", 74.0, 36, "Chemotherapy and surgery") in got
    assert ("n_patients", 1857, None, "Surgery alone") in got


# Written for this test in the layout of en_277 (PMC table: an interval column after each value
# column, the comparator's row short of its merged first cell).
CI_COLUMNS = """Table 4. Overall survival.
Analysis | Arm | N | Median OS (months) | 95% CI for median OS (months) | HR | 95% CI for HR | P-value |
Final | Cabozantinib | 331 | 21.4 | 18.7–NR | 0.66 | 0.53–0.83 | 0.0003 |
Everolimus | 327 | 16.5 | 14.7–18.8 | ||||
Updated | Cabozantinib | 331 | 21.4 | 18.7–25.0 | 0.70 | 0.58–0.85 | 0.0002 |
Everolimus | 327 | 17.1 | 15.1–19.3 | ||||
"""


def test_interval_columns_are_intervals_not_values() -> None:
    values = read_tables(CI_COLUMNS, find_entities_in_text(CI_COLUMNS))
    got = [(v.code, v.value, v.ci) for v in values]
    assert ("HR", 0.66, (0.53, 0.83)) in got and ("HR", 0.70, (0.58, 0.85)) in got
    assert ("mOS", 21.4, (18.7, 25.0)) in got  # "18.7–NR" has no upper number: no interval
    assert ("mOS", 16.5, (14.7, 18.8)) in got and ("mOS", 17.1, (15.1, 19.3)) in got  # the short rows
    # no bound of an interval is read as a value of its own
    assert not {v.value for v in values} & {0.53, 0.83, 0.58, 0.85, 14.7, 18.8, 15.1, 19.3, 18.7, 25.0}
