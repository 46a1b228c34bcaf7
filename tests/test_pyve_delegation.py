"""The installed `pyve` runs only a project script it can trust (issue #25).

It used to run any `pyve.sh` next to a `.copier-answers.yml` or `requirements-dev.in` in any parent
folder, whoever owned it, for every action including `--config`: a file planted in a shared temp
folder ran as anyone who used `pyve` below it. Now it looks in the current folder and up to the top of
its git work tree only, runs a script only when it is a regular file owned by the user and rendered by
Pyve, says which one it runs, and never hands over a read-only action.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import render_project


@pytest.fixture(scope="module")
def project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = render_project(template_src, tmp_path_factory.mktemp("deleg") / "project")
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    return path


@pytest.fixture
def home(project: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    run(["./pyve.sh", "--install"], project, home, on_path=False)
    return home


def run(args: list[str], cwd: Path, home: Path, on_path: bool = True) -> subprocess.CompletedProcess[str]:
    bin_dir = f"{home / '.local' / 'bin'}{os.pathsep}" if on_path else ""
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash", "PATH": bin_dir + os.environ["PATH"]}
    for key in ("PYVE_PROFILE", "PYVE_INSTALL_DIR", "GIT_DIR", "GIT_WORK_TREE"):
        env.pop(key, None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def plant(folder: Path, project: Path, marker: Path, rendered: bool = True) -> Path:
    """A pyve.sh that writes ``marker`` when it runs: a copy of a rendered one (its Pyve version line
    kept) with one line added, or a bare script; next to an empty answers file, as the finding had it."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (project / "pyve.sh").read_text(encoding="utf-8")
    if rendered:
        text = text.replace("set -euo pipefail\n", f"set -euo pipefail\ntouch '{marker}'\n", 1)
    else:
        text = f"#!/usr/bin/env bash\ntouch '{marker}'\n"
    script = folder / "pyve.sh"
    script.write_text(text, encoding="utf-8")
    script.chmod(0o755)
    (folder / ".copier-answers.yml").write_text("", encoding="utf-8")
    return script


def git_init(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    return folder


def test_a_pyve_sh_above_the_git_top_is_never_run(project: Path, home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    shared = tmp_path / "shared"  # e.g. /tmp, where anyone can write
    plant(shared, project, marker)
    work = git_init(shared / "work") / "sub"
    work.mkdir()
    result = run(["pyve", "--purge", "--yes"], work, home)
    assert not marker.exists(), result.stderr
    assert "running the project" not in result.stderr
    # outside any git work tree: only the current folder counts
    loose = shared / "loose" / "deeper"
    loose.mkdir(parents=True)
    result = run(["pyve", "--purge", "--yes"], loose, home)
    assert not marker.exists(), result.stderr


def test_a_script_without_the_pyve_version_line_is_not_run(project: Path, home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    repo = git_init(tmp_path / "repo")
    plant(repo, project, marker, rendered=False)
    (repo / "sub").mkdir()
    result = run(["pyve", "--purge", "--yes"], repo / "sub", home)
    assert not marker.exists()
    assert result.returncode == 1 and "not a pyve.sh rendered by Pyve" in result.stderr, result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_a_script_owned_by_another_user_is_not_run(project: Path, home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    repo = git_init(tmp_path / "repo")
    script = plant(repo, project, marker)
    shutil.chown(script, user="nobody")
    result = run(["pyve", "--purge", "--yes"], repo, home)
    assert not marker.exists()
    assert result.returncode == 1 and "owned by another user" in result.stderr, result.stderr


def test_a_world_writable_script_is_not_run(project: Path, home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    repo = git_init(tmp_path / "repo")
    plant(repo, project, marker).chmod(0o777)
    result = run(["pyve", "--purge", "--yes"], repo, home)
    assert not marker.exists()
    assert result.returncode == 1 and "anyone can write to it" in result.stderr, result.stderr


def test_read_only_actions_never_hand_over(project: Path, home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    repo = git_init(tmp_path / "repo")
    script = plant(repo, project, marker)  # trusted: ours, rendered by Pyve
    for action in ("--config", "--version", "--help", "-c", "-v", "-h"):
        result = run(["pyve", action], repo, home)
        assert result.returncode == 0, result.stderr
        assert not marker.exists(), action
    config = run(["pyve", "--config"], repo, home).stdout
    assert f"project script:   {script} (not run" in config


def test_a_trusted_project_script_runs_and_is_named(project: Path, home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    repo = git_init(tmp_path / "repo")
    script = plant(repo, project, marker)
    (repo / "docs").mkdir()
    result = run(["pyve", "--sync"], repo / "docs", home)
    assert marker.exists()
    assert f"pyve: running the project's {script}\n" in result.stderr


def test_the_rendered_project_hands_over_from_a_subfolder(project: Path, home: Path) -> None:
    result = run(["pyve", "--lock", "--check"], project / "docs", home)
    assert f"running the project's {project.resolve()}/pyve.sh" in result.stderr, result.stderr


def test_a_pin_that_names_a_path_runs_nothing(project: Path, home: Path, tmp_path: Path) -> None:
    """`.python-version` becomes part of a command name (python$minor); a path there ran that file."""
    marker = tmp_path / "EXECUTED"
    folder = tmp_path / "cloned"
    (folder / "python3x").mkdir(parents=True)
    evil = folder / "python3x" / "evil"
    evil.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    evil.chmod(0o755)
    (folder / ".python-version").write_text("3x/evil\n")
    result = run(["pyve", "--config"], folder, home)
    assert not marker.exists()
    assert "ignoring the Python pin in .python-version" in result.stderr
