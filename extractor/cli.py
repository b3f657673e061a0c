"""Command line: thin wrappers around plain functions that return data.

Every user error is one line on stderr naming the file and the reason, exit code
2, no traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
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
    as_program = argv is None  # the console script, not a caller in the same process
    if as_program:
        # SIGTERM (a service manager, `kill`) stops the run the way Ctrl-C does: cleanly.
        signal.signal(signal.SIGTERM, _interrupt)
    args_list = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, before or after the subcommand.
    debug = "--debug" in args_list
    try:
        try:
            return _run([a for a in args_list if a != "--debug"], debug, as_program)
        except KeyboardInterrupt:
            print("extractor: interrupted", file=sys.stderr)
            return 130
    except KeyboardInterrupt:  # a second interrupt while reporting the first
        return 130
    finally:
        if as_program:
            # The work is over (done or interrupted) and reported; a late Ctrl-C must not
            # turn interpreter shutdown (joining pool threads) into a traceback.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            # Interpreter shutdown runs a full collection over every object start-up made
            # (~400,000: modules, model schemas, patterns, the lexicon), all alive until the
            # end, to find nothing to free: 33 ms of `extract review.txt`'s 0.33 s. Frozen
            # objects are left out of it; everything else about exiting is unchanged.
            gc.freeze()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(args_list: list[str], debug: bool, as_program: bool = False) -> int:
    parser = build_parser()
    args = parser.parse_args(args_list)
    args.debug = debug
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        # A command may start work of its own first (extract forks its PDF reader here,
        # which needs neither the start-up cache nor pydantic).
        before = getattr(args, "before_start", None)
        if before is not None:
            before(args)
        # The pipeline's regular expressions come compiled from the last run (start-up).
        # Imported here, not at the top: `--help` and argument errors must not pay for it.
        from extractor import pattern_cache

        pattern_cache.install()
        if as_program:
            # The process is ours: skip pydantic's plugin look-up when no plugin is installed.
            from extractor import pydantic_plugins

            pydantic_plugins.skip_discovery_if_none()
        code: int = args.func(args)
        pattern_cache.save()
        return code
    except ExtractorError as exc:
        if debug:
            traceback.print_exc()
        print(f"extractor: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (| head); send what is left to nowhere, quietly.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # no real file descriptor (a caller's captured stdout)
            pass
        return 0


if __name__ == "__main__":
    sys.exit(main())
