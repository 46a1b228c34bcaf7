"""The interactive runs, through a real pseudo-terminal: `copier copy` and `pyve-gen new`."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from pty_driver import CLEAR_LINE, DOWN, ENTER, UP, Terminal

from pyve_gen import questionnaire

# Phase 0 after the name, in copier.yml order: each a fragment of the question's help text.
BASICS_AFTER_NAME = (
    "Repository and distribution name",
    "One-line summary",
    "Where the project stands today",
    "Owners/contacts",
    "License for the code",
    "Copyright holder",
    "Copyright year",
)
# Phase 0 after the components (package_name comes after them, so its default names real imports).
BASICS_AFTER_COMPONENTS = (
    "Python import name of the project",
    "Operating systems the project runs on",
    "CPU architectures to support",
    "Python versions to support",
    "Where the project is deployed",
    "Open questions or deferred topics",
    "make the folder a git repository with an initial commit",  # yes (Enter): the task runs after rendering
)
# Phase 1's questions for a Python project, once its gate says "answer the Phase 1 questions".
PHASE1_QUESTIONS = (
    "Python build backend",
    "Where the version comes from",
    "Artifacts each release produces",
    "How versions are numbered",
    "How often dependencies are reviewed",
    "Test scopes the project keeps",
    "Line coverage floor in percent",
    "Folder for test data files",
    "Where linters are enforced",
    "CI provider",
    "How releases are made",
)
KEEP_DEFAULTS = ENTER  # each gate's default: keep the recommended defaults
ANSWER_PHASE = DOWN + ENTER  # the gate's second choice: answer the phase's questions
DEFAULT_PAIR = re.compile(r"\b([a-z][a-z0-9_]*)=(\S+)")


def gate_defaults(term: Terminal, phase: int) -> dict[str, str]:
    """The ``key=value`` defaults a phase gate's help lists on screen, from "Phase N asks up to" to its choices."""
    lines = term.lines()
    start = next(i for i, line in enumerate(lines) if f"Phase {phase} asks up to" in line)
    end = next(
        i
        for i in range(start, len(lines))
        if lines[i].strip().endswith("(Use arrow keys)") or lines[i].strip() == "keep the recommended defaults"
    )
    return dict(pair for line in lines[start:end] for pair in DEFAULT_PAIR.findall(line))


def as_listed(value: object) -> str:
    """An answer as a gate's help lists it: lists joined by commas, booleans lowercase."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def recorded_answers(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    return loaded


def env(tmp_path: Path) -> dict[str, str]:
    settings = tmp_path / "copier-settings.yml"
    settings.write_text("{}\n")
    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in IDENTITY.items()}
    return {"COPIER_SETTINGS_PATH": str(settings), **identity}


IDENTITY = {"NAME": "Pat Tester", "EMAIL": "pat@example.com"}


def git_log(project: Path) -> list[str]:
    done = subprocess.run(["git", "-C", str(project), "log", "--format=%s"], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


@pytest.mark.slow
def test_copier_copy_interactive_production_with_two_components(template_src: Path, tmp_path: Path) -> None:
    """Phase 1 answered question by question, Phase 2's recommended defaults kept."""
    dest = tmp_path / "acme"
    copier = str(Path(sys.executable).with_name("copier"))
    term = Terminal(
        copier, ["copy", "--trust", "--vcs-ref", "HEAD", str(template_src), str(dest)], tmp_path, env(tmp_path)
    )
    term.answer("Phase 0: Project basics", DOWN, ENTER)  # prototype (the default) -> production
    term.answer("Project name, for humans", CLEAR_LINE, "Acme Billing", ENTER)
    for prompt in BASICS_AFTER_NAME:
        term.answer(prompt, ENTER)
    term.answer("Components: the deliverable units", CLEAR_LINE, "[{name: Bad Name}]", ENTER)
    term.expect("name must be lowercase ASCII letters", advance=False)  # re-asked, with the validator's message
    term.child.send(CLEAR_LINE + "[{name: api, kind: application}, {name: core, kind: library}]" + ENTER)
    # package_name, asked after the components, shows the imports its default gives them
    term.expect("With the default your components import as: acme_billing_api, acme_billing_core", advance=False)
    for prompt in BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to 13 questions for this project", ANSWER_PHASE)
    for prompt in PHASE1_QUESTIONS:
        term.answer(prompt, ENTER)
    term.answer("Publish the wheel and sdist to PyPI", ENTER)  # tag-driven releases on GitHub Actions
    term.answer("Web address of the repository", ENTER)  # none yet: no [project.urls]
    term.answer("Phase 2 asks up to 11 questions for this project", KEEP_DEFAULTS)
    term.expect('Your project "Acme Billing" is ready in')
    term.expect("./pyve.sh --init")
    term.expect("docs/specs/codebase_spec.md")
    assert term.finish() == 0, term.transcript()
    assert "Configuration variables" not in term.transcript()  # Phase 2 was not asked

    answers = recorded_answers(dest)
    assert answers["quality_level"] == "production"
    assert answers["phase1_mode"] == "answer" and answers["phase2_mode"] == "defaults"
    assert answers["secrets_store"] == "env"  # a Phase 2 default, kept and recorded
    assert answers["coverage_floor"] == 80  # the default the level chose
    assert [c["name"] for c in answers["components"]] == ["api", "core"]  # type: ignore[index]
    # Each component imports under the package name: acme_billing_api, acme_billing_core (not api, core).
    for path in (
        "src/acme_billing_api/__main__.py",
        "src/acme_billing_core/__init__.py",
        "tests/test_acme_billing_api.py",
        "tests/test_acme_billing_core.py",
    ):
        assert (dest / path).is_file(), path
    assert not (dest / "src/acme_billing_core/__main__.py").exists()  # a library has no entry point
    assert "### api" in (dest / "docs/specs/technical_design.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_copier_copy_production_with_a_deploy_target_in_at_most_22_answers(template_src: Path, tmp_path: Path) -> None:
    """The three-minute path: Phase 0 answered, the detailed phases' recommended defaults kept and recorded."""
    dest = tmp_path / "shipit"
    copier = str(Path(sys.executable).with_name("copier"))
    term = Terminal(
        copier, ["copy", "--trust", "--vcs-ref", "HEAD", str(template_src), str(dest)], tmp_path, env(tmp_path)
    )
    term.answer("Phase 0: Project basics", DOWN, ENTER)  # production
    term.answer("Project name, for humans", CLEAR_LINE, "Ship It", ENTER)
    for prompt in BASICS_AFTER_NAME:
        term.answer(prompt, ENTER)
    term.answer("Components: the deliverable units", CLEAR_LINE, "web:application", ENTER)  # the short form
    for prompt in BASICS_AFTER_COMPONENTS:
        keys = (
            (DOWN, DOWN, ENTER) if prompt == "Where the project is deployed" else (ENTER,)
        )  # none -> undecided -> fly
        term.answer(prompt, *keys)
    term.answer("Phase 1 asks up to 13 questions for this project", KEEP_DEFAULTS)
    term.answer("Phase 2 asks up to 21 questions for this project", KEEP_DEFAULTS)
    term.expect('Your project "Ship It" is ready in')
    assert term.finish() == 0, term.transcript()
    print(f"\n{len(term.prompts)} answers:\n{term.transcript()}")  # the transcript, for the record (pytest -s)
    assert len(term.prompts) <= 22, term.prompts

    answers = recorded_answers(dest)
    assert answers["quality_level"] == "production" and answers["deploy_provider"] == "fly"
    assert answers["phase1_mode"] == answers["phase2_mode"] == "defaults"
    # Every skipped question's default is recorded, and each default the gates listed is the one recorded.
    for key in ("build_backend", "coverage_floor", "release_process", "secrets_store", "scaling", "rto", "on_call"):
        assert key in answers, key
    listed = gate_defaults(term, 1) | gate_defaults(term, 2)
    assert {"coverage_floor", "release_process", "audit_cadence", "rto", "iac_tool"} <= set(listed)
    assert {key: as_listed(answers[key]) for key in listed} == listed
    spec = (dest / "docs/specs/codebase_spec.md").read_text(encoding="utf-8")
    assert "Recommended defaults kept: Phase 2: Production readiness" in spec
    assert "- **Scaling:** 2 instances" in spec and "(recommended default, kept)" in spec
    assert (dest / "fly.toml").is_file()
    # The git_init task: a repository with one commit holding every rendered file.
    assert git_log(dest) == ["Render from Pyve"]
    status = subprocess.run(["git", "-C", str(dest), "status", "--porcelain"], capture_output=True, text=True)
    assert status.returncode == 0 and status.stdout == ""


@pytest.mark.slow
def test_pyve_gen_new_asks_components_in_a_loop_then_reviews(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "shop"
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Quality level", ENTER)  # prototype: asked first, with the name
    term.answer("Project name, for humans", ENTER)  # default from the folder name: Shop
    term.expect("Components: the deliverable units")
    term.answer("Component 1: name", CLEAR_LINE, "Web App", ENTER)
    term.expect("name must be lowercase ASCII letters", advance=False)
    term.child.send(CLEAR_LINE + "web" + ENTER)
    term.answer("web: kind", UP, UP, ENTER)  # cli (the first default) -> library -> application
    term.answer("web: language", ENTER)
    term.answer("web: paths", ENTER)  # src/shop_web: a package named after the project (package_name: shop)
    term.answer("web: entrypoints", ENTER)  # web
    term.answer("web: audience", ENTER)
    term.answer("Add another component?", "y")
    term.answer("Component 2: name", "web", ENTER)
    term.expect("the name is used twice", advance=False)
    term.child.send(CLEAR_LINE + "core" + ENTER)
    term.answer("core: kind", ENTER)  # library, the default after the first component
    term.answer("core: language", ENTER)
    term.answer("core: paths", CLEAR_LINE, "src/shop_web/core", ENTER)
    term.expect("overlaps 'src/shop_web' of component 'web'", advance=False)
    term.child.send(CLEAR_LINE + "src/shop_core" + ENTER)
    term.answer("core: entrypoints", ENTER)  # none for a library
    term.answer("core: audience", ENTER)
    term.answer("Add another component?", "n")
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:  # Copier asks the rest of Phase 0
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to 13 questions for this project", KEEP_DEFAULTS)  # prototype: no Phase 2
    term.expect("Review: nothing is written until you choose to render")
    term.expect("Quality level: prototype: validate function/UX")  # the labels chosen, not raw keys
    term.expect("Project name, for humans: Shop")
    term.expect("License for the code: MIT: permissive, short")
    term.expect(
        "- web (kind: application, language: python, paths: src/shop_web, entrypoints: web, audience: end-user)"
    )
    term.expect("- core (kind: library, language: python, paths: src/shop_core, entrypoints: none, audience: dev-only)")
    term.expect("Open questions or deferred topics: none")
    term.expect("Phase 1 questions: keep the recommended defaults")
    assert not dest.exists()  # nothing written before the confirmation
    term.answer("What now?", ENTER)  # render the project
    term.expect('Your project "Shop" is ready in')
    assert term.finish() == 0, term.transcript()

    answers = recorded_answers(dest)
    assert answers["components"] == [
        {
            "name": "web",
            "kind": "application",
            "language": "python",
            "entrypoints": ["web"],
            "paths": ["src/shop_web"],
            "audience": "end-user",
        },
        {
            "name": "core",
            "kind": "library",
            "language": "python",
            "entrypoints": [],
            "paths": ["src/shop_core"],
            "audience": "dev-only",
        },
    ]
    assert "secrets_store" not in answers  # prototype: Phase 2 not asked
    assert (dest / "src/shop_web/__main__.py").is_file()
    assert (dest / "src/shop_core/__init__.py").is_file()
    pyproject = tomllib.loads((dest / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"] == {"web": "shop_web.__main__:main"}


@pytest.mark.slow
def test_pyve_gen_new_review_edits_one_answer_before_rendering(template_src: Path, tmp_path: Path) -> None:
    """`python -m pyve_gen new`: the review edits one answer (the level), Copier asks only what it opens up."""
    dest = tmp_path / "ledger"
    args = ["-m", "pyve_gen", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Quality level", ENTER)  # prototype, changed in the review below
    term.answer("Project name, for humans", ENTER)  # Ledger
    term.answer("Component 1: name", ENTER)  # ledger
    for prompt in ("ledger: kind", "ledger: language", "ledger: paths", "ledger: entrypoints", "ledger: audience"):
        term.answer(prompt, ENTER)
    term.answer("Add another component?", "n")
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to 13 questions for this project", KEEP_DEFAULTS)
    term.expect("Review: nothing is written until you choose to render")
    term.expect("Line coverage floor in percent, enforced in CI: 0")  # the prototype default, kept by the gate
    term.answer("What now?", DOWN, ENTER)  # edit one answer
    term.answer("Which answer?", ENTER)  # the first one: the quality level
    term.answer("Quality level", DOWN, ENTER)  # prototype -> production
    term.answer("Phase 2 asks up to 11 questions for this project", KEEP_DEFAULTS)  # newly relevant: asked once
    term.expect("Review: nothing is written until you choose to render")
    term.expect("Quality level: production: reliability")
    term.expect("Project name, for humans: Ledger")  # the other answers are kept
    term.expect("Line coverage floor in percent, enforced in CI: 80")  # a kept default follows the new level
    assert not dest.exists()
    term.answer("What now?", ENTER)  # render
    term.expect('Your project "Ledger" is ready in')
    assert term.finish() == 0, term.transcript()
    print(f"\n{len(term.prompts)} answers:\n{term.transcript()}")  # the transcript, for the record (pytest -s)

    answers = recorded_answers(dest)
    assert answers["quality_level"] == "production" and answers["coverage_floor"] == 80
    assert answers["phase2_mode"] == "defaults" and answers["secrets_store"] == "env"
    assert answers["project_slug"] == "ledger"


@pytest.mark.slow
def test_pyve_gen_new_review_opens_a_phase_whose_defaults_were_kept(template_src: Path, tmp_path: Path) -> None:
    """Editing a gate to "answer" in the review: Copier then asks that phase's questions, and nothing else."""
    dest = tmp_path / "tool"
    answers_file = tmp_path / "answers.yml"
    answers_file.write_text("components: tool:cli\nquality_level: experiment\nproject_name: Tool\n")
    args = ["-m", "pyve_gen", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    args += ["--data-file", str(answers_file)]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to 13 questions for this project", KEEP_DEFAULTS)  # PyPI only if tag-driven
    term.expect("Phase 1 questions: keep the recommended defaults")
    term.answer("What now?", DOWN, ENTER)  # edit one answer
    phase0 = [key for key, phase in questionnaire.phases().items() if phase.startswith("Phase 0")]
    term.answer("Which answer?", *([DOWN] * len(phase0)), ENTER)  # the first after Phase 0: the Phase 1 gate
    term.answer("Phase 1 questions", ANSWER_PHASE)
    term.answer("Python build backend", DOWN, ENTER)  # setuptools -> hatchling
    for prompt in PHASE1_QUESTIONS[1:]:  # experiment: manual releases, so no PyPI question
        term.answer(prompt, ENTER)
    term.answer("Web address of the repository", ENTER)
    term.expect("Review: nothing is written until you choose to render")
    term.expect("Phase 1 questions: answer the Phase 1 questions")
    term.expect("Python build backend written into pyproject.toml: hatchling: small and fast")
    term.answer("What now?", ENTER)
    term.expect('Your project "Tool" is ready in')
    assert term.finish() == 0, term.transcript()
    answers = recorded_answers(dest)
    assert answers["phase1_mode"] == "answer" and answers["build_backend"] == "hatchling"
    assert "Recommended defaults kept" not in (dest / "docs/specs/codebase_spec.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_pyve_gen_new_writes_nothing_when_the_review_is_declined(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "declined"
    answers = tmp_path / "answers.yml"
    answers.write_text("components: [{name: tool}]\nquality_level: experiment\n")
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    args += ["--data-file", str(answers)]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Project name, for humans", ENTER)  # quality_level and components came from the file
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to", KEEP_DEFAULTS)
    term.expect("Review: nothing is written until you choose to render")
    term.answer("What now?", DOWN, DOWN, ENTER)  # quit without writing anything
    term.expect("nothing written")
    assert term.finish() == 1
    assert not dest.exists()


def test_pyve_gen_new_interrupted_says_so_and_writes_nothing(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "interrupted"
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Quality level", ENTER)
    term.answer("Project name, for humans", ENTER)
    term.answer("Component 1: name", "\x03")  # Ctrl-C
    term.expect("pyve-gen: error: interrupted; nothing more was done")
    assert term.finish() == 130
    assert "Traceback" not in term.transcript()
    assert not dest.exists()


def test_pyve_gen_new_never_touches_a_file_that_appeared_while_it_asked(template_src: Path, tmp_path: Path) -> None:
    """The folder is checked again after the review: a file written meanwhile stops the render, kept as it is.

    Before, the emptiness check ran only before the questions, Copier's "Overwrite README.md? (Y/n)"
    replaced the user's file, and the clean-up after the failed render deleted the rest.
    """
    dest = tmp_path / "raced"
    answers = tmp_path / "answers.yml"
    answers.write_text("components: [{name: tool}]\nquality_level: experiment\n")
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    args += ["--data-file", str(answers)]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Project name, for humans", ENTER)
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to", KEEP_DEFAULTS)
    term.expect("Review: nothing is written until you choose to render")
    dest.mkdir()
    (dest / "README.md").write_text("mine\n")
    (dest / "notes.txt").write_text("also mine\n")
    term.answer("What now?", ENTER)  # render
    term.expect("already exists and is not empty")
    assert term.finish() == 1
    assert sorted(p.name for p in dest.iterdir()) == ["README.md", "notes.txt"]
    assert (dest / "README.md").read_text() == "mine\n"


@pytest.mark.slow
def test_pyve_gen_new_review_carries_an_edit_to_the_answers_that_followed_it(
    template_src: Path, tmp_path: Path
) -> None:
    """Renaming the package moves the component paths derived from it; raising the level moves the Phase 1
    answers given with Enter (they held the prototype defaults); the review lists what moved."""
    dest = tmp_path / "csv-tool"
    args = ["-m", "pyve_gen", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    # An edit re-runs Copier a few times (which answers followed their defaults, and their new defaults).
    term = Terminal(sys.executable, args, REPO, env(tmp_path), timeout=120)
    term.answer("Quality level", ENTER)  # prototype
    term.answer("Project name, for humans", ENTER)  # Csv Tool
    term.answer("Component 1: name", CLEAR_LINE, "csvtool", ENTER)
    for prompt in ("csvtool: kind", "csvtool: language"):
        term.answer(prompt, ENTER)
    term.answer("csvtool: paths", ENTER)  # src/csv_tool_csvtool, under the package csv_tool
    for prompt in ("csvtool: entrypoints", "csvtool: audience"):
        term.answer(prompt, ENTER)
    term.answer("Add another component?", "n")
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to 13 questions for this project", ANSWER_PHASE)
    for prompt in PHASE1_QUESTIONS:
        term.answer(prompt, ENTER)
    term.answer("Web address of the repository", ENTER)  # manual releases: no PyPI question before it
    term.expect("Review: nothing is written until you choose to render")
    term.expect("paths: src/csv_tool_csvtool")
    phase0 = [key for key, phase in questionnaire.phases().items() if phase.startswith("Phase 0")]
    term.answer("What now?", DOWN, ENTER)
    term.answer("Which answer?", *([DOWN] * phase0.index("package_name")), ENTER)
    # The prompt with its default (the menu's entry has a colon): a long menu's lines vanish once closed.
    term.answer("Python import name of the project csv_tool", CLEAR_LINE, "csvkit", ENTER)
    term.expect("Your edit also moved the answers that followed it")
    term.expect("Components: csvtool paths: src/csv_tool_csvtool -> src/csvkit_csvtool")
    term.expect("Review: nothing is written until you choose to render")
    term.answer("What now?", DOWN, ENTER)
    term.answer("Which answer?", ENTER)  # the quality level
    term.answer("Quality level (Use arrow keys)", DOWN, ENTER)  # prototype -> production
    # Newly relevant, so asked: PyPI (releases followed the level to tag-driven), then the Phase 2 gate.
    term.answer("Publish the wheel and sdist to PyPI", ENTER)
    term.answer("Phase 2 asks up to", KEEP_DEFAULTS)
    term.expect("Your edit also moved the answers that followed it")
    term.expect("Line coverage floor in percent, enforced in CI: 0 -> 80")
    term.expect("How releases are made: manual: a maintainer builds and publishes -> tag-driven")
    term.expect("Review: nothing is written until you choose to render")
    term.answer("What now?", ENTER)
    term.expect('Your project "Csv Tool" is ready in')
    assert term.finish() == 0, term.transcript()
    print(f"\n{term.transcript()}")
    answers = recorded_answers(dest)
    assert answers["package_name"] == "csvkit" and answers["coverage_floor"] == 80
    assert answers["release_process"] == "tag-driven" and answers["versioning"] == "semver"
    assert answers["components"][0]["paths"] == ["src/csvkit_csvtool"]  # type: ignore[index]
    assert (dest / "src/csvkit_csvtool/__main__.py").is_file()
