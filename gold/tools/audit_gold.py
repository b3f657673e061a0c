"""Second-pass aid: list places the gold may have missed, for a human to decide.

Prints every occurrence (case-insensitive) of an annotated surface that no gold
span with that surface covers, and every number in the body that no gold record
grounds. It decides nothing: each line is a question for the annotator, whose
answer (annotate, or leave out under a GUIDELINES rule) goes into the
annotation files.

    .venv/bin/python gold/tools/audit_gold.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    text = (ROOT / "corpus" / "review.txt").read_text(encoding="utf-8")
    doc = json.loads((ROOT / "gold" / "review.gold.jsonl").read_text(encoding="utf-8"))
    spans = doc["spans"]
    covered = {(s["text"].casefold(), s["start"]) for s in spans}
    low = text.casefold()
    for surface in sorted({s["text"].casefold() for s in spans}):
        for m in re.finditer(re.escape(surface), low):
            inside = any(x["start"] <= m.start() and m.end() <= x["end"] for x in spans)
            if (surface, m.start()) not in covered and not inside:
                ctx = text[max(0, m.start() - 25) : m.end() + 25].replace("\n", "⏎")
                print(f"span? {surface!r} @{m.start()}: …{ctx}…")
    grounded = {(r["start"], r["end"]) for r in doc["records"]}
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_gold import read_sections  # the same section map the gold uses

    bounds = read_sections(text) + [(len(text), "end")]
    body = [(a, b) for (a, kind), (b, _) in zip(bounds, bounds[1:]) if kind == "body"]
    lo, hi = min(a for a, _ in body), max(b for _, b in body)
    for m in re.finditer(r"\d+(?:\.\d+)?", text[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        if (a, b) not in grounded:
            ctx = text[max(0, a - 15) : b + 15].replace("\n", "⏎")
            print(f"record? {m.group()!r} @{a}: …{ctx}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
