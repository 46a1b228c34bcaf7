"""A rendered project as `pyve-gen check` and `pyve-gen update` see it: its answers, facts and files."""

from __future__ import annotations

import subprocess
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from pyve_gen import questionnaire
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
    def answers(self) -> dict[str, Any] | None:
        """The recorded answers, or None when the file is missing or not a YAML mapping."""
        path = self.root / ANSWERS_FILE
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return None
        return data if isinstance(data, dict) else None

    @cached_property
    def answers_error(self) -> str:
        path = self.root / ANSWERS_FILE
        if not path.is_file():
            return f"{ANSWERS_FILE} is missing: this folder was not rendered by Copier"
        if self.answers is None:
            return f"{ANSWERS_FILE} is not a YAML mapping"
        for key in ("_src_path", "_commit", "quality_level"):
            if key not in self.answers:
                return f"{ANSWERS_FILE} has no {key!r}"
        if error := source_error(str(self.answers["_src_path"])) or commit_error(str(self.answers["_commit"])):
            return f"{ANSWERS_FILE}: {error}"
        if self.answers["quality_level"] not in LEVELS:
            return f"quality_level {self.answers['quality_level']!r} is not one of {', '.join(LEVELS)}"
        return ""

    @cached_property
    def answers_invalid(self) -> str:
        """What the questionnaire's own validators (one set, same messages) reject in the recorded answers.

        Choices are left out: they change between template versions and the update's migrations rename them.
        """
        questions = questionnaire.questions()
        known = {key: value for key, value in (self.answers or {}).items() if key in questions}
        return validation.answers_error(known, questions, choices=False)

    @property
    def level(self) -> str:
        return str((self.answers or {}).get("quality_level", ""))

    @cached_property
    def facts(self) -> dict[str, Any]:
        return questionnaire.derive(self.answers or {})

    # -- files ---------------------------------------------------------------------------------
    def read(self, relpath: str) -> str | None:
        try:
            return (self.root / relpath).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
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
            return tomllib.loads(text) if text is not None else {}
        except tomllib.TOMLDecodeError as error:
            return f"{relpath} is not valid TOML ({error})"

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
                # BaseLoader keeps `on:` a string key (YAML 1.1 would read it as True).
                result[path.name] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
            except (OSError, yaml.YAMLError) as error:
                result[path.name] = f"not valid YAML: {error}".splitlines()[0]
        return result

    def workflow_text(self, name: str) -> str:
        return self.read(f"{WORKFLOWS_DIR}/{name}") or ""

    # -- git -----------------------------------------------------------------------------------
    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=False)

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
