"""``extractor batch`` end to end with the real pipeline in a spawned worker, then ``export``."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.cli import main
from extractor.models import DocumentResult

ZH = "二线治疗中, 瑞戈非尼组的中位总生存期为10.6个月, 安慰剂组为7.8个月 (HR=0.63, P<0.001)。\n"
EN = "In REACH-2, ramucirumab improved median OS versus placebo (8.5 vs 7.3 months; HR 0.71).\n"


@pytest.fixture(scope="module")
def real_pipeline() -> None:
    """Marks the tests that run the whole real pipeline (in spawned workers)."""


def test_batch_then_export_equals_single_file_extract(
    tmp_path: Path, real_pipeline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from extractor.pipeline import extract

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zh.txt").write_text(ZH + EN, encoding="utf-8")
    (folder / "en.md").write_text(EN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "r.sqlite"

    assert main(["batch", str(folder), "--db", str(db), "--workers", "1", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "2 done, 1 failed, 0 already done" in captured.out
    assert f"failed: {folder / 'empty.txt'}: empty file (0 bytes)" in captured.err

    out = tmp_path / "all.jsonl"
    assert main(["export", str(db), "-o", str(out)]) == 0
    stored = [DocumentResult.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert stored == [extract(folder / "en.md"), extract(folder / "zh.txt")]
    assert any(r.records for r in stored)

    # the evidence table from the store is the one `extract --format csv` prints
    assert main(["export", str(db), "--format", "csv", "--endpoint", "mOS", "-o", str(tmp_path / "s.csv")]) == 0
    assert main(["extract", str(folder / "zh.txt"), "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 0
    store_rows = (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()
    single = (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()
    mos = [line for line in single[1:] if ",mOS," in line]
    zh_rows = [line for line in store_rows[1:] if line.startswith(str(folder / "zh.txt"))]
    assert mos and zh_rows == mos

    # everything done: the rerun starts no worker and extracts nothing
    assert main(["batch", str(folder / "zh.txt"), str(folder / "en.md"), "--db", str(db), "--quiet"]) == 0
    assert "0 done, 0 failed, 2 already done" in capsys.readouterr().out


def test_negative_workers_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path), "--db", str(tmp_path / "r.sqlite"), "--workers", "-1"]) == 2
    assert "--workers must be 0 or more, not -1" in capsys.readouterr().err


def test_progress_bar_counts_done_and_failed(capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.batch.rows import Outcome
    from extractor.commands.batch import TqdmProgress

    bar = TqdmProgress(disable=False)
    bar.start(3)
    bar.update(Outcome("a" * 64, True, 0.1))
    bar.update(Outcome("b" * 64, False, 0.1, error_type="InputError", error="x.pdf: empty file (0 bytes)"))
    bar.close()
    err = capsys.readouterr().err
    assert "2/3" in err and "failed=1" in err


def test_quiet_batch_prints_no_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["batch", str(tmp_path), "--db", str(tmp_path / "r.sqlite"), "--workers", "0", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err == f"failed: {tmp_path / 'empty.txt'}: empty file (0 bytes)\n"


def test_password_file_opens_an_encrypted_pdf(tmp_path: Path, real_pipeline: None, capsys: pytest.CaptureFixture[str]) -> None:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, EN.strip())
    pdf.set_encryption(owner_password="owner", user_password="s3cret", encryption_method=EncryptionMethod.RC4)
    folder = tmp_path / "in"
    folder.mkdir()
    pdf.output(str(folder / "locked-1.pdf"))
    db = tmp_path / "r.sqlite"

    assert main(["batch", str(folder), "--db", str(db), "--workers", "0", "--quiet"]) == 1
    assert f"failed: {folder / 'locked-1.pdf'}: encrypted PDF" in capsys.readouterr().err

    pw = tmp_path / "pw.txt"
    pw.write_text("wrong-default\nlocked-*.pdf\ts3cret\n", encoding="utf-8")
    assert main(["batch", str(folder), "--db", str(db), "--workers", "0", "--quiet", "--password-file", str(pw)]) == 0
    assert "1 done, 0 failed" in capsys.readouterr().out
