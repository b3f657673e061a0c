"""Build gold/real.gold.jsonl from the hand annotations of the real-text corpus.

Each ``gold/annotations/real/<id>.jsonl`` annotates ``corpus/real/<id>.txt`` (rules in
gold/GUIDELINES.md section 8): a header line (source URL, query, language, kind, cancer, the
sets of drugs and trials) and one line per record, placed by a unique anchor and the
number's surface inside it. The build re-reads every value from the text and fails loudly
on a missing or repeated anchor, an unknown key or endpoint, or a value that is not there.

    .venv/bin/python gold/tools/build_real.py             # write gold/real.gold.jsonl
    .venv/bin/python gold/tools/build_real.py --check     # exit 1 if the committed file is stale
    .venv/bin/python gold/tools/build_real.py --doc en_001  # validate one document, print a summary
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_gold import (  # noqa: E402
    GoldBuildError,
    _link_pairs,
    citations_in,
    number_value,
    place_value,
    sentence_bounds,
)

ROOT = Path(__file__).resolve().parents[2]
ANN = ROOT / "gold" / "annotations" / "real"
CORPUS = ROOT / "corpus" / "real"
OUT = ROOT / "gold" / "real.gold.jsonl"

HEADER_KEYS = {"doc", "url", "query", "lang", "script", "kind", "cancer", "drugs", "trials", "note"}
RECORD_KEYS = {
    "id", "at", "value", "occ", "number", "value_high", "endpoint", "unit", "timepoint",
    "grade", "arm", "arm_label", "pair", "comparator", "comparator_label", "trial",
    "criterion", "ci_low", "ci_high", "ci_level", "p_value", "p_operator", "n", "line",
    "population", "note",
}
ENDPOINTS = {
    "mOS", "mPFS", "mTTP", "mDOR", "DOR", "ORR", "DCR", "CR_rate", "PR_rate", "SD_rate",
    "n_CR", "n_PR", "n_SD", "n_response", "HR", "risk_reduction", "OS_rate", "PFS_rate",
    "AE_rate", "median_follow_up", "n_patients", "mDFS", "mEFS", "mRFS", "DFS_rate",
    "EFS_rate", "RFS_rate", "pCR_rate", "MPR_rate", "CBR", "OR", "RR",
}
UNITS = {"month", "week", "year", "day", "%", "patients", None}


def doc_ids() -> list[str]:
    return sorted(p.stem for p in ANN.glob("*.jsonl"))


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            try:
                out.append((lineno, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise GoldBuildError(f"{path.name}:{lineno}: not JSON ({exc.msg})") from exc
    return out


def read_header(doc: str) -> dict[str, Any]:
    path = ANN / f"{doc}.jsonl"
    lines = _lines(path)
    if not lines:
        raise GoldBuildError(f"{path.name}: empty")
    lineno, head = lines[0]
    where = f"{path.name}:{lineno}"
    if head.get("doc") != doc:
        raise GoldBuildError(f"{where}: the first line must be the header with \"doc\": {doc!r}")
    _check_keys(head, HEADER_KEYS, ("url", "lang", "drugs", "trials"), where, "header")
    return head


def _check_keys(obj: dict[str, Any], allowed: set[str], required: tuple[str, ...], where: str, what: str) -> None:
    unknown = set(obj) - allowed
    if unknown:
        raise GoldBuildError(f"{where}: unknown {what} keys {sorted(unknown)}")
    for key in required:
        if key not in obj:
            raise GoldBuildError(f"{where}: {what} lacks {key!r}")


def read_records(doc: str, text: str) -> list[dict[str, Any]]:
    path = ANN / f"{doc}.jsonl"
    records: list[dict[str, Any]] = []
    for lineno, item in _lines(path)[1:]:
        where = f"{path.name}:{lineno}"
        _check_keys(item, RECORD_KEYS, ("id", "at", "value", "endpoint"), where, "record")
        if item["endpoint"] not in ENDPOINTS:
            raise GoldBuildError(f"{where}: unknown endpoint {item['endpoint']!r}")
        if item.get("unit") not in UNITS:
            raise GoldBuildError(f"{where}: unknown unit {item.get('unit')!r}")
        surface = item.pop("value")
        start, end = place_value(text, item.pop("at"), surface, item.pop("occ", None), where)
        number = item.pop("number", None)
        if number is None:
            try:
                number = number_value(surface)
            except ValueError as exc:
                raise GoldBuildError(f"{where}: value {surface!r} is not a plain number; give \"number\"") from exc
        s0, s1 = sentence_bounds(text, start, end)
        sentence = text[s0:s1]
        item.pop("note", None)
        rec: dict[str, Any] = {"id": item.pop("id"), "endpoint": item.pop("endpoint"), "value": float(number)}
        if "value_high" in item:
            rec["value_high"] = float(item.pop("value_high"))
        rec.update(item)
        rec.setdefault("citations", citations_in(sentence, "["))
        rec.update(sentence=sentence, start=start, end=end, rule="gold")
        records.append(rec)
    _link_pairs(records, path.name)
    return records


def build_document(doc: str) -> str:
    from extractor.models import GoldDocument, Record

    src = CORPUS / f"{doc}.txt"
    if not src.exists():
        raise GoldBuildError(f"{doc}: no text at {src.relative_to(ROOT)}")
    raw = src.read_bytes()
    text = raw.decode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    head = read_header(doc)
    records = [Record(**r) for r in read_records(doc, text)]
    gold = GoldDocument(
        doc_id=sha, source=str(src.relative_to(ROOT)), text_sha256=sha, spans=[], records=records,
        drug_set=sorted({d.strip().lower() for d in head["drugs"]}),
        trial_set=sorted({t.strip() for t in head["trials"]}),
    )
    return json.dumps(gold.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n"


def build() -> str:
    return "".join(build_document(d) for d in doc_ids())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    parser.add_argument("--doc", help="validate one document and print its records")
    args = parser.parse_args(argv)
    try:
        if args.doc:
            line = json.loads(build_document(args.doc))
            for r in line["records"]:
                arm = "+".join(r.get("arm", [])) or r.get("arm_label", "")
                print(f"{r['id']:<16} {r['endpoint']:<14} {r['value']:<8g} {r.get('unit') or '':<9} {arm}")
            print(f"{args.doc}: {len(line['records'])} records, drugs {line['drug_set']}, "
                  f"trials {line['trial_set']}", file=sys.stderr)
            return 0
        content = build()
    except GoldBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != content:
            print("gold/real.gold.jsonl is stale: rebuild it", file=sys.stderr)
            return 1
        print("gold/real.gold.jsonl up to date", file=sys.stderr)
        return 0
    OUT.write_text(content, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(doc_ids())} documents)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
