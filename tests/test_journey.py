"""The first week of a rendered project, as a new user lives it, per quality level (issue 11).

render -> git init && commit -> ./pyve.sh --init (stock interpreter, its own pip, no uv unless the
case has it, the configured index, no wheelhouse) -> the component's command -> make lint test ->
add a runtime dependency with a dependency tree (httpx) and import it in a test -> ./pyve.sh --lock -> replay every `run:` step of
the rendered workflows in a fresh clone per job -> a Dependabot-style bump of one pin -> make
lock-check (and a hand-broken lock fails it) -> copier update to a newer template commit.

Slow by nature (real installs from the index). The default run covers journey_support.CI_CASES;
`PYVE_JOURNEY_MATRIX=full` runs level x interpreter x uv, and scripts/journey-matrix.py prints the
table with wall times.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml
from ci_replay import load, replay_job, replayable_jobs, run_steps
from journey_support import DEV_BIN, Case, Journal, cases, git, git_status, stock_bin, supported_versions, user_env
from lock_bump import bump_one_pin, drop_hashes, drop_pin, pins

pytestmark = pytest.mark.journey

OLD_TAG, NEW_TAG = "0.99.0", "0.99.1"
README_CHANGE = "\n## Template journey\n\nThis section arrived with template version 0.99.1.\n"
PYPROJECT_CHANGE = "# Template 0.99.1: pytest settings follow.\n"
# One component kind per level, so apps (requirements.in) and libraries (pyproject ranges) both travel.
LEVEL_ANSWERS: dict[str, dict[str, Any]] = {
    "experiment": {},  # the default: one Python cli named after the project
    "prototype": {"components": [{"name": "journeylib", "kind": "library", "language": "python"}]},
    "production": {"components": [{"name": "webapp", "kind": "application", "language": "python"}]},
    # gitleaks (the default) runs as a binary or a container; this machine has neither.
    "secure": {"secret_scanner": "detect-secrets"},
}
# The workflows a pull request runs, and the release's build jobs; template-update.yml is the bot itself.
REPLAYED = ("ci.yml", "audit.yml", "security.yml", "release.yml")
# Each replayed job is a fresh ./pyve.sh --init (about a minute without uv), so the bounded CI run
# replays ci.yml, the pull-request gate, at every level; PYVE_JOURNEY_MATRIX=full also replays
# audit.yml, security.yml and release.yml (their make targets run in test_security_config.py too).
# pip-audit asks PyPI's JSON API for each pinned release's advisories; a machine whose network serves
# the package index but not that API cannot run `make audit` (GitHub's runners can).
AUDIT_PROBE = "https://pypi.org/pypi/httpx/0.28.1/json"
# Commands the journey itself runs in the project (make docs in step 2, the others in steps 5 and 6).
RUN_BY_THE_JOURNEY = {"make lock-check", "make docs"}
# The dependency the journey adds, as the user did: a real package with a dependency tree
# (httpcore, h11, anyio, idna, certifi), some of which the tool locks (pip-audit's requests) pin too.
DEPENDENCY = "httpx>=0.27,<1"
DEPENDENCY_TREE = {"httpx", "httpcore", "h11", "anyio", "idna", "certifi"}
NEW_TEST = '''"""The runtime dependency added in the journey, and its own dependencies, are installed."""

import httpx


def test_httpx_builds_a_request() -> None:
    request = httpx.Request("GET", "https://example.com/path?q=1")
    assert request.url.host == "example.com"
    assert request.url.params["q"] == "1"
'''

COMMAND_BY_NAME_TEST = '''"""The project's command, started by name, is the venv's."""

import subprocess


def test_the_command_runs_by_name() -> None:
    result = subprocess.run(
        ["{command}", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
'''


@pytest.fixture(scope="session")
def journey_template(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway copy of the template with two tags: the journey renders the first, updates to the second."""
    dest = tmp_path_factory.mktemp("journey-template") / "pyve"
    shutil.copytree(template_src, dest, symlinks=True)
    git_cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git_cmd, "tag", OLD_TAG], cwd=dest, check=True)
    readme = dest / "template" / "README.md.jinja"
    readme.write_text(readme.read_text() + README_CHANGE)
    (pyproject,) = (dest / "template").glob("*pyproject.toml*.jinja")
    text = pyproject.read_text()
    assert "\n[tool.pytest.ini_options]\n" in text
    pyproject.write_text(
        text.replace("\n[tool.pytest.ini_options]\n", f"\n{PYPROJECT_CHANGE}[tool.pytest.ini_options]\n")
    )
    subprocess.run([*git_cmd, "commit", "-qam", "a template-owned change"], cwd=dest, check=True)
    subprocess.run([*git_cmd, "tag", NEW_TAG], cwd=dest, check=True)
    return dest


@pytest.fixture(scope="session")
def journey_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("journey-caches")


def _answers(case: Case) -> dict[str, Any]:
    return {
        "project_name": "Journey Project",
        "quality_level": case.level,
        "ci_provider": "github-actions",
        "python_versions": supported_versions(case.minor),
        **LEVEL_ANSWERS[case.level],
    }


def _commands(project: Path) -> list[tuple[str, str]]:
    """(command, module) for each [project.scripts] entry of the render."""
    data = tomllib.loads((project / "pyproject.toml").read_text())
    scripts = data.get("project", {}).get("scripts", {})
    return [(name, target.split(":")[0].removesuffix(".__main__")) for name, target in scripts.items()]


def _runtime_lock(project: Path) -> Path:
    return project / ("requirements.txt" if (project / "requirements.in").exists() else "constraints.txt")


def _add_dependency(project: Path) -> None:
    """The documented one step: requirements.in for an application, [project].dependencies for a library."""
    requirements = project / "requirements.in"
    if requirements.exists():
        requirements.write_text(requirements.read_text() + DEPENDENCY + "\n")
    else:
        pyproject = project / "pyproject.toml"
        text = pyproject.read_text()
        assert "\ndependencies = []\n" in text
        pyproject.write_text(text.replace("\ndependencies = []\n", f'\ndependencies = ["{DEPENDENCY}"]\n'))
    (project / "tests" / "test_runtime_dependency.py").write_text(NEW_TEST)
    # A test that starts the project's own command by name, as many CLI projects' tests do: `make test`
    # must find the venv's programs, as an activated venv does (attrs' tests start `mypy` the same way).
    for command, _ in _commands(project):
        (project / "tests" / f"test_{command.replace('-', '_')}_by_name.py").write_text(
            COMMAND_BY_NAME_TEST.format(command=command)
        )


def _locks_agree(project: Path, runtime_pins: dict[str, str]) -> None:
    """Every lock installed with the runtime lock pins its shared packages at the runtime's version."""
    for lock in sorted(project.glob("requirements-*.txt")):
        if lock.name == "requirements-bootstrap.txt":
            continue
        shared = {name: version for name, version in pins(lock.read_text()).items() if name in runtime_pins}
        differ = {
            name: (version, runtime_pins[name]) for name, version in shared.items() if version != runtime_pins[name]
        }
        assert not differ, f"{lock.name} pins {differ} (its version, the runtime lock's) after ./pyve.sh --lock"


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a fixed https URL
            return bool(response.status == 200)
    except OSError:
        return False


def _no_conflicts(project: Path) -> None:
    leftovers = [path for path in project.rglob("*.rej") if ".git" not in path.parts]
    assert not leftovers, leftovers
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.split()
    marked = [name for name in tracked if re.search(r"^<<<<<<< ", (project / name).read_text(errors="replace"), re.M)]
    assert not marked, f"conflict markers in {marked}"


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.id)
def test_journey(case: Case, journey_template: Path, journey_caches: Path, tmp_path: Path) -> None:
    python_bin = stock_bin(case.interpreter)
    if python_bin is None:
        pytest.skip(f"pyenv has no Python {case.interpreter} on this machine")
    logs = tmp_path / "logs"
    logs.mkdir()
    journal = Journal(case, logs)
    outcome = "failed"
    try:
        _journey(case, journal, python_bin, journey_template, journey_caches, tmp_path)
        outcome = "passed"
    finally:
        journal.report(outcome)


def _journey(case: Case, journal: Journal, python_bin: Path, template: Path, caches: Path, tmp_path: Path) -> None:
    env = user_env(case, tmp_path, caches)
    project = tmp_path / "journey-project"
    copier = str(DEV_BIN / "copier")

    # 1. Render, commit, bootstrap.
    answers = tmp_path / "answers.yml"
    answers.write_text(yaml.safe_dump(_answers(case)))
    journal.run(
        "copier copy",
        [
            copier,
            "copy",
            "--trust",
            "--defaults",
            "--vcs-ref",
            OLD_TAG,
            "--data-file",
            str(answers),
            str(template),
            str(project),
        ],
        tmp_path,
        env,
    )
    git(journal, project, env, "init", "-q", "-b", "main")
    git(journal, project, env, "add", "-A")
    git(journal, project, env, "commit", "-qm", "Render from the Pyve template")
    journal.run("./pyve.sh --init", ["./pyve.sh", "--init"], project, env)
    venv_python = project / ".venv" / "bin" / "python"
    version = subprocess.run(
        [str(venv_python), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == case.interpreter, "the venv must use the stock interpreter"
    assert git_status(project, env) == "", "./pyve.sh --init must leave `git status` clean"

    # 2. The component's own command, and the tests and linters the README promises.
    commands = _commands(project)
    for command, module in commands:
        result = journal.run(f".venv/bin/{command}", [str(project / ".venv" / "bin" / command)], tmp_path, env)
        assert result.stdout.strip(), f"{command} printed nothing"
        journal.run(f"python -m {module}", [str(venv_python), "-m", module, "--version"], tmp_path, env)
    if not commands:
        (module,) = [path.name for path in (project / "src").iterdir() if (path / "__init__.py").exists()]
        journal.run(f"import {module}", [str(venv_python), "-c", f"import {module}"], tmp_path, env)
    journal.run("make lint test", ["make", "lint", "test"], project, env)
    if (project / "mkdocs.yml").exists():  # the documentation site, from production up (the README says so)
        journal.run("make docs", ["make", "docs"], project, env)

    # 3. A runtime dependency, the documented way, then relock and sync.
    _add_dependency(project)
    journal.run("./pyve.sh --lock", ["./pyve.sh", "--lock"], project, env)
    runtime_pins = pins(_runtime_lock(project).read_text())
    missing = DEPENDENCY_TREE - set(runtime_pins)
    assert not missing, f"{sorted(missing)} not locked in {_runtime_lock(project).name}"
    _locks_agree(project, runtime_pins)
    journal.run("./pyve.sh --sync", ["./pyve.sh", "--sync"], project, env)
    journal.run("make test (with httpx)", ["make", "test"], project, env)
    git(journal, project, env, "add", "-A")
    git(journal, project, env, "commit", "-qm", "Depend on httpx")
    assert git_status(project, env) == ""

    # 4. CI, as GitHub runs it: every run step of every job, each job in a fresh clone and venv.
    ci_work = tmp_path / "ci"
    ci_work.mkdir()
    workflows = project / ".github" / "workflows"
    replayed_runs: set[str] = set()
    full = os.environ.get("PYVE_JOURNEY_MATRIX") == "full"
    for name in REPLAYED if full else REPLAYED[:1]:
        if not (workflows / name).exists():
            continue
        workflow = load(workflows / name)
        for job_id, job in replayable_jobs(workflow):
            if (name, job_id) == ("audit.yml", "audit") and not _reachable(AUDIT_PROBE):
                journal.note(
                    f"{name}/{job_id}: not replayed: {AUDIT_PROBE} (PyPI's JSON API, pip-audit's source) is not reachable here"
                )
                replayed_runs |= {step["run"] for step in job.get("steps", []) if "run" in step}
                continue
            runs = {step["run"] for step in job.get("steps", []) if "run" in step}
            if not full and runs <= replayed_runs | RUN_BY_THE_JOURNEY:
                # Bounded run: each of this job's steps ran already (another job's fresh-clone --init, or the
                # journey's own `make lock-check` below); replaying it would repeat a minute-long --init.
                journal.note(f"{name}/{job_id}: not replayed in the bounded run: its steps ran already")
                replayed_runs |= runs
                continue
            run = replay_job(journal, name, job_id, job, project, ci_work, env, python_bin, case.minor)
            assert run is not None, f"{name}/{job_id}: no Linux runner with Python {case.minor} in its matrix"
            replayed_runs |= {step["run"] for step in job.get("steps", []) if "run" in step}
        job_runs = {
            script for job_id, job in replayable_jobs(workflow) for script in run_steps({"jobs": {job_id: job}})
        }
        assert job_runs <= replayed_runs
    assert replayed_runs, "no workflow step was replayed"
    ci_text = (workflows / "ci.yml").read_text()
    assert "make lint" in ci_text and "make test" in ci_text and "make lock-check" in ci_text

    # 5. A Dependabot pull request: one pin and its hashes rewritten in place, no Pyve stamp.
    dev_lock = project / "requirements-dev.txt"
    inputs = [project / "requirements-dev.in"]
    bump = bump_one_pin(dev_lock, inputs, [_runtime_lock(project)], project / ".venv", env, tmp_path / "bump")
    journal.run(f"make lock-check (Dependabot: {bump})", ["make", "lock-check"], project, env)
    journal.run("./pyve.sh --sync (bumped lock)", ["./pyve.sh", "--sync"], project, env)
    git(journal, project, env, "commit", "-qam", f"Bump {bump.package} from {bump.old} to {bump.new}")

    # ... and a lock edited by hand fails the same check.
    pristine = dev_lock.read_text()
    dev_lock.write_text(drop_hashes(pristine, bump.package))
    broken = journal.run("make lock-check (a pin without hashes)", ["make", "lock-check"], project, env, expect=None)
    assert broken.returncode != 0, f"lock-check passed a lock whose {bump.package} has no hashes"
    assert bump.package in broken.stdout + broken.stderr, "lock-check must name the unhashed pin"
    dev_lock.write_text(pristine)
    runtime = _runtime_lock(project)
    runtime_text = runtime.read_text()
    runtime.write_text(drop_pin(runtime_text, "httpx"))
    partial = journal.run(
        "make lock-check (httpx missing from the lock)", ["make", "lock-check"], project, env, expect=None
    )
    assert partial.returncode != 0, f"lock-check passed a {runtime.name} without httpx"
    assert "httpx" in partial.stdout + partial.stderr, "lock-check must name the missing requirement"
    runtime.write_text(runtime_text)
    assert git_status(project, env) == ""

    # 6. A template update to a newer commit, on the committed tree: clean merge, user's work kept.
    journal.run("copier update", [copier, "update", "--trust", "--defaults"], project, env)
    _no_conflicts(project)
    assert README_CHANGE.strip() in (project / "README.md").read_text()
    assert PYPROJECT_CHANGE in (project / "pyproject.toml").read_text()
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == NEW_TAG
    assert (project / "tests" / "test_runtime_dependency.py").read_text() == NEW_TEST
    assert "httpx" in pins(_runtime_lock(project).read_text())
    changed = {line[3:] for line in git_status(project, env).splitlines()}
    assert {"README.md", "pyproject.toml", ".copier-answers.yml"} <= changed, changed
    journal.run("make lock-check (after the update)", ["make", "lock-check"], project, env)
