"""Review page of a long PDF: rendering cost, file size, and how fast a page opens in Chromium.

    .venv/bin/python benchmarks/bench_view.py            # 100 pages (the review's 5, 20 times)
    .venv/bin/python benchmarks/bench_view.py --pages 30

The long PDF repeats the review's pages (pypdfium2 import_pages) and its result repeats the
review's result with offsets and page numbers shifted, so the page carries realistic marks,
rows and boxes without a minute of extraction. Baseline, measured in the same run: the
review's own 5-page page. Target: opening any page of the long PDF takes < 1 s (the image
is decoded only when shown, so the figure should not grow with the page count). The browser
part needs chromium, chromium-driver and selenium; without them it is skipped, said so.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.models import DocumentResult  # noqa: E402
from extractor.pipeline import extract  # noqa: E402
from extractor.view.page import render_document  # noqa: E402
from extractor.view.pages import render_pages  # noqa: E402


def long_pdf(src: Path, out: Path, copies: int) -> None:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(src))
    dest = pdfium.PdfDocument.new()
    for _ in range(copies):
        dest.import_pages(source)
    dest.save(str(out))
    dest.close()
    source.close()


def long_result(res: DocumentResult, copies: int) -> DocumentResult:
    """``res`` repeated: text concatenated, everything shifted to its copy's offsets and pages."""
    n_pages, size = len(res.pages), len(res.text)
    data = res.model_dump()
    out = {**data, "text": res.text * copies, "sections": [], "references": [], "warnings": []}
    for key in ("sentences", "pages", "entities", "records"):
        out[key] = []
    for c in range(copies):
        shift = c * size
        for s in data["sentences"]:
            out["sentences"].append({**s, "start": s["start"] + shift, "end": s["end"] + shift})
        for p in data["pages"]:
            out["pages"].append({**p, "number": p["number"] + c * n_pages, "start": p["start"] + shift, "end": p["end"] + shift})
        for e in data["entities"]:
            page = e["page"] + c * n_pages if e["page"] else None
            out["entities"].append({**e, "start": e["start"] + shift, "end": e["end"] + shift, "page": page})
        for r in data["records"]:
            page = r["page"] + c * n_pages if r["page"] else None
            cid = f"{r['comparator_id']}-{c}" if r["comparator_id"] else None
            out["records"].append({**r, "id": f"{r['id']}-{c}", "comparator_id": cid, "start": r["start"] + shift,
                                   "end": r["end"] + shift, "page": page})  # fmt: skip
    return DocumentResult.model_validate(out)


def build(result: DocumentResult, pdf: Path, out: Path) -> dict[str, float]:
    t = time.perf_counter()
    images = render_pages(pdf)
    t_render = time.perf_counter() - t
    t = time.perf_counter()
    html = render_document(result, images=images)
    t_html = time.perf_counter() - t
    out.write_text(html, encoding="utf-8")
    return {"pages": len(images), "render_s": t_render, "html_s": t_html, "mb": out.stat().st_size / 1e6}


OPEN_PAGE = """
var done = arguments[arguments.length - 1];
var sel = document.getElementById('page-no');
var t0 = performance.now();
sel.value = arguments[0]; sel.dispatchEvent(new Event('change'));
var img = document.querySelector('.pg:not([hidden]) img');
img.decode().then(function () {
  requestAnimationFrame(function () { done(performance.now() - t0); });
});
"""


def browse(pages: list[tuple[str, Path, int]]) -> None:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("browser: skipped (selenium not installed)")
        return
    if not (chromium and driver_path):
        print("browser: skipped (chromium / chromium-driver not installed)")
        return
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    driver.set_script_timeout(30)
    try:
        figures = {}
        for name, path, last in pages:
            t = time.perf_counter()
            driver.get(path.as_uri())
            load = time.perf_counter() - t
            opens = [driver.execute_async_script(OPEN_PAGE, str(n)) for n in (last, last // 2 or 1, 2)]
            figures[name] = (load, max(opens))
            print(f"browser {name}: load {load:.2f} s, open a page (worst of 3) {max(opens):.0f} ms")
        (_, (base_load, base_open)), (_, (long_load, long_open)) = list(figures.items())[:2]
        print(f"ratio long/short: load {long_load / base_load:.1f}x, open a page {long_open / base_open:.1f}x")
        print(f"target: a page of the long PDF opens in < 1000 ms: {'met' if long_open < 1000 else 'MISSED'}")
    finally:
        driver.quit()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100, help="pages of the long PDF (a multiple of 5)")
    args = ap.parse_args()
    copies = max(1, args.pages // 5)
    src = ROOT / "corpus" / "review_2col.pdf"
    result = extract(src)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = folder / "long.pdf"
        long_pdf(src, big, copies)
        made = []
        for name, res, pdf in (("5 pages", result, src), (f"{copies * 5} pages", long_result(result, copies), big)):
            out = folder / f"{name.split()[0]}.html"
            f = build(res, pdf, out)
            print(f"{name}: rendered {f['pages']:.0f} pages in {f['render_s']:.2f} s "
                  f"({f['render_s'] / f['pages'] * 1000:.0f} ms a page), html {f['html_s']:.2f} s, "
                  f"file {f['mb']:.1f} MB, {len(res.records)} records")  # fmt: skip
            made.append((name, out, int(f["pages"])))
        browse(made)


if __name__ == "__main__":
    main()
