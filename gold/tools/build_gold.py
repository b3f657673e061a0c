"""Build gold/review.gold.jsonl from the hand-written annotation files.

The annotation files under gold/annotations/ are the source of truth; they name
every mention by its surface string inside a unique anchor string, never by raw
offsets. This script finds each surface, computes exact offsets, fills the
derived fields (section, sentence, citations, both directions of a comparison)
and writes one JSONL line per document. It fails loudly (GoldBuildError) when an
anchor is missing or not unique, or a surface cannot be placed unambiguously.

    .venv/bin/python gold/tools/build_gold.py           # write gold/review.gold.jsonl
    .venv/bin/python gold/tools/build_gold.py --check   # exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "corpus/review.txt"
ANN_DIR = ROOT / "gold" / "annotations"
OUT = ROOT / "gold" / "review.gold.jsonl"

# Sentence ends (Chinese full stops); an English ". " before a capital also ends one.
_TERMINATORS = "。！？"
# A paragraph broken by a page break (long line, no terminator at its end) continues.
_CONTINUATION_MIN_LINE = 60

_LABELS = {"DRUG", "DRUG_CLASS", "REGIMEN", "TRIAL"}
_RECORD_KEYS = {
    "id", "at", "value", "occ", "value_high", "endpoint", "unit", "timepoint", "grade",
    "arm", "arm_label", "pair", "comparator", "comparator_label", "comparator_value",
    "trial", "criterion", "ci_low", "ci_high", "ci_level", "p_value", "p_operator", "n",
    "line", "population", "citations", "note",
}


class GoldBuildError(Exception):
    """An annotation that cannot be placed in the text; the message names the line."""


def unescape(s: str) -> str:
    """Annotation files write the page-break newlines inside a surface as a literal \\n."""
    return s.replace("\\n", "\n")


def occurrences(hay: str, needle: str) -> list[int]:
    out, i = [], hay.find(needle)
    while i != -1:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def find_unique(text: str, anchor: str, where: str) -> int:
    hits = occurrences(text, anchor)
    if len(hits) != 1:
        raise GoldBuildError(f"{where}: anchor {anchor!r} occurs {len(hits)} times (need exactly 1)")
    return hits[0]


def read_sections(text: str) -> list[tuple[int, str]]:
    """(start, kind) of each section; a section runs to the next one's start."""
    out: list[tuple[int, str]] = [(0, "front_matter")]
    path = ANN_DIR / "review.sections.tsv"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, anchor = line.split("\t", 1)
        out.append((find_unique(text, unescape(anchor), f"{path.name}:{lineno}"), kind))
    out.sort()
    return out


def section_of(sections: list[tuple[int, str]], offset: int) -> str:
    kind = sections[0][1]
    for start, k in sections:
        if start <= offset:
            kind = k
    return kind


def _is_hard_break(text: str, nl: int) -> bool:
    """Whether the newline run starting at ``nl`` ends a sentence (not a page-break join)."""
    line_start = text.rfind("\n", 0, nl) + 1
    prev = text[line_start:nl].rstrip()
    if not prev or prev[-1] in _TERMINATORS:
        return True
    return len(prev) < _CONTINUATION_MIN_LINE


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence around text[start:end], leading whitespace dropped."""
    s0 = 0
    for i in range(start - 1, -1, -1):
        ch = text[i]
        if ch in _TERMINATORS or (ch == "\n" and (i == 0 or text[i - 1] != "\n") and _is_hard_break(text, i)):
            s0 = i + 1
            break
        if ch == " " and i > 0 and text[i - 1] == "." and text[i + 1 : i + 2].isupper():
            s0 = i + 1
            break
    s1 = len(text)
    for i in range(end, len(text)):
        ch = text[i]
        if ch in _TERMINATORS:
            s1 = i + 1
            break
        if ch == "\n" and text[i - 1] != "\n" and _is_hard_break(text, i):
            s1 = i
            break
        if ch == "." and text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].isupper():
            s1 = i + 1
            break
    while s0 < s1 and text[s0].isspace():
        s0 += 1
    return s0, s1


def citations_in(sentence: str) -> list[int]:
    """Numbers of the ^[..] markers in a sentence: ^[6-7] -> [6, 7], ^[35,36] -> [35, 36]."""
    out: list[int] = []
    i = sentence.find("^[")
    while i != -1:
        j = sentence.find("]", i)
        for part in sentence[i + 2 : j].split(","):
            lo, _, hi = part.strip().partition("-")
            out.extend(range(int(lo), int(hi or lo) + 1))
        i = sentence.find("^[", j)
    return out


def regimen_drugs(norm: str) -> list[list[str]]:
    """"ipilimumab + nivolumab/pembrolizumab" -> [["ipilimumab"], ["nivolumab", "pembrolizumab"]]."""
    return [pos.split("/") for pos in norm.split(" + ")]


def read_spans(text: str, sections: list[tuple[int, str]]) -> list[dict[str, Any]]:
    path = ANN_DIR / "review.spans.txt"
    spans: list[dict[str, Any]] = []
    anchor_at, anchor = -1, ""
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{lineno}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@ "):
            anchor = unescape(line[2:])
            anchor_at, seen = find_unique(text, anchor, where), {}
            continue
        if anchor_at < 0:
            raise GoldBuildError(f"{where}: span before any '@ anchor' line")
        head, sep, rest = line.partition(" ")
        surface_part, arrow, tail = rest.partition(" => ")
        if not sep or not arrow:
            raise GoldBuildError(f"{where}: expected 'LABEL surface => norm [| json]'")
        label, _, occ_s = head.partition("#")
        if label not in _LABELS:
            raise GoldBuildError(f"{where}: unknown label {label!r} (one of {sorted(_LABELS)})")
        surface = unescape(surface_part)
        norm, _, attrs_s = tail.partition(" | ")
        hits = occurrences(anchor, surface)
        if occ_s:
            occ = int(occ_s)
        else:
            seen[surface] = seen.get(surface, 0) + 1
            occ = seen[surface]
        if not 1 <= occ <= len(hits):
            raise GoldBuildError(f"{where}: {surface!r} occurrence {occ} not in anchor ({len(hits)} found)")
        start = anchor_at + hits[occ - 1]
        attrs: dict[str, Any] = json.loads(attrs_s) if attrs_s else {}
        if label == "REGIMEN" and "drugs" not in attrs:
            attrs["drugs"] = regimen_drugs(norm)
        if label == "TRIAL" and norm.startswith("NCT"):
            attrs.setdefault("registry_id", norm)
        spans.append(
            {
                "label": label, "text": surface, "start": start, "end": start + len(surface),
                "norm": norm, "attrs": attrs, "rule": "gold", "section": section_of(sections, start),
                "_where": where, "_auto": not occ_s, "_hits": len(hits), "_anchor": anchor,
            }
        )
    _check_ambiguous(spans)
    return spans


def _check_ambiguous(spans: list[dict[str, Any]]) -> None:
    """A surface repeated inside its anchor must be placed by #n or annotated at every occurrence."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s in spans:
        groups.setdefault((s["_anchor"], s["text"]), []).append(s)
    for (_, surface), items in groups.items():
        auto = [s for s in items if s["_auto"]]
        if auto and auto[0]["_hits"] > 1 and len(auto) != auto[0]["_hits"]:
            raise GoldBuildError(
                f"{auto[0]['_where']}: {surface!r} occurs {auto[0]['_hits']} times in its "
                f"anchor but is listed {len(auto)} times; give #n explicitly"
            )


def read_records(text: str, sections: list[tuple[int, str]]) -> list[dict[str, Any]]:
    path = ANN_DIR / "review.records.jsonl"
    records: list[dict[str, Any]] = []
    defaults: dict[str, Any] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{lineno}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        obj = json.loads(line)
        if "defaults" in obj:
            defaults = obj["defaults"]
            continue
        item = {**defaults, **obj}
        unknown = set(item) - _RECORD_KEYS
        if unknown:
            raise GoldBuildError(f"{where}: unknown keys {sorted(unknown)}")
        anchor = unescape(item.pop("at"))
        a0 = find_unique(text, anchor, where)
        surface = item.pop("value")
        hits = occurrences(anchor, surface)
        occ = item.pop("occ", None)
        if occ is None and len(hits) != 1:
            raise GoldBuildError(f"{where}: value {surface!r} occurs {len(hits)} times in anchor; give occ")
        occ = occ or 1
        if not 1 <= occ <= len(hits):
            raise GoldBuildError(f"{where}: value {surface!r} occurrence {occ} not in anchor")
        start = a0 + hits[occ - 1]
        end = start + len(surface)
        s0, s1 = sentence_bounds(text, start, end)
        sentence = text[s0:s1]
        item.pop("note", None)
        rec: dict[str, Any] = {"id": item.pop("id"), "endpoint": item.pop("endpoint"), "value": float(surface)}
        if "value_high" in item:
            rec["value_high"] = float(item.pop("value_high"))
        rec.update(item)
        rec.setdefault("citations", citations_in(sentence))
        rec.update(section=section_of(sections, start), sentence=sentence, start=start, end=end, rule="gold")
        records.append(rec)
    _link_pairs(records)
    return records


def _link_pairs(records: list[dict[str, Any]]) -> None:
    """Fill comparator fields in both directions from each 'pair' link."""
    by_id = {r["id"]: r for r in records}
    if len(by_id) != len(records):
        raise GoldBuildError("duplicate record ids in review.records.jsonl")
    for r in records:
        other_id = r.pop("pair", None)
        if other_id is None:
            continue
        other = by_id.get(other_id)
        if other is None:
            raise GoldBuildError(f"record {r['id']}: pair {other_id!r} does not exist")
        for a, b in ((r, other), (other, r)):
            a["comparator_id"] = b["id"]
            a["comparator_value"] = b["value"]
            a.setdefault("comparator", list(b.get("arm", [])))
            if b.get("arm_label") is not None:
                a.setdefault("comparator_label", b["arm_label"])


def build() -> str:
    """The gold JSONL content (one line, newline-terminated) for corpus/review.txt."""
    from extractor.models import Entity, GoldDocument, Record

    raw = (ROOT / SOURCE).read_bytes()
    text = raw.decode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    sections = read_sections(text)
    spans = [
        Entity(**{k: v for k, v in s.items() if not k.startswith("_")})
        for s in sorted(read_spans(text, sections), key=lambda s: (s["start"], -s["end"], s["label"]))
    ]
    records = [Record(**r) for r in read_records(text, sections)]
    doc = GoldDocument(doc_id=sha, source=SOURCE, text_sha256=sha, spans=spans, records=records)
    return json.dumps(doc.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args(argv)
    try:
        content = build()
    except GoldBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == content
        print("gold up to date" if same else f"{OUT} is stale: rebuild it", file=sys.stderr)
        return 0 if same else 1
    OUT.write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
