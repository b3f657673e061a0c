from __future__ import annotations

from pathlib import Path

from extractor.ingest import document_from_text, ingest
from extractor.pipeline import prepare
from extractor.references import parse_references


def test_review_reference_list(review_txt_path: Path) -> None:
    doc = ingest(review_txt_path)
    refs = parse_references(doc, prepare(doc))
    assert [r.number for r in refs] == list(range(1, 41))
    by = {r.number: r for r in refs}
    assert by[8].doi == "10.1016/S0140-6736(18)30207-1"
    assert by[8].authors[:3] == ["KUDO M", "FINN RS", "QIN SK"]
    assert by[8].title.startswith("Lenvatinib versus sorafenib in first-line treatment")
    assert (by[8].journal, by[8].year, by[8].volume, by[8].pages) == ("Lancet", 2018, "391", "1163-1173")
    assert by[18].journal == "N Engl J Med"
    assert by[25].nct_ids == ["NCT05101629"] and by[25].url.endswith("NCT05101629")
    assert by[25].journal is None
    assert by[15].doi is None
    for r in refs:
        assert doc.text[r.start : r.end] == r.text


def test_vancouver_style_references() -> None:
    text = (
        "Body text.\n\nReferences\n\n"
        "1. Finn RS, Qin S, Ikeda M, et al. Atezolizumab plus bevacizumab in unresectable "
        "hepatocellular carcinoma. N Engl J Med. 2020;382(20):1894-1905. doi:10.1056/NEJMoa1915745\n"
        "2. Abou-Alfa GK, Lau G, Kudo M, et al. Tremelimumab plus durvalumab in unresectable "
        "hepatocellular carcinoma. NEJM Evid. 2022;1(8). doi:10.1056/EVIDoa2100070.\n"
    )
    doc = document_from_text(text)
    refs = parse_references(doc, prepare(doc))
    assert [r.number for r in refs] == [1, 2]
    assert refs[0].doi == "10.1056/NEJMoa1915745"
    assert refs[0].year == 2020
    assert refs[1].doi == "10.1056/EVIDoa2100070"
    assert refs[1].title.startswith("Tremelimumab plus durvalumab")
