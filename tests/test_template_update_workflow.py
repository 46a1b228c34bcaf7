"""The fleet update on its most common case, a conflict: the rendered template-update.yml, replayed step by step.

A production project is rendered at template 0.1.0, its owner edits one line of a template-owned file and
pushes to its remote (a local bare repository). Template 0.2.0 changes the same line. The workflow's `run:`
steps then run as a hosted runner would run them (tests/ci_replay.py: a fresh clone, the stock interpreter
setup-python would give, `./pyve.sh --init` from the hashed locks, which installs the pre-commit hook),
with a stand-in `gh` on PATH that records its calls, and the push to github.com redirected to the bare
remote (git's `url.<base>.insteadOf`). Each case must end with the branch `pyve/template-update` on the
remote holding the conflict markers and a draft pull request opened for it, with pyve-gen installed from
the commit of the tag it updated to.

The three cases are the file kinds whose hooks refuse markers: TOML (pyproject.toml), YAML
(.github/dependabot.yml) and Python (.pyve/lock_check.py). The default run replays the pyproject.toml
case; PYVE_FLEET_MATRIX=full replays all three (each is a fresh bootstrap, about a minute).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from ci_replay import load, replay_job
from copier import run_copy
from journey_support import PASSED_THROUGH, PIP_PREFIX, SYSTEM_PATH, Case, Journal, pyenv_versions, stock_bin
from standins import git_commit_all

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
OLD, NEW = "0.1.0", "0.2.0"
WORKFLOW = ".github/workflows/template-update.yml"
TOKEN = "stand-in-token"
REPOSITORY = "journey/project"  # what ci_replay's runner calls the repository
PYPROJECT_TEMPLATE = "template/{% if pyve.files['pyproject.toml'] %}pyproject.toml{% endif %}.jinja"
DEPENDABOT_TEMPLATE = (
    "template/{% if pyve.files['.github'] %}.github{% endif %}/"
    "{% if pyve.files['dependabot.yml'] %}dependabot.yml{% endif %}.jinja"
)
# file in the project, its template, the line at 0.1.0, the template's line at 0.2.0, the owner's line
CONFLICTS = {
    "toml": ("pyproject.toml", PYPROJECT_TEMPLATE, "line-length = 100", "line-length = 110", "line-length = 120"),
    "yaml": (
        ".github/dependabot.yml",
        DEPENDABOT_TEMPLATE,
        "open-pull-requests-limit: 5",
        "open-pull-requests-limit: 10",
        "open-pull-requests-limit: 3",
    ),
    "python": (
        ".pyve/lock_check.py",
        "template/.pyve/lock_check.py",
        "help=\"supported versions, e.g. '3.10 3.11'\"",
        "help=\"the supported Python versions, e.g. '3.11 3.12'\"",
        "help=\"the Python versions CI runs, e.g. '3.12'\"",
    ),
}
CASES = list(CONFLICTS) if os.environ.get("PYVE_FLEET_MATRIX") == "full" else ["toml"]
GH_STANDIN = """#!/bin/sh
# Stand-in for the GitHub CLI: records each call (one argument a line) and the pull request body.
printf '%s\\n' "$@" >>"$GH_CALLS"
printf '%s\\n' -- >>"$GH_CALLS"
while [ $# -gt 0 ]; do
  if [ "$1" = --body-file ]; then cp "$2" "$GH_CALLS.body"; fi
  shift
done
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _release(repo: Path, version: str) -> None:
    init = repo / "pyve_gen" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(
        "".join(
            f'__version__ = "{version}"\n' if line.startswith("__version__") else line
            for line in text.splitlines(keepends=True)
        )
    )
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", f"release {version}"], cwd=repo, check=True)
    subprocess.run([*GIT, "tag", "-a", version, "-m", f"Pyve template {version}"], cwd=repo, check=True)


@pytest.fixture(scope="module")
def fleet_template(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Template 0.1.0 (this checkout) and 0.2.0, which changes one line in each of the three files."""
    repo = tmp_path_factory.mktemp("fleet") / "pyve"
    shutil.copytree(template_src, repo, ignore=shutil.ignore_patterns(".git"))
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    _release(repo, OLD)
    for _file, template, before, after, _mine in CONFLICTS.values():
        _replace(repo / template, before, after)
    _release(repo, NEW)
    return repo


@pytest.fixture(scope="module")
def caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fleet-caches")


def _runner_env(root: Path, python_bin: Path, caches: Path, remote: Path, gh_calls: Path) -> dict[str, str]:
    tools = root / "tools"
    tools.mkdir()
    gh = tools / "gh"
    gh.write_text(GH_STANDIN)
    gh.chmod(gh.stat().st_mode | stat.S_IXUSR)
    gitconfig = root / "gitconfig"
    # The workflow pushes to https://x-access-token:TOKEN@github.com/OWNER/REPO.git: here, to the bare remote.
    gitconfig.write_text(
        f'[url "{remote}"]\n\tinsteadOf = https://x-access-token:{TOKEN}@github.com/{REPOSITORY}.git\n'
    )
    env = {name: value for name, value in os.environ.items() if name in PASSED_THROUGH or name.startswith(PIP_PREFIX)}
    env |= {
        "PATH": os.pathsep.join([str(tools), str(python_bin), *SYSTEM_PATH]),
        "LANG": "C.UTF-8",
        "TMPDIR": str(root),
        "PIP_CACHE_DIR": str(caches / "pip"),
        "UV_CACHE_DIR": str(caches / "uv"),
        "UV_PYTHON_DOWNLOADS": "never",
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GH_CALLS": str(gh_calls),
    }
    return env


def _git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("kind", CASES)
def test_a_conflicting_template_update_opens_a_draft_pull_request_with_the_markers(
    fleet_template: Path, caches: Path, tmp_path: Path, kind: str
) -> None:
    relpath, _template, before, after, mine = CONFLICTS[kind]
    project = tmp_path / "project"
    run_copy(
        str(fleet_template),
        str(project),
        data={"project_name": "Fleet Project", "quality_level": "production", "ci_provider": "github-actions"},
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref=OLD,
    )
    git_commit_all(project)
    _replace(project / relpath, before, mine)
    git_commit_all(project, f"our own {relpath}")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(project), str(remote)], check=True)

    workflow = load(project / WORKFLOW)
    (job_id, job), *others = workflow["jobs"].items()
    assert not others
    minor = job["steps"][1]["with"]["python-version"]
    interpreter = next((path.name for path in sorted(pyenv_versions().glob(f"{minor}.*"))), None)
    python_bin = stock_bin(interpreter) if interpreter else None
    if python_bin is None:
        pytest.skip(f"needs pyenv's stock CPython {minor}")
    gh_calls = tmp_path / "gh-calls.txt"
    work = tmp_path / "runner"
    work.mkdir()
    env = _runner_env(work, python_bin, caches, remote, gh_calls)
    logs = tmp_path / "logs"
    logs.mkdir()
    journal = Journal(Case("production", interpreter or minor, uv=False), logs)
    run = replay_job(
        journal,
        "template-update.yml",
        job_id,
        job,
        remote,
        work,
        env,
        python_bin,
        minor,
        expressions={"secrets": {"PYVE_UPDATE_TOKEN": TOKEN}, "github": {"token": "job-token"}},
    )
    assert run is not None and run.steps_run == sum(1 for step in job["steps"] if "run" in step)

    # The pull request: a draft, from the update branch, whose body is pyve-gen update's summary.
    calls = gh_calls.read_text().split("--\n")
    assert calls[0].splitlines()[:2] == ["pr", "create"] and "--draft" in calls[0].splitlines(), calls
    assert "--head\npyve/template-update\n" in calls[0]
    body = Path(f"{gh_calls}.body").read_text()
    assert f"template {OLD} -> {NEW}" in body and relpath in body.split("conflicted:", 1)[1].splitlines()[0]
    # The branch on the remote holds both sides between markers, committed past the pre-commit hook.
    pushed = _git("--git-dir", str(remote), "show", f"pyve/template-update:{relpath}")
    assert "<<<<<<< before updating\n" in pushed and ">>>>>>> after updating\n" in pushed
    assert mine in pushed and after in pushed
    block = pushed[pushed.index("<<<<<<<") : pushed.index(">>>>>>>")].splitlines()
    print(f"\n[{kind}] gh {' '.join(calls[0].split()[:6])} ...\n[{kind}] {relpath} on the branch: {' | '.join(block)}")
    answers = yaml.safe_load(_git("--git-dir", str(remote), "show", "pyve/template-update:.copier-answers.yml"))
    assert answers["_commit"] == NEW
    hook = [step for step in journal.steps if "pre-commit" in str(step["command"])]
    assert hook == [] or all(step["rc"] == 0 for step in hook)
    # pyve-gen came from the commit of the tag the update went to.
    tag_commit = _git("rev-parse", f"{NEW}^{{commit}}", cwd=fleet_template).strip()
    assert any(f"pyve-gen and the template: {NEW} ({tag_commit})" in log.read_text() for log in logs.glob("*.log"))
    (workspace,) = work.glob("*/workspace")
    assert (workspace / ".git/hooks/pre-commit").is_file(), "./pyve.sh --init installed the hook the commit skipped"
