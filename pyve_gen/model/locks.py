"""The dev-tool lock the template ships: the one source of truth of the tools' versions.

Templates that need a tool's version (pre-commit hooks, CI steps) read it from the lock's text (which the
caller reads and hands in), through the ``pyve.tool_versions`` fact, instead of keeping a second copy that could drift from the lock.
The lock itself is made by ``scripts/relock-template.sh`` (the rendered ``./pyve.sh --lock`` with uv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

# name[extras] == version ; marker  (a pip-compile / uv pin line; continuation backslash and hashes follow)
_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;\\]+)\s*(?P<marker>;[^\\]*)?"
)


def normalize_name(name: str) -> str:
    """PEP 503 normalized project name (``Typing_Extensions`` -> ``typing-extensions``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Pin:
    name: str  # normalized
    version: str  # "" for a URL or an unpinned line
    hashed: bool = False
    conditional: bool = False  # pinned under an environment marker
    sources: set[str] = field(default_factory=set)  # input files named in its "# via -r X" lines


def parse_lock(text: str) -> dict[str, Pin]:
    """Pins of a pip-compile / uv lockfile by normalized name, with their hashes and sources.

    A package pinned twice under environment markers (a universal lock) reports its unconditional pin
    when there is one, else the last one (the pin for the newest Pythons).
    """
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            via = re.search(r"-r\s+(\S+)", line)
            if current is not None and via:
                current.sources.add(PurePath(via.group(1)).name)
            elif current is not None and "(pyproject.toml)" in line:
                current.sources.add("pyproject.toml")
            continue
        if line.startswith("--hash="):
            if current is not None:
                current.hashed = True
            continue
        if line.startswith("-"):
            continue  # pip options such as --index-url
        match = _PIN.match(line)
        if match:
            current = Pin(normalize_name(match["name"]), match["version"], "--hash=" in line, bool(match["marker"]))
        else:
            current = Pin(line.split()[0], "", "--hash=" in line)  # a URL or an unpinned line
        kept = pins.get(current.name)
        if kept is None or kept.conditional:
            pins[current.name] = current
    return pins


def pinned_versions(lock_text: str) -> dict[str, str]:
    """name -> version of each package pinned in a pip-tools/uv lock (see :func:`parse_lock`)."""
    return {name: pin.version for name, pin in parse_lock(lock_text).items() if pin.version}
