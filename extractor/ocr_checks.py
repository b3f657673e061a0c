"""Records that rest on OCR text: their confidence, and checks where the text repeats itself.

A recognizer misreads digits ("13.6" as "13,6" or "136") without its line confidence
dropping much, and one wrong digit corrupts an evidence table. So every record from
an OCR page carries the lowest confidence of the lines under its sentence
(``Record.ocr_confidence``), and wherever the text gives redundancy the numbers are
checked against it: a value inside its own confidence interval, percentages at most
100, a p-value at most 1, the two sides of a comparison of one magnitude, and a
comma between digits where a decimal point belongs. A failed check is a warning
naming the record; nothing is corrected.
"""

from __future__ import annotations

import bisect
import re

from extractor.ingest.pdf.ocr import LOW_CONFIDENCE
from extractor.models import Document, OcrSpan, Record

PAIR_RATIO = 5.0  # two durations or ratios compared in one sentence rarely differ more
HR_MAX = 20.0  # a hazard or odds ratio beyond this is a misread, not a result
RATIOS = frozenset({"HR", "OR", "RR"})

# "13,6个月", "13,6 months", "13,6%": a comma inside a number that a unit follows is a
# misread decimal point (thousands groups have three digits after the comma).
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d{1,3},\d{1,2}(?![\d,])(?=\s*(?:%|％|个月|個月|月|周|年|months?|weeks?|years?|mo\b))")


def annotate(doc: Document, records: list[Record]) -> None:
    """Set ``ocr_confidence`` on records from OCR text; add a warning per failed check."""
    spans = doc.layout.ocr if doc.layout is not None else []
    if not spans:
        return
    starts = [s.start for s in spans]
    bounds = [(s.start, s.end) for s in doc.sentences]
    sent_starts = [b[0] for b in bounds]
    for rec in records:
        lo, hi = _sentence(bounds, sent_starts, rec.start, rec.end)
        conf = _lowest(spans, starts, lo, hi)
        if conf is None:
            continue
        rec.ocr_confidence = conf
        for problem in record_problems(rec):
            doc.warnings.append(
                f"page {rec.page}: OCR check failed for record {rec.id} ({rec.endpoint} "
                f"{_num(rec.value)}): {problem}; verify against the page image"
            )
    for span in spans:
        chunk = doc.text[span.start : span.end]
        for m in _DECIMAL_COMMA.finditer(chunk):
            doc.warnings.append(
                f"page {span.page}: OCR check: '{m.group(0)}' at {span.start + m.start()} has a comma "
                "where a decimal point is usual; verify against the page image"
            )


def record_problems(rec: Record) -> list[str]:
    """What the record's own numbers contradict (empty when they agree)."""
    out: list[str] = []
    if rec.ci_low is not None and rec.ci_high is not None:
        if rec.ci_low > rec.ci_high:
            out.append(f"CI {_num(rec.ci_low)}-{_num(rec.ci_high)} runs backwards")
        elif not rec.ci_low <= rec.value <= rec.ci_high:
            out.append(f"value {_num(rec.value)} lies outside its CI {_num(rec.ci_low)}-{_num(rec.ci_high)}")
    if rec.unit == "%":
        over = [v for v in (rec.value, rec.value_high, rec.comparator_value, rec.ci_high) if v is not None and v > 100]
        if over:
            out.append(f"percentage {_num(over[0])} over 100")
    if rec.p_value is not None and rec.p_value > 1:
        out.append(f"p-value {_num(rec.p_value)} over 1")
    if rec.endpoint in RATIOS and rec.value > HR_MAX:
        out.append(f"{rec.endpoint} {_num(rec.value)} over {_num(HR_MAX)}")
    cv = rec.comparator_value
    if cv is not None and rec.unit != "%" and rec.value > 0 and cv > 0:
        ratio = max(rec.value, cv) / min(rec.value, cv)
        if ratio >= PAIR_RATIO:
            out.append(f"compared values {_num(rec.value)} and {_num(cv)} differ {ratio:.0f}-fold")
    return out


def confident(rec: Record, problems: list[str] | None = None) -> bool:
    """A record a reader may take as read: no OCR, or confident lines and no failed check."""
    if rec.ocr_confidence is None:
        return True
    return rec.ocr_confidence >= LOW_CONFIDENCE and not (record_problems(rec) if problems is None else problems)


def _sentence(bounds: list[tuple[int, int]], starts: list[int], start: int, end: int) -> tuple[int, int]:
    k = bisect.bisect_right(starts, start) - 1
    if k >= 0 and bounds[k][0] <= start < bounds[k][1]:
        return bounds[k][0], max(bounds[k][1], end)
    return start, end


def _lowest(spans: list[OcrSpan], starts: list[int], lo: int, hi: int) -> float | None:
    k = max(bisect.bisect_right(starts, lo) - 1, 0)
    found: float | None = None
    while k < len(spans) and spans[k].start < hi:
        s = spans[k]
        if s.end > lo:
            found = s.confidence if found is None else min(found, s.confidence)
        k += 1
    return found


def _num(v: float) -> str:
    return f"{v:g}"
