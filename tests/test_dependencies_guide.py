"""docs/guides/dependencies_guide.md: one section per language present, filled from the answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from catalogue import Catalogue

GUIDE = Path("docs/guides/dependencies_guide.md")
BOTS = "## Bots: Dependabot and template updates"
LANGUAGE_SECTIONS = {"python": "## Python", "shell": "## Shell", "cpp": "## C/C++", "ruby": "## Ruby", "sql": "## SQL"}

EVERYTHING: dict[str, Any] = {
    "quality_level": "secure",
    "components": [
        {"name": "core", "kind": "library", "language": "python"},
        {"name": "api", "kind": "application", "language": "python"},
        {"name": "deploy", "kind": "script", "language": "shell"},
        {"name": "engine", "kind": "library", "language": "cpp"},
        {"name": "gem", "kind": "library", "language": "ruby"},
        {"name": "db", "kind": "library", "language": "sql"},
    ],
    "cpp_package_manager": "conan",
    "sql_dialect": "mysql",
    "sql_engine_versions": "8.0 | *9* <b>",
    "dependency_update_cadence": "weekly",
    "os_targets": ["linux"],
    "cpu_archs": ["arm64"],
    "python_versions": ["3.12", "3.13"],
}
LIBRARY_ONLY: dict[str, Any] = {
    "quality_level": "experiment",
    "components": [{"name": "tiny", "kind": "library", "language": "python"}],
    "dependency_update_cadence": "quarterly",
    "python_versions": ["3.10", "3.11"],
}
SHELL_AND_CPP: dict[str, Any] = {
    "quality_level": "production",
    "components": [
        {"name": "tools", "kind": "script", "language": "shell"},
        {"name": "core", "kind": "library", "language": "cpp"},
    ],
    "cpp_package_manager": "vcpkg",
    "os_targets": ["linux", "macos"],
    "cpu_archs": ["x86_64", "arm64"],
}


@pytest.fixture(scope="module")
def guides(catalogue: Catalogue) -> dict[str, str]:
    rendered = {}
    for name, answers in (
        ("default", {}),
        ("everything", EVERYTHING),
        ("library", LIBRARY_ONLY),
        ("shell_cpp", SHELL_AND_CPP),
    ):
        rendered[name] = (catalogue.path(answers) / GUIDE).read_text()
    return rendered


def sections(text: str) -> list[str]:
    return re.findall(r"^## .+$", text, flags=re.M)


@pytest.mark.parametrize(
    ("name", "languages"),
    [
        ("default", ["python"]),
        ("everything", ["python", "shell", "cpp", "ruby", "sql"]),
        ("library", ["python"]),
        ("shell_cpp", ["shell", "cpp"]),
    ],
)
def test_only_the_languages_present_get_a_section(guides: dict[str, str], name: str, languages: list[str]) -> None:
    text = guides[name]
    expected = ["## General policy", *(LANGUAGE_SECTIONS[lang] for lang in languages), "## Update cadence and audits"]
    if name in ("everything", "shell_cpp"):  # production and up, with GitHub Actions: the bots
        expected.append(BOTS)
    assert sections(text) == expected
    assert "{{" not in text and "{%" not in text
    assert "\n\n\n" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_default_app_explains_the_hashed_lock_flow(guides: dict[str, str]) -> None:
    text = guides["default"]
    assert "| `requirements.in` (you) | `requirements.txt` |" in text
    flat = " ".join(text.split())
    assert "`requirements-dev.in` names `requirements.txt` and `requirements-bootstrap.txt`" in flat
    assert "each tool input (`requirements-<name>.in`) names `requirements-dev.txt` and `requirements.txt`" in flat
    assert "uv pip compile --universal --python-version 3.11 --generate-hashes" in text
    assert "universally for Python\n3.10 and newer" in text
    assert "make lock-check" in text and ".pyve/lock_check.py" in text and "pyve-lock" not in text
    assert "`.venv/bin/my-project`, and\n`.venv/bin/python -m my_project` runs the same code" in text
    assert "pip install --no-deps --no-build-isolation -e ." in text
    assert "`./pyve.sh` installs the uv\npinned in `requirements-bootstrap.txt`" in text
    # What --lock and lock-check do, as pyve.sh and .pyve/lock_check.py do it.
    assert "### One installable set" in text
    assert "The inputs also say it in `-c`\nlines, which `--lock` does not repeat on the command line" in text
    assert "`idna is pinned 3.21 in requirements.txt but 3.20 in\n  requirements-audit.txt`" in text
    assert 'dependencies = { file = ["requirements.in"] }' in text
    assert "pip-compile --generate-hashes" not in text
    assert "**monthly** (on the first working day of the month)" in text
    assert "At this quality level (prototype) audits are run by hand" in text


def test_library_uses_ranges_and_a_constraints_lock(guides: dict[str, str]) -> None:
    text = guides["library"]
    assert "**Libraries** (tiny) must not pin" in text
    assert "| `pyproject.toml` `[project] dependencies` (you) | `constraints.txt` |" in text
    assert "requirements.in" not in text
    flat = " ".join(text.split())
    assert "`requirements-dev.in` names `constraints.txt` and `requirements-bootstrap.txt`" in flat
    assert "each tool input (`requirements-<name>.in`) names `requirements-dev.txt` and `constraints.txt`" in flat
    assert "--python-version 3.10 --generate-hashes" in text
    assert "**quarterly**" in text
    assert "`pip-audit -r constraints.txt -r requirements-dev.txt`" in text


def test_every_answer_lands_quoted(guides: dict[str, str]) -> None:
    text = guides["everything"]
    assert "| SQL engine | MySQL, versions 8.0 \\| \\*9\\* \\<b\\> |" in text
    assert "<b>" not in text
    assert "**Conan**" in text and "conan.lock" in text and "osv-scanner --lockfile conan.lock" in text
    assert "plugins and optional features" in text and "pgcrypto" not in text
    assert "bundle lock --add-platform aarch64-linux\n" in text
    assert "linux on arm64, Python 3.12 to 3.13" in text
    assert "**weekly** (every Monday)" in text
    assert "Audits run on every CI run and block a merge" in text
    assert "The libraries in this repository (core)" in text
    assert "| Ruby | `bundle-audit check --update` |" in text


def test_cpp_manager_and_platforms_shape_the_cpp_section(guides: dict[str, str]) -> None:
    text = guides["shell_cpp"]
    assert "**vcpkg**" in text
    assert "`x64-linux`, `arm64-linux`, `x64-osx`, `arm64-osx`" in text
    assert "./pyve.sh" not in text  # no Python: no Python lock flow
    assert "the vcpkg update above" in text
    assert "Audits run weekly (scheduled CI job)" in text


def test_bots_section_names_the_token_and_what_happens_without_it(guides: dict[str, str]) -> None:
    bots = guides["everything"].split(BOTS, 1)[1]
    assert "`.github/workflows/template-update.yml`" in bots and "Dependabot (`.github/dependabot.yml`, weekly)" in bots
    assert "**`PYVE_UPDATE_TOKEN`**" in bots
    assert "**Contents**, **Pull requests** and **Workflows** set to read and write" in bots
    assert "Without the secret" in bots and "closes and reopens it" in bots
    assert "Renovate is not used" in bots
    assert BOTS not in guides["default"] and BOTS not in guides["library"]
