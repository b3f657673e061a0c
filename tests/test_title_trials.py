"""Conference abstracts that name their trial only in the title.

Two rules (GUIDELINES 3.4, 4.3): an acronym in parentheses before a title's design clause is a
TRIAL ("… (RESCUE): an open-label, multicentre, phase 2 trial"), and a value no sentence of its
paragraph attributes takes the one trial its enclosing title / markdown heading names. Fixtures
in tests/fixtures/title_trials/ are hand-written abstracts (English; Chinese with "## 标题").
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from extractor.entities import find_entities_in_text
from extractor.ingest import document_from_text, ingest
from extractor.models import Record
from extractor.pipeline import analyze

FIXTURES = Path(__file__).parent / "fixtures" / "title_trials"


def trials(text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(e.text, e.norm, e.attrs.get("phase"), e.attrs.get("source", ""))
            for e in find_entities_in_text(text) if e.label == "TRIAL"]


@pytest.mark.parametrize("text,expected", [
    (("Camrelizumab plus apatinib in advanced hepatocellular carcinoma (RESCUE): an open-label, "
      "multicentre, phase 2 trial"), [("RESCUE", "RESCUE", "II", "pattern")]),
    (("Lenvatinib plus pembrolizumab versus lenvatinib plus placebo for advanced HCC (LEAP-002): "
      "a randomised, double-blind, phase 3 trial"), [("LEAP-002", "LEAP-002", "III", "lexicon")]),
    # the phase stands beyond the window nearby phases are read from: the clause gives it
    (("Durvalumab with bevacizumab in unresectable HCC (DUBHE): a randomised, double-blind, "
      "placebo-controlled, multicentre, international, phase 3 trial"), [("DUBHE", "DUBHE", "III", "pattern")]),
    ("卡瑞利珠单抗联合阿帕替尼治疗肝癌（STELLAR）：一项2期研究", [("STELLAR", "STELLAR", "II", "pattern")]),
    ("Toripalimab plus lenvatinib in advanced HCC (TORCH-L): a single-arm phase 2 study.",
     [("TORCH-L", "TORCH-L", "II", "pattern")]),
    # guards: disease, procedure and endpoint abbreviations; lower-case led; words
    ("Camrelizumab plus apatinib in advanced hepatocellular carcinoma (HCC): a phase 2 trial", []),
    ("Camrelizumab plus apatinib in unresectable HCC (uHCC): an open-label phase 2 study", []),
    ("Sintilimab in non-small cell lung cancer (NSCLC): a randomised phase 3 study", []),
    ("Chemoembolisation (TACE): a multicentre phase 2 trial", []),
    ("Durvalumab with bevacizumab (Lancet): a phase 2 trial", []),
    # no design clause closing the title
    ("Conventional chemoembolisation (TACE) in intermediate HCC: a phase 2 trial", []),
    ("免疫治疗在晚期肝细胞癌（TIDAL）：研究进展", []),
    ("Results of the biomarker analysis (TIDAL): a narrative review", []),
    ("Biomarkers (TIDAL): a phase 2 trial protocol and its rationale", []),
])
def test_title_acronym(text: str, expected: list[tuple[str, str | None, str | None, str]]) -> None:
    assert trials(text) == expected


@pytest.fixture(scope="module")
def records() -> dict[str, list[Record]]:
    return {name: analyze(ingest(FIXTURES / name)).records
            for name in ("abstracts_en.md", "abstracts_zh.md")}


@pytest.mark.parametrize("name,endpoint,value,trial", [
    # lexicon trial in a "# " title; "## Results" is a subheading inside its scope
    ("abstracts_en.md", "n_patients", 501.0, "IMbrave150"),
    ("abstracts_en.md", "mOS", 19.2, "IMbrave150"),
    ("abstracts_en.md", "mOS", 13.4, "IMbrave150"),
    ("abstracts_en.md", "HR", 0.66, "IMbrave150"),
    ("abstracts_en.md", "mPFS", 4.3, "IMbrave150"),
    # a trial only the title pattern finds
    ("abstracts_en.md", "n_patients", 76.0, "TORCH-L"),
    ("abstracts_en.md", "ORR", 31.6, "TORCH-L"),
    ("abstracts_en.md", "mPFS", 8.5, "TORCH-L"),
    # the paragraph names another trial: the title's does not reach the value
    ("abstracts_en.md", "DCR", 80.3, None),
    ("abstracts_en.md", "ORR", 24.1, "REFLECT"),
    # "(uHCC): a review": no trial in the title
    ("abstracts_en.md", "ORR", 25.0, None),
    ("abstracts_zh.md", "n_patients", 571.0, "ORIENT-32"),
    ("abstracts_zh.md", "mOS", 10.4, "ORIENT-32"),
    ("abstracts_zh.md", "mPFS", 2.8, "ORIENT-32"),
    ("abstracts_zh.md", "ORR", 22.5, "STELLAR"),  # under a "### 结果" subheading
    ("abstracts_zh.md", "mPFS", 5.5, "STELLAR"),
    ("abstracts_zh.md", "ORR", 24.1, "REFLECT"),
    ("abstracts_zh.md", "ORR", 20.0, None),  # "（HCC）：研究进展" names no trial
])
def test_value_takes_title_trial(records: dict[str, list[Record]], name: str, endpoint: str,
                                 value: float, trial: str | None) -> None:
    hits = [r for r in records[name] if r.endpoint == endpoint and r.value == value]
    assert len(hits) == 1
    assert hits[0].trial == trial


def test_scope_ends_at_next_title() -> None:
    text = ("# Sorafenib in HCC (ALPHA): a phase 3 trial\n\nResults: Median OS was 10.7 months.\n\n"
            "# Sorafenib in HCC: a real-world cohort\n\nResults: Median OS was 8.9 months.\n")
    got = {r.value: r.trial for r in analyze(document_from_text(text)).records}
    assert got == {10.7: "ALPHA", 8.9: None}


def test_numbered_heading_is_no_trial_scope() -> None:
    # a review's numbered heading titles a topic; the values below may come from any study
    text = ("1 引言\n\n肝癌的治疗进展迅速。\n\n2 REFLECT研究\n\n客观缓解率为30.0%。\n")
    got = [(r.value, r.trial) for r in analyze(document_from_text(text)).records]
    assert got == [(30.0, None)]


def test_new_study_keeps_no_title_trial() -> None:
    text = ("## 标题：索拉非尼治疗肝癌（ALPHA）：一项3期研究\n\n结果：中位总生存期为10.7个月。\n\n"
            "另一项研究中中位总生存期为8.9个月。\n")
    got = {r.value: r.trial for r in analyze(document_from_text(text)).records}
    assert got == {10.7: "ALPHA", 8.9: None}


HOSTILE: list[Any] = [
    "(ABCD): " * 20_000,  # many candidates, none with a design clause
    "(ABCD): a " + "x" * 1_000_000,  # one clause that never ends
    "(ABCD" * 50_000,
    "(ABCD-1-2-3-4-5): " + "phase 2 " * 50_000 + "trial",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_title_acronym_is_linear(text: str, assert_linear) -> None:  # type: ignore[no-untyped-def]
    assert_linear(find_entities_in_text, text)


def test_many_titled_abstracts_stay_linear() -> None:
    block = "# X (ABC{k}): a phase 2 trial\n\n## Results\n\nThe ORR was 20%.\n\n"
    text = "".join(block.format(k=k % 10) for k in range(500))
    t0 = time.process_time()
    result = analyze(document_from_text(text))
    assert time.process_time() - t0 < 60.0
    assert {r.trial for r in result.records} <= {f"ABC{k}" for k in range(10)}
