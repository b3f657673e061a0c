"""DRUG mentions: lexicon names in both languages, then INN-stem morphology for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.entities.scan import (
    CJK,
    LATIN_ALNUM,
    Span,
    Surfaces,
    alternation,
    is_latin_alnum,
)
from extractor.lexicon import DrugEntry, Lexicon, drug_surfaces, separator_variants
from extractor.normalize import normalize_surface


@dataclass(frozen=True)
class DrugMatcher:
    folded: Surfaces  # case-insensitive names, brands, codes
    exact: Surfaces  # case-sensitive abbreviations
    by_folded: dict[str, DrugEntry]
    by_exact: dict[str, DrugEntry]
    en_morph: re.Pattern[str]
    zh_morph: re.Pattern[str]
    morph_exclude: frozenset[str]
    name_chars: frozenset[str]
    zh_min_prefix: int
    zh_left_words: frozenset[str]
    codes: dict[str, str]  # lowered code spelling -> the code as the lexicon writes it
    misspelt: dict[str, str]  # lowered misspelling -> the name it misspells
    brands: frozenset[str]  # lowered brand surfaces
    bio_prefixes: Edge  # lower case, longest first, by the character next to the name
    bio_suffixes: Edge
    biologic_stems: tuple[str, ...]
    salt_prefixes: Edge
    salt_suffixes: Edge
    # one-word English names by their last three letters: where a name the morphology found
    # ("bevcizumab", "gpirubicin") looks for the lexicon name it misspells
    by_ending: dict[str, tuple[tuple[str, DrugEntry], ...]] = field(default_factory=dict)


def build_drug_matcher(lex: Lexicon) -> DrugMatcher:
    by_folded: dict[str, DrugEntry] = {}
    by_exact: dict[str, DrugEntry] = {}
    for entry in lex.drugs:
        for surface, case_sensitive in drug_surfaces(entry):
            if case_sensitive:
                by_exact[surface] = entry
            else:
                by_folded[surface.lower()] = entry
    # Chinese authors drop a name's ending in group words ("帕博利珠组", "依沃西组"; data:
    # zh_droppable_suffixes): the stem names the drug when no other name claims it (3+ characters).
    stems: dict[str, DrugEntry | None] = {}
    for entry in lex.drugs:
        for name in entry.zh:
            zh = normalize_surface(name)
            for end in lex.morphology.zh_droppable_suffixes:
                stem = zh[: -len(end)]
                if zh.endswith(end) and len(stem) >= 3:
                    stems[stem] = entry if stems.get(stem, entry) is entry else None
    for stem, entry in stems.items():
        if entry is not None and stem not in by_folded:
            by_folded[stem] = entry
    codes = {v.lower(): code for entry in lex.drugs for code in entry.codes
             for v in separator_variants(normalize_surface(code))}
    misspelt = {normalize_surface(k).lower(): v for entry in lex.drugs
                for k, v in entry.misspellings.items()}
    brands = frozenset(normalize_surface(b).lower() for entry in lex.drugs for b in entry.brands)
    m = lex.morphology
    stems = alternation(s.lower() for s in m.en_stems)
    # Run on lowered text; the guard looks back over the first letter (see trie_regex).
    en_morph = re.compile(
        rf"[a-z](?<![{LATIN_ALNUM}-].)[a-z]{{{m.en_min_prefix - 1},30}}{stems}(?![{LATIN_ALNUM}])"
    )
    # Name characters: the data's list plus every character of the lexicon's Chinese names,
    # minus function characters that would glue a verb ("联合") onto the name.
    zh_stems = [normalize_surface(s) for s in m.zh_stems]
    chars = set(normalize_surface(m.zh_name_chars))
    for entry in lex.drugs:
        for name in entry.zh:
            chars.update(c for c in normalize_surface(name) if re.match(f"[{CJK}]", c))
    chars -= set(normalize_surface(m.zh_never_in_name))
    klass = "".join(sorted(chars))
    zh_morph = re.compile(f"[{re.escape(klass)}]{{{m.zh_min_prefix},8}}?(?P<stem>{alternation(zh_stems)})")
    return DrugMatcher(
        folded=Surfaces(by_folded, folded=True),
        exact=Surfaces(by_exact, folded=False),
        by_folded=by_folded,
        by_exact=by_exact,
        en_morph=en_morph,
        zh_morph=zh_morph,
        morph_exclude=frozenset(w.lower() for w in m.exclude),
        name_chars=frozenset(chars),
        zh_min_prefix=m.zh_min_prefix,
        zh_left_words=frozenset(normalize_surface(w) for w in m.zh_left_words),
        codes=codes,
        misspelt=misspelt,
        brands=brands,
        bio_prefixes=_by_edge(m.biosimilar_prefixes, -1),
        bio_suffixes=_by_edge(m.biosimilar_suffixes, 0),
        biologic_stems=tuple(w.lower() for w in m.biologic_stems),
        salt_prefixes=_by_edge(m.salt_prefixes, -1),
        salt_suffixes=_by_edge(m.salt_suffixes, 0),
        by_ending=_by_ending(lex),
    )


def _by_ending(lex: Lexicon) -> dict[str, tuple[tuple[str, DrugEntry], ...]]:
    out: dict[str, list[tuple[str, DrugEntry]]] = {}
    for entry in lex.drugs:
        for name in entry.en:
            low = normalize_surface(name).lower()
            if len(low) >= _NEAR_MIN and low.isalpha():
                out.setdefault(low[-3:], []).append((low, entry))
    return {k: tuple(v) for k, v in out.items()}


_NEAR_MIN = 8  # letters: shorter names are too close to each other to guess a typo


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` at most ``limit`` (banded, so short and cheap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def misspelt_name(word: str, dm: DrugMatcher) -> DrugEntry | None:
    """The one lexicon drug a name the morphology found misspells by a letter or two
    ("bevcizumab" -> bevacizumab, "gpirubicin" -> epirubicin), or None (none, or two)."""
    low = word.lower()
    if len(low) < _NEAR_MIN or low in dm.by_folded:
        return None  # short, or a listed name the lexicon pass has read
    return _nearest(low, dm)


def _nearest(low: str, dm: DrugMatcher) -> DrugEntry | None:
    limit = 1 if len(low) < 10 else 2
    # a typo leaves the name's head or its tail: only those names are measured
    # a listed name inside the word with letters only added before or after it is another
    # drug built on it ("aldoxorubicin" holds doxorubicin), not a typo
    hits = {id(e): e for name, e in dm.by_ending.get(low[-3:], ())
            if (name[:3] == low[:3] or name[-6:] == low[-6:]) and name not in low
            and _within(low, name, limit)}
    return next(iter(hits.values())) if len(hits) == 1 else None


# Words keyed by the character that touches the name (a suffix's first, a prefix's last), so a
# span looks only at the few words that could follow or precede it, not at the whole list.
Edge = dict[str, tuple[str, ...]]


def _by_edge(words: list[str], side: int) -> Edge:
    out: dict[str, list[str]] = {}
    for w in sorted({normalize_surface(w).lower() for w in words if w}, key=len, reverse=True):
        out.setdefault(w[side], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def _lexicon_span(start: int, end: int, entry: DrugEntry, key: str, dm: DrugMatcher) -> Span:
    """``key`` is the matched surface (lowered for case-insensitive names)."""
    attrs: dict[str, object] = {"class": entry.drug_class, "source": "lexicon"}
    if entry.biosimilar_of:
        attrs["biosimilar"] = True
    if key in dm.codes:
        attrs["code"] = dm.codes[key]
    if key in dm.misspelt:
        attrs["misspelling_of"] = dm.misspelt[key]
    if key in dm.brands:
        # The matched spelling; find_entities swaps in the original surface (D7).
        attrs["brand"] = key
    return Span(start, end, "DRUG", entry.norm, "drug.lexicon", attrs)


_GLUED_MARK = re.compile(r"(?<![a-z0-9])([a-z][a-z-]{5,40})[a-f](?![a-z0-9])")


_LETTER_RUN = re.compile(r"[A-Za-z]{5,80}")
_CASE_STEP = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _glued_names(text: str, matcher: DrugMatcher) -> list[Span]:
    """Names a flattened table glued to their neighbours ("NCT03189719PembrolizumabCisplatin +
    fluorouracil27427412.6"): a run of letters split where a small letter meets a capital, or
    touching a digit, is looked up piece by piece (one-word lexicon names only)."""
    out: list[Span] = []
    for m in _LETTER_RUN.finditer(text):
        s, e = m.span()
        digit_edge = (s > 0 and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit())
        pieces = _CASE_STEP.split(m.group())
        if len(pieces) == 1 and not digit_edge:
            continue  # an ordinary word: the matcher has read it
        at = s
        for piece in pieces:
            entry = matcher.by_folded.get(piece.lower()) if len(piece) >= 5 else None
            if entry is not None:
                out.append(_lexicon_span(at, at + len(piece), entry, piece.lower(), matcher))
            at += len(piece)
    return out


def find_drugs(text: str, matcher: DrugMatcher, low: str, flags: int) -> list[Span]:
    """Lexicon and morphology DRUG candidates (they may overlap; the caller resolves).

    ``low, flags`` come from ``scan.lowered(text)``.
    """
    out: list[Span] = []
    for m in matcher.folded.finditer(low, flags):
        key = m.group().lower()
        out.append(_lexicon_span(m.start(), m.end(), matcher.by_folded[key], key, matcher))
    for m in matcher.exact.finditer(text):
        out.append(_lexicon_span(m.start(), m.end(), matcher.by_exact[m.group()], "", matcher))
        out[-1].rule = "drug.abbreviation"
    for m in _GLUED_MARK.finditer(low):
        # "cetuximabb", "Afatinibc": a table's footnote letter glued to the name (the span stops before it)
        entry = matcher.by_folded.get(m.group(1))
        if entry is not None:
            out.append(_lexicon_span(m.start(1), m.end(1), entry, m.group(1), matcher))
    out.extend(_glued_names(text, matcher))
    for m in matcher.en_morph.finditer(low):
        if m.group().lower() not in matcher.morph_exclude:
            near = misspelt_name(m.group(), matcher)
            if near is not None:  # a letter or two off a listed name: that drug, the spelling noted
                out.append(Span(m.start(), m.end(), "DRUG", near.norm, "drug.misspelt",
                                {"class": near.drug_class, "source": "lexicon", "misspelling_of": near.norm}))
                continue
            out.append(Span(m.start(), m.end(), "DRUG", None, "drug.morphology.en",
                            {"source": "morphology"}))
    out.extend(_zh_morphology(text, matcher))
    return out


def _zh_morphology(text: str, matcher: DrugMatcher) -> list[Span]:
    out: list[Span] = []
    for m in matcher.zh_morph.finditer(text):
        start = m.start()
        # "探索仑伐替尼": the word before the name lent it its last character.
        if start > 0 and text[start - 1 : start + 1] in matcher.zh_left_words:
            start += 1
        if m.start("stem") - start < matcher.zh_min_prefix:
            continue
        out.append(Span(start, m.end(), "DRUG", None, "drug.morphology.zh",
                        {"source": "morphology"}))
    return out


def extend_biosimilars(text: str, drugs: list[Span], dm: DrugMatcher) -> None:
    """Grow lexicon DRUG spans over a biosimilar word before or after the name, in place.

    "bevacizumab biosimilar", "贝伐珠单抗类似物", "biosimilar of bevacizumab" name one
    product through its reference drug: one span, the reference norm, attrs.biosimilar.
    Only biologics have biosimilars; morphology guesses (norm null) are left alone, their
    reference drug being unknown.
    """
    for s in drugs:
        if s.norm is None or not s.norm.endswith(dm.biologic_stems):
            continue
        if _grow(text, s, dm.bio_prefixes, dm.bio_suffixes):
            s.attrs["biosimilar"] = True


def extend_salts(text: str, drugs: list[Span], dm: DrugMatcher) -> None:
    """Grow DRUG spans over a salt word before or after the name, in place (D8).

    "甲磺酸阿帕替尼", "索拉非尼甲苯磺酸盐", "cabozantinib S-malate" name the marketed salt of
    one molecule: the span covers the salt, the norm stays the INN, so a regimen member and
    an arm read the same whatever form the text writes.
    """
    for s in drugs:
        _grow(text, s, dm.salt_prefixes, dm.salt_suffixes)


def _grow(text: str, s: Span, prefixes: Edge, suffixes: Edge) -> bool:
    """Extend ``s`` over the longest word of ``suffixes`` after it and of ``prefixes``
    before it (Latin edges word-bounded); True when it grew."""
    n = len(text)
    grew = False
    after = text[s.end : s.end + 1].lower()
    before = text[s.start - 1 : s.start].lower() if s.start else ""
    for w in suffixes.get(after, ()):
        e = s.end + len(w)
        if text[s.end:e].lower() == w and not (is_latin_alnum(w[-1]) and e < n
                                               and is_latin_alnum(text[e])):
            s.end = e
            grew = True
            break
    for w in prefixes.get(before, ()):
        b = s.start - len(w)
        if b >= 0 and text[b:s.start].lower() == w and not (
                is_latin_alnum(w[0]) and b > 0 and is_latin_alnum(text[b - 1])):
            s.start = b
            grew = True
            break
    return grew
