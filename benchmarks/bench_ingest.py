"""Ingestion speed: our PDF reader vs plain pdfplumber text on the same pages, same run.

Run: .venv/bin/python benchmarks/bench_ingest.py [--repeat N]
Prints pages/s of read_pdf, pages/s of page.extract_text() (baseline), their time ratio
(target <= 1.3), chars/s of text ingestion, and the CLI's wall time against a plain
script printing pdfplumber text (both as subprocesses).
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "review_2col.pdf"
TXT = ROOT / "corpus" / "review.txt"

PLAIN_SCRIPT = (
    "import logging, sys, pdfplumber\n"
    "logging.getLogger('pdfminer').setLevel(logging.ERROR)\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for p in pdf.pages:\n"
    "        print(p.extract_text()); p.close()\n"
)


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def plain_pdfplumber() -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(PDF) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # the baseline must be quiet too

    from extractor.ingest.pdf import read_pdf

    pages = plain_pdfplumber()  # warm imports and caches for both sides
    read_pdf(PDF)
    ours = _best(lambda: read_pdf(PDF), args.repeat)
    plain = _best(plain_pdfplumber, args.repeat)
    print(f"pdf: {pages} pages of {PDF.name}, best of {args.repeat}")
    print(f"  ours  read_pdf            {ours:7.3f} s  {pages / ours:7.1f} pages/s")
    print(f"  plain page.extract_text() {plain:7.3f} s  {pages / plain:7.1f} pages/s")
    print(f"  ratio ours/plain          {ours / plain:7.2f}   (target <= 1.30)")

    try:
        from extractor.ingest import ingest  # type: ignore[attr-defined]
    except ImportError:
        print("text: extractor.ingest.ingest not available yet; skipped")
    else:
        n_chars = len(TXT.read_text(encoding="utf-8"))
        t_txt = _best(lambda: ingest(TXT), args.repeat)
        print(f"text: ingest(review.txt)   {t_txt:7.3f} s  {n_chars / t_txt:12,.0f} chars/s")

    cli = [sys.executable, "-m", "extractor.cli", "ingest", str(PDF)]
    plain_cmd = [sys.executable, "-c", PLAIN_SCRIPT, str(PDF)]
    status = subprocess.run(cli, capture_output=True, text=True).returncode
    if status != 0:
        print(f"cli: extractor ingest failed (exit {status})")
        return 1

    def timed(cmd: list[str]) -> None:
        subprocess.run(cmd, capture_output=True, text=True, check=False)

    t_cli = _best(lambda: timed(cli), args.repeat)
    t_plain = _best(lambda: timed(plain_cmd), args.repeat)
    print(f"cli: extractor ingest       {t_cli:7.3f} s (best of {args.repeat})")
    print(f"     plain pdfplumber script {t_plain:6.3f} s   ratio {t_cli / t_plain:5.2f}   (target <= 1.30)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
