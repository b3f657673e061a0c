import pytest

from extractor.evaluate.entities import Mention, norm_key, score_entities
from extractor.models import Entity
from test_evaluate_fixtures import ent, gold_spans


def m(e: Entity) -> Mention:
    return Mention(e.label, e.start, e.end, norm_key(e.norm, e.text))


def run(gold: list[Entity], pred: list[Entity]):  # type: ignore[no-untyped-def]
    return score_entities([m(e) for e in gold], [m(e) for e in pred])


def counts(scores, scheme: str, label: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    c = scores.counts[scheme][label]
    return c.tp, c.fp, c.fn


def test_perfect_prediction() -> None:
    s = run(gold_spans(), gold_spans())
    for scheme in ("strict", "partial", "normset"):
        assert counts(s, scheme, "TRIAL") == (1, 0, 0)
    assert counts(s, "strict", "DRUG") == (4, 0, 0)
    assert counts(s, "normset", "DRUG") == (3, 0, 0)  # sorafenib twice, one norm


def test_empty_prediction_and_empty_gold() -> None:
    s = run(gold_spans(), [])
    assert counts(s, "strict", "DRUG") == (0, 0, 4)
    assert counts(s, "normset", "DRUG") == (0, 0, 3)
    s = run([], gold_spans())
    assert counts(s, "partial", "DRUG") == (0, 4, 0)
    assert counts(s, "strict", "REGIMEN") == (0, 0, 0)


@pytest.mark.parametrize(
    ("shift", "strict", "partial"),
    [
        ((0, -1), (0, 1, 1), (1, 0, 0)),  # "lenvatini": strict miss, partial hit
        ((-2, 0), (0, 1, 1), (1, 0, 0)),  # ", lenvatinib": extra chars on the left
        ((11, 13), (0, 1, 1), (0, 1, 1)),  # moved off the word entirely: no overlap
    ],
)
def test_boundary_errors(shift: tuple[int, int], strict: tuple[int, int, int], partial: tuple[int, int, int]) -> None:
    gold = [ent("DRUG", "lenvatinib", norm="lenvatinib")]
    pred = [ent("DRUG", "lenvatinib", norm="lenvatinib", shift=shift)]
    s = run(gold, pred)
    assert counts(s, "strict", "DRUG") == strict
    assert counts(s, "partial", "DRUG") == partial


def test_wrong_label_is_a_miss_and_a_false_positive_in_every_scheme() -> None:
    gold = [ent("TRIAL", "REFLECT", norm="REFLECT")]
    pred = [ent("DRUG", "REFLECT", norm="REFLECT")]
    s = run(gold, pred)
    for scheme in ("strict", "partial", "normset"):
        assert counts(s, scheme, "TRIAL") == (0, 0, 1)
        assert counts(s, scheme, "DRUG") == (0, 1, 0)


def test_duplicate_prediction_is_a_false_positive() -> None:
    gold = [ent("DRUG", "瑞戈非尼", norm="regorafenib")]
    pred = gold * 2
    s = run(gold, pred)
    assert counts(s, "strict", "DRUG") == (1, 1, 0)
    assert counts(s, "partial", "DRUG") == (1, 1, 0)
    assert counts(s, "normset", "DRUG") == (1, 0, 0)  # a set: duplicates collapse
    assert s.spurious_pred["strict"] == [1]


def test_partial_matching_is_one_to_one_and_prefers_exact() -> None:
    # Gold: "瑞戈非尼"; predictions: a too-long span first, then the exact one.
    gold = [ent("DRUG", "瑞戈非尼")]
    pred = [ent("DRUG", "瑞戈非尼", shift=(-1, 0)), ent("DRUG", "瑞戈非尼")]
    s = run(gold, pred)
    assert counts(s, "partial", "DRUG") == (1, 1, 0)
    assert s.partial_pairs == [(0, 1)]


def test_normset_counts_distinct_norms_casefolded() -> None:
    gold = [ent("DRUG", "索拉非尼", norm="sorafenib"), ent("DRUG", "sorafenib", norm="sorafenib")]
    # one mention found, norm spelled in capitals; plus a drug the gold does not have
    pred = [ent("DRUG", "sorafenib", norm="Sorafenib"), ent("DRUG", "lenvatinib", norm="lenvatinib")]
    s = run(gold, pred)
    assert counts(s, "normset", "DRUG") == (1, 1, 0)
    assert counts(s, "strict", "DRUG") == (1, 1, 1)
    assert s.spurious_norms["DRUG"] == ["lenvatinib"]


def test_norm_falls_back_to_surface_text() -> None:
    assert norm_key(None, "  Lenvatinib ") == "lenvatinib"
    assert norm_key("Atezolizumab  Bevacizumab", "x") == "atezolizumab bevacizumab"
