"""OCR of scanned pages: seconds per page, peak memory, and accuracy against the text layer.

Scans are made here: pages of corpus/review_2col.pdf rendered at 150 and 300 dpi and
written by Pillow as image-only PDFs (optionally turned 0.4 degrees with speckle noise,
like a sheet on a scanner glass). Each configuration runs in a fresh process, so its
peak resident memory is its own. The baseline, measured in the same run, is reading
the same pages from their text layer.

    .venv/bin/python benchmarks/bench_ocr.py            # pages 2-3, about a minute on an idle machine
    .venv/bin/python benchmarks/bench_ocr.py --full     # all 5 pages and the record F1 (slow)
    .venv/bin/python benchmarks/bench_ocr.py --dpi 150 200 300   # render resolutions to compare

Figures: docs/ocr.md.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "review_2col.pdf"
TXT = ROOT / "corpus" / "review.txt"


def make_scan(out: Path, pages: list[int], dpi: int, *, skew: bool) -> None:
    import numpy as np
    import pypdfium2
    from PIL import Image

    src = pypdfium2.PdfDocument(str(PDF))
    images = []
    rng = np.random.default_rng(7)
    for n in pages:
        img = src[n - 1].render(scale=dpi / 72).to_pil().convert("L")
        if skew:
            img = img.rotate(0.4, resample=Image.BICUBIC, expand=False, fillcolor=255)
            arr = np.asarray(img).copy()
            specks = rng.random(arr.shape) < 0.002
            arr[specks] = rng.integers(0, 160, size=int(specks.sum()), dtype=np.uint8)
            img = Image.fromarray(arr)
        images.append(img)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    src.close()


def _comparable(text: str) -> str:
    return re.sub(r"[\s^{}$]", "", text.replace("\\text", "").replace("\\beta", "β"))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _comparable(a), _comparable(b), autojunk=False).ratio()


def _body(text: str) -> str:
    start = text.index("原发性肝癌是全球常见")
    return text[start : text.index("参考文献", start)]


def child(args: argparse.Namespace) -> None:
    """One configuration, in its own process: read (and for --full, extract and score) a scan."""
    from extractor.ingest.pdf import ocr, read_pdf

    ocr.RENDER_DPI = args.render_dpi
    path = Path(args.scan)
    out: dict[str, object] = {}
    # engine start-up (model load) is paid once per process; measured apart from the pages
    if not args.text_layer:
        t0 = time.perf_counter()
        ocr._engine()
        out["load_s"] = time.perf_counter() - t0
    mode = "never" if args.text_layer else "always"
    w0, c0 = time.perf_counter(), time.process_time()
    got = read_pdf(path, ocr=mode)
    out["wall_s"] = time.perf_counter() - w0
    out["cpu_s"] = time.process_time() - c0
    out["pages"] = len(got.pages)
    if args.text_layer:
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out))
        return
    ref = read_pdf(PDF, ocr="never")
    pages = [int(p) for p in args.pages.split(",")]
    ours = "".join(got.text[p.start : p.end] for p in got.pages)
    theirs = "".join(ref.text[ref.pages[n - 1].start : ref.pages[n - 1].end] for n in pages)
    out["page_similarity"] = _ratio(theirs, ours)
    if args.full:
        from extractor.evaluate.data import load_gold
        from extractor.evaluate.document import score_document
        from extractor.ingest import ingest
        from extractor.ocr_checks import confident
        from extractor.pipeline import analyze

        out["body_similarity"] = _ratio(_body(TXT.read_text(encoding="utf-8")), _body(got.text))
        gold = next(g for g in load_gold(ROOT / "gold").values() if g.source == "corpus/review.txt")
        gold_text = TXT.read_text(encoding="utf-8")
        result = analyze(ingest(path, ocr=mode))
        scores = score_document(gold, result, gold_text=gold_text, name="scan", align_to_gold=True)
        o = scores.records.overall
        out["records"] = {"precision": o.precision, "recall": o.recall, "f1": o.f1}
        text_layer = analyze(ingest(PDF, ocr="never"))

        def key(r):  # type: ignore[no-untyped-def]
            return (r.endpoint, r.value, r.value_high, r.unit, r.ci_low, r.ci_high, r.p_value, r.comparator_value)

        right = {key(r) for r in text_layer.records}
        wrong = [r for r in result.records if key(r) not in right]
        out["numbers_not_in_text_layer"] = len(wrong)
        out["of_them_confident"] = sum(confident(r) for r in wrong)
        out["records_flagged"] = sum(not confident(r) for r in result.records)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="all five pages, body similarity and record F1")
    ap.add_argument("--dpi", type=int, nargs="+", default=[200], help="render resolutions (default 200)")
    ap.add_argument("--skew", action="store_true", help="also scans turned 0.4 degrees with noise")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--scan", help=argparse.SUPPRESS)
    ap.add_argument("--pages", help=argparse.SUPPRESS)
    ap.add_argument("--render-dpi", type=int, default=200, help=argparse.SUPPRESS)
    ap.add_argument("--text-layer", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    pages = [1, 2, 3, 4, 5] if args.full else [2, 3]  # two pages: running headers need two to be seen
    load = os.getloadavg()[0]
    print(f"bench_ocr: pages {pages} of {PDF.name}; load average {load:.1f} on {os.cpu_count()} CPUs "
          "(wall time grows with load; CPU time does not)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[str, Path, int, bool]] = [("text layer (baseline)", PDF, 200, True)]
        for scan_dpi in (150, 300):
            for skew in (False, True) if args.skew else (False,):
                path = Path(tmp) / f"scan{scan_dpi}{'_skew' if skew else ''}.pdf"
                make_scan(path, pages, scan_dpi, skew=skew)
                for dpi in args.dpi:
                    runs.append((f"scan {scan_dpi} dpi{' skewed+noise' if skew else ''}, render {dpi}", path, dpi, False))
        base: dict[str, float] | None = None
        for label, path, dpi, text_layer in runs:
            cmd = [sys.executable, __file__, "--child", "--scan", str(path), "--pages", ",".join(map(str, pages)),
                   "--render-dpi", str(dpi)] + (["--text-layer"] if text_layer else []) + (["--full"] if args.full and not text_layer else [])  # fmt: skip
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
            res = json.loads(proc.stdout.strip().splitlines()[-1])
            n = res["pages"]
            per_page = res["wall_s"] / n
            cpu_page = res["cpu_s"] / n
            if base is None:
                base = {"per_page": per_page, "rss": res["peak_rss_mb"]}
            line = (f"{label:42s} {per_page:7.2f} s/page wall {cpu_page:7.2f} s/page CPU "
                    f"(x{per_page / base['per_page']:.0f} the text layer)  peak RSS {res['peak_rss_mb']:6.0f} MB"
                    )  # fmt: skip
            if not text_layer:
                line += f"  page similarity {res['page_similarity']:.4f}  model load {res['load_s']:.1f} s"
            print(line)
            if "records" in res:
                r = res["records"]
                print(f"{'':42s} body similarity {res['body_similarity']:.4f}  records P/R/F1 "
                      f"{r['precision']:.3f}/{r['recall']:.3f}/{r['f1']:.3f}  numbers not in the text layer "
                      f"{res['numbers_not_in_text_layer']} (confident {res['of_them_confident']})  "
                      f"records flagged {res['records_flagged']}")  # fmt: skip


if __name__ == "__main__":
    main()
