"""What `make lint` covers in an adopted repository: what the repository linted before, under its own configuration,
plus the template's own files.

The template's Makefile runs ruff over the whole tree and mypy as configured; in a repository that never ran ruff, or
never formatted with it, that judges its files by rules it never chose (and ruff formats Markdown too). Adopting writes
``.pyve/adopted.mk``, which the Makefile includes, to narrow each tool to what the repository itself ran:

- ``ruff check``: the whole tree where the repository configures ruff (its configuration decides what is checked and
  how), else only the Python files the template added;
- ``ruff format --check``: the whole tree's Python where the repository formats with ruff (a ``[tool.ruff.format]``
  table, a ``ruff-format`` hook, ``ruff format`` in its tox, nox, Makefile or CI), else only the template's files;
- mypy: run where the repository configures mypy, else not;
- a Python project one folder down (``backend/``) with its own ruff configuration: ``ruff check backend`` from the
  top judges its files under that configuration, as running ruff inside it did.

The template's own tooling (``.pyve/*.py``) is checked under ``.pyve/ruff.toml``, the template's settings, wherever
it lands: ruff takes the configuration closest to each file.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from pyve_gen.adopt import tooling
from pyve_gen.adopt.evidence import pyproject, section
from pyve_gen.project import Project

INCLUDE = ".pyve/adopted.mk"
TOOLING = ".pyve"
# where a repository says how it runs its tools
RUN_FILES = ("tox.ini", "noxfile.py", "Makefile", "justfile", "Justfile", "setup.cfg")


def _said(repo: Project, pattern: str) -> str:
    """The first file (run files, then CI workflows) whose text matches ``pattern``, or ""."""
    workflows = [f".github/workflows/{name}" for name in repo.workflows]
    for name in (*RUN_FILES, *workflows):
        text = repo.read(name) or ""
        if re.search(pattern, text):
            return name
    return ""


def ruff_formats(repo: Project) -> str:
    """Where the repository says it formats with ruff, or ""."""
    if section(pyproject(repo), "tool.ruff.format"):
        return "pyproject.toml: [tool.ruff.format]"
    for name in ("ruff.toml", ".ruff.toml"):
        if re.search(r"^\s*\[format\]", repo.read(name) or "", re.M):
            return f"{name}: [format]"
    if "ruff-format" in tooling.pre_commit_hooks(repo):
        return ".pre-commit-config.yaml: hook ruff-format"
    if found := _said(repo, r"\bruff\s+format\b"):
        return f"{found}: ruff format"
    return ""


def _quoted(paths: list[str]) -> str:
    return " ".join(shlex.quote(path).replace("$", "$$") for path in paths)


def shfmt_used(repo: Project) -> str:
    """Where the repository says it formats its shell scripts with shfmt, or ""."""
    if any("shfmt" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a shfmt hook"
    return f"{found}: shfmt" if (found := _said(repo, r"\bshfmt\b")) else ""


def _shell(repo: Project, their_shell: Sequence[str]) -> tuple[list[str], list[str]]:
    """shfmt's scripts: the template's only, where the repository never formatted its own with shfmt."""
    if not their_shell:
        return [], []
    if used := shfmt_used(repo):
        return [], [f"shfmt: your scripts too, as you format them ({used})"]
    patterns = " ".join(f"{root}/%" for root in their_shell).replace("$", "$$")
    return (
        [f"SHFMT_SCRIPTS = $(filter-out {patterns},$(SHELL_SCRIPTS))"],
        [f"shfmt: the template's scripts only, not yours ({', '.join(their_shell)}); you do not format with shfmt"],
    )


def include(
    repo: Project,
    added_python: list[str],
    subprojects: Sequence[str] = (),
    their_shell: Sequence[str] = (),
    python: bool = True,
) -> tuple[str, list[str]]:
    """(the text of ``.pyve/adopted.mk``, what it decided, one line each) for the Python files the template adds and
    the Python projects one folder down (``backend/``: its own configuration judges its files, as before)."""
    tools = {clue.value: clue.source for clue in tooling.linters(repo)}
    own = sorted({TOOLING, *(path for path in added_python if not path.startswith(TOOLING + "/"))})
    below = [
        folder for folder in subprojects if "ruff" in {c.value for c in tooling.linters(Project(repo.root / folder))}
    ]
    ours = _quoted(own)
    lines, said = _shell(repo, their_shell)
    if not python:
        return _text(lines, said), said
    if "ruff" in tools:
        lines.append("RUFF_CHECK_PATHS := .")
        said.append(f"ruff check: the whole tree, under your configuration ({tools['ruff']})")
    elif below:
        lines.append(f"RUFF_CHECK_PATHS := {_quoted([*own, *below])}")
        said.append(
            f"ruff check: the template's files ({', '.join(own)}) and {', '.join(below)}, under "
            f"{', '.join(f'{folder}/' for folder in below)}'s own configuration"
        )
    else:
        lines.append(f"RUFF_CHECK_PATHS := {ours}")
        said.append(f"ruff check: the template's files only ({', '.join(own)}); you configure no ruff")
    if formats := ruff_formats(repo):
        # Python only: a Markdown file was never formatted by the repository's ruff hook or command
        lines.append("RUFF_FORMAT_PATHS := --extend-exclude '*.md' .")
        said.append(f"ruff format: your Python, as you format it ({formats})")
    else:
        lines.append(f"RUFF_FORMAT_PATHS := {ours}")
        said.append(f"ruff format: the template's files only ({', '.join(own)}); you do not format with ruff")
    if "mypy" in tools:
        lines.append("MYPY_RUN := yes")
        said.append(f"mypy: as you configure it ({tools['mypy']})")
    else:
        lines.append("MYPY_RUN :=")
        typed = [f for f in subprojects if "mypy" in {c.value for c in tooling.linters(Project(repo.root / f))}]
        said.append(
            f"mypy: yours, run from {', '.join(typed)}/ as before (make lint does not run it)"
            if typed
            else "mypy: not run; you configure no mypy"
        )
    others = sorted(set(tools) & {"black", "flake8", "pylint", "isort"})
    if others:
        said.append(f"{', '.join(others)}: yours, run as before (make lint does not run them)")
    return _text(lines, said), said


def _text(lines: list[str], said: list[str]) -> str:
    head = [
        "# Written by `pyve-gen adopt` (never by the template: updates leave it alone). The Makefile includes it, so",
        "# `make lint` covers what this repository linted before, under its own configuration, plus the template's",
        "# own files (.pyve/ under .pyve/ruff.toml). Edit it to widen what make lint covers.",
        *(f"#   {line}" for line in said),
    ]
    return "\n".join([*head, *lines]) + "\n"
