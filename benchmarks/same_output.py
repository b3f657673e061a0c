"""Dump `extract --format json` of every corpus input, or compare two such dumps (issue 12).

Start-up work (pattern compilation, caches) must not change what the command prints:

    .venv/bin/python benchmarks/same_output.py dump /tmp/before       # on the old commit
    .venv/bin/python benchmarks/same_output.py dump /tmp/after        # on the new one
    .venv/bin/python benchmarks/same_output.py compare /tmp/before /tmp/after

Inputs: corpus/review.txt, corpus/review_2col.pdf and every corpus/real/*.txt, each
run as its own `extractor extract` process (start-up included, as a user runs it),
two at a time. `dump --cache empty|filled|off` chooses the start-up cache: a fresh
folder for every file, one folder shared by the run, or EXTRACTOR_NO_CACHE=1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def inputs() -> list[Path]:
    corpus = ROOT / "corpus"
    return [corpus / "review.txt", corpus / "review_2col.pdf", *sorted((corpus / "real").glob("*.txt"))]


def dump(out: Path, cache: str, jobs: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    shared = tempfile.mkdtemp(prefix="extractor-cache-")
    exe = Path(sys.executable).with_name("extractor")

    def one(path: Path) -> str | None:
        env = {k: v for k, v in os.environ.items() if k not in ("EXTRACTOR_NO_CACHE", "EXTRACTOR_CACHE_DIR")}
        if cache == "off":
            env["EXTRACTOR_NO_CACHE"] = "1"
        else:
            env["EXTRACTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="extractor-cache-") if cache == "empty" else shared
        proc = subprocess.run([str(exe), "extract", str(path), "--format", "json"], capture_output=True, env=env, cwd=ROOT)
        name = path.relative_to(ROOT).as_posix().replace("/", "__")
        (out / f"{name}.json").write_bytes(proc.stdout)
        (out / f"{name}.rc").write_text(f"{proc.returncode}\n{proc.stderr.decode(errors='replace')}")
        return None if proc.returncode == 0 else f"{path}: exit {proc.returncode}"

    with ThreadPoolExecutor(jobs) as pool:
        problems = [p for p in pool.map(one, inputs()) if p]
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(inputs())} inputs dumped to {out} (cache {cache})")
    return 1 if problems else 0


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = [n for n in names if not (a / n).is_file() or not (b / n).is_file() or (a / n).read_bytes() != (b / n).read_bytes()]
    for n in differ:
        print(f"differs: {n}")
    print(f"{len(names) - len(differ)} of {len(names)} files identical")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--cache", choices=("filled", "empty", "off"), default="filled")
    d.add_argument("--jobs", type=int, default=2)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        return dump(args.out, args.cache, args.jobs)
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
