"""DRUG_CLASS mentions, composed from data: [prefix] target [/ target] head, prefix target, fixed.

Composition keeps the data small (23 targets x 21 heads are not listed one by one) and
covers combinations nobody wrote down ("TIM-3 blockade", "抗LAG-3单抗"). A bare target
("PD-1", "LAG-3") has neither prefix nor head and is never a class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.entities.scan import LATIN_ALNUM, Folded, Span, trie_regex
from extractor.lexicon import ClassFixed, ClassHead, ClassPrefix, ClassTarget, Lexicon
from extractor.normalize import normalize_surface


@dataclass(frozen=True)
class ClassMatcher:
    pattern: Folded
    targets: dict[str, ClassTarget]
    heads: dict[str, ClassHead]
    fixed: dict[str, str]


def _body(words: list[str]) -> str:
    """Trie regex without the leading lookbehind guards (they are placed by the caller)."""
    return trie_regex(words)


def build_class_matcher(lex: Lexicon) -> ClassMatcher:
    targets: dict[str, ClassTarget] = {}
    heads: dict[str, ClassHead] = {}
    prefixes: list[str] = []
    fixed: dict[str, str] = {}
    for e in lex.classes:
        if isinstance(e, ClassTarget):
            targets.update((normalize_surface(s).lower(), e) for s in e.surfaces)
        elif isinstance(e, ClassHead):
            heads.update((normalize_surface(s).lower(), e) for s in e.surfaces)
        elif isinstance(e, ClassPrefix):
            prefixes.extend(normalize_surface(s).lower() for s in e.surfaces)
        elif isinstance(e, ClassFixed):
            fixed.update((normalize_surface(s).lower(), e.code) for s in e.surfaces)
    t = _body(list(targets))
    h = _body(list(heads))
    p = _body(prefixes)
    f = _body(list(fixed))
    # Targets end in digits or letters; the trie's own guards already stop "PD-10".
    target_pair = rf"(?P<t1>{t})(?:[ ]?/[ ]?(?P<t2>{t}))?"
    pattern = Folded(
        rf"(?P<p1>{p})?{target_pair}[ ]?(?P<h>{h})"
        rf"|(?P<p2>{p}){target_pair.replace('t1', 'u1').replace('t2', 'u2')}"
        rf"|(?P<f>{f})"
    )
    return ClassMatcher(pattern, targets, heads, fixed)


def _code(m: re.Match[str], cm: ClassMatcher) -> str:
    if m.group("f"):
        return cm.fixed[m.group("f").lower()]
    t1 = m.group("t1") or m.group("u1")
    t2 = m.group("t2") or m.group("u2")
    first = cm.targets[t1.lower()]
    head = cm.heads[m.group("h").lower()] if m.group("h") else None
    if t2 is None:
        if head is not None and head.type == "bispecific":
            return "bispecific"
        # An antibody noun or the anti-/抗 prefix names the antibody class of a target whose
        # small-molecule class differs (EGFR抑制剂 -> EGFR-TKI, 抗EGFR单抗 -> anti-EGFR).
        antibody = head.type == "antibody" if head is not None else True
        return (first.antibody_code or first.code) if antibody else first.code
    second = cm.targets[t2.lower()]
    if head is not None and head.type == "bispecific":
        return f"{first.name}/{second.name} bispecific"
    return f"anti-{first.name}/{second.name}"


def find_classes(text: str, cm: ClassMatcher, low: str, flags: int) -> list[Span]:
    """Class candidates; ``low, flags`` come from ``scan.lowered(text)``."""
    out = []
    for m in cm.pattern.finditer(low, flags):
        s, e = m.start(), m.end()
        # The prefix "anti " ends in a space, and "anti-" in "-": the trie cannot guard them.
        if s > 0 and text[s].isascii() and text[s].isalpha() and text[s - 1].isascii() \
                and text[s - 1].isalnum():
            continue
        if e < len(text) and re.match(f"[{LATIN_ALNUM}]", text[e]) and text[e - 1].isascii() \
                and text[e - 1].isalnum():
            continue
        out.append(Span(s, e, "DRUG_CLASS", _code(m, cm), "class.compose" if not m.group("f")
                        else "class.fixed", {"class": _code(m, cm)}))
    return out
