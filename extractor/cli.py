"""Command line: thin wrappers around plain functions that return data.

Every user error is one line on stderr naming the file and the reason, exit code
2, no traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from extractor import __version__
from extractor.errors import ExtractorError

# Command modules, each with add_parser(sub) and run(args) -> int.
COMMANDS = ("ingest", "extract", "view", "schema", "evaluate", "batch", "export")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Extract drugs, trials and efficacy numbers from oncology review articles "
        "(Chinese and English, PDF or text).",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"extractor.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, before or after the subcommand.
    debug = "--debug" in args_list
    args_list = [a for a in args_list if a != "--debug"]
    parser = build_parser()
    args = parser.parse_args(args_list)
    args.debug = debug
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
        return code
    except ExtractorError as exc:
        if debug:
            traceback.print_exc()
        print(f"extractor: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
