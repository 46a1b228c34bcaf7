"""pyve.sh touches only what it owns (issue 13): install, uninstall, a failed --init, an existing .env.

Each test failed before its fix: --install wrote through a symlink and over a foreign pyve.sh,
--uninstall deleted a `pyve` link to something else, a failed `--init --python-version` left its pin
(and its venv) so the next plain --init failed, and a .env others can read was kept silently.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bootstrap_support import (
    PY_FULL,
    PY_MINOR,
    SHIPPED_DEV_LOCK,
    install_fake_pyenv,
    make_shim,
    run_pyve,
    sandbox_env,
    wheelhouse_for,
)
from catalogue import Catalogue


@pytest.fixture(scope="module")
def pristine(catalogue: Catalogue) -> Path:
    return catalogue.path({"python_versions": [PY_MINOR]}, folder="app")


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "my project", symlinks=True))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return sandbox_env(
        make_shim(tmp_path / "shim"), home, wheelhouse_for(SHIPPED_DEV_LOCK), PYVE_INSTALL_DIR=str(tmp_path / "bin")
    )


def failed(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert fragment in result.stderr, result.stderr


# -- --install / --uninstall -------------------------------------------------------------------------
def test_install_does_not_write_through_a_symlink(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    precious = tmp_path / "precious.sh"
    precious.write_text("#!/bin/sh\necho mine\n")
    (bin_dir / "pyve.sh").symlink_to(precious)
    failed(run_pyve(project, "--install", env=env), "is a symbolic link")
    assert precious.read_text() == "#!/bin/sh\necho mine\n"
    assert (bin_dir / "pyve.sh").is_symlink() and not (bin_dir / "pyve").exists()


def test_install_does_not_replace_a_foreign_pyve_sh(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pyve.sh").write_text("#!/usr/bin/env zsh\n# the original pointmatic pyve\n")
    failed(run_pyve(project, "--install", env=env), "was not installed by pyve.sh")
    assert "pointmatic" in (bin_dir / "pyve.sh").read_text()


def test_install_and_uninstall_leave_a_foreign_pyve_link(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pyve").symlink_to("/usr/bin/true")
    failed(run_pyve(project, "--install", env=env), "is not the link pyve.sh makes")
    assert not (bin_dir / "pyve.sh").exists()
    (bin_dir / "pyve").unlink()
    assert run_pyve(project, "--install", env=env).returncode == 0
    (bin_dir / "pyve").unlink()
    (bin_dir / "pyve").symlink_to("/usr/bin/true")
    result = run_pyve(project, "--uninstall", env=env)
    assert result.returncode == 0, result.stderr
    assert "kept" in result.stderr and (bin_dir / "pyve").readlink() == Path("/usr/bin/true")
    assert not (bin_dir / "pyve.sh").exists()  # its own copy goes


def test_install_twice_then_uninstall_removes_only_its_own(project: Path, env: dict[str, str], tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    for _ in range(2):
        result = run_pyve(project, "--install", env=env)
        assert result.returncode == 0, result.stderr
    assert (bin_dir / "pyve").readlink() == Path("pyve.sh")
    assert (bin_dir / "pyve.sh").read_bytes() == (project / "pyve.sh").read_bytes()
    (bin_dir / "other-tool").write_text("keep\n")
    result = run_pyve(project, "--uninstall", env=env)
    assert result.returncode == 0 and "removed pyve" in result.stdout, result.stderr
    assert sorted(p.name for p in bin_dir.iterdir()) == ["other-tool"]


# -- a failed --init leaves no pin and no venv; a .env others can read is reported ------------------
@pytest.fixture
def fake_pyenv(env: dict[str, str], tmp_path: Path) -> Path:
    """A stand-in pyenv with this Python installed (as in test_bootstrap.py)."""
    return install_fake_pyenv(env, tmp_path / "pyenv-root", [PY_FULL, "system"])


def test_a_failed_init_leaves_no_pin_and_no_venv_and_the_next_init_works(
    project: Path, env: dict[str, str], fake_pyenv: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-wheelhouse"
    empty.mkdir()
    result = run_pyve(project, "--init", "--python-version", PY_FULL, env={**env, "PIP_FIND_LINKS": str(empty)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert not (project / ".python-version").exists(), "a failed --init left its pin"
    assert not (project / ".venv").exists(), "a failed --init left the venv it created"
    assert "removed .venv" in result.stderr
    # The next plain --init starts clean; an existing .env others can read is kept, and reported.
    (project / ".env").write_text("SECRET=x\n")
    (project / ".env").chmod(0o644)
    result = run_pyve(project, "--init", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".python-version").read_text().strip() == PY_FULL  # pinned once it worked
    assert "other users can read it" in result.stderr and "chmod 600 .env" in result.stderr
    assert (project / ".env").stat().st_mode & 0o777 == 0o644  # the user's file, left as it is
