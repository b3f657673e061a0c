"""Trial names in a table's trial column: under a header line that opens with "Trial" or
"Study", a row (or a line of its own) that opens with an acronym nobody listed ("SPIRITS S-1
4.0 11.0 31", "ZALUTE", "GOG 122", "ToGA* XP/FP 5.5") names the trial of that row.

The acronym must look like a name (two capitals in a row or a capital after a small letter),
stand alone on its line or open a row of numbers, and be nothing the text already named (a
drug, regimen or class span, a guard word) nor an abbreviation the text defines ("SP: S-1 plus
cisplatin", "active symptom control (ASC)"): a table's arms are written in those."""

from __future__ import annotations

from functools import cache

import regex

from extractor.entities.scan import Span
from extractor.lexicon import TrialPatterns

_LINE = regex.compile(r"[^\n]*")
# name, an optional number ("GOG 122", "ECOG 1302"), a footnote mark, then the rest of the line
_ROW = regex.compile(
    r"[ \t]*(?P<name>(?P<first>[A-Z][A-Za-z0-9]{0,20}(?:[-&][A-Za-z0-9]{1,12}){0,3})"
    # a study number ("GOG 122", not a year) or a code ("JACCRO GC-07") completes the name
    r"(?:[ ](?:(?!(?:19|20)[0-9]{2}(?![0-9]))[0-9]{2,6}|[A-Z]{1,6}-?[0-9]{1,4})(?![0-9.A-Za-z]))?)"
    r"[*†‡§]{0,2}(?=[ \t]|$)(?P<rest>[^\n]*)"
)
# a pooled analysis's group ("GASTRIC meta-analysis") is no trial
_NOT_A_TRIAL = regex.compile(r"\s*(?:\[\d+\]\s*)?(?:meta-?analys[ie]s|pooled analys[ie]s)", regex.I)
_INNER_CAPITAL = regex.compile(r"[A-Z]{2}|[a-z][A-Z]")
_NUMBER = regex.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?")
# what may follow a name alone on its line: a footnote, references, a year, a phase
_BARE_REST = regex.compile(
    r"\s*(?:\(\d{1,3}\)|\[\d{1,3}(?:[,–-]\s?\d{1,3}){0,6}\]|(?:19|20)\d{2}|,|;)*\s*$"
)


@cache
def _header(heads: tuple[str, ...]) -> regex.Pattern[str]:
    words = "|".join(regex.escape(h) for h in sorted(heads, key=len, reverse=True))
    # the header's first cell, then at least one more column: a line, not a sentence
    return regex.compile(rf"(?m)^[ \t]*(?:{words})(?![A-Za-z])[^\n.;。]{{3,300}}$")


def _defined(text: str, name: str) -> bool:
    """The text defines ``name`` as an abbreviation: 'SP: S-1 plus …', 'symptom control (ASC)'."""
    n = regex.escape(name)
    return bool(regex.search(rf"(?<![A-Za-z0-9]){n}\s?[:=：]\s?[a-z0-9]|(?<=[a-z][ ])[(（]{n}[)）]", text))


def table_trials(text: str, spans: list[Span], tp: TrialPatterns, guards: frozenset[str]) -> list[Span]:
    """New TRIAL spans for the names opening rows of a table whose first column holds trials."""
    if not tp.table_trial_heads:
        return []
    taken = sorted((s.start, s.end) for s in spans)
    registries = {r.name.casefold() for r in tp.registries}
    out: list[Span] = []
    seen: dict[str, bool] = {}
    scanned = 0
    for head in _header(tuple(tp.table_trial_heads)).finditer(text):
        at = max(head.end() + 1, scanned)  # rows under two headers are read once
        for _ in range(tp.table_row_limit):
            if at >= len(text):
                break
            line = _LINE.match(text, at)
            assert line is not None
            at = line.end() + 1
            m = _ROW.fullmatch(line.group())
            if m is None or len(line.group()) > 160:
                continue
            name, rest = m.group("name"), m.group("rest")
            start = line.start() + m.start("name")
            end = start + len(name)
            if name != m.group("first") and any(start < a < end for a, _ in taken):
                # "SPIRITS S-1 4.0 …": the second word is the row's drug, not the name's number
                name, rest = m.group("first"), line.group()[m.end("first"):]
                end = start + len(name)
            letters = m.group("first")
            alone = bool(_BARE_REST.match(rest))
            if not (alone or len(_NUMBER.findall(rest)) >= 2) or _NOT_A_TRIAL.match(rest):
                continue
            if letters.casefold() in registries:
                continue  # "EudraCT number: 2004-…"
            alpha, digits = sum(c.isalpha() for c in letters), sum(c.isdigit() for c in letters)
            if (alpha < 3 and digits < 4) or not _INNER_CAPITAL.search(letters) \
                    or (letters.upper() in guards and " " not in name):
                continue
            # a regimen inside the name ("G-SOX") does not make it one; a span at its start does
            if any(a < end and start < b and (a <= start or b > end) for a, b in taken):
                continue
            if name not in seen:
                seen[name] = _defined(text, letters)
            if seen[name]:
                continue
            out.append(Span(start, end, "TRIAL", name, "trial.table_column", {"source": "pattern"}))
        scanned = at
    return out
