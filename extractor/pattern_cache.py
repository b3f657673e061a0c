"""Compiled regular expressions kept on disk between runs of the command line.

Building the entity and measurement matchers compiles about 220 regular expressions, a
few of them alternations of thousands of surfaces: about a third of an ``extract`` of a
text article, all of it in the pure-Python parsers and code generators of ``re`` and
``regex``. Both engines end in one C call that takes the finished program as plain data
(``_sre.compile`` for ``re``; ``_regex.compile`` for ``regex``, which is also how a
``regex`` pattern unpickles). This module records that call's arguments the first time a
pattern is compiled and, on later runs, makes the same call directly: the Pattern is the
one the parser would have built (same program, groups and flags), without the parse.

The file's name hashes everything a program depends on besides the pattern text and flags
(the Python build, the engine versions); an entry that cannot be replayed falls back to
an ordinary compile, and a cache that cannot be read or written is simply not used. Only
the command line ``install()``s it (once its arguments are parsed, so ``--help`` does not
pay for it), and the batch's fork server; importing ``extractor`` changes nothing. Patterns compiled in such a
process by other code (the libraries it imports) are kept too, except a few known to vary. ``EXTRACTOR_CACHE_DIR`` moves the folder (default: ``$XDG_CACHE_HOME/extractor``
or ``~/.cache/extractor``); ``EXTRACTOR_NO_CACHE=1`` turns it off.

It also keeps the code objects two standard modules compile from source at run time:
``dataclasses`` makes every method of every dataclass (``__init__``, ``__repr__``,
``__eq__``, ...: ~310 in a run, pydantic's and annotated_types' included) by ``exec`` of
generated source text, and ``typing.ForwardRef`` compiles each string annotation (~1,050,
most from pydantic_core's schema TypedDicts): 28 ms of compiling in an ``extract`` of a
text. A code object depends only on its source, file name, mode, the future flags it is
compiled with and the Python build; it is stored marshalled, as in a ``.pyc`` file.

``cached_build`` keeps two more start-up products the same way, pickled: the validated
entity lexicon and the normalization character map, each under a hash of everything it is
built from (the data files, the source of the code that builds it, library versions).
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from extractor.pattern_hooks import hook_code, hook_re, hook_regex

# pickle's C module: pickle.py itself (~1 ms to import) is not needed, and nothing else in
# an extract imports it.
try:
    import _pickle as pickle
except ImportError:  # another Python
    import pickle  # type: ignore[no-redef]

T = TypeVar("T")
_PROTOCOL = 5  # pickle's highest (_pickle does not name it)

# A document may add patterns of its own (the shorthands it defines): an entry no run used
# in the last KEEP_SAVES writes of the file goes, and past MAX_ENTRIES the file keeps only
# what the last run used, so it cannot grow without bound.
KEEP_SAVES = 10
MAX_ENTRIES = 4000  # ~1,600 of a run's own: patterns and generated code
# The file is rewritten only when this run compiled at least this much anew: a pattern whose
# text changes from run to run (a standard library one built from a set) must not make every
# run write the file.
SAVE_AFTER_SECONDS = 0.005
_FORMAT = 2  # of the file's contents

_lock = threading.Lock()
_cache: _Cache | None = None
# Patterns ``regex`` compiled or replayed in this process: its own cache sits behind the hook.
_regex_memo: dict[tuple[Any, ...], Any] = {}


class _Cache:
    def __init__(self, path: Path, header: tuple[Any, ...]) -> None:
        self.path = path
        self.header = header
        self.entries: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.last_used: dict[tuple[Any, ...], int] = {}  # entry -> the save that last saw it used
        self.saves = 0
        self.used: set[tuple[Any, ...]] = set()
        self.new_seconds = 0.0  # compile time of the entries this run added
        self.hits = self.misses = 0  # of patterns
        self.code_hits = self.code_misses = 0  # of generated code (_hook_code)
        try:
            # loads of the bytes, not load of the file: marshal reads a file object in
            # small pieces, one per object (7 ms for this file, against 1 ms)
            with open(path, "rb") as fh:
                head, saves, entries, last_used = marshal.loads(fh.read())
            if head == header and isinstance(entries, dict) and isinstance(last_used, dict):
                self.entries, self.last_used, self.saves = entries, last_used, int(saves)
        except (OSError, EOFError, ValueError, TypeError):
            pass

    def get(self, key: tuple[Any, ...]) -> tuple[Any, ...] | None:
        args = self.entries.get(key)
        code = key[0] == "code"
        if args is not None:
            self.used.add(key)
            if code:
                self.code_hits += 1
            else:
                self.hits += 1
        elif code:
            self.code_misses += 1
        else:
            self.misses += 1
        return args

    def put(self, key: tuple[Any, ...], args: tuple[Any, ...], seconds: float) -> None:
        if len(self.entries) >= 2 * MAX_ENTRIES:
            # a long batch worker compiles each document's own patterns: do not hold them all
            return
        try:
            plain = _plain(args)
        except TypeError:
            return
        with _lock:
            self.entries[key] = plain
            self.used.add(key)
            self.new_seconds += seconds

    def save(self) -> None:
        """Write the file if this run compiled anything new: to a private temporary file
        first, renamed over the old one, so a reader never sees half a file and two
        processes saving at once leave one complete file."""
        with _lock:
            if self.new_seconds < SAVE_AFTER_SECONDS:
                return
            self.saves += 1
            for key in self.used:
                self.last_used[key] = self.saves
            keep = {k for k in self.entries if self.last_used.get(k, 0) > self.saves - KEEP_SAVES}
            if len(keep) > MAX_ENTRIES:
                keep = self.used & keep
            entries = {k: v for k, v in self.entries.items() if k in keep}
            last_used = {k: n for k, n in self.last_used.items() if k in keep}
            data = marshal.dumps((self.header, self.saves, entries, last_used))
            self.new_seconds = 0.0
        _write_atomic(self.path, lambda fh: fh.write(data))


def _write_atomic(path: Path, write: Callable[[BinaryIO], object], stale: str | None = None,
                  errors: tuple[type[BaseException], ...] = (OSError,)) -> None:
    """Write ``path`` through a temporary file renamed over it (two processes may save at once), then
    remove the files ``stale`` matches beside it (earlier versions); on ``errors`` keep nothing."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        for old in path.parent.glob(stale) if stale else ():
            if old != path:
                old.unlink(missing_ok=True)
    except errors:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _plain(obj: Any) -> Any:
    """``obj`` with only the builtin types marshal writes (re's opcodes are int subclasses)."""
    t = type(obj)
    if obj is None or t in (bool, float, bytes):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, (list, tuple)):
        items = [_plain(x) for x in obj]
        return items if isinstance(obj, list) else tuple(items)
    if isinstance(obj, dict):
        return {_plain(k): _plain(v) for k, v in obj.items()}
    raise TypeError(t.__name__)


def cache_dir() -> Path | None:
    """The cache folder, or None when there is no home folder to put it in."""
    folder = os.environ.get("EXTRACTOR_CACHE_DIR")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no HOME and no password entry: not a folder in the cwd
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "extractor"


def install() -> None:
    """Serve ``re`` and ``regex`` compiles of this process from the cache (idempotent)."""
    global _cache
    if _cache is not None or os.environ.get("EXTRACTOR_NO_CACHE", "") not in ("", "0"):
        return
    try:
        import _sre
        import re._compiler as re_compiler

        import regex
        import regex._main as regex_main
        import regex._regex as _regex
    except ImportError:  # another Python's internals: compile the ordinary way
        return
    if not (hasattr(re_compiler, "compile") and hasattr(regex_main, "_compile")):
        return
    header = (_FORMAT, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE,
              regex.__version__, getattr(_regex, "MAGIC", None))  # fmt: skip
    folder = cache_dir()
    if folder is None:
        return
    digest = hashlib.sha256(repr(header).encode()).hexdigest()[:16]
    _cache = cache = _Cache(folder / f"patterns-{digest}.marshal", header)
    hook_re(cache, re_compiler, _sre)
    hook_regex(cache, regex, regex_main, _regex, _regex_memo, MAX_ENTRIES)
    hook_code(cache)
    atexit.register(save)


def save() -> None:
    """Write what this process compiled for the first time (also runs at exit)."""
    if _cache is not None:
        _cache.save()
    for memo in _memos:
        memo.save()


# A kept memo stops growing here: its keys are meant to come from the pattern files, not
# from documents.
MEMO_MAX = 5000
_memos: list[_Memo] = []


class _Memo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[Any, Any] = {}
        try:
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())
            if isinstance(data, dict):
                self.data = data
        except (OSError, EOFError, ValueError, TypeError):
            pass
        self.saved = len(self.data)

    def save(self) -> None:
        with _lock:
            if len(self.data) == self.saved or len(self.data) > MEMO_MAX:
                return
            try:
                data = marshal.dumps(self.data)
            except ValueError:  # a key or value marshal cannot write: nothing is kept
                return
            self.saved = len(self.data)
        stem = self.path.name.rsplit("-", 1)[0]
        _write_atomic(self.path, lambda fh: fh.write(data), f"{stem}-*.marshal")  # earlier versions go


def kept_memo(name: str, sources: Iterable[bytes | str]) -> dict[Any, Any] | None:
    """A dict for memoizing a pure function, kept on disk between runs (marshal: keys and
    values of builtin types), or None when there is no start-up cache (library callers,
    ``EXTRACTOR_NO_CACHE``). ``sources`` must name everything the function's results depend
    on, as for ``cached_build``; new entries are written when the process saves."""
    folder = cache_dir()
    if _cache is None or folder is None:
        return None
    memo = _Memo(folder / f"{name}-{_digest(sources)}.marshal")
    _memos.append(memo)
    return memo.data


def _digest(sources: Iterable[bytes | str]) -> str:
    digest = hashlib.sha256(repr((_FORMAT, sys.version, _PROTOCOL)).encode())
    for src in sources:
        data = src.encode("utf-8", "surrogatepass") if isinstance(src, str) else src
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:16]


def cached_build(name: str, sources: Iterable[bytes | str], build: Callable[[], T],
                 refs: Callable[[], list[Any]] | None = None) -> T:
    """``build()``, or what it returned in an earlier run from the same ``sources``.

    Only once ``install()`` ran (the command line); otherwise, and whenever the file cannot
    be read, it builds. ``sources`` must name everything the result depends on: its data
    and the source text of the code that builds it. ``refs()``, if given, lists objects
    the result refers to that live elsewhere (the lexicon's entries, for the matchers):
    they are kept as their position in that list and, when the result is loaded, are the
    objects ``refs()`` then returns (the same ones, not copies). ``sources`` must then
    cover what ``refs()`` is built from; any other object of a class that ``refs()``
    holds makes the result unfit for keeping (it is built every time, correctly).
    """
    if _cache is None:
        return build()
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_digest(sources)}.pickle"
    try:
        with open(path, "rb") as fh:
            if refs is None:
                return pickle.load(fh)  # type: ignore[no-any-return]
            unpickler = pickle.Unpickler(fh)
            table = refs()
            unpickler.persistent_load = lambda k: table[k]  # type: ignore[method-assign]
            return unpickler.load()  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - missing, damaged or from an older build: build it
        pass
    value = build()

    def dump(fh: BinaryIO) -> None:
        pickler = pickle.Pickler(fh, protocol=_PROTOCOL)
        if refs is not None:
            pickler.persistent_id = _referrer(refs())  # type: ignore[method-assign]
        pickler.dump(value)

    # an unwritable folder or an unpicklable value: the value is used, nothing is kept
    _write_atomic(path, dump, f"{name}-*.pickle", errors=(Exception,))
    return value


def _referrer(objects: list[Any]) -> Callable[[Any], int | None]:
    """pickle's persistent_id for ``cached_build``'s ``refs``."""
    position = {id(x): k for k, x in enumerate(objects)}
    kinds = tuple({type(x) for x in objects})

    def persistent_id(obj: Any) -> int | None:
        k = position.get(id(obj))
        if k is None and isinstance(obj, kinds):
            raise pickle.PicklingError(f"a {type(obj).__name__} that is not among the references")
        return k

    return persistent_id


def source_of(*modules: str) -> list[bytes]:
    """The source text of ``modules`` (for ``cached_build``'s sources)."""
    out = []
    for name in modules:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        out.append(Path(path).read_bytes() if path else name.encode())
    return out
