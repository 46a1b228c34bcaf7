"""Lockfiles of a rendered project: which exist, whether they are hashed and fresh (offline, no resolver).

"Fresh" here is the cheap, offline half of `pip-compile --dry-run`: every requirement of the input
file is pinned in the lock at a version its specifier allows, and every pin the lock says came
from the input file is still asked for there. A full re-resolve needs the network and is the job
of `./pyve.sh --lock` and of CI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pyve_gen import userfiles
from pyve_gen.model.locks import Pin, normalize_name

# Lock pairs per `pyve.lock_mode`: (input, lock). The lib lock is compiled from pyproject.toml.
DEV_PAIR = ("requirements-dev.in", "requirements-dev.txt")
PAIRS_BY_MODE: dict[str, tuple[tuple[str, str], ...]] = {
    "app": (("requirements.in", "requirements.txt"), DEV_PAIR),
    "lib": (("pyproject.toml", "constraints.txt"), DEV_PAIR),
    "": (),
}


# name[extras] specifier ; marker -- parsed by hand: packaging.requirements (and its marker
# grammar) would double the start-up time of `pyve-gen check`.
def lock_pairs(root: Path, mode: str) -> list[tuple[str, str]]:
    """(input, lock) pairs of a project: those of its lock mode, plus any other `X.in` at the root
    with its `X.txt` (e.g. a secure project's requirements-security.in)."""
    pairs = list(PAIRS_BY_MODE[mode])
    known = {source for source, _ in pairs}
    for source in sorted(root.glob("*.in")):
        if source.name not in known and source.with_suffix(".txt").is_file():
            pairs.append((source.name, source.with_suffix(".txt").name))
    return pairs


_REQUIREMENT_RE = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>[^;@]*?)\s*(?:;\s*(?P<marker>.+))?$"
)


@dataclass(frozen=True)
class Requirement:
    name: str  # canonical
    specifier: SpecifierSet
    conditional: bool  # has an environment marker: it may rightly be absent from a lock


def parse_requirement(line: str) -> Requirement | None:
    match = _REQUIREMENT_RE.match(line.strip())
    if not match:
        return None
    try:
        specifier = SpecifierSet(match.group("spec").replace(" ", "").strip("()"))
    except InvalidSpecifier:
        return None
    return Requirement(normalize_name(match.group("name")), specifier, bool(match.group("marker")))


def parse_inputs(text: str) -> list[Requirement]:
    """Requirements of a requirements .in file (options, -r/-c includes and comments skipped)."""
    requirements = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement = parse_requirement(line)
        if requirement is not None:
            requirements.append(requirement)
    return requirements


def pyproject_dependencies(text: str) -> list[Requirement]:
    """`[project] dependencies` of a pyproject.toml."""
    data = userfiles.load_toml(text, "pyproject.toml")
    project = data.get("project", {})
    deps = project.get("dependencies", []) if isinstance(project, dict) else []
    if not isinstance(deps, list) or not all(isinstance(dep, str) for dep in deps):
        raise ValueError("pyproject.toml: [project] dependencies is not a list of requirement strings")
    return [req for req in map(parse_requirement, deps) if req is not None]


def unhashed(pins: dict[str, Pin]) -> list[str]:
    return sorted(pin.name for pin in pins.values() if not pin.hashed)


def staleness(source_name: str, requirements: list[Requirement], pins: dict[str, Pin]) -> list[str]:
    """Reasons the lock no longer matches its input (empty when fresh)."""
    problems: list[str] = []
    wanted = {req.name: req for req in requirements}
    for name, req in wanted.items():
        pin = pins.get(name)
        if pin is None:
            if not req.conditional:
                problems.append(f"{name} is not pinned")
        elif pin.version and req.specifier and not req.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{name}=={pin.version} does not satisfy {req.specifier}")
    for pin in pins.values():
        if source_name in pin.sources and pin.name not in wanted:
            problems.append(f"{pin.name} is pinned but no longer in {source_name}")
    return problems


def read_requirements(path: Path) -> list[Requirement]:
    text = userfiles.read_text(path)  # ValueError (UserFileError) when refused
    return pyproject_dependencies(text) if path.name == "pyproject.toml" else parse_inputs(text)
