"""Pins of a hashed lock, and which of them a relock moved (a new version for a package it had)."""

from __future__ import annotations

import re

from pyve_gen.model.locks import normalize_name

PIN_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def version_sets(text: str) -> dict[str, set[str]]:
    """Each package's pinned versions (a universal lock may pin one per environment marker)."""
    pins: dict[str, set[str]] = {}
    for name, version in PIN_LINE.findall(text):
        pins.setdefault(normalize_name(name), set()).add(version)
    return pins


def moved(before: str, after: str) -> list[str]:
    """Packages pinned before and after at a version they were not pinned at before: what a relock
    upgraded or downgraded. Added packages and pins dropped for a narrower Python range do not count."""
    old, new = version_sets(before), version_sets(after)
    return sorted(
        f"{name} {'/'.join(sorted(old[name]))} -> {'/'.join(sorted(new[name]))}"
        for name in old.keys() & new.keys()
        if new[name] - old[name]
    )
