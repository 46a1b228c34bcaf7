"""`pyve-gen new`: ask what Copier cannot (a loop of components), review every answer, then render.

Without a terminal (or with ``--defaults``) nothing is asked: the answers come from ``--data-file``,
``--data`` and the defaults. Bad data fails before anything is written, with the validator's message.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pyve_gen import copier_calls, questionnaire
from pyve_gen.cli import console, review
from pyve_gen.model import validation
from pyve_gen.model.components import (
    AUDIENCES,
    DEFAULT_AUDIENCE,
    ENTRYPOINT_KINDS,
    KINDS,
    LANGUAGE_LABELS,
    LANGUAGES,
    default_path,
)
from pyve_gen.model.questions import KEEP, gate_phase
from pyve_gen.model.quoting import slugify
from pyve_gen.questionnaire import IS_GIT_CHECKOUT, TEMPLATE_ROOT
from pyve_gen.rederive import defaults_with

KIND_LABELS = {
    "cli": "cli: a command-line tool people run",
    "application": "application: a service or app that runs continuously",
    "library": "library: code other code imports",
    "script": "script: an operational or maintenance script",
}
AUDIENCE_LABELS = {
    "end-user": "end-user: people outside the team",
    "internal-ops": "internal-ops: the team's operators",
    "dev-only": "dev-only: developers of this project",
}


class Aborted(Exception):
    """The user declined at the review step; nothing was written."""


def check_destination(destination: Path) -> None:
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ValueError(f"{destination} already exists and is not empty; choose a new folder")


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[,\s]+", text.strip()) if word]


def component_name_error(name: str, taken: list[str]) -> str:
    message = validation.components_error([{"name": name, "paths": ["name_check"], "entrypoints": []}])
    if message:
        return message.replace("component #1", f"component {name!r}")
    if name in taken:
        return f"component {name!r}: the name is used twice; component names must be unique"
    return ""


def ask_components(first_name: str) -> list[dict[str, Any]]:
    """The loop Copier cannot ask: one component at a time, each checked against the ones before.

    Python paths default to ``src/<import name>`` under the package name Copier will derive from
    ``first_name`` (the project slug), so each component is its own package named after the project.
    """
    package = first_name.replace("-", "_")
    import questionary
    from questionary import Choice

    def as_result(message: str) -> bool | str:
        return message or True

    console.heading("Components: the deliverable units of the project (Phase 0 basic, Phase 1 detailed)")
    components: list[dict[str, Any]] = []
    while True:
        number = len(components) + 1
        taken = [comp["name"] for comp in components]
        name = questionary.text(
            f"Component {number}: name (lowercase letters, digits, '-' or '_')",
            default=first_name if number == 1 else "",
            validate=lambda text, taken=taken: as_result(component_name_error(text, taken)),
        ).unsafe_ask()
        kind = questionary.select(
            f"{name}: kind",
            choices=[Choice(KIND_LABELS[kind], value=kind) for kind in KINDS],
            default="cli" if number == 1 else "library",
        ).unsafe_ask()
        language = questionary.select(
            f"{name}: language",
            choices=[Choice(LANGUAGE_LABELS[lang], value=lang) for lang in LANGUAGES],
            default="python",
        ).unsafe_ask()
        candidate: dict[str, Any] = {"name": name, "kind": kind, "language": language, "entrypoints": []}

        def paths_result(text: str, candidate: dict[str, Any] = candidate) -> bool | str:
            if not _words(text):
                return "give at least one folder, e.g. " + default_path(
                    candidate["name"], candidate["language"], package
                )
            return as_result(validation.components_error([*components, {**candidate, "paths": _words(text)}], package))

        candidate["paths"] = _words(
            questionary.text(
                f"{name}: paths (folders inside the project, separated by spaces)",
                default=default_path(name, language, package),
                validate=paths_result,
            ).unsafe_ask()
        )

        def entrypoints_result(text: str, candidate: dict[str, Any] = candidate) -> bool | str:
            return as_result(
                validation.components_error([*components, {**candidate, "entrypoints": _words(text)}], package)
            )

        candidate["entrypoints"] = _words(
            questionary.text(
                f"{name}: entrypoints (command names, separated by spaces; empty for none)",
                default=name if kind in ENTRYPOINT_KINDS else "",
                validate=entrypoints_result,
            ).unsafe_ask()
        )
        candidate["audience"] = questionary.select(
            f"{name}: audience",
            choices=[Choice(AUDIENCE_LABELS[audience], value=audience) for audience in AUDIENCES],
            default=DEFAULT_AUDIENCE[kind],
        ).unsafe_ask()
        components.append(candidate)
        if not questionary.confirm("Add another component?", default=False).unsafe_ask():
            return components


def _collect(
    args: argparse.Namespace, data: dict[str, Any], template: str, vcs_ref: str | None, user_defaults: dict[str, Any]
) -> dict[str, Any]:
    """Copier's questionnaire for what ``data`` leaves open, nothing written; returns every recorded answer."""
    # This pass only collects the answers; the files are rendered once, after the review.
    worker = copier_calls.collect(
        template, args.destination, data, vcs_ref=vcs_ref, user_defaults=user_defaults, defaults=False
    )
    return {key: value for key, value in worker.answers.user.items() if key not in worker.answers.hidden}


def phase_keys(phase: int) -> list[str]:
    """The questions behind a phase's gate."""
    return [question.key for question in questionnaire.table().gated(phase)]


def _interactive(
    args: argparse.Namespace, data: dict[str, Any], template: str, vcs_ref: str | None, user_defaults: dict[str, Any]
) -> dict[str, Any]:
    """Level and name, the components loop, Copier's questionnaire (nothing written yet), then the review,
    where one answer at a time can be edited before anything is rendered; returns every answer."""

    given = dict(data)
    chosen: set[str] = set()  # the answers edited in the review: never recomputed from another
    console.heading("First: the quality level and the name (Enter keeps the default)")
    for key in ("quality_level", "project_name"):
        if key not in data:
            data[key] = review.ask_one(key, user_defaults.get(key, questionnaire.questions()[key].get("default")), data)
    if "components" not in data:
        data["components"] = ask_components(slugify(str(data["project_name"])) or "app")
    console.heading("The questionnaire, phase by phase (Enter keeps the default)")
    answers = _collect(args, data, template, vcs_ref, user_defaults)
    while True:
        console.heading("Review: nothing is written until you choose to render")
        print(review.format_summary(answers), file=sys.stderr)
        action = review.what_now(f"render the project into {args.destination}")
        if action == review.GO:
            return answers
        if action == review.QUIT:
            raise Aborted
        key = review.pick_answer(answers)
        if key == "components":
            edited: Any = ask_components(str(answers.get("project_slug") or "app"))
        else:
            edited = review.ask_one(key, answers[key], answers)
        before = answers
        answers = _follow_edit(
            before,
            key,
            edited,
            set(given) | chosen,
            lambda data: defaults_with(template, vcs_ref, data, user_defaults),
            lambda data: _collect(args, data, template, vcs_ref, user_defaults),
        )
        chosen.add(key)
        if changes := review.format_changes(before, answers, key):
            console.heading("Your edit also moved the answers that followed it (you never chose them):")
            print(changes, file=sys.stderr)


Answers = dict[str, Any]


def _follow_edit(
    before: Answers,
    key: str,
    edited: Any,
    chosen: set[str],
    defaults: Callable[[Answers], Answers],
    collect: Callable[[Answers], Answers],
) -> Answers:
    """The answers after one edit: those that held their default (nobody chose them) take the default the
    edit gives them (a new level's coverage floor, a renamed project's slug and package, the component
    paths under that package); the chosen ones stay. ``defaults`` is a Copier run that asks nothing,
    ``collect`` the questionnaire that asks only what the edit makes newly relevant."""
    from pyve_gen.rederive import followers

    follow = followers(before, chosen | {key}, defaults)
    ask_again: set[str] = set()
    if (phase := gate_phase(key)) is not None:
        in_phase = set(phase_keys(phase)) - chosen
        if edited == KEEP:  # back to the recommended defaults
            follow |= in_phase
        else:  # the phase opens: Copier asks its questions, defaults from the other answers
            ask_again = in_phase
    data = {name: value for name, value in before.items() if name not in follow | ask_again}
    data[key] = edited
    derived = defaults(data)
    data |= {name: derived[name] for name in follow - ask_again if name in derived}
    if "components" in data and "components" not in follow | chosen | {key}:
        data["components"] = follow_package(data["components"], before.get("package_name"), data.get("package_name"))
    return collect(data)


def follow_package(components: Any, old: Any, new: Any) -> Any:
    """Python components whose paths are the default under the old package name move under the new one."""
    if not isinstance(components, list) or not old or not new or old == new:
        return components
    moved = []
    for comp in components:
        if isinstance(comp, dict) and comp.get("language", "python") == "python":
            if comp.get("paths") == [default_path(str(comp.get("name")), "python", str(old))]:
                comp = {**comp, "paths": [default_path(str(comp.get("name")), "python", str(new))]}
        moved.append(comp)
    return moved


def run_new(args: argparse.Namespace) -> int:
    data = questionnaire.load_data_file(args.data_file) if args.data_file else {}
    data.update(questionnaire.parse_data(args.data, questionnaire.template_questions(args.template)))
    destination = Path(args.destination)
    user_defaults = {"project_name": destination.resolve().name.replace("-", " ").replace("_", " ").title()}
    questionnaire.validate(data, args.template, user_defaults)
    check_destination(destination)

    template = str(args.template or TEMPLATE_ROOT)
    # The checkout pyve-gen runs from is rendered at HEAD, matching the pyve_gen code in use (the copy a
    # wheel carries, as it is); another template source defaults to its latest tag, as Copier does.
    vcs_ref = args.vcs_ref or ("HEAD" if not args.template and IS_GIT_CHECKOUT else None)
    interactive = not args.defaults and sys.stdin.isatty() and sys.stdout.isatty()
    if not args.defaults and not interactive:
        console.note("no terminal: unanswered questions take their defaults")
    if interactive:
        try:
            data = _interactive(args, data, template, vcs_ref, user_defaults)
        except Aborted:
            console.note("nothing written")
            return 1
    render(template, destination, data, user_defaults, vcs_ref)
    return 0


def render(
    template: str, destination: Path, data: dict[str, Any], user_defaults: dict[str, Any], vcs_ref: str | None
) -> None:
    """Render into ``destination``, which must still be empty: files may have appeared while the questions
    were asked, and those are never overwritten (Copier's "Overwrite? (Y/n)" defaults to yes) nor removed.

    A failed or interrupted render is removed; a finished one never is, even when the interrupt lands
    while Copier deletes its template clone. Copier's temporary files (the clone of a git template) go
    into a folder of this run's own, removed at the end whatever happened.
    """
    check_destination(destination)
    existed = True
    try:
        destination.mkdir(parents=True)
        existed = False
    except FileExistsError:
        check_destination(destination)
    finished = False
    said_ready = _Watch(sys.stderr, _fixed_start(_message_after_copy(template)))
    try:
        with _private_temp_folder(), contextlib.redirect_stderr(said_ready):  # type: ignore[type-var]
            copier_calls.create(template, destination, data, vcs_ref=vcs_ref, user_defaults=user_defaults)
            finished = True
    except BaseException as error:  # Ctrl-C too: Copier cleans up only after an Exception
        if finished or said_ready.seen:
            console.note(f"the project in {destination} is complete; it is kept")
            if isinstance(error.__context__, KeyboardInterrupt):  # e.g. EBADF from Copier's interrupted clean-up
                raise KeyboardInterrupt from None
        elif destination.is_dir():
            remove_partial_render(destination, existed)
            console.note(f"removed the partly written {destination}; nothing is left")
        raise


def _message_after_copy(template: str) -> str:
    """The closing message of a local template folder, else ours (a URL of Pyve)."""
    local = Path(template) / "copier.yml"
    message = questionnaire.settings(local if local.is_file() else questionnaire.COPIER_YML).get("_message_after_copy")
    return message if isinstance(message, str) else ""


@contextlib.contextmanager
def _private_temp_folder() -> Iterator[None]:
    """The temp folder of this process points at a new folder for the block, removed after it (an interrupt
    can stop Copier's own removal of its template clone)."""
    import tempfile

    folder = tempfile.mkdtemp(prefix="pyve-gen-new.")
    before = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def _fixed_start(message: str) -> str:
    """The text the closing message starts with, up to its first Jinja tag ("" when it has none)."""
    start = re.split(r"\{[{%#]", message, maxsplit=1)[0].strip()
    return start if len(start) >= 4 else ""


class _Watch:
    """stderr as it is, noting when Copier starts its closing message: the render and tasks are done then."""

    def __init__(self, stream: Any, start: str) -> None:
        self._stream, self.start, self.seen = stream, start, False

    def write(self, text: str) -> int:
        if self.start and text.lstrip().startswith(self.start):
            self.seen = True
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def remove_partial_render(destination: Path, existed: bool) -> None:
    """Undo a failed render: the folder we created goes; a folder that existed (empty) is emptied again."""
    if not existed:
        shutil.rmtree(destination, ignore_errors=True)
        return
    for child in destination.iterdir() if destination.is_dir() else []:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
