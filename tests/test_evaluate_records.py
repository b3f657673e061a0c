import pytest
from test_evaluate_fixtures import TEXT, gold_records, rec

from extractor.evaluate.records import FIELDS, field_equal, match_records, score_records
from extractor.models import Record


def test_perfect_records() -> None:
    s = score_records(gold_records(), gold_records())
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (2, 0, 0)
    assert all(acc.accuracy == 1.0 for acc in s.fields.values())
    assert set(s.fields) == set(FIELDS)


def test_empty_prediction_and_empty_gold() -> None:
    s = score_records(gold_records(), [])
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (0, 0, 2)
    assert s.by_endpoint["mOS"].fn == 1
    assert s.fields["arm"].total == 0
    s = score_records([], gold_records())
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (0, 2, 0)


@pytest.mark.parametrize(
    ("change", "matches"),
    [
        ({"unit": "weeks"}, False),  # wrong unit: no match
        ({"value": 10.7}, False),
        ({"endpoint": "mPFS"}, False),
        ({"value": 10.6 + 1e-9}, True),  # float noise within tolerance
        ({"unit": " Months "}, True),  # units compare casefolded and trimmed
        ({"arm": ["sorafenib"]}, True),  # a wrong arm is a field error, not a miss
    ],
)
def test_match_condition(change: dict[str, object], matches: bool) -> None:
    gold = gold_records()[:1]
    pred = [gold[0].model_copy(update=change)]
    s = score_records(gold, pred)
    assert s.overall.tp == int(matches)
    assert s.overall.fp == s.overall.fn == int(not matches)


def test_wrong_unit_counts_under_both_endpoints() -> None:
    gold = gold_records()
    pred = [gold[0].model_copy(update={"unit": "weeks"}), gold[1]]
    s = score_records(gold, pred)
    assert (s.by_endpoint["mOS"].tp, s.by_endpoint["mOS"].fp, s.by_endpoint["mOS"].fn) == (0, 1, 1)
    assert (s.by_endpoint["ORR"].tp, s.by_endpoint["ORR"].fp, s.by_endpoint["ORR"].fn) == (1, 0, 0)


def test_duplicate_record_is_a_false_positive() -> None:
    gold = gold_records()
    s = score_records(gold, [*gold, gold[1]])
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (2, 1, 0)
    assert s.spurious_pred == [2]


def test_matching_prefers_overlapping_offsets_then_closest() -> None:
    # Two gold ORR 24.1% records far apart; predictions given in reverse order.
    g1 = rec("ORR", "24.1", 24.1, "%")
    g2 = g1.model_copy(update={"start": g1.start + 40, "end": g1.end + 40, "id": "b"})
    p_far = g2.model_copy(update={"start": g2.start + 2, "end": g2.end + 2})
    p_near = g1.model_copy()
    pairs = match_records([g1, g2], [p_far, p_near], [(p.start, p.end) for p in (p_far, p_near)])
    assert pairs == [(0, 1), (1, 0)]


@pytest.mark.parametrize(
    ("gold_fields", "pred_fields", "field", "equal"),
    [
        # arm: a set of canonical names, order ignored, casefolded
        ({"arm": ["atezolizumab", "bevacizumab"]}, {"arm": ["Bevacizumab", "atezolizumab"]}, "arm", True),
        ({"arm": ["atezolizumab", "bevacizumab"]}, {"arm": ["atezolizumab"]}, "arm", False),
        # one position's alternatives are a choice, in any order; a choice is not both drugs
        ({"arm": ["etoposide", "cisplatin/carboplatin"]}, {"arm": ["carboplatin/cisplatin", "etoposide"]}, "arm", True),
        ({"arm": ["etoposide", "cisplatin/carboplatin"]}, {"arm": ["etoposide", "cisplatin", "carboplatin"]}, "arm", False),
        # no drugs on either side: the group label decides
        ({"arm_label": "联合组"}, {"arm_label": "联合 组"}, "arm", True),
        ({"arm_label": "联合组"}, {"arm_label": "单药组"}, "arm", False),
        ({"arm_label": "combination arm"}, {"arm": ["lenvatinib"]}, "arm", False),
        # comparator: None and [] are the same "no drugs"
        ({"comparator": None}, {"comparator": []}, "comparator", True),
        ({"comparator": ["placebo"]}, {"comparator": None, "comparator_label": "placebo"}, "comparator", False),
        ({"trial": "IMbrave150"}, {"trial": "imbrave-150"}, "trial", True),
        ({"trial": "REACH-2"}, {"trial": "REACH"}, "trial", False),
        ({"criterion": "RECIST 1.1"}, {"criterion": "recist1.1"}, "criterion", True),
        ({"criterion": "mRECIST"}, {"criterion": "RECIST 1.1"}, "criterion", False),
        ({"ci_low": 0.5, "ci_high": 0.79}, {"ci_low": 0.5, "ci_high": 0.79}, "ci", True),
        ({"ci_low": 0.5, "ci_high": 0.79}, {"ci_low": 0.5, "ci_high": None}, "ci", False),
        ({"p_value": 0.001, "p_operator": "<"}, {"p_value": 0.001, "p_operator": "="}, "p", False),
        ({"p_value": 0.03, "p_operator": "="}, {"p_value": 0.03}, "p", True),  # bare value means "="
        ({"citations": [12, 13]}, {"citations": [13, 12]}, "citations", True),
        ({"citations": [12, 13]}, {"citations": [12]}, "citations", False),
        ({"timepoint": 12.0}, {"timepoint": 12}, "timepoint", True),
        ({"n": 573}, {"n": 537}, "n", False),
        ({"grade": "≥3"}, {"grade": ">= 3"}, "grade", True),
        ({"line": "second"}, {"line": None}, "line", False),
    ],
)
def test_field_equality(gold_fields: dict[str, object], pred_fields: dict[str, object], field: str, equal: bool) -> None:
    base = {"id": "r", "endpoint": "ORR", "value": 24.1, "unit": "%", "start": 0, "end": 4, "rule": "t"}
    g = Record.model_validate({**base, **gold_fields})
    p = Record.model_validate({**base, **pred_fields})
    assert field_equal(field, g, p) is equal


def test_arm_accuracy_over_matched_records() -> None:
    gold = gold_records()
    pred = [
        gold[0].model_copy(update={"arm": ["sorafenib"]}),  # wrong arm
        gold[1].model_copy(update={"arm": ["LENVATINIB"]}),  # right arm, other case
    ]
    s = score_records(gold, pred)
    assert (s.fields["arm"].correct, s.fields["arm"].total) == (1, 2)
    assert s.fields["trial"].accuracy == 1.0
    assert (0, 0, "arm") in s.field_errors


def test_fixture_offsets_ground_the_value() -> None:
    for r in gold_records():
        assert TEXT[r.start : r.end] == f"{r.value:g}"
