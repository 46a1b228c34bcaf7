"""The quality-gate table: the one place that says what each quality level demands.

The spec doc, the README and the CI workflows are all rendered from :func:`gates_for`,
so they cannot disagree with each other or with this table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pyve_gen.levels import LEVELS, at_least


@dataclass(frozen=True)
class Gate:
    id: str
    title: str
    min_level: str
    requirement: str
    ci_job: str  # the CI job that enforces it; "" when it is a human or repo-settings gate


GATES: tuple[Gate, ...] = (
    Gate("smoke-test", "Smoke test", "experiment", "the test suite runs and passes", "test"),
    Gate("format", "Formatter", "experiment", "code is formatted by the language's formatter", "lint"),
    Gate("lint", "Linters", "prototype", "every language's linters pass with no finding", "lint"),
    Gate("unit-tests", "Unit tests", "prototype", "unit tests cover each component's entrypoints", "test"),
    Gate("ci", "Continuous integration", "prototype", "lint and tests run on every push and pull request", "test"),
    Gate("lock-fresh", "Fresh lockfiles", "prototype", "every lockfile matches its input file and is hashed", "lock"),
    Gate("type-check", "Type checking", "production", "mypy --strict passes on all Python code", "lint"),
    Gate("coverage", "Coverage floor", "production", "line coverage stays at or above the floor", "test"),
    Gate("os-matrix", "OS x Python matrix", "production", "tests run on every targeted OS and Python version", "test"),
    Gate("review", "Code review", "production", "every change is reviewed by a code owner", ""),
    Gate("tag-release", "Tag-driven release", "production", "releases are built by CI from a version tag", "release"),
    Gate("dependency-updates", "Dependency updates", "production", "a bot proposes dependency updates", ""),
    Gate(
        "dependency-audit",
        "Dependency audit",
        "secure",
        "pip-audit finds no known vulnerability in the locks",
        "security",
    ),
    Gate("sast", "Static security analysis", "secure", "bandit finds no issue at medium severity or above", "security"),
    Gate("secret-scan", "Secret scanning", "secure", "no secret is committed (scanner in CI)", "security"),
    Gate("sbom", "SBOM", "secure", "each release ships a CycloneDX SBOM", "release"),
    Gate("signing", "Signed releases", "secure", "release artifacts are signed with Sigstore", "release"),
    Gate(
        "least-privilege",
        "Least privilege",
        "secure",
        "workflows declare minimal permissions; actions pinned by commit",
        "",
    ),
    Gate("threat-model", "Threat model", "secure", "docs/security/threat_model.md is reviewed each release", ""),
)

COVERAGE_FLOOR: dict[str, int] = {"experiment": 0, "prototype": 0, "production": 80, "secure": 90}


CI_JOB_ORDER: tuple[str, ...] = ("lint", "test", "lock", "security", "release")


def ci_jobs(level: str) -> list[str]:
    """The CI jobs the level's gates need, in pipeline order."""
    needed = {gate.ci_job for gate in gates_for(level) if gate.ci_job}
    return [job for job in CI_JOB_ORDER if job in needed]


def gates_for(level: str) -> list[Gate]:
    """The gates a project at ``level`` must pass, in table order."""
    return [gate for gate in GATES if at_least(level, gate.min_level)]


def gate_ids(level: str) -> list[str]:
    return [gate.id for gate in gates_for(level)]


def gates_as_dicts(level: str) -> list[dict[str, str]]:
    return [asdict(gate) for gate in gates_for(level)]


def format_table(level: str | None = None) -> str:
    """A Markdown table of the gates, for one level or all levels."""
    levels = LEVELS if level is None else (level,)
    header = "| gate | " + " | ".join(levels) + " | requirement |"
    rule = "|---|" + "---|" * len(levels) + "---|"
    rows = [
        f"| {gate.id} | "
        + " | ".join("yes" if at_least(lvl, gate.min_level) else "-" for lvl in levels)
        + f" | {gate.requirement} |"
        for gate in GATES
        if level is None or at_least(level, gate.min_level)
    ]
    return "\n".join([header, rule, *rows])
