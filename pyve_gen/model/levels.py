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
