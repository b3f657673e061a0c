"""Named exceptions with messages a user can act on.

The CLI prints ``str(error)`` as one line and exits 2; ``--debug`` shows the traceback.
"""

from __future__ import annotations

from pathlib import Path


class ExtractorError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class InputError(ExtractorError):
    """A source file that cannot be read; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class PatternError(ExtractorError):
    """A data file in patterns/ that does not parse or contradicts itself."""
