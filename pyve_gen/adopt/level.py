"""The quality level an existing repository already lives up to, from the gates it meets, with the reason.

Gate names are those of the gate table (:mod:`pyve_gen.model.gates`): `secure` needs two or more secure gates on
top of three production ones; `production` three or more production gates; `prototype` CI running tests or
linters; anything less is `experiment`.
"""

from __future__ import annotations

from typing import Any

from pyve_gen.adopt import ci, evidence, tooling
from pyve_gen.adopt.evidence import Clue
from pyve_gen.model.gates import GATES
from pyve_gen.project import Project

LINTERS = {"ruff", "flake8", "pylint", "shellcheck", "clang-tidy", "rubocop", "sqlfluff"}
PRODUCTION_MINIMUM, SECURE_MINIMUM = 3, 2


def production_gates(repo: Project, answers: dict[str, Any]) -> list[str]:
    """The production gates the repository meets (ids of the gate table)."""
    found = {
        "type-check": tooling.mypy_strict(repo),
        "coverage": Clue(True, "coverage floor") if answers.get("coverage_floor") else None,
        "os-matrix": Clue(True, "CI on Linux and macOS") if len(answers.get("os_targets", [])) > 1 else None,
        "tag-release": ci.tag_release(repo),
        "dependency-updates": ci.dependency_bot(repo),
        "review": evidence.codeowners(repo),
    }
    known = {gate.id for gate in GATES if gate.min_level == "production"}
    assert set(found) <= known, set(found) - known
    return [gate for gate, clue in found.items() if clue]


def propose_level(
    repo: Project, answers: dict[str, Any], runners: set[str], tools: set[str], security: list[str]
) -> tuple[str, str]:
    """(level, reason) from the proposed ``answers``, the test runners, linters and security gates found."""
    table = {gate.id: gate.min_level for gate in GATES}
    production = production_gates(repo, answers)
    production += [gate for gate in security if table.get(gate) == "production" and gate not in production]
    secure = [gate for gate in security if table.get(gate) == "secure"]
    has_ci = bool(repo.workflows) or any(repo.exists(name) for name in ci.OTHER_CI)
    linters = sorted(tools & LINTERS)
    basics = [
        *([f"tests ({', '.join(sorted(runners))})"] if runners else []),
        *([f"linters ({', '.join(linters)})"] if linters else []),
        *(["CI"] if has_ci else []),
    ]
    if len(secure) >= SECURE_MINIMUM and len(production) >= PRODUCTION_MINIMUM:
        return "secure", f"secure gates found: {', '.join(secure)}; production gates: {', '.join(production)}"
    if len(production) >= PRODUCTION_MINIMUM:
        return "production", f"production gates found: {', '.join(production)} ({PRODUCTION_MINIMUM} or more)"
    if has_ci and (runners or linters):
        found = ", ".join(production) or "none"
        return (
            "prototype",
            f"found {', '.join(basics)}; production gates found: {found} (it needs {PRODUCTION_MINIMUM})",
        )
    found = ", ".join(basics) or "no tests, linters or CI"
    return "experiment", f"found {found}: the prototype level needs CI with tests or linters"
