"""The `pyve-gen` command line: one small job per subcommand."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from pyve_gen import __version__
from pyve_gen.cli import console
from pyve_gen.model.levels import LEVELS

EPILOG = """examples:
  pyve-gen new my-project                 ask the questions, review, render
  pyve-gen new my-project --defaults      render with the default answers, no prompt
  pyve-gen new out --data-file answers.yml --defaults
  pyve-gen gates production               the gates a production project must pass
  pyve-gen update                         pull the template's policy changes into this project
  pyve-gen check --format json            does this project still meet its quality level?
  pyve-gen adopt --dry-run                what an existing repository's answers would be, with evidence

Every command has its own help: pyve-gen COMMAND --help.
"""

NEW_EPILOG = """examples:
  pyve-gen new acme-billing
      level and name, the components one by one, the questionnaire; review (edit one answer); render
  pyve-gen new acme-billing --defaults
      no prompt: the default answers (one Python cli named after the folder)
  pyve-gen new acme-billing --defaults --data quality_level=production
  pyve-gen new acme-billing --defaults --data-file answers.yml
      answers.yml holds question: answer pairs, keys as in copier.yml

then: cd acme-billing && ./pyve.sh --init && make test
"""

GATES_EPILOG = """examples:
  pyve-gen gates                 every gate, with the levels that require it
  pyve-gen gates secure          only the gates a secure project must pass
"""

UPDATE_EPILOG = """examples:
  pyve-gen update
      update this project to the template's latest tag, relock if needed, then check it
  pyve-gen update ../acme --vcs-ref v0.3.0 --defaults
  pyve-gen update --data quality_level=production
      raise the quality level: the production gates' files arrive
  pyve-gen update --conflict rej --no-lock
"""

CHECK_EPILOG = """examples:
  pyve-gen check                 this project, one line per check with a fix hint
  pyve-gen check ../acme --offline
  pyve-gen check --format json   for machines (exit 0 when every check passes)
"""


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 1 (argparse usage errors exit 2)."""


def _cmd_new(args: argparse.Namespace) -> int:
    from pyve_gen.cli.new import run_new

    return run_new(args)


def _cmd_gates(args: argparse.Namespace) -> int:
    from pyve_gen.model.gates import format_table

    print(format_table(args.level))
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    import signal
    import sys

    from pyve_gen.check import verdict
    from pyve_gen.questionnaire import parse_data, validate
    from pyve_gen.update import update

    data = parse_data(args.data)
    validate(data)
    defaults = args.defaults
    if not defaults and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Copier would run the migrations, then refuse to ask ("Interactive session required").
        console.note("no terminal: every answer is kept, new questions take their defaults (as --defaults)")
        defaults = True

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # a SIGTERM (a CI job cancelled) undoes the update like Ctrl-C

    signal.signal(signal.SIGTERM, stop)
    try:
        report = update(
            Path(args.path).resolve(),
            data=data,
            vcs_ref=args.vcs_ref,
            defaults=defaults,
            conflict=args.conflict,
            lock_command=None if args.no_lock else args.lock_command,
            check=None if args.no_check else verdict,
        )
    except KeyboardInterrupt:
        console.error("interrupted: the update was undone; the project is back at HEAD's tree (git status is clean)")
        return 130
    print(report.format())
    return 0 if report.ok else 1


def _cmd_check(args: argparse.Namespace) -> int:
    from pyve_gen.check import format_text, passed, run_checks, summary
    from pyve_gen.check_rules import Options

    root = Path(args.path).resolve()
    if not root.is_dir():
        raise ValueError(f"{args.path}: not a folder")
    outcomes = run_checks(root, Options(offline=args.offline))
    if args.format == "json":
        print(json.dumps(summary(root, outcomes), indent=2))
    else:
        print(format_text(root, outcomes))
    return 0 if passed(outcomes) else 1


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

    new = sub.add_parser(
        "new",
        help="render a new project",
        description="Render a new project from the Pyve template: the quality level and the name, the components\n"
        "(a loop), then the questionnaire phase by phase, then a review of every answer, where one answer at\n"
        "a time can be edited, before anything is written. Also: python -m pyve_gen new.",
        epilog=NEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("destination", help="folder to create the project in")
    new.add_argument("--defaults", action="store_true", help="use defaults for every unanswered question (no prompt)")
    new.add_argument("--data-file", metavar="FILE", help="YAML file of answers (keys as in copier.yml)")
    new.add_argument("--data", "-d", metavar="KEY=VALUE", action="append", default=[], help="one answer (repeatable)")
    new.add_argument(
        "--template", metavar="SRC", help="template source: a path or git URL (default: this Pyve checkout)"
    )
    new.add_argument(
        "--vcs-ref",
        metavar="REF",
        help="template version (tag or commit) to render (default: HEAD of this checkout, else the latest tag)",
    )
    new.set_defaults(func=_cmd_new)

    gates = sub.add_parser(
        "gates",
        help="print the quality-gate table",
        description="Print the quality-gate table (Markdown): what each quality level demands.",
        epilog=GATES_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gates.add_argument(
        "level", nargs="?", choices=list(LEVELS), help="show only the gates of this level (default: all levels)"
    )
    gates.set_defaults(func=_cmd_gates)

    update = sub.add_parser(
        "update",
        help="update a project to a newer template version",
        description="Run `copier update`, relock when a lock input changed, run `pyve-gen check`, and summarize.",
        epilog=UPDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    check.add_argument("--offline", action="store_true", help="do not look up the template's latest release")
    check.set_defaults(func=_cmd_check)

    from pyve_gen.cli.adopt import add_parser as add_adopt

    add_adopt(sub)
    _accept_debug_everywhere(sub)
    return parser


def _accept_debug_everywhere(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`--debug` works before or after the command name (`pyve-gen new x --debug`)."""
    for command in sub.choices.values():
        if "--debug" not in command._option_string_actions:
            command.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    console.one_line_warnings()
    try:
        with console.colour_only_on_terminals():
            return func(args)
    except KeyboardInterrupt:
        console.error("interrupted; nothing more was done")
        return 130
    except Exception as error:
        if args.debug:
            raise
        console.error(_describe(error))
        return 1


def _describe(error: BaseException) -> str:
    """One line for the user. Expected failures say what to fix; anything else names its type."""
    from_copier = type(error).__module__.split(".")[0] == "copier"  # without importing Copier just to check
    if isinstance(error, (CliError, ValueError)) or from_copier:
        return str(error) or type(error).__name__
    if isinstance(error, OSError):
        return f"{error.strerror or error}{f': {error.filename}' if error.filename else ''}"
    return f"unexpected {type(error).__name__}: {error} (run again with --debug for the traceback)"
