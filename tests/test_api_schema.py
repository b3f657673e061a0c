"""The JSON Schema shipped in the package: equal to the model's, and it validates real output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import export, schema
from extractor.cli import main
from extractor.pipeline import extract

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra: pip install -e '.[test]'")


def test_shipped_schema_equals_the_models() -> None:
    assert schema.shipped_text() == schema.dumps(schema.build()), (
        "extractor/schema/result.schema.json is stale: run `python -m extractor.schema`"
    )


def test_cli_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema.shipped_text()


@pytest.fixture(scope="module")
def pdf_json(review_pdf_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(export.to_json(extract(review_pdf_path)))


def test_a_real_result_validates(pdf_json: dict) -> None:  # type: ignore[type-arg]
    jsonschema.validate(pdf_json, schema.load())
    assert len(pdf_json["records"]) == 82 and pdf_json["records"][0]["page"] is not None


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["entities"][0].pop("start"),
        lambda d: d["entities"][0].update(label="GENE"),
        lambda d: d["records"][0].update(value="13.6"),
        lambda d: d.update(surprise=1),
    ],
    ids=["missing-offset", "unknown-label", "value-as-string", "extra-field"],
)
def test_a_broken_result_does_not(pdf_json: dict, breakage) -> None:  # type: ignore[no-untyped-def,type-arg]
    broken = json.loads(json.dumps(pdf_json))
    breakage(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema.load())
