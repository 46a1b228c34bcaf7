"""The task Copier runs after a first render when ``git_init`` is true: the project becomes a git
repository with an initial commit, so ``copier update`` has a history to merge into.

Run by ``_tasks`` in copier.yml, in the rendered folder, with the interpreter running Copier; stdlib
only. A folder already inside a git work tree (a subfolder of a monorepo) is left alone. A commit git
refuses (no user.name / user.email configured) leaves the repository initialised with the files staged,
and says how to finish; the render itself still succeeds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

MESSAGE = "Render from Pyve"


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def main() -> int:
    if shutil.which("git") is None:
        print("pyve: git not found; the project is not a git repository (git init, then commit)", file=sys.stderr)
        return 0
    if git("rev-parse", "--is-inside-work-tree").stdout.strip() == "true":
        print("pyve: already inside a git repository; nothing initialised, nothing committed", file=sys.stderr)
        return 0
    for step in (("init", "-q"), ("add", "-A")):
        result = git(*step)
        if result.returncode:
            print(f"pyve: git {' '.join(step)} failed: {result.stderr.strip()}", file=sys.stderr)
            return 0
    commit = git("commit", "-q", "-m", MESSAGE)
    if commit.returncode:
        reason = commit.stderr.strip().splitlines()[-1] if commit.stderr.strip() else "git commit failed"
        print(
            f"pyve: initialised a git repository with the files staged, but git did not commit ({reason});\n"
            f'  set user.name and user.email (git config --global ...), then: git commit -m "{MESSAGE}"',
            file=sys.stderr,
        )
        return 0
    print(f'pyve: initialised a git repository with one commit, "{MESSAGE}"', file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
