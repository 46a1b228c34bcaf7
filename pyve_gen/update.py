"""`pyve-gen update`: `copier update`, then relock when a lock input changed, then the caller's check (`pyve-gen check`).

Three things plain `copier update` does not do, done here:
- an update that fails, is refused or is interrupted (Ctrl-C, SIGTERM) leaves the project exactly at
  HEAD's tree: Copier overwrites files with the new version before it merges the user's edits back, so
  stopping half-way would otherwise lose an edit without a conflict marker;
- a file the new template version (or a changed answer) no longer renders is deleted by Copier even
  when the user edited it; we restore such files and report them as kept;
- lockfiles are never merged (they are in `_skip_if_exists`); when a lock input changed we relock.
"""

from __future__ import annotations

import shlex
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from pyve_gen import copier_calls
from pyve_gen.lockfiles import lock_pairs
from pyve_gen.project import ANSWERS_FILE, Project
from pyve_gen.rederive import rederive
from pyve_gen.template_version import git_url


class UpdateUndone(Exception):
    """The update failed or was refused; the project was put back at HEAD's tree (the cause is chained)."""


@dataclass
class UpdateReport:
    version_before: str
    version_after: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicted: list[str] = field(default_factory=list)
    rederived: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # answer: (old, new)
    relock: str = ""  # "" when no lock input changed
    relock_ok: bool = True
    check: str = ""
    check_ok: bool = True

    @property
    def ok(self) -> bool:
        return not self.conflicted and self.relock_ok and self.check_ok

    def format(self) -> str:
        def row(label: str, items: list[str]) -> str:
            return f"  {label:<11} {', '.join(items) if items else '-'}"

        lines = [
            f"pyve-gen update: template {self.version_before} -> {self.version_after}",
            row("added:", self.added),
            row("updated:", self.updated),
            row("removed:", self.removed),
        ]
        if self.kept:
            lines.append(row("kept:", self.kept) + "  (you edited them; the template no longer renders them)")
        if self.rederived:
            changes = [f"{key} {old!r} -> {new!r}" for key, (old, new) in self.rederived.items()]
            lines.append(row("answers:", changes) + "  (they follow the quality level; you never changed them)")
        lines.append(row("conflicted:", self.conflicted))
        if self.conflicted:
            lines.append("              resolve the <<<<<<< blocks / .rej files, then commit")
        if self.relock:
            lines.append(f"  {'relock:':<11} {self.relock}")
        if self.check:
            lines.append(f"  {'check:':<11} {self.check}")
        return "\n".join(lines)


def _git(root: Path, *args: str, check: bool = True) -> str:
    argv = ["git", "-c", "core.fsmonitor=false", *args]  # a received .git/config's hook never runs
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise ValueError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _status(root: Path) -> list[tuple[str, str]]:
    """(code, path) of every change against HEAD, untracked files included."""
    out = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    entries = []
    parts = out.split("\0")
    index = 0
    while index < len(parts):
        entry = parts[index]
        index += 1
        if not entry:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            index += 1  # skip the rename source
        entries.append((code, path))
    return entries


def restore_head(root: Path) -> list[str]:
    """Put the working tree and index back at HEAD (the update started from a clean tree, so every
    change and every new file is the update's); returns what still differs, normally nothing."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the undo
    try:
        _git(root, "reset", "--quiet", "--hard", "HEAD")
        _git(root, "clean", "--quiet", "--force", "-d")
        return [path for _code, path in _status(root)]
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


@contextmanager
def undone_on_failure(root: Path) -> Iterator[None]:
    """Whatever stops the update (an error, a refusal, KeyboardInterrupt) leaves HEAD's tree behind."""
    try:
        yield
    except BaseException as error:
        left = restore_head(root)
        if left:
            raise UpdateUndone(
                f"the update stopped ({error!r}) and these files could not be restored: {left}"
            ) from error
        if isinstance(error, Exception):
            raise UpdateUndone(
                f"{error or type(error).__name__}; nothing was changed: the project is at HEAD's tree"
            ) from error
        raise


def _render_old(root: Path, old_answers_text: str, dest: Path) -> None:
    """Render the template version the project was at, with its answers then, into a temp folder."""
    answers = yaml.safe_load(old_answers_text) or {}
    data = {key: value for key, value in answers.items() if not str(key).startswith("_")}
    src = git_url(str(answers["_src_path"]), root)
    copier_calls.render(src, dest, data, vcs_ref=str(answers["_commit"]), overwrite=True)


def _restore_edited_deletions(root: Path, deleted: list[str], old_answers_text: str) -> list[str]:
    """Bring back deleted files the user had edited since they were rendered; return their paths."""
    if not deleted:
        return []
    kept: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pyve-old-render.") as tmp:
        old = Path(tmp) / "project"
        _render_old(root, old_answers_text, old)
        for path in sorted(deleted, key=_lockfile_last):
            if _is_lock_of_removed_input(path, deleted, kept):
                continue  # a lock follows its input: relocking it is not an edit to keep
            committed = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=root, capture_output=True, check=False)
            rendered = old / path
            if not rendered.is_file() or rendered.read_bytes() != committed.stdout:
                _git(root, "checkout", "HEAD", "--", path)
                kept.append(path)
    return kept


def _lockfile_last(path: str) -> tuple[bool, str]:
    return path.endswith(".txt"), path


def _is_lock_of_removed_input(path: str, deleted: list[str], kept: list[str]) -> bool:
    """``X.txt`` is the lock of ``X.in``; when that input goes (and was not kept), its lock goes with it."""
    if not path.endswith(".txt"):
        return False
    source = path.removesuffix(".txt") + ".in"
    return source in deleted and source not in kept


def update(
    root: Path,
    *,
    data: dict[str, Any] | None = None,
    vcs_ref: str | None = None,
    defaults: bool = False,
    conflict: Literal["inline", "rej"] = "inline",
    lock_command: str | None = "./pyve.sh --lock",
    check: Callable[[Path], tuple[bool, str]] | None = None,
) -> UpdateReport:
    """Update the project at ``root``; then ``check(root)`` gives the verdict on the result (``pyve-gen check``).

    Raises UpdateUndone (or KeyboardInterrupt) after putting the project back at HEAD's tree when the
    update cannot finish."""
    project = Project(root)
    if project.answers_error:
        raise ValueError(project.answers_error)
    if not project.is_git_repo:
        raise ValueError(f"{root} is not the top of a git repository; `copier update` needs one")
    if _git(root, "status", "--porcelain"):
        raise ValueError("the working tree has uncommitted changes; commit or stash them first")
    with undone_on_failure(root):
        return _update(root, project, data, vcs_ref, defaults, conflict, lock_command, check)


def _update(
    root: Path,
    project: Project,
    data: dict[str, Any] | None,
    vcs_ref: str | None,
    defaults: bool,
    conflict: Literal["inline", "rej"],
    lock_command: str | None,
    check: Callable[[Path], tuple[bool, str]] | None,
) -> UpdateReport:

    old_answers_text = _git(root, "show", f"HEAD:{ANSWERS_FILE}")
    recorded = project.answers or {}
    report = UpdateReport(version_before=str(recorded["_commit"]))
    data = dict(data or {})
    extra = rederive(git_url(str(recorded["_src_path"]), root), recorded, data, vcs_ref)
    report.rederived = {key: (recorded[key], value) for key, value in extra.items()}
    data.update(extra)

    copier_calls.update(root, data, vcs_ref=vcs_ref, defaults=defaults, conflict=conflict)

    after = Project(root)
    report.version_after = str((after.answers or {}).get("_commit", "?"))
    deleted = [path for code, path in _status(root) if "D" in code]
    report.kept = _restore_edited_deletions(root, deleted, old_answers_text)
    conflicts = set(after.conflicts())
    for code, path in _status(root):
        if path == ANSWERS_FILE:
            continue
        if path.endswith(".rej"):
            conflicts.add(path)
        elif "D" in code:
            report.removed.append(path)
        elif code == "??" or "A" in code:
            report.added.append(path)
        else:
            report.updated.append(path)
    report.conflicted = sorted({p.removesuffix(".rej") for p in conflicts})
    report.added = [p for p in report.added if p not in report.conflicted]
    report.updated = [p for p in report.updated if p not in report.conflicted]

    lock_inputs = {source for source, _ in lock_pairs(root, after.facts["lock_mode"])}
    changed_inputs = sorted(set(report.added + report.updated + report.conflicted) & lock_inputs)
    if changed_inputs:
        _relock(root, report, changed_inputs, lock_command)
    if check is not None:
        report.check_ok, report.check = check(root)
    return report


def _relock(root: Path, report: UpdateReport, changed_inputs: list[str], lock_command: str | None) -> None:
    reason = f"{', '.join(changed_inputs)} changed"
    if not lock_command:
        report.relock, report.relock_ok = f"needed ({reason}): run ./pyve.sh --lock", False
        return
    argv = shlex.split(lock_command)
    if argv and argv[0].startswith("./") and not (root / argv[0]).is_file():
        report.relock, report.relock_ok = f"needed ({reason}) but {argv[0]} is missing", False
        return
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"exit {result.returncode}"]
        report.relock, report.relock_ok = f"FAILED ({reason}): `{lock_command}`: {tail[0]}", False
    else:
        report.relock = f"done ({reason}): `{lock_command}`; {_sync(root, argv[0])}"


def _sync(root: Path, pyve_sh: str) -> str:
    """After a relock, the venv installs the new locks (a stale venv passes `make test` without them)."""
    if Path(pyve_sh).name != "pyve.sh":
        return "then install them: ./pyve.sh --sync"
    result = subprocess.run([pyve_sh, "--sync"], cwd=root, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return "the venv is synced (./pyve.sh --sync)"
    if "no virtual environment" in result.stderr:
        return "no venv here yet: ./pyve.sh --init installs them"
    tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"exit {result.returncode}"]
    return f"the venv is NOT synced ({tail[0]}): run ./pyve.sh --sync"
