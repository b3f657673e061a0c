"""TRIAL mentions: the trial lexicon, program-numbered names, registry ids, upper-case names
followed by 研究/试验/study/trial, and an acronym in parentheses before a title's design
clause ("… (RESCUE): an open-label, multicentre, phase 2 trial"); phases near a trial attach
to it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import regex

from extractor.entities.scan import (
    LATIN_ALNUM,
    Folded,
    Span,
    Surfaces,
    alternation,
    is_latin_alnum,
    trie_regex,
)
from extractor.lexicon import Lexicon, TrialEntry, TrialPatterns, trial_surfaces


@dataclass(frozen=True)
class TrialMatcher:
    folded: Surfaces  # unambiguous names, any case
    exact: Surfaces  # ambiguous names as printed upper case
    titled: re.Pattern[str]  # ambiguous names in Title case: need context after
    context: re.Pattern[str]
    by_key: dict[str, TrialEntry]
    by_registry: dict[str, TrialEntry]
    programs: Folded
    program_spelling: dict[str, tuple[str, str]]
    registries: list[tuple[str, regex.Pattern[str]]]
    wrapped: list[tuple[str, int, re.Pattern[str]]]  # name, digits, id split by one space
    referenced: re.Pattern[str]  # a word with reference numbers glued on: a listed name's candidate
    generic: re.Pattern[str]
    generic_more: list[re.Pattern[str]]  # "INTACT和TRIBUTE等研究", "临床试验(OCTANS)", "trial SANDPIPER"
    titled_acronym: re.Pattern[str]  # "(NAME):" — the design clause after it is checked apart
    design_end: re.Pattern[str]  # the clause after the colon ends with study/trial/研究/试验
    guards: frozenset[str]
    min_letters: int
    phases: list[tuple[re.Pattern[str], str]]
    code_phases: list[tuple[re.Pattern[str], str]]  # searched inside the trial's own surface
    pat: TrialPatterns


def build_trial_matcher(lex: Lexicon) -> TrialMatcher:
    tp = lex.trial_patterns
    by_key: dict[str, TrialEntry] = {}
    folded, exact, titled = [], [], []
    for t in lex.trials:
        for s in trial_surfaces(t):
            by_key[s.casefold()] = t
            if not t.ambiguous:
                folded.append(s.lower())
            else:
                # Upper case as printed anywhere; Title case ("Sharp", "Oriental") in context.
                exact.append(s.upper())
                titled.append(s if not s.isupper() else s[0] + s[1:].lower())
                if re.search(r"[a-z][A-Z]", s):
                    exact.append(s)  # "ToGA", "IMbrave": no common word is printed that way
    word = r"[A-Z][A-Za-z0-9-]{1,30}"
    context = re.compile(
        rf"(?:[ ]{{0,2}}{alternation(tp.coordinators)}[ ]{{0,2}}{word}){{0,3}}"
        rf"[ ]{{0,2}}{alternation(tp.counters)}?[ ]{{0,2}}{alternation(tp.context_after)}"
        rf"(?![A-Za-z])",
        re.IGNORECASE,
    )
    spelling = {p.program.lower(): (p.program, p.sep) for p in tp.programs}
    long_p = [p.program for p in tp.programs if len(p.program) >= 4]
    # a short program must touch its number or join it with '-', or stand a space before a number
    # of three digits or more ("CCG 5942", "GOG 218"), so "GO 2" is no trial
    short_p = [p.program for p in tp.programs if len(p.program) < 4]
    num = tp.program_number
    # Lower-case names searched in lowered text: a literal-first pattern scans fast.
    programs = Folded(
        rf"(?:(?P<lp>{alternation(p.lower() for p in long_p)})(?P<sep>[ ]?-[ ]?|[ ])?"
        rf"|(?P<sp>{alternation(p.lower() for p in short_p)})(?:-[ ]?|[ ](?=[0-9]{{3}}))?)(?P<num>{num.replace('A-Z', 'a-z')})"
        rf"(?![{LATIN_ALNUM}])"
    )
    acronym = r"[A-Z][A-Z0-9]{1,20}(?:-[A-Z0-9]{1,10}){0,3}"
    # not inside a hyphenated word ("KEYNOTE-X"), but after a dash of punctuation ("研究——REACT研究")
    left = rf"(?<![{LATIN_ALNUM}])(?<![{LATIN_ALNUM}]-)"
    counted = rf"[ ]?(?:{alternation(tp.counters)})?[ ]?(?:{alternation(tp.generic_after)})(?![A-Za-z])"
    generic = re.compile(rf"{left}(?P<name>{acronym}){counted}")
    coord = rf"[ ]?(?:{alternation(tp.coordinators)})[ ]?"
    generic_more = [
        # the first names of a coordinated list sharing one design word: "INTACT和TRIBUTE等研究"
        re.compile(rf"{left}(?P<name>{acronym}){coord}(?=(?:{acronym}{coord}){{0,2}}{acronym}{counted})"),
        # an acronym alone in brackets after a design word: "另一项II期临床试验(OCTANS)"
        re.compile(rf"(?:{alternation(tp.generic_bracketed_after)})[ ]?[(（](?P<name>{acronym}(?:[ ][0-9]{{1,3}})?)[)）]"),
        # a name in mixed case before "trial"/"study" ("the phase 3 IMforte trial", "GeDDiS study"):
        # two capitals at least, so a capitalised word is none
        # (a surname with its prefix, "McGill", "DeVita", is none)
        re.compile(rf"{left}(?!(?:Mc|Mac|De|Di|Du|La|Le|Van|Von)[A-Z][a-z]+(?![A-Za-z0-9]))"
                   rf"(?P<name>(?=[A-Za-z0-9]{{0,20}}[a-z])[A-Z](?=[A-Za-z0-9]{{0,20}}[A-Z])[A-Za-z0-9]{{3,20}}"
                   rf"(?:-[A-Za-z0-9]{{1,10}})?){counted}"),  # "the MagnetisMM-3 trial"
        # a row of a table of trials, or a name with its phase: "NOAH [8], phase III",
        # "REMAGUS 2 [9], phase II", "ABCSG-24 (phase 3)"
        re.compile(rf"{left}(?P<name>{acronym}(?:[ ][0-9]{{1,3}})?)(?:[ ]?\[[0-9, –-]{{1,20}}\])?"
                   rf"(?:,[ ]?|[ ]\()(?:phase|Phase)[ ]?(?:I{{1,3}}|[1-3])(?![A-Za-z0-9])"),
        # a table's trial cell: an acronym with its references opening a row ("ACTS-GC (39), (40) |",
        # "SAMIT (41) |", "NOAH [8] |")
        re.compile(rf"(?m)^[ \t]*(?P<name>{acronym})[ ]?(?:\(\d{{1,3}}\)(?:,[ ]?\(\d{{1,3}}\)){{0,4}}"
                   rf"|\[\d{{1,3}}(?:[,–-][ ]?\d{{1,3}}){{0,6}}\])[ ]?\|"),
        # a row of a table of trials: an acronym, its year, then the row's regimen ("GEST 2013
        # Gemcitabine plus S-1 LA M 275 …")
        re.compile(rf"(?m)^[ \t]*(?P<name>{acronym})[ ](?:19|20)\d{{2}}[ ](?=[A-Z][a-z])"),
        # an acronym of four letters or more right after "trial"/"study": "phase 3 trial SANDPIPER"
        re.compile(rf"(?<![A-Za-z])(?:{alternation(tp.generic_before)})[ ](?P<name>[A-Z]{{4,20}}(?:-[A-Z0-9]{{1,10}})?)"
                   rf"(?![A-Za-z0-9])"),
    ]
    # Bounded name, then a colon: one pass, no backtracking into the clause (checked apart).
    titled_acronym = re.compile(
        r"\((?P<name>[A-Z][A-Za-z0-9]{1,20}(?:-[A-Za-z0-9]{1,10}){0,3})\)[ ]?:"
    )
    design_end = re.compile(rf"(?<![A-Za-z]){alternation(tp.generic_after)}[ .]{{0,3}}\Z",
                            re.IGNORECASE)
    return TrialMatcher(
        folded=Surfaces(folded, folded=True),
        exact=Surfaces(exact, folded=False),
        titled=re.compile(trie_regex(titled)),
        context=context,
        by_key=by_key,
        by_registry={r: t for t in lex.trials for r in t.registry_ids},
        programs=programs,
        program_spelling=spelling,
        # `regex`: the EudraCT pattern looks behind a variable-width window for its prefix.
        registries=[(r.name, regex.compile(rf"(?<![{LATIN_ALNUM}])(?:{r.regex})(?![0-9])"))
                    for r in tp.registries]
        # "NCT030756968,9": the id's fixed length, then a list of reference numbers glued to it
        + [(r.name, regex.compile(rf"(?<![{LATIN_ALNUM}]){regex.escape(r.prefix)}[0-9]{{{r.digits}}}"
                                  rf"(?=[0-9]{{1,3}}(?:[,–-][0-9]{{1,3}}){{1,6}}(?![0-9]))"))
           for r in tp.registries if r.prefix and r.digits],
        wrapped=[(r.name, r.digits, re.compile(
            rf"(?<![{LATIN_ALNUM}]){re.escape(r.prefix)}(?P<a>[0-9]{{1,{r.digits - 1}}})"
            rf"[ ]?\n?[ ]?(?P<b>[0-9]{{1,{r.digits - 1}}})(?![{LATIN_ALNUM}])"))
                 for r in tp.registries if r.prefix and r.digits],
        # "JULIET2,6  tisa-cel", "PERSEUS1 ,": a name ending in a letter, then its references
        referenced=re.compile(rf"(?<![{LATIN_ALNUM}])(?P<name>[A-Z][A-Za-z-]{{2,30}}[A-Za-z])"
                              rf"(?=[0-9]{{1,3}}(?:[,–-][0-9]{{1,3}}){{0,6}}(?:[ \t]|[,.;)\]]))"),
        generic=generic,
        generic_more=generic_more,
        titled_acronym=titled_acronym,
        design_end=design_end,
        guards=frozenset(g.upper() for g in tp.guards),
        min_letters=tp.generic_min_letters,
        phases=[(re.compile(p.regex), p.phase) for p in tp.phases],
        code_phases=[(re.compile(p.regex), p.phase) for p in tp.code_phases],
        pat=tp,
    )


def _lex(s: int, e: int, t: TrialEntry, rule: str) -> Span:
    return Span(s, e, "TRIAL", t.name, rule, {"source": "lexicon"})


def _registered(start: int, end: int, rid: str, reg: str, tm: TrialMatcher) -> Span:
    known = tm.by_registry.get(rid)
    return Span(start, end, "TRIAL", known.name if known else rid, "trial.registry",
                {"source": "pattern", "registry": reg, "registry_id": rid})


def find_trials(text: str, tm: TrialMatcher, low: str, flags: int, *,
                joins: tuple[int, ...] = ()) -> list[Span]:
    """TRIAL candidates; rules trial.lexicon/program/registry outrank trial.generic and
    trial.title. ``joins``: offsets where a CJK line break was removed (see ``scan.compact``)."""
    out: list[Span] = []
    for m in tm.folded.finditer(low, flags):
        out.append(_lex(m.start(), m.end(), tm.by_key[m.group().casefold()], "trial.lexicon"))
    for m in tm.exact.finditer(text):
        out.append(_lex(m.start(), m.end(), tm.by_key[m.group().casefold()], "trial.lexicon"))
    for m in tm.titled.finditer(text):
        if tm.context.match(text, m.end()):
            out.append(_lex(m.start(), m.end(), tm.by_key[m.group().casefold()],
                            "trial.lexicon.context"))
    for m in tm.programs.finditer(low, flags):
        if m.start() > 0 and is_latin_alnum(text[m.start() - 1]):
            continue  # "XKEYNOTE-1": the left guard is checked here to keep the scan fast
        prog = m.group("lp") or m.group("sp")
        spelled, sep = tm.program_spelling[prog.lower()]
        name = f"{spelled}{sep}{m.group('num').upper()}"
        known = tm.by_key.get(name.casefold())
        span = Span(m.start(), m.end(), "TRIAL", known.name if known else name,
                    "trial.program", {"source": "lexicon" if known else "pattern"})
        out.append(span)
    for reg, pattern in tm.registries:
        for m in pattern.finditer(text):
            out.append(_registered(m.start(), m.end(), m.group(), reg, tm))
    # A PDF line wrap inside a fixed-length id ("NCT0510 1629"): the digits still add up.
    for reg, digits, pattern in tm.wrapped:
        for m in pattern.finditer(text):
            a, b = m.group("a"), m.group("b")
            if len(a) + len(b) != digits or m.end("a") == m.start("b"):
                continue
            out.append(_registered(m.start(), m.end(), text[m.start() : m.end("a")] + b, reg, tm))
    for m in tm.referenced.finditer(text):
        known = tm.by_key.get(m.group("name").casefold())
        if known is not None and (not known.ambiguous or m.group("name").isupper()):  # as `exact` takes them
            out.append(_lex(m.start(), m.end(), known, "trial.lexicon"))
    for m in (x for p in (tm.generic, *tm.generic_more) for x in p.finditer(text)):
        name = m.group("name")
        parts = name.split("-")
        letters = sum(c.isalpha() for c in name)
        digits = sum(c.isdigit() for c in name)
        # "NP30179 trial": a sponsor's protocol code has two letters and five digits or more;
        # "MM-003 trial": two letters joined to a study number of three digits or more
        short_code = letters == 2 and (digits >= 5 or (len(parts) == 2 and parts[1].isdigit() and digits >= 3))
        if (letters < tm.min_letters and not short_code) or any(p.upper() in tm.guards for p in parts):
            continue
        if parts[0].isdigit():
            continue
        known = tm.by_key.get(name.casefold())
        out.append(Span(m.start("name"), m.end("name"), "TRIAL",
                        known.name if known else name, "trial.generic",
                        {"source": "lexicon" if known else "pattern"}))
    out.extend(_title_acronyms(text, tm, joins))
    return out


_DESIGN_CLAUSE = 200  # characters read after "(NAME):" — a title's design phrase is short
_CLAUSE_END = re.compile(r"\n|。|\. ")


def _title_acronyms(text: str, tm: TrialMatcher, joins: tuple[int, ...]) -> list[Span]:
    """Trials a title names only by an acronym in parentheses before its design clause:
    "Camrelizumab plus apatinib in advanced HCC (RESCUE): an open-label, multicentre, phase 2
    trial", "…肝癌（STELLAR）：一项2期研究". The clause after the colon must end with a design
    word (研究/试验/study/trial), so "(HCC): 研究进展" or "(uHCC): a review" name no trial; the
    generic guards keep disease and endpoint abbreviations out, and the overlap priority leaves
    drug and class names ("(SHR-1210)", "(PD-1)") to their own rules. The clause's phase is the
    trial's ("phase 2" may sit beyond the window ``attach_phases`` reads)."""
    out: list[Span] = []
    for m in tm.titled_acronym.finditer(text):
        name = m.group("name")
        letters = [c for c in name if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if len(letters) < tm.min_letters or upper < 2 or 2 * upper < len(letters):
            continue  # "(Lancet):", "(Phase):": a word, not an acronym
        if any(p.upper() in tm.guards for p in name.split("-")):
            continue
        # "…一项3期研究\n\n结果:…" reaches here joined: the removed break still ends the title
        k = bisect_right(joins, m.end())
        limit = min(m.end() + _DESIGN_CLAUSE, joins[k] if k < len(joins) else len(text))
        clause = text[m.end() : limit]
        stop = _CLAUSE_END.search(clause)
        clause = clause[: stop.start()] if stop else clause
        if not tm.design_end.search(clause):
            continue
        known = tm.by_key.get(name.casefold())
        attrs: dict[str, str] = {"source": "lexicon" if known else "pattern"}
        phase = _first_phase(clause, tm)
        if phase is not None:
            attrs["phase"] = phase
        start = m.start("name")
        out.append(Span(start, start + len(name), "TRIAL", known.name if known else name,
                        "trial.title", attrs))
    return out


def _first_phase(clause: str, tm: TrialMatcher) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, phase in tm.phases:
        m = pattern.search(clause)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), phase)
    return best[1] if best else None


def attach_phases(text: str, trials: list[Span], tm: TrialMatcher) -> None:
    """Set attrs["phase"] from a phase mention just before or after each trial, same sentence."""
    breaks = re.compile(alternation(tm.pat.sentence_breaks))
    for i, t in enumerate(trials):
        # A phase written into a protocol code (SHR-1210-III-310) is the trial's own.
        coded = next((ph for pat, ph in tm.code_phases if pat.search(text, t.start, t.end)), None)
        if coded is not None:
            t.attrs["phase"] = coded
            continue
        if t.rule == "trial.title" and "phase" in t.attrs:
            continue  # read from the title's own design clause
        lo = trials[i - 1].end if i > 0 else 0
        hi = trials[i + 1].start if i + 1 < len(trials) else len(text)
        before = text[max(lo, t.start - tm.pat.phase_window_before) : t.start]
        cut = [m.end() for m in breaks.finditer(before)]
        before = before[cut[-1]:] if cut else before
        after = text[t.end : min(hi, t.end + tm.pat.phase_window_after)]
        stop = breaks.search(after)
        after = after[: stop.start()] if stop else after
        best: tuple[int, str] | None = None
        for pattern, phase in tm.phases:
            for m in pattern.finditer(after):
                if best is None or m.start() < best[0]:
                    best = (m.start(), phase)
                break
            for m in pattern.finditer(before):
                dist = len(before) - m.end()
                if best is None or dist < best[0]:
                    best = (dist, phase)
        if best is not None:
            t.attrs["phase"] = best[1]


_ID_REACH = 60  # characters between a trial's name and a registry id bracketed after it


def name_bracketed_ids(text: str, trials: list[Span]) -> None:
    """A registry id in the bracket after a trial's name is that trial ("FRUTIGA研究(clinicaltrials.gov
    註冊號NCT03223376)", "(AK112–303/HARMONi-2, CTR20222137, NCT05499390)"), and so is a second name
    opening the bracket right after it ("JCOG1409(MONET 研究)"): it takes the name's norm, so the
    article names one trial, not two. ``trials`` sorted by start."""
    named: Span | None = None
    for t in trials:
        if "registry_id" not in t.attrs:
            if named is not None and text[named.end : t.start].strip() in ("(", "（") and t.norm != named.norm:
                t.norm = named.norm  # "JCOG1409(MONET 研究)": the bracket gives the trial's other name
                t.attrs["names"] = named.norm
                continue
            named = t
            continue
        if named is None or t.start - named.end > _ID_REACH or t.norm != t.attrs["registry_id"]:
            continue  # far away, or an id the lexicon already names
        gap = text[named.end : t.start]
        opened = max(gap.rfind("("), gap.rfind("（"))
        inside = opened < 0 and _open_before(text, named.start)  # the name itself sits in the bracket
        if (opened >= 0 and ")" not in gap[opened:] and "）" not in gap[opened:]) or inside:
            t.norm = named.norm
            t.attrs["names"] = named.norm


def join_slashed(text: str, trials: list[Span]) -> None:
    """Names joined by "/" are one trial's ("ENGOT-cx11/GOG-3407/KEYNOTE-A18", "DUO-E/GOG-3041/
    ENGOT-EN10"): each takes the norm of the one the lexicon lists, so the article names one trial.
    ``trials`` sorted by start; one pass."""
    chain: list[Span] = []
    for t in [*trials, None]:
        if t is not None and chain and text[chain[-1].end : t.start] == "/":
            chain.append(t)
            continue
        listed = next((c for c in chain if c.rule == "trial.lexicon"), None)
        if len(chain) > 1 and listed is not None:
            for c in chain:
                if c is not listed and c.norm != listed.norm:
                    c.norm = listed.norm
                    c.attrs["names"] = listed.norm
        chain = [t] if t is not None else []


def _open_before(text: str, at: int) -> bool:
    """``at`` is inside a bracket opened a few characters before it ("(AK112–303/HARMONi-2, …")."""
    before = text[max(0, at - 24) : at]
    opened = max(before.rfind("("), before.rfind("（"))
    return opened >= 0 and ")" not in before[opened:] and "）" not in before[opened:]

