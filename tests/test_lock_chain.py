"""One installable set: the locks installed into one venv are resolved against each other.

The report (issue 21): at production, `echo "httpx>=0.27,<1" >> requirements.in && ./pyve.sh --lock &&
./pyve.sh --sync` failed with idna pinned twice (3.21 in requirements.txt, 3.20 in
requirements-audit.txt), and `make lock-check` and `pyve-gen check` stayed green. Now each lock is
compiled with every lock before it as a constraint, and lock-check (the same checker in `pyve-gen
check`) fails when two locks disagree, naming the package and `./pyve.sh --lock`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bootstrap_support import PY_MINOR, base_python, make_shim, run_pyve, sandbox_env
from conftest import render_project
from dependabot_standin import dependabot_update
from lock_bump import _index_versions, pins
from lock_diff import moved, version_sets
from packaging.requirements import Requirement
from packaging.version import Version

from pyve_gen.check_rules import lock_fresh
from pyve_gen.project import Project
from pyve_gen.update import UpdateReport, _relock

PRODUCTION_APP: dict[str, Any] = {
    "quality_level": "production",
    "deploy_provider": "fly",
    "python_versions": [PY_MINOR],
}
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


@pytest.fixture(scope="module")
def production_app(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_project(template_src, tmp_path_factory.mktemp("chain") / "acme", PRODUCTION_APP)


def fresh_copy(project: Path, tmp_path: Path) -> Path:
    dest = tmp_path / project.name
    shutil.copytree(project, dest)
    return dest


def audit_idna(project: Path) -> str:
    (version,) = version_sets((project / "requirements-audit.txt").read_text())["idna"]
    return version


def test_locks_installed_together_must_agree(production_app: Path, tmp_path: Path) -> None:
    """Each lock satisfies its own input, yet two of them pin idna differently: lock-check fails, offline,
    naming the package, the two locks and the one command that fixes it; so does `pyve-gen check`."""
    app = fresh_copy(production_app, tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    env = sandbox_env(make_shim(tmp_path / "shim"), home, wheelhouse=None, PIP_NO_INDEX="1")
    assert run_pyve(app, "--lock", "--check", env=env).returncode == 0
    assert lock_fresh(Project(app), None).status == "pass"  # type: ignore[arg-type]
    shipped = audit_idna(app)
    other = "3.1" if shipped != "3.1" else "3.2"
    digest = hashlib.sha256(b"idna").hexdigest()
    (app / "requirements.in").write_text("idna>=3\n")
    (app / "requirements.txt").write_text(
        f"idna=={other} \\\n    --hash=sha256:{digest}\n    # via -r requirements.in\n"
    )

    result = run_pyve(app, "--lock", "--check", env=env)
    assert result.returncode == 1
    expected = f"idna is pinned {other} in requirements.txt but {shipped} in requirements-audit.txt"
    assert expected in result.stderr, result.stderr
    assert "installed into one venv, so they must agree: run ./pyve.sh --lock" in result.stderr
    assert "requirements.txt: satisfies requirements.in" in result.stdout  # each lock alone is fine
    make = subprocess.run(["make", "lock-check"], cwd=app, env=env, capture_output=True, text=True)
    assert make.returncode != 0 and expected in make.stderr
    found = lock_fresh(Project(app), None)  # type: ignore[arg-type]
    assert found.status == "fail" and expected in found.message


def test_a_runtime_pin_reaches_every_lock_installed_beside_it(production_app: Path, tmp_path: Path) -> None:
    """The report's steps, on a machine with no uv on PATH and no venv yet (a teammate's clone)."""
    app = fresh_copy(production_app, tmp_path)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*GIT, *command], cwd=app, check=True)
    home = tmp_path / "home"
    home.mkdir()
    env = sandbox_env(make_shim(tmp_path / "shim"), home, wheelhouse=None)
    shipped = {name: (app / name).read_text() for name in ("requirements-dev.txt", "requirements-audit.txt")}
    # httpx needs idna; so does pip-audit (through requests). Excluding the audit lock's idna makes the
    # runtime lock's differ from it, as 3.21 did from 3.20 in the report, whatever the index holds today.
    excluded = audit_idna(app)
    with (app / "requirements.in").open("a") as handle:
        handle.write(f"httpx>=0.27,<1\nidna!={excluded}\n")

    result = run_pyve(app, "--lock", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "installing uv " in result.stdout and "from requirements-bootstrap.txt" in result.stdout
    assert not (app / ".venv").exists()  # relocked without a venv
    runtime = version_sets((app / "requirements.txt").read_text())
    assert "httpx" in runtime and runtime["idna"] == version_sets((app / "requirements-audit.txt").read_text())["idna"]
    assert re.search(r"changed: requirements\.txt .*requirements-audit\.txt", result.stdout)
    # A minimal diff: the audit lock moved idna (and what the runtime lock shares with it), nothing else.
    for name, before in shipped.items():
        moves = moved(before, (app / name).read_text())
        shared = {m.split()[0] for m in moves} - set(runtime)
        assert not shared, f"{name}: pins moved that the runtime lock does not hold: {moves}"
    checked = run_pyve(app, "--lock", "--check", env=env)
    assert checked.returncode == 0, checked.stderr
    # Re-running changes nothing.
    again = run_pyve(app, "--lock", env=env)
    assert again.returncode == 0 and "nothing changed" in again.stdout, again.stdout + again.stderr

    # The venv installs as one set (the failure of the report), and the package imports.
    init = run_pyve(app, "--init", env=env)
    assert init.returncode == 0, init.stdout + init.stderr
    assert subprocess.run([str(app / ".venv/bin/python"), "-c", "import httpx"]).returncode == 0

    # An application's wheel declares the ranges of requirements.in (their one source): installed alone
    # into a fresh venv, its command runs, and the code that imports httpx finds it.
    (main,) = (app / "src").glob("*/__main__.py")
    code = main.read_text()
    main.write_text(code.replace("\nimport ", "\nimport httpx  # noqa: F401\nimport ", 1))
    assert "import httpx" in main.read_text()
    build = subprocess.run(["make", "build"], cwd=app, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (app / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        requires = re.findall(r"^Requires-Dist: (.+)$", archive.read(metadata).decode(), flags=re.M)
    assert requires == ["httpx<1,>=0.27", f"idna!={excluded}"]
    venv = tmp_path / "fresh-venv"
    subprocess.run([str(base_python()), "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", str(wheel)], env=env, capture_output=True, text=True
    )
    assert install.returncode == 0, install.stdout + install.stderr
    scripts = tomllib.loads((app / "pyproject.toml").read_text())["project"]["scripts"]
    command = venv / "bin" / next(iter(scripts))
    ran = subprocess.run([str(command), "--help"], capture_output=True, text=True)
    assert ran.returncode == 0 and "usage:" in ran.stdout, ran.stdout + ran.stderr

    # `pyve-gen update`'s relock step syncs the venv afterwards: a new lock input is installed at once.
    with (app / "requirements.in").open("a") as handle:
        handle.write("six>=1.16\n")
    report = UpdateReport(version_before="x")
    _relock(app, report, ["requirements.in"], "./pyve.sh --lock")
    assert report.relock_ok and report.relock.endswith("the venv is synced (./pyve.sh --sync)"), report.relock
    assert subprocess.run([str(app / ".venv/bin/python"), "-c", "import six"]).returncode == 0


@pytest.mark.parametrize("backend", ["setuptools", "hatchling"])
def test_an_applications_wheel_declares_the_ranges_of_requirements_in(
    template_src: Path, tmp_path: Path, backend: str
) -> None:
    """One source: the wheel's Requires-Dist are the lines of requirements.in (comments and options left
    out), with either build backend; the lock pins them (tested above, with a fresh install)."""
    answers = {"python_versions": [PY_MINOR], "build_backend": backend, "phase1_mode": "answer"}
    app = render_project(template_src, tmp_path / "wheel", answers)
    with (app / "requirements.in").open("a") as handle:
        handle.write("httpx>=0.27,<1  # the client\n\nrich[jupyter]>=13 ; python_version >= '3.10'\n")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", "dist", "."],  # the backend from the index
        cwd=app,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (app / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        requires = re.findall(r"^Requires-Dist: (.+)$", archive.read(metadata).decode(), flags=re.M)
    # hatchling writes markers with single quotes, setuptools with double: the same requirements.
    assert [str(Requirement(line)) for line in requires] == [
        "httpx<1,>=0.27",
        'rich[jupyter]>=13; python_version >= "3.10"',
    ]


def test_a_dependabot_bump_of_a_shared_pin_keeps_the_locks_agreeing_and_universal(
    template_src: Path, tmp_path: Path
) -> None:
    """Dependabot (`package-ecosystem: uv`; tests/dependabot_standin.py does what its updater does, since it
    cannot run here) moves idna, which the runtime lock (through httpx) and the audit lock (through
    pip-audit's requests) share: it recompiles both with the --universal and --python-version that the
    header of ./pyve.sh --lock names, so the locks agree, lock-check passes, and what only Python 3.10
    needs keeps its marker (lock-check alone would not see a dropped transitive pin)."""
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed beside the test's Python")
    answers = {**PRODUCTION_APP, "python_versions": ["3.10", "3.11", "3.12", "3.13"]}
    app = render_project(template_src, tmp_path / "bot", answers)
    home = tmp_path / "home"
    home.mkdir()
    shim = make_shim(tmp_path / "shim")
    (shim / "uv").symlink_to(uv)
    env = sandbox_env(shim, home, wheelhouse=None)
    with (app / "requirements.in").open("a") as handle:
        handle.write("httpx>=0.27,<1\n")
    locked = run_pyve(app, "--lock", env=env)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    assert "--universal --python-version 3.10" in (app / "requirements.txt").read_text().split("\n", 2)[1]
    # Every lock that pins idna: the runtime (httpx), the audit tool's and, from production up, the docs site's.
    holders = sorted(path.name for path in app.glob("requirements*.txt") if "idna" in pins(path.read_text()))
    assert {"requirements.txt", "requirements-audit.txt"} <= set(holders), holders
    before = {name: (app / name).read_text() for name in holders}
    current = Version(pins(before["requirements.txt"])["idna"])
    assert pins(before["requirements-audit.txt"])["idna"] == str(current)
    older = max(v for v in _index_versions(base_python(), "idna", env) if v < current and v.release >= (3,))

    changed = dependabot_update(app, uv, "idna", str(older), env)

    assert sorted(changed) == holders
    for name, text in before.items():
        after = (app / name).read_text()
        assert pins(after)["idna"] == str(older)
        kept = [line for line in text.splitlines() if not line.startswith("idna==")]
        lost = [line for line in kept if " ; " in line and line not in after.splitlines()]
        assert not lost, f"{name}: the bump dropped entries of other Pythons or platforms: {lost}"
    assert re.search(r"^exceptiongroup==\S+ ; python_full_version < '3\.11'", before["requirements.txt"], re.M)
    checked = run_pyve(app, "--lock", "--check", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
