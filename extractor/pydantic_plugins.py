"""Pydantic's plugin discovery, skipped when it cannot find anything.

The first model validator pydantic builds looks for plugins: ``importlib.metadata``'s
entry points of the group ``pydantic``. Importing ``importlib.metadata`` (email, zipfile,
csv, ...) and scanning every installed distribution took ~19 ms of the ~0.3 s of
``extractor extract`` of a text article. Pydantic offers no switch for one model or one
package, only the environment variable ``PYDANTIC_DISABLE_PLUGINS`` for the whole process.

So the command line looks first, itself, the cheap way (~1.3 ms): the ``entry_points.txt``
of every ``*.dist-info``/``*.egg-info`` folder on ``sys.path``. Only when none of them
mentions ``pydantic`` at all, and nothing else could hold distributions (a zip or egg file
on the path, an import hook with its own ``find_distributions``), does it set the variable:
there was no plugin to switch off. With any plugin installed (logfire, ...) pydantic
discovers and runs it as usual. Library callers (``import extractor``) are never affected.
"""

from __future__ import annotations

import os
import sys

ENV = "PYDANTIC_DISABLE_PLUGINS"
_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def skip_discovery_if_none() -> bool:
    """Set ``PYDANTIC_DISABLE_PLUGINS`` when no pydantic plugin can be installed; True if set.
    A value the user set is left alone."""
    if ENV in os.environ or "pydantic.plugin._loader" in sys.modules and _discovered():
        return False
    if plugins_possible():
        return False
    os.environ[ENV] = "__all__"
    return True


def _discovered() -> bool:
    """Pydantic has already looked (its answer is cached): nothing left to save."""
    return getattr(sys.modules["pydantic.plugin._loader"], "_plugins", None) is not None


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
