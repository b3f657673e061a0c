"""The library entry points: ``extract`` for one document, ``Extractor`` for many.

Telling a path from text: a ``pathlib.Path`` (any ``os.PathLike``) is always a file;
a ``str`` is a file only when it is one line naming an existing file, and otherwise
text. A one-line ``str`` ending in .pdf/.txt/.md that names no file is an error rather
than a one-line article. The keywords ``path=`` and ``text=`` say it outright.

Nothing heavy is imported here: the pipeline (spaCy, jieba, the matchers) loads on the
first extraction, so ``import extractor`` stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extractor.errors import ExtractorError, InputError

if TYPE_CHECKING:
    from extractor.models import Document, DocumentResult

LANGS = ("zh", "en", "mixed")
_MAX_PATH = 4096


def _as_path(source: str | os.PathLike[str]) -> Path | None:
    """The file ``source`` names, or None when it is text (see the module docstring)."""
    if isinstance(source, os.PathLike):
        return Path(source)
    if not isinstance(source, str):
        raise TypeError(f"expected a path or a str of text, got {type(source).__name__}")
    if "\n" in source or len(source) > _MAX_PATH or not source.strip():
        return None
    candidate = Path(source)
    try:
        if candidate.is_file():
            return candidate
    except OSError:  # a name too long for the file system, ...
        return None
    from extractor.ingest import SUPPORTED

    if candidate.suffix.lower() in SUPPORTED:
        raise InputError(candidate, "no such file (pass text=... to extract this string as text)")
    return None


def _document(
    source: str | os.PathLike[str] | None,
    *,
    path: str | os.PathLike[str] | None,
    text: str | None,
    password: str | None,
    on_page: Callable[[int], None] | None,
) -> Document:
    given = [x is not None for x in (source, path, text)]
    if sum(given) != 1:
        raise TypeError("give exactly one of: a positional path or text, path=..., text=...")
    from extractor.ingest import document_from_text, ingest

    if text is not None:
        if not isinstance(text, str):
            raise TypeError(f"text= takes a str, got {type(text).__name__}")
        if not text.strip():
            raise InputError("<text>", "contains no text (only whitespace)")
        return document_from_text(text)
    file = Path(path) if path is not None else _as_path(source)  # type: ignore[arg-type]
    if file is None:
        return _document(None, path=None, text=str(source), password=None, on_page=None)
    if on_page is None:
        return ingest(file, password=password)
    return ingest(file, password=password, on_page=on_page)


def _set_lang(result: DocumentResult, lang: str | None) -> DocumentResult:
    if lang is None:
        return result
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)} or None, not {lang!r}")
    for sentence in result.sentences:
        sentence.lang = lang  # type: ignore[assignment]
    return result


def extract(
    source: str | os.PathLike[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    text: str | None = None,
    lang: Literal["zh", "en", "mixed"] | None = None,
    password: str | None = None,
    on_page: Callable[[int], None] | None = None,
) -> DocumentResult:
    """Entities, records and references of one document.

    ``source`` is a file (``Path``, or a one-line str naming an existing file) or the
    text itself; ``path=`` / ``text=`` remove the guess. ``lang`` labels every sentence
    with that language instead of detecting it per sentence (the rules read Chinese and
    English alike either way). ``password`` opens an encrypted PDF. ``on_page(n)`` is
    called as each PDF page is read. Bad input raises ``extractor.errors.InputError``.
    """
    from extractor.pipeline import analyze

    doc = _document(source, path=path, text=text, password=password, on_page=on_page)
    return _set_lang(analyze(doc), lang)


class Extractor:
    """Extraction for many documents with the matchers compiled once and kept warm.

    Compiled lexicon matchers, the jieba dictionary and the spaCy pipelines are
    process-wide caches; building an ``Extractor`` fills them (about a second), so the
    first document is as fast as the rest.
    """

    def __init__(self, *, lang: Literal["zh", "en", "mixed"] | None = None, warm: bool = True) -> None:
        if lang is not None and lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)} or None, not {lang!r}")
        self.lang = lang
        self.failures: list[tuple[str, ExtractorError]] = []
        if warm:
            self.warm()

    @staticmethod
    def warm() -> None:
        """Compile every matcher now rather than on the first document."""
        extract(text="REFLECT: lenvatinib vs sorafenib, mOS 13.6 vs 12.3 months; 中位OS为13.6个月。")

    def extract(
        self,
        source: str | os.PathLike[str] | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        text: str | None = None,
        password: str | None = None,
        on_page: Callable[[int], None] | None = None,
    ) -> DocumentResult:
        return extract(source, path=path, text=text, lang=self.lang, password=password, on_page=on_page)

    def map(
        self,
        sources: Iterable[str | os.PathLike[str]],
        *,
        errors: Literal["raise", "skip"] = "raise",
        password: str | None = None,
    ) -> Iterator[DocumentResult]:
        """Results in input order, one at a time. ``errors="skip"`` leaves out the inputs
        that fail with an input error and lists them in ``self.failures`` as (source, error)."""
        if errors not in ("raise", "skip"):
            raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
        for source in sources:
            try:
                yield self.extract(source, password=password)
            except ExtractorError as exc:
                if errors == "raise":
                    raise
                self.failures.append((str(source), exc))
