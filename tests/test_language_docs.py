"""Docs and gates by language: a project without Python shows no Python-only gate as enforced, its
README names each language's tools, and its CI runs one test job per runner (not per Python)."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import Render

from pyve_gen.model.facts import LANGUAGE_LABELS
from pyve_gen.model.gates import language_notes

NO_PYTHON = {
    "quality_level": "production",
    "components": [
        {"name": "engine", "kind": "library", "language": "cpp"},
        {"name": "ops", "kind": "script", "language": "shell"},
        {"name": "my-gem", "kind": "cli", "language": "ruby"},
        {"name": "db", "kind": "library", "language": "sql"},
    ],
    "os_targets": ["linux", "macos"],
    "cpu_archs": ["x86_64", "arm64"],
    "python_versions": ["3.11", "3.12", "3.13"],
}


def test_python_only_gates_are_marked_by_the_languages_present() -> None:
    assert language_notes("production", ["shell"], LANGUAGE_LABELS) == {
        "type-check": "does not apply: no Python code",
        "coverage": "does not apply: no Python or C++ code",
    }
    mixed = language_notes("production", ["python", "cpp"], LANGUAGE_LABELS)
    # gcovr measures the C++ code against the floor too (make test-cpp).
    assert "coverage" not in mixed and mixed["type-check"] == "Python code only (not enforced for C++)"
    assert language_notes("production", ["python", "shell"], LANGUAGE_LABELS)["coverage"] == (
        "Python code only (not enforced for Shell)"
    )
    assert language_notes("production", ["python"], LANGUAGE_LABELS) == {}
    assert language_notes("prototype", ["shell"], LANGUAGE_LABELS) == {}


def test_a_project_without_python_documents_and_runs_what_its_languages_need(render: Render) -> None:
    project: Path = render(NO_PYTHON)
    readme = (project / "README.md").read_text()
    assert "| `type-check` | mypy --strict passes on all Python code (does not apply: no Python code) | - |" in readme
    assert (
        "| `coverage` | line coverage stays at or above the floor (floor: 80%) "
        "(C++ code only (not enforced for Shell, Ruby, SQL)) | test |"
    ) in readme
    for line in (
        "- Shell: `apt-get install shellcheck shfmt zsh bats`",
        "- Ruby: `apt-get install ruby ruby-bundler ruby-dev`",
        "- PostgreSQL 15 and 17 servers, for `make test-sql`: `apt-get install postgresql-15 postgresql-17`",
    ):
        assert line in readme, line
    spec = (project / "docs/specs/codebase_spec.md").read_text()
    assert "80% line coverage (C++ code only (not enforced for Shell, Ruby, SQL)), enforced by `make test`" in spec
    ci = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    matrix = ci["jobs"]["test"]["strategy"]["matrix"]
    assert len(matrix["os"]) * len(matrix["python"]) == 4, matrix
    bats = (project / "tests/shell/ops.bats").read_text()
    guide = (project / "docs/guides/lang/shell_guide.md").read_text()
    assert "# shellcheck source=SCRIPTDIR/" in guide and "source=/dev/null" not in bats
