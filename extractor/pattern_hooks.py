"""The hooks ``pattern_cache.install`` puts into ``re``, ``regex``, ``dataclasses`` and ``typing``.

Each hook records the arguments of the C call that ends a compile (``_sre.compile``,
``_regex.compile``, the builtin ``compile`` of generated source) the first time, and replays
the call on later runs from the cache it is given (see ``pattern_cache``).
"""

from __future__ import annotations

import __future__
import builtins
import marshal
import sys
import threading
import time
import types
from array import array
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.pattern_cache import _Cache


# Modules whose pattern texts change from run to run: the standard library's tokenize builds
# one from a set (its order follows the hash seed). Kept, each would be a new entry every run.
_VARYING = frozenset({"tokenize"})


def _worth_keeping() -> bool:
    """Whether to keep the pattern being compiled: the package's own and those of the
    libraries it imports (dataclasses, fractions, platform, pydantic: ~2 ms a run), except
    patterns of a module in ``_VARYING``. A pattern is found again only by its exact text,
    so one whose text varies costs an entry, which goes after KEEP_SAVES writes, not a
    wrong pattern."""
    frame = sys._getframe(2)
    for _ in range(16):
        if frame is None:
            return True
        name = frame.f_globals.get("__name__", "")
        if not (name in ("re", __name__, "extractor.pattern_cache") or name.startswith(("re.", "regex"))):
            return name not in _VARYING
        frame = frame.f_back
    return True


def hook_re(cache: _Cache, re_compiler: Any, _sre: Any) -> None:
    """``re`` caches patterns in front of ``re._compiler.compile`` (a miss of its own
    cache calls it); the program is what ``_sre.compile`` receives at its end. The
    program, a list of ints, is kept as the bytes of an array (a tenth of the time to load)."""
    original = re_compiler.compile
    debug = re_compiler.SRE_FLAG_DEBUG
    ascii, unicode = re_compiler.SRE_FLAG_ASCII, re_compiler.SRE_FLAG_UNICODE
    real_compile = _sre.compile
    recording = threading.local()
    packed = array("I").itemsize == _sre.CODESIZE

    def recorded(*args: Any) -> Any:
        recording.args = args
        return real_compile(*args)

    # _compiler's own reference to _sre, with compile recording its arguments; a namespace,
    # so the compiler's many other look-ups (_sre.CODESIZE, ...) stay plain attribute reads.
    proxy = types.SimpleNamespace(**{k: getattr(_sre, k) for k in dir(_sre) if k[:2] != "__"})
    proxy.compile = recorded

    def compile(p: Any, flags: int = 0) -> Any:
        if type(p) is not str or flags & debug:
            return original(p, flags)
        # A str pattern is Unicode unless ASCII: compile(p) and compile(p, UNICODE) (how an
        # unpickled pattern is compiled again) build the same Pattern, under one key
        key = ("re", p, int(flags) if flags & ascii else int(flags) | unicode)
        args = cache.get(key)
        if args is not None:
            try:
                if type(args[2]) is bytes:
                    args = (*args[:2], array("I", args[2]).tolist(), *args[3:])
                return real_compile(*args)
            except Exception:  # noqa: BLE001 - an entry this build cannot take: compile it
                pass
        recording.args = None
        started = time.perf_counter()
        pattern = original(p, flags)
        args = recording.args
        if args is not None and args[0] == p:
            if packed:
                args = (*args[:2], array("I", args[2]).tobytes(), *args[3:])
            if _worth_keeping():
                cache.put(key, args, time.perf_counter() - started)
        return pattern

    re_compiler._sre = proxy
    re_compiler.compile = compile


def hook_regex(cache: _Cache, regex: Any, regex_main: Any, _regex: Any, memo: dict[tuple[Any, ...], Any],
               max_entries: int) -> None:
    """``regex`` keeps a compiled pattern's program in ``_pickled_data`` (it pickles as a
    call of ``_regex.compile`` with it); replaying that call is what unpickling does."""
    original = regex_main._compile
    skip = regex.DEBUG | regex.LOCALE

    def _compile(pattern: Any, flags: Any, ignore_unused: Any, kwargs: Any, cache_it: Any,
                 *rest: Any) -> Any:
        if type(pattern) is not str or kwargs or rest or not cache_it or flags & skip:
            return original(pattern, flags, ignore_unused, kwargs, cache_it, *rest)
        key = ("regex", pattern, int(flags), int(regex.DEFAULT_VERSION))
        compiled = memo.get(key)
        if compiled is not None:
            return compiled
        args = cache.get(key)
        if args is not None:
            try:
                compiled = _regex.compile(*args)
            except Exception:  # noqa: BLE001 - an entry this build cannot take: compile it
                compiled = None
        if compiled is None:
            started = time.perf_counter()
            compiled = original(pattern, flags, ignore_unused, kwargs, cache_it)
            data = getattr(compiled, "_pickled_data", None)
            if data is not None and not compiled.flags & regex.LOCALE and _worth_keeping():
                cache.put(key, data, time.perf_counter() - started)
        if len(memo) >= max_entries:
            memo.clear()
        memo[key] = compiled
        return compiled

    regex_main._compile = _compile


# The compiler flags a frame passes on to exec() and compile() of source text: its future
# imports (CPython's PyCF_MASK; nested_scopes' flag is CO_NESTED, which is no such flag).
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    if _name not in ("nested_scopes", "generators"):
        _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def hook_code(cache: _Cache) -> None:
    """``dataclasses`` and ``typing`` call the builtins ``exec`` and ``compile`` by name: a
    module global of that name comes first, so each module gets a stand-in that compiles
    source text through the cache and hands the code object to the builtin. What the
    builtin would have done is kept exactly: the code is compiled with the calling frame's
    future flags (as ``exec``/``compile`` inherit them), globals and locals default to the
    caller's, and any other kind of call (code objects, other flags, keywords) goes to the
    builtin as it is, with the caller's flags."""
    import dataclasses
    import typing

    real_compile, real_exec, loads, dumps = builtins.compile, builtins.exec, marshal.loads, marshal.dumps

    def code_of(source: str, filename: str, mode: str, flags: int) -> types.CodeType:
        key = ("code", source, filename, mode, flags)
        got = cache.get(key)
        if got is not None:
            try:
                code = loads(got[0])
                if type(code) is types.CodeType:
                    return code
            except Exception:  # noqa: BLE001 - an entry this build cannot read: compile it
                pass
        started = time.perf_counter()
        code = real_compile(source, filename, mode, flags, True)
        cache.put(key, (dumps(code),), time.perf_counter() - started)
        return code

    def exec_(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
        caller = sys._getframe(1)
        if globals is None:
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if type(source) is str and not kwargs:
            source = code_of(source, "<string>", "exec", caller.f_code.co_flags & _FUTURE_FLAGS)
        elif isinstance(source, (str, bytes)):
            source = real_compile(source, "<string>", "exec", caller.f_code.co_flags & _FUTURE_FLAGS, True)
        real_exec(source, globals, locals, **kwargs)

    def compile_(source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
                 optimize: int = -1, **kwargs: Any) -> Any:
        if not dont_inherit:
            flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        if type(source) is str and type(filename) is str and flags & ~_FUTURE_FLAGS == 0 and optimize == -1 \
                and not kwargs:
            return code_of(source, filename, mode, flags)
        return real_compile(source, filename, mode, flags, True, optimize, **kwargs)

    dataclasses.exec = exec_  # type: ignore[attr-defined]
    typing.compile = compile_  # type: ignore[attr-defined]
