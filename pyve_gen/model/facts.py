"""Facts derived from the answers, computed once per answer set and shared by every template."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from . import asked, ci, files, gates, held, infra, platforms, review, runtime_env, sql_engines, toolchains
from .components import LANGUAGE_LABELS, LANGUAGES, normalize_all
from .levels import DECISION_RULE, GUIDANCE, LEVELS, at_least, rank
from .questions import Inputs
from .validation import PACKAGE_RE

# Answers the facts depend on; the cache key is made of these alone.
INPUT_KEYS: tuple[str, ...] = (
    "quality_level",
    "components",
    "package_name",
    "python_versions",
    "os_targets",
    "cpu_archs",
    "deploy_provider",
    "ci_provider",
    "artifacts",
    "owners",
    "regions",
    "open_questions",
    "coverage_floor",
    "sql_dialect",
    "cpp_package_manager",
    "sql_engine_versions",
    "container_runtime",
    "base_image",
    "iac_tool",
    "secret_scanner",
    "build_backend",
    "test_scopes",
    "scaling",
    "release_process",
    "lint_enforcement",
    "phase1_mode",
    "phase2_mode",
    "phase3_mode",
    "config_vars",
    "log_level",
    "log_format",
    "version_source",
    "adopt_held",
)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


class Facts(Mapping[str, Any]):
    """The facts of one answer set. Those about the questionnaire itself (which questions each phase asks,
    here and at the levels above) evaluate copier.yml's ``when:``s and derive the facts at other levels:
    they are computed on first use. Copier's questionnaire reads a few facts after each answer; only the
    rendered files (the spec) read these, once."""

    def __init__(self, values: dict[str, Any], later: dict[str, Callable[[], Any]]) -> None:
        self._values = values
        self._later = later

    def __getitem__(self, key: str) -> Any:
        if key not in self._values:
            self._values[key] = self._later.pop(key)()  # KeyError for a fact that does not exist
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._values, *self._later])

    def __len__(self) -> int:
        return len(self._values) + len(self._later)


# The last inputs seen, their JSON round-trip and their facts: the context hook calls derive() for
# every Jinja context that reads ``pyve`` (hundreds per render), nearly always with the very same answer
# objects, and comparing those is twenty times cheaper than building the JSON key.
_last: tuple[Inputs, tuple[Any, ...], tuple[Any, ...], Facts] | None = None


def derive(answers: Mapping[str, Any], inputs: Inputs) -> Facts:
    """Derived facts for ``answers`` (a mapping with at least the keys in :data:`INPUT_KEYS`) and the
    template's ``inputs`` (its question table and tool versions, read by the caller)."""
    global _last
    given = tuple(answers.get(k) for k in INPUT_KEYS)
    if _last is not None:
        last_inputs, last_given, last_decoded, last_facts = _last
        # Same objects (no new answer) and unchanged contents (no in-place edit): same facts.
        if (
            last_inputs is inputs
            and all(a is b for a, b in zip(given, last_given, strict=True))
            and given == last_decoded
        ):
            return last_facts
    key = json.dumps(dict(zip(INPUT_KEYS, given, strict=True)), sort_keys=True, default=str)
    facts = _derive_cached(key, inputs)
    decoded = json.loads(key)
    _last = (inputs, given, tuple(decoded[k] for k in INPUT_KEYS), facts)
    return facts


def _at_level(key: str, level: str, inputs: Inputs) -> Facts:
    """The facts of the same answers at another quality level."""
    return _derive_cached(json.dumps({**json.loads(key), "quality_level": level}, sort_keys=True), inputs)


def _levels_of(key: str, inputs: Inputs) -> Callable[[str], Facts]:
    """Level -> the facts of the same answers at that level, each derived once."""
    at: dict[str, Facts] = {}

    def facts_at(level: str) -> Facts:
        if level not in at:
            at[level] = _at_level(key, level, inputs)
        return at[level]

    return facts_at


@lru_cache(maxsize=64)
def _derive_cached(key: str, inputs: Inputs) -> Facts:
    answers: dict[str, Any] = json.loads(key)
    level = answers.get("quality_level") or "prototype"
    if level not in LEVELS:  # an invalid answer: let Copier's choice check report it, not a KeyError here
        level = "prototype"
    package = str(answers.get("package_name") or "")
    components = normalize_all(answers.get("components"), package if PACKAGE_RE.match(package) else "")
    languages = [lang for lang in LANGUAGES if any(c.language == lang for c in components)]
    python_components = [c for c in components if c.language == "python"]
    python_kinds = {c.kind for c in python_components}
    if not python_components:
        lock_mode = ""
    elif python_kinds == {"library"}:
        lock_mode = "lib"
    else:
        lock_mode = "app"
    versions = sorted(answers.get("python_versions") or ["3.12"], key=_version_key)
    os_targets = answers.get("os_targets") or ["linux"]
    archs = answers.get("cpu_archs") or ["x86_64"]
    runners = platforms.runners(os_targets, archs)
    floor = answers.get("coverage_floor")
    coverage_floor = (
        int(floor) if isinstance(floor, (int, str)) and str(floor).isdigit() else gates.COVERAGE_FLOOR[level]
    )
    deploys = infra.deployed(answers)
    scopes = answers.get("test_scopes") or ["unit"]
    container = infra.container_facts(answers, [c.as_dict() for c in python_components], versions[0], deploys)
    # where the docs say each component's files are: its folder, or "." where they stay where the adopted repository
    # has them (the template's skeleton held)
    in_place = held.in_place(components, answers.get("components"), answers.get("adopt_held"))

    def placed(comp: Any) -> dict[str, Any]:
        here = comp.root in in_place
        return {**comp.as_dict(), "home": "." if here else comp.root, "homes": ["."] if here else list(comp.paths)}

    facts: dict[str, Any] = {
        "level_rank": rank(level),
        "level_rule": DECISION_RULE[level],
        "level_guidance": GUIDANCE[level],
        "level_rules": [{"level": lvl, "rule": DECISION_RULE[lvl]} for lvl in reversed(LEVELS)],
        "is_prototype": at_least(level, "prototype"),
        "is_production": at_least(level, "production"),
        "is_secure": at_least(level, "secure"),
        "levels": [{"name": name, "guidance": GUIDANCE[name], "rule": DECISION_RULE[name]} for name in LEVELS],
        "gates": gates.gates_as_dicts(level),
        "gate_ids": gates.gate_ids(level),
        "gate_notes": gates.language_notes(level, languages, LANGUAGE_LABELS),
        "ci_jobs": gates.ci_jobs(level),
        "coverage_floor": coverage_floor,
        "coverage_floors": dict(gates.COVERAGE_FLOOR),  # by level: the default of the coverage_floor question
        "components": [placed(c) for c in components],
        "languages": languages,
        "language_labels": dict(LANGUAGE_LABELS),
        "by_language": {lang: [placed(c) for c in components if c.language == lang] for lang in languages},
        "python_components": [placed(c) for c in python_components],
        "python_modules": [c.module for c in python_components],
        "code_owners": code_owners(str(answers.get("owners") or "")),
        # The one source of the version: the first Python library's __init__.py, else the first Python
        # component's; the others import it (an application may import its library, never the reverse).
        "version_source": next(
            (c.as_dict() for c in python_components if c.kind == "library"),
            python_components[0].as_dict() if python_components else {},
        ),
        # version_source: git-tag: the version is read from the git tags at build time (setuptools-scm or
        # hatch-vcs), so no file holds it and no release-check compares the two.
        "version_from_git": bool(python_components) and answers.get("version_source") == "git-tag",
        # The folders holding the packages; "." for a package at the top (a flat layout, e.g. an adopted repository).
        "python_roots": sorted({c.parent or "." for c in python_components} or {"src"}),
        "lock_mode": lock_mode,
        "toolchains": toolchains.for_languages(languages, LANGUAGE_LABELS),
        "ruby_platforms": toolchains.ruby_platforms(os_targets, archs),
        "python_min": versions[0],
        "python_max": versions[-1],
        "python_versions": versions,
        "ci_runners": runners or ["ubuntu-24.04"],
        "os_names": dict(platforms.OS_NAMES),
        # Windows is a target: CI's test job runs it in Git Bash, the README says how to work there.
        "windows": "windows" in os_targets,
        "windows_runner": platforms.WINDOWS_RUNNER,
        "test_runner": runners[0] if runners else "ubuntu-24.04",
        "deploys": deploys,
        "test_folders": [scope for scope in ("integration",) if scope in scopes and python_components],
        "open_questions": [str(item) for item in answers.get("open_questions") or []],
        "todos": _todos(answers),
        "tool_versions": dict(inputs.tool_versions),
        "repo_review_waived": review.waived(level),
        "ci": ci.ci_facts(level, languages, runners or ["ubuntu-24.04"], versions),
        "container": container,
        "sql": sql_engines.sql_facts(
            str(answers.get("sql_dialect") or ""), str(answers.get("sql_engine_versions") or "")
        )
        if "sql" in languages
        else {},
        "platform_files": infra.platform_files(container),
        # Every variable the rendered code reads: .env.example, settings.py and the spec list these.
        "env_vars": runtime_env.variables(
            answers.get("config_vars"),
            str(answers.get("log_level") or "INFO"),
            str(answers.get("log_format") or ("text" if level == "experiment" else "json")),
            any(c.kind != "library" for c in python_components),
            # HOST and PORT: read by each application's server.py (rendered beside every application
            # component of a deployed project, whichever component the container runs).
            bool(container["enabled"]) and any(c.kind == "application" for c in python_components),
            infra.PORT,
        ),
        # `artifacts: binary` with C++ executables: make build packs them, the release builds them per runner.
        "binary_release": "binary" in (answers.get("artifacts") or [])
        and any(c.language == "cpp" and c.kind != "library" for c in components),
    }
    facts["files"] = files.switchboard(answers, facts)
    # The gates' figures: how many questions each phase asks, and which kept the recommended defaults; and
    # the questions this level does not ask that a higher one would.
    derived = Facts(
        facts,
        {
            "phase_sizes": lambda: asked.phase_sizes(level, derived, answers, inputs),
            "kept_defaults": lambda: asked.kept_defaults(level, derived, answers, inputs),
            "kept_keys": lambda: [name for names in derived["kept_defaults"].values() for name in names],
            "unasked": lambda: asked.unasked(level, _levels_of(key, inputs), answers, inputs),
            "unasked_keys": lambda: [name for names in derived["unasked"].values() for name in names],
        },
    )
    return derived


# A GitHub code owner: @user, @org/team or an email address.
CODE_OWNER = re.compile(
    r"^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?|[^@\s,;]+@[^@\s,;]+\.[A-Za-z]+)$"
)


def code_owners(owners: str) -> list[str]:
    """The ``owners`` answer's words that GitHub accepts in CODEOWNERS (handles, teams, emails)."""
    words = re.split(r"[\s,;()<>]+", owners)
    return [word for word in words if CODE_OWNER.match(word)]


def _todos(answers: dict[str, Any]) -> list[str]:
    """Answers left as "not decided yet": each becomes a TODO under Open Questions."""
    todo: list[str] = []
    if not str(answers.get("owners") or "").strip():
        todo.append("TODO: name the owners/contacts of this repository (answer `owners`).")
    if answers.get("deploy_provider") == "undecided":
        todo.append("TODO: decide where and how this project is deployed (answer `deploy_provider`).")
    if answers.get("regions") == "undecided":
        todo.append("TODO: choose deployment regions and a failover strategy (answer `regions`).")
    level = answers.get("quality_level") or "prototype"
    if level in LEVELS and at_least(level, "production") and not code_owners(str(answers.get("owners") or "")):
        todo.append(
            "TODO: name the code owners in `.github/CODEOWNERS` (GitHub handles, teams or emails; the "
            "`owners` answer has none), then require code-owner review in branch protection."
        )
    return todo
