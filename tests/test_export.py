from __future__ import annotations

import csv
import io

from extractor import export
from extractor.ingest import document_from_text
from extractor.pipeline import analyze

TEXT = "ZGDH3研究^[9]证明多纳非尼较索拉非尼显著延长生存时间(mOS:12.0个月vs10.1个月)。"


def test_evidence_table_keeps_printed_precision_and_links_the_comparator() -> None:
    result = analyze(document_from_text(TEXT))
    rows = export.table_rows([result])
    first = next(r for r in rows if r["value"] == "12.0")
    assert first["endpoint"] == "mOS" and first["unit"] == "month"
    assert first["arm"] == "donafenib" and first["comparator"] == "sorafenib"
    assert first["comparator_value"] == "10.1"
    assert first["trial"] == "ZGDH3" and first["citation"] == "9"
    assert first["quote"] == TEXT


def test_csv_bom_and_markdown() -> None:
    result = analyze(document_from_text(TEXT))
    rows = export.table_rows([result])
    text = export.to_csv(rows, bom=True)
    assert text.startswith("\ufeffsource,trial,arm,endpoint")
    parsed = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["value"] for r in parsed} == {"12.0", "10.1"}
    md = export.to_markdown(rows)
    assert md.splitlines()[0].startswith("| source | trial | arm | endpoint |")
    assert "| mOS | 12.0 | month |" in md


def _whole_dump(result, indent):  # type: ignore[no-untyped-def]
    """The JSON of the whole result dumped at once (what to_json wrote before it streamed)."""
    import json

    data = result.model_dump(mode="json")
    for rec in data["records"]:
        if not rec["sentence"]:
            del rec["sentence"]
    return json.dumps(data, ensure_ascii=False, indent=indent)


def test_json_in_chunks_is_the_whole_dump(review_txt_path) -> None:  # type: ignore[no-untyped-def]
    from extractor.pipeline import extract

    review = extract(review_txt_path)
    abstracts = extract(review_txt_path.parent / "heldout2_en_abstracts.md")
    assert len(review.records) > 50 and len(abstracts.articles) == 3
    # a 1.x record keeps its own sentence copy in the output; empty lists stay "[]"
    review.records[0].sentence = "一句\n\"引号\""
    review.references = []
    for result in (review, abstracts):
        for indent in (2, None):
            chunks = list(export.iter_json(result, indent=indent))
            assert "".join(chunks) == _whole_dump(result, indent)
    assert len(list(export.iter_json(review))) > 3  # the records alone are several chunks
