"""A user's real dependencies: packages with deep trees from the index, added the documented way.

For each case (quality level x application or library x packages): render, commit, `./pyve.sh --init`,
add the packages the documented way (requirements.in for an application, `[project] dependencies` for
a library), `./pyve.sh --lock`, `./pyve.sh --sync`, a test that imports them, `make lint test`,
`make lock-check`, a commit, and a fresh clone's `./pyve.sh --init --python-version X.Y` as CI runs it.
The relock must move no pin that the new runtime lock does not hold (a minimal diff).

Default run: all the packages together at production, for an application (uv on PATH, to speed the
bulk) and for a library (a stock interpreter with no uv on PATH: --init installs the pinned uv of
requirements-bootstrap.txt with the interpreter's own pip). PYVE_CORPUS=full runs every package alone
and all together at prototype, production and secure, for both kinds. Each case appends one JSON line
(package, level, kind, result, pins moved) to $PYVE_CORPUS_REPORT when that is set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bootstrap_support import PY_MINOR, make_shim, sandbox_env
from conftest import render_project
from lock_diff import moved, version_sets

# name on the index -> import name: deep trees (httpx, fastapi, boto3, pandas), compiled wheels
# (numpy, pydantic-core, cryptography, pyyaml) and plain ones.
PACKAGES = {
    "httpx": "httpx",
    "requests": "requests",
    "pydantic": "pydantic",
    "sqlalchemy": "sqlalchemy",
    "fastapi": "fastapi",
    "uvicorn": "uvicorn",
    "rich": "rich",
    "click": "click",
    "boto3": "boto3",
    "numpy": "numpy",
    "pandas": "pandas",
    "cryptography": "cryptography",
    "pyyaml": "yaml",
    "jinja2": "jinja2",
    "attrs": "attrs",
}
ALL = "all"
LEVELS = ("prototype", "production", "secure")
KINDS = ("application", "library")
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


@dataclass(frozen=True)
class Case:
    package: str  # a name of PACKAGES, or ALL
    level: str
    kind: str
    with_uv: bool  # uv on PATH; else the stock interpreter alone

    @property
    def id(self) -> str:
        return f"{self.package}-{self.level}-{self.kind}-{'uv' if self.with_uv else 'stock'}"


def cases() -> list[Case]:
    if os.environ.get("PYVE_CORPUS") == "full":
        return [
            Case(package, level, kind, with_uv=True)
            for level in LEVELS
            for kind in KINDS
            for package in (ALL, *PACKAGES)
        ]
    return [Case(ALL, "production", "application", with_uv=True), Case(ALL, "production", "library", with_uv=False)]


def answers(case: Case) -> dict[str, object]:
    component = {"name": "corpus", "kind": case.kind, "language": "python"}
    answers: dict[str, object] = {"quality_level": case.level, "python_versions": [PY_MINOR], "components": [component]}
    if case.level == "secure":  # the commit hook scans for secrets with a tool the locks install here
        answers |= {"phase3_mode": "answer", "secret_scanner": "detect-secrets"}
    return answers


def add_the_documented_way(project: Path, names: list[str]) -> None:
    requirements = project / "requirements.in"
    if requirements.exists():
        requirements.write_text(requirements.read_text() + "".join(f"{name}\n" for name in names))
        return
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    assert "\ndependencies = []\n" in text
    listed = ", ".join(f'"{name}"' for name in names)
    pyproject.write_text(text.replace("\ndependencies = []\n", f"\ndependencies = [{listed}]\n", 1))


IMPORT_TEST = '''"""The runtime dependencies import (the dependency corpus test of Pyve)."""

import importlib

import pytest

MODULES = {modules}


@pytest.mark.parametrize("module", MODULES)
def test_the_dependency_imports(module: str) -> None:
    assert importlib.import_module(module) is not None
'''


def python_tuple(items: list[str]) -> str:
    """A tuple of strings as the rendered project's ruff formats it (one line when it fits in 100)."""
    one_line = "(" + ", ".join(f'"{item}"' for item in items) + ("," if len(items) == 1 else "") + ")"
    if len("MODULES = ") + len(one_line) <= 100:
        return one_line
    return "(\n" + "".join(f'    "{item}",\n' for item in items) + ")"


def run(project: Path, env: dict[str, str], *command: str) -> str:
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"{' '.join(command)} in {project}:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def record(case: Case, result: str, moves: list[str], unrelated: list[str], seconds: float) -> None:
    report = os.environ.get("PYVE_CORPUS_REPORT")
    if report:
        line = {
            "package": case.package,
            "level": case.level,
            "kind": case.kind,
            "installer": "uv on PATH" if case.with_uv else "stock, no uv",
            "result": result,
            "pins_moved": len(moves),
            "unrelated_pins_moved": len(unrelated),
            "moved": moves,
            "seconds": round(seconds, 1),
        }
        with open(report, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.id)
def test_real_packages_added_the_documented_way(template_src: Path, tmp_path: Path, case: Case) -> None:
    started = time.monotonic()
    names = list(PACKAGES) if case.package == ALL else [case.package]
    project = render_project(template_src, tmp_path / "corpus", answers(case))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*GIT, *command], cwd=project, check=True)
    home = tmp_path / "home"
    home.mkdir()
    tools = ("uv",) if case.with_uv else ()
    if case.with_uv and shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    env = sandbox_env(make_shim(tmp_path / "shim", tools), home, wheelhouse=None)
    moves: list[str] = []
    unrelated: list[str] = []
    try:
        run(project, env, "./pyve.sh", "--init")
        before = {lock.name: lock.read_text() for lock in project.glob("*.txt")}
        add_the_documented_way(project, names)
        run(project, env, "./pyve.sh", "--lock")
        runtime = version_sets(
            (project / ("requirements.txt" if case.kind == "application" else "constraints.txt")).read_text()
        )
        assert set(names) <= set(runtime), sorted(set(names) - set(runtime))
        for name, text in before.items():
            moves += [f"{name}: {move}" for move in moved(text, (project / name).read_text())]
        unrelated = [move for move in moves if move.split(": ", 1)[1].split()[0] not in runtime]
        assert not unrelated, f"the relock moved pins the new dependencies do not hold: {unrelated}"
        run(project, env, "./pyve.sh", "--sync")
        modules = [PACKAGES[name] for name in names]
        (project / "tests" / "test_corpus_imports.py").write_text(IMPORT_TEST.format(modules=python_tuple(modules)))
        run(project, env, "make", "lint", "test")
        run(project, env, "make", "lock-check")
        run(project, env, *GIT, "add", "-A")
        run(project, env, *GIT, "commit", "-qm", f"add {case.package}")
        # A fresh clone, bootstrapped as CI's first step does it (a new HOME; the uv cache is shared).
        clone = tmp_path / "clone"
        run(tmp_path, env, "git", "clone", "-q", str(project), str(clone))
        ci_home = tmp_path / "ci-home"
        ci_home.mkdir()
        run(clone, env | {"HOME": str(ci_home)}, "./pyve.sh", "--init", "--python-version", PY_MINOR)
        imports = "; ".join(f"import {module}" for module in modules)
        run(clone, env, ".venv/bin/python", "-c", imports)
    except AssertionError:
        record(case, "FAIL", moves, unrelated, time.monotonic() - started)
        raise
    record(case, "pass", moves, unrelated, time.monotonic() - started)
