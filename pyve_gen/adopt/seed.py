"""The exact versions a repository pins for its tests and build, carried to its first lock as preferences.

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

from pyve_gen.adopt.needs import Need
from pyve_gen.lock_set import ADOPTED_LOCK, checker

LOCK = ADOPTED_LOCK

# The locks compiled before requirements-adopted.txt (pyve.sh's lock_pairs), each holding it with -c.
EARLIER_LOCKS = ("requirements.txt", "constraints.txt", "requirements-bootstrap.txt", "requirements-dev.txt")
DEV_INPUT = "requirements-dev.in"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)", re.M)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def marker() -> str:
    return str(checker().SEED_MARKER)


def seed_file(found: list[Need]) -> str:
    """The seeded requirements-adopted.txt: each exact pin of ``found`` under where it was read ("" when none)."""
    pinned = [need for need in found if need.pin]
    if not pinned:
        return ""
    lines = [
        f"{marker()}: the versions this repository pins for its tests and build, read where it declares them.",
        "# Not a lock yet (no hashes): ./pyve.sh --lock keeps each pin where it fits the locks before this one",
        "# (requirements-dev.txt wins where both pin a package), then writes the hashed lock here.",
    ]
    by_source: dict[str, list[str]] = {}
    for need in pinned:
        by_source.setdefault(need.source, []).append(need.pin)
    for source, pins in by_source.items():
        lines += [f"# {source}", *pins]
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
    """The file plan's word on the seed: what it is, and each pin of theirs an earlier lock overrides."""
    count = len(_pins(seed))
    detail = (
        f"written by adopt: the {count} exact versions you pin for your tests, not a lock yet: ./pyve.sh --lock keeps "
        "them where they fit and hashes it; --init before that skips it"
    )
    if lost := overridden(seed, earlier):
        detail += f"; the locks before it pin differently and win: {', '.join(lost)}"
    return detail
