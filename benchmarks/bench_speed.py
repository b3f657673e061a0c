"""Speed against baselines measured in the same run (issue 12); every figure is a median.

    .venv/bin/python benchmarks/bench_speed.py                 # all four, ~1-2 min idle
    .venv/bin/python benchmarks/bench_speed.py pdf text       # some of: pdf pages100 text batch
    .venv/bin/python benchmarks/bench_speed.py --runs 7

Each measurement is a fresh process (start-up included), and the two sides of a ratio
run alternately, so a change in machine load hits both. Peak memory is the child's
own ru_maxrss (os.wait4), not the largest of all children. CPU is the child's user +
system time with its own children's (os.wait4): `extract` of a PDF forks one that reads
the PDF while the command starts the pipeline (extractor/ingest/pdf/ahead.py), so its
CPU time exceeds its wall time when a second core is free; its ru_maxrss is then the
larger of the two processes' peaks, not their sum (files over 8 MB, pages100's among
them, are read in one process).

- pdf:      `extractor extract corpus/review_2col.pdf` / a plain pdfplumber script
            printing page.extract_text() (target <= 0.5); also with the read-ahead
            child off (EXTRACTOR_READ_AHEAD=0: one process, as on a one-CPU machine)
- pages100: the same on a 100-page PDF (the review's 5 pages 20 times, built here with
            pypdfium2's page import): time ratio (target <= 0.4) and peak RSS ratio
            (target <= 1.5); also `--pdf-backend pdfplumber` for reference
- text:     `extractor extract corpus/review.txt` / `extractor --help` (target <= 6)
- batch:    `extractor batch` of 40 distinct real texts (corpus/real/*.txt), 1 worker
            time / 2 workers time (target >= 1.7 on an idle two-core machine)

The children run as on a user's machine: bytecode is written (a PYTHONDONTWRITEBYTECODE
of this shell is dropped for them, or every run would compile the package's sources
again), and the command's start-up cache (compiled patterns, lexicon; see
extractor/pattern_cache.py) lives in a folder of this run, filled by each comparison's
warm-up run. `text` also prints one run with an empty cache (a first run after install).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "corpus" / "review_2col.pdf"
TXT = ROOT / "corpus" / "review.txt"
EXTRACTOR = [sys.executable, "-m", "extractor.cli"]
PLAIN = (
    "import logging, sys, pdfplumber\n"
    "logging.getLogger('pdfminer').setLevel(logging.ERROR)\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for p in pdf.pages:\n"
    "        print(p.extract_text()); p.close()\n"
)


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "EXTRACTOR_NO_CACHE")}


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds) of one child process; raises if it fails."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env or ENV)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # batch exits 1 when a document failed
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


Run = tuple[float, float, float]
SERIAL = {**ENV, "EXTRACTOR_READ_AHEAD": "0"}


def paired(a: list[str], b: list[str], runs: int) -> tuple[list[Run], list[Run]]:
    run(a), run(b)  # warm the file cache and .pyc files for both
    xs, ys = [], []
    for _ in range(runs):
        xs.append(run(a))
        ys.append(run(b))
    return xs, ys


def med(values: list[Run], k: int = 0) -> float:
    return statistics.median(v[k] for v in values)


def report(name: str, ours: list[Run], base: list[Run], target: str) -> float:
    ratio = med(ours) / med(base)
    print(f"  {name:<34} {med(ours):7.2f} s  {med(ours, 1):6.0f} MB  cpu {med(ours, 2):5.2f} s")
    print(f"  {'baseline':<34} {med(base):7.2f} s  {med(base, 1):6.0f} MB  cpu {med(base, 2):5.2f} s")
    print(f"  ratio of medians {ratio:5.2f} ({target});  runs: "
          + " ".join(f"{x[0]:.2f}/{y[0]:.2f}" for x, y in zip(ours, base)))  # fmt: skip
    return ratio


def bench_pdf(runs: int) -> None:
    print(f"pdf: extract {PDF.name} vs plain pdfplumber extract_text(), {runs} runs of each, alternating "
          f"(machine load now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip
    ours_cmd, plain_cmd = [*EXTRACTOR, "extract", str(PDF)], [sys.executable, "-c", PLAIN, str(PDF)]
    run(ours_cmd), run(ours_cmd, SERIAL), run(plain_cmd)  # warm the file cache and .pyc files
    ours, serial, base = [], [], []
    for _ in range(runs):
        ours.append(run(ours_cmd))
        serial.append(run(ours_cmd, SERIAL))
        base.append(run(plain_cmd))
    report("extractor extract (pdfium)", ours, base, "target <= 0.5")
    report("the same, read-ahead off", serial, base, "one process")


BUILD = (
    "import sys, pypdfium2 as pdfium\n"
    "src = pdfium.PdfDocument(sys.argv[1]); out = pdfium.PdfDocument.new()\n"
    "for _ in range(int(sys.argv[3])):\n"
    "    out.import_pages(src)\n"
    "out.save(sys.argv[2]); print(len(out))\n"
)


def build_pages100(path: Path, copies: int = 20) -> int:
    """The review's pages ``copies`` times, written by a child process: a child's peak RSS
    starts from its parent's size at fork, so this process must stay small."""
    cmd = [sys.executable, "-c", BUILD, str(PDF), str(path), str(copies)]
    return int(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def bench_pages100(runs: int, tmp: Path) -> None:
    big = tmp / "review_x20.pdf"
    n = build_pages100(big)
    print(f"pages100: a {n}-page PDF (review pages x20), {runs} paired runs")
    ours, base = paired([*EXTRACTOR, "extract", str(big)], [sys.executable, "-c", PLAIN, str(big)], runs)
    ratio = report("extractor extract (pdfium)", ours, base, "target <= 0.4")
    print(f"  peak memory ratio {med(ours, 1) / med(base, 1):5.2f} (target <= 1.5); time ratio {ratio:.2f}")
    one = run([*EXTRACTOR, "extract", str(big)], SERIAL)
    print(f"  for reference, read-ahead off (one process): {one[0]:.2f} s, {one[1]:.0f} MB (1 run)")
    old = [run([*EXTRACTOR, "extract", str(big), "--pdf-backend", "pdfplumber"])]
    print(f"  for reference, --pdf-backend pdfplumber: {old[0][0]:.2f} s, {old[0][1]:.0f} MB (1 run)")


def bench_text(runs: int) -> None:
    print(f"text: extract {TXT.name} vs extractor --help, {runs} paired runs")
    ours, base = paired([*EXTRACTOR, "extract", str(TXT)], [*EXTRACTOR, "--help"], runs)
    report("extractor extract review.txt", ours, base, "target <= 6")
    with tempfile.TemporaryDirectory(prefix="bench-cold-cache-") as cold:
        first = run([*EXTRACTOR, "extract", str(TXT)], {**ENV, "EXTRACTOR_CACHE_DIR": cold})
    print(f"  for reference, a first run with an empty start-up cache: {first[0]:.2f} s")


def bench_batch(runs: int, tmp: Path) -> None:
    texts = sorted((ROOT / "corpus" / "real").glob("*.txt"))[:40]
    assert len({p.read_bytes() for p in texts}) == 40, "need 40 distinct articles"
    folder = tmp / "batch40"
    folder.mkdir()
    for p in texts:
        (folder / p.name).write_bytes(p.read_bytes())
    print(f"batch: {len(texts)} distinct real texts, 1 vs 2 workers, {runs} paired runs "
          f"(machine load now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip
    k = 0

    def cmd(workers: int) -> list[str]:
        nonlocal k
        k += 1
        return [*EXTRACTOR, "batch", str(folder), "--db", str(tmp / f"b{k}.sqlite"), "--quiet", "--workers", str(workers)]

    one, two = [], []
    run(cmd(1))
    for _ in range(runs):
        one.append(run(cmd(1)))
        two.append(run(cmd(2)))
    speedup = med(one) / med(two)
    print(f"  1 worker  {med(one):7.2f} s   2 workers {med(two):7.2f} s")
    print(f"  speed-up of 2 workers {speedup:5.2f} (target >= 1.7 on an idle machine);  runs: "
          + " ".join(f"{x[0]:.2f}/{y[0]:.2f}" for x, y in zip(one, two)))  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", nargs="*", choices=("pdf", "pages100", "text", "batch", []), default=[])
    ap.add_argument("--runs", type=int, default=5, help="paired runs per comparison (default 5; pages100: 1)")
    args = ap.parse_args()
    which = args.which or ["pdf", "pages100", "text", "batch"]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    import resource

    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(a child's peak RSS cannot be below this process's, {floor:.0f} MB)")
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        ENV["EXTRACTOR_CACHE_DIR"] = str(Path(tmp) / "cache")
        for name in which:
            if name == "pdf":
                bench_pdf(args.runs)
            elif name == "pages100":
                bench_pages100(1 if not args.which else max(1, args.runs // 3), Path(tmp))
            elif name == "text":
                bench_text(args.runs)
            elif name == "batch":
                bench_batch(max(1, args.runs // 2), Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
