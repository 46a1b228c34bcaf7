"""Where a rendered Python project deliberately departs from sp-repo-review, the field's checker.

One table, three readers: the rendered ``pyproject.toml`` (``[tool.repo-review] ignore``, with each
reason, for the waived checks), ``docs/quality_levels.md`` (``scripts/docs_gen.py``) and
``tests/test_repo_review.py``, which runs ``sp-repo-review`` on renders of every level and requires
its failures and skips to be exactly the ones listed here: a check that starts failing, or a listed
failure that gets fixed, fails the test until this table says so.

- **waived**: the check asks for something Pyve does another way on purpose. The rendered project says
  so itself in ``[tool.repo-review] ignore``, so ``sp-repo-review`` shows the check skipped with the reason
  (all are pre-commit checks: rendered only with the pre-commit hooks, ``lint_enforcement: pre-commit``).
- **fails**: the check fails in the render and is left failing, a deliberate choice of the template
  or of the level (at most three per level from production up).
"""

from __future__ import annotations

from dataclasses import dataclass

from .levels import LEVELS

BELOW_PRODUCTION: tuple[str, ...] = ("experiment", "prototype")

# The checks that expect a hook from a remote pre-commit repository or a pre-commit.ci setting.
LOCAL_HOOKS_REASON = (
    "pre-commit hooks are `repo: local` hooks run from the hashed dev lock, so they work offline and "
    "pin one version per tool; the hygiene hooks come from the locked pre-commit-hooks package"
)
REMOTE_HOOK_CHECKS: dict[str, str] = {
    "PC100": "pre-commit-hooks",
    "PC110": "ruff-format",
    "PC140": "a type checker (mypy)",
    "PC160": "a spell checker; codespell runs as the local hook `lint-spelling`, `make lint-spelling`, from prototype up",
    "PC170": "pygrep hooks (for reStructuredText, which Pyve does not render)",
    "PC190": "ruff",
}
PRE_COMMIT_CI_CHECKS: dict[str, str] = {
    "PC901": "update message",
    "PC902": "autofix message",
    "PC903": "schedule",
}


@dataclass(frozen=True)
class Deviation:
    check: str  # the sp-repo-review check id
    levels: tuple[str, ...]  # the quality levels where it applies
    outcome: str  # "waived" (skipped by the rendered config) or "fails"
    reason: str


# Checks waived for a reason of their own (not the local hooks).
OWN_REASONS: dict[str, str] = {
    "PC180": (
        "no Markdown formatter: the Markdown under docs/ is rendered by the template and refreshed by "
        "`copier update`; a formatter's rewrites of it would turn each template update into merge conflicts"
    ),
}


def _remote_hooks() -> list[Deviation]:
    hooks = [
        Deviation(check, LEVELS, "waived", f"{LOCAL_HOOKS_REASON} (the check asks for a remote repo of {what})")
        for check, what in REMOTE_HOOK_CHECKS.items()
    ]
    ci = [
        Deviation(
            check,
            LEVELS,
            "waived",
            f"pre-commit.ci {what}: pre-commit.ci cannot run `language: system` hooks; CI runs the same "
            "make targets instead, and Dependabot updates the locks the hooks run from",
        )
        for check, what in PRE_COMMIT_CI_CHECKS.items()
    ]
    own = [Deviation(check, LEVELS, "waived", reason) for check, reason in OWN_REASONS.items()]
    return hooks + own + ci


DEVIATIONS: tuple[Deviation, ...] = (
    *_remote_hooks(),
    Deviation(
        "PY007",
        LEVELS,
        "fails",
        "the task runner is make (`make lint`, `make test`, `make build`): one entry point for every language "
        "of the project, the targets CI calls; nox or tox would be a second runner for the Python part alone",
    ),
    Deviation(
        "PY006",
        ("experiment",),
        "fails",
        "no pre-commit hooks for throwaway work: `lint_enforcement` defaults to ci-only at experiment",
    ),
    Deviation(
        "GH100",
        ("experiment",),
        "fails",
        "no CI at experiment (`ci_provider` defaults to none); CI starts at prototype (the `ci` gate)",
    ),
    Deviation(
        "RF101",
        ("experiment",),
        "fails",
        "experiment lints with ruff's E and F rules only; bugbear and the wider rule set start at prototype",
    ),
    Deviation(
        "MY101",
        BELOW_PRODUCTION,
        "fails",
        "mypy `strict` starts at production (the `type-check` gate); below it mypy checks untyped function bodies",
    ),
    Deviation(
        "GH200",
        ("prototype",),
        "fails",
        "Dependabot starts at production (the `dependency-updates` gate)",
    ),
    Deviation(
        "SEC001",
        ("prototype",),
        "fails",
        "zizmor audits the workflows in CI from production up (the `workflow-audit` gate)",
    ),
)


def deviations(level: str) -> list[Deviation]:
    """The deviations that apply at ``level``, in table order."""
    return [item for item in DEVIATIONS if level in item.levels]


def waived(level: str) -> dict[str, str]:
    """check id -> reason, for the rendered ``[tool.repo-review] ignore`` table."""
    return {item.check: item.reason for item in deviations(level) if item.outcome == "waived"}


def expected_failures(level: str) -> dict[str, str]:
    """check id -> reason: what ``sp-repo-review`` still reports as failed at ``level``."""
    return {item.check: item.reason for item in deviations(level) if item.outcome == "fails"}


# The gate tests/test_repo_review.py holds every level from production up to.
MAX_FAILURES_FROM_PRODUCTION = 3
