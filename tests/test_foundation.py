"""The foundation: questionnaire phases, the spec doc, hostile-but-legal answers, bad data, determinism."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, CopieRender, Render, render_project

from pyve_gen import questionnaire
from pyve_gen.model.levels import LEVELS

SEED = REPO / "tests" / "data" / "codebase_spec_template.md"
QUESTIONS = questionnaire.questions()
# A question with `ask: false` (adopt_held, set by pyve-gen adopt) is recorded at every level, never asked.
NEVER_ASKED = {key for key, spec in QUESTIONS.items() if spec.get("ask") is False}
PHASE2 = {key for key, phase in questionnaire.phases().items() if phase.startswith("Phase 2")} - NEVER_ASKED
PHASE3 = {key for key, phase in questionnaire.phases().items() if phase.startswith("Phase 3")} - NEVER_ASKED
DEPLOYED = {"deploy_provider": "kubernetes"}


def answers_of(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def seed_sections() -> dict[str, list[str]]:
    """Seed heading -> the bold field labels under it."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in SEED.read_text().splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif current:
            sections[current] += re.findall(r"\*\*([^*]+):\*\*", line)
    return sections


def section_bodies(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def shared_seed() -> Path | None:
    """The product spec's seed in the ``shared/`` folder beside this checkout or one of its parents (CI puts
    it at ``../shared``; a worktree under ``wt/`` finds it at ``../../shared``); ``PYVE_SHARED_DIR`` overrides."""
    if override := os.environ.get("PYVE_SHARED_DIR"):
        return Path(override) / "spec" / "codebase_spec_template.md"
    for folder in REPO.parents:
        candidate = folder / "shared" / "spec" / "codebase_spec_template.md"
        if candidate.is_file():
            return candidate
    return None


def test_seed_copy_matches_shared_spec() -> None:
    shared = shared_seed()
    if shared is None and not os.environ.get("CI"):
        pytest.skip("no shared/spec beside this checkout or its parents (set PYVE_SHARED_DIR)")
    assert shared is not None and shared.is_file(), f"CI must have the shared spec beside the checkout: {shared}"
    assert SEED.read_text() == shared.read_text()


def test_phase_sets_are_not_empty() -> None:
    assert {"config_vars", "container_runtime", "base_image", "log_format", "regions", "rto"} <= PHASE2
    assert {"security_contact", "compliance", "signing", "secret_scanner"} <= PHASE3


@pytest.mark.parametrize("level", LEVELS)
def test_phase_questions_are_asked_exactly_from_their_level(copie_render: CopieRender, level: str) -> None:
    result = copie_render({"quality_level": level, **DEPLOYED})
    assert result.exit_code == 0 and result.project_dir is not None, result.exception
    recorded = answers_of(result.project_dir)
    assert recorded["quality_level"] == level
    asked = set(recorded)
    if level in ("production", "secure"):
        assert PHASE2 <= asked
    else:
        assert not (PHASE2 & asked), PHASE2 & asked
    if level == "secure":
        assert PHASE3 <= asked
    else:
        assert not (PHASE3 & asked)
    phase01 = (
        set(QUESTIONS)
        - PHASE2
        - PHASE3
        - {"build_backend", "cpp_package_manager", "cpp_standard", "sql_dialect", "sql_engine_versions"}
        - {"pypi_publish"}
    )
    assert phase01 <= asked
    # PyPI publishing is a question only where a tag-driven release exists to publish from.
    assert ("pypi_publish" in asked) == (recorded["release_process"] == "tag-driven")


def test_every_question_has_help_and_default() -> None:
    for key, spec in QUESTIONS.items():
        assert spec.get("help"), key
        assert "default" in spec, key


@pytest.mark.parametrize("level", LEVELS)
def test_spec_doc_fills_every_seed_section(render: Render, level: str) -> None:
    project = render({"quality_level": level, "deploy_provider": "fly" if level != "experiment" else "none"})
    spec = (project / "docs" / "specs" / "codebase_spec.md").read_text()
    bodies = section_bodies(spec)
    for heading, labels in seed_sections().items():
        assert heading in bodies, heading
        body = bodies[heading]
        lines = [line for line in body.splitlines() if line.strip() and not line.startswith("<!--")]
        assert lines, f"section {heading!r} is empty"
        for label in labels:
            assert f"**{label}:**" in body, f"{heading}: {label}"
    empty = re.search(r"\*\*[^*]+:\*\*[ \t]*\n(?![ \t]+- |\n\|)", spec)
    assert not empty, f"an empty bullet: {empty.group(0) if empty else ''}"
    assert "experiment | prototype" not in spec and "{{" not in spec and "{%" not in spec
    assert f"**Quality Level:** {level}" in spec
    from pyve_gen.model.gates import gates_for

    for gate in gates_for(level):
        assert f"(`{gate.id}`)" in spec


def test_hostile_but_legal_answers_land_quoted(render: Render) -> None:
    name = 'Café "Quote" \'s: #1 | `tick` $(echo no) *x*'
    summary = 'Does "things": a # b, c\\d, ünïcødé ✓ [link](x) <b>'
    project = render(
        {"project_name": name, "project_slug": "cafe", "summary": summary, "owners": "Zoë <z@example.com>"}
    )
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["description"] == summary
    assert answers_of(project)["project_name"] == name
    readme = (project / "README.md").read_text()
    assert "\\`tick\\`" in readme and "\\*x\\*" in readme
    assert "$(echo no)" in readme  # inert text in Markdown, not executed anywhere
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


BAD_DATA = [
    ({"project_slug": "Bad Slug"}, "lowercase ASCII letters, digits and single hyphens"),
    ({"package_name": "class"}, "Python identifier"),
    ({"project_name": "two\nlines"}, "single line"),
    ({"components": [{"name": "x", "paths": ["../escape"]}]}, "'..'"),
    ({"components": [{"name": "x", "language": "cobol"}]}, "choose one of python, shell, cpp, ruby, sql"),
    ({"quality_level": "secure", "security_contact": "nobody"}, "email address"),
]


@pytest.mark.parametrize(("data", "message"), BAD_DATA)
def test_scripted_copy_with_bad_data_fails_cleanly(
    template_src: Path, tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    data_file = tmp_path / "answers.yml"
    data_file.write_text(yaml.safe_dump(data))
    dest = tmp_path / "out"
    copier = Path(sys.executable).parent / "copier"
    result = subprocess.run(
        [
            str(copier),
            "copy",
            "--trust",
            "--defaults",
            "--vcs-ref",
            "HEAD",
            "--data-file",
            str(data_file),
            str(template_src),
            str(dest),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode != 0
    assert message in result.stderr.strip().splitlines()[-1]
    assert not dest.exists()


def run_pyve_gen_new(dest: Path, template: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`pyve-gen new DEST --defaults` from the test template snapshot, in a subprocess."""
    command = [sys.executable, "-m", "pyve_gen.cli", "new", str(dest), "--defaults", *extra]
    command += ["--template", str(template), "--vcs-ref", "HEAD"]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO)


@pytest.mark.parametrize(("data", "message"), BAD_DATA[:5])
def test_pyve_gen_new_with_bad_data_prints_the_message_alone(
    template_src: Path, tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    data_file = tmp_path / "answers.yml"
    data_file.write_text(yaml.safe_dump(data))
    dest = tmp_path / "out"
    result = run_pyve_gen_new(dest, template_src, "--data-file", str(data_file))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists()


def test_pyve_gen_new_defaults_renders(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    result = run_pyve_gen_new(dest, template_src)
    assert result.returncode == 0, result.stderr
    assert (dest / "docs" / "specs" / "codebase_spec.md").is_file()


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rendering_is_deterministic(template_src: Path, tmp_path: Path) -> None:
    data = {
        "quality_level": "secure",
        "deploy_provider": "kubernetes",
        "project_name": "Det Ünïcode",
        "components": [{"name": "core", "kind": "library"}, {"name": "app", "kind": "cli"}],
    }
    first = render_project(template_src, tmp_path / "a", data)
    second = render_project(template_src, tmp_path / "b", data)
    assert _tree_bytes(first) == _tree_bytes(second)
    assert not filecmp.dircmp(first, second).diff_files
