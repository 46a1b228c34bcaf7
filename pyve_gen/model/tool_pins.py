"""The versions of the development tools an adopted repository names (the answer ``adopt_tools``, set by
`pyve-gen adopt`), rendered into the dev input in place of the template's pins.

The dev lock is the one lock of the venv that holds ruff, mypy, pytest and codespell, and its input pins each
exactly: a constraint from another lock cannot move such a pin, so the repository's version has to be the pin
itself, or the two would make one set that cannot be installed. Where the repository's version is older than the
oldest one the template's own files and Makefile run under (``FLOORS``), the floor is pinned and says so.

The build backends the dev input carries for the template's own pyproject.toml (setuptools, wheel, hatchling,
setuptools-scm, hatch-vcs) give way the same way: where the adopted repository's ``[build-system] requires`` name
any of them (``adopt_tools['build-system']``), the dev input carries its requirements for those and none of the
others. Its pyproject.toml is its own and requirements-adopted.in is its build lock; python-dateutil's
``setuptools_scm<8.0`` beside the template's ``hatch-vcs>=0.4`` (which needs setuptools-scm 8) cannot be locked.
"""

from __future__ import annotations

import re
from typing import Any

# What the template's gates need of each tool: `ruff format` (0.1.2); pytest-cov's `pytest>=7`; codespell run
# as `python -m codespell_lib` (2.2.0); mypy's current options.
FLOORS: dict[str, tuple[int, ...]] = {"ruff": (0, 1, 2), "pytest": (7, 0), "codespell": (2, 2, 0), "mypy": (1, 0)}
TOOLS = tuple(FLOORS)
VERSION = re.compile(r"\d+(\.\d+){0,3}((a|b|rc)\d+)?(\.post\d+)?")
_LINE = re.compile(r"^(?P<name>[a-z][a-z0-9-]*)==(?P<version>\S+)$")
BACKENDS = ("setuptools", "wheel", "hatchling", "setuptools-scm", "hatch-vcs")
BUILD = "build-system"
_BACKEND_LINE = re.compile(r"^(?P<name>[a-z][a-z0-9-]*)(?P<spec>[<>=!~][^\s]*)?$")
# A requirement as a [build-system] requires entry writes it: a name, version bounds, a marker; no option, no URL.
REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9,._ -]*\])?\s*(?P<spec>(?:[<>=!~]=?\s*[0-9][0-9A-Za-z.*+!]*\s*,?\s*)*)"
    r"(?:;\s*[A-Za-z0-9_ .'\"<>=!()]+)?$"
)


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def build_requirements(value: Any) -> list[tuple[str, str]]:
    """(normalized name, requirement) of each usable ``adopt_tools['build-system']`` entry."""
    listed = value.get(BUILD) if isinstance(value, dict) else None
    found = []
    for item in listed if isinstance(listed, list) else []:
        text = item.strip() if isinstance(item, str) else ""
        match = REQUIREMENT.match(text) if "\n" not in text else None
        if match:
            found.append((normalized(match["name"]), text))
    return found


def backend(line: str, adopted: Any) -> str:
    """A build backend line of the dev input: the template's, or the adopted repository's own requirements for that
    backend, or a comment where its [build-system] names other backends only."""
    match = _BACKEND_LINE.match(line.strip())
    theirs = build_requirements(adopted)
    if not match or not any(name in BACKENDS for name, _ in theirs):
        return line
    own = [text for name, text in theirs if name == match["name"]]
    if own:
        return "\n".join(f"{text}  # the adopted repository's [build-system] requires (adopt_tools)" for text in own)
    return f"# {line}: not here; the adopted repository's [build-system] requires name its backends"


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
        if name in TOOLS and isinstance(version, (str, int, float)) and VERSION.fullmatch(str(version))
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
