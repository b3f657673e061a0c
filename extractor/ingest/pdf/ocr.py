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

    def __init__(self, path: Path, *, password: str | None, dpi: int = RENDER_DPI) -> None:
        import pypdfium2

        self.path = path
        self.dpi = dpi
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
        result = _engine()(image)
        to_pt = 72 / self.dpi
        lines: list[OcrLine] = []
        dropped = 0
        if result.boxes is not None and result.txts is not None:
            for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
                text = text.strip()
                if not text:
                    continue
                if score < NOISE_SCORE:
                    dropped += 1
                    continue
                xs = [float(p[0]) for p in quad]
                ys = [float(p[1]) for p in quad]
                lines.append(
                    OcrLine(text, min(xs) * to_pt, min(ys) * to_pt, max(xs) * to_pt, max(ys) * to_pt, float(score))
                )
        return OcrPage(lines, dropped)

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
