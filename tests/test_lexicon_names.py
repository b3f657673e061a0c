"""Independent drug-name table checked against the lexicon and the entity stage.

``tests/data/drug_names.tsv`` was written from labels, registries and TW/HK hospital drug
listings, not from ``patterns/drugs.jsonl``: each row is a surface as printed in oncology
texts and the lowercase INN it denotes (gold/GUIDELINES.md 3.1: brands, codes, salts and
abbreviations take the INN). Every row is checked twice:

* lexicon keys: ``surface_key(surface)`` must map to the INN (salt forms and other
  ``variant`` rows are matched by the entity stage, not by lexicon keys, so they skip here);
* entity stage: the surface in a neutral sentence must be (inside) a DRUG entity whose
  norm is the INN.

A coverage test keeps the table from being trimmed silently, and a common-word test keeps
lexicon surfaces (case-insensitive ones) from being ordinary Chinese or English words.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from extractor.entities import find_entities_in_text
from extractor.lexicon import drug_surfaces, load_lexicon, surface_key

TABLE = Path(__file__).parent / "data" / "drug_names.tsv"
HEADER = ["surface", "inn", "script", "kind", "source"]
SCRIPTS = {"en", "zh-Hans", "zh-Hant"}
KINDS = {"inn", "variant", "brand", "code", "abbrev", "zh-generic", "zh-brand", "tw-hk"}


class Row(NamedTuple):
    surface: str
    inn: str
    script: str
    kind: str
    source: str


def _read_rows() -> list[Row]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header == HEADER, f"{TABLE.name}: header {header} != {HEADER}"
        rows = []
        for lineno, fields in enumerate(reader, start=2):
            if not fields or not "".join(fields).strip():
                continue
            assert len(fields) == len(HEADER), f"{TABLE.name}:{lineno}: {fields}"
            rows.append(Row(*(f.strip() for f in fields)))
    return rows


ROWS = _read_rows()


@cache
def _lexicon_map() -> dict[str, str]:
    return {surface_key(s): d.norm for d in load_lexicon().drugs for s, _ in drug_surfaces(d)}


def _sentence(row: Row) -> str:
    if row.script == "en":
        return f"Patients received {row.surface} every three weeks."
    return f"患者接受{row.surface}治疗。"


# --- the table itself ------------------------------------------------------------------


def test_table_is_well_formed():
    problems = []
    for r in ROWS:
        if r.script not in SCRIPTS:
            problems.append(f"{r.surface}: script {r.script!r}")
        if r.kind not in KINDS:
            problems.append(f"{r.surface}: kind {r.kind!r}")
        if not r.inn or r.inn != r.inn.lower():
            problems.append(f"{r.surface}: inn {r.inn!r} is not lowercase")
        if not r.source:
            problems.append(f"{r.surface}: no source")
    dup = [s for s, n in Counter(r.surface for r in ROWS).items() if n > 1]
    assert not problems and not dup, f"problems={problems} duplicate surfaces={dup}"


def test_table_size_and_coverage():
    scripts = Counter(r.script for r in ROWS)
    kinds = Counter(r.kind for r in ROWS)
    zh_hans_generic = sum(1 for r in ROWS if r.script == "zh-Hans" and r.kind == "zh-generic")
    en_brands = sum(1 for r in ROWS if r.script == "en" and r.kind == "brand")
    summary = f"scripts={dict(scripts)} kinds={dict(kinds)}"
    assert len(ROWS) >= 170, summary
    assert scripts["zh-Hans"] >= 40 and zh_hans_generic >= 40, summary
    assert scripts["zh-Hant"] >= 25 and kinds["tw-hk"] >= 25, summary
    assert kinds["code"] >= 25, summary
    assert kinds["abbrev"] >= 20, summary
    assert en_brands >= 25, summary


# --- every row through the lexicon keys and through the entity stage -----------------


@pytest.mark.parametrize("row", ROWS, ids=[r.surface for r in ROWS])
def test_lexicon_key_maps_surface_to_inn(row: Row):
    if row.kind == "variant":
        pytest.skip("salt forms and spelling variants are matched by the entity stage")
    got = _lexicon_map().get(surface_key(row.surface))
    assert got == row.inn, f"{row.surface!r}: expected {row.inn!r}, lexicon gives {got!r}"


@pytest.mark.parametrize("row", ROWS, ids=[r.surface for r in ROWS])
def test_entity_stage_finds_surface_as_drug(row: Row):
    text = _sentence(row)
    start = text.index(row.surface)
    end = start + len(row.surface)
    drugs = [e for e in find_entities_in_text(text) if e.label == "DRUG"]
    covering = [e for e in drugs if e.start <= start and e.end >= end]
    found = [(e.text, e.norm) for e in drugs]
    assert covering, f"{row.surface!r}: no DRUG entity covers it in {text!r}; DRUG={found}"
    exact = [e for e in covering if e.text == row.surface] or covering
    assert exact[0].norm == row.inn, (
        f"{row.surface!r}: expected {row.inn!r}, got {exact[0].norm!r}; DRUG={found}")


# --- lexicon surfaces must not be common words -----------------------------------------


def _case_insensitive_surfaces() -> list[tuple[str, str]]:
    return [(s, d.id) for d in load_lexicon().drugs
            for s, case_sensitive in drug_surfaces(d) if not case_sensitive]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _jieba_common_words(min_freq: int = 1000) -> set[str]:
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word, freq = parts[0], int(parts[1])
            if freq >= min_freq and len(word) >= 2 and all(_is_han(c) for c in word):
                words.add(word)
    return words


def _english_words() -> tuple[set[str], str] | None:
    """Lower-case alphabetic English words (>= 3 letters) and where they came from."""
    try:
        from english_words import get_english_words_set  # pure-Python package, optional

        words = get_english_words_set(["web2"], lower=True, alpha=True)
        origin = "english-words (web2)"
    except ImportError:
        dict_path = Path("/usr/share/dict/words")
        if not dict_path.exists():
            return None
        words = {w.strip().lower() for w in dict_path.read_text(errors="ignore").splitlines()}
        origin = str(dict_path)
    return {w for w in words if len(w) >= 3 and w.isalpha()}, origin


def test_no_lexicon_surface_is_a_common_chinese_word():
    common = _jieba_common_words()
    offenders = sorted({f"{s} ({drug_id})" for s, drug_id in _case_insensitive_surfaces()
                        if s in common})
    assert not offenders, f"lexicon surfaces that are jieba words with freq >= 1000: {offenders}"


def test_no_lexicon_surface_is_a_common_english_word():
    found = _english_words()
    if found is None:
        pytest.skip("no English word list: install the 'english-words' package or provide "
                    "/usr/share/dict/words")
    words, origin = found
    offenders = sorted({f"{s} ({drug_id})" for s, drug_id in _case_insensitive_surfaces()
                        if s.casefold() in words})
    assert not offenders, f"lexicon surfaces that are English words ({origin}): {offenders}"
