"""End to end: a tiny gold directory, prediction files, the CLI command and the regression gate."""

import argparse
import hashlib
import json
from pathlib import Path

import pytest
from test_evaluate_fixtures import TEXT, gold_records, gold_spans

from extractor.commands import evaluate as command
from extractor.evaluate import evaluate_corpus, format_errors, format_table
from extractor.evaluate.data import EvaluationError
from extractor.evaluate.gate import check, write_baseline
from extractor.evaluate.document import sentence_around
from extractor.models import DocumentResult, Entity, GoldDocument, Sentence

# The same article as a PDF reader might render it: a running head, broken lines,
# compatibility ideographs, different citation markup.
PDF_TEXT = (
    "临床肝胆病杂志第40卷第2期\n"
    + TEXT.replace("瑞戈非尼", "瑞戈⾮尼").replace("个月", "个\n⽉").replace("^[12-13]", "^{12-13}")
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "corpus" / "a.pdf").write_bytes(b"%PDF-1.4 not really")
    doc_id = sha(TEXT.encode())
    gold = GoldDocument(
        doc_id=doc_id, source="corpus/a.txt", text_sha256=sha(TEXT.encode()),
        spans=gold_spans(), records=gold_records(),
    )
    (tmp_path / "gold" / "review.gold.jsonl").write_text(gold.model_dump_json() + "\n", encoding="utf-8")
    sources = [
        {"source": "corpus/a.txt", "gold_doc_id": doc_id},
        {"source": "corpus/a.pdf", "gold_doc_id": doc_id, "align": True},
    ]
    (tmp_path / "gold" / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    return tmp_path


def pdf_entity(e: Entity) -> Entity:
    """The gold entity moved onto PDF_TEXT (its nth occurrence kept)."""
    surface = e.text.replace("瑞戈非尼", "瑞戈⾮尼")
    nth = TEXT[: e.start].count(e.text)
    start = -1
    for _ in range(nth + 1):
        start = PDF_TEXT.index(surface, start + 1)
    return e.model_copy(update={"text": surface, "start": start, "end": start + len(surface)})


def write_preds(repo: Path, *, drop_drug: bool = False) -> Path:
    spans = [e for e in gold_spans() if not (drop_drug and e.text == "lenvatinib")]
    txt = DocumentResult(
        doc_id=sha(TEXT.encode()), source="corpus/a.txt", media_type="text/plain", text=TEXT,
        entities=spans, records=gold_records(),
    )
    records = []
    for r in gold_records():
        start = PDF_TEXT.index(TEXT[r.start : r.end])
        records.append(r.model_copy(update={"start": start, "end": r.end - r.start + start}))
    pdf = DocumentResult(
        doc_id=sha(b"%PDF-1.4 not really"), source=str(repo / "corpus" / "a.pdf"),
        media_type="application/pdf", text=PDF_TEXT,
        entities=[pdf_entity(e) for e in spans], records=records,
    )
    path = repo / "pred.jsonl"
    path.write_text(txt.model_dump_json() + "\n" + pdf.model_dump_json() + "\n", encoding="utf-8")
    return path


def test_perfect_predictions_score_one_on_text_and_aligned_pdf(repo: Path) -> None:
    report = evaluate_corpus(repo / "gold", pred_path=write_preds(repo))
    scores = report.scores()
    for doc in ("a.txt", "a.pdf"):
        assert scores[f"{doc}/entities/DRUG/strict/f1"] == 1.0
        assert scores[f"{doc}/entities/micro/partial/f1"] == 1.0
        assert scores[f"{doc}/entities/TRIAL/normset/recall"] == 1.0
        assert scores[f"{doc}/records/all/f1"] == 1.0
        assert scores[f"{doc}/records/fields/arm/accuracy"] == 1.0
    assert "a.txt/alignment/coverage" not in scores
    assert scores["a.pdf/alignment/coverage"] > 0.99
    assert report.warnings == []
    table = format_table(report)
    assert "a.pdf" in table and "coverage" in table and "DRUG_CLASS" in table


def test_missed_drug_is_listed_with_its_sentence(repo: Path) -> None:
    report = evaluate_corpus(repo / "gold", pred_path=write_preds(repo, drop_drug=True))
    scores = report.scores()
    assert scores["a.txt/entities/DRUG/strict/recall"] == pytest.approx(3 / 4)
    assert scores["a.pdf/entities/DRUG/strict/recall"] == pytest.approx(3 / 4)
    errors = format_errors(report)
    assert "FN    entities         DRUG       lenvatinib" in errors
    assert "In REFLECT, ⟦lenvatinib⟧ achieved an ORR of 24.1% vs 9.2% with sorafenib." in errors


def test_gate_passes_on_same_scores_and_fails_with_items_lost(repo: Path) -> None:
    baseline = repo / "gold" / "baseline.json"
    write_baseline(evaluate_corpus(repo / "gold", pred_path=write_preds(repo)), baseline)
    assert check(evaluate_corpus(repo / "gold", pred_path=write_preds(repo)), baseline).passed
    worse = check(evaluate_corpus(repo / "gold", pred_path=write_preds(repo, drop_drug=True)), baseline)
    assert not worse.passed
    assert ("a.txt/entities/DRUG/strict/recall", 1.0, 0.75) in worse.fallen
    lenva = TEXT.index("lenvatinib")
    assert worse.lost["a.txt/entities/strict"] == [f"DRUG {lenva}-{lenva + 10} lenvatinib"]
    assert worse.lost["a.pdf/entities/normset"] == ["DRUG lenvatinib"]


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="extractor")
    command.add_parser(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_exit_codes_and_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = str(repo / "gold")
    baseline = str(repo / "base.json")
    good = str(write_preds(repo).rename(repo / "good.jsonl"))
    bad = str(write_preds(repo, drop_drug=True))
    assert run_cli(["evaluate", "--gold", gold, "--pred", good, "--write-baseline", baseline]) == 0
    assert run_cli(["evaluate", "--gold", gold, "--pred", good, "--fail-under", baseline]) == 0
    capsys.readouterr()
    assert run_cli(["evaluate", "--gold", gold, "--pred", bad, "--fail-under", baseline, "--errors"]) == 1
    out = capsys.readouterr().out
    assert "regression gate: FAILED" in out and "lost in a.txt/records" not in out
    assert run_cli(["evaluate", "--gold", gold, "--pred", good, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scores"]["a.pdf/records/all/f1"] == 1.0


def test_errors_name_the_file(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no \\*.gold.jsonl"):
        evaluate_corpus(tmp_path / "corpus")
    bad = repo / "bad.jsonl"
    bad.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="bad.jsonl:1: not a DocumentResult"):
        evaluate_corpus(repo / "gold", pred_path=bad)


def test_source_without_prediction_is_a_warning(repo: Path) -> None:
    preds = write_preds(repo)
    preds.write_text(preds.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    report = evaluate_corpus(repo / "gold", pred_path=preds)
    assert [d.name for d in report.docs] == ["a.txt"]
    assert report.warnings == ["corpus/a.pdf: no prediction for this source; not scored"]


def test_cli_json_carries_the_gate_verdict(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, baseline = str(repo / "gold"), str(repo / "base.json")
    good = str(write_preds(repo).rename(repo / "good.jsonl"))
    bad = str(write_preds(repo, drop_drug=True))
    assert run_cli(["evaluate", "--gold", gold, "--pred", good, "--write-baseline", baseline]) == 0
    capsys.readouterr()
    assert run_cli(["evaluate", "--gold", gold, "--pred", bad, "--fail-under", baseline, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["gate"]["passed"] is False
    assert data["gate"]["lost"]["a.pdf/entities/normset"] == ["DRUG lenvatinib"]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # Chinese punctuation ends sentences; the span is bracketed
        ("背景。瑞戈非尼的mOS为10.6个月。其他", "瑞戈非尼", "⟦瑞戈非尼⟧的mOS为10.6个月。"),
        # a PDF line break inside a sentence is not a boundary and is shown as a space
        ("临床。瑞戈非尼的mOS为10.6个\n月。", "10.6", "瑞戈非尼的mOS为⟦10.6⟧个 月。"),
        # a blank line is a boundary
        ("Title line\n\nIn REFLECT, lenvatinib won! Next", "lenvatinib", "In REFLECT, ⟦lenvatinib⟧ won!"),
    ],
)
def test_sentence_around(text: str, surface: str, expected: str) -> None:
    i = text.index(surface)
    assert sentence_around(text, i, i + len(surface)) == expected


def test_sentence_around_prefers_the_document_split() -> None:
    text = "HR=0.63. P<0.001"
    sents = [Sentence(start=0, end=16, lang="en")]  # the splitter knows "0.63." is no sentence end
    i = text.index("P<")
    assert sentence_around(text, i, i + 1, sents) == "HR=0.63. ⟦P⟧<0.001"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read baseline"),
        ("{not json", "baseline is not JSON"),
        ('{"version": 1}', "baseline has no 'scores' object"),
    ],
)
def test_unusable_baseline_is_a_user_error(repo: Path, content: str | None, message: str) -> None:
    baseline = repo / "base.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        run_cli(["evaluate", "--gold", str(repo / "gold"), "--pred", str(write_preds(repo)),
                 "--fail-under", str(baseline)])


def test_gate_fails_on_a_source_no_longer_scored_and_passes_on_improvement(repo: Path) -> None:
    baseline = repo / "base.json"
    write_baseline(evaluate_corpus(repo / "gold", pred_path=write_preds(repo, drop_drug=True)), baseline)
    better = check(evaluate_corpus(repo / "gold", pred_path=write_preds(repo)), baseline)
    assert better.passed and ("a.txt/entities/DRUG/strict/recall", 0.75, 1.0) in better.improved
    preds = write_preds(repo)
    preds.write_text(preds.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    gone = check(evaluate_corpus(repo / "gold", pred_path=preds), baseline)
    assert not gone.passed
    assert "a.pdf/records/all/f1" in gone.missing and not gone.fallen


def test_gate_names_the_record_whose_field_broke(repo: Path) -> None:
    baseline = repo / "base.json"
    write_baseline(evaluate_corpus(repo / "gold", pred_path=write_preds(repo)), baseline)
    preds = write_preds(repo)
    lines = preds.read_text(encoding="utf-8").splitlines()
    txt = DocumentResult.model_validate_json(lines[0])
    txt.records[0].arm = ["sorafenib"]  # the mOS record now names the wrong drug
    preds.write_text(txt.model_dump_json() + "\n" + lines[1] + "\n", encoding="utf-8")
    result = check(evaluate_corpus(repo / "gold", pred_path=preds), baseline)
    assert ("a.txt/records/fields/arm/accuracy", 1.0, 0.5) in result.fallen
    start = TEXT.index("10.6")
    assert result.lost == {"a.txt/records/fields": [f"mOS 10.6months @{start} arm"]}
