"""What `pyve-gen check` will say right after adopting: the plan applied to a copy of the repository, then checked.

The copy holds the files git sees (tracked and untracked, not ignored), committed as they are, so the checks that
ask git answer as they will in the repository itself; and, uncommitted, the files its .gitignore hides that the checks
read from the disk (a `.gitignore` that ignores itself with `.*` still says what git ignores).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pyve_gen.adopt.apply import Rendered, Step, apply
from pyve_gen.check import Outcome, run_checks
from pyve_gen.check_rules import FAIL, Options
from pyve_gen.project import Project

GIT_IDENTITY = ("-c", "user.name=pyve-gen adopt", "-c", "user.email=adopt@pyve.invalid", "-c", "commit.gpgsign=false")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_IDENTITY, *args], cwd=root, capture_output=True, check=False)


IGNORED_COPY_LIMIT = 1_000_000  # bytes: configuration, never build output


def _ignored_files(repo: Project) -> list[str]:
    """Files on disk that the repository's .gitignore hides, one by one (a wholly ignored folder is left out):
    what a check reads from the disk, as it will in the repository. ``.env`` (secrets) and bytecode stay out."""
    if not repo.is_git_repo:
        return []
    listed = repo.git("ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory").stdout
    found = []
    for name in listed.split("\0"):
        path = repo.root / name
        if (
            name
            and not name.endswith("/")
            and path.name != ".env"
            and path.suffix not in {".pyc", ".pyo"}
            and path.is_file()
            and not path.is_symlink()
            and path.stat().st_size <= IGNORED_COPY_LIMIT
        ):
            found.append(name)
    return found


def failing_checks(root: Path, rendered: Rendered, steps: list[Step]) -> list[Outcome]:
    """The checks that fail after ``steps`` are applied to ``root`` (which is left untouched)."""
    with tempfile.TemporaryDirectory(prefix="pyve-forecast.") as tmp:
        copy = Path(tmp) / root.name
        copy.mkdir()
        for name in Project(root).files:
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target, follow_symlinks=False)
        _git(copy, "init", "-q")
        _git(copy, "add", "-A")
        _git(copy, "commit", "-q", "--no-verify", "-m", "before adopting")
        for name in _ignored_files(Project(root)):
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target, follow_symlinks=False)
        apply(copy, rendered, steps)
        return [outcome for outcome in run_checks(copy, Options(offline=True)) if outcome.status == FAIL]
