"""``extractor evaluate``: score the extractor against the gold set; optional regression gate."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score extractions against the gold annotations",
        description=(
            "Score entities (strict, partial, normalized-set) and records (P/R/F1, field "
            "accuracy) against gold/*.gold.jsonl. Without --pred, runs the extractor on every "
            "source listed in gold/sources.json (the text and the PDF of the same article)."
        ),
    )
    p.add_argument(
        "--gold", type=Path, default=Path("gold"), metavar="DIR",
        help="gold directory with *.gold.jsonl and sources.json (default: gold/)",
    )
    p.add_argument(
        "--pred", type=Path, metavar="FILE.jsonl",
        help="score these DocumentResult objects (one JSON per line) instead of running "
        "the extractor; matched to sources by path, then by doc_id",
    )
    p.add_argument(
        "--split", choices=("dev", "test"),
        help="score only the real-text documents of this split (write rules against dev; "
        "test is scored once per release)",
    )
    p.add_argument(
        "--no-test", action="store_true",
        help="leave the real-text test split out (the regression gate and development runs: the test "
        "split is scored once per release, never tuned on)",
    )
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument(
        "--errors", action="store_true",
        help="list every false positive, false negative and wrong record field with its sentence",
    )
    p.add_argument(
        "--fail-under", type=Path, metavar="BASELINE",
        help="exit 1 when any score falls more than 0.005 below this baseline "
        "(e.g. gold/baseline.json) and list the gold items lost",
    )
    p.add_argument(
        "--write-baseline", type=Path, metavar="FILE",
        help="write the scores and matched gold items as a new baseline (a deliberate commit)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from extractor.evaluate import gate
    from extractor.evaluate.corpus import evaluate_corpus
    from extractor.evaluate.report import format_errors, format_table

    if args.fail_under is not None:
        gate.load_baseline(args.fail_under)  # fail fast, before a slow extraction run
    report = evaluate_corpus(args.gold, pred_path=args.pred, split=args.split, no_test=args.no_test)
    result = gate.check(report, args.fail_under) if args.fail_under is not None else None
    if args.json:
        # One JSON document on stdout, gate verdict included, so machines need not parse text.
        data = report.to_dict()
        if result is not None:
            data["gate"] = result.to_dict()
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_table(report), end="")
        if args.errors:
            print(format_errors(report), end="")
        if result is not None:
            print(gate.format_gate(result), end="")
    if args.write_baseline is not None:
        gate.write_baseline(report, args.write_baseline)
        if not args.json:
            print(f"baseline written to {args.write_baseline}")
    return 0 if result is None or result.passed else 1
