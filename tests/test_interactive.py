"""The interactive runs, through a real pseudo-terminal: `copier copy` and `pyve-gen new`."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from pty_driver import CLEAR_LINE, DOWN, ENTER, UP, Terminal

# The prompts after the components, in copier.yml order, for a production project without deployment.
# Each is a fragment of the question's help text; Enter keeps the default.
PROMPTS_AFTER_COMPONENTS = (
    "Operating systems the project runs on",
    "CPU architectures to support",
    "Python versions to support",
    "Where the project is deployed",
    "Open questions or deferred topics",
    "Phase 1: Core technical",
    "Artifacts each release produces",
    "How versions are numbered",
    "How often dependencies are reviewed",
    "Test scopes the project keeps",
    "Line coverage floor in percent",
    "Folder for test data files",
    "Where linters are enforced",
    "CI provider",
    "How releases are made",
    "Publish the wheel and sdist to PyPI",
    "Phase 2: Production readiness",
    "How often dependencies are audited",
    "How the project is configured",
    "Configuration variables",
    "Monitoring: dashboards",
    "Availability objective",
    "Who answers an alert",
    "Log format",
    "Default log level",
    "Metrics and tracing",
    "CLI output style",
)
BASICS_AFTER_NAME = (
    "Repository and distribution name",
    "Python import name of the main package",
    "One-line summary",
    "Where the project stands today",
    "Owners/contacts",
    "License for the code",
    "Copyright holder",
    "Copyright year",
)


def recorded_answers(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    return loaded


def env(tmp_path: Path) -> dict[str, str]:
    settings = tmp_path / "copier-settings.yml"
    settings.write_text("{}\n")
    return {"COPIER_SETTINGS_PATH": str(settings)}


@pytest.mark.slow
def test_copier_copy_interactive_production_with_two_components(template_src: Path, tmp_path: Path) -> None:
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
    for prompt in PROMPTS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.expect('Your project "Acme Billing" is ready in')
    term.expect("./pyve.sh --init")
    term.expect("docs/specs/codebase_spec.md")
    assert term.finish() == 0, term.transcript()

    answers = recorded_answers(dest)
    assert answers["quality_level"] == "production"
    assert answers["secrets_store"] == "env"  # a Phase 2 question was asked and recorded
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
def test_pyve_gen_new_asks_components_in_a_loop_then_reviews(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "shop"
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
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
    term.answer("Phase 0: Project basics", ENTER)  # prototype
    term.answer("Project name, for humans", ENTER)  # default from the folder name: Shop
    for prompt in BASICS_AFTER_NAME:
        term.answer(prompt, ENTER)
    for prompt in PROMPTS_AFTER_COMPONENTS[:15]:  # prototype: no Phase 2 questions
        term.answer(prompt, ENTER)
    term.expect("Review: nothing is written until you confirm")
    term.expect("project_name: Shop")
    term.expect(
        "- web (kind: application, language: python, paths: src/shop_web, entrypoints: web, audience: end-user)"
    )
    term.expect("- core (kind: library, language: python, paths: src/shop_core, entrypoints: none, audience: dev-only)")
    assert not dest.exists()  # nothing written before the confirmation
    term.answer("Render the project into", ENTER)
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
def test_pyve_gen_new_writes_nothing_when_the_review_is_declined(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "declined"
    answers = tmp_path / "answers.yml"
    answers.write_text("components: [{name: tool}]\nquality_level: experiment\n")
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    args += ["--data-file", str(answers)]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Project name, for humans", ENTER)  # quality_level and components came from the file
    for prompt in BASICS_AFTER_NAME + PROMPTS_AFTER_COMPONENTS[:15]:
        term.answer(prompt, ENTER)
    term.expect("Review: nothing is written until you confirm")
    term.answer("Render the project into", "n")
    term.expect("nothing written")
    assert term.finish() == 1
    assert not dest.exists()


def test_pyve_gen_new_interrupted_says_so_and_writes_nothing(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "interrupted"
    args = ["-m", "pyve_gen.cli", "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD"]
    term = Terminal(sys.executable, args, REPO, env(tmp_path))
    term.answer("Component 1: name", "\x03")  # Ctrl-C
    term.expect("pyve-gen: error: interrupted; nothing more was done")
    assert term.finish() == 130
    assert "Traceback" not in term.transcript()
    assert not dest.exists()
