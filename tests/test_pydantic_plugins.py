"""The command line skips pydantic's plugin discovery only when no plugin can be installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import pydantic_plugins

ROOT = Path(__file__).resolve().parents[1]


def _dist(folder: Path, name: str, entry_points: str | None) -> None:
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_a_declared_plugin_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.machinery import PathFinder

    kept = [m for m in sys.meta_path if getattr(m, "find_distributions", None) is None or m is PathFinder]
    monkeypatch.setattr(sys, "meta_path", kept)
    _dist(tmp_path, "plain", "[console_scripts]\nplain = plain:main\n")
    _dist(tmp_path, "bare", None)
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert not pydantic_plugins.plugins_possible()
    _dist(tmp_path, "observer", "[pydantic]\nobserver = observer.plugin:plugin\n")
    assert pydantic_plugins.plugins_possible()


def test_a_zip_on_the_path_counts_as_possible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert pydantic_plugins.plugins_possible()


SCRIPT = """
import sys
sys.argv = ["extractor", "extract", sys.argv[1], "--format", "json"]
from extractor import cli
try:
    cli.main()
finally:
    import pydantic.plugin._schema_validator as sv
    from pydantic_core import SchemaValidator
    from extractor.models import Entity
    print("\\nMETA", "importlib.metadata" in sys.modules, type(Entity.__pydantic_validator__) is SchemaValidator,
          file=sys.stderr)
"""


def test_command_skips_the_scan_and_validates_as_before(review_txt_path: Path) -> None:
    """With no plugin installed (this environment), ``extract`` never imports importlib.metadata,
    builds plain validators (what pydantic builds without plugins) and prints the same JSON."""
    if pydantic_plugins.plugins_possible():
        pytest.skip("a pydantic plugin may be installed here: the scan is not skipped")
    fast = subprocess.run([sys.executable, "-c", SCRIPT, str(review_txt_path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)  # fmt: skip
    assert fast.returncode == 0, fast.stderr
    assert "META False True" in fast.stderr
    # a variable the user set (even one that disables nothing) leaves pydantic to look itself
    plain = subprocess.run([sys.executable, "-c", SCRIPT, str(review_txt_path)], capture_output=True,
                           text=True, cwd=ROOT, timeout=300,
                           env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": ""})  # fmt: skip
    assert plain.returncode == 0, plain.stderr
    assert "META True True" in plain.stderr
    assert plain.stdout == fast.stdout and '"REACH-2"' in fast.stdout


def test_stand_in_delegates_other_names() -> None:
    code = ("import sys; from extractor.pydantic_plugins import _NoPluginLoader, LOADER\n"
            "s = _NoPluginLoader(LOADER); sys.modules[LOADER] = s\n"
            "assert s.get_plugins() == ()\n"
            "assert s.PYDANTIC_ENTRY_POINT_GROUP == 'pydantic'\n"
            "assert sys.modules[LOADER] is not s and 'importlib.metadata' in sys.modules\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
