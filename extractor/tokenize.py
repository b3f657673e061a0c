"""Token spans for mixed Chinese/English text: jieba for CJK runs, rules for the rest.

Why not spaCy's zh tokenizer: it segments with jieba's process-wide default instance, where
added words leak into every other user. We keep our own ``jieba.Tokenizer`` whose user
dictionary comes from the lexicons, and build spaCy Docs from its words. Entity spans
(drug, trial and class names such as "SHR-1210", "CheckMate 040", "PD-1单抗") are protected
first: jieba would cut names with "-", "/" or spaces before consulting its dictionary.
Text is split at script boundaries ("vs12.3" -> "vs" "12.3"; "13.6个月" -> "13.6" "个月").
spaCy and jieba are imported lazily (≈0.85 s) so plain ingest does not pay for them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from extractor.entities.scan import CJK

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Latin-side tokens: codes keep their digits (AK104, CA19-9, IMbrave150); a lower-case
# word does not swallow the number after it (vs12.3); numbers keep decimals.
_LATIN = re.compile(
    r"[A-Z][A-Za-z]*[0-9]+(?:-[A-Za-z0-9]+)*"
    r"|[A-Za-z]+(?:-[A-Za-z0-9]+)*"
    r"|[0-9]+(?:\.[0-9]+)?"
    r"|\S"
)
_RUNS = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<other>[^{CJK}]+)")


class Segmenter:
    """A private jieba instance with its own user words; pipelines never share state."""

    def __init__(self, words: Iterable[str]) -> None:
        import jieba

        # jieba logs "Building prefix dict..." at DEBUG on its own logger; quiet only it.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        self._jieba: Any = jieba.Tokenizer()
        self._jieba.initialize()
        for w in words:
            if w and not re.search(r"[\s/-]", w):
                self._jieba.add_word(w, freq=None)
                # A high frequency makes the whole name beat its pieces (仑/伐/替尼).
                self._jieba.suggest_freq(w, tune=True)

    def lcut(self, text: str) -> list[str]:
        return list(self._jieba.lcut(text, HMM=False))


def lexicon_words() -> list[str]:
    """Drug and trial names in both languages (plus tokenizer_words.json), normalized."""
    from extractor.lexicon import (
        drug_surfaces,
        load_lexicon,
        load_tokenizer_words,
        trial_surfaces,
    )
    from extractor.normalize import normalize_surface

    lex = load_lexicon()
    words = [s for d in lex.drugs for s, _ in drug_surfaces(d)]
    words += [s for t in lex.trials for s in trial_surfaces(t)]
    words += [normalize_surface(w) for w in load_tokenizer_words()]
    return sorted(set(words))


@cache
def default_segmenter() -> Segmenter:
    return Segmenter(lexicon_words())


def tokenize(text: str, *, segmenter: Segmenter | None = None) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` (offsets into ``text``; whitespace skipped)."""
    from extractor.entities import find_spans, matchers
    from extractor.entities.scan import compact
    from extractor.normalize import normalize

    seg = segmenter or default_segmenter()
    view = normalize(text)
    comp = compact(view.text)
    protected = [comp.to_view(s.start, s.end) for s in find_spans(comp.text, matchers())
                 if s.label != "REGIMEN"]
    spans: list[tuple[int, int]] = []
    pos = 0
    for s, e in sorted(protected):
        if s < pos:
            continue
        spans.extend(_segment(view.text, pos, s, seg))
        spans.append((s, e))
        pos = e
    spans.extend(_segment(view.text, pos, len(view.text), seg))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        os_, oe = view.to_orig(s, e)
        if oe > os_ and (not out or os_ >= out[-1][1]):
            out.append((os_, oe))
    return out


def _segment(text: str, start: int, end: int, seg: Segmenter) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for run in _RUNS.finditer(text, start, end):
        if run.group("cjk"):
            pos = run.start()
            for word in seg.lcut(run.group()):
                out.append((pos, pos + len(word)))
                pos += len(word)
        else:
            out.extend((m.start(), m.end()) for m in _LATIN.finditer(text, run.start(), run.end()))
    return out


@cache
def _blank(lang: str) -> Any:
    import spacy

    return spacy.blank(lang)


def make_doc(text: str, *, segmenter: Segmenter | None = None) -> Doc:
    """A spaCy Doc whose tokens are ``tokenize(text)``; ``doc.text == text``."""
    from spacy.tokens import Doc

    nlp = _blank("en") if not re.search(f"[{CJK}]", text) else _blank("xx")
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for s, e in tokenize(text, segmenter=segmenter):
        if s > pos:  # whitespace (or anything skipped) between tokens
            gap = text[pos:s]
            if gap == " " and words:
                spaces[-1] = True
            else:
                words.append(gap)
                spaces.append(False)
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    if pos < len(text):
        words.append(text[pos:])
        spaces.append(False)
    return Doc(nlp.vocab, words=words, spaces=spaces)
