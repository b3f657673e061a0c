"""CJK radical look-alikes -> ideographs, one character for one character."""

from __future__ import annotations

import unicodedata

import pytest

from extractor.ingest.pdf.glyphs import radical_table, repair
from extractor.resources import read_text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("2024年2⽉", "2024年2月"),  # Kangxi MOON
        ("⼀线治疗⽅案", "一线治疗方案"),
        ("⻉伐珠单抗", "贝伐珠单抗"),  # supplement: C-SIMPLIFIED SHELL
        ("统⼀意⻅", "统一意见"),
        ("延⻓", "延长"),
        ("⻔诊", "门诊"),
        ("⻋", "车"),
        ("⻜⻢⻥⻛⻚⻘⻝⻄⻨⻩⻬⻮⻯⻳⻆", "飞马鱼风页青食西麦黄齐齿龙龟角"),
        ("PD-1 and mOS 12.0", "PD-1 and mOS 12.0"),  # untouched
    ],
)
def test_repair(raw: str, fixed: str) -> None:
    assert repair(raw) == fixed
    assert len(repair(raw)) == len(raw)


def test_table_file_is_clean() -> None:
    lines = read_text("cjk_radicals.tsv").splitlines()
    assert lines[0].startswith("#")
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    assert len(rows) >= 90
    sources = [a for a, _ in rows]
    assert len(sources) == len(set(sources))
    for a, b in rows:
        assert 0x2E80 <= ord(a) <= 0x2EFF, a
        assert unicodedata.name(a).startswith("CJK RADICAL")
        assert len(b) == 1 and unicodedata.category(b) == "Lo" and not 0x2E80 <= ord(b) <= 0x2FDF


def test_every_kangxi_radical_maps_to_one_ideograph() -> None:
    table = radical_table()
    for cp in range(0x2F00, 0x2FD6):
        out = table[chr(cp)]
        assert len(out) == 1 and "CJK UNIFIED IDEOGRAPH" in unicodedata.name(out)
