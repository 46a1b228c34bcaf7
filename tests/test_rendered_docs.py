"""The rendered documentation set: every doc filled from the answers, valid Markdown, quoting safe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from catalogue import Catalogue
from markdown_checks import plain_text, problems

from pyve_gen import questionnaire
from pyve_gen.model.gates import gates_for
from pyve_gen.model.levels import DECISION_RULE

DOCS = (
    "docs/guides/planning_guide.md",
    "docs/guides/building_guide.md",
    "docs/guides/testing_guide.md",
    "docs/guides/llm_onramp_guide.md",
    "docs/specs/technical_design.md",
    "docs/specs/implementation_options.md",
    "docs/specs/decisions_log.md",
    "docs/specs/versions.md",
)

PRODUCTION: dict[str, Any] = {
    "project_name": "Acme Billing",
    "quality_level": "production",
    "components": [
        {"name": "api", "kind": "application", "language": "python", "entrypoints": ["acme-api"]},
        {"name": "core", "kind": "library", "language": "python"},
        {"name": "deploy", "kind": "script", "language": "shell", "paths": ["scripts/deploy"]},
        {"name": "ledger", "kind": "library", "language": "sql", "paths": ["sql/ledger"], "audience": "internal-ops"},
    ],
    "deploy_provider": "fly",
    "test_scopes": ["unit", "integration", "e2e"],
    "coverage_floor": 85,
    "test_data_dir": "tests/fixtures",
    "versioning": "date",
    "artifacts": ["wheel", "container"],
    "build_backend": "hatchling",
    "lint_enforcement": "ci-only",
    "owners": "Billing team",
}

HOSTILE_NAME = 'Ünïcødé "Q" #1 | *b* `t` <x> ✓'
HOSTILE: dict[str, Any] = {
    "project_name": HOSTILE_NAME,
    "quality_level": "secure",
    "summary": "Sums 'bills' | \"quotes\" # not a heading *not bold* _x_ `code` [no](link) & ünï ✓",
    "owners": 'O\'Brien | "Team #2" *ops* `x` <ops@example.com>',
    "components": [
        {"name": "web_app", "kind": "application", "language": "python"},
        {"name": "tools", "kind": "script", "language": "shell"},
    ],
    "deploy_provider": "kubernetes",
    "open_questions": ["Which DB? | *maybe* `pg` # later"],
    "config_vars": [{"name": "API_TOKEN", "description": "Token | for `api` *x* #1", "secret": True}],
}

ANSWER_SETS: dict[str, dict[str, Any]] = {"default": {}, "production": PRODUCTION, "hostile": HOSTILE}


@pytest.fixture(scope="module")
def projects(catalogue: Catalogue) -> dict[str, Path]:
    return {name: catalogue.path(data) for name, data in ANSWER_SETS.items()}


def answers(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    return loaded


def read(project: Path, doc: str) -> str:
    return (project / doc).read_text(encoding="utf-8")


def seen(project: Path, doc: str) -> str:
    """The doc as a reader sees it, whitespace collapsed."""
    return " ".join(plain_text(read(project, doc)).split())


@pytest.mark.parametrize("answer_set", ANSWER_SETS)
@pytest.mark.parametrize("doc", DOCS)
def test_doc_is_valid_markdown(projects: dict[str, Path], answer_set: str, doc: str) -> None:
    assert problems(read(projects[answer_set], doc)) == []


@pytest.mark.parametrize("answer_set", ANSWER_SETS)
def test_every_doc_names_every_component(projects: dict[str, Path], answer_set: str) -> None:
    project = projects[answer_set]
    names = [c["name"] for c in answers(project)["components"]]
    for doc in DOCS:
        if doc in ("docs/specs/implementation_options.md", "docs/specs/decisions_log.md"):
            continue  # these two are about project-wide decisions, not components
        text = seen(project, doc)
        assert all(name in text for name in names), (doc, names)


@pytest.mark.parametrize("answer_set", ANSWER_SETS)
def test_technical_design_has_one_section_per_component(projects: dict[str, Path], answer_set: str) -> None:
    project = projects[answer_set]
    text = read(project, "docs/specs/technical_design.md")
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    components = answers(project)["components"]
    assert len(sections) == len(components)
    for section, comp in zip(sections, components, strict=True):
        shown = " ".join(plain_text("# " + section).split())
        assert shown.startswith(comp["name"])
        assert f"Kind: {comp['kind']}" in shown
        assert "Language:" in shown and "Audience:" in shown
        for command in comp.get("entrypoints", []):
            assert command in shown
        for path in comp.get("paths", []):
            assert path in shown


def test_production_guides_carry_the_answers(projects: dict[str, Path]) -> None:
    project = projects["production"]
    testing = seen(project, "docs/guides/testing_guide.md")
    assert "coverage floor is 85%" in testing
    assert "tests/fixtures" in testing
    for scope in ("unit", "integration", "e2e"):
        assert f"{scope}:" in testing
    for lang in ("python", "shell", "sql"):
        assert f"make test-{lang}" in testing
    assert "pytest with pytest-cov" in testing and "bats" in testing

    building = seen(project, "docs/guides/building_guide.md")
    assert "built by hatchling" in building
    assert "YEAR.MONTH.N" in building
    assert "wheel + sdist" in building and "container image: podman build -t acme-billing ." in building
    assert "Releases are tag-driven" in building

    planning = seen(project, "docs/guides/planning_guide.md")
    assert planning.count("planned: required before v1.0.0") == 1  # Phase 2 yes, Phase 3 no
    for gate in gates_for("production"):
        assert gate.title in planning

    onramp = seen(project, "docs/guides/llm_onramp_guide.md")
    for lang in ("python", "shell", "sql"):
        assert f"docs/specs/lang/{lang}_spec.md" in onramp
    assert "docs/specs/lang/cpp_spec.md" not in onramp
    assert "Line coverage must stay at or above 85%" in onramp

    decisions = seen(project, "docs/specs/decisions_log.md")
    assert f"Decision: production, the level for {DECISION_RULE['production']}" in decisions
    assert "deploy to fly, with podman and a debian base image" in decisions
    assert "fly.toml" in decisions
    assert "requirements.txt" in decisions  # an application is present: app lock mode

    versions = seen(project, "docs/specs/versions.md")
    assert "v0.0.1: Hello World [Implemented]" in versions
    assert "with unit and integration and e2e tests" in versions
    assert "Phase 2, production readiness" in versions


def test_default_prototype_plan_skips_phases_2_and_3(projects: dict[str, Path]) -> None:
    planning = seen(projects["default"], "docs/guides/planning_guide.md")
    assert "not planned (asked from the production level up)" in planning
    assert "not planned (asked at the secure level)" in planning
    decisions = seen(projects["default"], "docs/specs/decisions_log.md")
    assert "Decision: prototype" in decisions
    assert "Decision: not deployed." in decisions
    testing = seen(projects["default"], "docs/guides/testing_guide.md")
    assert "There is no coverage floor (0%)" in testing


@pytest.mark.parametrize("answer_set", ANSWER_SETS)
def test_implementation_options_mark_exactly_the_chosen_ones(projects: dict[str, Path], answer_set: str) -> None:
    project = projects[answer_set]
    given = answers(project)
    questions = questionnaire.questions()
    chosen_by_default = {key: questions[key]["default"] for key in ("build_backend", "deploy_provider")}
    text = read(project, "docs/specs/implementation_options.md")
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    for title, key in (
        ("Build backend", "build_backend"),
        ("Lint enforcement", "lint_enforcement"),
        ("Continuous integration", "ci_provider"),
        ("Deployment", "deploy_provider"),
    ):
        rows = [line for line in sections[title].splitlines() if line.startswith("| ") and "---" not in line][1:]
        options = [row.split("|")[1].strip() for row in rows]
        assert options == questionnaire.choice_values(questions[key]), title  # every choice of copier.yml
        marked = [row.split("|")[1].strip() for row in rows if "**chosen**" in row]
        expected = given.get(key, chosen_by_default.get(key))
        if isinstance(expected, str) and "{" in expected:  # a templated default: read the recorded answer
            expected = given[key]
        assert marked == [expected], title


def test_hostile_answers_show_literally(projects: dict[str, Path]) -> None:
    project = projects["hostile"]
    for doc in DOCS:
        assert HOSTILE_NAME in seen(project, doc), doc
    onramp = seen(project, "docs/guides/llm_onramp_guide.md")
    assert HOSTILE["summary"] in onramp
    assert HOSTILE["owners"] in onramp
    assert HOSTILE["summary"] in seen(project, "docs/specs/technical_design.md")
    assert HOSTILE["config_vars"][0]["description"] in seen(project, "docs/specs/technical_design.md")
    for doc in ("docs/guides/planning_guide.md", "docs/specs/versions.md"):
        assert HOSTILE["open_questions"][0] in seen(project, doc), doc
    assert "docs/security/" in onramp  # the secure level adds the security docs to the reading order
