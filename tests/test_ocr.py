"""OCR plumbing without running the recognizer: character boxes, type sizes, checks, modes.

The recognizer itself runs on a real scanned page in tests/test_ocr_scan.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from extractor.errors import InputError
from extractor.ingest import document_from_text
from extractor.ingest.pdf import ocr, read_pdf
from extractor.ingest.pdf.chars import is_cjk
from extractor.models import CharLayout, OcrSpan, Record, Sentence
from extractor.ocr_checks import annotate, confident, record_problems


def _line(text: str, x0: float = 50.0, x1: float = 250.0, top: float = 100.0, bottom: float = 111.0,
          conf: float = 0.99) -> ocr.OcrLine:  # fmt: skip
    return ocr.OcrLine(text, x0, top, x1, bottom, conf)


def test_line_box_split_by_character_width() -> None:
    line = _line("中位OS为13.6个月", x0=100.0, x1=217.0)
    chars = ocr.line_chars(line)
    assert "".join(c.text for c in chars) == line.text
    assert chars[0].x0 == 100.0 and chars[-1].x1 == pytest.approx(217.0)
    # contiguous, and every box on the line's own band
    for a, b in zip(chars, chars[1:], strict=False):
        assert a.x1 == pytest.approx(b.x0)
    assert all(c.top == 100.0 and c.bottom == 111.0 for c in chars)
    wide = [c.x1 - c.x0 for c in chars if is_cjk(c.text)]
    narrow = [c.x1 - c.x0 for c in chars if c.text.isdigit()]
    assert min(wide) > 1.5 * max(narrow)
    assert chars[7].text == "." and chars[7].x1 - chars[7].x0 < chars[6].x1 - chars[6].x0  # "." narrower than "3"


def test_type_sizes_shared_despite_box_jitter() -> None:
    # body lines of one size with heights jittering by brackets and descenders, a larger title
    body = [
        _line("原发性肝癌是全球常见的消化系统恶性肿瘤", x0=50, x1=50 + 19 * 9.5, top=100 + 14 * k,
              bottom=100 + 14 * k + h)  # fmt: skip
        for k, h in enumerate((10.4, 10.8, 9.4, 12.2, 10.4))
    ]
    title = _line("肝癌靶向联合免疫治疗耐药后", x0=60, x1=60 + 13 * 17, top=40, bottom=60)
    lines = [title, *body]
    ocr.assign_sizes(lines)
    assert len({ln.size for ln in body}) == 1
    assert body[0].size == pytest.approx(9.5, abs=0.1)
    assert title.size == pytest.approx(17, abs=0.3)


def _record(**kw: object) -> Record:
    base = dict(id="r1", endpoint="mOS", value=13.6, unit="month", start=0, end=4, rule="test")
    base.update(kw)
    return Record(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"endpoint": "HR", "value": 0.63, "unit": None, "ci_low": 0.71, "ci_high": 0.95}, "outside its CI"),
        ({"endpoint": "HR", "value": 0.8, "unit": None, "ci_low": 0.95, "ci_high": 0.71}, "runs backwards"),
        ({"endpoint": "ORR", "value": 136.0, "unit": "%"}, "over 100"),
        ({"value": 136.0, "comparator_value": 10.1}, "13-fold"),
        ({"endpoint": "HR", "value": 63.0, "unit": None}, "HR 63 over 20"),
        ({"p_value": 17.0}, "p-value 17 over 1"),
    ],
)
def test_record_checks_flag_contradictions(fields: dict[str, object], problem: str) -> None:
    rec = _record(**fields)
    found = record_problems(rec)
    assert any(problem in p for p in found), found
    rec.ocr_confidence = 0.99
    assert not confident(rec)


def test_record_checks_pass_consistent_values() -> None:
    rec = _record(value=13.6, comparator_value=10.1, ci_low=11.2, ci_high=15.8, p_value=0.02)
    assert record_problems(rec) == []
    rec.ocr_confidence = 0.99
    assert confident(rec)
    rec.ocr_confidence = 0.7
    assert not confident(rec)


def test_annotate_sets_confidence_and_warns() -> None:
    text = "前文。阿替利珠单抗组的mOS为136个月 vs 10.1个月。中位PFS为6,8个月。"
    doc = document_from_text(text)
    doc.sentences = [Sentence(start=0, end=3, lang="zh"), Sentence(start=3, end=text.index("中位"), lang="zh"),
                     Sentence(start=text.index("中位"), end=len(text), lang="zh")]  # fmt: skip
    split = text.index("vs")
    doc.layout = CharLayout(
        page=[2] * len(text),
        box=[(0.0, 0.0, 1.0, 1.0)] * len(text),
        ocr=[OcrSpan(start=0, end=split, page=2, confidence=0.98),
             OcrSpan(start=split, end=len(text), page=2, confidence=0.85)],  # fmt: skip
    )
    v = text.index("136")
    rec = _record(value=136.0, comparator_value=10.1, start=v, end=v + 3, page=2)
    early = _record(id="r0", value=1.0, start=0, end=2, page=2)
    annotate(doc, [early, rec])
    assert early.ocr_confidence == 0.98  # its sentence lies on the first line only
    assert rec.ocr_confidence == 0.85  # the lowest line under its sentence
    assert any("record r1" in w and "13-fold" in w for w in doc.warnings)
    assert any("'6,8'" in w and "decimal point" in w for w in doc.warnings)


def _image_only_pdf(tmp_path: Path) -> Path:
    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 100), "gray"), x=72, y=72, w=300)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def test_without_the_extra_the_error_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(InputError, match=r"no text layer; OCR would be needed: pip install 'extractor\[ocr\]'"):
        read_pdf(_image_only_pdf(tmp_path))
    with pytest.raises(InputError, match=r"--ocr always needs the OCR extra"):
        read_pdf(_image_only_pdf(tmp_path), ocr="always")


def test_never_keeps_the_old_message(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no text layer; OCR would be needed \(not run: --ocr never\)"):
        read_pdf(_image_only_pdf(tmp_path), ocr="never")


def test_unknown_mode_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="auto, always, never"):
        read_pdf(_image_only_pdf(tmp_path), ocr="sometimes")


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_cli_ocr_never_on_a_scan_is_one_line_exit_2(tmp_path: Path, command: str) -> None:
    path = _image_only_pdf(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", command, str(path), "--ocr", "never"],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "no text layer" in lines[0]


def test_cli_batch_takes_ocr_option(tmp_path: Path) -> None:
    path = _image_only_pdf(tmp_path)
    db = tmp_path / "out.sqlite"
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "batch", str(path), "--db", str(db),
                           "--workers", "0", "--quiet", "--ocr", "never"],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 1
    assert "no text layer; OCR would be needed (not run: --ocr never)" in proc.stderr


def test_skew_is_measured_and_boxes_go_back_onto_the_page() -> None:
    import math

    angle = math.radians(0.4)
    centre = (300.0, 420.0)

    def turned(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
        return [ocr._turn(p, angle, centre) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]

    # two columns of long lines, as a sheet turned 0.4 degrees on the scanner glass
    quads = [turned(x, 80 + 14 * k, x + 245, 90 + 14 * k) for k in range(10) for x in (45, 306)]
    assert math.degrees(ocr._skew(quads)) == pytest.approx(0.4, abs=0.01)
    assert ocr._skew(quads[:3]) == 0.0  # too few lines to tell
    straight = [ocr._turn(p, -angle, centre) for p in quads[1]]
    assert straight[0][1] == pytest.approx(straight[1][1], abs=1e-6)  # the top edge is level again
    # a box laid out straight lands back on the turned glyphs
    box = ocr.skew_box((306.0, 94.0, 551.0, 104.0), angle, centre)
    xs = [x for x, _ in quads[3]]
    ys = [y for _, y in quads[3]]
    assert box == pytest.approx((min(xs), min(ys), max(xs), max(ys)), abs=0.01)
