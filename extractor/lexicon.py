"""Pydantic loaders for the entity lexicons and patterns in ``patterns/``.

Every file is parsed by one model with ``extra="forbid"`` so a misspelled key fails
loudly. ``load_lexicon`` returns one immutable bundle that the entity matchers compile
from; an ``exclude`` set drops drug ids, which lets tests show that the morphology
fallback finds drugs the lexicon does not list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import product
from typing import Annotated, Literal, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor import resources as res
from extractor.errors import PatternError
from extractor.normalize import normalize_surface, table_sources


M = TypeVar("M", bound=BaseModel)


class _Strict(BaseModel):
    # defer_build: the command line loads the checked lexicon pickled (pattern_cache), which
    # needs no validator; a schema is built only when a file is parsed.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class DrugEntry(_Strict):
    id: str
    norm: str
    drug_class: str = Field(alias="class")
    en: list[str]
    zh: list[str] = Field(default_factory=list)
    brands: list[str] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list)
    abbrev: list[str] = Field(default_factory=list)
    # Misspelled surface -> the name it misspells (rioceranib -> rivoceranib); matched like en.
    misspellings: dict[str, str] = Field(default_factory=dict)
    biosimilar_of: str | None = None
    # Molecular targets or mechanism as printed in labels ("PD-1", "HER2", "topoisomerase I").
    targets: list[str] = Field(default_factory=list)
    # Where the names were checked: a label, a registry record, a guideline (no model checks them).
    source: str | None = None


class ClassTarget(_Strict):
    kind: Literal["target"]
    name: str
    code: str
    # Code when the drug noun is an antibody (抗EGFR单抗 -> anti-EGFR, EGFR抑制剂 -> EGFR-TKI).
    antibody_code: str | None = None
    surfaces: list[str]


class ClassHead(_Strict):
    kind: Literal["head"]
    type: Literal["inhibitor", "antibody", "bispecific"]
    surfaces: list[str]


class ClassPrefix(_Strict):
    kind: Literal["prefix"]
    surfaces: list[str]


class ClassFixed(_Strict):
    kind: Literal["fixed"]
    code: str
    surfaces: list[str]


ClassEntry = Annotated[
    ClassTarget | ClassHead | ClassPrefix | ClassFixed, Field(discriminator="kind")
]


class _ClassLine(_Strict):
    entry: ClassEntry


class TrialEntry(_Strict):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    ambiguous: bool = False
    registry_ids: list[str] = Field(default_factory=list)
    phase: str | None = None
    setting: str | None = None
    arms: list[list[str]] = Field(default_factory=list)
    tumour: str | None = None
    source: str | None = None


class Program(_Strict):
    program: str
    sep: Literal["", "-", " "]


class Registry(_Strict):
    name: str
    regex: str
    # Fixed-length ids ("NCT" + 8 digits) that a PDF line wrap may split with a space.
    prefix: str | None = None
    digits: int | None = None


class PhasePattern(_Strict):
    regex: str
    phase: str


class TrialPatterns(_Strict):
    comment: str = Field(alias="_comment")
    programs: list[Program]
    program_number: str
    registries: list[Registry]
    context_after: list[str]
    coordinators: list[str]
    counters: list[str]
    generic_before: list[str]
    generic_bracketed_after: list[str]
    generic_after: list[str]
    generic_min_letters: int
    guards: list[str]
    phases: list[PhasePattern]
    code_phases: list[PhasePattern]
    phase_window_before: int
    phase_window_after: int
    sentence_breaks: list[str]
    # A table whose header opens with a trial column: the words that name it, and how many
    # lines under the header are read as its rows.
    table_trial_heads: list[str] = []
    table_row_limit: int = 120


class Morphology(_Strict):
    comment: str = Field(alias="_comment")
    en_stems: list[str]
    en_min_prefix: int
    zh_stems: list[str]
    zh_min_prefix: int
    zh_name_chars: str
    zh_never_in_name: str
    zh_left_words: list[str]
    exclude: list[str]
    biologic_stems: list[str]
    biosimilar_prefixes: list[str]
    biosimilar_suffixes: list[str]
    salt_prefixes: list[str]
    salt_suffixes: list[str]
    # Suffixes Chinese authors drop from a name ("帕博利珠单抗" written "帕博利珠组"): the stem still
    # names the drug when no other name claims it and it keeps three characters.
    zh_droppable_suffixes: list[str] = []


class RegimenPatterns(_Strict):
    comment: str = Field(alias="_comment")
    strong: list[str]
    weak: list[str]
    alternatives: list[str]
    fillers: list[str]
    member_suffixes: list[str]
    max_paren: int
    combination_before: list[str]
    combination_after: list[str]
    cue_window: int
    list_separators: list[str]
    # a named regimen written "X方案" is also "X化疗方案", "X方案化疗", "X化疗" (CHOP方案 -> CHOP化疗方案)
    scheme_variants: dict[str, list[str]] = Field(default_factory=dict)
    # "either A or B" inside a regimen: one position of alternatives
    choice_lead: list[str] = Field(default_factory=list)
    choice_words: list[str] = Field(default_factory=list)
    dose_units: list[str] = Field(default_factory=list)  # "RELA 160 mg plus NIVO": the dose is skipped
    dose_schedules: list[str] = Field(default_factory=list)  # "… 150 mg twice daily plus …"
    comparison_before: list[str] = Field(default_factory=list)  # "comparing A with B": no regimen
    comparison_links: list[str] = Field(default_factory=list)  # the weak links that compare there


class RegimenEntry(_Strict):
    id: str
    surfaces: list[str]
    drugs: list[list[str]]
    source: str | None = None


class TokenizerWords(_Strict):
    comment: str = Field(alias="_comment")
    words: list[str]


class DefinedNames(_Strict):
    comment: str = Field(alias="_comment")
    part_separators: list[str]
    max_length: int
    min_drug_letters: int
    not_aliases: list[str]
    choice_words: list[str]  # "either carboplatin or cisplatin": drugs joined by these are one choice
    comparison_words: list[str]
    scheme_words: list[str]
    dose_prefixes: dict[str, str]  # "high-dose" -> "HD": "high-dose cytarabine (HDAraC)"
    drug_list_words: list[str]  # joining the drugs of a defining bracket ("daunorubicin, cytarabine, and …")


@cache
def load_defined_names() -> DefinedNames:
    """How a document's own abbreviations of its treatments are read (patterns/defined_names.json)."""
    return _parse_json("defined_names.json", DefinedNames)


def dose_units() -> list[str]:
    """Units of a dose written inside a regimen or allocation ("160 mg", "1000 mg/m2")."""
    return load_lexicon().regimen_patterns.dose_units


def load_tokenizer_words() -> list[str]:
    """Extra user-dictionary words for the tokenizer (patterns/tokenizer_words.json)."""
    return _parse_json("tokenizer_words.json", TokenizerWords).words


@dataclass(frozen=True)
class Lexicon:
    """Everything the entity matchers compile from, parsed and checked."""

    drugs: tuple[DrugEntry, ...]
    classes: tuple[ClassTarget | ClassHead | ClassPrefix | ClassFixed, ...]
    trials: tuple[TrialEntry, ...]
    trial_patterns: TrialPatterns
    morphology: Morphology
    regimen_patterns: RegimenPatterns
    regimens: tuple[RegimenEntry, ...]


def _parse_jsonl(name: str, model: type[M]) -> list[M]:
    out: list[M] = []
    for lineno, obj in res.iter_jsonl(name):
        try:
            out.append(model.model_validate(obj))
        except ValidationError as exc:
            raise PatternError(f"patterns/{name}:{lineno}: {exc.errors()[0]['msg']} "
                               f"at {exc.errors()[0]['loc']}") from exc
    return out


def _parse_json(name: str, model: type[M]) -> M:
    try:
        return model.model_validate(res.read_json(name))
    except ValidationError as exc:
        raise PatternError(f"patterns/{name}: {exc.errors()[0]['msg']} "
                           f"at {exc.errors()[0]['loc']}") from exc


_LEXICON_FILES = ("drugs.jsonl", "drug_classes.jsonl", "trials.jsonl", "trial_patterns.json",
                  "drug_morphology.json", "regimen_patterns.json", "regimens.jsonl")


@cache
def load_lexicon(*, exclude: frozenset[str] = frozenset()) -> Lexicon:
    """Parse and check every entity data file; drug ids in ``exclude`` are left out.

    The command line keeps the checked bundle between runs (``pattern_cache.cached_build``):
    parsing and checking ~1,000 entries was a tenth of an ``extract`` of a text.
    """
    if exclude:
        return _load_lexicon(exclude)
    from extractor import pattern_cache

    return pattern_cache.cached_build("lexicon", lexicon_sources(), lambda: _load_lexicon(exclude))


@cache
def lexicon_sources() -> tuple[bytes | str, ...]:
    """Everything ``load_lexicon()`` depends on (for ``pattern_cache.cached_build``)."""
    import pydantic

    from extractor import pattern_cache

    sources: list[bytes | str] = [res.pattern_file(n).read_bytes() for n in _LEXICON_FILES]
    sources += pattern_cache.source_of("extractor.lexicon", "extractor.resources")
    # normalize_surface decides which surfaces collide in check_lexicon
    sources += table_sources()
    return (*sources, pydantic.VERSION)


def lexicon_parts(lex: Lexicon) -> list[object]:
    """The lexicon's entries and pattern sets, in a fixed order: what a product built from
    it (the entity matchers) refers to, and is kept on disk referring to by position."""
    return [*lex.drugs, *lex.classes, *lex.trials, lex.trial_patterns, lex.morphology,
            lex.regimen_patterns, *lex.regimens]  # fmt: skip


def _load_lexicon(exclude: frozenset[str]) -> Lexicon:
    classes = [line.entry for line in
               (_ClassLine.model_validate({"entry": e}) for e in _class_rows())]
    lex = Lexicon(
        drugs=tuple(d for d in _parse_jsonl("drugs.jsonl", DrugEntry) if d.id not in exclude),
        classes=tuple(classes),
        trials=tuple(_parse_jsonl("trials.jsonl", TrialEntry)),
        trial_patterns=_parse_json("trial_patterns.json", TrialPatterns),
        morphology=_parse_json("drug_morphology.json", Morphology),
        regimen_patterns=_parse_json("regimen_patterns.json", RegimenPatterns),
        regimens=tuple(_parse_jsonl("regimens.jsonl", RegimenEntry)),
    )
    check_lexicon(lex)
    return lex


def _class_rows() -> list[dict[str, object]]:
    rows = []
    for lineno, obj in res.iter_jsonl("drug_classes.jsonl"):
        try:
            _ClassLine.model_validate({"entry": obj})
        except ValidationError as exc:
            raise PatternError(f"patterns/drug_classes.jsonl:{lineno}: "
                               f"{exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}") from exc
        rows.append(obj)
    return rows


def separator_variants(code: str) -> list[str]:
    """``BAY 43-9006`` -> every spelling with "-", " " or nothing at each separator."""
    parts = regex.split(r"[- ]", code)
    if len(parts) == 1 or len(parts) > 4:
        return [code]
    return ["".join(p + s for p, s in zip(parts, (*seps, ""), strict=True))
            for seps in product(("-", " ", ""), repeat=len(parts) - 1)]


def _word_joins(name: str) -> list[str]:
    """``interferon alfa`` <-> ``interferon-alfa``: a space or hyphen between two words of letters."""
    parts = regex.split(r"(?<=[A-Za-z]{2})[- ](?=[A-Za-z]{2})", name)
    if len(parts) == 1 or len(parts) > 4:
        return []
    return ["".join(p + s for p, s in zip(parts, (*seps, ""), strict=True))
            for seps in product(("-", " "), repeat=len(parts) - 1)]


def drug_surfaces(entry: DrugEntry) -> list[tuple[str, bool]]:
    """(normalized surface, case_sensitive) pairs that name ``entry``."""
    out: dict[tuple[str, bool], None] = {}
    for s in (*entry.en, *entry.misspellings, *entry.zh, *entry.brands):
        out[(normalize_surface(s), False)] = None
    for s in entry.en:
        # Authors hyphenate a two-word name or not at will ("interferon-alfa", "nab paclitaxel").
        for v in _word_joins(normalize_surface(s)):
            out.setdefault((v, False), None)
    for code in entry.codes:
        for v in separator_variants(normalize_surface(code)):
            out[(v, False)] = None
    for s in entry.abbrev:
        out[(normalize_surface(s), True)] = None
    return list(out)


def trial_surfaces(entry: TrialEntry) -> list[str]:
    """Normalized surfaces naming ``entry`` (name, aliases and their separator variants)."""
    out: dict[str, None] = {}
    for s in (entry.name, *entry.aliases):
        for v in _name_variants(normalize_surface(s)):
            out[v] = None
    return list(out)


def _name_variants(name: str) -> Iterable[str]:
    """KEYNOTE-224 -> KEYNOTE 224, KEYNOTE224: separators between letters and digits."""
    yield name
    m = regex.fullmatch(r"([A-Za-z][A-Za-z0-9-]*?[A-Za-z])[- ]?([0-9][0-9A-Za-z]*)", name)
    if m:
        for sep in ("-", " ", ""):
            yield m.group(1) + sep + m.group(2)


def surface_key(surface: str) -> str:
    """Key under which two surfaces count as the same: normalized, case-folded."""
    return normalize_surface(surface).casefold()


def check_lexicon(lex: Lexicon) -> None:
    """Reject duplicate ids and surfaces that name two different drugs or trials."""
    for kind, ids in (("drug", [d.id for d in lex.drugs]), ("trial", [t.id for t in lex.trials]),
                      ("regimen", [r.id for r in lex.regimens])):
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise PatternError(f"duplicate {kind} ids: {sorted(dup)}")
    owner: dict[str, str] = {}
    for d in lex.drugs:
        for s, _ in drug_surfaces(d):
            prev = owner.setdefault(s.casefold(), d.id)
            if prev != d.id:
                raise PatternError(f"patterns/drugs.jsonl: surface {s!r} names both "
                                   f"{prev!r} and {d.id!r}")
    towner: dict[str, str] = {}
    for t in lex.trials:
        for s in trial_surfaces(t):
            prev = towner.setdefault(s.casefold(), t.id)
            if prev != t.id:
                raise PatternError(f"patterns/trials.jsonl: surface {s!r} names both "
                                   f"{prev!r} and {t.id!r}")
