"""Throughput of the measurement stage, and its ratio to the tokenizer on the same text, same run.

    .venv/bin/python benchmarks/bench_measure.py [--repeat N]

The text is the bundled review's body repeated; entities come from the entity stage
when it imports (else none). The tokenizer baseline is ``extractor.tokenize.tokenize``
when present, else a private ``jieba.Tokenizer().lcut`` (printed as such).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from extractor.ingest import document_from_text
from extractor.measure import extract_records
from extractor.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]


def _tokenizer() -> tuple[str, Callable[[str], object]]:
    try:
        from extractor.tokenize import tokenize

        return "extractor.tokenize.tokenize", tokenize
    except ImportError:
        import jieba

        tok = jieba.Tokenizer()
        return "jieba.Tokenizer().lcut (fallback)", tok.lcut


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20, help="copies of the review text (default 20)")
    args = ap.parse_args(argv)
    text = (ROOT / "corpus" / "review.txt").read_text(encoding="utf-8")
    # repeat the body only: whole copies would make every later copy "references"
    head, _, rest = text.partition("原发性肝癌")
    body = "原发性肝癌" + rest.partition("利益冲突声明")[0]
    doc = document_from_text(head + "\n\n".join([body] * args.repeat) + "利益冲突声明" + rest.partition("利益冲突声明")[2])
    view = prepare(doc)
    try:
        from extractor.entities import find_entities

        entities = find_entities(doc, view)
    except Exception:  # noqa: BLE001 - the benchmark still runs without the entity stage
        entities = []
    name, tokenize = _tokenizer()
    tokenize(doc.text[:1000])  # warm caches (dictionary load) outside the timing
    extract_records(document_from_text(text[:2000]), prepare(document_from_text(text[:2000])), [], [])

    t0 = time.perf_counter()
    tokenize(doc.text)
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    records = extract_records(doc, view, entities, [])
    t_meas = time.perf_counter() - t0

    chars = len(doc.text)
    print(f"text: {chars:,} chars (review.txt with its body x {args.repeat}), {len(entities):,} entities, {len(records):,} records")
    print(f"measurement: {t_meas:.3f} s  ({chars / t_meas / 1000:.0f} kchar/s)")
    print(f"tokenizer [{name}]: {t_tok:.3f} s  ({chars / t_tok / 1000:.0f} kchar/s)")
    print(f"ratio measurement / tokenizer: {t_meas / t_tok:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
