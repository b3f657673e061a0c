"""Pydantic's plugin discovery, skipped by the command line when it cannot find anything.

The first model validator pydantic builds asks ``pydantic.plugin._loader.get_plugins()``
for plugins: the entry points of the group ``pydantic``. That module imports
``importlib.metadata`` (email, zipfile, csv, ...) and scans every installed distribution:
~20 ms of the ~0.3 s of ``extractor extract`` of a text article, for nothing when no
plugin is installed. Pydantic has no switch for one model or one package; its documented
switch, ``PYDANTIC_DISABLE_PLUGINS``, is for the whole process and saves only the scan,
since the loader module, and so ``importlib.metadata``, is imported either way.

So the command line first looks itself, the cheap way (~1.3 ms): the ``entry_points.txt``
of every ``*.dist-info``/``*.egg-info`` folder on ``sys.path``. Only when none of them
mentions ``pydantic`` at all, and nothing else could hold distributions (a zip or egg
file on the path, an import hook with its own ``find_distributions``), does it put a
stand-in for the loader module in ``sys.modules``: its ``get_plugins()`` returns no
plugin, which is what the real one would have found, and any other name loads the real
module. With a plugin installed (logfire, ...) nothing is replaced, and pydantic finds
and runs it as usual; the same when the user set ``PYDANTIC_DISABLE_PLUGINS``. Library
callers (``import extractor``) are never affected.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

LOADER = "pydantic.plugin._loader"
_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def skip_discovery_if_none() -> bool:
    """Install the stand-in loader when no pydantic plugin can be installed; True if installed."""
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ or LOADER in sys.modules:
        return False  # the user's own setting, or pydantic has looked already
    if plugins_possible():
        return False
    # pydantic itself is not imported here (the PDF reader's child process is forked
    # after this and needs none of it); its one use, ``from ._loader import get_plugins``,
    # finds the module in sys.modules.
    sys.modules[LOADER] = _NoPluginLoader(LOADER)
    return True


class _NoPluginLoader(types.ModuleType):
    """Pydantic's plugin loader once the look found no plugin: ``get_plugins()`` finds none
    without importing ``importlib.metadata``; any other name comes from the real module."""

    @staticmethod
    def get_plugins() -> tuple[()]:
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's own questions (__path__: a package?)
            raise AttributeError(name)
        return getattr(_real_loader(), name)


def _real_loader() -> types.ModuleType:
    import importlib.util
    from importlib.machinery import PathFinder

    import pydantic.plugin

    spec = PathFinder.find_spec(LOADER, pydantic.plugin.__path__)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot find {LOADER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[LOADER] = module
    pydantic.plugin._loader = module  # type: ignore[attr-defined]
    return module


def plugins_possible() -> bool:
    """Whether an installed distribution may declare a ``pydantic`` entry point (errs towards yes)."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            return True  # distributions importlib.metadata would find where this look cannot
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:  # a zip or an egg file
            return True
        except OSError:  # a path entry that does not exist
            continue
        for name in names:
            if not name.lower().endswith(_METADATA_SUFFIXES):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as fh:
                    if b"pydantic" in fh.read():
                        return True
            except OSError:  # no entry points (or a PKG-INFO file named .egg-info)
                continue
    return False
