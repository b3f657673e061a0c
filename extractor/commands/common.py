"""Arguments shared by the single-file commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.errors import InputError


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a .pdf, .txt or .md file")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--password-file", help="file whose first line is the PDF password")
    p.add_argument("--debug", action="store_true", help="show tracebacks for errors")


def add_ocr_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ocr", choices=("auto", "always", "never"), default="auto",
        help="PDF pages read by OCR: auto (default) those without a text layer, when the "
        "'ocr' extra is installed; always every page; never none (see docs/ocr.md)",
    )  # fmt: skip


def read_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password", None):
        return str(args.password)
    pw_file = getattr(args, "password_file", None)
    if not pw_file:
        return None
    try:
        lines = Path(pw_file).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(pw_file, f"cannot read password file ({exc.strerror})") from None
    return lines[0] if lines else ""
