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
  pyve-gen update                         pull the template's policy changes into this project
  pyve-gen check --format json            does this project still meet its quality level?
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


def _cmd_update(args: argparse.Namespace) -> int:
    from pyve_gen.update import run_update_command

    return run_update_command(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from pyve_gen.check import run_check

    return run_check(args)


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

    update = sub.add_parser(
        "update",
        help="update a project to a newer template version",
        description="Run `copier update`, relock when a lock input changed, run `pyve-gen check`, and summarize.",
    )
    update.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    update.add_argument("--vcs-ref", metavar="REF", help="template version to update to (default: the latest tag)")
    update.add_argument("--data", "-d", metavar="KEY=VALUE", action="append", default=[], help="change an answer")
    update.add_argument(
        "--defaults", action="store_true", help="no prompt: keep every answer; new questions take their defaults"
    )
    update.add_argument(
        "--conflict",
        choices=["inline", "rej"],
        default="inline",
        help="conflicts as inline <<<<<<< markers (default) or as .rej files",
    )
    update.add_argument(
        "--lock-command", metavar="CMD", default="./pyve.sh --lock", help="relock command (default: ./pyve.sh --lock)"
    )
    update.add_argument("--no-lock", action="store_true", help="do not relock, only report when a relock is due")
    update.add_argument("--no-check", action="store_true", help="do not run pyve-gen check afterwards")
    update.set_defaults(func=_cmd_update)

    check = sub.add_parser(
        "check",
        help="check a project against its answers and quality level",
        description="Check a rendered project against its own answers and quality level. Exit 0 when all pass.",
    )
    check.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    check.add_argument("--offline", action="store_true", help="do not look up the template's latest release")
    check.set_defaults(func=_cmd_check)
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
