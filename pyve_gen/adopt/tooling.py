"""Readers of how an existing repository is built and checked: lock style, test runners and scopes,
coverage floor, linters and pre-commit hooks.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pyve_gen import reader, userfiles
from pyve_gen.adopt.evidence import Clue, cmake_files, ini, pyproject, section
from pyve_gen.project import Project


def lock_style(repo: Project) -> list[Clue]:
    found = []
    for name in repo.files:
        if "/" in name:
            continue
        if re.fullmatch(r"requirements[\w.-]*\.txt", name):
            hashed = "--hash=" in (repo.read(name) or "")
            source = name.removesuffix(".txt") + ".in"
            kind = "pip-tools" if repo.exists(source) else "pinned requirements"
            found.append(Clue(kind, f"{name} ({'with' if hashed else 'without'} hashes)"))
    for name, tool in (("poetry.lock", "Poetry"), ("pdm.lock", "PDM"), ("uv.lock", "uv"), ("Pipfile.lock", "Pipenv")):
        if repo.exists(name):
            found.append(Clue(tool, name))
    return found


def test_runner(repo: Project) -> list[Clue]:
    found = []
    data = pyproject(repo)
    if section(data, "tool.pytest.ini_options"):
        found.append(Clue("pytest", "pyproject.toml: [tool.pytest.ini_options]"))
    elif repo.exists("pytest.ini"):
        found.append(Clue("pytest", "pytest.ini"))
    elif ini(repo, "setup.cfg") is not None and ini(repo, "setup.cfg").has_section("tool:pytest"):  # type: ignore[union-attr]
        found.append(Clue("pytest", "setup.cfg: [tool:pytest]"))
    else:
        tests = [f for f in repo.files if re.search(r"(^|/)test_[^/]*\.py$|(^|/)conftest\.py$", f)]
        if tests:
            found.append(Clue("pytest", f"{tests[0]}: pytest-style tests"))
    if bats := [f for f in repo.files if f.endswith(".bats")]:
        found.append(Clue("bats", bats[0]))
    for name in cmake_files(repo):
        match = re.search(r"\badd_test\s*\(|gtest_discover_tests", repo.read(name) or "")
        if match:
            found.append(Clue("ctest", f"{name}: {match.group(0).rstrip('(').strip()}"))
            break
    if repo.exists(".rspec") or any(f.endswith("_spec.rb") for f in repo.files):
        found.append(Clue("rspec", ".rspec / *_spec.rb"))
    return found


def test_scopes(repo: Project) -> Clue | None:
    folders = {PurePosixPath(f).parts[1] for f in repo.files if f.startswith("tests/") and f.count("/") >= 2}
    scopes = [
        scope for scope, names in (("integration", {"integration"}), ("e2e", {"e2e", "end_to_end"})) if folders & names
    ]
    if not scopes:
        return None
    return Clue(
        ["unit", *scopes],
        "tests/ folders: " + ", ".join(sorted(folders & {"unit", "integration", "e2e", "end_to_end"})),
    )


def coverage_floor(repo: Project) -> Clue | None:
    found = reader.coverage_fail_under(repo)
    return Clue(int(found.value), found.source) if found else None


LINTER_FILES = {
    "ruff": ("ruff.toml", ".ruff.toml"),
    "flake8": (".flake8",),
    "pylint": (".pylintrc", "pylintrc"),
    "mypy": ("mypy.ini", ".mypy.ini"),
    "shellcheck": (".shellcheckrc",),
    "clang-format": (".clang-format",),
    "clang-tidy": (".clang-tidy",),
    "rubocop": (".rubocop.yml",),
    "sqlfluff": (".sqlfluff",),
}
LINTER_TABLES = {
    "ruff": "tool.ruff",
    "black": "tool.black",
    "mypy": "tool.mypy",
    "pylint": "tool.pylint",
    "isort": "tool.isort",
}


def linters(repo: Project) -> list[Clue]:
    found: dict[str, str] = {}
    data = pyproject(repo)
    for tool, dotted in LINTER_TABLES.items():
        if section(data, dotted):
            found[tool] = f"pyproject.toml: [{dotted}]"
    for tool, names in LINTER_FILES.items():
        for name in names:
            if tool not in found and repo.exists(name):
                found[tool] = name
    cfg = ini(repo, "setup.cfg")
    for tool, sect in (("flake8", "flake8"), ("mypy", "mypy")):
        if tool not in found and cfg is not None and cfg.has_section(sect):
            found[tool] = f"setup.cfg: [{sect}]"
    for hook in pre_commit_hooks(repo):
        for tool in ("ruff", "black", "flake8", "mypy", "shellcheck", "shfmt", "clang-format", "rubocop", "sqlfluff"):
            if tool in hook and tool not in found:
                found[tool] = f".pre-commit-config.yaml: hook {hook}"
    return [Clue(tool, source) for tool, source in found.items()]


def mypy_strict(repo: Project) -> Clue | None:
    found = reader.mypy_strict(repo)
    return Clue(True, found.source) if found else None


def pre_commit_hooks(repo: Project) -> list[str]:
    text = repo.read(".pre-commit-config.yaml")
    try:
        data = userfiles.load_yaml(text, ".pre-commit-config.yaml") if text else None
    except ValueError:  # userfiles.UserFileError: not YAML, or aliases past the bound
        return []
    hooks = []
    repos = data.get("repos") if isinstance(data, dict) else None
    for item in repos if isinstance(repos, list) else []:
        listed = item.get("hooks") if isinstance(item, dict) else None
        for hook in listed if isinstance(listed, list) else []:
            if isinstance(hook, dict) and hook.get("id"):
                hooks.append(str(hook["id"]))
    return hooks
