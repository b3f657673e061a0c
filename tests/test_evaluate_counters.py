import pytest

from extractor.evaluate.counters import PRF, Accuracy, macro, total


@pytest.mark.parametrize(
    ("c", "p", "r", "f1"),
    [
        (PRF(tp=3, fp=1, fn=0), 0.75, 1.0, 6 / 7),
        (PRF(tp=0, fp=0, fn=4), 0.0, 0.0, 0.0),  # empty prediction
        (PRF(tp=0, fp=2, fn=0), 0.0, 0.0, 0.0),  # empty gold
        (PRF(), 0.0, 0.0, 0.0),  # nothing anywhere: never a fake 1.0
        (PRF(tp=1, fp=1, fn=1), 0.5, 0.5, 0.5),
    ],
)
def test_prf_ratios(c: PRF, p: float, r: float, f1: float) -> None:
    assert c.precision == pytest.approx(p)
    assert c.recall == pytest.approx(r)
    assert c.f1 == pytest.approx(f1)


def test_counters_add_as_micro_sums() -> None:
    assert PRF(1, 2, 3) + PRF(10, 20, 30) == PRF(11, 22, 33)
    assert total([PRF(1, 0, 0), PRF(0, 1, 0), PRF(0, 0, 1)]) == PRF(1, 1, 1)
    assert Accuracy(1, 2) + Accuracy(2, 2) == Accuracy(3, 4)
    assert Accuracy(3, 4).accuracy == 0.75


def test_macro_skips_classes_absent_from_gold_and_prediction() -> None:
    m = macro([PRF(tp=1), PRF(fn=1), PRF()])
    assert m.recall == pytest.approx(0.5)  # (1.0 + 0.0) / 2, the empty class left out
    assert macro([PRF(), PRF()]).f1 == 0.0
