"""copier.yml as data: the one reader of the questionnaire for the CLI, the docs generator and the tests.

Questions in file order, their choices and phases, the level-dependent ones, and the answers a user
passes with ``--data KEY=VALUE`` / ``--data-file`` checked against them before Copier runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pyve_gen.model import validation

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
COPIER_YML = TEMPLATE_ROOT / "copier.yml"
LEVEL_KEY = "quality_level"
# The marker of a question whose default follows the quality level: its default goes through this filter.
LEVEL_MARKER = LEVEL_KEY  # replaced by the pyve_by_level filter in the next commit

PHASE_BANNER = re.compile(r"^# Phase (\d): (.+)$")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")

# Validators pyve-gen runs itself before Copier, so bad data fails with one clear line.
VALIDATORS = {
    "project_name": validation.project_name_error,
    "project_slug": validation.slug_error,
    "package_name": validation.package_error,
    "components": validation.components_error,
    "config_vars": validation.config_vars_error,
    "open_questions": lambda value: validation.string_list_error(value, "open_questions"),
}


@lru_cache(maxsize=8)
def _load(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def settings(path: Path = COPIER_YML) -> dict[str, Any]:
    """The ``_``-prefixed settings of copier.yml (``_jinja_extensions``, ``_skip_if_exists``, …)."""
    return {key: value for key, value in _load(path)[0].items() if key.startswith("_")}


def questions(path: Path = COPIER_YML) -> dict[str, dict[str, Any]]:
    """The questions of copier.yml, in order (settings starting with ``_`` left out)."""
    return only_questions(_load(path)[0])


def only_questions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {key: value for key, value in data.items() if not key.startswith("_") and isinstance(value, dict)}


def phases(path: Path = COPIER_YML) -> dict[str, str]:
    """The phase each question belongs to (``Phase 2: Production readiness``), read from the banner comments."""
    known = questions(path)
    found: dict[str, str] = {}
    phase = "Settings"
    for line in _load(path)[1].splitlines():
        if banner := PHASE_BANNER.match(line):
            phase = f"Phase {banner.group(1)}: {banner.group(2).strip()}"
        elif (key := _TOP_LEVEL_KEY.match(line)) and key.group(1) in known:
            found[key.group(1)] = phase
    return found


def choice_values(question: dict[str, Any]) -> list[str]:
    """The values a choice question accepts (copier.yml allows a list, or a mapping of label: value)."""
    choices = question.get("choices") or []
    values = choices.values() if isinstance(choices, dict) else choices
    return [str(value) for value in values]


def choice_labels(question: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each choice."""
    choices = question.get("choices") or []
    if isinstance(choices, dict):
        return [(str(label), str(value)) for label, value in choices.items()]
    return [(str(value), str(value)) for value in choices]


def level_dependent(questions: dict[str, Any]) -> list[str]:
    """Questions whose default follows the quality level (their default uses :data:`LEVEL_MARKER`)."""
    return sorted(
        key
        for key, spec in questions.items()
        if key != LEVEL_KEY and isinstance(spec, dict) and LEVEL_MARKER in str(spec.get("default", ""))
    )


def choice_error(key: str, value: Any, question: dict[str, Any]) -> str:
    allowed = choice_values(question)
    if not allowed:
        return ""
    picked = value if question.get("multiselect") and isinstance(value, list) else [value]
    wrong = [str(item) for item in picked if str(item) not in allowed]
    if wrong:
        return f"{key} {wrong[0]!r} is not allowed; choose {'from' if question.get('multiselect') else 'one of'}: {', '.join(allowed)}"
    return ""


def parse_data(items: list[str]) -> dict[str, Any]:
    """``--data KEY=VALUE`` items as answers (each value read as YAML, as Copier reads it)."""
    data: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--data {item!r}: use KEY=VALUE")
        data[key] = yaml.safe_load(value) if value else ""
    return data


def load_data_file(name: str) -> dict[str, Any]:
    """The answers of a ``--data-file`` (a YAML mapping of question: answer)."""
    path = Path(name)
    if not path.is_file():
        raise ValueError(f"--data-file {name}: no such file")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"{name}: not valid YAML{where}") from None
    if not isinstance(loaded, dict):
        raise ValueError(f"{name}: the answers file must be a YAML mapping of question: answer")
    return loaded


def validate(data: dict[str, Any]) -> None:
    """Raise ``ValueError`` with the first problem of ``data``: an unknown key, a wrong choice, a bad value."""
    known = questions()
    unknown = sorted(key for key in data if key not in known)
    if unknown:
        raise ValueError(f"unknown question(s) {', '.join(unknown)}; the keys are those of copier.yml")
    for key, value in data.items():
        message = choice_error(key, value, known[key])
        if message:
            raise ValueError(message)
    for key, check in VALIDATORS.items():
        if key in data:
            message = (
                validation.components_error(data[key], data.get("package_name", ""))
                if key == "components"
                else check(data[key])
            )
            if message:
                raise ValueError(message)
