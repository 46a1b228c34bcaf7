"""A rendered project as `pyve-gen check` and `pyve-gen update` see it: its answers, facts and files."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from pyve_gen import questionnaire, userfiles
from pyve_gen.model import validation
from pyve_gen.model.levels import LEVELS
from pyve_gen.template_version import commit_error, source_error

ANSWERS_FILE = ".copier-answers.yml"
WORKFLOWS_DIR = ".github/workflows"
CONFLICT_MARKERS = ("<<<<<<< ", ">>>>>>> ")
_SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def _has_conflict_markers(text: str, markdown: bool) -> bool:
    """Conflict markers outside Markdown code fences (a doc may show an example conflict)."""
    fenced = False
    for line in text.splitlines():
        if markdown and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith(CONFLICT_MARKERS):
            return True
    return False


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root

    # -- answers and the facts derived from them ------------------------------------------------
    @cached_property
    def _answers_read(self) -> tuple[dict[str, Any] | None, str]:
        """(the recorded answers, "") or (None, why they cannot be read); bounded (see userfiles)."""
        path = self.root / ANSWERS_FILE
        if not os.path.lexists(path):
            return None, f"{ANSWERS_FILE} is missing: this folder was not rendered by Copier"
        try:
            data = userfiles.read_yaml(path, userfiles.ANSWERS_LIMIT)
        except userfiles.UserFileError as error:
            return None, str(error)
        if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
            return None, f"{ANSWERS_FILE} is not a YAML mapping of question: answer"
        return data, ""

    @property
    def answers(self) -> dict[str, Any] | None:
        """The recorded answers, or None when the file is missing, refused or not a YAML mapping."""
        return self._answers_read[0]

    @cached_property
    def answers_error(self) -> str:
        answers, error = self._answers_read
        if answers is None:
            return error
        for key in ("_src_path", "_commit", "quality_level"):
            if key not in answers:
                return f"{ANSWERS_FILE} has no {key!r}"
        for key in ("_src_path", "_commit"):
            if not isinstance(answers[key], str):
                return f"{ANSWERS_FILE}: {key} {userfiles.shorten(answers[key])} is not text"
        if error := source_error(answers["_src_path"]) or commit_error(answers["_commit"]):
            return f"{ANSWERS_FILE}: {error}"
        if not isinstance(answers["quality_level"], str) or answers["quality_level"] not in LEVELS:
            return f"quality_level {userfiles.shorten(answers['quality_level'])} is not one of {', '.join(LEVELS)}"
        return ""

    @cached_property
    def answers_invalid(self) -> str:
        """What the questionnaire's own validators (one set, same messages) reject in the recorded answers.

        Choices are left out: they change between template versions and the update's migrations rename them.
        """
        questions = questionnaire.questions()
        known = {key: value for key, value in (self.answers or {}).items() if key in questions}
        return userfiles.cut_message(validation.answers_error(known, questions, choices=False))

    @property
    def level(self) -> str:
        return str((self.answers or {}).get("quality_level", ""))

    @cached_property
    def facts(self) -> Mapping[str, Any]:
        return questionnaire.derive(self.answers or {})

    # -- files ---------------------------------------------------------------------------------
    def read(self, relpath: str) -> str | None:
        """A project file's text; None when it is missing, not UTF-8, not a regular file or over its cap."""
        limit = userfiles.LOCK_LIMIT if relpath.endswith(".txt") else userfiles.TEXT_LIMIT
        try:
            return userfiles.read_text(self.root / relpath, limit)
        except userfiles.UserFileError:
            return None

    def toml(self, relpath: str) -> dict[str, Any] | str:
        """A TOML file parsed with tomllib ({} when missing), or why it is not valid TOML.

        Conflict-marker lines are left out (they are `no-conflicts`' finding); when both sides of a
        conflict remain, the duplicate keys make the file invalid and this says so.
        """
        text = self.read(relpath)
        if text is not None:
            text = "\n".join(
                line for line in text.splitlines() if not (line.startswith(CONFLICT_MARKERS) or line == "=======")
            )
        try:
            return userfiles.load_toml(text, relpath) if text is not None else {}
        except userfiles.UserFileError as error:
            return str(error)

    def exists(self, relpath: str) -> bool:
        return (self.root / relpath).is_file()

    @cached_property
    def workflows(self) -> dict[str, Any]:
        """GitHub Actions workflows by file name: parsed YAML, or the parse error as a string."""
        folder = self.root / WORKFLOWS_DIR
        result: dict[str, Any] = {}
        if not folder.is_dir():
            return result
        for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
            try:
                # Strings only: `on:` stays a string key (YAML 1.1 would read it as True).
                result[path.name] = userfiles.read_yaml(path, strings_only=True)
            except userfiles.UserFileError as error:
                result[path.name] = str(error).removeprefix(f"{path.name}: ")
        return result

    def workflow_text(self, name: str) -> str:
        return self.read(f"{WORKFLOWS_DIR}/{name}") or ""

    # -- git -----------------------------------------------------------------------------------
    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        # A repository received as an archive brings its .git/config: its fsmonitor hook must not run (as Copier does).
        argv = ["git", "-c", "core.fsmonitor=false", *args]
        return subprocess.run(argv, cwd=self.root, capture_output=True, text=True, check=False)

    @cached_property
    def is_git_repo(self) -> bool:
        try:
            result = self.git("rev-parse", "--show-toplevel")
        except FileNotFoundError:
            return False
        return result.returncode == 0 and Path(result.stdout.strip()).resolve() == self.root.resolve()

    @cached_property
    def files(self) -> list[str]:
        """Project files (tracked and untracked, not ignored) as POSIX relative paths."""
        if self.is_git_repo:
            result = self.git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
            return sorted({name for name in result.stdout.split("\0") if name and (self.root / name).is_file()})
        found = []
        for path in self.root.rglob("*"):
            parts = path.relative_to(self.root).parts
            if path.is_file() and not _SKIP_DIRS.intersection(parts):
                found.append("/".join(parts))
        return sorted(found)

    def conflicts(self) -> list[str]:
        """Files with leftover conflict markers, and `.rej` files, from an update."""
        found = set()
        for name in self.files:
            text = self.read(name)
            if text and _has_conflict_markers(text, markdown=name.endswith(".md")):
                found.add(name)
        for path in self.root.rglob("*.rej"):  # also when .gitignore hides them
            parts = path.relative_to(self.root).parts
            if not _SKIP_DIRS.intersection(parts):
                found.add("/".join(parts))
        return sorted(found)
