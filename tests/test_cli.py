from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty file"),
        ("fake.pdf", b"just text", "not a PDF"),
        ("x.docx", b"PK", "unsupported file type"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, name: str, data: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    proc = _run(["ingest", str(path)])
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in proc.stderr


def test_debug_shows_traceback(tmp_path: Path) -> None:
    proc = _run(["ingest", str(tmp_path / "missing.txt"), "--debug"])
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr


def test_directory_is_rejected(tmp_path: Path) -> None:
    assert main(["ingest", str(tmp_path)]) == 2


def test_ingest_text_prints_sections(review_txt_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(review_txt_path)]) == 0
    out = capsys.readouterr().out
    assert "== abstract_zh ==" in out and "== references ==" in out
    assert "== heading (level 2) ==\n2.1 基于靶向治疗的单药或联合方案" in out


def test_ingest_json(review_txt_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(review_txt_path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["encoding"] == "utf-8"
    assert doc["text"] == review_txt_path.read_text(encoding="utf-8")
    assert len(doc["sentences"]) > 100


def test_schema_is_versioned(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["version"] == schema["properties"]["schema_version"]["default"]
    assert {"doc_id", "source", "text", "entities", "records", "references"} <= set(schema["properties"])


def test_help_on_every_command() -> None:
    from extractor.cli import COMMANDS

    for name in COMMANDS:
        proc = _run([name, "--help"])
        assert proc.returncode == 0, (name, proc.stderr)
        assert "usage: extractor " + name in proc.stdout


def test_ingest_tokens_keep_drug_and_trial_names_whole(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("REFLECT研究显示仑伐替尼的mOS为13.6个月vs12.3个月。\nSHR-1210-Ⅲ-310研究证实卡瑞利珠单抗有效。\n", encoding="utf-8")
    proc = _run(["ingest", str(path), "--tokens"])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split(" | ")[:9] == ["REFLECT", "研究", "显示", "仑伐替尼", "的", "mOS", "为", "13.6", "个月"]
    assert lines[1].startswith("SHR-1210-Ⅲ-310 | 研究 | 证实 | 卡瑞利珠单抗 |")
    proc = _run(["ingest", str(path), "--tokens", "--format", "json"])
    doc = json.loads(proc.stdout)
    first = doc["tokens"][0]
    text = path.read_text(encoding="utf-8")
    assert [text[s:e] for s, e in first][3] == "仑伐替尼"
