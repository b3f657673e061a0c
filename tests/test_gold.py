"""The hand-annotated gold set: valid, grounded, internally consistent, reproducible.

Every check runs on each gold document: the review (gold/review.gold.jsonl), the
held-out articles (gold/heldout.gold.jsonl) and the second held-out set
(gold/heldout2.gold.jsonl), listed in build_gold.DOCS.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from extractor.models import GoldDocument

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "review.txt"
README = ROOT / "gold" / "README.md"
SECTIONS = {"title", "abstract_zh", "keywords_zh", "abstract_en", "keywords_en", "body",
            "references", "front_matter", "back_matter"}
LINES = {"first", "second", "later"}


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gold", ROOT / "gold" / "tools" / "build_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
DOC_NAMES = [d.name for d in builder.DOCS]


def _committed(doc_name: str) -> GoldDocument:
    """The committed gold line of one document (its position among the documents of its file)."""
    doc = next(d for d in builder.DOCS if d.name == doc_name)
    siblings = [d.name for d in builder.DOCS if d.out == doc.out]
    lines = (ROOT / "gold" / doc.out).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(siblings), "one JSONL line per document"
    return GoldDocument.model_validate_json(lines[siblings.index(doc_name)])


@pytest.fixture(scope="module", params=DOC_NAMES)
def doc(request: pytest.FixtureRequest) -> tuple[Any, GoldDocument, str]:
    spec = next(d for d in builder.DOCS if d.name == request.param)
    return spec, _committed(spec.name), (ROOT / spec.source).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gold(doc: tuple[Any, GoldDocument, str]) -> GoldDocument:
    return doc[1]


@pytest.fixture(scope="module")
def text(doc: tuple[Any, GoldDocument, str]) -> str:
    return doc[2]


@pytest.fixture(scope="module")
def review_text() -> str:
    return CORPUS.read_text(encoding="utf-8")


def test_hash_and_source_match_the_corpus(doc: tuple[Any, GoldDocument, str]) -> None:
    spec, gold, _ = doc
    sha = hashlib.sha256((ROOT / spec.source).read_bytes()).hexdigest()
    assert gold.source == spec.source
    assert gold.doc_id == sha and gold.text_sha256 == sha


@pytest.mark.parametrize("out", sorted({d.out for d in builder.DOCS}))
def test_committed_gold_equals_a_fresh_build(out: str) -> None:
    committed = (ROOT / "gold" / out).read_text(encoding="utf-8")
    assert committed == builder.build(out), "run gold/tools/build_gold.py"


def test_review_build_keeps_its_default_output() -> None:
    """build() without an argument is still the review's file (callers predating the held-out set)."""
    assert builder.build() == builder.build("review.gold.jsonl")
    assert builder.build().count("\n") == 1


def test_sources_list_every_gold_document() -> None:
    """gold/sources.json scores each gold document's own text (the held-out ones included)."""
    import json

    listed = {(e["source"], e["gold_doc_id"]) for e in json.loads((ROOT / "gold" / "sources.json").read_text("utf-8"))}
    for d in builder.DOCS:
        assert (d.source, hashlib.sha256((ROOT / d.source).read_bytes()).hexdigest()) in listed, d.source


def test_every_span_slices_its_surface(gold: GoldDocument, text: str) -> None:
    for s in gold.spans:
        assert text[s.start : s.end] == s.text, s
        assert s.rule == "gold" and s.section in SECTIONS and s.norm


def test_no_duplicate_spans(gold: GoldDocument) -> None:
    keys = Counter((s.label, s.start, s.end) for s in gold.spans)
    assert [k for k, c in keys.items() if c > 1] == []


def test_drug_norms_are_lowercase(gold: GoldDocument) -> None:
    for s in gold.spans:
        if s.label == "DRUG":
            assert s.norm == s.norm.lower() and s.norm.strip() == s.norm, s


def test_regimens_contain_their_components(gold: GoldDocument) -> None:
    """Each position of a REGIMEN is a DRUG (or DRUG_CLASS for class:) span nested in it,
    except in a regimen named by an acronym or nickname (R10: "T+A", "STRIDE")."""
    for r in (s for s in gold.spans if s.label == "REGIMEN"):
        drugs = r.attrs["drugs"]
        assert len(drugs) >= 2 and r.norm == " + ".join("/".join(p) for p in drugs)
        if r.attrs.get("named"):
            continue
        inner = {(s.label, s.norm) for s in gold.spans if r.start <= s.start and s.end <= r.end and s is not r}
        for position in drugs:
            for alt in position:
                want = ("DRUG_CLASS", alt[6:]) if alt.startswith("class:") else ("DRUG", alt)
                assert want in inner, (r.text, want)


def test_trial_registry_ids(gold: GoldDocument) -> None:
    for s in gold.spans:
        if s.label == "TRIAL" and s.norm.startswith("NCT"):
            assert s.attrs["registry_id"] == s.norm == s.text


def test_every_record_grounds_its_value(gold: GoldDocument, text: str) -> None:
    for r in gold.records:
        surface = unicodedata.normalize("NFKC", text[r.start : r.end])
        assert re.fullmatch(r"[0-9]+(\.[0-9]+)?", surface), (r.id, surface)
        assert float(surface) == r.value, r.id
        assert r.sentence and r.sentence in text, r.id
        s0 = text.find(r.sentence, max(0, r.end - len(r.sentence)))
        assert s0 <= r.start and r.end <= s0 + len(r.sentence), r.id
        assert r.rule == "gold" and r.section in SECTIONS
        assert r.line is None or r.line in LINES


def test_record_ids_unique_and_comparisons_symmetric(gold: GoldDocument) -> None:
    by_id = {r.id: r for r in gold.records}
    assert len(by_id) == len(gold.records)
    for r in gold.records:
        if r.comparator_id is None:
            continue
        other = by_id[r.comparator_id]
        assert other.comparator_id == r.id
        assert r.comparator_value == other.value
        assert r.endpoint == other.endpoint and r.unit == other.unit
        assert (r.comparator or []) == other.arm


def test_citations_point_into_the_reference_list(doc: tuple[Any, GoldDocument, str]) -> None:
    spec, gold, _ = doc
    for r in gold.records:
        assert all(1 <= c <= 40 for c in r.citations), r.id
        if r.citations:
            assert spec.marker in r.sentence


def test_record_arms_use_canonical_names(gold: GoldDocument) -> None:
    drugs = {s.norm for s in gold.spans if s.label == "DRUG"}
    classes = {s.norm for s in gold.spans if s.label == "DRUG_CLASS"}
    for r in gold.records:
        for name in [*r.arm, *(r.comparator or [])]:
            if name.startswith("class:"):
                assert name[6:] in classes, (r.id, name)
            else:
                assert set(name.split("/")) <= drugs, (r.id, name)
        if not r.arm:
            # whole-cohort values (counts, a trial's median follow-up) need no label (M16)
            assert r.arm_label or r.endpoint in {"n_patients", "median_follow_up"}, r.id


CLASS_CODES = {"TKI", "EGFR-TKI", "ICI", "anti-PD-1", "anti-PD-L1", "anti-PD-1/PD-L1", "anti-CTLA-4",
               "anti-VEGF", "anti-VEGFR2", "anti-LAG-3", "anti-TIGIT", "PD-1/CTLA-4 bispecific",
               "bispecific", "chemotherapy", "targeted", "other"}
UNITS = {"month", "week", "year", "%", "patients", None}
CRITERIA = {"mRECIST", "RECIST 1.1", "RECIST 1.1/mRECIST", None}


def documented_endpoints() -> set[str]:
    """Endpoint codes in the first column of the GUIDELINES endpoint table (section 4.1)."""
    guide = (ROOT / "gold" / "GUIDELINES.md").read_text(encoding="utf-8")
    table = guide.split("### 4.1", 1)[1].split("### 4.2", 1)[0]
    return {code for row in table.splitlines() if row.startswith("| `")
            for code in re.findall(r"`([^`]+)`", row.split("|")[1])}


def test_codes_are_documented(gold: GoldDocument) -> None:
    trials = {s.norm for s in gold.spans if s.label == "TRIAL"}
    endpoints = documented_endpoints()
    assert {"mOS", "ORR", "n_patients", "OS_rate"} <= endpoints
    for r in gold.records:
        assert r.endpoint in endpoints, r.id
        assert r.unit in UNITS and r.criterion in CRITERIA, r.id
        assert r.trial is None or r.trial in trials, r.id
        assert (r.timepoint is not None) == r.endpoint.endswith("_rate") or r.endpoint in {
            "AE_rate", "CR_rate", "PR_rate", "SD_rate"}, r.id
    for s in gold.spans:
        if s.label == "DRUG_CLASS":
            assert s.norm in CLASS_CODES, s
        if s.label == "TRIAL" and "phase" in s.attrs:
            assert re.fullmatch(r"(I|II|III|IV)[ab]?(/(I|II|III|IV))?", s.attrs["phase"]), s


def gold_counts(gold: GoldDocument) -> dict[str, int]:
    labels = Counter(s.label for s in gold.spans)
    counts = {"spans": len(gold.spans), **{f"spans.{k}": v for k, v in sorted(labels.items())}}
    counts["distinct drugs"] = len({s.norm for s in gold.spans if s.label == "DRUG"})
    counts["distinct trials"] = len({s.norm for s in gold.spans if s.label == "TRIAL"})
    counts["records"] = len(gold.records)
    for endpoint, n in sorted(Counter(r.endpoint for r in gold.records).items()):
        counts[f"records.{endpoint}"] = n
    return counts


def readme_counts(source: str) -> dict[str, int]:
    """The count lines under the README heading "### `<source>`" (up to the next heading)."""
    readme = README.read_text("utf-8")
    head = f"### `{source}`\n"
    assert head in readme, f"README has no counts heading for {source}"
    block = re.split(r"^#{2,3} ", readme.split(head, 1)[1], maxsplit=1, flags=re.MULTILINE)[0]
    return {k: int(v) for k, v in re.findall(r"^- `([^`]+)`: (\d+)", block, re.MULTILINE)}


def test_readme_counts_match_the_gold(gold: GoldDocument) -> None:
    assert readme_counts(gold.source) == gold_counts(gold)


def test_second_held_out_set_has_its_own_file() -> None:
    """The one-time measurement set stays apart from the held-out set used for fixing."""
    second = [d for d in builder.DOCS if d.name.startswith("heldout2_")]
    assert {d.source for d in second} == {"corpus/heldout2_en_abstracts.md", "corpus/heldout2_zh_review.txt"}
    assert {d.out for d in second} == {"heldout2.gold.jsonl"}
    assert all(d.out != "heldout2.gold.jsonl" for d in builder.DOCS if d not in second)


@pytest.mark.parametrize(
    ("source", "record_id", "field", "expected"),
    [
        # values read off the text by hand: a CI after a median, a lone "not reached" side,
        # alternatives in one control arm, a 96% CI, a two-trial sentence
        ("corpus/heldout2_en_abstracts.md", "leap-mos-lp", "ci_low", 19.0),
        ("corpus/heldout2_en_abstracts.md", "leap-hr-os", "p_value", 0.0227),
        ("corpus/heldout2_en_abstracts.md", "em-mpfs-p", "arm_label", "placebo"),
        ("corpus/heldout2_en_abstracts.md", "res-n-2l", "line", "second"),
        ("corpus/heldout2_zh_review.txt", "orient-mos-sor", "comparator_id", None),
        ("corpus/heldout2_zh_review.txt", "cm9dw-mos-ctl", "arm", ["lenvatinib/sorafenib"]),
        ("corpus/heldout2_zh_review.txt", "him-hr", "ci_level", 96),
        ("corpus/heldout2_zh_review.txt", "r301-orr-tis", "trial", "RATIONALE-301"),
        ("corpus/heldout2_zh_review.txt", "cm9dw-orr-ni", "citations", [5, 6]),
    ],
)
def test_second_held_out_hard_cases(source: str, record_id: str, field: str, expected: Any) -> None:
    doc = next(d for d in builder.DOCS if d.source == source)
    gold = _committed(doc.name)
    record = next(r for r in gold.records if r.id == record_id)
    assert getattr(record, field) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("基于Sharp和Oriental两项研究^[6-7],索拉非尼成功开辟晚期HCC靶向治疗范式。", [6, 7]),
        ("TACTI-002研究^[35,36]采用Eftilagimod alpha(LAG-3抑制剂)联合Pembrolizumab治疗。", [35, 36]),
        ("尽管后续KEYNOTE-240研究并未取得阳性结果^[30],但在我国开展的KEYNOTE-394研究^[31]。", [30, 31]),
        ("10例患者mPFS为2.9个月,mOS为7.4个月。", []),
    ],
)
def test_citations_in(sentence: str, expected: list[int]) -> None:
    assert builder.citations_in(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("median OS was 10.6 months vs 7.8 months with placebo (HR 0.63, 95% CI 0.50-0.79; p<0.0001) [1].", [1]),
        ("Pembrolizumab was tested in the same setting [2,3], and later in Asia [4–6].", [2, 3, 4, 5, 6]),
        ("第二期CheckMate 040研究納入214名患者，客觀緩解率為20%[2]。", [2]),
        ("The array [a, b] and the interval [0.5, 1] are not citations.", []),
    ],
)
def test_citations_in_bracket_markers(sentence: str, expected: list[int]) -> None:
    assert builder.citations_in(sentence, "[") == expected


@pytest.mark.parametrize(("surface", "value"), [("１３．６", 13.6), ("１２．３", 12.3), ("22.1", 22.1), ("５４３", 543.0)])
def test_full_width_numbers_read_as_ascii(surface: str, value: float) -> None:
    assert builder.number_value(surface) == value


@pytest.mark.parametrize(
    ("source", "value_anchor", "sentence_start", "sentence_end"),
    [
        # a paragraph's final full stop before a blank line ends the sentence (English)
        ("corpus/heldout_en.md", "5.2 vs 1.9", "Median OS was 10.2", "vs 1.9 months [2]."),
        ("corpus/heldout_en.md", "n=573", "After failure of first-line sorafenib", "p<0.0001) [1]."),
        ("corpus/heldout_en.md", "30 patients", "In a multicentre series", "in 25% of patients."),
        ("corpus/heldout_zh_trad.txt", "１３．６", "第三期REFLECT研究中", "１２．３個月[1]。"),
        ("corpus/heldout_zh_news.txt", "22.1", "结果显示，双艾组合组", "死亡风险降低38%。"),
        # "p = .0227)." ends the sentence; ".0227" and "v1.1" do not split it
        ("corpus/heldout2_en_abstracts.md", "21.2 months", "At a median follow-up", "p = .0227)."),
        ("corpus/heldout2_en_abstracts.md", "26.1%", "The objective response rate per RECIST v1.1", "versus 17.5%."),
        ("corpus/heldout2_en_abstracts.md", "794", "Results: Overall, 794", "lenvatinib plus placebo."),
        ("corpus/heldout2_en_abstracts.md", "77.4", "Grade ≥3 treatment-related", "patients (77.4%)."),
        ("corpus/heldout2_zh_review.txt", "14.3%", "客观缓解率（ORR）方面", "的14.3%[5-6]。"),
        ("corpus/heldout2_zh_review.txt", "10.4个月", "中位随访时间10.0个月时", "HR=0.56）[3]。"),
    ],
)
def test_sentence_bounds_held_out(source: str, value_anchor: str, sentence_start: str, sentence_end: str) -> None:
    text = (ROOT / source).read_text(encoding="utf-8")
    at = text.index(value_anchor)
    s0, s1 = builder.sentence_bounds(text, at, at + 2)
    assert text[s0:s1].startswith(sentence_start) and text[s0:s1].endswith(sentence_end)


@pytest.mark.parametrize(
    ("value_anchor", "sentence_start", "sentence_end"),
    [
        ("16.3% vs 3.8%", "Guan等^[22]分析了", "但mOS差异无统计学意义。"),  # joined over a page break
        ("mOS为7.4个月", "10例患者mPFS为2.9个月", "mOS为7.4个月。"),
        ("仅有10.7个月", "基于Sharp和Oriental", "仅有10.7个月。"),
    ],
)
def test_sentence_bounds(review_text: str, value_anchor: str, sentence_start: str, sentence_end: str) -> None:
    at = review_text.index(value_anchor)
    s0, s1 = builder.sentence_bounds(review_text, at, at + 2)
    assert review_text[s0:s1].startswith(sentence_start) and review_text[s0:s1].endswith(sentence_end)


@pytest.mark.parametrize("anchor", ["索拉非尼", "not in the text at all"])
def test_builder_rejects_ambiguous_or_missing_anchors(review_text: str, anchor: str) -> None:
    with pytest.raises(builder.GoldBuildError):
        builder.find_unique(review_text, anchor, "test")
