"""Names an article defines for its treatments: "sunitinib (SUN)", "NIVO + CABO", "Ven-Obi".

Trial reports name each arm once in full and then by the abbreviation they put in brackets
after it ("Nivolumab plus cabozantinib (NIVO + CABO) ... 323 patients were randomised to
NIVO + CABO and 328 to SUN"). No lexicon can list such names: they are the article's own.
A bracket right after a DRUG or REGIMEN that opens with an abbreviation defines it; every
later mention of the abbreviation then names the same drug or regimen. A regimen's
abbreviation whose parts line up with its drugs ("NIVO + CABO" over nivolumab,
cabozantinib; "DUR+EP" over durvalumab, etoposide + platinum) also defines each part.

The definitions come from one pass over the spans and the occurrences from one regex scan,
so the cost is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from extractor.entities.scan import Span
from extractor.lexicon import dose_units, load_defined_names


@dataclass(frozen=True)
class Alias:
    surface: str
    positions: tuple[tuple[str, ...], ...]  # the regimen's positions; one position for a drug
    # where a bracket of drug names alone defined it: that mention is the bracket's, not an arm of its own
    defined_at: int | None = None

    @property
    def drug(self) -> str | None:
        """The INN when the alias names one drug."""
        if len(self.positions) == 1 and len(self.positions[0]) == 1:
            return self.positions[0][0]
        return None


@dataclass(frozen=True)
class _Shapes:
    head: re.Pattern[str]  # a bracket opening with an abbreviation, after an optional dose
    sep: re.Pattern[str]  # between the parts of a regimen's abbreviation
    comparison: re.Pattern[str]  # words that separate arms, never members of one regimen
    not_aliases: frozenset[str]


@cache
def _shapes() -> _Shapes:
    dn = load_defined_names()
    seps = sorted(dn.part_separators, key=len, reverse=True)
    sep = "|".join(rf"\s?{re.escape(s)}\s?" if not s.isalpha() else rf"\s{re.escape(s)}\s" for s in seps)
    word = rf"[A-Za-z][A-Za-z0-9]{{0,{dn.max_length}}}"
    units = "|".join(re.escape(u) for u in sorted(dose_units(), key=len, reverse=True))
    dose = rf"(?:[ ]{{1,2}}\d{{1,5}}(?:\.\d{{1,3}})?[ ]?(?:{units}))?"
    # "(NIVO + CABO)", "(RAI-L arm)", "(SOX组)": the name, perhaps with the group word after it
    head = re.compile(rf"{dose}[ ]{{0,2}}\([ ]?(?P<ab>{word}(?:(?:{sep}){word}){{0,5}})"
                      rf"(?:[ ](?:arm|group|cohort)|组)?[ ]?(?=[),;])")
    words = "|".join(re.escape(w) for w in dn.comparison_words)
    comparison = re.compile(rf"(?<![A-Za-z])(?:{words})(?![A-Za-z])|[.;:()]", re.IGNORECASE)
    return _Shapes(head, re.compile(sep), comparison, frozenset(dn.not_aliases))


def _initials(name: str) -> set[str]:
    """First letters of the words of an INN ("trastuzumab deruxtecan" -> t, d)."""
    return {w[0] for w in re.split(r"[\s\-]+", name.lower()) if w}


def _starts(part: str, position: tuple[str, ...]) -> bool:
    return any(part[0].lower() in _initials(d) for d in position if not d.startswith("class:"))


def _looks_defined(ab: str, not_aliases: frozenset[str]) -> bool:
    letters = [c for c in ab if c.isalpha()]
    return (len(letters) >= 2 and any(c.isupper() for c in letters) and ab not in not_aliases
            and len(ab) <= load_defined_names().max_length)


def _align(parts: list[str], positions: tuple[tuple[str, ...], ...]) -> list[tuple[tuple[str, ...], ...]] | None:
    """Each part's positions: in order, when every part starts a name of its first position;
    else, with as many parts as positions, the one way of pairing them by initials."""
    ordered = _align_in_order(parts, positions)
    if ordered is not None or len(parts) != len(positions):
        return ordered
    fits = [[i for i, p in enumerate(positions) if _starts(part, p)] for part in parts]
    if any(len(f) != 1 for f in fits) or len({f[0] for f in fits}) != len(parts):
        return None
    return [(positions[f[0]],) for f in fits]


def _align_in_order(parts: list[str], positions: tuple[tuple[str, ...], ...]) -> list[tuple[tuple[str, ...], ...]] | None:
    out, i, n = [], 0, len(positions)
    for k, part in enumerate(parts):
        if i >= n or not _starts(part, positions[i]):
            return None
        j = i + 1
        if k == len(parts) - 1:
            j = n
        else:
            while j < n and not _starts(parts[k + 1], positions[j]):
                j += 1
            if j - i > 1 and n - j < len(parts) - k - 1:
                return None
        out.append(positions[i:j])
        i = j
    return out if i == n else None


def _positions(span: Span) -> tuple[tuple[str, ...], ...] | None:
    if span.label == "REGIMEN":
        return tuple(tuple(p) for p in span.attrs.get("drugs", ()))
    if span.label == "DRUG" and span.norm:
        return ((span.norm,),)
    return None


def definitions(text: str, spans: list[Span]) -> dict[str, Alias]:
    """Abbreviation -> what it names, from brackets right after drugs and regimens.

    ``spans`` are the article's resolved spans with its regimens; a bracket that is one
    span already (a brand, a code name, an INN gloss) defines nothing. The first definition
    of an abbreviation wins.
    """
    sh = _shapes()
    whole = {(s.start, s.end) for s in spans}
    drugs = sorted((s for s in spans if s.label == "DRUG" and _positions(s) is not None),
                   key=lambda s: s.start)
    # The widest subject ending at each offset: a regimen's bracket follows its last drug too.
    last: dict[int, Span] = {}
    for s in spans:
        if _positions(s) is None:
            continue
        cur = last.get(s.end)
        if cur is None or s.end - s.start > cur.end - cur.start:
            last[s.end] = s
    out: dict[str, Alias] = {}
    k = 0  # drugs[:k] end at or before the current subject
    for end, span in sorted(last.items()):
        while k < len(drugs) and drugs[k].end <= end:
            k += 1
        m = sh.head.match(text, end)
        if m is None or (m.start("ab"), m.end("ab")) in whole:
            continue
        ab = m.group("ab")
        if not _looks_defined(ab, sh.not_aliases):
            continue
        parts = [p for p in sh.sep.split(ab) if p]
        positions = _positions(span)
        assert positions is not None
        if len(parts) > 1 and len(positions) == 1:
            # "nab-paclitaxel 125 mg/m2 and gemcitabine 1000 mg/m2 (Gem+NabP)": the bracket
            # names the drugs of the phrase it closes.
            positions = _phrase_before(text, drugs, k, len(parts), sh) or positions
        if len(parts) == 1 and len(positions) == 1:
            # "奥布替尼、氟达拉滨、环磷酰胺和奥妥珠单抗(OFCG)": a glued acronym, a letter per drug
            # of the phrase it closes (all but one letter an initial: G is obinutuzumab's brand)
            glued = _glued(ab, text, drugs, k, sh)
            if glued is not None:
                out.setdefault(ab, Alias(ab, glued))
                continue
        if len(positions) == 1 and len(positions[0]) == 1:
            # One drug: the whole bracket is its name ("T-DXd" is not two names), its dose
            # word's letters first when it has one ("high-dose cytarabine (HDAraC)").
            if _starts(ab, positions[0]) or _dose_prefixed(ab, text, span.start):
                out.setdefault(ab, Alias(ab, positions))
            continue
        if len(parts) < 2:
            # "(AG)", "(GP)": letters only, at least one a drug; a code in the bracket
            # ("biosimilar (BAT1706)") names the last drug, not the regimen.
            if ab.isalpha() and len(positions) <= len(ab) <= 8:
                out.setdefault(ab, Alias(ab, positions))
            continue
        out.setdefault(ab, Alias(ab, positions))
        aligned = _align(parts, positions)
        for part, sub in zip(parts, aligned or (), strict=False):
            if part not in sh.not_aliases and any(c.isupper() for c in part):
                out.setdefault(part, Alias(part, sub))
    return out


def _dose_prefixed(ab: str, text: str, start: int) -> bool:
    """Whether ``ab`` opens with the letters of the dose word right before the drug."""
    before = text[max(0, start - 24) : start].rstrip(" ").lower()
    return any(before.endswith(word) and ab.upper().startswith(letters) and len(ab) > len(letters)
               for word, letters in load_defined_names().dose_prefixes.items())


def schedule_definitions(text: str, spans: list[Span]) -> dict[str, Alias]:
    """Abbreviation -> drugs, from an acronym followed by its schedule: "ACE (doxorubicin 50 mg/m2
    i.v., cyclophosphamide 1 g/m2 i.v. and etoposide 120 mg/m2 …) or PE (cisplatin 80 mg/m2 and
    etoposide …)". The bracket must hold two or more drugs and a dose; the drugs, in order, are the
    acronym's regimen. One scan for the acronyms, the drugs looked up by bisection."""
    drugs = sorted((s for s in spans if s.label == "DRUG" and s.norm), key=lambda s: s.start)
    starts = [d.start for d in drugs]
    units = _dose_unit()
    out: dict[str, Alias] = {}
    for m in _acronym_bracket().finditer(text):
        close = _CLOSE.search(text, m.end(), m.end() + _SCHEDULE_CHARS)
        if close is None or _OPEN.search(text, m.end(), close.start()):
            continue
        close = close.start()
        inside = drugs[bisect_left(starts, m.end()) : bisect_left(starts, close)]
        scheduled = bool(units.search(text, m.end(), close))
        if not scheduled and not _only_drugs(text, m.end(), close, inside):
            continue
        names = list(dict.fromkeys(d.norm for d in inside if d.norm))
        if len(names) >= 2:
            # "DAT (daunorubicin, cytarabine, and thioguanine)", "FP(5-FU+顺铂)": a bracket of drugs alone
            # defines too; the defining mention stays the bracket's
            at = None if scheduled else m.start("ab")
            out.setdefault(m.group("ab"), Alias(m.group("ab"), tuple((n,) for n in names), at))
    return out


@cache
def _acronym_bracket() -> re.Pattern[str]:
    """"FP(5-FU+顺铂)", "DO方案（奥沙利铂+多西他赛）": a scheme word may stand before the bracket."""
    words = "|".join(re.escape(w.strip()) for w in sorted(load_defined_names().scheme_words, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?P<ab>[A-Z][A-Z0-9]{{1,6}})[ ]?(?:{words})?[ ]?[(（]")
_CLOSE = re.compile(r"[)）]")
_OPEN = re.compile(r"[(（]")


@cache
def _drug_list_gap() -> re.Pattern[str]:
    """List marks and words between the drugs of a defining bracket ("…, and", "MA(米托蒽醌、阿糖胞苷)")."""
    words = "|".join(re.escape(w) for w in sorted(load_defined_names().drug_list_words, key=len, reverse=True))
    return re.compile(rf"[\s,;+/\-–、，；]*(?:(?:{words})[\s,]*)?")


def _only_drugs(text: str, start: int, end: int, inside: list[Span]) -> bool:
    """The bracket holds drug names and list words only ("daunorubicin, cytarabine, and thioguanine",
    "mitoxantrone-cytarabine")."""
    pos = start
    for d in inside:
        if not _drug_list_gap().fullmatch(text, pos, d.start):
            return False
        pos = max(pos, d.end)
    return bool(inside) and bool(_drug_list_gap().fullmatch(text, pos, end))
_SCHEDULE_CHARS = 240


@cache
def _dose_unit() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(dose_units(), key=len, reverse=True))
    return re.compile(rf"\d[ ]?(?:{units})(?![A-Za-z])")


def foreign_abbreviations(text: str, spans: list[Span]) -> set[str]:
    """Lexicon abbreviations the article defines as something else: a bracket right after the
    words they are the initials of, none of them a drug ("International Prognostic Index
    (IPI)" is no ipilimumab; "cetuximab (CTX)" no cyclophosphamide), or right after a Chinese
    term that is no drug ("国际预后指数(IPI)"). One pass over the spans."""
    named_at = {s.end: s for s in spans if s.label == "DRUG"}
    out: set[str] = set()
    for s in spans:
        if s.rule != "drug.abbreviation":
            continue
        ab = text[s.start : s.end]
        bracket = _OPEN_BRACKET.search(text, max(0, s.start - 3), s.start)
        if bracket is None:
            continue
        head = bracket.start()
        while head > bracket.start() - 3 and text[head - 1 : head] == " ":
            head -= 1
        drug = named_at.get(head)
        if drug is not None:
            # the whole bracket, the initial of the drug it follows: the article's own name
            # for that drug ("(RAI-L arm)" after a regimen's last drug names the regimen)
            if drug.norm and drug.norm != s.norm and ab[0].lower() == drug.norm[0] \
                    and text[s.end : s.end + 1] in _BRACKET_END:
                out.add(ab)
            continue
        if _CJK_BEFORE.search(text, max(0, head - 2), head) and text[s.end : s.end + 1] in _BRACKET_END:
            out.add(ab)  # "国际预后指数(IPI)": a Chinese term, no drug, defines it
            continue
        letters = [c.lower() for c in ab if c.isalpha()]
        words = [w for w in _WORD.findall(text, max(0, head - 16 * len(letters) - 16), head)
                 if w.lower() not in _SMALL_WORDS]
        if len(words) >= len(letters) and [w[0].lower() for w in words[-len(letters):]] == letters:
            out.add(ab)
    return out


_OPEN_BRACKET = re.compile(r"[(（][ ]?$")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]{2}$")
_BRACKET_END = frozenset(")）,;，；")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "to", "a", "an", "on", "with", "by"})


def legend_definitions(text: str, spans: list[Span]) -> dict[str, Alias]:
    """Abbreviation -> drugs, from a legend under a table: "DUR durvalumab, EP platinum (either
    carboplatin or cisplatin) plus etoposide, HR hazard ratio" or "SOX: S-1 plus oxaliplatin;
    XELOX: capecitabine and oxaliplatin". A legend is a run of two or more entries, each an
    abbreviation and its expansion (after a space, ':' or '='), one after the other between commas
    or semicolons; an entry whose expansion names drugs defines the abbreviation as those drugs,
    drugs joined by "or" being one choice. One scan of the text and one pass over the drugs."""
    sh = _shapes()
    drugs = sorted((s for s in spans if s.label == "DRUG" and _positions(s) is not None), key=lambda s: s.start)
    starts = [d.start for d in drugs]
    entries = []
    for m in _LEGEND_ENTRY.finditer(text):
        stop = _LEGEND_STOP.search(text, m.end())
        end = stop.start() if stop is not None else len(text)
        first = text[m.end() : m.end() + 1]
        if first.islower() or bisect_left(starts, m.end()) < len(starts) and starts[bisect_left(starts, m.end())] == m.end():
            entries.append((m.group("ab"), m.start(), m.end(), end))
    # "Median overall survival, The …": words opening sentences are no abbreviations, and an
    # "expansion" that ends a sentence is prose
    entries = [e for e in entries if _looks_defined(e[0], sh.not_aliases) and sum(c.isupper() for c in e[0]) >= 2
               and e[3] - e[2] <= _LEGEND_EXPANSION and not _SENTENCE_END.search(text, e[2], e[3])]
    out: dict[str, Alias] = {}
    for k, (ab, start, exp, end) in enumerate(entries):
        joined = (k and entries[k - 1][3] + 1 == start) or (k + 1 < len(entries) and entries[k + 1][1] == end + 1)
        if not joined:
            continue
        inside = drugs[bisect_left(starts, exp) : bisect_left(starts, end)]
        inside = [d for d in inside if d.end <= end]
        if not inside:
            continue
        positions: list[tuple[str, ...]] = []
        for i, d in enumerate(inside):
            pos = _positions(d)
            assert pos is not None
            if i and _choice().fullmatch(text[inside[i - 1].end : d.start]):
                positions[-1] = positions[-1] + pos[0]  # "carboplatin or cisplatin": one choice
            else:
                positions.append(pos[0])
        out.setdefault(ab, Alias(ab, tuple(positions)))
    return out


_LEGEND_ENTRY = re.compile(r"(?:^|(?<=[,;，；\n]))[ \t]*(?:\d{1,2}\.[ \t]+)?(?P<ab>[A-Z][A-Za-z0-9]*(?:[+/\-][A-Za-z0-9]+)*)(?:[ \t]*[:：=][ \t]*|[ \t]+)")
_LEGEND_EXPANSION = 120  # characters: a longer "expansion" is a sentence
_SENTENCE_END = re.compile(r"\.(?:\s|$)")
_LEGEND_STOP = re.compile(r"[,;，；\n]")


@cache
def _choice() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(load_defined_names().choice_words, key=len, reverse=True))
    return re.compile(rf"\s*(?:{words})\s*")


def _glued(ab: str, text: str, drugs: list[Span], k: int, sh: _Shapes) -> tuple[tuple[str, ...], ...] | None:
    if not (ab.isascii() and ab.isalpha() and ab.isupper() and 3 <= len(ab) <= 6):
        return None
    chain = _phrase_before(text, drugs, k, len(ab), sh)
    if chain is None or len(set(chain)) != len(chain):
        return None
    hits = sum(_starts(letter, pos) for letter, pos in zip(ab, chain, strict=True))
    return chain if hits >= len(ab) - 1 else None


def _phrase_before(text: str, drugs: list[Span], k: int, n: int, sh: _Shapes) -> tuple[tuple[str, ...], ...] | None:
    """The ``n`` drugs ending with ``drugs[k - 1]``, when no comparison word or clause mark
    stands between them (they are one arm's drugs), as one position each."""
    if k < n:
        return None
    chain = drugs[k - n : k]
    for a, b in zip(chain, chain[1:], strict=False):
        gap = text[a.end : b.start]
        if len(gap) > 40 or sh.comparison.search(gap):
            return None
    out = []
    for d in chain:
        pos = _positions(d)
        assert pos is not None
        out.append(pos[0])
    return tuple(out)


def scheme_acronyms(text: str, regimens: list[Span], by_surface: dict[str, object]) -> dict[str, Alias]:
    """Bare acronyms of the regimens the lexicon knows only with a scheme word ("EP方案",
    "SOX regimen"), once the article names one of them with it: "IP方案 … EP和IP组"."""
    bare = _bare_acronyms(tuple(sorted(by_surface)))
    if not bare:
        return {}
    named = any(r.rule == "regimen.lexicon" and _strip_scheme(text[r.start : r.end]) in bare for r in regimens)
    if not named:
        return {}
    out: dict[str, Alias] = {}
    for acronym, surface in bare.items():
        entry = by_surface[surface]
        out[acronym] = Alias(acronym, tuple(tuple(p) for p in entry.drugs))  # type: ignore[attr-defined]
    return out


@cache
def _bare_acronyms(surfaces: tuple[str, ...]) -> dict[str, str]:
    """Acronym -> a lexicon surface it appears in with a scheme word, for acronyms the lexicon
    does not list bare."""
    known = set(surfaces)
    out: dict[str, str] = {}
    for surface in surfaces:
        acronym = _strip_scheme(surface)
        if acronym != surface and acronym not in known and re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]{1,11}", acronym):
            out.setdefault(acronym, surface)
    return out


def _strip_scheme(surface: str) -> str:
    for word in sorted(load_defined_names().scheme_words, key=len, reverse=True):
        if surface.endswith(word) and len(surface) > len(word):
            return surface[: -len(word)].strip()
    return surface


def mentions(text: str, aliases: dict[str, Alias], taken: list[Span]) -> tuple[list[Span], list[Span]]:
    """(drug spans, regimen spans) for every mention of a defined abbreviation.

    A mention inside a span already found is left to that span; a drug part shorter than
    ``min_drug_letters`` names no drug of its own (D4) but still counts inside its regimen.
    """
    if not aliases:
        return [], []
    min_letters = load_defined_names().min_drug_letters
    alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])")
    # Resolved spans do not overlap: the last one starting before a mention's end is the
    # only one that can cover it.
    occupied = sorted((s.start, s.end) for s in taken if s.label != "REGIMEN")
    starts = [a for a, _ in occupied]

    def free(a: int, b: int) -> bool:
        i = bisect_left(starts, b) - 1
        return i < 0 or occupied[i][1] <= a

    drugs: list[Span] = []
    regimens: list[Span] = []
    for m in pattern.finditer(text):
        alias = aliases[m.group()]
        if m.start() == alias.defined_at:
            continue
        if alias.drug is not None:
            if free(m.start(), m.end()):
                drugs.append(_drug(m.start(), m.end(), alias.drug))
            continue
        # A regimen's name may hold drug names found already ("NIVO" of "NIVO + CABO").
        positions = [list(p) for p in alias.positions]
        norm = " + ".join("/".join(p) for p in positions)
        regimens.append(Span(m.start(), m.end(), "REGIMEN", norm, "regimen.defined",
                             {"drugs": positions, "named": True}))
        # The parts of "NIVO + CABO" are drug mentions of their own.
        drugs.extend(d for d in _part_spans(m.start(), m.group(), aliases) if free(d.start, d.end))
    drugs = [d for d in drugs if sum(c.isalpha() for c in text[d.start : d.end]) >= min_letters]
    return drugs, regimens


def _drug(start: int, end: int, norm: str) -> Span:
    return Span(start, end, "DRUG", norm, "drug.defined", {"source": "definition"})


def _part_spans(start: int, surface: str, aliases: dict[str, Alias]) -> list[Span]:
    out, pos = [], 0
    for piece in _shapes().sep.split(surface):
        at = surface.find(piece, pos)
        pos = at + len(piece)
        alias = aliases.get(piece)
        if piece and alias is not None and alias.drug is not None:
            out.append(_drug(start + at, start + at + len(piece), alias.drug))
    return out
