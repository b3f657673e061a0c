"""normalize_surface (the start-up fast path for lexicon surfaces) equals normalize().text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import _tables, normalize, normalize_surface

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_equal_on_every_corpus_line() -> None:
    lines = 0
    for path in sorted(CORPUS.glob("*.*")) + sorted((CORPUS / "real").glob("*.txt"))[:20]:
        if path.suffix not in (".txt", ".md"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            for k in range(0, len(line), 40):  # lexicon-sized pieces, and whole lines
                piece = line[k : k + 40]
                assert normalize_surface(piece) == normalize(piece).text, piece
            assert normalize_surface(line) == normalize(line).text, line
            lines += 1
    assert lines > 300


def _alphabet() -> list[str]:
    charmap = _tables()[0]
    mapped = sorted(charmap)[::7]  # full-width, traditional, radicals, dashes ...
    return mapped + list("$\n\\·∙⋅{}^ 0123456789.-~abcXYZ肝癌组個") + ["\\frac", "\\geq", "$P=0.03$"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_alphabet()), max_size=25))
def test_equal_on_mixed_strings(parts: list[str]) -> None:
    s = "".join(parts)
    assert normalize_surface(s) == normalize(s).text
