"""Shared fixtures: render the template with the real Copier into temp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from catalogue import Catalogue
from copier import run_copy
from pytest_copie.plugin import Copie, Result

REPO = Path(__file__).resolve().parent.parent

Render = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def _isolated_copier_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Copier must not read the developer's own settings (user defaults, trust lists), and renders keep their
    compiled templates (extensions/pyve.py) in the run's own cache folder, not the developer's."""
    settings = tmp_path_factory.mktemp("copier-settings") / "settings.yml"
    settings.write_text("{}\n")
    isolated = {"COPIER_SETTINGS_PATH": str(settings), "PYVE_CACHE_DIR": str(tmp_path_factory.mktemp("pyve-cache"))}
    old = {key: os.environ.get(key) for key in isolated}
    os.environ.update(isolated)
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def template_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of the working tree as a one-commit git repo, so renders see uncommitted work too."""
    dest = tmp_path_factory.mktemp("template") / "pyve"
    ignore = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.egg-info", ".*_cache", "sample-project")
    shutil.copytree(REPO, dest, ignore=ignore)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    # A fixed date: the same tree gives the same commit in every worker, so their renders are identical.
    dated = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}
    subprocess.run([*git, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-qm", "snapshot"], cwd=dest, check=True, env=dated)
    return dest


def render_project(template: Path, dest: Path, data: dict[str, Any] | None = None, **kwargs: Any) -> Path:
    run_copy(
        str(template),
        str(dest),
        data=data or {},
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref="HEAD",
        **kwargs,
    )
    return dest


@pytest.fixture(scope="session")
def catalogue(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    """The named answer sets of tests/catalogue.py, each rendered once per run (shared by the xdist workers).

    Read ``catalogue.path(name)``; take ``catalogue.copy(name, dest)`` to change anything."""
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker's basetemp is a folder of the run's own basetemp: share that one.
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "catalogue"
    shared = Catalogue(template_src, root, render_project)
    yield shared
    if changed := shared.changed():
        pytest.fail(f"a test wrote into a shared catalogue render (use catalogue.copy): {changed}")


@pytest.fixture
def render(template_src: Path, tmp_path: Path) -> Render:
    """render(data=None, name="project") -> path of a fresh render with those answers."""

    def _render(data: dict[str, Any] | None = None, name: str = "project", **kwargs: Any) -> Path:
        return render_project(template_src, tmp_path / name, data, **kwargs)

    return _render


CopieRender = Callable[..., Result]


@pytest.fixture
def copie_render(copie: Copie, template_src: Path) -> CopieRender:
    """pytest-copie's in-process render of the working-tree snapshot: copie_render(answers) -> Result.

    ``copie.copy`` renders HEAD of its template (``--template``, default "."), which misses uncommitted
    work, so the snapshot is passed as ``template_dir``. Its answers arrive as Copier's ``user_defaults``.
    """

    def _copy(answers: dict[str, Any] | None = None) -> Result:
        return copie.copy(extra_answers=answers or {}, template_dir=template_src)

    return _copy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A journey (network, minutes) is slow too. The journeys go first, so pytest-xdist spreads the long
    tests before the short ones and no journey starts last on an otherwise idle run."""
    for item in items:
        if item.get_closest_marker("journey") is not None:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("journey") is None)
