"""`extract --format table`: one line per record, fitted to the terminal, CJK aligned."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from extractor.api import extract
from extractor.cli import main
from extractor.formats import terminal
from extractor.formats.terminal import width

ROOT = Path(__file__).resolve().parent.parent
ZH_015 = ROOT / "corpus" / "real" / "zh_015.txt"  # arms named 对照组 beside Latin drug names


@pytest.fixture(scope="module")
def zh_result():  # type: ignore[no-untyped-def]
    return extract(ZH_015)


def test_display_width_counts_cjk_twice() -> None:
    assert width("对照组") == 6 and width("ORR") == 3 and width("中位OS") == 6
    assert terminal.fit("对照组", 5) == "对照…" and width(terminal.fit("对照组", 5)) == 5
    assert terminal.fit("ORR", 6, right=True) == "   ORR"


@pytest.mark.parametrize("cols", [200, 120, 100, 80, 60])
def test_every_line_fits_the_terminal(zh_result, cols: int) -> None:  # type: ignore[no-untyped-def]
    lines = terminal.render(zh_result, columns=cols, quote=True).splitlines()
    assert lines[0].endswith("zh_015.txt: 19 records, 11 entities")
    assert len(lines) == 3 + 19  # summary, header, rule, one line per record
    assert all(width(line) <= cols for line in lines)


@pytest.mark.parametrize("cols", [60, 45, 20])
def test_a_long_path_gives_up_its_directories_not_the_counts(zh_result, cols: int) -> None:  # type: ignore[no-untyped-def]
    # CI clones into deeper directories than a user's checkout: the summary must not depend on it.
    deep = zh_result.model_copy(update={"source": "/a/very/deep/checkout/of/the/project/" * 3 + "zh_015.txt"})
    first = terminal.render(deep, columns=cols).splitlines()[0]
    assert width(first) <= cols
    if cols >= 45:
        assert first.startswith("…") and first.endswith("zh_015.txt: 19 records, 11 entities")
    else:  # no room even for the counts: cut on the right like any other line
        assert first.endswith("…")


def _column_starts(line: str, cells: list[str]) -> list[int]:
    """Display column where each cell (in order) begins in ``line``."""
    starts, pos = [], 0
    for cell in cells:
        i = line.index(cell, pos)
        starts.append(width(line[:i]))
        pos = i + len(cell)
    return starts


# A placebo-controlled design: the control keeps its Chinese group words as its arm cell.
ZH_PLACEBO = ("患者随机接受卡瑞利珠单抗联合白蛋白紫杉醇（试验组）或安慰剂（安慰剂组）治疗。"
              "结果试验组和安慰剂组ORR分别为26.7%(12/45)、7.4%(2/27)，差异有统计学意义(P=0.046)。")


@pytest.fixture(scope="module")
def placebo_result():  # type: ignore[no-untyped-def]
    return extract(ZH_PLACEBO)


def test_columns_stay_aligned_under_chinese_cells(placebo_result) -> None:  # type: ignore[no-untyped-def]
    lines = terminal.render(placebo_result, columns=300).splitlines()
    header, rows = lines[1], lines[3:]
    orr = [ln for ln in rows if " ORR " in ln]
    assert len(orr) == 2
    # one row has its comparator in Chinese, the other its arm: endpoint, value and vs value
    # columns begin at the same display column in both, and the same as in the header.
    first = _column_starts(orr[0], ["ORR", "26.7", "安慰剂组", "7.4"])
    second = _column_starts(orr[1], ["ORR", "7.4", "camrelizumab", "26.7"])
    assert first[0] == second[0] == width(header[: header.index("endpoint")])
    assert first[2] == second[2] == width(header[: header.index("vs ")])
    # right-aligned numbers end at the same column
    assert first[1] + 4 == second[1] + 3 and first[3] + 3 == second[3] + 4


def test_narrow_terminal_cuts_wordy_columns_first(placebo_result) -> None:  # type: ignore[no-untyped-def]
    rows = terminal.render(placebo_result, columns=80).splitlines()[3:]
    orr = [ln for ln in rows if " ORR " in ln]
    # the arm and comparator gave width ("…"); endpoint, values and P are whole
    assert orr[0].startswith("camrelizumab") and "…" in orr[0].split("ORR")[0]
    assert "26.7" in orr[0] and "7.4" in orr[0]
    assert orr[1].startswith("安慰剂组 ") and "…" in orr[1].split("7.4")[1] and "=0.046" in orr[1]


def test_quote_only_when_asked(zh_result) -> None:  # type: ignore[no-untyped-def]
    quote = zh_result.sentence_of(zh_result.records[3])
    without = terminal.render(zh_result, columns=400)
    with_quote = terminal.render(zh_result, columns=400, quote=True)
    assert quote[:20] not in without
    assert quote[:20] in with_quote and "quote" in with_quote.splitlines()[1]


def test_a_document_without_records() -> None:
    res = extract(text="Sorafenib is a kinase inhibitor.")
    assert terminal.render(res, columns=80) == "<string>: 0 records, 1 entities\n"


def test_cli_defaults_to_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["extract", str(ZH_015)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("zh_015.txt: 19 records, 11 entities")
    assert len(out) == 22 and all(width(line) <= 120 for line in out)


def test_cli_defaults_to_json_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(ZH_015)]) == 0  # capsys is no terminal
    assert len(json.loads(capsys.readouterr().out)["records"]) == 19


def test_cli_table_with_quote(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["extract", str(ZH_015), "--format", "table", "--quote"]) == 0
    out = capsys.readouterr().out
    assert "对照组" in out and out.splitlines()[1].rstrip().endswith("quote")


@pytest.mark.parametrize("read_ahead", ["1", "0"])
def test_pdf_page_progress_on_a_terminal(
    review_pdf_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], read_ahead: str
) -> None:
    # capfd, not capsys: with read-ahead the pages are read, and reported, by a forked child
    # (extractor/ingest/pdf/ahead.py), whose writes only a capture of the file descriptor sees
    monkeypatch.setenv("EXTRACTOR_READ_AHEAD", read_ahead)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["extract", str(review_pdf_path), "--format", "csv"]) == 0
    err = capfd.readouterr().err
    pages = len(extract(review_pdf_path).pages)
    assert "read page 1" in err and f"read page {pages}" in err
    assert err.endswith("\r\033[K")  # the progress line is cleared before the output


def test_no_progress_when_stderr_is_not_a_terminal(review_pdf_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(review_pdf_path), "--format", "csv"]) == 0
    assert capsys.readouterr().err == ""


def test_quote_with_another_format_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(ZH_015), "--format", "csv", "--quote"]) == 2
    assert capsys.readouterr().err.strip() == (
        "extractor: error: --quote applies to --format table only (csv and md always carry the quote), not csv"
    )
