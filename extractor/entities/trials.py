"""TRIAL mentions: the trial lexicon, program-numbered names, registry ids, and
upper-case names followed by 研究/试验/study/trial; phases near a trial attach to it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from extractor.entities.scan import (
    LATIN_ALNUM,
    Folded,
    Span,
    alternation,
    is_latin_alnum,
    trie_regex,
)
from extractor.lexicon import Lexicon, TrialEntry, TrialPatterns, trial_surfaces


@dataclass(frozen=True)
class TrialMatcher:
    folded: Folded  # unambiguous names, any case
    exact: re.Pattern[str]  # ambiguous names as printed upper case
    titled: re.Pattern[str]  # ambiguous names in Title case: need context after
    context: re.Pattern[str]
    by_key: dict[str, TrialEntry]
    by_registry: dict[str, TrialEntry]
    programs: Folded
    program_spelling: dict[str, tuple[str, str]]
    registries: list[tuple[str, regex.Pattern[str]]]
    wrapped: list[tuple[str, int, re.Pattern[str]]]  # name, digits, id split by one space
    generic: re.Pattern[str]
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
    word = r"[A-Z][A-Za-z0-9-]{1,30}"
    context = re.compile(
        rf"(?:[ ]{{0,2}}{alternation(tp.coordinators)}[ ]{{0,2}}{word}){{0,3}}"
        rf"[ ]{{0,2}}{alternation(tp.counters)}?[ ]{{0,2}}{alternation(tp.context_after)}"
        rf"(?![A-Za-z])",
        re.IGNORECASE,
    )
    spelling = {p.program.lower(): (p.program, p.sep) for p in tp.programs}
    long_p = [p.program for p in tp.programs if len(p.program) >= 4]
    short_p = [p.program for p in tp.programs if len(p.program) < 4]
    num = tp.program_number
    # Lower-case names searched in lowered text: a literal-first pattern scans fast.
    programs = Folded(
        rf"(?:(?P<lp>{alternation(p.lower() for p in long_p)})(?P<sep>[- ]?)"
        rf"|(?P<sp>{alternation(p.lower() for p in short_p)}))(?P<num>{num.replace('A-Z', 'a-z')})"
        rf"(?![{LATIN_ALNUM}])"
    )
    generic = re.compile(
        rf"(?<![{LATIN_ALNUM}-])(?P<name>[A-Z][A-Z0-9]{{1,20}}(?:-[A-Z0-9]{{1,10}}){{0,3}})"
        rf"[ ]?(?:{alternation(tp.generic_after)})(?![A-Za-z])"
    )
    return TrialMatcher(
        folded=Folded(trie_regex(folded)),
        exact=re.compile(trie_regex(exact)),
        titled=re.compile(trie_regex(titled)),
        context=context,
        by_key=by_key,
        by_registry={r: t for t in lex.trials for r in t.registry_ids},
        programs=programs,
        program_spelling=spelling,
        # `regex`: the EudraCT pattern looks behind a variable-width window for its prefix.
        registries=[(r.name, regex.compile(rf"(?<![{LATIN_ALNUM}])(?:{r.regex})(?![0-9])"))
                    for r in tp.registries],
        wrapped=[(r.name, r.digits, re.compile(
            rf"(?<![{LATIN_ALNUM}]){re.escape(r.prefix)}(?P<a>[0-9]{{1,{r.digits - 1}}})"
            rf"[ ]?\n?[ ]?(?P<b>[0-9]{{1,{r.digits - 1}}})(?![{LATIN_ALNUM}])"))
                 for r in tp.registries if r.prefix and r.digits],
        generic=generic,
        guards=frozenset(g.upper() for g in tp.guards),
        min_letters=tp.generic_min_letters,
        phases=[(re.compile(p.regex), p.phase) for p in tp.phases],
        code_phases=[(re.compile(p.regex), p.phase) for p in tp.code_phases],
        pat=tp,
    )


def _lex(s: int, e: int, t: TrialEntry, rule: str) -> Span:
    return Span(s, e, "TRIAL", t.name, rule, {"source": "lexicon"})


def find_trials(text: str, tm: TrialMatcher, low: str, flags: int) -> list[Span]:
    """TRIAL candidates; rules trial.lexicon/program/registry outrank trial.generic."""
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
            known = tm.by_registry.get(m.group())
            out.append(Span(m.start(), m.end(), "TRIAL", known.name if known else m.group(),
                            "trial.registry", {"source": "pattern", "registry": reg,
                                               "registry_id": m.group()}))
    # A PDF line wrap inside a fixed-length id ("NCT0510 1629"): the digits still add up.
    for reg, digits, pattern in tm.wrapped:
        for m in pattern.finditer(text):
            a, b = m.group("a"), m.group("b")
            if len(a) + len(b) != digits or m.end("a") == m.start("b"):
                continue
            rid = text[m.start() : m.end("a")] + b
            known = tm.by_registry.get(rid)
            out.append(Span(m.start(), m.end(), "TRIAL", known.name if known else rid,
                            "trial.registry", {"source": "pattern", "registry": reg,
                                               "registry_id": rid}))
    for m in tm.generic.finditer(text):
        name = m.group("name")
        parts = name.split("-")
        letters = sum(c.isalpha() for c in name)
        if letters < tm.min_letters or any(p.upper() in tm.guards for p in parts):
            continue
        if parts[0].isdigit():
            continue
        known = tm.by_key.get(name.casefold())
        out.append(Span(m.start(), m.start() + len(name), "TRIAL",
                        known.name if known else name, "trial.generic",
                        {"source": "lexicon" if known else "pattern"}))
    return out


def attach_phases(text: str, trials: list[Span], tm: TrialMatcher) -> None:
    """Set attrs["phase"] from a phase mention just before or after each trial, same sentence."""
    breaks = re.compile(alternation(tm.pat.sentence_breaks))
    for i, t in enumerate(trials):
        # A phase written into a protocol code (SHR-1210-III-310) is the trial's own.
        coded = next((ph for pat, ph in tm.code_phases if pat.search(text, t.start, t.end)), None)
        if coded is not None:
            t.attrs["phase"] = coded
            continue
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
