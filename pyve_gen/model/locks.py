"""The dev-tool lock the template ships: the one source of truth of the tools' versions.

Templates that need a tool's version (pre-commit hooks, CI steps) read it from here, through the
``pyve.tool_versions`` fact, instead of keeping a second copy that could drift from the lock.
The lock itself is made by ``scripts/relock-template.sh`` (the rendered ``./pyve.sh --lock`` with uv).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TEMPLATE_DEV_LOCK = Path(__file__).resolve().parents[2] / "template" / "requirements-dev.txt"

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?P<marker>;[^\\]*)?")


def normalize_name(name: str) -> str:
    """PEP 503 normalized project name (``Typing_Extensions`` -> ``typing-extensions``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_versions(lock_text: str) -> dict[str, str]:
    """name -> version of each package pinned in a pip-tools/uv lock.

    A package pinned twice under environment markers (a universal lock) reports its unconditional pin
    when there is one, else the last one (the pin for the newest Pythons).
    """
    versions: dict[str, str] = {}
    unconditional: set[str] = set()
    for line in lock_text.splitlines():
        match = _PIN.match(line)
        if not match:
            continue
        name = normalize_name(match["name"])
        if name in unconditional:
            continue
        versions[name] = match["version"]
        if not match["marker"]:
            unconditional.add(name)
    return versions


@lru_cache(maxsize=4)
def dev_tool_versions(lock: Path = TEMPLATE_DEV_LOCK) -> dict[str, str]:
    """The versions in the template's dev lock ({} when the template folder is not alongside)."""
    try:
        return pinned_versions(lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
