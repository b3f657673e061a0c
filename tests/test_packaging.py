"""The wheel must carry every package and every data file of patterns/."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from extractor import resources

ROOT = Path(__file__).resolve().parent.parent


def _config() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_listed() -> None:
    listed = set(_config()["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "extractor").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set(), "add these packages to pyproject.toml [tool.setuptools] packages"


def test_every_pattern_file_ships() -> None:
    globs = _config()["package-data"]["extractor.patterns"]
    for path in (ROOT / "patterns").iterdir():
        if path.name in ("__init__.py", "__pycache__"):
            continue
        assert any(fnmatch.fnmatch(path.name, g) for g in globs), f"{path.name} would not ship in the wheel"
        # and the installed package resolves it
        assert resources.pattern_file(path.name).is_file()
