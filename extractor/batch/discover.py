"""What a batch works on: PATH arguments expanded to files, grouped by content, with passwords.

A job is one distinct content (sha256 of the bytes) with every path that holds it,
so a file copied under two names is extracted once and both names are stored.
Paths are made absolute (not resolved: a symlink is a name of its own) so reruns
from another directory find the same keys.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from extractor.errors import InputError
from extractor.ingest import SUPPORTED, read_source

_GLOB_CHARS = frozenset("*?[")


@dataclass
class Job:
    sha256: str
    paths: list[str]
    size: int
    password: str | None = None

    @property
    def source(self) -> str:
        """The name the result is filed under: the content's first path in sort order."""
        return min(self.paths)


@dataclass
class Discovery:
    jobs: list[Job] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line error)


@dataclass
class Passwords:
    """Passwords for encrypted PDFs: a default and ``pattern<TAB>password`` lines.

    A pattern is a shell glob matched against the absolute path and the file name;
    the first matching line wins, then the default.
    """

    default: str | None = None
    patterns: list[tuple[str, str]] = field(default_factory=list)

    def for_path(self, path: str) -> str | None:
        name = Path(path).name
        for pattern, password in self.patterns:
            if fnmatch(path, pattern) or fnmatch(name, pattern):
                return password
        return self.default


def load_passwords(path: Path) -> Passwords:
    """Parse a password file: a line without a TAB is the default password, others map a glob."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputError(path, f"cannot read password file ({reason})") from None
    out = Passwords()
    for number, line in enumerate(text.splitlines(), 1):
        if not line:
            continue
        if "\t" in line:
            pattern, password = line.split("\t", 1)
            out.patterns.append((pattern, password))
        elif out.default is None:
            out.default = line
        else:
            raise InputError(path, f"line {number}: a second default password; use 'pattern<TAB>password' lines")
    return out


def expand(inputs: Iterable[str | Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files named by ``inputs`` (files, folders searched recursively, globs), in order, once each.

    Returns the files and the inputs that named nothing, each with its one-line error.
    """
    files: list[str] = []
    missing: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = str(p.absolute())
        if key not in seen:
            seen.add(key)
            files.append(key)

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file()]
            for p in sorted(found):
                add(p)
        elif not path.exists() and _GLOB_CHARS & set(str(raw)):
            matches = [Path(m) for m in sorted(glob.glob(str(raw), recursive=True))]
            matches = [m for m in matches if m.is_file() and m.suffix.lower() in SUPPORTED]
            if not matches:
                missing.append((str(raw), str(InputError(raw, "no .pdf, .txt or .md file matches this pattern"))))
            for m in matches:
                add(m)
        else:
            add(path)  # read_source reports missing files and unsupported types
    return files, missing


def discover(
    inputs: Sequence[str | Path], *, passwords: Passwords | None = None
) -> Discovery:
    """Expand ``inputs``, hash every file and group the paths by content."""
    files, unreadable = expand(inputs)
    out = Discovery(unreadable=list(unreadable))
    by_sha: dict[str, Job] = {}
    for path in files:
        try:
            data = read_source(Path(path))
        except InputError as exc:
            out.unreadable.append((path, str(exc)))
            continue
        sha = hashlib.sha256(data).hexdigest()
        job = by_sha.get(sha)
        if job is None:
            password = passwords.for_path(path) if passwords else None
            by_sha[sha] = job = Job(sha256=sha, paths=[], size=len(data), password=password)
            out.jobs.append(job)
        job.paths.append(path)
    return out
