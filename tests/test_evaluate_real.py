"""Scoring the real-text corpus: set-only gold, records with the right arm, per-split totals."""

from __future__ import annotations

from pathlib import Path

from extractor.evaluate.corpus import evaluate_corpus
from extractor.evaluate.records import score_records
from extractor.models import DocumentResult, Entity, GoldDocument, Record

ROOT = Path(__file__).resolve().parent.parent


def _as_prediction(gold: GoldDocument, text: str, *, drop_arms: bool = False) -> DocumentResult:
    """A prediction that says exactly what the gold says (optionally without arms)."""
    ents = [Entity(label="DRUG", text=d, start=0, end=1, norm=d, rule="test") for d in gold.drug_set or []]
    ents += [Entity(label="TRIAL", text=t, start=0, end=1, norm=t.replace("-", " "), rule="test")
             for t in gold.trial_set or []]
    recs = [r.model_copy(update={"arm": [], "arm_label": None} if drop_arms else {}) for r in gold.records]
    return DocumentResult(doc_id=gold.doc_id, source=gold.source, media_type="text/plain", text=text,
                          entities=ents, records=recs)


def _write_preds(tmp_path: Path, *, drop_arms: bool = False) -> Path:
    lines = []
    for raw in (ROOT / "gold" / "real.gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = GoldDocument.model_validate_json(raw)
        text = (ROOT / gold.source).read_text(encoding="utf-8")
        lines.append(_as_prediction(gold, text, drop_arms=drop_arms).model_dump_json())
    path = tmp_path / "preds.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_gold_as_prediction_scores_one_on_every_split_row(tmp_path: Path) -> None:
    report = evaluate_corpus(ROOT / "gold", pred_path=_write_preds(tmp_path), split="dev")
    totals = report.split_totals()
    assert set(totals) == {"dev"}
    for row in ("records", "records+arm", "drugs", "trials"):  # trial names compare without separators
        assert totals["dev"][row].f1 == 1.0, row
    assert all(k.startswith("real-dev/") for k in report.scores())  # real texts are scored per split only


def test_records_without_arms_keep_records_but_lose_the_arm_row(tmp_path: Path) -> None:
    report = evaluate_corpus(ROOT / "gold", pred_path=_write_preds(tmp_path, drop_arms=True), no_test=True)
    totals = report.split_totals()
    assert "test" not in totals and totals["dev"]["records"].f1 == 1.0
    assert totals["dev"]["records+arm"].f1 < 0.6  # most gold records name an arm


def test_control_labels_compare_by_kind() -> None:
    def rec(arm: list[str], label: str | None) -> Record:
        return Record(id="r", endpoint="mOS", value=10.0, unit="month", arm=arm, arm_label=label,
                      start=0, end=2, rule="t")
    assert score_records([rec([], "安慰剂组")], [rec([], "placebo arm")]).with_arm.tp == 1
    assert score_records([rec([], "化疗组")], [rec([], "chemotherapy alone")]).with_arm.tp == 1
    assert score_records([rec([], "placebo")], [rec([], "chemotherapy")]).with_arm.tp == 0
