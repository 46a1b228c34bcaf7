"""Hypothesis strategies that draw whole answer sets from copier.yml itself.

Every question of copier.yml is a candidate; its type, choices and multiselect flag come from the file,
so a new question is drawn the day it is added. Free text comes from the whole Unicode range (C0/C1
controls, line and paragraph separators, non-characters, astral planes) mixed with the specials of
every file kind an answer can land in (YAML, TOML, shell, Markdown, dotenv, Jinja) and with the words
YAML 1.1 reads as something other than a string (``no``, ``on``, ``null``, ``~``, ``0x1F``, ``1_000``...).

A draw is either *plausible* (every answer in the shape the question asks for, though hostile in
content: a component named ``no``, a summary full of quotes) or has one *wild* answer (any value at
all, of any YAML type). Both kinds must give a valid project or one clear error.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
QUESTIONS: dict[str, dict[str, Any]] = {
    key: value
    for key, value in yaml.safe_load((REPO / "copier.yml").read_text(encoding="utf-8")).items()
    if not key.startswith("_") and isinstance(value, dict)
}

# Plain scalars YAML 1.1 (PyYAML, GitHub, compose, kubectl) resolves to bool, null, int, float or date.
YAML11_WORDS = (
    "no No NO n N yes Yes YES y Y on On ON off Off OFF true True TRUE false False FALSE "
    "null Null NULL ~ 0 1 -1 010 0o17 0x1F 0b101 1_000 1.0 1e3 .5 .inf -.Inf .NaN 12:30 1:20:30 2026-01-01 =".split()
)
SPECIALS = (
    "'",
    '"',
    "\\",
    "`id`",
    "$(touch /tmp/pyve-pwned)",
    "${HOME}",
    "$HOME",
    "#",
    " #c",
    ": ",
    "- ",
    "? ",
    "&a",
    "*a",
    "!tag",
    "%",
    "@",
    "|",
    ">",
    "{",
    "}",
    "[",
    "]",
    ",",
    "{{ x }}",
    "{% y %}",
    "{#",
    "<b>",
    "*em*",
    "_u_",
    "[l](u)",
    "\\n",
    '"""',
    "'''",
    "=",
    "export ",
    ";",
    "&&",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\U0001f600",
    "é",
    "Ω",
    "ﬁ",
)

ANY_CHAR = st.characters(exclude_categories=["Cs"])  # a surrogate cannot be written to a UTF-8 file at all
PRINTABLE = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp", "Cn", "Co"])


def _joined(parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    return parts.map("".join)


# Any text: the full range, specials and YAML words, in pieces.
any_text: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(YAML11_WORDS),
    st.sampled_from(SPECIALS),
    st.text(ANY_CHAR, max_size=30),
    _joined(
        st.lists(
            st.one_of(st.sampled_from(SPECIALS), st.sampled_from(YAML11_WORDS), st.text(ANY_CHAR, max_size=6)),
            max_size=8,
        )
    ),
)

# One line of printable text that should be accepted wherever free text is asked.
line_text: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(YAML11_WORDS),
    _joined(
        st.lists(
            st.one_of(
                st.sampled_from([s for s in SPECIALS if s.isprintable() and s not in {"\ufeff"}]),
                st.sampled_from(YAML11_WORDS),
                st.text(PRINTABLE, min_size=1, max_size=8),
            ),
            min_size=1,
            max_size=6,
        )
    ).map(lambda s: s[:80]),
).filter(lambda s: s.strip() != "")

_LOWER = string.ascii_lowercase
YAML11_NAMES = [w for w in YAML11_WORDS if w and w[0] in _LOWER and w.replace("-", "").replace("_", "").isalnum()]
YAML11_ENV_NAMES = [w for w in YAML11_WORDS if w and w[0] in string.ascii_uppercase and w.isalnum() and w.isupper()]

slug_like = st.one_of(st.sampled_from(YAML11_NAMES), st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}\Z"))
identifier_like = st.one_of(st.sampled_from(YAML11_NAMES), st.from_regex(r"\A[a-z][a-z0-9_]{0,8}\Z"))
env_name_like = st.one_of(st.sampled_from(YAML11_ENV_NAMES), st.from_regex(r"\A[A-Z][A-Z0-9_]{0,10}\Z"))

# Paths of every shape: legal ones, names of template files, YAML words, and the illegal shapes.
PATH_SHAPES = [
    "",
    ".",
    "..",
    "../x",
    "../../x",
    "a/../b",
    "/abs",
    "~/x",
    "C:/x",
    "a\\b",
    "a//b",
    "a/./b",
    "x/",
    ".hidden",
    "a b",
    "src",
    "docs",
    "tests/x",
    ".github",
    ".venv",
    "Makefile",
    "LICENSE",
    "README.md",
    "requirements.txt",
    "requirements.in",
    "pyproject.toml",
    "pyve.sh",
    "compose.yaml",
    "k8s",
    "infra",
    "scripts",
    "src/no",
    "src/on",
    "lib/null",
    "a.b/c-d",
]
path_part = st.one_of(st.sampled_from(YAML11_NAMES), st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}\Z"))
legal_path = st.lists(path_part, min_size=1, max_size=3).map("/".join)
any_path = st.one_of(st.sampled_from(PATH_SHAPES), legal_path, st.text(ANY_CHAR, max_size=12))

# Any YAML value at all: what a data file or `-d` can hold.
yaml_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False), any_text)
any_yaml: st.SearchStrategy[Any] = st.recursive(
    yaml_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(any_text, inner, max_size=3)),
    max_leaves=6,
)


def choice_values(question: dict[str, Any]) -> list[Any]:
    choices = question.get("choices") or []
    return list(choices.values() if isinstance(choices, dict) else choices)


@st.composite
def component(draw: st.DrawFn, plausible: bool) -> dict[str, Any]:
    from pyve_gen.model.components import AUDIENCES, KINDS, LANGUAGES

    comp: dict[str, Any] = {"name": draw(slug_like if plausible else st.one_of(slug_like, any_text))}
    for key, values in (("kind", KINDS), ("language", LANGUAGES), ("audience", AUDIENCES)):
        if draw(st.booleans()):
            comp[key] = draw(st.sampled_from(values) if plausible else st.one_of(st.sampled_from(values), any_text))
    if draw(st.integers(0, 3)) == 0:
        comp["paths"] = draw(st.lists(legal_path if plausible else any_path, min_size=1, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        comp["entrypoints"] = draw(st.lists(slug_like if plausible else any_text, max_size=2))
    return comp


@st.composite
def config_var(draw: st.DrawFn, plausible: bool) -> dict[str, Any]:
    var: dict[str, Any] = {"name": draw(env_name_like if plausible else st.one_of(env_name_like, any_text))}
    if draw(st.booleans()):
        var["description"] = draw(line_text if plausible else any_text)
    if draw(st.booleans()):
        var["secret"] = draw(st.booleans())
    if draw(st.booleans()):
        var["default"] = draw(line_text if plausible else any_text)
    return var


def plausible_value(key: str, question: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A value in the shape the question asks for; hostile in content where the question is free text."""
    choices = choice_values(question)
    if question.get("multiselect"):
        return st.lists(st.sampled_from(choices), min_size=1, max_size=len(choices), unique=True)
    if choices:
        return st.sampled_from(choices)
    kind = question.get("type", "str")
    special = {
        "project_slug": slug_like,
        "package_name": identifier_like,
        "copyright_year": st.from_regex(r"\A[12][0-9]{3}\Z"),
        "security_contact": st.from_regex(r"\A[a-z0-9.+_-]{1,10}@[a-z0-9-]{1,8}\.[a-z]{2,4}\Z"),
        "test_data_dir": legal_path.map(lambda path: f"tests/{path}"),
        "components": st.lists(component(plausible=True), min_size=1, max_size=4),
        "config_vars": st.lists(config_var(plausible=True), max_size=4),
        "open_questions": st.lists(line_text, max_size=3),
    }
    if key in special:
        return special[key]
    if kind == "int":
        return st.integers(0, 100)
    if kind == "bool":
        return st.booleans()
    return line_text


def wild_value(key: str, question: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Anything a data file could hold for this question, with its likely mistakes."""
    kind = question.get("type", "str")
    likely: list[st.SearchStrategy[Any]] = [any_yaml, any_text]
    if choice_values(question):
        likely.append(st.sampled_from([str(c).upper() for c in choice_values(question)] + ["", "none", "3.9"]))
        if question.get("multiselect"):
            likely.append(st.sampled_from(choice_values(question)))  # a scalar where a list is asked
            likely.append(st.lists(any_text, max_size=3))
    if kind == "int":
        likely.append(
            st.one_of(
                st.integers(-50, 200), st.booleans(), st.floats(-10, 200), st.sampled_from(["50", "5O", "1e2", "50.5"])
            )
        )
    if key == "components":
        likely.append(st.lists(component(plausible=False), min_size=0, max_size=3))
    if key == "config_vars":
        likely.append(st.lists(config_var(plausible=False), max_size=3))
    if key in {"project_slug", "package_name"} or "path" in key or key.endswith("_dir"):
        likely.append(any_path)
    return st.one_of(*likely)


# Components of every kind and language, for the dense draws (names unique within a draw).
COMPONENT_POOL: list[dict[str, Any]] = [
    {"name": "core", "kind": "library"},
    {"name": "api", "kind": "application", "paths": ["services/api"]},
    {"name": "tool", "kind": "cli", "entrypoints": ["tool", "tool-admin"]},
    {"name": "job", "kind": "script"},
    {"name": "ops", "kind": "script", "language": "shell"},
    {"name": "native", "kind": "library", "language": "cpp"},
    {"name": "rb", "kind": "cli", "language": "ruby"},
    {"name": "db", "kind": "script", "language": "sql", "entrypoints": []},
]


@st.composite
def dense_answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Every choice question answered at once (a non-empty subset for multiselects) and up to four components
    of any language: the many-non-default combinations sparse draws rarely reach. Kept to pairs the validators
    accept (CI from prototype up, an IaC tool the provider has), so each one renders."""
    from pyve_gen.model import infra

    answers: dict[str, Any] = {}
    for key, question in QUESTIONS.items():
        values = choice_values(question)
        if not values:
            continue
        if question.get("multiselect"):
            pool = [value for value in values if value != "none"] or values
            answers[key] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
        else:
            answers[key] = draw(st.sampled_from(values))
    if answers["quality_level"] != "experiment":
        answers["ci_provider"] = "github-actions"
    supported = [tool for tool in infra.IAC_PROVIDERS if not infra.iac_error(tool, answers["deploy_provider"])]
    answers["iac_tool"] = draw(st.sampled_from([*supported, "none"]))
    answers["components"] = draw(
        st.lists(st.sampled_from(COMPONENT_POOL), min_size=1, max_size=4, unique_by=lambda comp: comp["name"])
    )
    return answers


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """A whole answer set: one draw in ten dense (``dense_answer_sets``); the others answer some questions
    (plausibly), at most one of them wildly."""
    if draw(st.integers(0, 9)) == 0:
        return draw(dense_answer_sets())
    keys = list(QUESTIONS)
    wild = draw(st.one_of(st.none(), st.none(), st.sampled_from(keys)))
    answers: dict[str, Any] = {}
    # The questions that decide the shape of the render are answered more often.
    steering = {"quality_level", "deploy_provider", "components", "config_vars", "project_name"}
    for key in keys:
        if key == wild:
            answers[key] = draw(wild_value(key, QUESTIONS[key]))
        elif draw(st.integers(0, 2 if key in steering else 5)) == 0:
            answers[key] = draw(plausible_value(key, QUESTIONS[key]))
    return answers


def answer_strings(value: Any) -> set[str]:
    """Every string an answer holds (keys and values, however nested)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(answer_strings(k) | answer_strings(v) for k, v in value.items())) if value else set()
    if isinstance(value, list):
        return set().union(*(answer_strings(item) for item in value)) if value else set()
    return set()
