"""Every record the extractor makes from the real dev texts is grounded: ``text[start:end]`` is the
number it reports. A table frame that counted a cell's offset twice once put its values on the
wrong characters (en_261: 5.5 on " (2"), and no score catches that, since records match on values."""

from __future__ import annotations

import json
from pathlib import Path

import regex

from extractor.api import Extractor
from extractor.measure.numbers import parse_number
from extractor.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
# numbers written in Chinese characters ("七成八", "二百八十九", "八十七點五") are read in context by
# the normalized view; here it is enough that the span holds such a number and nothing else
_ZH_NUMERAL = regex.compile(r"[零〇一二两兩三四五六七八九十百千点點成]+")


def _dev_texts() -> list[Path]:
    test = set(json.loads((ROOT / "gold" / "real_split.json").read_text(encoding="utf-8"))["test"])
    return [p for p in sorted((ROOT / "corpus" / "real").glob("*.txt")) if p.stem not in test]


def _grounded(surface: str, value: float) -> bool:
    if _ZH_NUMERAL.fullmatch(surface):
        return True
    try:
        read = parse_number(normalize(surface).text.strip())
    except ValueError:
        return False
    return abs(read - value) <= 1e-9 * max(1.0, abs(value))


def test_every_record_of_the_real_dev_texts_is_grounded_on_its_number() -> None:
    ex = Extractor()
    texts = _dev_texts()
    assert len(texts) > 600
    bad = []
    for path in texts:
        result = ex.extract(path.read_text(encoding="utf-8"))
        bad += [(path.stem, r.rule, r.value, result.text[r.start : r.end]) for r in result.records
                if not _grounded(result.text[r.start : r.end], r.value)]
    assert not bad, bad[:10]
