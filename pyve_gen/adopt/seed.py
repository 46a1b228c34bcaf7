"""The exact versions a repository pins for its tests, carried to its first lock as preferences.

requirements-adopted.in holds names (:mod:`.needs`): an ``==`` pin there would make ``./pyve.sh --lock`` fail
wherever it cannot hold for every supported Python or against the locks before it. Their pins go instead into
requirements-adopted.txt, unhashed, under the checker's ``SEED_MARKER``: uv pip compile and pip-compile both prefer
the versions an existing output file pins, so the first ``--lock`` keeps each where it fits and moves only what
conflicts (the locks before it win: ``-c requirements-dev.txt``), then writes the hashed lock over it. Until then
the lock check calls it "not locked yet" and ``./pyve.sh --init`` skips it with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyve_gen.adopt.needs import Need, under_sources
from pyve_gen.adopt.tooling import LOCK_FILES  # [[package]] tables: name, then version
from pyve_gen.lock_set import ADOPTED_LOCK, checker
from pyve_gen.project import Project

LOCK = ADOPTED_LOCK

# The locks compiled before requirements-adopted.txt (pyve.sh's lock_pairs), each holding it with -c.
EARLIER_LOCKS = ("requirements.txt", "constraints.txt", "requirements-bootstrap.txt", "requirements-dev.txt")
DEV_INPUT = "requirements-dev.in"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)", re.M)
YOUR_LOCK = " (your lock)"  # the header of the pins read from one of the repository's locks
TOML_LOCK = re.compile(r'^name = "([A-Za-z0-9][A-Za-z0-9._-]*)"\s*\nversion = "([A-Za-z0-9][A-Za-z0-9.+!_-]*)"', re.M)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def marker() -> str:
    return str(checker().SEED_MARKER)


def their_locks(repo: Project, found: list[Need]) -> dict[str, list[str]]:
    """The pins of the locks the repository keeps (file -> ``name==version`` lines): the pip-compile lock of each
    input ``found`` was read from (``requirements/tests.txt`` beside its ``.in``), then uv.lock, poetry.lock and
    pdm.lock. A lock holds the versions its tests ran with, transitive ones too (urllib3 2.2.3 pins Quart 0.19.4 and
    no Flask: Flask 3.1, newer than that Quart, breaks it), so they are preferences as well."""
    found_locks: dict[str, list[str]] = {}
    inputs = [need.source for need in found if need.source.endswith(".in")]
    for name in dict.fromkeys(source.removesuffix(".in") + ".txt" for source in inputs):
        text = repo.read(name) or ""
        pins = [f"{package}=={version}" for package, version in PIN.findall(text)]
        if pins:
            found_locks[name] = pins
    for name in LOCK_FILES:
        text = repo.read(name) or ""
        pins = [f"{package}=={version}" for package, version in TOML_LOCK.findall(text)]
        if pins:
            found_locks[name] = pins
    return found_locks


def seed_file(found: list[Need], repo: Project | None = None) -> str:
    """The seeded requirements-adopted.txt: each exact pin of ``found`` under where it was read, then the pins of
    the repository's own locks (:func:`their_locks`) ("" when there is none)."""
    pinned = [need for need in found if need.pin]
    locks = their_locks(repo, found) if repo is not None else {}
    if not pinned and not locks:
        return ""
    lines = [
        f"{marker()}: the versions this repository pins for its tests, read where it declares them.",
        "# Not a lock yet (no hashes): ./pyve.sh --lock keeps each pin where it fits the locks before this one",
        "# (requirements-dev.txt wins where both pin a package), then writes the hashed lock here.",
    ]
    lines += under_sources([(need.source, need.pin) for need in pinned])
    seen = {canonical(package) for package in _pins("\n".join(lines))}
    for name, pins in locks.items():  # one version each: the first (a universal lock may pin two, under markers)
        fresh = []
        for pin in pins:
            if (package := canonical(pin.split("==", 1)[0])) not in seen:
                seen.add(package)
                fresh.append(pin)
        lines += [f"# {name}{YOUR_LOCK}", *fresh] if fresh else []
    return "\n".join(lines) + "\n"


def _pins(text: str) -> dict[str, list[str]]:
    """package -> the versions ``text`` pins it at (a universal lock may pin two, under markers)."""
    found: dict[str, list[str]] = {}
    for name, version in PIN.findall(text):
        found.setdefault(canonical(name), []).append(version)
    return found


Earlier = dict[str, tuple[list[str], str]]  # package -> (its versions, the file that pins it)


def earlier_pins(root: Path, rendered: Path) -> Earlier:
    """What the locks compiled before the adopted one pin, as adopting leaves them (the repository's file where it
    keeps its own, else the template's); the dev input's ``==`` pins (its tools at the repository's versions,
    adopt_tools) count over the dev lock's, which ``./pyve.sh --lock`` recompiles from it."""
    found: Earlier = {}
    for name in (*EARLIER_LOCKS, DEV_INPUT):
        if name == "requirements.txt" and not (rendered / "requirements.in").is_file():
            continue  # not a lock of this project (a library's runtime lock is constraints.txt)
        path = root / name if (root / name).is_file() else rendered / name
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        found.update({package: (versions, name) for package, versions in _pins(text).items()})
    return found


def overridden(seed: str, earlier: Earlier) -> list[str]:
    """``name==theirs (file: version)`` for each seeded pin that a lock before the adopted one pins differently."""
    said = []
    for package, versions in _pins(seed).items():
        theirs, where = earlier.get(package, (versions, ""))
        if not set(versions) & set(theirs):
            said.append(f"{package}=={versions[0]} ({where}: {', '.join(theirs)})")
    return said


def plan_detail(seed: str, earlier: Earlier) -> str:
    """The file plan's word on the seed: what it is, and each pin of theirs an earlier lock overrides (those of
    their locks counted only: a lock's transitive pins differ from the dev lock's by the dozen)."""
    direct, _, locked = seed.partition(YOUR_LOCK)
    count, from_locks = len(_pins(direct)), len(_pins(locked))
    detail = (
        f"written by adopt: the {count} exact version{'s' if count != 1 else ''} you pin for your tests"
        + (f" and {from_locks} more from your locks" if from_locks else "")
        + ", not a lock yet: ./pyve.sh --lock keeps them where they fit and hashes it; --init before that skips it"
    )
    if lost := overridden(direct, earlier):
        detail += f"; the locks before it pin differently and win: {', '.join(lost)}"
    if moved := len(overridden(locked, earlier)):
        detail += f" (and {moved} of your locks' pins)"
    return detail
