"""Facts derived from the answers, computed once per answer set and shared by every template."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pyve_gen import ci, gates, infra
from pyve_gen.components import LANGUAGES, normalize_all
from pyve_gen.levels import at_least, rank

# Answers the facts depend on; the cache key is made of these alone.
INPUT_KEYS: tuple[str, ...] = (
    "quality_level",
    "components",
    "python_versions",
    "os_targets",
    "cpu_archs",
    "deploy_provider",
    "ci_provider",
    "owners",
    "regions",
    "open_questions",
    "coverage_floor",
    "container_runtime",
    "base_image",
)

RUNNERS: dict[tuple[str, str], str] = {
    ("linux", "x86_64"): "ubuntu-24.04",
    ("linux", "arm64"): "ubuntu-24.04-arm",
    ("macos", "x86_64"): "macos-15-intel",
    ("macos", "arm64"): "macos-15",
}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def derive(answers: dict[str, Any]) -> dict[str, Any]:
    """Derived facts for ``answers`` (a mapping with at least the keys in :data:`INPUT_KEYS`)."""
    key = json.dumps({k: answers.get(k) for k in INPUT_KEYS}, sort_keys=True, default=str)
    return _derive_cached(key)


@lru_cache(maxsize=64)
def _derive_cached(key: str) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(key)
    level = answers.get("quality_level") or "prototype"
    components = normalize_all(answers.get("components"))
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
    runners = [
        RUNNERS[(os_name, arch)]
        for os_name in ("linux", "macos")
        if os_name in os_targets
        for arch in ("x86_64", "arm64")
        if arch in archs
    ]
    floor = answers.get("coverage_floor")
    coverage_floor = (
        int(floor) if isinstance(floor, (int, str)) and str(floor).isdigit() else gates.COVERAGE_FLOOR[level]
    )
    facts: dict[str, Any] = {
        "level_rank": rank(level),
        "is_prototype": at_least(level, "prototype"),
        "is_production": at_least(level, "production"),
        "is_secure": at_least(level, "secure"),
        "gates": gates.gates_as_dicts(level),
        "gate_ids": gates.gate_ids(level),
        "coverage_floor": coverage_floor,
        "components": [c.as_dict() for c in components],
        "languages": languages,
        "by_language": {lang: [c.as_dict() for c in components if c.language == lang] for lang in languages},
        "python_components": [c.as_dict() for c in python_components],
        "python_modules": [c.module for c in python_components],
        "python_roots": sorted({c.parent for c in python_components if c.parent} or {"src"}),
        "lock_mode": lock_mode,
        "python_min": versions[0],
        "python_max": versions[-1],
        "python_versions": versions,
        "ci_runners": runners or ["ubuntu-24.04"],
        "test_runner": runners[0] if runners else "ubuntu-24.04",
        "deploys": answers.get("deploy_provider") not in (None, "", "none", "undecided"),
        "open_questions": _open_questions(answers),
        "ci": ci.ci_facts(level, languages, runners or ["ubuntu-24.04"], versions),
        "container": infra.container_facts(answers, [c.as_dict() for c in python_components], versions[0]),
    }
    return facts


def _open_questions(answers: dict[str, Any]) -> list[str]:
    todo: list[str] = [str(item) for item in answers.get("open_questions") or []]
    if not str(answers.get("owners") or "").strip():
        todo.append("TODO: name the owners/contacts of this repository (answer `owners`).")
    if answers.get("deploy_provider") == "undecided":
        todo.append("TODO: decide where and how this project is deployed (answer `deploy_provider`).")
    if answers.get("regions") == "undecided":
        todo.append("TODO: choose deployment regions and a failover strategy (answer `regions`).")
    return todo
