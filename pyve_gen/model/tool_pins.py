"""The versions of the development tools an adopted repository names (the answer ``adopt_tools``, set by
`pyve-gen adopt`), rendered into the dev input in place of the template's pins.

The dev lock is the one lock of the venv that holds ruff, mypy, pytest and codespell, and its input pins each
exactly: a constraint from another lock cannot move such a pin, so the repository's version has to be the pin
itself, or the two would make one set that cannot be installed. Where the repository's version is older than the
oldest one the template's own files and Makefile run under (``FLOORS``), the floor is pinned and says so.
"""

from __future__ import annotations

import re
from typing import Any

# What the template's gates need of each tool: `ruff format` (0.1.2); pytest-cov's `pytest>=7`; codespell run
# as `python -m codespell_lib` (2.2.0); mypy's current options.
FLOORS: dict[str, tuple[int, ...]] = {"ruff": (0, 1, 2), "pytest": (7, 0), "codespell": (2, 2, 0), "mypy": (1, 0)}
TOOLS = tuple(FLOORS)
VERSION = re.compile(r"^\d+(\.\d+){0,3}((a|b|rc)\d+)?(\.post\d+)?$")
_LINE = re.compile(r"^(?P<name>[a-z][a-z0-9-]*)==(?P<version>\S+)$")


def version_key(version: str) -> tuple[int, ...]:
    """The release numbers of a version (``0.5.6`` -> (0, 5, 6)); pre- and post-release parts are ignored."""
    release = re.match(r"\d+(\.\d+)*", version)
    return tuple(int(part) for part in release.group(0).split(".")) if release else ()


def valid(value: Any) -> dict[str, str]:
    """The usable entries of an ``adopt_tools`` answer: a known tool mapped to a plain version, nothing else."""
    if not isinstance(value, dict):
        return {}
    return {
        name: str(version)
        for name, version in value.items()
        if name in TOOLS and isinstance(version, (str, int, float)) and VERSION.match(str(version))
    }


def pinned(line: str, adopted: Any) -> str:
    """``name==version`` as the template pins it, or as the adopted repository does (``adopt_tools``), raised to
    the tool's floor where older, with a comment saying which."""
    match = _LINE.match(line.strip())
    if not match:
        return line
    name = match["name"]
    theirs = valid(adopted).get(name)
    if theirs is None:
        return line
    floor = ".".join(str(part) for part in FLOORS[name])
    if version_key(theirs) < FLOORS[name]:
        return f"{name}=={floor}  # yours is {theirs} (adopt_tools); {floor} is the oldest the template's gates run"
    return f"{name}=={theirs}  # the adopted repository's version (adopt_tools); the template's is {match['version']}"
