"""copier.yml as data: the one reader of the questionnaire for the CLI, the docs generator and the tests.

It reads copier.yml and the dev lock of the template this install renders and hands them to the render model
(:func:`render_inputs`, :func:`table`: the question table of ``pyve_gen.model.questions``); the answers a user
passes with ``--data KEY=VALUE`` / ``--data-file`` are checked against the questions before Copier runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pyve_gen import userfiles
from pyve_gen.model import facts, infra, validation
from pyve_gen.model.filters import FILTERS
from pyve_gen.model.questions import (
    Inputs,
    QuestionTable,
    build,
    choice_pairs,
    dev_lock_path,
    is_level_dependent,
    make_inputs,
)

_CHECKOUT = Path(__file__).resolve().parent.parent
# A non-editable install (``pip install .``) has no checkout around it: setup.py puts copier.yml,
# template/ and extensions/ into the wheel under ``pyve_gen/template_root`` (the model stays in this package).
_BUNDLED = Path(__file__).resolve().parent / "template_root"
TEMPLATE_ROOT = _CHECKOUT if (_CHECKOUT / "copier.yml").is_file() else _BUNDLED
COPIER_YML = TEMPLATE_ROOT / "copier.yml"
# A git checkout is rendered at HEAD (matching the pyve_gen code in use); the bundled copy as it is.
IS_GIT_CHECKOUT = (TEMPLATE_ROOT / ".git").exists()


@lru_cache(maxsize=8)
def _load(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), text


@lru_cache(maxsize=8)
def table(path: Path = COPIER_YML) -> QuestionTable:
    """The question table of a copier.yml (raises when the file is missing or has no phases)."""
    return build(*_load(path))


def jinja_environment() -> Any:
    """A sandboxed Jinja environment with the ``pyve_*`` filters: what evaluates copier.yml's expressions here."""
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment()
    environment.filters.update(FILTERS)
    return environment


@lru_cache(maxsize=4)
def render_inputs(root: Path = TEMPLATE_ROOT) -> Inputs:
    """The render model's inputs for the template at ``root``: its copier.yml and dev lock, read here.

    Raises ``FileNotFoundError`` when either is missing: the model is never handed an empty table."""
    parsed, text = _load(root / "copier.yml")
    dev_lock = (root / dev_lock_path(parsed)).read_text(encoding="utf-8")
    return make_inputs(parsed, text, dev_lock, jinja_environment())


def derive(answers: dict[str, Any], root: Path = TEMPLATE_ROOT) -> Mapping[str, Any]:
    """The render model's facts (``pyve``) for ``answers``, with the inputs of the template at ``root``."""
    return facts.derive(answers, render_inputs(root))


def settings(path: Path = COPIER_YML) -> dict[str, Any]:
    """The ``_``-prefixed settings of copier.yml (``_jinja_extensions``, ``_skip_if_exists``, …)."""
    return {key: value for key, value in _load(path)[0].items() if key.startswith("_")}


def questions(path: Path = COPIER_YML) -> dict[str, dict[str, Any]]:
    """The questions of copier.yml, in order (settings starting with ``_`` left out)."""
    return only_questions(_load(path)[0])


def template_questions(template: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The questions of a local template folder (``pyve-gen new --template``); a URL or None reads ours."""
    if template is not None and (Path(template) / "copier.yml").is_file():
        return questions(Path(template) / "copier.yml")
    return questions()


def only_questions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {key: value for key, value in data.items() if not key.startswith("_") and isinstance(value, dict)}


def phases(path: Path = COPIER_YML) -> dict[str, str]:
    """The phase each question belongs to (``Phase 2: Production readiness``), from the question table."""
    return {question.key: question.heading for question in table(path)}


def choice_values(question: dict[str, Any]) -> list[str]:
    """The values a choice question accepts (copier.yml allows a list, or a mapping of label: value)."""
    return [value for _label, value in choice_pairs(question)]


def choice_labels(question: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each choice."""
    return list(choice_pairs(question))


def level_dependent(questions: dict[str, Any]) -> list[str]:
    """Questions whose default follows the quality level (their default uses ``pyve_by_level``)."""
    return sorted(key for key, spec in questions.items() if isinstance(spec, dict) and is_level_dependent(key, spec))


def parse_data(items: list[str], known: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``--data KEY=VALUE`` items as answers, each value read as Copier's own ``-d`` reads it."""
    known = questions() if known is None else known
    data: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--data {item!r}: use KEY=VALUE")
        data[key] = parse_data_value(key, value, known.get(key, {}))
    return data


def parse_data_value(key: str, text: str, question: dict[str, Any]) -> Any:
    """Text stays text; YAML only where the question is YAML or a multiselect (ints are cast by the validators)."""
    kind = question.get("type", "str")
    if kind == "int" and re.fullmatch(r"-?[0-9]+", text.strip()):
        return int(text)  # as Copier's int() cast reads it ("010" is 10); anything else is left to the validators
    if kind in {"str", "int"} and not question.get("multiselect"):
        return text
    try:
        return yaml.safe_load(text) if text else ""
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (column {mark.column + 1})" if mark is not None else ""
        raise ValueError(f"{key}: not valid YAML{where}: {text!r}") from None


def load_data_file(name: str) -> dict[str, Any]:
    """The answers of a ``--data-file`` (a YAML mapping of question: answer)."""
    path = Path(name)
    if not path.is_file():
        raise ValueError(f"--data-file {name}: no such file")
    loaded = userfiles.read_yaml(path, userfiles.ANSWERS_LIMIT) or {}  # bounded: size, aliases, nesting
    if not isinstance(loaded, dict):
        raise ValueError(f"{name}: the answers file must be a YAML mapping of question: answer")
    return loaded


# Unanswered questions whose defaults a validator reads (components import under package_name), in the
# order Copier asks them: each default is copier.yml's expression over the answers before it.
NAMING_CHAIN = ("project_name", "project_slug", "package_name")


def naming_defaults(
    answers: dict[str, Any], questions: dict[str, dict[str, Any]], user_defaults: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The names Copier would default to for ``answers`` (``user_defaults`` first, as Copier takes them)."""
    environment = jinja_environment()
    context = {**answers}
    derived: dict[str, Any] = {}
    for key in NAMING_CHAIN:
        if key in context or key not in questions:
            continue
        if user_defaults and key in user_defaults:
            value: Any = user_defaults[key]
        else:
            value = environment.from_string(str(questions[key].get("default", ""))).render(**context)
        context[key] = derived[key] = value
    return derived


def validate(
    data: dict[str, Any], template: str | Path | None = None, user_defaults: dict[str, Any] | None = None
) -> None:
    """Raise ``ValueError`` with the first problem of ``data``: the one validator set copier.yml runs, same messages.

    The names ``data`` leaves to their defaults are derived first, as Copier derives them, since a validator
    reads them; a derived name that its own validator rejects is reported, as Copier would.
    """
    known = template_questions(template)
    unknown = sorted(key for key in data if key not in known)
    if unknown:
        raise ValueError(f"unknown question(s) {', '.join(unknown)}; the keys are those of copier.yml")
    for key, value in data.items():
        if known[key].get("type") == "yaml" and isinstance(value, str):
            data[key] = parse_data_value(key, value, known[key])  # Copier reads a YAML answer's text as YAML
    message = validation.answers_error({**data, **naming_defaults(data, known, user_defaults)}, known)
    if message:
        raise ValueError(userfiles.cut_message(message))
    if "iac_tool" in data:  # a pair: checked here too, as the level may not ask iac_tool
        provider = data.get("deploy_provider", known["deploy_provider"].get("default", "none"))
        message = infra.iac_error(str(data["iac_tool"]), str(provider))
        if message:
            raise ValueError(message)
