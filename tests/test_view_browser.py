"""The review page in a real browser: headless Chromium driven by selenium.

Checks the rendered DOM (every record's number is highlighted with the record's value,
filters change the visible rows, a row click highlights its sentence and shows its PDF
page with its box where the number is) and that a screenshot is not blank. Skipped with
a reason when Chromium or its driver is missing; `.ci/run` installs both.
Set VIEW_SCREENSHOTS=DIR to keep the screenshots for a look.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from extractor.cli import main
from extractor.measure.numbers import parse_number
from extractor.models import DocumentResult
from extractor.normalize import normalize_surface
from extractor.pipeline import extract
from extractor.view import review_page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="headless Chromium not installed (apt-get install chromium chromium-driver; .ci/run does it)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parent.parent
ZH_REAL = ROOT / "corpus" / "real" / "zh_001.txt"
WIDTH, HEIGHT = 1400, 1000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={WIDTH},{HEIGHT}", "--allow-file-access-from-files"):  # fmt: skip
        opts.add_argument(arg)
    # the system chromedriver, named: selenium must not look for (or download) one
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, review_pdf_path: Path) -> dict[str, tuple[DocumentResult, Path]]:
    out = tmp_path_factory.mktemp("view")
    made = {}
    for key, path in (("pdf", review_pdf_path), ("zh", ZH_REAL)):
        result = extract(path)
        page = out / f"{key}.html"
        page.write_text(review_page(result, pdf=path if key == "pdf" else None), encoding="utf-8")
        made[key] = (result, page)
    return made


def load(browser: Any, page: Path, fragment: str = "") -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri() + fragment)
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def screenshot(browser: Any, name: str, tmp_path: Path) -> Image.Image:
    path = tmp_path / f"{name}.png"
    browser.save_screenshot(str(path))
    keep = os.environ.get("VIEW_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return Image.open(path).convert("RGB")


def distinct_colours(image: Image.Image) -> int:
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None
    return len(colours)


def visible_rids(browser: Any) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('table.evidence tbody tr'))"
        ".filter(r => r.offsetParent !== null).map(r => r.dataset.rid)"
    )


def choose(browser: Any, key: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", f"f-{key}")).select_by_value(value)


@pytest.mark.parametrize("key", ["pdf", "zh"])
def test_every_record_has_its_value_highlighted(browser: Any, pages: dict, key: str) -> None:
    result, page = pages[key]
    load(browser, page)
    found = browser.execute_script(
        "var out = {};"
        "document.querySelectorAll('mark.n[data-rids]').forEach(m => {"
        "  var s = getComputedStyle(m);"
        "  m.dataset.rids.split(' ').forEach(r => out[r] = [m.textContent, s.backgroundColor, m.getClientRects().length]);"
        "});"
        "return out;"
    )
    assert len(found) == len(result.records) >= 30
    for rec in result.records:
        text, background, boxes = found[rec.id]
        assert text == result.text[rec.start : rec.end]
        assert parse_number(normalize_surface(text)) == rec.value
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
        assert boxes >= 1  # laid out, not hidden


def test_filters_change_the_visible_rows(browser: Any, pages: dict) -> None:
    result, page = pages["pdf"]
    load(browser, page)
    everything = [r.id for r in result.records]
    assert visible_rids(browser) == everything
    choose(browser, "endpoint", "ORR")
    orr = [r.id for r in result.records if r.endpoint == "ORR"]
    assert visible_rids(browser) == orr and 0 < len(orr) < len(everything)
    assert browser.find_element("id", "f-count").text == f"{len(orr)} of {len(everything)} records"
    choose(browser, "drug", "regorafenib")
    both = [r.id for r in result.records if r.endpoint == "ORR" and any("regorafenib" in a.split("/") for a in [*r.arm, *(r.comparator or [])])]
    assert visible_rids(browser) == both and 0 < len(both) < len(orr)
    # numbers of the hidden records are dimmed in the text
    dimmed = browser.execute_script("return document.querySelectorAll('mark.n.off').length")
    assert dimmed > 0
    browser.find_element("id", "f-reset").click()
    assert visible_rids(browser) == everything
    choose(browser, "trial", "REFLECT")
    assert visible_rids(browser) == [r.id for r in result.records if r.trial == "REFLECT"] != []


@pytest.mark.parametrize("key", ["pdf", "zh"])
def test_clicking_a_row_highlights_its_sentence(browser: Any, pages: dict, key: str, tmp_path: Path) -> None:
    result, page = pages[key]
    load(browser, page)
    # a record far down the text, so the click has to scroll to it
    rec = result.records[len(result.records) * 3 // 4]
    sentence = next(s for s in result.sentences if s.start <= rec.start < s.end)
    row = browser.find_element("css selector", f'tr[data-rid="{rec.id}"]')
    row.click()
    state = browser.execute_script(
        "var act = Array.from(document.querySelectorAll('.s.active'));"
        "var m = document.querySelector('mark.n.current');"
        "var pane = document.getElementById('text').getBoundingClientRect();"
        "var r = m.getBoundingClientRect();"
        "return {sentence: act.map(e => e.textContent).join(''), mark: m.textContent,"
        " inside: r.top >= pane.top && r.bottom <= pane.bottom,"
        " bg: getComputedStyle(act[0]).backgroundColor, selected: document.querySelector('tr.selected').dataset.rid};"
    )
    assert state["sentence"] == result.text[sentence.start : sentence.end]
    assert state["mark"] == result.text[rec.start : rec.end]
    assert state["inside"]  # scrolled into view
    assert state["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert state["selected"] == rec.id
    image = screenshot(browser, f"{key}-row-{rec.id}", tmp_path)
    assert image.size == (WIDTH, HEIGHT) or image.width >= WIDTH // 2
    assert distinct_colours(image) > 500  # text, highlights, table: far from blank


def test_pdf_boxes_are_drawn_on_the_page_image(browser: Any, pages: dict, tmp_path: Path) -> None:
    result, page = pages["pdf"]
    load(browser, page)
    rec = next(r for r in result.records if r.page == 3 and r.bbox)
    browser.find_element("css selector", f'tr[data-rid="{rec.id}"]').click()
    geo = browser.execute_script(
        "var pg = document.querySelector('.pg:not([hidden])');"
        "var img = pg.querySelector('img'); var box = pg.querySelector('rect.rb.current');"
        "var i = img.getBoundingClientRect(), b = box.getBoundingClientRect();"
        "return {page: +pg.dataset.n, loaded: img.complete && img.naturalWidth > 0, sel: document.getElementById('page-no').value,"
        " iw: i.width, ih: i.height, il: i.left, it: i.top, bl: b.left, bt: b.top, bw: b.width,"
        " boxes: pg.querySelectorAll('rect').length, decoded: Array.from(document.querySelectorAll('.pg img[src]')).map(i => +i.closest('.pg').dataset.n)};"
    )
    assert geo["page"] == 3 and geo["sel"] == "3" and geo["loaded"]
    assert geo["decoded"] == [1, 3]  # the first page, shown on opening, and this one
    info = result.pages[2]
    scale = geo["iw"] / info.width
    assert geo["ih"] == pytest.approx(info.height * scale, abs=2)
    # the record's box sits where the number is on the page (1 pt margin around it)
    assert geo["bl"] - geo["il"] == pytest.approx((rec.bbox[0] - 1) * scale, abs=1.5)
    assert geo["bt"] - geo["it"] == pytest.approx((rec.bbox[1] - 1) * scale, abs=1.5)
    assert geo["bw"] == pytest.approx((rec.bbox[2] - rec.bbox[0] + 2) * scale, abs=1.5)
    on_page = sum(1 for e in result.entities if e.page == 3) + len({r.bbox for r in result.records if r.page == 3})
    assert geo["boxes"] == on_page
    image = screenshot(browser, "pdf-page-3", tmp_path)
    assert distinct_colours(image) > 2000  # the page image adds anti-aliased type
    # clicking a box on the page selects its record
    other = next(r for r in result.records if r.page == 3 and r.bbox and r.bbox != rec.bbox)
    browser.execute_script(
        "document.querySelector('.pg:not([hidden]) rect.rb[data-rids~=\"' + arguments[0] + '\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))",
        other.id,
    )
    assert browser.find_element("css selector", "tr.selected").get_attribute("data-rid") in other.id.split()


def test_page_navigation_decodes_pages_on_demand(browser: Any, pages: dict) -> None:
    from selenium.webdriver.support.ui import Select

    _, page = pages["pdf"]
    load(browser, page)
    decoded = "return Array.from(document.querySelectorAll('.pg img[src]')).map(i => +i.closest('.pg').dataset.n)"
    assert browser.execute_script(decoded) == [1]
    Select(browser.find_element("id", "page-no")).select_by_value("5")
    assert browser.execute_script(decoded) == [1, 5]
    browser.find_element("id", "page-prev").click()
    assert browser.execute_script("return +document.querySelector('.pg:not([hidden])').dataset.n") == 4
    assert browser.execute_script(decoded) == [1, 4, 5]


def test_the_index_lists_documents_and_opens_a_record(
    browser: Any, tmp_path: Path, review_pdf_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    assert main(["batch", str(review_pdf_path), str(ZH_REAL), "--db", str(db), "--workers", "0", "--quiet"]) == 0
    site = tmp_path / "site"
    assert main(["export", str(db), "--format", "html", "-o", str(site)]) == 0
    load(browser, site / "index.html")
    total = len(visible_rids(browser))
    choose(browser, "doc", "zh_001.txt")
    zh_rows = visible_rids(browser)
    assert 0 < len(zh_rows) < total
    choose(browser, "endpoint", "ORR")
    orr = visible_rids(browser)
    assert 0 < len(orr) < len(zh_rows)
    assert distinct_colours(screenshot(browser, "index", tmp_path)) > 200
    browser.find_element("css selector", f'tr[data-rid="{orr[0]}"] td.c-value').click()
    rid = orr[0].split("-", 1)[1]
    assert browser.current_url.endswith(f"#{rid}")
    assert browser.execute_script("return document.querySelector('tr.selected').dataset.rid") == rid
    assert browser.execute_script("return document.querySelector('mark.n.current').dataset.rids").split()[0] == rid
