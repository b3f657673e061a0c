"""OCR of PDF pages without a text layer: the page image -> lines -> the backends' Char objects.

Pages are rendered with pypdfium2 and read by RapidOCR (PP-OCRv6 detection and
recognition ONNX models shipped inside the ``rapidocr`` wheel, run by onnxruntime on
the CPU). Each recognized line becomes one Char per character, its box the line box
split in proportion to character width (CJK full width, Latin about half), so OCR
text goes through the same layout stages as a text layer and keeps page and box.

Everything here is optional: ``available()`` says whether the ``ocr`` extra is
installed, and nothing is imported from it until a page needs reading. Model paths
are passed explicitly, so the library never reaches its download code.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Any

from extractor.errors import InputError
from extractor.ingest.pdf.backend import Char
from extractor.ingest.pdf.chars import is_cjk

EXTRA = "pip install 'extractor[ocr]'"
MODES = ("auto", "always", "never")
# Rendering resolution, chosen by measurement on the scanned review (docs/ocr.md):
# body-text similarity stops improving above it while time per page keeps growing.
RENDER_DPI = 200
NOISE_SCORE = 0.3  # lines read with less confidence are specks and smudges, dropped and counted
LOW_CONFIDENCE = 0.9  # lines under this are listed in warnings and marked on their records
SIZE_TOLERANCE = 0.06  # CJK-measured sizes within this fraction of a cluster's median share it
HEIGHT_TOLERANCE = 0.25  # the same for sizes measured from box heights, which jitter more
MIN_WIDTH_CHARS = 8  # lines this long are measured by width
HEIGHT_PER_EM = 1.05  # detected line-box height per em of type (the box carries padding)
FONT = "OCR"
SKEW_MIN_DEGREES = 0.1  # smaller skews move a column edge by under a point: left alone
SKEW_MIN_LINES = 5  # long lines needed to measure a skew
SKEW_LINE_RATIO = 5.0  # a line box this many times wider than tall gives a usable slope

_MODELS = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
# Relative advance widths for splitting a line box among its characters.
_NARROW = frozenset(".,:;!|'`ijlI1()[]{}/\\-·")
_WIDE = frozenset("mwMW@%&")


@dataclass(slots=True)
class OcrLine:
    """One recognized line: text, box in PDF points (top-left origin), recognizer confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    size: float = 0.0  # type size, set for the whole document by ``assign_sizes``


@dataclass(slots=True)
class OcrPage:
    lines: list[OcrLine]
    dropped: int  # noise lines below NOISE_SCORE
    # Skew of the sheet (radians, y down): line boxes are given turned back by it about the
    # page centre, so columns stand upright for the layout stages; ``skew_box`` turns an
    # output box forward again onto the page image.
    angle: float = 0.0
    centre: tuple[float, float] = (0.0, 0.0)


def available() -> bool:
    """True when the ``ocr`` extra (rapidocr and onnxruntime) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"ocr mode must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


@lru_cache(maxsize=1)
def _engine() -> Any:
    """One RapidOCR engine per process (loading the models takes about a second)."""
    import rapidocr

    models = Path(rapidocr.__file__).resolve().parent / "models"
    params: dict[str, Any] = {key: str(models / name) for key, name in _MODELS.items()}
    params.update(
        {
            "Global.log_level": "critical",
            "Global.use_cls": False,  # upright pages; the orientation model only costs time
            "Global.text_score": 0.0,  # keep every line: low ones are marked, not dropped silently
            # the render resolution is chosen here, not by the engine's resize
            "Global.max_side_len": 100_000,
        }
    )
    return rapidocr.RapidOCR(params=params)


class PageReader:
    """Renders and reads pages of one PDF; opened once per file, closed by ``close``."""

    def __init__(self, path: Path, *, password: str | None, dpi: int | None = None) -> None:
        import pypdfium2

        self.path = path
        self.dpi = dpi or RENDER_DPI
        try:
            self.pdf = pypdfium2.PdfDocument(str(path), password=password)
        except Exception as exc:  # pdfium reports bad files with one exception type per cause
            raise InputError(path, f"cannot render pages for OCR ({exc})") from exc

    def read(self, number: int) -> OcrPage:
        """Lines of page ``number`` (1-based), in the engine's order."""
        page = self.pdf[number - 1]
        try:
            image = page.render(scale=self.dpi / 72).to_numpy()  # BGR, as OpenCV expects
        finally:
            page.close()
        height, width = image.shape[:2]
        result = _engine()(image)
        to_pt = 72 / self.dpi
        centre = (width * to_pt / 2, height * to_pt / 2)
        kept: list[tuple[list[tuple[float, float]], str, float]] = []
        dropped = 0
        if result.boxes is not None and result.txts is not None:
            for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
                text = text.strip()
                if not text:
                    continue
                if score < NOISE_SCORE:
                    dropped += 1
                    continue
                kept.append(([(float(x) * to_pt, float(y) * to_pt) for x, y in quad], text, float(score)))
        angle = _skew([q for q, _, _ in kept])
        lines = []
        for quad, text, score in kept:
            pts = [_turn(pt, -angle, centre) for pt in quad] if angle else quad
            xs = [x for x, _ in pts]
            ys = [y for _, y in pts]
            lines.append(OcrLine(text, min(xs), min(ys), max(xs), max(ys), score))
        return OcrPage(lines, dropped, angle, centre)

    def close(self) -> None:
        self.pdf.close()


def _estimate(line: OcrLine) -> tuple[float, bool]:
    """The line's type size, and whether it was measured from the line's width.

    Widths are the steadier measure: a CJK character is one em wide and Latin text
    averages close to its table of advances, while box heights jump with brackets,
    capitals and descenders. Short lines fall back to the height.
    """
    if len(line.text) >= MIN_WIDTH_CHARS:
        return (line.x1 - line.x0) / sum(_advance(ch) for ch in line.text), True
    return (line.bottom - line.top) / HEIGHT_PER_EM, False


def _skew(quads: list[list[tuple[float, float]]]) -> float:
    """The sheet's skew: the median slope of long line boxes, when it is worth undoing.

    Points come clockwise from the top left. A quarter of a degree turns a column edge
    by several points over a page, enough to close a narrow gutter.
    """
    slopes = []
    for q in quads:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = q[:4]
        if abs(x1 - x0) > SKEW_LINE_RATIO * abs(y3 - y0):
            slopes.append((math.atan2(y1 - y0, x1 - x0) + math.atan2(y2 - y3, x2 - x3)) / 2)
    if len(slopes) < SKEW_MIN_LINES:
        return 0.0
    angle = median(slopes)
    return angle if abs(angle) >= math.radians(SKEW_MIN_DEGREES) else 0.0


def _turn(pt: tuple[float, float], angle: float, centre: tuple[float, float]) -> tuple[float, float]:
    c, s = math.cos(angle), math.sin(angle)
    dx, dy = pt[0] - centre[0], pt[1] - centre[1]
    return centre[0] + c * dx - s * dy, centre[1] + s * dx + c * dy


def skew_box(box: tuple[float, float, float, float], angle: float, centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """A box from the deskewed frame put back on the page image (its corners' bounding box)."""
    corners = [_turn(pt, angle, centre) for pt in ((box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3]))]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


def assign_sizes(lines: list[OcrLine]) -> None:
    """Give lines of about the same type size one size, across the whole document.

    The layout stages read a change of type size as a new block, so estimates are
    clustered: width-measured lines around the median of those not yet assigned (within
    SIZE_TOLERANCE), repeatedly; height-measured lines join the nearest cluster within
    HEIGHT_TOLERANCE, or cluster among themselves the same way.
    """
    est = [_estimate(ln) for ln in lines]
    sizes: list[float] = []

    def cluster(idx: list[int], tol: float) -> None:
        while idx:
            mid = median(est[i][0] for i in idx)
            rest = []
            for i in idx:
                if abs(est[i][0] - mid) <= tol * mid:
                    lines[i].size = round(mid, 2)
                else:
                    rest.append(i)
            sizes.append(round(mid, 2))
            if len(rest) == len(idx):  # a guard: the median's own line always matches
                break
            idx = rest

    cluster([i for i, (_, precise) in enumerate(est) if precise], SIZE_TOLERANCE)
    loose = []
    for i, (size, precise) in enumerate(est):
        if precise:
            continue
        near = min(sizes, key=lambda s: abs(s - size), default=None)
        if near is not None and abs(near - size) <= HEIGHT_TOLERANCE * near:
            lines[i].size = near
        else:
            loose.append(i)
    cluster(loose, HEIGHT_TOLERANCE)
    for ln, (size, _) in zip(lines, est, strict=True):
        if not ln.size:
            ln.size = round(size, 2)


def _advance(ch: str) -> float:
    if is_cjk(ch):
        return 1.0
    if ch == " " or ch in _NARROW:
        return 0.28
    if ch in _WIDE:
        return 0.8
    if ch.isupper():
        return 0.66
    return 0.5


def line_chars(line: OcrLine) -> list[Char]:
    """The line's characters, its box split among them in proportion to their widths."""
    weights = [_advance(ch) for ch in line.text]
    total = sum(weights)
    span = line.x1 - line.x0
    size = line.size or (line.bottom - line.top) / HEIGHT_PER_EM
    baseline = line.bottom - 0.2 * (line.bottom - line.top)
    out: list[Char] = []
    x = line.x0
    for ch, w in zip(line.text, weights, strict=True):
        nxt = x + span * w / total
        out.append(Char(ch, x, nxt, line.top, line.bottom, size, baseline, False, FONT))
        x = nxt
    return out
