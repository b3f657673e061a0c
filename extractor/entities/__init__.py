"""Entity stage: DRUG, DRUG_CLASS, REGIMEN and TRIAL mentions, grounded in Document.text.

Reads ``Document.text`` (through its normalized view) and ``Document.sections``/``layout``;
returns entities sorted by start. Matchers are compiled once per process from the data in
``patterns/`` (nothing happens at import time).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from extractor.entities.classes import ClassMatcher, build_class_matcher, find_classes
from extractor.entities.defined import (
    definitions,
    foreign_abbreviations,
    legend_definitions,
    mentions,
    schedule_definitions,
    scheme_acronyms,
)
from extractor.entities.initials import initial_acronyms, prefix_names
from extractor.entities.drugs import (
    DrugMatcher,
    build_drug_matcher,
    extend_biosimilars,
    extend_salts,
    find_drugs,
)
from extractor.entities.regimens import RegimenMatcher, build_regimen_matcher, find_regimens
from extractor.entities.scan import Span, compact, lowered, resolve_overlaps
from extractor.entities.trial_column import table_trials
from extractor.entities.trials import (
    TrialMatcher,
    attach_phases,
    build_trial_matcher,
    find_trials,
    join_slashed,
    name_bracketed_ids,
)
from extractor.lexicon import Lexicon, load_lexicon
from extractor.models import Document, Entity
from extractor.normalize import NormView, normalize

__all__ = ["find_entities", "find_entities_in_text", "find_spans", "matchers"]

# Which candidate wins an overlap: named trials (they may contain a drug code, as in
# SHR-1210-III-310) over lexicon drugs over classes over guessed trials and drugs.
PRIORITY = {
    "trial.lexicon": 6, "trial.lexicon.context": 6, "trial.program": 6, "trial.registry": 6,
    "drug.lexicon": 5, "drug.abbreviation": 5, "drug.defined": 5,
    "class.compose": 4, "class.fixed": 4,
    "trial.generic": 3, "trial.title": 3,
    "drug.morphology.en": 2, "drug.morphology.zh": 2, "drug.misspelt": 2,
}


@dataclass(frozen=True)
class Matchers:
    drugs: DrugMatcher
    classes: ClassMatcher
    trials: TrialMatcher
    regimens: RegimenMatcher


# The modules whose code builds the matchers from the lexicon.
_BUILDERS = ("extractor.entities", "extractor.entities.scan", "extractor.entities.drugs",
             "extractor.entities.classes", "extractor.entities.trials", "extractor.entities.regimens")


@cache
def matchers(exclude: frozenset[str] = frozenset()) -> Matchers:
    """Compiled matchers; ``exclude`` leaves drug ids out of the lexicon (for tests).

    The command line keeps them on disk (``pattern_cache.cached_build``, referring to the
    lexicon's entries, which are loaded on their own): building them took ~25 ms a run."""
    if exclude:
        return _build(load_lexicon(exclude=exclude))
    from extractor import pattern_cache
    from extractor.lexicon import lexicon_parts, lexicon_sources

    # load_lexicon() as the other stages call it: functools.cache keys a call with a keyword
    # apart from one without (the lexicon was unpickled twice)
    sources = [*lexicon_sources(), *pattern_cache.source_of(*_BUILDERS)]
    return pattern_cache.cached_build("matchers", sources, lambda: _build(load_lexicon()),
                                      refs=lambda: lexicon_parts(load_lexicon()))


def _build(lex: Lexicon) -> Matchers:
    return Matchers(build_drug_matcher(lex), build_class_matcher(lex),
                    build_trial_matcher(lex), build_regimen_matcher(lex))


def find_spans(text: str, m: Matchers, *, joins: tuple[int, ...] = ()) -> list[Span]:
    """Resolved entity spans over an already normalized (and compacted) string; ``joins`` are
    the offsets where ``compact`` removed a line break (a title's clause ends there)."""
    low, flags = lowered(text)
    candidates = find_drugs(text, m.drugs, low, flags) + find_classes(text, m.classes, low, flags) \
        + find_trials(text, m.trials, low, flags, joins=joins)
    spans = resolve_overlaps(candidates, PRIORITY)
    # Names grow over biosimilar words once overlaps are settled; what they swallow goes.
    drugs = [s for s in spans if s.label == "DRUG"]
    extend_biosimilars(text, drugs, m.drugs)
    extend_salts(text, drugs, m.drugs)
    spans = _drop_swallowed(spans)
    foreign = foreign_abbreviations(text, spans)
    if foreign:
        spans = [s for s in spans if s.rule != "drug.abbreviation" or text[s.start : s.end] not in foreign]
    attach_phases(text, [s for s in spans if s.label == "TRIAL"], m.trials)
    name_bracketed_ids(text, [s for s in spans if s.label == "TRIAL"])
    join_slashed(text, sorted((s for s in spans if s.label == "TRIAL"), key=lambda s: s.start))
    members = [s for s in spans if s.label in ("DRUG", "DRUG_CLASS")]
    regimens = find_regimens(text, members, m.regimens)
    # The article's own abbreviations ("sunitinib (SUN)", "NIVO + CABO") name its drugs and
    # regimens wherever they recur; the regimens are then found again over the new names.
    aliases = definitions(text, spans + regimens)
    for ab, alias in legend_definitions(text, spans).items():
        aliases.setdefault(ab, alias)
    for acronym, alias in scheme_acronyms(text, regimens, m.regimens.by_surface).items():
        aliases.setdefault(acronym, alias)
    for acronym, alias in schedule_definitions(text, spans).items():
        aliases.setdefault(acronym, alias)
    for word, alias in prefix_names(text, spans).items():
        aliases.setdefault(word, alias)
    for acronym, alias in initial_acronyms(text, spans, regimens).items():
        if acronym not in m.regimens.by_surface:  # the lexicon's own regimens keep their drugs
            aliases.setdefault(acronym, alias)
    if aliases:
        drugs, named = mentions(text, aliases, spans)
        if drugs:
            spans = sorted(spans + drugs, key=lambda s: (s.start, -s.end))
            members = [s for s in spans if s.label in ("DRUG", "DRUG_CLASS")]
            regimens = find_regimens(text, members, m.regimens)
        regimens += [r for r in named if not any(o.start < r.end and r.start < o.end for o in regimens)]
    spans.extend(regimens)
    named = table_trials(text, spans, m.trials.pat, m.trials.guards)
    if named:  # what a table's trial name swallows ("SOX" in "G-SOX") goes
        spans = [s for s in spans if not any(t.start <= s.start and s.end <= t.end for t in named)] + named
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _drop_swallowed(spans: list[Span]) -> list[Span]:
    """Spans now inside a grown DRUG span (a biosimilar word another rule had taken) go."""
    out: list[Span] = []
    for s in spans:  # sorted by start
        if out and out[-1].label == "DRUG" and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def find_entities(doc: Document, view: NormView, *,
                  exclude: frozenset[str] = frozenset()) -> list[Entity]:
    """Entities of ``doc`` sorted by start; ``view`` is ``normalize(doc.text)``."""
    comp = compact(view.text)
    out: list[Entity] = []
    for s in find_spans(comp.text, matchers(exclude), joins=comp.joins):
        vs, ve = comp.to_view(s.start, s.end)
        start, end = view.to_orig(vs, ve)
        page, bbox = doc.locate(start, end)
        attrs = s.attrs
        if "brand" in attrs and len(attrs["brand"]) == s.end - s.start:
            # D7: the brand as the article writes it (case, traditional characters).
            attrs = {**attrs, "brand": doc.text[start:end]}
        out.append(Entity(
            label=s.label, text=doc.text[start:end], start=start, end=end, norm=s.norm,
            attrs=attrs, rule=s.rule, section=doc.section_at(start), page=page, bbox=bbox,
        ))
    return out


def find_entities_in_text(text: str, *, exclude: frozenset[str] = frozenset()) -> list[Entity]:
    """Convenience for tests and notebooks: entities of a bare text document."""
    doc = Document(doc_id="test", source="<string>", media_type="text/plain", text=text)
    return find_entities(doc, normalize(text), exclude=exclude)
