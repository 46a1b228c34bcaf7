"""pyve.sh in a rendered project: static checks, every flag, and bad input.

Installs come from a local wheelhouse of the shipped dev lock (downloaded once), so these tests are
fast and need no index; the real lock flow against the registry is in test_locks.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bootstrap_support import (
    PY_FULL,
    PY_MINOR,
    REPO,
    SHIPPED_DEV_LOCK,
    base_python,
    install_fake_pyenv,
    log_python_calls,
    make_shim,
    pyve_lines,
    run_pyve,
    sandbox_env,
    source_snapshot,
    wheelhouse_for,
)
from catalogue import Catalogue
from conftest import render_project

from pyve_gen.model.components import normalize

# A hostile name: pyve.sh quotes it, so nothing runs and it prints literally.
HOSTILE_NAME = 'O\'Brien "$(touch pwned)" `touch pwned` & $HOME'
ANSWERS: dict[str, Any] = {"project_name": HOSTILE_NAME, "python_versions": [PY_MINOR]}
LIB_ANSWERS: dict[str, Any] = {
    **ANSWERS,
    "components": [{"name": "corelib", "kind": "library", "language": "python"}],
}


@pytest.fixture(scope="module")
def pristine(catalogue: Catalogue) -> Path:
    return catalogue.path(ANSWERS, folder="app")


@pytest.fixture(scope="module")
def pristine_lib(catalogue: Catalogue) -> Path:
    return catalogue.path(LIB_ANSWERS, folder="lib")


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the render, in a path with a space."""
    dest = tmp_path / "my projects" / "bootstrap check"
    shutil.copytree(pristine, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    return wheelhouse_for(SHIPPED_DEV_LOCK)


@pytest.fixture
def env(tmp_path: Path, wheelhouse: Path) -> dict[str, str]:
    """No pyenv, asdf or uv on PATH; python3.X of the running version; installs from the wheelhouse."""
    home = tmp_path / "home"
    home.mkdir()
    return sandbox_env(make_shim(tmp_path / "shim"), home, wheelhouse)


def add_tool(env: dict[str, str], name: str) -> None:
    shim = Path(env["PATH"].split(":", 1)[0])
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    (shim / name).symlink_to(found)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# ------------------------------------------------------------------------------------------------
# Static checks
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["shellcheck", "pyve.sh"],
        ["shfmt", "-d", "-i", "2", "-ci", "-bn", "pyve.sh"],
        ["bash", "-n", "pyve.sh"],
        ["zsh", "-n", "pyve.sh"],
    ],
    ids=["shellcheck", "shfmt", "bash-n", "zsh-n"],
)
def test_pyve_sh_is_clean(pristine: Path, pristine_lib: Path, command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (scripts/system-packages.txt lists it)")
    for project in (pristine, pristine_lib):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, f"{project.name}: {result.stdout}{result.stderr}"


def test_pyve_sh_is_executable_and_uses_no_gnu_only_flags(pristine: Path) -> None:
    script = pristine / "pyve.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text
    for gnu_only in ("readlink -f", "sed -i", "sort -V", "grep -P", "stat -c", "date -d", "mapfile", "declare -A"):
        assert gnu_only not in text, gnu_only


# ------------------------------------------------------------------------------------------------
# Help, version, usage errors
# ------------------------------------------------------------------------------------------------
def test_help_and_version(project: Path, env: dict[str, str]) -> None:
    for flag in ("--help", "-h"):
        out = ok(run_pyve(project, flag, env=env))
        for documented in ("--init", "--python-version", "--lock", "--sync", "--purge", "--install", "--config"):
            assert documented in out
    for flag in ("--version", "-v"):
        assert ok(run_pyve(project, flag, env=env)).startswith("pyve.sh ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "unknown option: --bogus"),
        ([], "no command given"),
        (["--init", "--python-version"], "--python-version needs a version"),
        (["--init", "--python-version", "three"], "invalid Python version"),
        (["--init", ".git"], "reserved name"),
        (["--init", "../outside"], "invalid venv directory"),
        (["--purge", "../outside", "--yes"], "invalid venv directory"),
        (["--init", "--purge"], "choose one command"),
        (["--sync", "--check"], "--check and --upgrade go with --lock"),
    ],
)
def test_usage_errors_exit_2_with_usage_on_stderr(
    project: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    before = source_snapshot(project)
    result = run_pyve(project, *args, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Usage: ./pyve.sh" in result.stderr
    assert result.stdout == ""
    assert source_snapshot(project) == before
    assert not (project / ".venv").exists()


BOOTSTRAP_PIP = re.findall(r"^pip==(\S+)", (REPO / "template" / "requirements-bootstrap.txt").read_text(), flags=re.M)[
    0
]
BOOTSTRAP_UV = re.findall(r"^uv==(\S+)", (REPO / "template" / "requirements-bootstrap.txt").read_text(), flags=re.M)[0]


def pip_version(python: Path) -> str:
    out = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split()[1]


def bundled_pip() -> str:
    """The pip the running interpreter's ensurepip installs into a new venv."""
    import ensurepip

    return ensurepip.version()


def assert_project_runs(project: Path, venv: Path) -> None:
    """Each console script of pyproject.toml answers --help; each component runs as python -m."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    scripts = pyproject["project"].get("scripts", {})
    for command, target in scripts.items():
        run = subprocess.run(
            [str(venv / "bin" / command), "--help"], cwd=project.parent, capture_output=True, text=True
        )
        assert run.returncode == 0 and "usage:" in run.stdout, (command, run.stdout + run.stderr)
        module = target.split(":")[0].removesuffix(".__main__")
        as_module = subprocess.run(
            [str(venv / "bin" / "python"), "-m", module, "--help"], cwd=project.parent, capture_output=True, text=True
        )
        assert as_module.returncode == 0 and "usage:" in as_module.stdout, (module, as_module.stderr)


# ------------------------------------------------------------------------------------------------
# --init, re-run, --purge (pip path: no uv on PATH)
# ------------------------------------------------------------------------------------------------
def test_init_then_tests_pass_then_purge_restores_the_sources(project: Path, env: dict[str, str]) -> None:
    pristine_files = source_snapshot(project)
    config = ok(run_pyve(project, "--config", env=env))
    assert f"project:          {HOSTILE_NAME} ({project})" in config
    assert not list(project.parent.rglob("pwned"))
    assert "version manager:  none" in config
    assert (
        f"lock tool:        uv {BOOTSTRAP_UV} from requirements-bootstrap.txt (--init installs it; pip where it cannot)"
        in config
    )
    assert f"python:           {PY_MINOR}." in config

    gitignore_rendered = (project / ".gitignore").read_text()
    result = run_pyve(project, "--init", env=env)
    out = ok(result)
    # The wheelhouse has no uv wheel (as a platform without one): --init says so and installs with pip.
    assert f"could not install uv {BOOTSTRAP_UV} from requirements-bootstrap.txt" in result.stderr
    assert "installing with pip instead of uv: same locks, slower" in result.stderr
    # lint_enforcement pre-commit (the prototype default), outside a git repository: it says how to finish.
    assert "not a git repository yet: after git init, run .venv/bin/pre-commit install" in out
    venv_python = project / ".venv" / "bin" / "python"
    assert (project / ".venv" / "pyvenv.cfg").is_file()
    env_file = project / ".env"
    assert env_file.read_bytes() == (project / ".env.example").read_bytes()
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    # The rendered .gitignore already lists what --init makes: nothing is appended to it.
    assert (project / ".gitignore").read_text() == gitignore_rendered
    assert pyve_lines(project / ".gitignore") == []
    # The venv's pip is the pinned one from requirements-bootstrap.txt, whatever pip Python shipped.
    assert f"upgrading pip {bundled_pip()} -> {BOOTSTRAP_PIP}" in out or bundled_pip() == BOOTSTRAP_PIP
    assert pip_version(venv_python) == BOOTSTRAP_PIP
    # The project itself is installed (editable): its command and `python -m` work from the venv.
    assert_project_runs(project, project / ".venv")

    # After --init, the project's own tests pass from the venv (and through make, which prefers it).
    tests = subprocess.run([str(venv_python), "-m", "pytest", "-q"], cwd=project, capture_output=True, text=True)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    make = subprocess.run(["make", "test"], cwd=project, capture_output=True, text=True, env=env)
    assert make.returncode == 0, make.stdout + make.stderr
    assert ".venv/bin/python -m pytest" in make.stdout

    # Re-running is safe: nothing duplicated, an edited .env is kept as it is.
    env_file.write_text(env_file.read_text() + "MY_SECRET=kept\n")
    gitignore_before = (project / ".gitignore").read_text()
    rerun = ok(run_pyve(project, "-i", env=env))
    assert "kept the existing .env" in rerun
    assert (project / ".gitignore").read_text() == gitignore_before
    assert "MY_SECRET=kept" in env_file.read_text()
    assert "venv dir:         .venv (present)" in ok(run_pyve(project, "-c", env=env))

    # --sync installs exactly the locks (pip-sync from the venv) and removes strays.
    ok(subprocess.run([str(venv_python), "-m", "pip", "uninstall", "-y", "-q", "ruff"], capture_output=True, text=True))
    ok(run_pyve(project, "--sync", env=env))
    assert (project / ".venv" / "bin" / "ruff").exists()

    # Purge: the venv and its .gitignore line go; a .env holding the user's own settings stays.
    purge = ok(run_pyve(project, "--purge", "--yes", env=env))
    assert "kept .env" in purge
    assert not (project / ".venv").exists()
    assert "MY_SECRET=kept" in env_file.read_text()
    assert source_snapshot(project) == pristine_files

    # An untouched copy of .env.example is removed by the next purge.
    shutil.copyfile(project / ".env.example", env_file)
    ok(run_pyve(project, "-p", env={**env, "PYVE_ASSUME_YES": "1"}))
    assert not env_file.exists()
    assert source_snapshot(project) == pristine_files


def cached_uv_dir(project: Path, home: Path) -> Path:
    """Where pyve.sh keeps the uv of requirements-bootstrap.txt: named by its version and its entry's digest."""
    entry: list[str] = []
    inside = False
    for line in (project / "requirements-bootstrap.txt").read_text().splitlines(keepends=True):
        if line[:1] not in ("", " ", "\t", "#", "\n"):
            inside = line.split()[0].lower().startswith("uv==")
        if inside:
            entry.append(line)
    assert entry, "requirements-bootstrap.txt pins no uv"
    version = entry[0].split()[0].split("==")[1]
    digest = hashlib.sha256("".join(entry).encode()).hexdigest()[:16]
    return home / ".cache" / "pyve" / f"uv-{version}-{digest}"


def test_a_warm_init_starts_no_pip(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    """With the bootstrap uv in the cache (any --init or --lock before), --init starts no pip at all: not
    even a probe (`python -m pip --version` alone costs ~0.3 s, a tenth of a warm --init)."""
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed beside the test's Python")
    cached = cached_uv_dir(project, Path(env["HOME"]))
    (cached / "bin").mkdir(parents=True)
    (cached / "bin" / "uv").symlink_to(uv)
    log = tmp_path / "python-calls.log"
    log_python_calls(env, log)
    out = ok(run_pyve(project, "--init", env=env))
    assert "installing uv" not in out
    assert re.search(r"installing requirements\.txt requirements-dev\.txt into \.venv \(uv ", out), out
    calls = log.read_text().splitlines()
    assert calls, "the interpreter was never called: the log is not wired"
    pip_calls = [call for call in calls if re.search(r"-m pip\b|import pip\b", call)]
    assert not pip_calls, f"a warm --init started pip: {pip_calls}"


def test_init_installs_the_pre_commit_hook_in_a_git_repository(project: Path, env: dict[str, str]) -> None:
    """lint_enforcement pre-commit: --init installs the git hook from the dev lock's pre-commit, and it runs."""
    assert (project / ".pre-commit-config.yaml").is_file()
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    identity |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    git_env = {**env, **identity}
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Render from Pyve", "--no-verify"]):
        ok(subprocess.run(["git", *step], cwd=project, capture_output=True, text=True, env=git_env))
    out = ok(run_pyve(project, "--init", env=env))
    assert "installed the pre-commit git hook" in out
    hook = project / ".git" / "hooks" / "pre-commit"
    assert hook.is_file() and "pre-commit" in hook.read_text()
    # The hook runs the rendered hooks on a commit: trailing whitespace is fixed and the commit refused.
    (project / "NOTES.txt").write_text("a line with trailing spaces   \n")
    ok(subprocess.run(["git", "add", "NOTES.txt"], cwd=project, capture_output=True, text=True, env=git_env))
    refused = subprocess.run(
        ["git", "commit", "-qm", "notes"], cwd=project, capture_output=True, text=True, env=git_env
    )
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert (project / "NOTES.txt").read_text() == "a line with trailing spaces\n"


def test_init_with_uv_direnv_and_an_existing_env(project: Path, env: dict[str, str]) -> None:
    add_tool(env, "uv")
    fake_direnv = Path(env["PATH"].split(":", 1)[0]) / "direnv"
    fake_direnv.write_text("#!/bin/sh\nexit 0\n")
    fake_direnv.chmod(0o755)
    pristine_files = source_snapshot(project)
    (project / ".env").write_text("API_TOKEN=do-not-touch\n")
    (project / ".env").chmod(0o640)

    assert "lock tool:        uv (" in ok(run_pyve(project, "--config", env=env))
    out = ok(run_pyve(project, "--init", "env-uv", env=env))
    assert re.search(r"\(uv [0-9.]+, --require-hashes\)", out), out
    assert "direnv allow" in out
    assert (project / ".env").read_text() == "API_TOKEN=do-not-touch\n"
    assert stat.S_IMODE((project / ".env").stat().st_mode) == 0o640
    envrc = (project / ".envrc").read_text()
    assert 'export VIRTUAL_ENV="$PWD/env-uv"' in envrc
    assert "dotenv_if_exists .env" in envrc
    # A venv of another name ignores itself (its own .gitignore): the project's .gitignore is untouched.
    assert pyve_lines(project / ".gitignore") == []
    assert (project / "env-uv" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert_project_runs(project, project / "env-uv")
    tests = subprocess.run(
        [str(project / "env-uv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    # --sync and --purge find the venv --init recorded, without being told its name.
    ok(run_pyve(project, "--sync", env=env))
    # A .envrc the user rewrote is theirs now: purge keeps it, and keeps it ignored.
    envrc_path = project / ".envrc"
    envrc_path.write_text("layout python3\n")
    kept = run_pyve(project, "--purge", "--yes", env=env)
    assert kept.returncode == 0 and "keeping .envrc" in kept.stderr
    assert envrc_path.read_text() == "layout python3\n"
    assert "/.envrc" in (project / ".gitignore").read_text().splitlines()  # still ignored
    assert not (project / "env-uv").exists()
    envrc_path.write_text(envrc)
    ok(run_pyve(project, "--init", "env-uv", env=env))
    ok(run_pyve(project, "--purge", "--yes", env=env))
    assert not (project / "env-uv").exists()
    assert not (project / ".envrc").exists()
    assert (project / ".env").read_text() == "API_TOKEN=do-not-touch\n"
    assert source_snapshot(project) == pristine_files


def test_existing_envrc_is_kept(project: Path, env: dict[str, str]) -> None:
    add_tool(env, "uv")
    fake_direnv = Path(env["PATH"].split(":", 1)[0]) / "direnv"
    fake_direnv.write_text("#!/bin/sh\nexit 0\n")
    fake_direnv.chmod(0o755)
    (project / ".envrc").write_text("layout python\n")
    ok(run_pyve(project, "--init", env=env))
    assert (project / ".envrc").read_text() == "layout python\n"
    assert pyve_lines(project / ".gitignore") == []
    ok(run_pyve(project, "--purge", "--yes", env=env))
    assert (project / ".envrc").read_text() == "layout python\n"


# ------------------------------------------------------------------------------------------------
# --purge safety
# ------------------------------------------------------------------------------------------------
def fake_venv(project: Path, name: str = ".venv") -> Path:
    """A venv as --init leaves it: pyvenv.cfg and --init's record (without it, --purge keeps the venv)."""
    venv = project / name
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / ".pyve-created").write_text("")
    return venv


def test_purge_asks_and_refuses_without_an_answer(project: Path, env: dict[str, str]) -> None:
    venv = fake_venv(project)
    refused = run_pyve(project, "--purge", env=env)  # stdin is not a terminal, no --yes
    assert refused.returncode == 1
    assert "pass --yes or set PYVE_ASSUME_YES=1" in refused.stderr
    assert venv.exists()
    ok(run_pyve(project, "--purge", env={**env, "PYVE_ASSUME_YES": "1"}))
    assert not venv.exists()


def test_purge_never_removes_a_folder_that_is_not_a_venv(project: Path, env: dict[str, str]) -> None:
    data = project / "data"
    data.mkdir()
    (data / "keep.csv").write_text("a,b\n")
    result = run_pyve(project, "--purge", "data", "--yes", env=env)
    assert result.returncode == 1
    assert "not a virtual environment" in result.stderr
    assert (data / "keep.csv").read_text() == "a,b\n"
    init = run_pyve(project, "--init", "data", env=env)
    assert init.returncode == 1
    assert "exists and is not a virtual environment" in init.stderr


def test_purge_with_nothing_to_do(project: Path, env: dict[str, str]) -> None:
    before = source_snapshot(project)
    assert "nothing to purge" in ok(run_pyve(project, "--purge", env=env))
    assert source_snapshot(project) == before


# ------------------------------------------------------------------------------------------------
# Python resolution: fallback, missing version, version managers
# ------------------------------------------------------------------------------------------------
def test_missing_python_version_is_a_clear_error(project: Path, env: dict[str, str]) -> None:
    before = source_snapshot(project)
    result = run_pyve(project, "--init", "--python-version", "3.99", env=env)
    assert result.returncode == 1
    assert "Python 3.99 not found" in result.stderr
    assert "python3.99" in result.stderr
    assert "supported:" in result.stderr
    assert not (project / ".venv").exists()
    assert source_snapshot(project) == before


def test_pin_only_needs_a_version_manager(project: Path, env: dict[str, str]) -> None:
    result = run_pyve(project, "--python-version", PY_MINOR, env=env)
    assert result.returncode == 1
    assert "no version manager (asdf or pyenv)" in result.stderr
    assert not (project / ".python-version").exists()


@pytest.fixture
def fake_pyenv(env: dict[str, str], tmp_path: Path) -> Path:
    """A stand-in pyenv with this Python installed, beside versions ./pyve.sh must not pick."""
    return install_fake_pyenv(env, tmp_path / "pyenv-root", ["3.6.15", PY_FULL, f"{PY_MINOR}.0rc1", "system"])


def test_init_pins_with_pyenv_and_purge_unpins(project: Path, env: dict[str, str], fake_pyenv: Path) -> None:
    add_tool(env, "uv")
    assert "version manager:  pyenv" in ok(run_pyve(project, "--config", env=env))
    out = ok(run_pyve(project, "--init", "--python-version", PY_MINOR, env=env))
    assert f"pinned Python {PY_FULL} in .python-version (pyenv)" in out
    assert (project / ".python-version").read_text() == f"{PY_FULL}\n"
    assert pyve_lines(project / ".gitignore") == []  # the rendered .gitignore lists it already
    ok(run_pyve(project, "--purge", "--yes", env=env))
    assert not (project / ".python-version").exists()
    assert not (project / ".venv").exists()


def test_pin_only_keeps_a_users_pin_file(project: Path, env: dict[str, str], fake_pyenv: Path) -> None:
    (project / ".python-version").write_text("3.6.15\n")
    ok(run_pyve(project, "--python-version", PY_FULL, env=env))
    assert (project / ".python-version").read_text() == f"{PY_FULL}\n"
    assert pyve_lines(project / ".gitignore") == []  # the user's file, not ours: nothing recorded
    missing = run_pyve(project, "--python-version", "3.99.1", env=env)
    assert missing.returncode == 1
    assert "pyenv install 3.99.1" in missing.stderr


# ------------------------------------------------------------------------------------------------
# Read-only project folder
# ------------------------------------------------------------------------------------------------
@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    # root ignores permission bits: use a read-only bind mount, where the system allows one.
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("running as root without permission to mount: cannot make a read-only folder")
    try:
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_project_is_a_clear_error(project: Path, env: dict[str, str]) -> None:
    before = source_snapshot(project)
    with read_only(project):
        result = run_pyve(project, "--init", env=env)
    assert result.returncode == 1
    assert "is not writable" in result.stderr
    assert source_snapshot(project) == before


# ------------------------------------------------------------------------------------------------
# --install / --uninstall
# ------------------------------------------------------------------------------------------------
def test_install_into_home_delegates_to_the_project(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    home = Path(env["HOME"])
    ok(run_pyve(project, "--install", env=env))
    bin_dir = home / ".local" / "bin"
    installed, link = bin_dir / "pyve.sh", bin_dir / "pyve"
    assert installed.read_bytes() == (project / "pyve.sh").read_bytes()
    assert link.is_symlink() and os.readlink(link) == "pyve.sh"
    env_on_path = {**env, "PATH": f"{bin_dir}:{env['PATH']}"}

    version = subprocess.run(["pyve", "--version"], env=env_on_path, capture_output=True, text=True, cwd=tmp_path)
    assert version.stdout.startswith("pyve.sh ")
    # In the project, the installed copy hands a command to the project's pyve.sh, and says so; --config
    # only reads, so it describes the folder and names the project's script without running it.
    handed = subprocess.run(["pyve", "--lock", "--check"], env=env_on_path, capture_output=True, text=True, cwd=project)
    assert f"pyve: running the project's {project.resolve() / 'pyve.sh'}\n" in handed.stderr, handed.stderr
    config = subprocess.run(["pyve", "--config"], env=env_on_path, capture_output=True, text=True, cwd=project)
    assert config.returncode == 0, config.stderr
    assert f"project script:   {project.resolve() / 'pyve.sh'} (not run" in config.stdout
    outside = subprocess.run(["pyve", "--lock"], env=env_on_path, capture_output=True, text=True, cwd=tmp_path)
    assert outside.returncode == 1
    assert "--lock needs a Pyve project" in outside.stderr and "plain folder" in outside.stderr

    ok(run_pyve(project, "--uninstall", env=env))
    assert not installed.exists() and not link.is_symlink()
    assert "not installed" in ok(run_pyve(project, "--uninstall", env=env))


def test_install_says_when_its_folder_is_not_on_path(project: Path, env: dict[str, str]) -> None:
    bin_dir = Path(env["HOME"]) / ".local" / "bin"
    result = run_pyve(project, "--install", env=env)
    assert result.returncode == 0
    assert f"{bin_dir} is not on PATH" in result.stderr
    again = run_pyve(project, "--install", env={**env, "PATH": f"{bin_dir}:{env['PATH']}"})
    assert again.returncode == 0
    assert "is not on PATH" not in again.stderr


@pytest.fixture
def fake_asdf(env: dict[str, str], tmp_path: Path) -> Path:
    """A stand-in asdf with its python plugin and this Python installed."""
    install = tmp_path / "asdf" / "installs" / "python" / PY_FULL
    (install / "bin").mkdir(parents=True)
    (install / "bin" / "python").symlink_to(base_python())
    script = Path(env["PATH"].split(":", 1)[0]) / "asdf"
    script.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            case "$1 $2" in
              "plugin list") printf '%s\\n' nodejs python ;;
              "list python") printf '  %s\\n *%s\\n' 3.6.15 '{PY_FULL}' ;;
              "where python") echo '{install}' ;;
              *) echo "fake asdf: $*" >&2; exit 1 ;;
            esac
            """)
    )
    script.chmod(0o755)
    return install


def test_init_pins_with_asdf_in_an_existing_tool_versions(project: Path, env: dict[str, str], fake_asdf: Path) -> None:
    add_tool(env, "uv")
    (project / ".tool-versions").write_text("nodejs 20.11.0\npython 3.6.15\n")
    assert "version manager:  asdf" in ok(run_pyve(project, "--config", env=env))
    out = ok(run_pyve(project, "--init", "--python-version", PY_MINOR, env=env))
    assert f"pinned Python {PY_FULL} in .tool-versions (asdf)" in out
    assert (project / ".tool-versions").read_text() == f"nodejs 20.11.0\npython {PY_FULL}\n"
    assert pyve_lines(project / ".gitignore") == []
    assert (project / ".venv" / "pyvenv.cfg").read_text().count(PY_MINOR) >= 1
    ok(run_pyve(project, "--purge", "--yes", env=env))
    assert (project / ".tool-versions").read_text() == f"nodejs 20.11.0\npython {PY_FULL}\n"


def test_init_without_a_version_takes_the_lowest_supported_one_installed(
    template_src: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    absent = "3.10"
    if PY_MINOR == absent or shutil.which(f"python{absent}", path=env["PATH"]):
        pytest.skip(f"needs a machine where python{absent} is not on the sandbox PATH")
    add_tool(env, "uv")
    answers = {**ANSWERS, "python_versions": [absent, PY_MINOR]}
    project = render_project(template_src, tmp_path / "two versions", answers)
    assert f"python:           {PY_FULL}" in ok(run_pyve(project, "--config", env=env))
    out = ok(run_pyve(project, "--init", env=env))
    assert f"Python {absent} (the lowest supported) is not installed; using Python {PY_MINOR}" in out
    assert (project / ".venv" / "pyvenv.cfg").is_file()
    asked = run_pyve(project, "--init", "other-venv", "--python-version", absent, env=env)
    assert asked.returncode == 1 and f"Python {absent} not found" in asked.stderr


def test_no_supported_python_installed_is_a_clear_error(
    template_src: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    others = [
        v
        for v in ("3.10", "3.11", "3.12", "3.13")
        if v != PY_MINOR and not shutil.which(f"python{v}", path=env["PATH"])
    ]
    if not others:
        pytest.skip("every supported Python is on the sandbox PATH")
    project = render_project(template_src, tmp_path / "none", {**ANSWERS, "python_versions": others})
    result = run_pyve(project, "--init", env=env)
    assert result.returncode == 1
    assert f"none of the supported Python versions ({' '.join(others)}) is installed" in result.stderr
    assert not (project / ".venv").exists()


@pytest.mark.parametrize("tool", ["pip", "uv"])
def test_failed_install_is_a_clear_error_and_a_rerun_recovers(
    project: Path, env: dict[str, str], tmp_path: Path, tool: str
) -> None:
    if tool == "uv":
        add_tool(env, "uv")
    empty = tmp_path / "empty-wheelhouse"
    empty.mkdir()
    failed = run_pyve(project, "--init", env={**env, "PIP_FIND_LINKS": str(empty)})
    assert failed.returncode == 1
    # The error names the tool that failed and its own last error line, not a list of guesses.
    if tool == "uv":
        assert re.search(
            r"pyve: error: uv could not install requirements.txt requirements-dev.txt into .venv: .+", failed.stderr
        )
    else:
        assert f"could not install pip {BOOTSTRAP_PIP} from requirements-bootstrap.txt: ERROR: " in failed.stderr
    assert "network, index settings, a stale lock" not in failed.stderr
    assert not (project / ".env").exists()  # it stopped there
    if tool == "uv":  # (the pip path's full install is timed once already, in the init/purge cycle)
        ok(run_pyve(project, "--init", env=env))
        assert (project / ".venv" / "bin" / "pytest").exists()


# ------------------------------------------------------------------------------------------------
# A fresh commit of a render stays clean through --init, copier update and --purge
# ------------------------------------------------------------------------------------------------
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def git_status(project: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_init_leaves_git_status_clean_and_copier_update_runs_right_after(
    template_src: Path, tmp_path: Path, env: dict[str, str], fake_pyenv: Path
) -> None:
    from copier import run_update

    fake_direnv = Path(env["PATH"].split(":", 1)[0]) / "direnv"
    fake_direnv.write_text("#!/bin/sh\nexit 0\n")
    fake_direnv.chmod(0o755)
    project = render_project(template_src, tmp_path / "clean", ANSWERS)
    subprocess.run([*GIT, "init", "-q"], cwd=project, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", "render"], cwd=project, check=True)
    gitignore = (project / ".gitignore").read_text()

    # pip path (python -m venv writes no .gitignore of its own before 3.13), pyenv pin, direnv, .env.
    ok(run_pyve(project, "--init", "--python-version", PY_MINOR, env=env))
    for made in (".venv/pyvenv.cfg", ".python-version", ".envrc", ".env"):
        assert (project / made).exists(), made
    assert git_status(project) == ""
    assert (project / ".gitignore").read_text() == gitignore

    # copier update refuses a dirty tree; right after --init it runs (and at the same version changes nothing).
    run_update(str(project), defaults=True, unsafe=True, quiet=True, overwrite=True, vcs_ref="HEAD")
    assert git_status(project) == ""

    # --purge removes what --init made and nothing else: the tree is the commit again.
    ok(run_pyve(project, "--purge", "--yes", env=env))
    for made in (".venv", ".python-version", ".envrc", ".env"):
        assert not (project / made).exists(), made
    assert git_status(project) == ""
    assert (project / ".gitignore").read_text() == gitignore


# ------------------------------------------------------------------------------------------------
# The project itself lives in its venv, for every kind of component and layout
# ------------------------------------------------------------------------------------------------
SEVERAL_COMPONENTS: dict[str, Any] = {
    "python_versions": [PY_MINOR],
    "components": [
        {"name": "web", "kind": "application", "paths": ["apps/web"], "entrypoints": ["web-serve"]},
        {"name": "tool", "kind": "cli", "entrypoints": ["tool", "tool-admin"]},
        {"name": "corelib", "kind": "library", "paths": ["libs/corelib"]},
    ],
}


@pytest.mark.parametrize(
    ("answers", "tool"),
    [
        pytest.param({**LIB_ANSWERS, "build_backend": "hatchling"}, "uv", id="library-hatchling-uv"),
        pytest.param(
            {**SEVERAL_COMPONENTS, "build_backend": "setuptools"}, "pip", id="three-components-setuptools-pip"
        ),
        pytest.param({**SEVERAL_COMPONENTS, "build_backend": "hatchling"}, "pip", id="three-components-hatchling-pip"),
    ],
)
def test_init_installs_the_project_itself(
    template_src: Path, tmp_path: Path, env: dict[str, str], answers: dict[str, Any], tool: str
) -> None:
    if tool == "uv":
        add_tool(env, "uv")
    project = render_project(template_src, tmp_path / "components", answers)
    out = ok(run_pyve(project, "--init", env=env))
    assert "installing the project itself into .venv (editable" in out
    venv = project / ".venv"
    assert_project_runs(project, venv)
    libraries = [c for c in answers["components"] if c["kind"] == "library"]
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    for component in answers["components"]:
        module = normalize(component, recorded["package_name"]).module  # package_name or <package_name>_<name>
        imported = subprocess.run(
            [str(venv / "bin" / "python"), "-c", f"import {module}; print({module}.__file__)"],
            cwd=tmp_path,  # not the project: the import comes from the install, not the working folder
            capture_output=True,
            text=True,
        )
        assert imported.returncode == 0, imported.stderr
        # Editable: the module is the project's own file, so an edit takes effect without a reinstall.
        assert Path(imported.stdout.strip()).resolve().is_relative_to(project.resolve())
    assert libraries or (venv / "bin" / "web-serve").exists()
    # The README's quick start shows exactly these commands.
    readme = (project / "README.md").read_text()
    for command in tomllib.loads((project / "pyproject.toml").read_text())["project"].get("scripts", {}):
        assert f".venv/bin/{command} --help" in readme
    # --sync keeps the project installed (uv pip sync / pip-sync drop what the locks do not list).
    ok(run_pyve(project, "--sync", env=env))
    assert_project_runs(project, venv)
