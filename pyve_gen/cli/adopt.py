"""`pyve-gen adopt [DIR]`: propose answers from an existing repository, review them, bring the template in.

Without a terminal (or with ``--yes``) the proposal is applied as it is; ``--dry-run`` prints the answers
with their evidence and the file plan, and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser is built on every `pyve-gen` call: the adopt modules load only when it runs
    from pyve_gen.adopt.apply import Rendered, Step
    from pyve_gen.adopt.propose import Proposal
    from pyve_gen.check import Outcome

TEMPLATE_SUFFIX = ".pyve-template"  # as pyve_gen.adopt.apply (not imported here: the parser loads on every call)
ACTION_ORDER = ("add", "merge", "keep", "yours", "move", "hold", "skip", "same")


def _show(value: Any) -> str:
    import yaml

    if isinstance(value, (list, dict)):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False).strip()
    return repr(value) if value == "" else str(value)


def _wrapped(first: str, items: list[str], separator: str = ", ", width: int = 110) -> list[str]:
    import textwrap

    glued = [item.replace(" ", "\xa0") for item in items]  # an item is never split over two lines
    lines = textwrap.wrap(
        separator.join(glued),
        width=width,
        initial_indent=first,
        subsequent_indent=" " * 9,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return [line.replace("\xa0", " ") for line in lines]


def format_answers(proposal: Proposal, recorded: dict[str, Any], not_asked: list[str]) -> str:
    """The recorded answers in questionnaire order: each inferred one with its evidence, then the defaults."""
    from pyve_gen import questionnaire
    from pyve_gen.adopt.propose import NOT_FOUND

    keys = [key for key in questionnaire.questions() if key in recorded]
    lines = [
        f"  {key}: {_show(recorded[key])}  <- {proposal.answers[key].evidence}"
        for key in keys
        if key in proposal.answers
    ]
    defaults = [f"{key}: {_show(recorded[key])}" for key in keys if key not in proposal.answers]
    if defaults:
        lines += [f"{NOT_FOUND[0].upper()}{NOT_FOUND[1:]}:", *_wrapped("  ", defaults, separator="; ")]
    for key in not_asked:
        answer = proposal.answers[key]
        lines.append(f"Not asked at this level, left out: {key}: {_show(answer.value)} <- {answer.evidence}")
    return "\n".join(lines)


PLAN_DETAILS = {"yours": "  (rendered once, never updated by the template: yours stays as it is)"}


def format_plan(steps: list[Step]) -> str:
    from pyve_gen.adopt.apply import YOURS

    counts = {action: sum(step.action == action for step in steps) for action in ACTION_ORDER}
    lines = ["File plan: " + ", ".join(f"{n} {action}" for action, n in counts.items() if n)]
    for action in ACTION_ORDER:
        chosen = [step for step in steps if step.action == action]
        if not chosen or action == "same":
            continue
        if action in {"add", "yours"}:  # many files, one reason: wrapped, comma-separated
            # written by adopt, or theirs for a reason of its own: one line each
            own = [step for step in chosen if (step.content is not None if action == "add" else step.detail != YOURS)]
            lines += _wrapped(f"  {action:<6} ", [step.path for step in chosen if step not in own])
            lines[-1] += PLAN_DETAILS.get(action, "")
            lines += [f"  {action:<6} {step.path}  ({step.detail})" for step in own]
        else:
            lines += [f"  {action:<6} {step.path}{f'  ({step.detail})' if step.detail else ''}" for step in chosen]
    forced = [step.path + (TEMPLATE_SUFFIX if step.action == "keep" else "") for step in steps if step.forced]
    if forced:
        lines += _wrapped("  forced ", forced)
        lines[-1] += "  (your .gitignore would hide them: staged with git add -f, so the commit records them)"
    return "\n".join(lines)


def format_proposal(proposal: Proposal, rendered: Rendered, steps: list[Step]) -> str:
    parts = [
        f"Answers (template {rendered.answers.get('_commit', '?')}), each inferred one with its evidence:",
        format_answers(proposal, rendered.answers, rendered.not_asked),
    ]
    if proposal.notes:
        parts += ["Notes:", *[f"  - {note}" for note in proposal.notes]]
    parts.append(format_plan(steps))
    return "\n".join(parts)


def format_forecast(failing: list[Outcome]) -> str:
    if not failing:
        return "pyve-gen check right after adopting: every check passes or does not apply"
    lines = [f"pyve-gen check right after adopting: {len(failing)} check(s) will fail"]
    lines += [f"  {item.id} {item.name}: {item.message}  (fix: {item.hint})" for item in failing]
    return "\n".join(lines)


NEXT_STEPS = """Next: review the change (nothing is committed)
  git status && git diff
  grep -rln '^<<<<<<< ' . ; find . -name '*{suffix}'   # resolve each merge / pick between yours and the template's
  ./pyve.sh --lock                                     # (done with adopt --lock; needs uv or a .venv)
  git add -A && git commit -m "Adopt the Pyve template"
  pyve-gen check                                       # then ./pyve.sh --init && make test"""


def _data(args: argparse.Namespace) -> dict[str, Any]:
    from pyve_gen import questionnaire

    data = questionnaire.load_data_file(args.data_file) if args.data_file else {}
    data.update(questionnaire.parse_data(args.data))
    return data


def _edit_one(answers: dict[str, Any]) -> tuple[str, Any]:
    from pyve_gen.cli import review

    key = review.pick_answer(answers)
    return key, review.ask_one(key, answers[key], answers)


def run_adopt(args: argparse.Namespace) -> int:
    from pyve_gen import questionnaire
    from pyve_gen.adopt import apply as applying
    from pyve_gen.adopt import guard
    from pyve_gen.adopt.evidence import foreign_answers
    from pyve_gen.adopt.forecast import failing_checks
    from pyve_gen.adopt.propose import Answer, propose
    from pyve_gen.cli import console, review
    from pyve_gen.project import Project
    from pyve_gen.questionnaire import IS_GIT_CHECKOUT, TEMPLATE_ROOT

    root = Path(args.directory).resolve()
    if not root.is_dir():
        raise ValueError(f"{args.directory}: not a folder")
    if applying.is_pyve_answers(foreign_answers(Project(root))):
        raise ValueError(f"{root} is a Pyve project already ({applying.ANSWERS_FILE}); use `pyve-gen update`")
    in_git = applying.in_git(root)
    if args.branch and not in_git:
        raise ValueError(f"--branch needs a git repository; {root} is not in one")
    if in_git and not args.dry_run:
        applying.ensure_clean(root)
    proposal = propose(root)
    proposal.override(_data(args))
    template = str(args.template or TEMPLATE_ROOT)
    vcs_ref = args.vcs_ref or ("HEAD" if not args.template and IS_GIT_CHECKOUT else None)
    user_defaults = {"project_name": root.name.replace("-", " ").replace("_", " ").title()}
    interactive = not args.dry_run and not args.yes and sys.stdin.isatty() and sys.stdout.isatty()
    while True:
        questionnaire.validate(proposal.data())  # the one validator set, before anything is written
        with applying.render(template, proposal.data(), vcs_ref, user_defaults, root) as rendered:
            if rendered.answers.get(applying.HELD_KEY):
                proposal.answers[applying.HELD_KEY] = Answer(
                    rendered.answers[applying.HELD_KEY], "the file plan: see its hold lines"
                )
            steps = applying.plan(root, rendered, args.existing)
            sphinx = guard.sphinx_note(root, [step.path for step in steps if step.action == "add"])
            if sphinx and sphinx not in proposal.notes:
                proposal.notes.append(sphinx)
            print(format_proposal(proposal, rendered, steps))
            print(format_forecast(failing_checks(root, rendered, steps)))
            if args.dry_run:
                console.note("dry run: nothing written")
                return 0
            action = (
                review.what_now(f"bring the template into {root} as an uncommitted change")
                if interactive
                else review.GO
            )
            if action == review.QUIT:
                console.note("nothing written; change an answer with --data KEY=VALUE and run again")
                return 1
            if action == review.GO:
                if args.branch:
                    applying.new_branch(root, args.branch)
                done = applying.apply(root, rendered, steps)
                break
        key, value = _edit_one(proposal.data())  # then the proposal is rendered and planned again
        proposal.override({key: value})
    written = [step for step in done if step.action in {"add", "merge", "keep", "move"}]
    print(f"\nAdopted: {len(written)} file change(s){f' on the new branch {args.branch}' if args.branch else ''}.")
    for step in done:
        if step.action == "move":
            print(f"  {step.path}: {step.detail}")
    if not in_git:
        console.note(
            f"{root} is not in a git repository: `git init` and commit before `pyve-gen update` / `copier update`"
        )
    if args.lock:
        _lock(root)
    print(NEXT_STEPS.format(suffix=applying.TEMPLATE_SUFFIX))
    return 0


def _lock(root: Path) -> None:
    """``./pyve.sh --lock`` in the adopted repository, with this environment's uv where none is on PATH (it locks
    without a venv, which ``--init`` cannot make before the project's build backend is locked)."""
    import os
    import shutil
    import subprocess

    from pyve_gen.cli import console

    env = dict(os.environ)
    here = Path(sys.executable).parent
    if shutil.which("uv") is None and (here / "uv").is_file():
        env["PATH"] = f"{here}{os.pathsep}{env.get('PATH', '')}"
    print("\nLocking: ./pyve.sh --lock (the package index)")
    result = subprocess.run(["./pyve.sh", "--lock"], cwd=root, env=env, check=False)
    if result.returncode != 0:
        console.note("./pyve.sh --lock failed: fix what it says, then run it again before ./pyve.sh --init")


def add_parser(sub: Any) -> None:
    adopt = sub.add_parser(
        "adopt",
        help="bring an existing repository under the template",
        description="Read an existing repository, propose every answer with its evidence, review, then bring the\n"
        "template's files in as an uncommitted change: new files added, yours never overwritten (merged\n"
        "between conflict markers, or kept with the template's version beside them as <file>.pyve-template).",
        epilog=ADOPT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    adopt.add_argument("directory", nargs="?", default=".", help="the repository (default: .)")
    adopt.add_argument(
        "--dry-run", action="store_true", help="print the answers, their evidence and the file plan; write nothing"
    )
    adopt.add_argument(
        "--existing",
        choices=["keep", "merge"],
        default="keep",
        help="for a file you have and the template renders: keep yours and write the template's beside it "
        "(default), or merge both into yours between conflict markers",
    )
    adopt.add_argument("--branch", metavar="NAME", help="make the change on a new branch (default: the current branch)")
    adopt.add_argument(
        "--lock",
        action="store_true",
        help="then lock with ./pyve.sh --lock (the package index), so ./pyve.sh --init installs what your tests and build need",
    )
    adopt.add_argument("--yes", "-y", action="store_true", help="no review prompt: apply the proposal as it is")
    adopt.add_argument(
        "--data", "-d", metavar="KEY=VALUE", action="append", default=[], help="override one answer (repeatable)"
    )
    adopt.add_argument("--data-file", metavar="FILE", help="YAML file of answers that override the proposal")
    adopt.add_argument(
        "--template", metavar="SRC", help="template source: a path or git URL (default: this Pyve checkout)"
    )
    adopt.add_argument(
        "--vcs-ref",
        metavar="REF",
        help="template version to adopt (default: HEAD of this checkout, else the latest tag)",
    )
    adopt.set_defaults(func=lambda args: run_adopt(args))


ADOPT_EPILOG = """examples:
  pyve-gen adopt --dry-run              what would be inferred, and what each file would get
  pyve-gen adopt ../billing --existing merge --branch adopt-pyve
  pyve-gen adopt -d quality_level=production

then: review with git diff, resolve, commit; pyve-gen check; later pyve-gen update
"""
