"""Named answer sets, each rendered once per test run and shared read-only by every module and worker.

``catalogue.path("production")`` is the render of ``SETS["production"]``; ``catalogue.copy(name, dest)`` is a
private copy to change (commit, add files, run tools that write caches). A render is made on first use,
under a file lock in a folder both pytest-xdist workers see, keyed by the template's git tree and the
answers, so two workers (or two modules) asking for the same answers get the same folder. At the end of
the session each worker checks that the renders it handed out are still byte-for-byte what was rendered:
a test that writes into a shared render fails the run instead of poisoning its neighbours.

Add a set here when two modules render the same answers, or when one module renders it for read-only
checks; keep answers minimal (only what differs from the defaults) so equal sets are spelled once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyve_gen.model.levels import LEVELS

ALL_LANGUAGES: list[dict[str, Any]] = [
    {"name": "app", "kind": "application"},
    {"name": "core", "kind": "library"},
    {"name": "tools", "kind": "script", "language": "shell"},
    {"name": "gem", "kind": "cli", "language": "ruby"},
    {"name": "engine", "kind": "library", "language": "cpp"},
    {"name": "schema", "kind": "script", "language": "sql"},
]

SETS: dict[str, dict[str, Any]] = {
    "default": {},
    # Each quality level with every other answer at its default (no deploy target, the level's CI).
    **{level: {"quality_level": level} for level in LEVELS},
    # Each deploy target at production.
    **{
        f"production-{provider}": {"quality_level": "production", "deploy_provider": provider}
        for provider in ("fly", "aws", "gcp", "azure", "heroku", "on-prem", "kubernetes")
    },
    "secure-aws": {"quality_level": "secure", "deploy_provider": "aws"},
    # The CI files of the two lowest levels with GitHub Actions, tag-driven releases and pre-commit.
    "experiment-ci-fly": {
        "quality_level": "experiment",
        "deploy_provider": "fly",
        "ci_provider": "github-actions",
        "release_process": "tag-driven",
        "lint_enforcement": "pre-commit",
    },
    "prototype-ci-heroku": {"quality_level": "prototype", "deploy_provider": "heroku", "release_process": "tag-driven"},
    "production-library": {"quality_level": "production", "components": [{"name": "core", "kind": "library"}]},
    "secure-kubernetes-all-languages": {
        "quality_level": "secure",
        "deploy_provider": "kubernetes",
        "components": ALL_LANGUAGES,
    },
}


def answers_key(tree: str, answers: Mapping[str, Any], folder: str) -> str:
    text = json.dumps([tree, folder, answers], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def tree_digest(root: Path) -> str:
    """Paths, bytes and modes of every file and link under ``root`` (a render has no ``.git``)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            digest.update(f"L {rel} {os.readlink(path)}\0".encode())
        elif path.is_file():
            digest.update(f"F {rel} {path.stat().st_mode:o}\0".encode() + path.read_bytes() + b"\0")
        else:
            digest.update(f"D {rel}\0".encode())
    return digest.hexdigest()


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Catalogue:
    """The renders of one test run; ``root`` is shared by the run's workers."""

    def __init__(self, template: Path, root: Path, render: Callable[[Path, Path, dict[str, Any]], Path]) -> None:
        self.template = template
        self.root = root
        self._render = render
        self._tree = subprocess.run(
            ["git", "rev-parse", "HEAD^{tree}"], cwd=template, check=True, capture_output=True, text=True
        ).stdout.strip()
        self._handed_out: dict[Path, str] = {}
        root.mkdir(parents=True, exist_ok=True)

    def answers(self, name: str) -> dict[str, Any]:
        """A copy of a named set's answers."""
        return json.loads(json.dumps(SETS[name]))

    def path(self, name_or_answers: str | Mapping[str, Any], folder: str = "project") -> Path:
        """The shared render of a named set (or of any answers): read it, never write into it.

        ``folder`` is the project folder's name, which the default project name is made from."""
        answers = SETS[name_or_answers] if isinstance(name_or_answers, str) else dict(name_or_answers)
        key = answers_key(self._tree, answers, folder)
        done = self.root / key
        project = done / folder
        with locked(self.root / f"{key}.lock"):
            if not done.is_dir():
                staging = self.root / f"{key}.staging-{os.getpid()}"
                shutil.rmtree(staging, ignore_errors=True)
                self._render(self.template, staging / folder, json.loads(json.dumps(answers)))
                (staging / "digest").write_text(tree_digest(staging / folder))
                staging.rename(done)
        self._handed_out.setdefault(project, (done / "digest").read_text())
        return project

    def copy(self, name_or_answers: str | Mapping[str, Any], dest: Path, folder: str = "project") -> Path:
        """A private copy of the shared render at ``dest`` (which must not exist), to change at will."""
        shutil.copytree(self.path(name_or_answers, folder), dest, symlinks=True)
        return dest

    def changed(self) -> list[str]:
        """The renders handed out by this process that no longer match what was rendered."""
        return [str(project) for project, digest in self._handed_out.items() if tree_digest(project) != digest]
