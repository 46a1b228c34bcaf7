"""An interrupted `pyve-gen update` leaves HEAD's tree (and says so) or a finished update, never a half-merged one.

Copier writes the new template version over the project before it merges the user's edits back, so a
Ctrl-C in between used to leave a committed edit replaced by the template's line, with no conflict marker.
Here `pyve-gen update` runs as a real subprocess in its own process group and the whole group gets a real
SIGINT (what a terminal's Ctrl-C sends) at a moment read from the outside:

- ``clone``: Copier's first temporary folder appears (the template is being cloned and rendered);
- ``merge``: the project's pyproject.toml first differs from HEAD (Copier's overwrite, before or after the
  merge: both must end well);
- ``relock``: the lock command (a stand-in that takes a few seconds) has started;
- ``Ns``: N seconds after the start (PYVE_INTERRUPT_MATRIX=full sweeps the whole update).

Each row records what the tree held afterwards: ``HEAD`` (clean against HEAD, the message says the update
was undone) or ``finished`` (the new version with the user's edit kept). Anything else fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from standins import git_commit_all
from test_update import GIT, NEW, OLD, _replace, make_previous_release, render_at

FULL = os.environ.get("PYVE_INTERRUPT_MATRIX") == "full"
MOMENTS = ["clone", "merge", "relock"] + (["0.5s", "1s", "1.5s", "2s", "3s", "4s", "6s"] if FULL else [])
USER_EDIT = 'keywords = ["billing"]'  # an application's dependencies are requirements.in's
RELOCK_STARTED = "relock-started"
# The relock stand-in: says it started, then works for a while (the real one resolves over the network).
SLOW_LOCK = f"{sys.executable} -c \"import pathlib, time; pathlib.Path('{RELOCK_STARTED}').touch(); time.sleep(8)\""
DEV_IN_TEMPLATE = "template/requirements-dev.in.jinja"


@pytest.fixture(scope="module")
def releases(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tags 0.1.0 and 0.2.0 as in test_update, and 0.2.0 also changes a lock input (so it relocks)."""
    repo = tmp_path_factory.mktemp("interrupts") / "pyve"
    no_git = shutil.ignore_patterns(".git")
    shutil.copytree(template_src, repo, ignore=no_git)
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    make_previous_release(repo)
    _replace(repo / DEV_IN_TEMPLATE, "# The same pip as", "# Pinned with the same pip as")
    for tag in (OLD, NEW):
        if tag == NEW:
            shutil.copytree(template_src, repo, ignore=no_git, dirs_exist_ok=True)
        subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*GIT, "commit", "-qm", f"release {tag}"], cwd=repo, check=True)
        subprocess.run([*GIT, "tag", tag], cwd=repo, check=True)
    return repo


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def outcome(project: Path, head_pyproject: str) -> str:
    """What the tree holds: HEAD, finished, or a description of the damage."""
    status = _git(project, "status", "--porcelain", "--untracked-files=all")
    if not status:
        return "HEAD"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    pyproject = (project / "pyproject.toml").read_text()
    finished = (
        answers.get("_commit") == NEW
        and USER_EDIT in pyproject
        and "line-length = 100" in pyproject
        and "<<<<<<<" not in pyproject
    )
    if finished:
        return "finished"
    lost = USER_EDIT not in pyproject and pyproject != head_pyproject
    return f"BROKEN ({'the user edit is gone; ' if lost else ''}_commit {answers.get('_commit')}; status {status!r})"


def _wait_for(
    moment: str, project: Path, tmp: Path, head_pyproject: str, started: float, proc: subprocess.Popen[str]
) -> bool:
    """Poll until ``moment`` arrives; False when the update ended first."""
    while proc.poll() is None:
        if moment.endswith("s"):
            if time.monotonic() - started >= float(moment[:-1]):
                return True
        elif moment == "clone" and any(tmp.iterdir()):
            return True
        elif moment == "merge" and (project / "pyproject.toml").read_text(errors="replace") != head_pyproject:
            return True
        elif moment == "relock" and (project / RELOCK_STARTED).exists():
            return True
        time.sleep(0.002)
    return False


@pytest.mark.parametrize("moment", MOMENTS)
def test_interrupted_update_leaves_head_or_a_finished_update(
    releases: Path, tmp_path: Path, moment: str, record_property: pytest.RecordProperty
) -> None:
    project = render_at(releases, tmp_path / "project", OLD)
    _replace(project / "pyproject.toml", 'readme = "README.md"\n', f'readme = "README.md"\n{USER_EDIT}\n')
    git_commit_all(project, "user edit")
    head_pyproject = (project / "pyproject.toml").read_text()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    command = [sys.executable, "-m", "pyve_gen", "update", "--defaults", "--vcs-ref", NEW, "--no-check"]
    proc = subprocess.Popen(
        [*command, "--lock-command", SLOW_LOCK],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        # A job started in the background of a shell inherits SIGINT ignored; a terminal's job does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    started = time.monotonic()
    signalled = _wait_for(moment, project, private_tmp, head_pyproject, started, proc)
    if signalled:
        os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    result = outcome(project, head_pyproject)
    row = f"{moment:>7} | signalled={signalled!s:<5} | exit {proc.returncode:>3} | tree: {result}"
    record_property("interrupt_matrix", row)
    print(row)
    assert not result.startswith("BROKEN"), f"{row}\n{stdout}\n{stderr}"
    if result == "HEAD":
        assert proc.returncode == 130, f"{row}\n{stdout}\n{stderr}"
        assert "the update was undone; the project is back at HEAD's tree" in stderr
        assert (project / "pyproject.toml").read_text() == head_pyproject
    else:
        assert not signalled or proc.returncode == 0, f"{row}\n{stderr}"
    if moment in ("clone", "merge", "relock"):  # signalled in the middle of the update: it must be undone
        assert signalled and result == "HEAD", f"{row}\n{stdout}\n{stderr}"


def test_a_refused_update_leaves_the_tree_exactly_as_it_was(releases: Path, tmp_path: Path) -> None:
    """Without a terminal and without --defaults, Copier runs the 0.2.0 migrations (rewriting the answers
    file), then refuses to ask; the library call undoes both. The CLI never gets there (its own test below)."""
    from pyve_gen.update import UpdateUndone, update

    project = render_at(releases, tmp_path / "project", OLD, {"status": "in development"})
    before = _git(project, "rev-parse", "HEAD")
    with pytest.raises(UpdateUndone, match="nothing was changed: the project is at HEAD's tree"):
        update(project, vcs_ref=NEW, defaults=False, lock_command=None)
    assert _git(project, "status", "--porcelain", "--untracked-files=all") == ""
    assert _git(project, "rev-parse", "HEAD") == before
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["status"] == "in development"


def test_pyve_gen_update_without_a_terminal_keeps_the_answers_instead_of_refusing(
    releases: Path, tmp_path: Path
) -> None:
    project = render_at(releases, tmp_path / "project", OLD, {"status": "in development"})
    done = subprocess.run(
        [sys.executable, "-m", "pyve_gen", "update", "--vcs-ref", NEW, "--no-check", "--no-lock"],
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert "no terminal: every answer is kept" in done.stderr
    assert "template 0.1.0 -> 0.2.0" in done.stdout, done.stderr
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["status"] == "in-development"
