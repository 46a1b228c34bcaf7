"""The bootstrap as a user meets it: a stock interpreter with the pip it ships, no uv, the real index.

No wheelhouse here (test_bootstrap.py has the fast, offline bulk). The interpreter's own pip (pyenv's
Python 3.10 ships pip 23.0, which rejects the hashed dev lock) installs only the pinned, hashed uv of
requirements-bootstrap.txt (this machine's pip configuration is passed on, so pip does it; where pip
is not configured, .pyve/fetch_uv.py does: test_bootstrap_uv.py); that uv installs the locks and the
project itself. The pip path (a
platform without a uv wheel; PYVE_LOCK_TOOL=pip-tools here) first installs the pinned pip. Then
`make lint test` and `make lock-check` pass and `git status` stays clean, and a dependency is added
the documented way and relocked without uv on PATH: the lock stays universal. Marked `journey`.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from conftest import render_project

PYENV_ROOT = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def stock_python(version: str) -> Path:
    python = PYENV_ROOT / "versions" / version / "bin" / "python"
    if not python.exists():
        pytest.skip(f"pyenv has no Python {version} here")
    return python


def user_env(tmp_path: Path, python: Path, minor: str) -> dict[str, str]:
    """The user's shell: python3.X on PATH, no pyenv, no uv, the machine's pip configuration, an
    empty HOME (no pip cache: a first run)."""
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / f"python{minor}").symlink_to(python)
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key.startswith(("PIP_", "SSL_", "REQUESTS_"))}
    env |= {key: value for key, value in os.environ.items() if key.lower().endswith("_proxy")}
    env |= {"PATH": f"{shim}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    env |= {"TMPDIR": str(tmp_path), "COPIER_SETTINGS_PATH": os.environ.get("COPIER_SETTINGS_PATH", os.devnull)}
    return env


def run(project: Path, env: dict[str, str], *command: str, timeout: float = 900) -> str:
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.mark.journey
# The oldest supported Python; tests/test_journey.py runs the same first steps (and more) on 3.11.7 without uv.
@pytest.mark.parametrize(("version", "installer"), [("3.10.13", "uv"), ("3.10.13", "pip")])
def test_init_on_a_stock_interpreter_then_run_lint_test_and_relock(
    template_src: Path, tmp_path: Path, version: str, installer: str
) -> None:
    python = stock_python(version)
    minor = version.rsplit(".", 1)[0]
    bundled = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    assert bundled.stdout.startswith("pip 2")
    versions = [v for v in ("3.10", "3.11", "3.12", "3.13") if v >= minor]
    project = render_project(template_src, tmp_path / "my-project", {"python_versions": versions})
    env = user_env(tmp_path, python, minor)
    if installer == "pip":
        env["PYVE_LOCK_TOOL"] = "pip-tools"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*GIT, *command], cwd=project, check=True)
    assert subprocess.run(["sh", "-c", "command -v uv pyenv"], env=env, capture_output=True).returncode != 0

    started = time.monotonic()
    out = run(project, env, "./pyve.sh", "--init", "--python-version", version)
    print(f"\n./pyve.sh --init on stock Python {version} (no uv, {installer}): {time.monotonic() - started:.1f}s")
    if installer == "uv":
        assert re.search(r"installing uv \S+ from requirements-bootstrap\.txt \(--require-hashes\)", out)
        assert re.search(r"installing requirements\.txt requirements-dev\.txt into \.venv \(uv \S+", out)
        assert "upgrading pip" not in out
    else:
        assert f"upgrading pip {bundled.stdout.split()[1]} -> " in out
        assert "installing uv" not in out
    assert "installing the project itself" in out

    # The project lives in its venv: the README's quick-start commands work.
    readme = (project / "README.md").read_text()
    for line in re.findall(r"^(\.venv/bin/\S+(?: -m \S+)? --help)$", readme, flags=re.M):
        assert "usage:" in run(project, env, *line.split())
    run(project, env, "make", "lint", "test", "STRICT=1")
    run(project, env, "make", "lock-check")
    assert subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout == ""

    # One documented step adds a dependency: requirements.in, then ./pyve.sh --lock (no uv on PATH).
    (project / "requirements.in").write_text((project / "requirements.in").read_text() + "httpx>=0.27,<1\n")
    env.pop("PYVE_LOCK_TOOL", None)  # which installs; --lock always resolves with uv (universal)
    started = time.monotonic()
    out = run(project, env, "./pyve.sh", "--lock")
    print(f"./pyve.sh --lock without uv on PATH: {time.monotonic() - started:.1f}s")
    if installer == "pip":  # --init did not fetch uv; --lock needs it, as the universal resolver
        assert re.search(r"installing uv \S+ from requirements-bootstrap\.txt", out)
    runtime_lock = (project / "requirements.txt").read_text()
    for name in ("httpx", "httpcore", "h11", "anyio", "idna", "certifi"):  # httpx and its dependency tree
        assert re.search(rf"^{name}==\S+ \\\n    --hash=sha256:", runtime_lock, flags=re.M), name
    dev_lock = (project / "requirements-dev.txt").read_text()
    if minor == "3.10":  # still universal: what only Python 3.10 needs is kept, under its marker
        assert re.search(r"^tomli==\S+ ; python_full_version < '3\.11'", dev_lock, flags=re.M)
        assert re.search(r"^exceptiongroup==\S+ ; python_full_version < '3\.11'", runtime_lock, flags=re.M)
    run(project, env, "./pyve.sh", "--sync")
    run(project, env, ".venv/bin/python", "-c", "import httpx")
    run(project, env, "make", "lock-check")
    run(project, env, "make", "test")
