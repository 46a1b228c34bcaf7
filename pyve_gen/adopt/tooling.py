"""Readers of how an existing repository is built and checked: lock style, test runners and scopes,
coverage floor, linters and pre-commit hooks.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pyve_gen import reader, userfiles
from pyve_gen.adopt.evidence import Clue, cmake_files, ini, pyproject, section
from pyve_gen.model import tool_pins as pins_model
from pyve_gen.model.tool_pins import TOOLS as TOOL_NAMES
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


# The pre-commit hook repositories of the tools the template's dev lock installs.
HOOK_REPOS = {
    "astral-sh/ruff-pre-commit": "ruff",
    "charliermarsh/ruff-pre-commit": "ruff",
    "pre-commit/mirrors-mypy": "mypy",
    "codespell-project/codespell": "codespell",
}
LOCK_FILES = ("uv.lock", "poetry.lock", "pdm.lock")
# a tox deps line for some envs only (`pytest6: pytest==6.2.5`, `!py38,py{39,310}-old: …`): not the repository's version
TOX_FACTOR_LINE = re.compile(r"^\s+!?[\w{},.!-]+\s*:\s.*$", re.M)
PIN_FILES = re.compile(r"^((requirements/)?[\w.-]*requirements[\w.-]*|requirements/[\w.-]+)\.(txt|in)$")


def _exact(tool: str, text: str) -> str:
    """The version ``text`` pins ``tool`` at (``ruff==0.5.6`` in a requirements line, a quoted tox/nox/pyproject
    string, Poetry's ``ruff = "0.5.6"``), or ""; ranges (``>=``, ``^``) name no version."""
    name = re.escape(tool)
    pin = re.search(rf"(?<![\w.-]){name}\s*===?\s*(\d[\w.!+-]*)", text, re.I)
    poetry = re.search(rf"^\s*{name}\s*=\s*[\"']=*(\d[\w.]*)[\"']", text, re.I | re.M)
    found = pin or poetry
    return found.group(1).rstrip(".,") if found else ""


def _hook_pins(repo: Project) -> dict[str, tuple[str, str]]:
    text = repo.read(".pre-commit-config.yaml")
    try:
        data = userfiles.load_yaml(text, ".pre-commit-config.yaml") if text else None
    except ValueError:
        return {}
    repos = data.get("repos") if isinstance(data, dict) else None
    found: dict[str, tuple[str, str]] = {}
    for item in repos if isinstance(repos, list) else []:
        url = str(item.get("repo", "")) if isinstance(item, dict) else ""
        tool = next((t for path, t in HOOK_REPOS.items() if url.rstrip("/").endswith(path)), "")
        rev = str(item.get("rev", "")).removeprefix("v") if isinstance(item, dict) else ""
        if tool and re.fullmatch(r"\d+(\.\d+)+", rev):
            found.setdefault(tool, (rev, f".pre-commit-config.yaml: {url} rev {item.get('rev')}"))
    return found


def tool_pins(repo: Project) -> Clue | None:
    """The versions of ruff, mypy, pytest and codespell the repository names (``adopt_tools``), with where:
    its pre-commit hooks' revs first (what its lint ran), then its locks, pinned requirements files (at the top
    or in ``requirements/``), tox, nox, pyproject.toml and setup.cfg. Only exact versions count."""
    found = _hook_pins(repo)
    files = sorted(name for name in repo.files if PIN_FILES.match(name))
    files = sorted(files, key=lambda name: not name.endswith(".txt"))  # a compiled lock before its input
    places = [*LOCK_FILES, *files, "tox.ini", "noxfile.py", "pyproject.toml", "setup.cfg"]
    for tool in TOOL_NAMES:
        for name in places:
            if tool in found:
                break
            text = repo.read(name) or ""
            if name in LOCK_FILES:
                match = re.search(rf'^name = "{tool}"\s*\nversion = "([^"]+)"', text, re.M)
                version = match.group(1) if match else ""
            else:
                version = _exact(tool, TOX_FACTOR_LINE.sub("", text) if name == "tox.ini" else text)
            if version:
                found[tool] = (version, f"{name}: {tool}=={version}")
    tools: dict[str, object] = {tool: found[tool][0] for tool in TOOL_NAMES if tool in found}
    sources = [found[tool][1] for tool in TOOL_NAMES if tool in found]
    requires = [r for r in section(pyproject(repo), "build-system").get("requires") or [] if isinstance(r, str)]
    if any(name in pins_model.BACKENDS for name, _ in pins_model.build_requirements({pins_model.BUILD: requires})):
        # its backends, at its bounds, take the place of the template's in the dev input (pyve_backend)
        tools[pins_model.BUILD] = requires
        sources.append("pyproject.toml: [build-system] requires")
    return Clue(tools, "; ".join(sources)) if tools else None


def _pre_commit(repo: Project) -> dict[str, object]:
    text = repo.read(".pre-commit-config.yaml")
    try:
        data = userfiles.load_yaml(text, ".pre-commit-config.yaml") if text else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def hook_scope(repo: Project, hook_ids: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(``files`` patterns, ``exclude`` patterns) that bound the files pre-commit hands the first of ``hook_ids``
    it runs: the config's top-level ones and the hook's own (Python regular expressions, as written)."""
    data = _pre_commit(repo)
    files = [str(data["files"])] if data.get("files") else []
    exclude = [str(data["exclude"])] if data.get("exclude") else []
    repos = data.get("repos")
    for item in repos if isinstance(repos, list) else []:
        hooks = item.get("hooks") if isinstance(item, dict) else None
        for hook in hooks if isinstance(hooks, list) else []:
            if isinstance(hook, dict) and hook.get("id") in hook_ids:
                files += [str(hook["files"])] if hook.get("files") else []
                exclude += [str(hook["exclude"])] if hook.get("exclude") else []
                return files, exclude
    return [], []


def vendored(repo: Project) -> list[str]:
    """Folders of other projects' code the repository copies in and never lints: ``[tool.vendoring]
    destination`` (the vendoring tool's, pip's and pdm-backend's)."""
    destination = section(pyproject(repo), "tool.vendoring").get("destination")
    folder = str(destination).strip().strip("/") if isinstance(destination, str) else ""
    return [folder] if folder and ".." not in folder.split("/") else []


def hook_args(repo: Project, hook_id: str, key: str = "args") -> list[str]:
    """The ``args`` (or another list, ``additional_dependencies``) of the repository's first pre-commit hook
    ``hook_id``."""
    repos = _pre_commit(repo).get("repos")
    for item in repos if isinstance(repos, list) else []:
        hooks = item.get("hooks") if isinstance(item, dict) else None
        for hook in hooks if isinstance(hooks, list) else []:
            if isinstance(hook, dict) and hook.get("id") == hook_id:
                args = hook.get(key)
                return [str(arg) for arg in args] if isinstance(args, list) else []
    return []
