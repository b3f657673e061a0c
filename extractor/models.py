"""The pydantic models every stage reads and writes.

One model per concept (Document, Entity, Record, Reference, DocumentResult), with
provenance built in: offsets into ``Document.text``, page and box for PDFs, and the
rule that produced each extraction. Parsing lives in the stages, not here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from extractor.section_index import SectionIndex

# 2.0.0: records refer to their sentence by offsets (sentence_start/sentence_end) instead of
# copying it (``sentence`` is left empty, and omitted from JSON output); records name the
# article of the file they came from (article, article_title); results list the articles.
# A 1.x result still loads: its records keep their ``sentence`` text (and no article).
# 2.1.0: an adverse-event rate of a named event says which (``event``).
SCHEMA_VERSION = "2.1.0"

Lang = Literal["zh", "en", "mixed"]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


def _list() -> list[Any]:
    return []


def _dict() -> dict[str, Any]:
    return {}


# The default factories above are ``list`` and ``dict`` by another name: pydantic inspects a
# factory's signature when it builds a schema, and a builtin's is parsed from its text
# signature through ``tokenize`` (19 fields: ~4 ms of every extract); a Python function's
# is read directly.


class _Model(BaseModel):
    # defer_build: schemas are built on first use, so `extractor ingest` does not pay for
    # the entity and record models it never validates.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PageInfo(_Model):
    """One PDF page and the slice of ``Document.text`` that came from it."""

    number: int = Field(description="1-based page number")
    width: float
    height: float
    start: int = Field(description="offset of the page's first character in Document.text")
    end: int


class OcrSpan(_Model):
    """A stretch of ``Document.text`` read by OCR from one line of a page image."""

    start: int
    end: int
    page: int
    confidence: float = Field(description="the recognizer's mean character confidence for the line, 0-1")


class CharLayout(_Model):
    """Page and box of every character of ``Document.text`` (PDF sources only).

    Parallel lists, one item per character of ``text``; characters the reader
    inserted (line joins, paragraph breaks) carry the box of the character before.
    ``ocr`` lists the stretches read by OCR (pages without a text layer), in text order.
    """

    page: list[int]
    box: list[BBox]
    ocr: list[OcrSpan] = Field(default_factory=_list)

    def locate(self, start: int, end: int) -> tuple[int | None, BBox | None]:
        """Page of ``start`` and the union box of the span's characters on that page."""
        if not self.page or start >= len(self.page) or end <= start:
            return None, None
        page = self.page[start]
        boxes = [self.box[i] for i in range(start, min(end, len(self.page))) if self.page[i] == page]
        x0 = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        bottom = max(b[3] for b in boxes)
        return page, (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


SectionKind = Literal[
    "front_matter",
    "title",
    "abstract_zh",
    "keywords_zh",
    "abstract_en",
    "keywords_en",
    "heading",
    "body",
    "references",
    "back_matter",
]


class _Compact(_Model):
    """A model made by the thousand (sentences, entities, records). Pydantic keeps for every
    instance the set of the fields given at construction: 2.3 kB of a record's 3.7 kB. Nothing here
    reads it (no ``exclude_unset``), so all instances of a class share one set naming every field,
    which later assignments leave unchanged."""

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", _all_fields(type(self)))


_FIELDS_SETS: dict[type, set[str]] = {}


def _all_fields(cls: type[BaseModel]) -> set[str]:
    got = _FIELDS_SETS.get(cls)
    if got is None:
        got = _FIELDS_SETS[cls] = set(cls.model_fields)
    return got


class Section(_Model):
    """A labelled region of ``Document.text``. Body headings carry their level (1, 2, ...)."""

    kind: SectionKind
    title: str | None = None
    level: int | None = None
    start: int
    end: int


class Sentence(_Compact):
    start: int
    end: int
    lang: Lang
    section: SectionKind | None = None


class Document(_Model):
    """An ingested source. ``text`` is never rewritten after ingestion."""

    doc_id: str = Field(description="sha256 of the source file's bytes")
    source: str
    media_type: Literal["text/plain", "text/markdown", "application/pdf"]
    encoding: str | None = Field(default=None, description="text sources: encoding used to decode")
    text: str
    sections: list[Section] = Field(default_factory=_list)
    sentences: list[Sentence] = Field(default_factory=_list)
    pages: list[PageInfo] = Field(default_factory=_list)
    layout: CharLayout | None = None
    warnings: list[str] = Field(default_factory=_list)

    _sections_indexed: Any = PrivateAttr(default=None)  # (sections list id, its length, SectionIndex)

    def section_at(self, offset: int) -> SectionKind | None:
        """Kind of the innermost section containing ``offset`` (headings count as body)."""
        cached = self._sections_indexed
        if cached is None or cached[0] != id(self.sections) or cached[1] != len(self.sections):
            cached = self._sections_indexed = (id(self.sections), len(self.sections), SectionIndex(self.sections))
        return cached[2].kind_at(offset)  # type: ignore[no-any-return]

    def locate(self, start: int, end: int) -> tuple[int | None, BBox | None]:
        if self.layout is None:
            return None, None
        return self.layout.locate(start, end)


EntityLabel = Literal["DRUG", "DRUG_CLASS", "REGIMEN", "TRIAL"]


class Entity(_Compact):
    """A grounded mention: ``text == Document.text[start:end]``.

    attrs by label: DRUG {class, source: lexicon|morphology, and where they apply
    biosimilar: true, code (the development code used as the surface), brand (the brand
    name used as the surface), misspelling_of}; DRUG_CLASS {class}; REGIMEN {drugs:
    list of positions, each a list of alternative norms; named: true for a regimen named
    by an acronym or nickname (T+A, STRIDE)}; TRIAL {source: lexicon|pattern, phase,
    registry_id}.
    """

    label: EntityLabel
    text: str
    start: int
    end: int
    norm: str | None = None
    attrs: dict[str, Any] = Field(default_factory=_dict)
    rule: str
    section: str | None = None
    page: int | None = None
    bbox: BBox | None = None


class Record(_Compact):
    """One reported value with everything the text says about it.

    ``start``/``end`` ground the value (the number, not the whole phrase) in
    ``Document.text``. ``arm`` lists the arm's positions in text order: a canonical
    INN (lowercase) or "class:<code>" per position, with alternatives in one position
    joined by "/" in one item (["ipilimumab", "nivolumab/pembrolizumab"]). ``arm_label``
    keeps the group words the text uses at the value ("联合组", "阿替利珠单抗单药组").
    ``arm`` is empty when the text names only a group, for placebo, and for a cohort
    split over several arms. ``comparator`` / ``comparator_label`` /
    ``comparator_value`` / ``comparator_id`` copy the other side of a comparison: a
    "vs" pair, or two listed values spread over two arms ("分别为13%和32%").
    """

    id: str
    endpoint: str
    value: float
    value_high: float | None = Field(default=None, description="upper end of a range (3~4个月)")
    unit: str | None = None
    timepoint: float | None = Field(default=None, description="months, for OS_rate/PFS_rate")
    grade: str | None = Field(default=None, description="AE grade, e.g. '>=3'")
    event: str | None = Field(default=None, description="AE_rate of a named adverse event: its name as "
                              "written ('anemia', '恶心呕吐'); None for adverse events as a whole")
    arm: list[str] = Field(default_factory=_list)
    arm_label: str | None = None
    comparator: list[str] | None = None
    comparator_label: str | None = None
    comparator_value: float | None = None
    comparator_id: str | None = None
    trial: str | None = None
    criterion: str | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    ci_level: float | None = None
    p_value: float | None = None
    p_operator: Literal["=", "<", ">", "<=", ">="] | None = None
    n: int | None = None
    line: Literal["first", "second", "later"] | None = None
    population: str | None = None
    citations: list[int] = Field(default_factory=_list)
    dois: list[str] = Field(default_factory=_list)
    section: str | None = None
    sentence: str = Field(default="", description="schema 1.x: the sentence text; since 2.0 empty "
                          "(the sentence is text[sentence_start:sentence_end] of the result)")
    sentence_start: int | None = Field(default=None, description="offset of the value's sentence in the text")
    sentence_end: int | None = None
    article: int | None = Field(default=None, description="0-based index of the file's article the record "
                                "comes from (DocumentResult.articles); set on every extracted record")
    article_title: str | None = None
    start: int
    end: int
    page: int | None = None
    bbox: BBox | None = None
    ocr_confidence: float | None = Field(
        default=None,
        description="source read by OCR: the lowest line confidence under the record's sentence "
        "(0-1; under 0.9 is listed in the document's warnings); None for a text layer",
    )
    rule: str


class Article(_Model):
    """One article of a file that holds several (an abstract book, a journal issue, an export)."""

    index: int = Field(description="0-based, in text order")
    start: int
    end: int
    title: str | None = None


class Reference(_Model):
    number: int
    text: str
    start: int
    end: int
    authors: list[str] = Field(default_factory=_list)
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    nct_ids: list[str] = Field(default_factory=_list)


class DocumentResult(_Model):
    """What ``extractor extract --format json`` prints: the stable, versioned schema."""

    schema_version: str = SCHEMA_VERSION
    doc_id: str
    source: str
    media_type: str
    text: str
    sections: list[Section] = Field(default_factory=_list)
    sentences: list[Sentence] = Field(default_factory=_list)
    pages: list[PageInfo] = Field(default_factory=_list)
    entities: list[Entity] = Field(default_factory=_list)
    records: list[Record] = Field(default_factory=_list)
    references: list[Reference] = Field(default_factory=_list)
    articles: list[Article] = Field(default_factory=_list, description="the file's articles (one for most files)")
    warnings: list[str] = Field(default_factory=_list)

    def sentence_of(self, record: Record) -> str:
        """The sentence of ``record``: a slice of the text (2.x) or its own copy (1.x results)."""
        if record.sentence_start is not None and record.sentence_end is not None:
            return self.text[record.sentence_start : record.sentence_end]
        return record.sentence

    def drug_norms(self) -> set[str]:
        """Every drug the document names: DRUG norms, and the members of named regimens.

        "CHOP组" names cyclophosphamide, doxorubicin, vincristine and prednisone although no
        member is spelled out (gold RD4); class members ("class:ICI") are not drugs.
        """
        norms: set[str] = set()
        for e in self.entities:
            if e.label == "DRUG":
                norms.add(e.norm or e.text.lower())
            elif e.label == "REGIMEN" and e.attrs.get("named"):
                for position in e.attrs.get("drugs") or ():
                    norms.update(d for d in position if not d.startswith("class:"))
        return norms


class GoldDocument(_Model):
    """One line of a gold JSONL file: hand annotations of one corpus document."""

    doc_id: str
    source: str
    text_sha256: str
    spans: list[Entity]
    records: list[Record]
    # Real-text gold (gold/annotations/real/) is annotated without span offsets: the sets of
    # drug INNs and trial names the text names, scored as normalized sets.
    drug_set: list[str] | None = None
    trial_set: list[str] | None = None


def renumber(records: list[Record], first: int = 0) -> list[Record]:
    """Ids ``r<first>, r<first+1>, …`` in the records' order, comparator ids following their records."""
    new = {r.id: f"r{first + k}" for k, r in enumerate(records)}
    for r in records:
        r.id = new[r.id]
        if r.comparator_id is not None:
            r.comparator_id = new.get(r.comparator_id, r.comparator_id)
    return records
