"""`pyve` as the original general tool: installed once, then --init/--config/--purge in any folder.

A rendered project's pyve.sh is installed into a temporary HOME (``--install --yes`` adds the PATH
line to the profile), then run in plain folders (no Pyve project anywhere above them): --init makes
.venv, .env (mode 600) and the .gitignore lines, --purge leaves the folder exactly as it was. Inside
the rendered project the installed copy still hands over to the project's own pyve.sh. Offline: the
plain folders hold no requirement to download.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from catalogue import Catalogue


@pytest.fixture(scope="module")
def project(catalogue: Catalogue) -> Path:
    return catalogue.path("default")


@pytest.fixture
def home(project: Path, tmp_path: Path) -> Path:
    """A temporary HOME with pyve installed in ~/.local/bin (the tests put it on PATH themselves)."""
    home = tmp_path / "home"
    home.mkdir()
    run(["./pyve.sh", "--install"], project, home, on_path=False)
    return home


def run(
    args: list[str], cwd: Path, home: Path, check: bool = True, on_path: bool = True
) -> subprocess.CompletedProcess[str]:
    bin_dir = f"{home / '.local' / 'bin'}{os.pathsep}" if on_path else ""
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash", "PATH": bin_dir + os.environ["PATH"]}
    env.pop("PYVE_PROFILE", None)
    env.pop("PYVE_INSTALL_DIR", None)
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check:
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_install_puts_pyve_on_path_with_the_profile_line(project: Path, home: Path) -> None:
    out = run(["./pyve.sh", "--install", "--yes"], project, home, on_path=False).stdout
    profile = home / ".bashrc"
    line = f'export PATH="{home}/.local/bin:$PATH" # added by pyve.sh --install'
    assert profile.read_text().splitlines() == [line], out
    assert (home / ".local" / "bin" / "pyve").resolve() == (home / ".local" / "bin" / "pyve.sh")
    run(["./pyve.sh", "--install", "--yes"], project, home, on_path=False)
    assert profile.read_text().splitlines() == [line], "a second --install must not add the line again"
    run(["pyve", "--uninstall"], project, home)
    assert profile.read_text().strip() == "" and not (home / ".local" / "bin" / "pyve").exists()


def test_install_without_yes_asks_and_leaves_the_profile_alone(project: Path, home: Path) -> None:
    result = run(["./pyve.sh", "--install"], project, home, on_path=False)
    assert "not on PATH" in result.stderr and not (home / ".bashrc").exists()


def test_init_and_purge_round_trip_in_a_plain_folder(project: Path, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / ".gitignore").write_text("notes.txt\n")
    (folder / "app.py").write_text("print('hi')\n")
    before = snapshot(folder)

    init = run(["pyve", "--init"], folder, home)
    assert "plain folder" in init.stdout and "no requirements files" in init.stdout
    assert (folder / ".venv" / "pyvenv.cfg").is_file()
    assert stat.S_IMODE((folder / ".env").stat().st_mode) == 0o600
    lines = (folder / ".gitignore").read_text().splitlines()
    assert lines[0] == "notes.txt" and {"/.venv/", "/.env"} <= set(lines)
    config = run(["pyve", "--config"], folder, home).stdout
    assert "none: a plain folder" in config and "venv dir:         .venv (present)" in config

    purge = run(["pyve", "--purge", "--yes"], folder, home)
    assert "removed .venv .env" in purge.stdout
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "app.py"]


def test_a_plain_folder_without_gitignore_is_left_without_one(project: Path, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / ".env.example").write_text("API_URL=http://localhost\n")
    (folder / "requirements.txt").write_text("# no dependencies yet\n")
    init = run(["pyve", "--init"], folder, home)
    assert "installing requirements.txt into .venv" in init.stdout
    assert (folder / ".env").read_text() == "API_URL=http://localhost\n"
    run(["pyve", "--purge", "--yes"], folder, home)
    assert sorted(p.name for p in folder.iterdir()) == [".env.example", "requirements.txt"]


def test_purge_keeps_an_edited_env(project: Path, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    run(["pyve", "--init"], folder, home)
    (folder / ".env").write_text("TOKEN=mine\n")
    purge = run(["pyve", "--purge", "--yes"], folder, home)
    assert "kept .env" in purge.stdout and (folder / ".env").read_text() == "TOKEN=mine\n"
    assert not (folder / ".venv").exists()


def test_plain_folder_refusals_are_clear(project: Path, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "refuse"
    folder.mkdir()
    lock = run(["pyve", "--lock"], folder, home, check=False)
    assert lock.returncode == 1 and "plain folder" in lock.stderr
    at_home = run(["pyve", "--init"], home, home, check=False)
    assert at_home.returncode == 1 and "refusing to set up" in at_home.stderr
    assert not (home / ".venv").exists()


def test_inside_a_project_the_installed_pyve_hands_over(catalogue: Catalogue, tmp_path: Path, home: Path) -> None:
    project = catalogue.copy("default", tmp_path / "project")  # a git repository of its own, below
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)  # the search stops at the git top
    result = run(["pyve", "--lock", "--check"], project / "docs", home, check=False)
    assert f"pyve: running the project's {project.resolve()}/pyve.sh" in result.stderr
    config = run(["pyve", "--config"], project / "docs", home).stdout  # read-only: never handed over
    assert f"project script:   {project.resolve()}/pyve.sh (not run" in config


def test_the_rendered_make_targets_run_pyve_smoke_tests(project: Path, home: Path) -> None:
    result = run(["make", "lint-pyve", "test-pyve"], project, home)
    assert "--init/--purge round trip passed" in result.stdout


def _foreign_venv(folder: Path) -> Path:
    """A virtual environment the user made themselves, with their own file in it."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["python3", "-m", "venv", "--without-pip", str(folder / ".venv")], check=True)
    notes = folder / ".venv" / "notes.txt"
    notes.write_text("mine\n")
    return notes


def test_purge_keeps_a_venv_pyve_did_not_create(project: Path, home: Path, tmp_path: Path) -> None:
    """`--purge --yes` removed any .venv with a pyvenv.cfg, though --init records what it created."""
    notes = _foreign_venv(tmp_path / "theirs")
    purge = run(["pyve", "--purge", "--yes"], notes.parent.parent, home)
    assert notes.read_text() == "mine\n"
    assert "kept .venv: pyve.sh did not create it" in purge.stdout
    # --init reuses it (and says so); --purge still keeps it, and removes the .env --init made
    init = run(["pyve", "--init"], notes.parent.parent, home)
    assert "--purge will keep it" in init.stdout
    purge = run(["pyve", "--purge", "--yes"], notes.parent.parent, home)
    assert notes.read_text() == "mine\n" and "kept .venv" in purge.stdout
    assert not (notes.parent.parent / ".env").exists()
    # in a project, by its own pyve.sh, the same
    notes = _foreign_venv(tmp_path / "copy")
    shutil.copy2(project / "pyve.sh", notes.parent.parent / "pyve.sh")
    (notes.parent.parent / ".copier-answers.yml").write_text("")
    purge = run(["./pyve.sh", "--purge", "--yes"], notes.parent.parent, home)
    assert notes.read_text() == "mine\n" and "kept .venv" in purge.stdout


def test_init_and_purge_never_write_through_a_symlink(project: Path, home: Path, tmp_path: Path) -> None:
    """A .gitignore committed as a link to a file elsewhere was edited there; a dangling .env link
    made --init create its target (outside the folder)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared-ignore").write_text("*.log\n")
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(outside / "shared-ignore")
    for action in (["--init"], ["--purge", "--yes"]):
        result = run(["pyve", *action], folder, home, check=False)
        assert result.returncode == 1 and ".gitignore: it is a symbolic link" in result.stderr, result.stderr
    assert (outside / "shared-ignore").read_text() == "*.log\n"
    assert not (folder / ".venv").exists()
    (folder / ".gitignore").unlink()
    (folder / ".env").symlink_to(outside / "secrets.env")  # dangling
    result = run(["pyve", "--init"], folder, home, check=False)
    assert result.returncode == 1 and ".env: it is a symbolic link" in result.stderr, result.stderr
    assert not (outside / "secrets.env").exists() and not (folder / ".venv").exists()


def test_install_writes_the_folder_escaped_into_the_profile(project: Path, tmp_path: Path) -> None:
    """The install folder went into the profile unescaped: a folder named with $(…) ran it at every shell start."""
    marker = tmp_path / "EXECUTED"
    home = tmp_path / "home"
    home.mkdir()
    odd = tmp_path / f'bin $(touch {marker}) `x` "q" \\ end'
    profile = home / ".bashrc"
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash", "PYVE_INSTALL_DIR": str(odd)}
    env.pop("PYVE_PROFILE", None)
    result = subprocess.run(["./pyve.sh", "--install", "--yes"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    read_back = subprocess.run(
        ["bash", "--norc", "-c", f'source "{profile}"; printf %s "${{PATH%%:*}}"'], capture_output=True, text=True
    )
    assert not marker.exists()
    assert read_back.stdout == str(odd), read_back.stdout
    colon = subprocess.run(
        ["./pyve.sh", "--install", "--yes"],
        cwd=project,
        env={**env, "PYVE_INSTALL_DIR": str(tmp_path / "a:b")},
        capture_output=True,
        text=True,
    )
    assert colon.returncode == 0 and "cannot be a PATH entry" in colon.stderr
