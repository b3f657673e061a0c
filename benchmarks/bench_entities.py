"""Throughput of the entity stage on ~1 MB of mixed text, against jieba in the same run.

Usage: .venv/bin/python benchmarks/bench_entities.py [--mb 1.0]
Prints MB/s of find_entities (normalize excluded and included) and its ratio to the time
our own jieba.Tokenizer instance takes to lcut the same text (target: ratio <= 0.5).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extractor.entities import find_entities
from extractor.models import Document
from extractor.normalize import normalize
from extractor.tokenize import default_segmenter

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    review = (ROOT / "corpus" / "review.txt").read_text(encoding="utf-8")
    size = int(args.mb * 1_000_000)
    text = (review * (size // len(review) + 1))[:size]
    doc = Document(doc_id="bench", source="<bench>", media_type="text/plain", text=text)

    find_entities(doc, normalize(review))  # compile matchers outside the timing
    seg = default_segmenter()

    t0 = time.perf_counter()
    view = normalize(text)
    t1 = time.perf_counter()
    ents = find_entities(doc, view)
    t2 = time.perf_counter()
    seg.lcut(text)
    t3 = time.perf_counter()

    mb = len(text.encode("utf-8")) / 1e6
    ent_s, norm_s, jieba_s = t2 - t1, t1 - t0, t3 - t2
    print(f"text: {len(text):,} chars ({mb:.2f} MB utf-8), {len(ents):,} entities")
    print(f"normalize:      {norm_s:6.2f} s")
    print(f"entities:       {ent_s:6.2f} s  ({mb / ent_s:.2f} MB/s)")
    print(f"jieba lcut:     {jieba_s:6.2f} s  ({mb / jieba_s:.2f} MB/s)")
    print(f"ratio entities / jieba: {ent_s / jieba_s:.2f}  (target <= 0.5)")
    print(f"ratio (entities + normalize) / jieba: {(ent_s + norm_s) / jieba_s:.2f}")


if __name__ == "__main__":
    main()
