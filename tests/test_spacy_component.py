"""The spaCy component: nlp.add_pipe("oncology_evidence") on blank zh/en pipelines."""

from __future__ import annotations

import pickle
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy import displacy
from spacy.tokens import Doc

from extractor.ingest import document_from_text
from extractor.pipeline import analyze
from extractor.spacy_component import entity_spans

ZH = "IMbrave150研究中,阿替利珠单抗联合贝伐珠单抗组ORR为27.3%,索拉非尼组为11.9%。"
EN = "In REFLECT, lenvatinib was non-inferior to sorafenib (median OS 13.6 vs 12.3 months; HR 0.92)."


@pytest.fixture(scope="module")
def nlp_zh():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("zh")
    nlp.add_pipe("oncology_evidence")
    return nlp


def test_entry_point_is_declared() -> None:
    eps = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert eps.get("oncology_evidence") == "extractor.spacy_component:make_oncology_evidence"


def test_found_in_a_fresh_interpreter_without_importing_extractor() -> None:
    # What a user gets after `pip install`: spaCy loads the factory through the entry point.
    code = (
        "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('oncology_evidence'); "
        f"print([(e.text, e.label_) for e in nlp({EN!r}).ents])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[('REFLECT', 'TRIAL'), ('lenvatinib', 'DRUG'), ('sorafenib', 'DRUG')]"


def test_spans_equal_the_pipelines_entities(nlp_zh) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_zh(ZH)
    result = analyze(document_from_text(ZH))
    want = [{"label": e.label, "text": e.text, "start": e.start, "end": e.end, "norm": e.norm} for e in result.entities]
    assert entity_spans(doc) == want
    assert ("REGIMEN", "阿替利珠单抗联合贝伐珠单抗") in {(w["label"], w["text"]) for w in want}


def test_ents_have_no_overlap_and_the_regimen_wins(nlp_zh) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_zh(ZH)
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("IMbrave150", "TRIAL", "IMbrave150"),
        ("阿替利珠单抗联合贝伐珠单抗", "REGIMEN", "atezolizumab + bevacizumab"),
        ("索拉非尼", "DRUG", "sorafenib"),
    ]


def test_records_and_their_value_spans(nlp_zh) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_zh(ZH)
    recs = doc._.records
    assert [(r.endpoint, r.value, r.arm, r.trial) for r in recs] == [
        ("ORR", 27.3, ["atezolizumab", "bevacizumab"], "IMbrave150"),
        ("ORR", 11.9, ["sorafenib"], "IMbrave150"),
    ]
    values = doc.spans["oncology_records"]
    assert [(s.text, s.label_, s.id_) for s in values] == [(ZH[r.start : r.end], "ORR", r.id) for r in recs]
    assert [s.text for s in values] == ["27.3", "11.9"]


def test_english_pipeline_and_displacy() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("oncology_evidence")
    doc = nlp(EN)
    assert [(r.endpoint, r.value) for r in doc._.records] == [("mOS", 13.6), ("mOS", 12.3), ("HR", 0.92)]
    html = displacy.render(doc, style="ent")
    for ent in doc.ents:
        assert f"{ent.text}\n" in html or f"{ent.text}<" in html
        assert ent.label_ in html
    spans_html = displacy.render(doc, style="span", options={"spans_key": "oncology_records"})
    assert "mOS" in spans_html and "13.6" in spans_html


def test_alignment_expand_widens_and_contract_drops() -> None:
    # The blank English tokenizer keeps "索拉非尼组" as one token: the drug ends inside it.
    text = "索拉非尼组 mOS 10.7 months."
    expand = spacy.blank("en")
    expand.add_pipe("oncology_evidence")
    contract = spacy.blank("en")
    contract.add_pipe("oncology_evidence", config={"alignment_mode": "contract"})
    assert [(e.text, e.label_, e.kb_id_) for e in expand(text).ents] == [("索拉非尼组", "DRUG", "sorafenib")]
    assert list(contract(text).ents) == []
    with pytest.raises(ValueError, match="alignment_mode"):
        spacy.blank("en").add_pipe("oncology_evidence", config={"alignment_mode": "loose"})


def test_earlier_entities_are_kept_unless_overlapped() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Eisai"}, {"label": "X", "pattern": "lenvatinib"}])
    nlp.add_pipe("oncology_evidence")
    doc = nlp("Eisai markets lenvatinib.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Eisai", "ORG"), ("lenvatinib", "DRUG")]


def test_docs_still_serialize(nlp_zh) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_zh(ZH)
    again = Doc(nlp_zh.vocab).from_bytes(doc.to_bytes())
    assert [(r.endpoint, r.value) for r in again._.records] == [("ORR", 27.3), ("ORR", 11.9)]
    assert [s.text for s in again.spans["oncology"]] == [s.text for s in doc.spans["oncology"]]
    assert len(pickle.loads(pickle.dumps(doc))._.records) == 2


def test_whitespace_only_doc(nlp_zh) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_zh("   ")
    assert list(doc.ents) == [] and doc._.records == []


def test_review_through_nlp_pipe(review_txt_path: Path) -> None:
    text = review_txt_path.read_text(encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("oncology_evidence")
    (doc,) = list(nlp.pipe([text]))
    assert len(doc._.records) == 82
    assert len(doc.spans["oncology"]) == 281
    assert all(s.text == text[s.start_char : s.end_char] for s in doc.spans["oncology"])
    # char tokens: every mention aligns exactly
    assert entity_spans(doc) == [
        {"label": e.label, "text": e.text, "start": e.start, "end": e.end, "norm": e.norm}
        for e in analyze(document_from_text(text)).entities
    ]
