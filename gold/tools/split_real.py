"""List the real-text corpus in gold/sources.json, each text in its split.

The split is drawn once (``--draw``), at random with a recorded seed, stratified by language
(the same number of English and Chinese texts in the test split), over every text in
corpus/real/ before any rule is written against the corpus, and frozen in
gold/real_split.json. Texts added later go to dev unless that file is edited by hand (a text
the test split revealed problems in moves to dev with a note; a fresh one replaces it).
Provenance (URL, query, language, kind, cancer) is copied from each annotation's header;
only annotated texts are listed.

    .venv/bin/python gold/tools/split_real.py --draw     # once: write gold/real_split.json
    .venv/bin/python gold/tools/split_real.py            # update gold/sources.json
    .venv/bin/python gold/tools/split_real.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_real import CORPUS, ROOT, doc_ids, read_header  # noqa: E402

SEED = 20261129
TEST_PER_LANGUAGE = 14
SOURCES = ROOT / "gold" / "sources.json"
SPLIT = ROOT / "gold" / "real_split.json"
PROVENANCE = ("url", "query", "lang", "script", "kind", "cancer")


def draw(ids: list[str], seed: int = SEED, per_language: int = TEST_PER_LANGUAGE) -> set[str]:
    """The test split: ``per_language`` ids drawn from each language's sorted ids."""
    rng = random.Random(seed)
    test: set[str] = set()
    for prefix in ("en_", "zh_"):
        pool = sorted(i for i in ids if i.startswith(prefix))
        test.update(rng.sample(pool, min(per_language, len(pool))))
    return test


def write_split() -> None:
    if SPLIT.exists():
        raise SystemExit(f"{SPLIT.relative_to(ROOT)} exists: the split is drawn once")
    ids = sorted(p.stem for p in CORPUS.glob("*.txt"))
    data = {"seed": SEED, "test_per_language": TEST_PER_LANGUAGE, "drawn_from": ids,
            "test": sorted(draw(ids))}
    SPLIT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def entries(existing: list[dict[str, object]]) -> list[dict[str, object]]:
    test = set(json.loads(SPLIT.read_text(encoding="utf-8"))["test"])
    out: list[dict[str, object]] = [e for e in existing if "split" not in e]
    for doc in doc_ids():
        head = read_header(doc)
        raw = (CORPUS / f"{doc}.txt").read_bytes()
        split = "test" if doc in test else "dev"
        item: dict[str, object] = {"source": f"corpus/real/{doc}.txt",
                                   "gold_doc_id": hashlib.sha256(raw).hexdigest(), "split": split}
        item.update({k: head[k] for k in PROVENANCE if k in head})
        out.append(item)
    return out


def render(items: list[dict[str, object]]) -> str:
    return "[\n" + ",\n".join(" " + json.dumps(i, ensure_ascii=False) for i in items) + "\n]\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--draw", action="store_true", help="draw the split once")
    args = parser.parse_args(argv)
    if args.draw:
        write_split()
        return 0
    content = render(entries(json.loads(SOURCES.read_text(encoding="utf-8"))))
    if args.check:
        stale = SOURCES.read_text(encoding="utf-8") != content
        print("gold/sources.json is stale" if stale else "gold/sources.json up to date", file=sys.stderr)
        return 1 if stale else 0
    SOURCES.write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
