"""Values read from a repository's files are data, never options or commands (issue #25).

A cloned repository's `.copier-answers.yml` is written by whoever published it. `pyve-gen check`
and `pyve-gen update` pass its `_src_path` and `_commit` to git and Copier; a value starting with `-`
would be read by git as an option (`--upload-pack=<command>` runs the command).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pyve_gen.check import run_checks
from pyve_gen.check_rules import Options
from pyve_gen.template_version import source_error


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _hostile_clone(tmp_path: Path, src_path: str, commit: str = "0.1.0") -> Path:
    """A cloned project (origin: a local bare repo, as after `git clone`) whose answers file is hostile."""
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", str(origin))
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    _git(project, "remote", "add", "origin", str(origin))
    answers = {"_commit": commit, "_src_path": src_path, "quality_level": "prototype", "project_name": "x"}
    (project / ".copier-answers.yml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
    return project


def _payloads(marker: Path) -> list[tuple[str, str]]:
    """(_src_path, _commit) pairs that would run `touch marker` if passed to git as options."""
    command = f"touch {marker}; false"
    return [
        (f"--upload-pack={command} ://x", "0.1.0"),
        (f"--upload-pack={command}", "0.1.0"),
        (f"-u{command}", "0.1.0"),
        (f"ext::sh -c touch% {marker}", "0.1.0"),
        ("gh:org/pyve", "--upload-pack=" + command),
    ]


@pytest.mark.parametrize("index", range(5))
def test_check_runs_nothing_from_the_answers_file(tmp_path: Path, index: int) -> None:
    marker = tmp_path / "EXECUTED"
    src, commit = _payloads(marker)[index]
    project = _hostile_clone(tmp_path, src, commit)
    env = {**os.environ, "GIT_ALLOW_PROTOCOL": "file:ext"}  # even where ext:: is allowed, nothing runs
    result = subprocess.run(
        [sys.executable, "-m", "pyve_gen", "check", "."], cwd=project, capture_output=True, text=True, env=env
    )
    assert not marker.exists(), f"{src!r} ran a command"
    assert "Traceback" not in result.stderr + result.stdout
    outcomes = {o.id: o for o in run_checks(project, Options(offline=False))}
    assert outcomes["PV100"].status == "fail", outcomes["PV100"]
    assert not marker.exists()


def test_update_runs_nothing_from_the_answers_file(tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    project = _hostile_clone(tmp_path, f"--upload-pack=touch {marker}; false ://x")
    result = subprocess.run(
        [sys.executable, "-m", "pyve_gen", "update", ".", "--defaults", "--no-lock", "--no-check"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert not marker.exists()
    assert result.returncode == 1
    assert "_src_path" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "src",
    [
        "gh:org/pyve",
        "gl:org/pyve.git",
        "https://github.com/org/pyve.git",
        "git@github.com:org/pyve.git",
        "ssh://git@host/org/pyve",
        "file:///srv/pyve",
        "/srv/pyve",
        "../pyve",
        "git+https://host/x.git",
    ],
)
def test_ordinary_template_sources_are_accepted(src: str) -> None:
    assert source_error(src) == ""


@pytest.mark.parametrize(
    "src",
    [
        "-x",
        "--upload-pack=x ://y",
        "ext::sh -c x",
        "fd::3",
        "https://host/x\n--upload-pack=y",
        "",
        "ssh://-oProxyCommand=x/y",
        "git@-oProxyCommand=x:y",
        "x" * 5000,
    ],
)
def test_hostile_template_sources_are_refused(src: str) -> None:
    assert source_error(src)


@pytest.mark.parametrize(
    ("config", "src"),
    [
        ("core.fsmonitor", "gh:org/pyve"),  # git status / ls-files run the fsmonitor hook
        ("core.sshCommand", "ssh://git@example.invalid/org/pyve"),  # ls-remote over ssh runs sshCommand
    ],
)
def test_a_received_git_config_runs_nothing(tmp_path: Path, config: str, src: str) -> None:
    """A repository received as an archive brings .git/config; `pyve-gen check` must not run what it names."""
    marker = tmp_path / "EXECUTED"
    project = _hostile_clone(tmp_path, src)
    _git(project, "config", config, f"touch {marker}; false")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_SSH")}
    result = subprocess.run(
        [sys.executable, "-m", "pyve_gen", "check", "."],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert not marker.exists(), result.stdout[-1000:]
    assert "Traceback" not in result.stderr
