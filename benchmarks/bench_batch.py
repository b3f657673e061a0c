"""Batch throughput, scaling, rerun cost and peak memory, measured on variants of the corpus.

    .venv/bin/python benchmarks/bench_batch.py            # 200 documents + a 300-page PDF (minutes)
    .venv/bin/python benchmarks/bench_batch.py --quick    # 40 documents + a 30-page PDF

Prints documents per second with 1 worker and with 2 (target ratio >= 1.7 on two
cores), the time of a rerun where everything is done (target < 5% of the first
run) and the peak RSS of the largest worker; then the peak memory of one worker
extracting a long PDF built by repeating the review's pages (target < 1 GB).
Every measurement runs in a fresh child process, so imports and caches of one
run do not help the next, and getrusage(RUSAGE_CHILDREN) is that run's workers only.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


# -- inputs ----------------------------------------------------------------------
def make_batch(folder: Path, *, count: int, pdf_every: int) -> tuple[int, int]:
    """``count`` documents with distinct sha256: the text with a unique last line, and
    every ``pdf_every``-th one a copy of the PDF with a unique comment after %%EOF
    (readers ignore bytes after the last %%EOF; the hash changes)."""
    text = (CORPUS / "review.txt").read_text(encoding="utf-8")
    pdf = (CORPUS / "review_2col.pdf").read_bytes()
    pdfs = 0
    for i in range(count):
        if pdf_every and i % pdf_every == pdf_every - 1:
            (folder / f"doc{i:04d}.pdf").write_bytes(pdf + f"\n%variant {i}\n".encode())
            pdfs += 1
        else:
            (folder / f"doc{i:04d}.txt").write_text(f"{text}\n(variant {i})\n", encoding="utf-8")
    return count - pdfs, pdfs


def _pdf_value(v: Any) -> str:
    from pdfminer.pdftypes import PDFObjRef
    from pdfminer.psparser import PSLiteral

    if isinstance(v, PDFObjRef):
        return f"{v.objid} 0 R"
    if isinstance(v, PSLiteral):
        name = v.name if isinstance(v.name, str) else v.name.decode("latin-1")
        return "/" + name
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return f"{v:.6f}"
    if isinstance(v, bytes | str):
        raw = v if isinstance(v, bytes) else v.encode("latin-1")
        return "<" + raw.hex() + ">"
    if isinstance(v, list):
        return "[" + " ".join(_pdf_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "<<" + " ".join(f"/{k} {_pdf_value(x)}" for k, x in v.items()) + ">>"
    if v is None:
        return "null"
    raise TypeError(f"cannot write PDF value of type {type(v).__name__}")


def make_long_pdf(src: Path, dst: Path, pages: int) -> None:
    """A ``pages``-page PDF repeating ``src``'s pages, written as an incremental update.

    New page objects share the original content streams and resources; a new page
    tree and catalog go after the original bytes, with an xref section whose /Prev
    is the original one. Only pdfminer (bundled with pdfplumber) is needed.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    data = src.read_bytes()
    with open(src, "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        originals = [dict(p.attrs) for p in PDFPage.create_pages(doc)]
        size = max(max(x.get_objids()) for x in doc.xrefs) + 1
    prev = int(data[data.rindex(b"startxref") :].split()[1])
    pages_id, catalog_id = size, size + 1
    objs: dict[int, str] = {}
    for i in range(pages):
        attrs = {k: v for k, v in originals[i % len(originals)].items() if k not in ("Parent", "Annots")}
        objs[size + 2 + i] = _pdf_value(attrs)[:-2] + f" /Parent {pages_id} 0 R>>"
    kids = " ".join(f"{size + 2 + i} 0 R" for i in range(pages))
    objs[pages_id] = f"<</Type /Pages /Count {pages} /Kids [{kids}]>>"
    objs[catalog_id] = f"<</Type /Catalog /Pages {pages_id} 0 R>>"
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for oid in sorted(objs):
        offsets[oid] = len(out)
        out += f"{oid} 0 obj\n{objs[oid]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n{size} {len(objs)}\n".encode()
    out += b"".join(f"{offsets[oid]:010d} 00000 n \n".encode() for oid in sorted(objs))
    out += (f"trailer\n<</Size {size + len(objs)} /Root {catalog_id} 0 R /Prev {prev}>>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()  # fmt: skip
    dst.write_bytes(bytes(out))


# -- one measured run, in a child process -------------------------------------------
def child_run(folder: str, db: str, workers: int) -> None:
    import time

    from extractor.batch.runner import run_batch

    started = time.perf_counter()
    s = run_batch([folder], db, workers=workers)
    elapsed = time.perf_counter() - started
    first_error = s.failures[0][1] if s.failures else ""
    print(json.dumps({
        "seconds": elapsed, "done": s.done, "failed": s.failed, "skipped": s.skipped,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "parent_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "first_error": first_error,
    }))  # fmt: skip


def measure(folder: Path, db: Path, workers: int) -> dict[str, Any]:
    import time

    cmd = [sys.executable, __file__, "--child", str(folder), str(db), str(workers)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started  # with interpreter start and imports
    return result


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="40 documents and a 30-page PDF")
    ap.add_argument("--docs", type=int, help="documents in the batch (default 200; quick 40)")
    ap.add_argument("--pdf-every", type=int, default=10, help="every N-th document is a PDF (default 10)")
    ap.add_argument("--long-pages", type=int, help="pages of the long PDF (default 300; quick 30; 0 skips)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child_run(args.child[0], args.child[1], int(args.child[2]))
        return 0
    docs = args.docs or (40 if args.quick else 200)
    long_pages = args.long_pages if args.long_pages is not None else (30 if args.quick else 300)

    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        batch = tmp / "batch"
        batch.mkdir()
        texts, pdfs = make_batch(batch, count=docs, pdf_every=args.pdf_every)
        print(f"batch: {docs} documents ({texts} text, {pdfs} PDF), distinct sha256 each")
        one = measure(batch, tmp / "w1.sqlite", 1)
        two = measure(batch, tmp / "w2.sqlite", 2)
        rerun = measure(batch, tmp / "w2.sqlite", 2)
        for name, r in (("1 worker", one), ("2 workers", two)):
            rate = docs / r["seconds"]
            print(f"{name:>10}: {r['seconds']:7.1f} s  {rate:6.2f} docs/s  done {r['done']} failed {r['failed']}  "
                  f"peak RSS worker {r['worker_peak_mb']:.0f} MB, writer {r['parent_peak_mb']:.0f} MB")  # fmt: skip
        if one["failed"] or two["failed"]:
            print(f"  warning: documents failed, e.g. {one['first_error'] or two['first_error']}")
        ratio = one["seconds"] / two["seconds"]
        print(f"scaling 2 vs 1 workers: {ratio:.2f}x (target >= 1.7) {verdict(ratio >= 1.7)}")
        share = rerun["seconds"] / two["seconds"]
        print(f"rerun, all done: {rerun['seconds']:.2f} s = {share:.1%} of the first run "
              f"(target < 5%) {verdict(share < 0.05)}; skipped {rerun['skipped']}; "
              f"as a command with start-up: {rerun['wall']:.2f} s = {rerun['wall'] / two['wall']:.1%}")  # fmt: skip

        if long_pages:
            folder = tmp / "long"
            folder.mkdir()
            make_long_pdf(CORPUS / "review_2col.pdf", folder / f"long{long_pages}.pdf", long_pages)
            r = measure(folder, tmp / "long.sqlite", 1)
            status = "done" if r["done"] else f"FAILED ({r['first_error']})"
            print(f"{long_pages}-page PDF: {r['seconds']:.1f} s, {status}; peak RSS of the worker "
                  f"{r['worker_peak_mb']:.0f} MB (target < 1024 MB) {verdict(r['worker_peak_mb'] < 1024)}")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
