"""Rewrite the shipped schema file from the model: ``python -m extractor.schema``."""

from pathlib import Path

from extractor.schema import FILE, build, dumps

target = Path(__file__).with_name(FILE)
target.write_text(dumps(build()), encoding="utf-8")
print(f"wrote {target}")
