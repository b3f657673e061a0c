"""Build the gold JSONL files from the hand-written annotation files.

The annotation files under gold/annotations/ are the source of truth; they name
every mention by its surface string inside a unique anchor string, never by raw
offsets. This script finds each surface, computes exact offsets, fills the
derived fields (section, sentence, citations, both directions of a comparison)
and writes one JSONL line per document: the review into gold/review.gold.jsonl, the
held-out articles (written for the gold set, never seen while building the
extractor) into gold/heldout.gold.jsonl, and the second held-out set (a one-time
generalisation measurement) into gold/heldout2.gold.jsonl. It fails loudly (GoldBuildError) when an
anchor is missing or not unique, or a surface cannot be placed unambiguously.

    .venv/bin/python gold/tools/build_gold.py           # write every gold file
    .venv/bin/python gold/tools/build_gold.py --check   # exit 1 if a committed file is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
ANN_DIR = ROOT / "gold" / "annotations"


class GoldSource(NamedTuple):
    """One annotated document: its annotation file prefix, its text, its citation marker."""

    name: str  # gold/annotations/<name>.{sections.tsv,spans.txt,records.jsonl}
    source: str  # path of the text, relative to the repository root
    out: str  # gold/<out>: the JSONL file holding its line
    marker: str  # how a citation opens: "^[" (the review's superscripts) or "["


DOCS = (
    GoldSource("review", "corpus/review.txt", "review.gold.jsonl", "^["),
    GoldSource("heldout_en", "corpus/heldout_en.md", "heldout.gold.jsonl", "["),
    GoldSource("heldout_zh_trad", "corpus/heldout_zh_trad.txt", "heldout.gold.jsonl", "["),
    GoldSource("heldout_zh_news", "corpus/heldout_zh_news.txt", "heldout.gold.jsonl", "["),
    # Second held-out set: scored once to measure generalisation, never used for fixing.
    GoldSource("heldout2_en_abstracts", "corpus/heldout2_en_abstracts.md", "heldout2.gold.jsonl", "["),
    GoldSource("heldout2_zh_review", "corpus/heldout2_zh_review.txt", "heldout2.gold.jsonl", "["),
)
OUTPUTS = tuple(dict.fromkeys(d.out for d in DOCS))
# Kept for callers that predate the held-out documents.
SOURCE = DOCS[0].source
OUT = ROOT / "gold" / DOCS[0].out

# Sentence ends (Chinese full stops); an English ". " before a capital also ends one.
_TERMINATORS = "。！？"
# A line ending with one of these ends its sentence (an English paragraph's last full stop).
_LINE_END_TERMINATORS = _TERMINATORS + ".?!"
# A citation marker's content: 6, 6-7, 35,36 (hyphen or en dash).
_CITATION_BODY = re.compile(r"\d{1,3}(?:\s*[-–,]\s*\d{1,3})*")
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


def place_value(text: str, anchor: str, surface: str, occ: int | None, where: str) -> tuple[int, int]:
    """Offsets of ``surface`` inside the unique ``anchor`` (its ``occ``-th occurrence there)."""
    a0 = find_unique(text, anchor, where)
    hits = occurrences(anchor, surface)
    if occ is None and len(hits) != 1:
        raise GoldBuildError(f"{where}: value {surface!r} occurs {len(hits)} times in anchor; give occ")
    occ = occ or 1
    if not 1 <= occ <= len(hits):
        raise GoldBuildError(f"{where}: value {surface!r} occurrence {occ} not in anchor")
    start = a0 + hits[occ - 1]
    return start, start + len(surface)


def read_sections(text: str, name: str = "review") -> list[tuple[int, str]]:
    """(start, kind) of each section; a section runs to the next one's start."""
    out: list[tuple[int, str]] = [(0, "front_matter")]
    path = ANN_DIR / f"{name}.sections.tsv"
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
    if not prev or prev[-1] in _LINE_END_TERMINATORS:
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


def citations_in(sentence: str, marker: str = "^[") -> list[int]:
    """Numbers of the citation markers in a sentence: ^[6-7] -> [6, 7], [35,36] -> [35, 36].

    Brackets whose content is not a list of numbers and ranges are not citations.
    """
    out: list[int] = []
    i = sentence.find(marker)
    while i != -1:
        j = sentence.find("]", i)
        body = sentence[i + len(marker) : j] if j != -1 else ""
        if _CITATION_BODY.fullmatch(body):
            for part in body.split(","):
                lo, _, hi = part.strip().replace("–", "-").partition("-")
                out.extend(range(int(lo), int(hi or lo) + 1))
        i = sentence.find(marker, i + len(marker))
    return out


def number_value(surface: str) -> float:
    """The float of a number's surface; full-width digits and point (１３．６) read as ASCII."""
    return float(unicodedata.normalize("NFKC", surface))


def regimen_drugs(norm: str) -> list[list[str]]:
    """"ipilimumab + nivolumab/pembrolizumab" -> [["ipilimumab"], ["nivolumab", "pembrolizumab"]]."""
    return [pos.split("/") for pos in norm.split(" + ")]


def read_spans(text: str, sections: list[tuple[int, str]], name: str = "review") -> list[dict[str, Any]]:
    path = ANN_DIR / f"{name}.spans.txt"
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


def read_records(
    text: str, sections: list[tuple[int, str]], name: str = "review", marker: str = "^["
) -> list[dict[str, Any]]:
    path = ANN_DIR / f"{name}.records.jsonl"
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
        surface = item.pop("value")
        start, end = place_value(text, unescape(item.pop("at")), surface, item.pop("occ", None), where)
        s0, s1 = sentence_bounds(text, start, end)
        sentence = text[s0:s1]
        item.pop("note", None)
        rec: dict[str, Any] = {"id": item.pop("id"), "endpoint": item.pop("endpoint"), "value": number_value(surface)}
        if "value_high" in item:
            rec["value_high"] = number_value(item.pop("value_high"))
        rec.update(item)
        rec.setdefault("citations", citations_in(sentence, marker))
        rec.update(section=section_of(sections, start), sentence=sentence, start=start, end=end, rule="gold")
        records.append(rec)
    _link_pairs(records, path.name)
    return records


def _link_pairs(records: list[dict[str, Any]], where: str) -> None:
    """Fill comparator fields in both directions from each 'pair' link."""
    by_id = {r["id"]: r for r in records}
    if len(by_id) != len(records):
        raise GoldBuildError(f"duplicate record ids in {where}")
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


def build_document(doc: GoldSource) -> str:
    """One document's gold JSONL line (newline-terminated)."""
    from extractor.models import Entity, GoldDocument, Record

    raw = (ROOT / doc.source).read_bytes()
    text = raw.decode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    sections = read_sections(text, doc.name)
    spans = [
        Entity(**{k: v for k, v in s.items() if not k.startswith("_")})
        for s in sorted(read_spans(text, sections, doc.name), key=lambda s: (s["start"], -s["end"], s["label"]))
    ]
    records = [Record(**r) for r in read_records(text, sections, doc.name, doc.marker)]
    gold = GoldDocument(doc_id=sha, source=doc.source, text_sha256=sha, spans=spans, records=records)
    return json.dumps(gold.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n"


def build(out: str = DOCS[0].out) -> str:
    """The content of gold/<out>: one line per document written there, in DOCS order."""
    return "".join(build_document(d) for d in DOCS if d.out == out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args(argv)
    try:
        contents = {out: build(out) for out in OUTPUTS}
    except GoldBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        stale = [
            out for out, content in contents.items()
            if not (ROOT / "gold" / out).exists()
            or (ROOT / "gold" / out).read_text(encoding="utf-8") != content
        ]
        for out in stale:
            print(f"gold/{out} is stale: rebuild it", file=sys.stderr)
        if not stale:
            print("gold up to date", file=sys.stderr)
        return 1 if stale else 0
    for out, content in contents.items():
        (ROOT / "gold" / out).write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
