"""Validators for every answer: each returns "" when the value is fine, else a message saying what is allowed.

Copier calls them through the filters in ``extensions/`` (a non-empty string rejects the answer);
``pyve-gen`` calls them directly before rendering.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Any

from .components import AUDIENCES, KINDS, LANGUAGES, from_short_form, normalize
from .infra import iac_error
from .platforms import archs_error, sql_dialect_error, windows_error

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]*$")
PACKAGE_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
COMPONENT_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
COMMAND_RE = re.compile(r"^[a-z][a-z0-9_.-]*$")
PATH_PART_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
ENV_NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
EMAIL_RE = re.compile(r"^[^@\s\"'<>`$\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PYTHON_KEYWORDS = frozenset(keyword.kwlist)
# C++ keywords and alternative tokens: a C++ component's name (with '-' as '_') is its namespace.
CPP_KEYWORDS = frozenset(
    "alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t "
    "class co_await co_return co_yield compl concept const consteval constexpr constinit const_cast continue "
    "decltype default delete do double dynamic_cast else enum explicit export extern false float for friend "
    "goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private "
    "protected public register reinterpret_cast requires return short signed sizeof static static_assert "
    "static_cast struct switch template this thread_local throw true try typedef typeid typename union "
    "unsigned using virtual void volatile wchar_t while xor xor_eq std".split()
)
MAX_NAME = 80
MAX_TEXT = 300
# What the template renders at the top of the project: a component folder there would collide with it.
RENDERED_ROOT = frozenset(
    "CHANGELOG.md LICENSE Makefile README.md SECURITY.md pyve.sh pyproject.toml CMakeLists.txt compose.yaml "
    "Containerfile Dockerfile fly.toml Procfile renovate.json constraints.txt requirements.in requirements.txt "
    "requirements-dev.in requirements-dev.txt requirements-security.in requirements-security.txt "
    "requirements-sql.in requirements-sql.txt k8s infra".split()
)


def _unprintable(char: str) -> bool:
    """Controls (C0, DEL, C1), line/paragraph separators, surrogates and non-characters: no file kind keeps them."""
    code = ord(char)
    return unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def text_error(value: Any, what: str = "this answer", *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """Free text (names, summaries): any unicode, quotes, colons and ``#`` are fine; one line, printable."""
    text = str(value if value is not None else "")
    if required and not text.strip():
        return f"{what} must not be empty"
    if len(text) > limit:
        return f"{what} must be at most {limit} characters (got {len(text)})"
    if any(_unprintable(ch) for ch in text):
        return f"{what} must be a single line of printable text (no newlines, tabs or control characters)"
    return ""


def project_name_error(value: Any) -> str:
    return text_error(value, "project_name", required=True, limit=MAX_NAME)


def slug_error(value: Any) -> str:
    text = str(value or "")
    if not SLUG_RE.match(text) or text.endswith("-") or "--" in text or len(text) > 64:
        return (
            f"project_slug {text!r} is not allowed: use lowercase ASCII letters, digits and single hyphens, "
            "starting with a letter, at most 64 characters (e.g. 'acme-billing')"
        )
    return ""


def package_error(value: Any) -> str:
    text = str(value or "")
    if not PACKAGE_RE.match(text) or text in PYTHON_KEYWORDS or len(text) > 64:
        return (
            f"package_name {text!r} is not allowed: use a Python identifier of lowercase ASCII letters, "
            "digits and underscores, not starting with a digit, not a keyword (e.g. 'acme_billing')"
        )
    return ""


def relative_path_error(value: Any, what: str = "path") -> str:
    """A path inside the project: relative, no ``..``, no hidden or odd characters."""
    text = str(value or "")
    allowed = "a relative path inside the project made of letters, digits, '_', '-' and '.' (e.g. 'src/app')"
    if not text or text.startswith(("/", "~")) or "\\" in text or re.match(r"^[A-Za-z]:", text):
        return f"{what} {text!r} is not allowed: use {allowed}"
    parts = PurePosixPath(text.rstrip("/")).parts
    if not parts or any(part in {".", ".."} or not PATH_PART_RE.match(part) for part in parts):
        return f"{what} {text!r} is not allowed: use {allowed}; '..', '.' and hidden folders are not"
    if parts[0].casefold() in {".git", ".github", "docs", "tests", ".venv"}:  # macOS ignores case
        return f"{what} {text!r} is not allowed: {parts[0]!r} is reserved by the project layout"
    return ""


def email_error(value: Any, what: str = "email") -> str:
    text = str(value or "")
    if not EMAIL_RE.match(text) or len(text) > 254:
        return f"{what} {text!r} is not an email address like 'security@example.com'"
    return ""


URL_RE = re.compile(r"^https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!+,=@/-]*)?$")


def url_error(value: Any, what: str = "url") -> str:
    """An https web address (or empty: none yet), written to pyproject.toml and the docs."""
    text = str(value or "")
    if text and (not URL_RE.match(text) or len(text) > 300):
        return f"{what} {text!r} is not an https address like 'https://github.com/acme/acme-web' (or leave it empty)"
    return ""


def _overlaps(a: str, b: str) -> bool:
    """One path is inside the other, ignoring case: macOS (a target) and Windows file systems do."""
    pa, pb = (tuple(part.casefold() for part in PurePosixPath(path).parts) for path in (a, b))
    shorter = min(len(pa), len(pb))
    return pa[:shorter] == pb[:shorter]


_RENDERED_ROOT_FOLDED = {name.casefold(): name for name in RENDERED_ROOT}


# Longest import name of a Python component: ``from <module> import __version__ as __version__``
# and the other rendered imports stay within the rendered projects' 100-column lint limit.
MODULE_MAX = 60


def components_error(value: Any, package_name: Any = "") -> str:
    """The whole components list: each entry valid, names unique, paths disjoint.

    With ``package_name`` (an identifier), Python components import under it (see ``components.import_name``).
    """
    package = str(package_name or "")
    package = package if PACKAGE_RE.match(package) else ""
    value = from_short_form(value)
    if not isinstance(value, list) or not value:
        return (
            "components must be a non-empty YAML list of mappings like '- {name: app, kind: cli, language: python}', "
            "or the short form 'api:application, core:library, deploy:script:shell'"
        )
    seen_names: set[str] = set()
    owned: list[tuple[str, str]] = []
    modules: dict[str, str] = {}
    identifiers: dict[tuple[str, str], str] = {}
    commands: dict[str, str] = {}
    for index, raw in enumerate(value, start=1):
        if not isinstance(raw, dict):
            return f"component #{index} must be a mapping with keys name, kind, language, paths, entrypoints, audience"
        unknown = sorted(set(map(str, raw)) - {"name", "kind", "language", "paths", "entrypoints", "audience"})
        if unknown:
            return f"component #{index} has unknown keys {unknown}; allowed: name, kind, language, paths, entrypoints, audience"
        comp = normalize(raw, package)
        label = f"component {comp.name!r}" if comp.name else f"component #{index}"
        if not COMPONENT_NAME_RE.match(comp.name) or len(comp.name) > 40:
            return (
                f"{label}: name must be lowercase ASCII letters, digits, '-' or '_', starting with a letter, "
                "at most 40 characters"
            )
        if comp.name in seen_names:
            return f"{label}: the name is used twice; component names must be unique"
        seen_names.add(comp.name)
        if comp.kind not in KINDS:
            return f"{label}: kind {comp.kind!r} is not allowed; choose one of {', '.join(KINDS)}"
        if comp.language not in LANGUAGES:
            return f"{label}: language {comp.language!r} is not allowed; choose one of {', '.join(LANGUAGES)}"
        if comp.audience not in AUDIENCES:
            return f"{label}: audience {comp.audience!r} is not allowed; choose one of {', '.join(AUDIENCES)}"
        for path in comp.paths:
            message = relative_path_error(path, f"{label}: path")
            if message:
                return message
            top = PurePosixPath(path).parts[0]
            if top.casefold() in _RENDERED_ROOT_FOLDED:
                return (
                    f"{label}: path {path!r} is not allowed: the project already has a "
                    f"{_RENDERED_ROOT_FOLDED[top.casefold()]!r} at its top (macOS ignores case)"
                )
            for other_path, other_name in owned:
                if _overlaps(path, other_path):
                    return (
                        f"{label}: path {path!r} overlaps {other_path!r} of component {other_name!r}; paths must not "
                        "be shared (macOS ignores case in file names)"
                    )
            owned.append((path, comp.name))
        if comp.language == "python":
            if not PACKAGE_RE.match(comp.module) or comp.module in PYTHON_KEYWORDS:
                return f"{label}: the last folder of its first path ({comp.root!r}) is its Python import name and must be an identifier"
            if len(comp.module) > MODULE_MAX:
                return (
                    f"{label}: its Python import name {comp.module!r} has {len(comp.module)} characters, at most "
                    f"{MODULE_MAX} (the rendered imports must fit the lint line length): shorten package_name or the name"
                )
            if comp.module in modules:
                return f"{label}: Python import name {comp.module!r} is also used by component {modules[comp.module]!r}"
            modules[comp.module] = comp.name
        identifier = comp.name.replace("-", "_")
        if comp.language == "cpp" and identifier in CPP_KEYWORDS:
            return f"{label}: {identifier!r} is a C++ keyword or reserved name; a C++ component's name becomes its namespace"
        if comp.language in {"cpp", "ruby"}:
            clash = identifiers.get((comp.language, identifier))
            if clash:
                return f"{label}: its {comp.language} identifier {identifier!r} is also used by component {clash!r} ('-' counts as '_')"
            identifiers[(comp.language, identifier)] = comp.name
        written = [str(entry).removeprefix("./") for entry in (raw.get("entrypoints") or [])]
        for index_in_answer, command in enumerate(comp.entrypoints):
            if comp.language == "shell" and "/" in command:
                parts = PurePosixPath(command).parts
                as_written = written[index_in_answer] if index_in_answer < len(written) else command
                inside = (
                    PurePosixPath(as_written).is_relative_to(comp.root)
                    and not command.startswith("/")
                    and all(part not in {".", ".."} and PATH_PART_RE.match(part) for part in parts)
                )
                if not inside or not COMMAND_RE.match(parts[-1]) or len(command) > 120:
                    return (
                        f"{label}: entrypoint {command!r} must be a command name or a script path inside the "
                        f"component's folder {comp.root!r} (e.g. '{comp.root}/{comp.name}.sh')"
                    )
            elif not COMMAND_RE.match(command) or len(command) > 40:
                return (
                    f"{label}: entrypoint {command!r} must be a command name of lowercase letters, digits, '.', '-' "
                    "or '_'"
                    + (
                        " or, for a shell component, a script path like 'scripts/backup.sh'"
                        if comp.language == "shell"
                        else ""
                    )
                )
            if command in commands:
                return f"{label}: entrypoint {command!r} is also provided by component {commands[command]!r}"
            commands[command] = comp.name
    return ""


def config_vars_error(value: Any) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, list):
        return (
            "config_vars must be a YAML list of mappings like '- {name: API_URL, description: Base URL, secret: false}'"
        )
    names: set[str] = set()
    for index, raw in enumerate(value, start=1):
        if not isinstance(raw, dict):
            return f"config_vars #{index} must be a mapping with keys name, description, secret"
        unknown = sorted(set(map(str, raw)) - {"name", "description", "secret", "default"})
        if unknown:
            return f"config_vars #{index} has unknown keys {unknown}; allowed: name, description, secret, default"
        name = str(raw.get("name", ""))
        if not ENV_NAME_RE.match(name) or len(name) > 64:
            return f"config_vars #{index}: name {name!r} must be an environment variable name: uppercase letters, digits, '_', starting with a letter"
        if name in names:
            return f"config_vars: {name!r} is defined twice"
        names.add(name)
        if not isinstance(raw.get("secret", False), bool):
            return f"config_vars {name!r}: secret must be true or false"
        message = text_error(raw.get("description", ""), f"config_vars {name!r} description")
        if message:
            return message
        message = text_error(raw.get("default", ""), f"config_vars {name!r} default")
        if message:
            return message
        default = str(raw.get("default") or "")
        if re.search(r"\$\{[^}]*\}", default):
            return (
                f"config_vars {name!r} default: '${{...}}' is expanded by python-dotenv but read literally by shells "
                "and docker compose from .env.example's quotes; write the value without it"
            )
        if re.search(r"['\\]", default) and re.search(r"[$`]", default):
            return (
                f"config_vars {name!r} default: a value holding a quote or backslash and also '$' or '`' cannot be "
                "written to .env.example so that shells and dotenv readers read the same value; drop one of them"
            )
    return ""


def string_list_error(value: Any, what: str) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, list):
        return f"{what} must be a YAML list of one-line strings"
    for item in value:
        message = text_error(item, f"each item of {what}")
        if message:
            return message
    return ""


def _year_error(value: Any) -> str:
    return "" if re.fullmatch(r"[0-9]{4}", str(value)) else "copyright_year must be four digits, e.g. 2026"


def _coverage_error(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        return "coverage_floor must be a whole number from 0 to 100"
    return ""


def _test_data_dir_error(value: Any) -> str:
    text = str(value or "")
    if not text.startswith("tests/"):
        return "test_data_dir must be a folder under tests/ (e.g. tests/data)"
    return relative_path_error(text[6:], "test_data_dir")


def _some(what: str, none: str = "") -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not value:
            return f"choose at least one {what}{', or none' if none else ''}"
        if none and none in value and len(value) > 1:
            return f"'{none}' cannot be combined with other {what}s"
        return ""

    return check


def _ci_provider_error(value: Any, answers: Mapping[str, Any]) -> str:
    level = answers.get("quality_level", "prototype")
    if value == "none" and level != "experiment":
        return f"the {level} level requires CI (its gates run there); choose github-actions"
    return ""


def _text(what: str, required: bool = False) -> Callable[[Any], str]:
    return lambda value: text_error(value, what, required=required)


# The one validator set: copier.yml's validators call it (filter ``pyve_answer_error``), and so do
# `pyve-gen new`, `pyve-gen update` and `pyve-gen check`, with the same messages.
ANSWER_CHECKS: dict[str, Callable[[Any], str]] = {
    "project_name": project_name_error,
    "project_slug": slug_error,
    "summary": _text("summary", required=True),
    "owners": _text("owners"),
    "copyright_holder": _text("copyright_holder", required=True),
    "copyright_year": _year_error,
    "repository_url": lambda value: url_error(value, "repository_url"),
    "python_versions": _some("Python version"),
    "open_questions": lambda value: string_list_error(value, "open_questions"),
    "artifacts": _some("artifact", none="none"),
    "sql_engine_versions": _text("sql_engine_versions"),
    "test_scopes": _some("test scope"),
    "coverage_floor": _coverage_error,
    "test_data_dir": _test_data_dir_error,
    "config_vars": config_vars_error,
    "regions": _text("regions"),
    "scaling": _text("scaling"),
    "cost_tracking": _text("cost_tracking"),
    "rto": _text("rto"),
    "rpo": _text("rpo"),
    "deploy_access": _text("deploy_access"),
    "slo_availability": _text("slo_availability", required=True),
    "slo_latency": _text("slo_latency", required=True),
    "security_contact": lambda value: email_error(value, "security_contact"),
    "compliance": _some("compliance framework", none="none"),
}
# Checks that read another answer.
CONTEXT_CHECKS: dict[str, Callable[[Any, Mapping[str, Any]], str]] = {
    "ci_provider": _ci_provider_error,
    "components": lambda value, answers: components_error(value, answers.get("package_name", "")),
    "iac_tool": lambda value, answers: iac_error(str(value), str(answers.get("deploy_provider", "none"))),
    # Windows: only for what the venv installs (pyve_gen/model/platforms.py).
    "os_targets": lambda value, answers: _some("OS target")(value) or windows_error(value, answers),
    "cpu_archs": lambda value, answers: _some("CPU architecture")(value) or archs_error(value, answers),
    "sql_dialect": sql_dialect_error,
    # Asked after the components: the components are checked again with the package they import under.
    "package_name": lambda value, answers: (
        package_error(value) or components_error(answers.get("components"), value)
        if isinstance(from_short_form(answers.get("components")), list)
        else package_error(value)
    ),
}


def answer_error(key: str, value: Any, answers: Mapping[str, Any] | None = None) -> str:
    """The message rejecting answer ``value`` to question ``key`` (after Copier's type cast), or ""."""
    if key in CONTEXT_CHECKS:
        message = CONTEXT_CHECKS[key](value, answers or {})
    elif key in ANSWER_CHECKS:
        message = ANSWER_CHECKS[key](value)
    else:
        message = ""
    return message if not message or message.startswith(key) else f"{key}: {message}"


def _choices(question: Mapping[str, Any]) -> list[str]:
    choices = question.get("choices") or []
    return [str(value) for value in (choices.values() if isinstance(choices, dict) else choices)]


def _kind_of(value: Any) -> str:
    return {bool: "true/false", type(None): "empty (null)", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


def shape_error(key: str, value: Any, question: Mapping[str, Any], *, choices: bool = True) -> str:
    """An answer given as data (a data file, ``-d``, the answers file) must have its question's type and choices."""
    allowed = _choices(question) if choices else []
    kind = question.get("type", "str")
    if question.get("multiselect"):
        if not isinstance(value, list):
            return f"{key} must be a YAML list chosen from {', '.join(_choices(question))} (got {_kind_of(value)} {value!r})"
        wrong = [
            item for item in value if isinstance(item, (bool, list, dict)) or (allowed and str(item) not in allowed)
        ]
        return f"{key} {wrong[0]!r} is not allowed; choose from: {', '.join(allowed)}" if wrong else ""
    if kind == "int":
        if isinstance(value, bool) or not (isinstance(value, int) or re.fullmatch(r"-?[0-9]+", str(value))):
            return f"{key} must be a whole number (got {_kind_of(value)} {value!r})"
        return ""
    if kind == "bool":
        return "" if isinstance(value, bool) else f"{key} must be true or false (got {value!r})"
    if kind == "str" and (isinstance(value, (bool, float, list, dict)) or value is None):
        hint = "; put it in quotes" if isinstance(value, (bool, float)) or value is None else ""
        return f"{key} must be text, but YAML read {value!r} as {_kind_of(value)}{hint}"
    if allowed and str(value) not in allowed:
        return f"{key} {value!r} is not allowed; choose one of: {', '.join(allowed)}"
    return ""


def cast(value: Any, question: Mapping[str, Any]) -> Any:
    """What Copier makes of a well-shaped answer (``"80"`` for an int question is 80)."""
    kind = question.get("type", "str")
    if question.get("multiselect") or kind in {"yaml", "bool"}:
        return value
    return int(value) if kind == "int" else str(value)


def answers_error(
    answers: Mapping[str, Any], questions: Mapping[str, Mapping[str, Any]] | None = None, *, choices: bool = True
) -> str:
    """The first problem of a whole answer set (shape, then the validators), or ""."""
    checked: dict[str, Any] = {}
    for key, value in answers.items():
        if str(key).startswith("_"):
            continue
        question = (questions or {}).get(key)
        if questions is not None and question is None:
            return f"unknown question {key!r}; the keys are those of copier.yml"
        if question is not None:
            if message := shape_error(key, value, question, choices=choices):
                return message
            value = cast(value, question)
        checked[key] = value
    context = {"quality_level": "prototype", **checked}
    # In the order Copier asks them, so a problem is reported by its own question first.
    order = {key: index for index, key in enumerate(questions or {})}
    for key in sorted(checked, key=lambda key: order.get(key, len(order))):
        if message := answer_error(key, checked[key], context):
            return message
    return ""
