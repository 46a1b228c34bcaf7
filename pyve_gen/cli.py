"""The `pyve-gen` command line: one small job per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from pyve_gen import __version__

EPILOG = """examples:
  pyve-gen new my-project                 ask the questions, review, render
  pyve-gen new my-project --defaults      render with the default answers, no prompt
  pyve-gen new out --data-file answers.yml --defaults
  pyve-gen gates production               the gates a production project must pass
"""


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 1 (2 for usage)."""


def _cmd_new(args: argparse.Namespace) -> int:
    from pyve_gen.new import run_new

    return run_new(args)


def _cmd_gates(args: argparse.Namespace) -> int:
    from pyve_gen.gates import format_table

    print(format_table(args.level))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyve-gen",
        description="Render and maintain projects made from the Pyve template.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    new = sub.add_parser("new", help="render a new project", description="Render a new project from the Pyve template.")
    new.add_argument("destination", help="folder to create the project in")
    new.add_argument("--defaults", action="store_true", help="use defaults for every unanswered question (no prompt)")
    new.add_argument("--data-file", metavar="FILE", help="YAML file of answers (keys as in copier.yml)")
    new.add_argument("--data", "-d", metavar="KEY=VALUE", action="append", default=[], help="one answer (repeatable)")
    new.add_argument("--template", metavar="SRC", help="template source (default: this Pyve checkout)")
    new.add_argument("--vcs-ref", metavar="REF", help="template version (git tag or commit) to render")
    new.set_defaults(func=_cmd_new)

    gates = sub.add_parser("gates", help="print the quality-gate table", description="Print the quality-gate table.")
    gates.add_argument("level", nargs="?", choices=["experiment", "prototype", "production", "secure"])
    gates.set_defaults(func=_cmd_gates)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (CliError, ValueError) as error:
        if args.debug:
            raise
        print(f"pyve-gen: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pyve-gen: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
