"""The quality-gate table: the one place that says what each quality level demands.

The spec doc, the README and the CI workflows are all rendered from :func:`gates_for`,
so they cannot disagree with each other or with this table. A gate enforced in CI names the
workflow job that enforces it (``ci_job``); ``tests/test_gates_ci.py`` checks every rendered
workflow against this table in both directions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .levels import LEVELS, at_least


@dataclass(frozen=True)
class Gate:
    id: str
    title: str
    min_level: str
    requirement: str
    ci_job: str  # the CI job that enforces it; "" when a person, a repo setting or a committed file does
    evidence: str  # what shows the gate is met: the command CI runs, or the file that must exist
    languages: tuple[str, ...] = ()  # the languages whose tools enforce it; () = every project


GATES: tuple[Gate, ...] = (
    Gate("smoke-test", "Smoke test", "experiment", "the test suite runs and passes", "test", "make test"),
    Gate("format", "Formatter", "experiment", "code is formatted by the language's formatter", "lint", "make lint"),
    Gate(
        "env-ignored",
        "Secrets stay local",
        "experiment",
        ".env is git-ignored; only .env.example (no secret values) is committed",
        "",
        ".gitignore, .env.example",
    ),
    Gate("lint", "Linters", "prototype", "every language's linters pass with no finding", "lint", "make lint"),
    Gate("unit-tests", "Unit tests", "prototype", "unit tests cover each component's entrypoints", "test", "make test"),
    Gate(
        "ci",
        "Continuous integration",
        "prototype",
        "lint and tests run on every push and pull request",
        "test",
        ".github/workflows/ci.yml",
    ),
    Gate(
        "lock-fresh",
        "Fresh lockfiles",
        "prototype",
        "every lockfile matches its input file and is hashed",
        "lock",
        "make lock-check",
    ),
    Gate(
        "type-check",
        "Type checking",
        "production",
        "mypy --strict passes on all Python code",
        "lint",
        "make lint",
        ("python",),
    ),
    Gate(
        "coverage",
        "Coverage floor",
        "production",
        "line coverage stays at or above the floor",
        "test",
        "make test",
        ("python", "cpp"),
    ),
    Gate(
        "os-matrix",
        "OS x Python matrix",
        "production",
        "tests run on every targeted OS, CPU architecture and Python version",
        "test",
        ".github/workflows/ci.yml",
    ),
    Gate(
        "workflow-audit",
        "Workflow security",
        "production",
        "zizmor finds no issue in the GitHub Actions workflows",
        "zizmor",
        ".github/workflows/ci.yml",
    ),
    Gate(
        "docs-site",
        "Documentation site",
        "production",
        "the documentation site (docs/, and an API reference from the Python code's docstrings) builds "
        "with no warning: a broken link or a missing object fails",
        "docs",
        "make docs",
    ),
    Gate(
        "review",
        "Code review",
        "production",
        "every change is reviewed by a code owner (with branch protection requiring code-owner review)",
        "",
        ".github/CODEOWNERS",
    ),
    Gate(
        "contributing",
        "Contribution guide",
        "production",
        "CONTRIBUTING.md says how to get a working copy, the gates a change passes and how it is merged; "
        "issues and pull requests start from templates",
        "",
        "CONTRIBUTING.md, .github/pull_request_template.md, .github/ISSUE_TEMPLATE/",
    ),
    Gate(
        "tag-release",
        "Release pipeline",
        "production",
        "release artifacts are built by CI (from a version tag when releases are tag-driven)",
        "build",
        ".github/workflows/release.yml",
    ),
    Gate(
        "dependency-updates",
        "Dependency updates",
        "production",
        "a bot proposes dependency and workflow action updates",
        "",
        ".github/dependabot.yml",
    ),
    Gate(
        "slos",
        "SLOs and on-call",
        "production",
        "service level objectives, their alerts, an on-call and a disaster-recovery runbook are written down",
        "",
        "docs/operations/slos.md, docs/operations/on_call.md, docs/operations/disaster_recovery.md",
    ),
    Gate(
        "dependency-audit",
        "Dependency audit",
        "production",
        "pip-audit finds no known vulnerability in the hashed locks (scheduled, and on every lock change)",
        "audit",
        "make audit",
    ),
    Gate(
        "sast",
        "Static security analysis",
        "secure",
        "bandit finds no issue at medium severity or above",
        "sast",
        "make sast",
    ),
    Gate(
        "secret-scan",
        "Secret scanning",
        "secure",
        "no secret is committed (scanner in CI and pre-commit)",
        "secret-scan",
        "make secret-scan",
    ),
    Gate("sbom", "SBOM", "secure", "each release ships a CycloneDX SBOM", "sbom", "make sbom"),
    Gate(
        "signing",
        "Signed releases",
        "secure",
        "release artifacts are signed (Sigstore keyless by default, or GPG)",
        "sign",
        ".github/workflows/release.yml",
    ),
    Gate(
        "security-policy",
        "Security policy",
        "secure",
        "SECURITY.md says how to report a vulnerability and which versions get fixes",
        "",
        "SECURITY.md",
    ),
    Gate(
        "least-privilege",
        "Least privilege",
        "secure",
        "workflows declare minimal permissions; actions pinned by commit",
        "",
        ".github/workflows/*.yml",
    ),
    Gate(
        "threat-model",
        "Threat model",
        "secure",
        "docs/security/threat_model.md is reviewed each release",
        "",
        "docs/security/threat_model.md",
    ),
)

# Workflow jobs that serve the gates without enforcing one themselves.
SUPPORT_JOBS: dict[str, str] = {
    "publish": "attaches the built (and signed) artifacts to a GitHub release",
    "pypi": "publishes the wheel and sdist to PyPI by trusted publishing, with attestations (answer pypi_publish)",
    "image": "builds the container image, scans it with Trivy and pushes it to ghcr.io (signed at secure; answer artifacts)",
    "pages": "deploys the documentation site the docs job built to GitHub Pages (pushes to main, "
    "once the repository variable PAGES_DEPLOY is true)",
    "update": "opens a pull request with the Pyve template's policy changes (template-update.yml)",
}

COVERAGE_FLOOR: dict[str, int] = {"experiment": 0, "prototype": 0, "production": 80, "secure": 90}


CI_JOB_ORDER: tuple[str, ...] = (
    "lint",
    "test",
    "lock",
    "zizmor",
    "docs",
    "audit",
    "sast",
    "secret-scan",
    "build",
    "sbom",
    "sign",
)


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


def language_notes(level: str, languages: list[str], labels: dict[str, str]) -> dict[str, str]:
    """What the table says of a gate whose tools cover only some of the project's languages."""
    notes: dict[str, str] = {}
    for gate in gates_for(level):
        if not gate.languages:
            continue
        covered = [labels[lang] for lang in gate.languages if lang in languages]
        others = [labels[lang] for lang in languages if lang not in gate.languages]
        if not covered:
            notes[gate.id] = "does not apply: no " + " or ".join(labels[lang] for lang in gate.languages) + " code"
        elif others:
            notes[gate.id] = f"{', '.join(covered)} code only (not enforced for {', '.join(others)})"
    return notes


def format_table(level: str | None = None) -> str:
    """A Markdown table of the gates, for one level or all levels."""
    levels = LEVELS if level is None else (level,)
    header = "| gate | " + " | ".join(levels) + " | requirement | enforced by |"
    rule = "|---|" + "---|" * len(levels) + "---|---|"
    rows = [
        f"| {gate.id} | "
        + " | ".join("yes" if at_least(lvl, gate.min_level) else "-" for lvl in levels)
        + f" | {gate.requirement} | `{gate.evidence}` |"
        for gate in GATES
        if level is None or at_least(level, gate.min_level)
    ]
    return "\n".join([header, rule, *rows])
