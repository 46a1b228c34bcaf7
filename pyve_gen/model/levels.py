"""Quality levels, in rising order of rigor."""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("experiment", "prototype", "production", "secure")

# When to choose each level: the decision rule the questionnaire and the decisions log quote.
DECISION_RULE: dict[str, str] = {
    "experiment": "solo work that may be thrown away",
    "prototype": "validating an idea or a user experience with a small team",
    "production": "real users or uptime promises",
    "secure": "compliance or audit needs",
}

# What each level puts first (the codebase specification's Quality guidance).
GUIDANCE: dict[str, str] = {
    "experiment": "speed over rigor; minimal tests; throwaway acceptable",
    "prototype": "validate function/UX; basic error handling; smoke tests",
    "production": "reliability, observability, CI/CD, SLOs, on-call readiness",
    "secure": "threat modeling, hardening, least-privilege, audits/compliance",
}


RULE_WIDTH = max(len(rule) for rule in DECISION_RULE.values())


def level_rule(level: str) -> str:
    """``{{ 'secure' | pyve_level_rule }}``: the decision rule of ``level``, padded to align the quality_level help."""
    return DECISION_RULE[level].ljust(RULE_WIDTH)


def rank(level: str) -> int:
    """Position of ``level`` in :data:`LEVELS`; unknown levels raise ``ValueError``."""
    try:
        return LEVELS.index(level)
    except ValueError:
        allowed = ", ".join(LEVELS)
        raise ValueError(f"unknown quality level {level!r}; allowed: {allowed}") from None


def at_least(level: str, floor: str) -> bool:
    """True when ``level`` is ``floor`` or stricter."""
    return rank(level) >= rank(floor)


def by_level(level: str, table: dict[str, object] | None = None, **steps: object) -> object:
    """The default a question takes at ``level``: the step of the highest level at or below it.

    ``{{ quality_level | pyve_by_level(experiment='manual', production='tag-driven') }}`` in copier.yml is the
    one marker of a level-dependent default (``pyve-gen update`` and the docs generator look for it); a
    level outside :data:`LEVELS` (an answer Copier has not checked yet) counts as ``prototype``.
    """
    steps = {**(table or {}), **steps}
    unknown = sorted(set(steps) - set(LEVELS))
    if unknown or LEVELS[0] not in steps:
        raise ValueError(f"by_level needs a value for {LEVELS[0]} and levels among {', '.join(LEVELS)}; got {unknown}")
    position = LEVELS.index(level) if level in LEVELS else LEVELS.index("prototype")
    return next(steps[name] for name in reversed(LEVELS[: position + 1]) if name in steps)
