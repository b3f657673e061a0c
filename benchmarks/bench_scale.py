"""Cost per MB as the input grows: ordinary article text and the hostile one-sentence shapes.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1,4,20] [--hostile 2000,8000]

Ordinary text: the bundled review's body and the real-corpus texts without a reference list
(a reference list would make the rest back matter), repeated to each size. Each size runs
in a fresh process that prints its own wall time and peak RSS, so one run's heap does not
inflate the next. Linear cost shows as constant seconds per MB and peak memory growing with
the input at a fixed rate; the hostile shapes (one "sentence" of thousands of values) as
seconds and MB growing ~4x when the input does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = {
    "zh_pairs": "mOS 1个月vs ",
    "drug_values": "regorafenib mOS 10.6 months ",
    "hr_ci": "HR 0.63, 95% CI 0.50-0.79; ",
}

_CHILD = r"""
import json, resource, sys, time
from extractor.ingest import document_from_text
from extractor.pipeline import analyze
text = sys.stdin.read()
analyze(document_from_text("warm-up: regorafenib mOS 10.6 months."))
t0 = time.perf_counter()
result = analyze(document_from_text(text))
print(json.dumps({"seconds": time.perf_counter() - t0, "records": len(result.records),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _ordinary_unit() -> str:
    from extractor.ingest import document_from_text
    from extractor.pipeline import prepare

    review = (ROOT / "corpus" / "review.txt").read_text(encoding="utf-8")
    body = "原发性肝癌" + review.partition("原发性肝癌")[2].partition("利益冲突声明")[0]
    parts = [body]
    for path in sorted((ROOT / "corpus" / "real").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = document_from_text(text)
        prepare(doc)
        if not any(s.kind in {"references", "back_matter"} for s in doc.sections):
            parts.append(text)
    return "\n\n".join(parts)


def _run(text: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], input=text, capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1,4,20", help="MB of ordinary text (default 1,4,20)")
    ap.add_argument("--hostile", default="2000,8000", help="repetitions of each hostile shape")
    args = ap.parse_args(argv)
    unit = _ordinary_unit()
    print("ordinary article text")
    print(f"{'MB':>6} {'seconds':>8} {'s/MB':>6} {'peak MB':>8} {'MB/MB':>6} {'records':>8}")
    for mb in (float(x) for x in args.sizes.split(",")):
        reps = max(1, round(mb * 1e6 / len(unit.encode())))
        text = "\n\n".join([unit] * reps)
        size = len(text.encode()) / 1e6
        r = _run(text)
        print(f"{size:6.1f} {r['seconds']:8.1f} {r['seconds'] / size:6.2f} {r['peak_mb']:8.0f} "
              f"{r['peak_mb'] / size:6.1f} {r['records']:8d}")
    print("\nhostile one-sentence shapes (4x the input should cost ~4x)")
    print(f"{'shape':<12} {'reps':>6} {'kB':>6} {'seconds':>8} {'peak MB':>8} {'records':>8}")
    for name, shape in HOSTILE.items():
        for reps in (int(x) for x in args.hostile.split(",")):
            text = shape * reps
            r = _run(text)
            print(f"{name:<12} {reps:6d} {len(text.encode()) / 1e3:6.0f} {r['seconds']:8.2f} "
                  f"{r['peak_mb']:8.0f} {r['records']:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
