"""The library API: `from extractor import extract, Extractor`, and the README's examples run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor import Extractor, extract
from extractor.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
ZH_018 = ROOT / "corpus" / "real" / "zh_018.txt"
SENTENCE = "REFLECT研究显示仑伐替尼组中位OS为13.6个月,索拉非尼组为12.3个月。"


def _facts(result):  # type: ignore[no-untyped-def]
    ents = [(e.label, e.start, e.end, e.norm) for e in result.entities]
    recs = [(r.endpoint, r.value, r.start, r.end, tuple(r.arm), r.trial) for r in result.records]
    return ents, recs


@pytest.fixture(scope="module")
def review_result(review_txt_path: Path):  # type: ignore[no-untyped-def]
    return extract(review_txt_path)


def test_path_gives_the_reviews_records(review_result) -> None:  # type: ignore[no-untyped-def]
    assert review_result.source.endswith("review.txt")
    assert len(review_result.records) == 82
    reflect = [r for r in review_result.records if r.trial == "REFLECT" and r.endpoint == "mOS"]
    assert {(tuple(r.arm), r.value) for r in reflect} == {(("lenvatinib",), 13.6), (("sorafenib",), 12.3)}


def test_str_path_text_and_keywords_agree(review_result, review_txt_path: Path, review_text: str) -> None:  # type: ignore[no-untyped-def]
    from_str = extract(str(review_txt_path))
    from_text = extract(text=review_text)
    from_kw = extract(path=review_txt_path)
    assert _facts(from_str) == _facts(review_result) == _facts(from_kw)
    # the same text given as a string: same entities and records at the same offsets
    assert _facts(from_text) == _facts(review_result)
    assert from_text.source == "<string>"


def test_a_string_with_text_is_text() -> None:
    res = extract(SENTENCE)
    assert res.source == "<string>"
    assert [(e.label, e.text) for e in res.entities] == [("TRIAL", "REFLECT"), ("DRUG", "仑伐替尼"), ("DRUG", "索拉非尼")]
    assert [(r.endpoint, r.value, r.arm) for r in res.records] == [("mOS", 13.6, ["lenvatinib"]), ("mOS", 12.3, ["sorafenib"])]
    multi_line = extract("Results\nmedian OS was 13.6 months with lenvatinib")
    assert multi_line.source == "<string>"


def test_a_missing_file_name_is_an_error_not_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file .*text="):
        extract(str(tmp_path / "missing.pdf"))
    with pytest.raises(InputError, match="no such file"):
        extract(tmp_path / "missing")  # a Path is always a file


def test_ambiguous_or_wrong_arguments_are_refused(review_txt_path: Path) -> None:
    with pytest.raises(TypeError):
        extract(review_txt_path, text="x")
    with pytest.raises(TypeError):
        extract()
    with pytest.raises(TypeError):
        extract(b"%PDF-1.4")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="only whitespace"):
        extract(text="  \n")


def test_lang_labels_every_sentence() -> None:
    mixed = "仑伐替尼组中位OS为13.6个月。Median OS was 12.3 months with sorafenib."
    detected = extract(text=mixed)
    assert [s.lang for s in detected.sentences] == ["zh", "en"]
    forced = extract(text=mixed, lang="zh")
    assert [s.lang for s in forced.sentences] == ["zh", "zh"]
    assert _facts(forced) == _facts(detected)  # extraction itself does not depend on it
    with pytest.raises(ValueError, match="lang"):
        extract(text=mixed, lang="fr")  # type: ignore[arg-type]


def test_pdf_pages_are_reported_as_read(review_pdf_path: Path) -> None:
    seen: list[int] = []
    res = extract(review_pdf_path, on_page=seen.append)
    assert seen == [p.number for p in res.pages] and len(seen) >= 2


def test_extractor_map_keeps_order_and_skips_bad_files(tmp_path: Path, review_txt_path: Path) -> None:
    ex = Extractor()
    missing = tmp_path / "missing.txt"
    results = list(ex.map([review_txt_path, missing, ZH_018], errors="skip"))
    assert [Path(r.source).name for r in results] == ["review.txt", "zh_018.txt"]
    assert [(src, type(err).__name__) for src, err in ex.failures] == [(str(missing), "InputError")]
    zh = results[1]
    assert ("OS_rate", 83.1) in {(r.endpoint, r.value) for r in zh.records}
    with pytest.raises(InputError, match="missing.txt: no such file"):
        list(Extractor(warm=False).map([missing]))


def test_import_is_cheap() -> None:
    code = (
        "import sys, extractor; "
        "heavy = [m for m in ('spacy', 'jieba', 'pydantic', 'extractor.api') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert extractor.extract is extract and "extract" in extractor.__all__
    with pytest.raises(AttributeError):
        extractor.no_such_name  # noqa: B018


def _readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_examples_run() -> None:
    blocks = _readme_python_blocks()
    assert len(blocks) >= 3
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    outputs = []
    for block in blocks:
        proc = subprocess.run([sys.executable, "-c", block], cwd=ROOT, capture_output=True, text=True, env=env)
        assert proc.returncode == 0, f"README example failed:\n{block}\n{proc.stderr}"
        outputs.append(proc.stdout)
    first = outputs[0]
    assert "mOS 13.6 month ['lenvatinib'] REFLECT" in first
    assert "corpus/review.txt 281 entities, 82 records" in first
