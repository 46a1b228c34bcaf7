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
