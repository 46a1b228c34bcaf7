"""Quality levels, in rising order of rigor."""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("experiment", "prototype", "production", "secure")


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


# The seed specification's guidance per level, and the rule for choosing one.
GUIDANCE: dict[str, str] = {
    "experiment": "speed over rigor; minimal tests; throwaway acceptable.",
    "prototype": "validate function/UX; basic error handling; smoke tests.",
    "production": "reliability, observability, CI/CD, SLOs, on-call readiness.",
    "secure": "threat modeling, hardening, least-privilege, audits/compliance.",
}

WHEN_TO_CHOOSE: dict[str, str] = {
    "experiment": "a solo, throwaway exploration",
    "prototype": "validating an idea with a small team",
    "production": "real users or uptime promises",
    "secure": "compliance or audit needs",
}
