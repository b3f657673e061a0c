"""The on-disk cache of compiled patterns (extractor.pattern_cache): a pattern replayed from
it is the pattern the engine compiles, and the commands' output does not depend on it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from extractor import pattern_cache
from extractor.entities import matchers
from extractor.measure import lexicon as lx
from extractor.measure.tokens import _master

ROOT = Path(__file__).resolve().parent.parent


# Only patterns compiled by the package's own code are kept: these compile as if from it.
_AS_EXTRACTOR = {"__name__": "extractor.test_compile", "re": re, "regex": regex}


def _fresh_re(source: str, flags: int = 0) -> re.Pattern[str]:
    re.purge()
    return eval("re.compile(source, flags)", {**_AS_EXTRACTOR, "source": source, "flags": flags})  # noqa: S307


def _fresh_regex(source: str) -> regex.Pattern[str]:
    regex.purge()
    pattern_cache._regex_memo.clear()
    return eval("regex.compile(source)", {**_AS_EXTRACTOR, "source": source})  # noqa: S307


Hits = list[tuple[tuple[int, int], tuple[str | None, ...]]]


def _hits(pattern: re.Pattern[str] | regex.Pattern[str], text: str) -> Hits:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def cache() -> pattern_cache._Cache:
    pattern_cache.install()
    assert pattern_cache._cache is not None, "the hooks install on this Python"
    return pattern_cache._cache


def _real_patterns() -> list[tuple[str, str, int]]:
    """(engine, source, flags) of the largest patterns the pipeline compiles, and some
    small ones with the features the engines encode specially."""
    m = matchers()
    out = [
        ("re", m.classes.pattern.plain.pattern, 0),
        ("re", m.classes.pattern.plain.pattern, re.IGNORECASE),
        ("re", m.trials.programs.plain.pattern, 0),
        ("re", m.drugs.zh_morph.pattern, 0),
        ("re", _master().pattern, 0),
        ("regex", lx.compile_alt([s for e in lx.endpoints() for ss in e.surfaces.values() for s in ss]).pattern, 0),
    ]
    for source in (r"(?P<a>\d+)\s?(?:%|个月)(?!\d)", r"(?i:hazard\s+ratio)|HR(?=[\s=])", r"(?<![A-Za-z])(\w+)-\1",
                   r"(?x) [一-龥]{2,4} \s* (?:组|臂)", r"(?s)\((?P<inner>[^()]{0,60})\)"):
        out += [("re", source, 0), ("re", source, re.IGNORECASE), ("regex", source, 0)]
    return out


def test_a_replayed_pattern_is_the_compiled_one(cache: pattern_cache._Cache, review_text: str) -> None:
    texts = [review_text, review_text.lower(), "HR=0.63; 10.6个月 vs 7.8个月 (anti-PD-1, KEYNOTE-181) 试验组"]
    for engine, source, flags in _real_patterns():
        key = ("re", source, flags | re.UNICODE) if engine == "re" else ("regex", source, flags, int(regex.DEFAULT_VERSION))
        cache.entries.pop(key, None)
        compiled = _fresh_re(source, flags) if engine == "re" else _fresh_regex(source)
        assert key in cache.entries, (engine, source[:60])  # recorded by a real compile
        replayed = _fresh_re(source, flags) if engine == "re" else _fresh_regex(source)
        assert replayed is not compiled
        assert (replayed.pattern, replayed.flags, replayed.groups, replayed.groupindex) == \
            (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
        for text in texts:
            assert _hits(replayed, text) == _hits(compiled, text), (engine, source[:60])


def test_the_output_does_not_depend_on_the_cache(tmp_path: Path) -> None:
    """Build the cache, use it, then run without it: the same bytes every time; the second
    run compiles none of the package's patterns."""
    script = (
        "import sys\n"
        "from extractor import pattern_cache\n"
        "from extractor.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "c = pattern_cache._cache\n"
        "print(c.code_hits if c else -1, c.code_misses if c else -1, file=sys.stderr)\n"
        "print(c.hits if c else -1, c.misses if c else -1, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "EXTRACTOR_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("EXTRACTOR_NO_CACHE", None)
    outputs, counts, code_counts = [], [], []
    for k, extra in enumerate(({}, {}, {"EXTRACTOR_NO_CACHE": "1"})):
        out = tmp_path / f"run{k}.json"
        proc = subprocess.run([sys.executable, "-c", script, "extract", str(ROOT / "corpus" / "review.txt"),
                               "--format", "json", "-o", str(out)],
                              env={**env, **extra}, capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
        outputs.append(out.read_bytes())
        counts.append(tuple(int(x) for x in proc.stderr.split()[-2:]))
        code_counts.append(tuple(int(x) for x in proc.stderr.split()[-4:-2]))
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["records"]
    (first_hits, first_misses), (hits, misses), off = counts
    assert first_hits == 0 and first_misses > 150
    # what still misses: patterns compiled before the cache is installed, and tokenize's
    assert hits > 150 and misses < first_misses / 5
    assert off == (-1, -1)
    # the code dataclasses and typing compile from source text: all of it kept (a forward
    # reference repeated within the first run is found there already)
    (_, first_code_misses), (code_hits, code_misses), code_off = code_counts
    assert first_code_misses > 300 and code_hits > 1000 and code_misses == 0, code_counts
    assert code_off == (-1, -1)
    assert list((tmp_path / "cache").glob("patterns-*.marshal"))
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_a_damaged_or_foreign_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "patterns-x.marshal"
    header = ("test", 1)
    path.write_bytes(b"not marshal data at all")
    assert pattern_cache._Cache(path, header).entries == {}
    other = pattern_cache._Cache(path, ("another python", 1))
    other.put(("re", "a+", 0), ("a+", 32, [1, 2, 3], 0, {}, (None,)), seconds=1.0)
    other.save()
    assert pattern_cache._Cache(path, ("another python", 1)).entries  # its own header reads back
    assert pattern_cache._Cache(path, header).entries == {}  # anyone else's is not used


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    c = pattern_cache._Cache(blocker / "sub" / "patterns-x.marshal", ("h",))
    c.put(("re", "a+", 0), ("a+", 32, [1], 0, {}, (None,)), seconds=1.0)
    c.save()  # no exception, nothing written
    assert blocker.read_text() == "x"


def test_the_file_stays_bounded(tmp_path: Path) -> None:
    """Patterns a document defines for itself are many over a long life: an entry no run
    used in the last KEEP_SAVES writes goes, and past MAX_ENTRIES a write keeps only what
    its run used."""
    path = tmp_path / "patterns-x.marshal"
    c = pattern_cache._Cache(path, ("h",))
    c.put(("re", "once", 0), ("once", 32, [1], 0, {}, (None,)), seconds=1.0)
    c.save()
    for k in range(pattern_cache.KEEP_SAVES):
        c = pattern_cache._Cache(path, ("h",))
        assert ("re", "once", 0) in c.entries, k
        c.put(("re", f"other{k}", 0), ("x", 32, [1], 0, {}, (None,)), seconds=1.0)
        c.save()
    assert ("re", "once", 0) not in pattern_cache._Cache(path, ("h",)).entries
    c = pattern_cache._Cache(path, ("h",))
    for i in range(pattern_cache.MAX_ENTRIES + 10):
        c.entries[("re", f"old{i}", 0)] = ("x",)
        c.last_used[("re", f"old{i}", 0)] = c.saves
    c.put(("re", "new", 0), ("new", 32, [1], 0, {}, (None,)), seconds=1.0)
    c.save()
    assert list(pattern_cache._Cache(path, ("h",)).entries) == [("re", "new", 0)]


def test_patterns_of_other_code_are_kept_but_not_tokenizes(cache: pattern_cache._Cache) -> None:
    """Libraries' patterns (dataclasses, fractions, platform) are kept like the package's;
    the standard library's tokenize builds one from a set (its text changes with the hash
    seed): a pattern compiled by a module in _VARYING is not kept."""
    source = "(?:" + "|".join(sorted({"zz-not-ours-1", "zz-not-ours-2"})) + ")"
    re.purge()
    eval("__import__('re').compile(source)", {"__name__": "tokenize", "source": source})  # noqa: S307
    assert ("re", source, re.UNICODE) not in cache.entries
    re.purge()
    eval("__import__('re').compile(source)", {"__name__": "somebody_else", "source": source})  # noqa: S307
    assert ("re", source, re.UNICODE) in cache.entries
    cache.entries.pop(("re", source, re.UNICODE))
    _fresh_re(source)
    assert ("re", source, re.UNICODE) in cache.entries


def test_text_whose_lowering_changes_length_uses_the_case_insensitive_patterns() -> None:
    """"İ" lowers to two characters, so the matchers search the text itself with the
    case-insensitive patterns (compiled on first need): the same entities as without it."""
    from extractor.entities import find_entities_in_text

    text = "İstanbul cohort: PEMBROLIZUMAB, a PD-1 Inhibitor, and anti-PD-L1 antibodies; KEYNOTE-181 trial."
    found = [(e.label, e.text, e.norm, e.rule) for e in find_entities_in_text(text)]
    assert found == [
        ("DRUG", "PEMBROLIZUMAB", "pembrolizumab", "drug.lexicon"),
        ("DRUG_CLASS", "PD-1 Inhibitor", "anti-PD-1", "class.compose"),
        ("DRUG_CLASS", "anti-PD-L1 antibodies", "anti-PD-L1", "class.compose"),
        ("TRIAL", "KEYNOTE-181", "KEYNOTE-181", "trial.lexicon"),
    ]
    plain = [(e.label, e.text, e.norm, e.rule) for e in find_entities_in_text(text.replace("İ", "I"))]
    assert plain == found


def test_cached_build_builds_once_per_content(cache: pattern_cache._Cache, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    assert pattern_cache.cached_build("thing", [b"data v1", "code"], build) == {"built": 1}
    assert pattern_cache.cached_build("thing", [b"data v1", "code"], build) == {"built": 1}
    assert len(calls) == 1
    # another content: built again, and the file of the old one goes
    assert pattern_cache.cached_build("thing", [b"data v2", "code"], build) == {"built": 2}
    assert len(list(tmp_path.glob("thing-*.pickle"))) == 1
    # a damaged file is built again
    (only,) = tmp_path.glob("thing-*.pickle")
    only.write_bytes(b"\x80garbage")
    assert pattern_cache.cached_build("thing", [b"data v2", "code"], build) == {"built": 3}


def test_the_kept_lexicon_and_character_map_are_the_built_ones(cache: pattern_cache._Cache) -> None:
    from extractor.lexicon import _load_lexicon, load_lexicon
    from extractor.normalize import _charmap, _tables
    from extractor import resources as res

    load_lexicon.cache_clear()
    kept = load_lexicon()
    assert kept == _load_lexicon(frozenset())
    assert len(kept.drugs) > 400 and len(kept.trials) > 400
    assert _tables()[0] == _charmap(res.read_json("normalize.json"))


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXTRACTOR_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda p: p)  # no HOME, no password entry
    assert pattern_cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert pattern_cache.cache_dir() == Path("/somewhere/extractor")


def test_a_long_running_process_holds_a_bounded_number_of_entries(tmp_path: Path) -> None:
    c = pattern_cache._Cache(tmp_path / "patterns-x.marshal", ("h",))
    for i in range(2 * pattern_cache.MAX_ENTRIES + 50):
        c.put(("re", f"doc{i}", 0), (f"doc{i}", 32, [1], 0, {}, (None,)), seconds=0.001)
    assert len(c.entries) == 2 * pattern_cache.MAX_ENTRIES


def test_generated_code_from_the_cache_is_what_the_builtins_compile(cache: pattern_cache._Cache) -> None:
    """dataclasses' methods and typing's forward references compile through the cache: the
    code kept (marshalled) is the code the builtin compiles, and a second compile of the
    same source is served from it."""
    import dataclasses
    import marshal
    import typing

    assert dataclasses.exec is not exec and typing.compile is not compile  # type: ignore[attr-defined]

    def make() -> type:
        return dataclasses.make_dataclass("Arm", [("name", str), ("n", int, dataclasses.field(default=0))],
                                          frozen=True, order=True)  # fmt: skip

    hits = cache.code_hits
    first, second = make(), make()
    assert cache.code_hits >= hits + 5  # __init__, __repr__, __eq__, the order methods, __setattr__, ...
    assert first("a", 2) < first("b", 1) and repr(second("x")) == "Arm(name='x', n=0)"
    kept = [(k, v) for k, v in cache.entries.items() if k[0] == "code" and "__create_fn__" in k[1]]
    assert len(kept) > 5
    for (_, source, filename, mode, flags), (data,) in kept[-20:]:
        assert marshal.loads(data) == compile(source, filename, mode, flags, True)

    ref = typing.ForwardRef("dict[str, list[int]] | None")
    assert ref.__forward_code__ == compile("dict[str, list[int]] | None", "<string>", "eval", 0, True)
    assert typing.ForwardRef("dict[str, list[int]] | None").__forward_code__ == ref.__forward_code__
    with pytest.raises(SyntaxError):
        typing.ForwardRef("not an expression (")


def test_generated_code_keeps_the_callers_future_flags(cache: pattern_cache._Cache) -> None:
    """exec() and compile() of source text inherit the calling frame's future imports: so do
    the stand-ins, and code compiled under other flags is another entry."""
    import dataclasses

    source = "def f(x: int) -> str:\n    return str(x)\n"
    plain: dict[str, object] = {}
    dataclasses.exec(source, {}, plain)  # type: ignore[attr-defined]  # this module: annotations future
    caller: dict[str, object] = {"run": dataclasses.exec, "source": source, "ns": {}}  # type: ignore[attr-defined]
    exec(compile("run(source, {}, ns)", "<caller>", "exec", 0, True), caller)  # a frame without it
    assert plain["f"].__annotations__ == {"x": "int", "return": "str"}  # type: ignore[attr-defined]
    assert caller["ns"]["f"].__annotations__ == {"x": int, "return": str}  # type: ignore[index]
    flags = {k[4] for k in cache.entries if k[0] == "code" and k[1] == source}
    assert len(flags) == 2


def test_the_kept_matchers_are_the_built_ones_and_share_the_lexicons_entries(
        cache: pattern_cache._Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, review_text: str) -> None:
    """The entity matchers come from disk as they were built, referring to the very entries
    load_lexicon() returns (not copies); their automata are built again and find the same."""
    from extractor import entities
    from extractor.entities import _build, find_entities_in_text
    from extractor.lexicon import load_lexicon

    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path))
    load_lexicon.cache_clear()
    built = []
    for _ in range(2):
        entities.matchers.cache_clear()
        built.append(entities.matchers())
    assert len(list(tmp_path.glob("matchers-*.pickle"))) == 1
    fresh, kept = _build(load_lexicon()), built[1]
    assert kept is not built[0]
    lex = load_lexicon()
    entry = next(iter(kept.drugs.by_folded.values()))
    assert any(entry is d for d in lex.drugs)
    assert kept.trials.pat is lex.trial_patterns
    assert kept.drugs.by_folded == fresh.drugs.by_folded and kept.trials.by_key == fresh.trials.by_key
    assert kept.drugs.folded.words == fresh.drugs.folded.words
    assert kept.classes.pattern.plain.pattern == fresh.classes.pattern.plain.pattern
    text = review_text.lower()
    assert list(kept.drugs.folded.ac.find_matches_as_indexes(text)) == \
        list(fresh.drugs.folded.ac.find_matches_as_indexes(text))  # fmt: skip
    with_kept = [(e.start, e.end, e.label, e.norm, e.rule) for e in find_entities_in_text(review_text[:20000])]
    entities.matchers.cache_clear()
    monkeypatch.setattr(pattern_cache, "_cache", None)  # no cache: built in process
    assert [(e.start, e.end, e.label, e.norm, e.rule) for e in find_entities_in_text(review_text[:20000])] == with_kept
    entities.matchers.cache_clear()


def test_the_kept_measure_data_and_alternations_are_the_built_ones(
        cache: pattern_cache._Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The measurement stage's parsed data files and the alternations built from them come
    from disk as they were built; a memo is written when it grew and read back."""
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path))
    loaders = (lx._adverse_events, lx.endpoints, lx.units, lx.cues)
    for f in (*loaders, lx._alt_memo):
        f.cache_clear()
    monkeypatch.setattr(pattern_cache, "_memos", [])
    first = [f() for f in loaders]
    surfaces = [s for e in lx.endpoints() for ss in e.surfaces.values() for s in ss]
    alt = lx.surface_alt(surfaces)
    assert alt == lx._surface_alt(surfaces)
    pattern_cache.save()
    assert len(list(tmp_path.glob("measure-*.pickle"))) == 4
    assert len(list(tmp_path.glob("alternations-*.marshal"))) == 1
    for f in (*loaders, lx._alt_memo):
        f.cache_clear()
    kept = [f() for f in loaders]
    assert kept == first and all(a is not b for a, b in zip(kept, first))
    assert kept == [lx.AdverseEvents.model_validate(json.loads((ROOT / "patterns" / "adverse_events.json").read_text())),
                    lx._endpoints(), lx._units(), lx._cues()]  # fmt: skip
    memo = lx._alt_memo()
    assert memo is not None and memo[tuple(surfaces)] == alt
    for key, value in memo.items():
        assert lx._surface_alt(list(key)) == value
    for f in (*loaders, lx._alt_memo):
        f.cache_clear()
