"""`make lock-check`: every lock satisfies its inputs and is fully pinned and hashed (offline).

Pyve owns this file (`copier update` refreshes it); ./pyve.sh --lock --check runs it. It needs
only the standard library and `packaging` (in requirements-dev.txt; pip's vendored copy also
works), so it runs in CI, in a bot's pull request and without Pyve installed. It trusts no stamp:
a lock that a bot regenerated (one pin bumped, its hashes replaced) passes when it still satisfies
its inputs; a lock edited by hand (a pin without ==, a line without --hash, a missing requirement)
fails.

What it proves, per INPUT=LOCK pair:
- every requirement line of LOCK is pinned with == and carries at least one --hash;
- every requirement of INPUT (following -r files; a -r'd lock counts as requirements) is in LOCK
  at a version its specifier allows, for every supported Python version and every platform its
  marker selects (so a lock narrowed to one Python or platform fails);
- every -c constraint of INPUT holds for the LOCK entries it names;
- no pin of LOCK says it came from INPUT (`# via -r INPUT`) while INPUT no longer asks for it;
- the locks are one installable set: they are installed into one venv, so no two of them pin a
  package at different versions for any supported Python and platform (`./pyve.sh --lock` resolves
  each against the ones before it).
What it cannot prove offline: that the transitive closure is complete (`./pyve.sh --lock` resolves).

Usage: python .pyve/lock_check.py [--python-versions "3.10 3.11"] [--build-lock LOCK] INPUT=LOCK...
`pyve-gen check` (PV200, PV201) runs the same checks through `check_locks`.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from packaging.markers import Marker
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import InvalidVersion, Version
except ImportError:  # no packaging yet: pip's vendored copy is the same library
    try:
        from pip._vendor.packaging.markers import Marker  # type: ignore[assignment]
        from pip._vendor.packaging.requirements import (  # type: ignore[assignment]
            InvalidRequirement,
            Requirement,
        )
        from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[assignment]
        from pip._vendor.packaging.version import (  # type: ignore[assignment]
            InvalidVersion,
            Version,
        )
    except ImportError:
        sys.exit("lock-check: needs the packaging library: run ./pyve.sh --init (it installs it)")

try:
    import tomllib  # Python 3.11+
except ModuleNotFoundError:
    try:
        import tomli as tomllib  # type: ignore[no-redef, unused-ignore]
    except ModuleNotFoundError:
        from pip._vendor import tomli as tomllib  # type: ignore[no-redef, unused-ignore]

# The platforms a universal lock must cover: (sys_platform, os_name, platform_system, machine).
PLATFORMS = (
    ("linux", "posix", "Linux", "x86_64"),
    ("linux", "posix", "Linux", "aarch64"),
    ("darwin", "posix", "Darwin", "x86_64"),
    ("darwin", "posix", "Darwin", "arm64"),
    ("win32", "nt", "Windows", "AMD64"),
)
LOCK_OPTIONS = ("--index-url", "--extra-index-url", "--find-links", "--trusted-host", "-i ", "-f ")
REFERENCE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)$")
# The first line of a lock that `pyve-gen adopt` seeded with the repository's own pins: the first
# ./pyve.sh --lock keeps them where they fit (the resolver's preferences) and writes the hashed
# lock over it; until then it is no lock (no hashes): pyve.sh --init skips it with a warning.
SEED_MARKER = "# Seeded by pyve-gen adopt"


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    version: str
    line: str


def environments(python_versions: list[str]) -> Iterator[dict[str, str]]:
    """Marker environments: each supported Python (first and a late patch release) x platform."""
    for minor in python_versions:
        for patch in ("0", "99"):
            for sys_platform, os_name, system, machine in PLATFORMS:
                yield {
                    "python_version": minor,
                    "python_full_version": f"{minor}.{patch}",
                    "implementation_version": f"{minor}.{patch}",
                    "implementation_name": "cpython",
                    "platform_python_implementation": "CPython",
                    "sys_platform": sys_platform,
                    "os_name": os_name,
                    "platform_system": system,
                    "platform_machine": machine,
                    "platform_release": "",
                    "platform_version": "",
                    "extra": "",
                }


def describe(env: dict[str, str]) -> str:
    return f"Python {env['python_full_version']} on {env['sys_platform']}/{env['platform_machine']}"


def applies(marker: Marker | None, env: dict[str, str]) -> bool:
    try:
        return marker is None or marker.evaluate(env)
    except Exception:  # UndefinedComparison ("~=" on a non-version): it applies everywhere
        return True


MAX_BYTES = 16 * 1024 * 1024  # a hashed lock of hundreds of packages is well under 2 MiB


class Unreadable(Exception):
    """A file this check refuses to read (reported as a problem, never a traceback)."""


def read_text(path: Path) -> str:
    """A regular UTF-8 file of at most MAX_BYTES (a link to /dev/zero or a FIFO is refused)."""
    try:
        with path.open("rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise Unreadable(f"{path}: not a regular file")
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise Unreadable(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise Unreadable(f"{path}: larger than {MAX_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"{path}: not UTF-8 text (byte {error.start})") from None


def logical_lines(path: Path) -> Iterator[str]:
    """Lines with continuations joined and comments dropped (pip's requirements-file syntax)."""
    pending = ""
    for raw in read_text(path).splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            yield line
    if pending.strip():
        yield pending.strip()


class LockFile:
    def __init__(self, path: Path, name: str | None = None) -> None:
        self.path = Path(name) if name else path  # as messages name it
        self.pins: dict[str, list[Pin]] = {}
        self.sources: dict[str, set[str]] = {}  # package -> the inputs its "# via -r X" lines name
        self.problems: list[str] = []
        self.seeded = False
        if not path.is_file():
            self.problems.append(f"{self.path}: missing; run ./pyve.sh --lock")
            return
        try:
            if read_text(path).startswith(SEED_MARKER):
                self.seeded = True
                self.problems.append(
                    f"{self.path}: not locked yet (it holds the versions the repository pins, which"
                    " ./pyve.sh --lock keeps where they fit); run ./pyve.sh --lock"
                )
                return
            for line in logical_lines(path):
                self._read(line)
            self._read_sources(path)
        except Unreadable as error:
            self.problems.append(str(error))

    def _read_sources(self, path: Path) -> None:
        current = ""
        for raw in read_text(path).splitlines():
            line = raw.strip()
            if re.match(r"[A-Za-z0-9]", line):
                current = canonicalize_name(re.split(r"[\s=<>!~;\[\\]", line, maxsplit=1)[0])
            elif current and line.startswith("#"):
                via = re.search(r"-r\s+(\S+)", line)
                if via:
                    self.sources.setdefault(current, set()).add(Path(via.group(1)).name)
                elif "(pyproject.toml)" in line:
                    self.sources.setdefault(current, set()).add("pyproject.toml")

    def _read(self, line: str) -> None:
        if line.startswith(LOCK_OPTIONS):
            return
        if line.startswith("--hash"):
            self.problems.append(
                f"{self.path}: --hash lines after a line without '\\': {line[:40]}…"
            )
            return
        if line.startswith("-"):
            self.problems.append(f"{self.path}: not a lock line (locks hold only == pins): {line}")
            return
        requirement_text, *hashes = re.split(r"\s+--hash[=\s]", line)
        try:
            requirement = Requirement(requirement_text)
        except InvalidRequirement as error:
            self.problems.append(f"{self.path}: unreadable line {requirement_text!r}: {error}")
            return
        specs = list(requirement.specifier)
        if (
            requirement.url
            or len(specs) != 1
            or specs[0].operator not in ("==", "===")
            or "*" in specs[0].version
        ):
            self.problems.append(f"{self.path}: {requirement_text}: not pinned with ==")
            return
        if not hashes:
            self.problems.append(f"{self.path}: {requirement_text}: no --hash")
        name = canonicalize_name(requirement.name)
        self.pins.setdefault(name, []).append(Pin(requirement, specs[0].version, requirement_text))

    def matching(self, name: str, env: dict[str, str]) -> list[Pin]:
        return [
            pin
            for pin in self.pins.get(canonicalize_name(name), [])
            if applies(pin.requirement.marker, env)
        ]


@dataclass
class Inputs:
    requirements: list[tuple[Requirement, str]]  # (requirement, where it is asked for)
    constraints: list[tuple[Requirement, str]]
    problems: list[str]
    # The build backend computes the dependencies (pyproject.toml without [project] dependencies: a
    # setup.cfg, setup.py or Poetry build): what this file cannot read is not stale in the lock.
    dynamic: bool = False


def shown(path: Path, root: Path) -> str:
    """PATH as messages name it: relative to the project's root."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def read_inputs(path: Path, root: Path = Path(".")) -> Inputs:
    inputs = Inputs([], [], [])
    if path.suffix == ".toml" and _dynamic_dependencies(path):
        inputs.dynamic = True
        _read_setup_cfg(path.parent / "setup.cfg", inputs, root)
    elif path.suffix == ".toml":
        _read_pyproject(
            path, ("project", "dependencies"), inputs.requirements, inputs.problems, root
        )
    else:
        _read_requirements(path, inputs, constraint=False, seen=set(), root=root)
    return inputs


def _dynamic_dependencies(path: Path) -> bool:
    """True when pyproject.toml leaves its dependencies to the build backend: no [project] table
    (setup.py, setup.cfg, Poetry's [tool.poetry]) or `dependencies` in [project] dynamic."""
    try:
        data: Any = tomllib.loads(read_text(path))
    except (Unreadable, tomllib.TOMLDecodeError, RecursionError, OSError):
        return False  # _read_pyproject says why
    project = data.get("project") if isinstance(data, dict) else None
    if not isinstance(project, dict):
        return True
    dynamic = project.get("dynamic")
    return isinstance(dynamic, list) and "dependencies" in dynamic


def _read_setup_cfg(path: Path, inputs: Inputs, root: Path) -> None:
    """setup.cfg [options] install_requires: what setuptools reads when pyproject.toml has none."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(read_text(path))
    except (Unreadable, OSError, configparser.Error):
        return
    if not parser.has_option("options", "install_requires"):
        return
    name = f"{shown(path, root)} [options] install_requires"
    for line in parser.get("options", "install_requires").splitlines():
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            inputs.requirements.append((Requirement(text), name))
        except InvalidRequirement as error:
            inputs.problems.append(f"{name}: unreadable requirement {text!r}: {error}")


def _read_pyproject(
    path: Path,
    keys: tuple[str, ...],
    into: list[tuple[Requirement, str]],
    problems: list[str],
    root: Path = Path("."),
) -> None:
    name = shown(path, root)
    if not path.is_file():
        problems.append(f"{name}: missing")
        return
    try:
        data: Any = tomllib.loads(read_text(path))
    except (Unreadable, tomllib.TOMLDecodeError, RecursionError) as error:
        problems.append(f"{name}: not readable TOML: {str(error)[:200] or type(error).__name__}")
        return
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    if data is None:  # no such table or key: nothing to read
        return
    if not isinstance(data, list):
        problems.append(f"{name}: [{'.'.join(keys)}] is not a list of requirements")
        return
    for text in data:
        if isinstance(text, dict) and set(text) == {"include-group"}:
            continue  # a PEP 735 group include: its group is read on its own
        try:
            into.append((Requirement(text), f"{name} [{'.'.join(keys)}]"))
        except (InvalidRequirement, TypeError) as error:
            problems.append(f"{name}: unreadable requirement {str(text)[:80]!r}: {error}")


def _read_requirements(
    path: Path, inputs: Inputs, constraint: bool, seen: set[Path], root: Path
) -> None:
    if path.resolve() in seen:
        return
    seen.add(path.resolve())
    name = shown(path, root)
    if not path.is_file():
        inputs.problems.append(f"{name}: missing")
        return
    try:
        lines = list(logical_lines(path))
    except Unreadable as error:
        inputs.problems.append(str(error))
        return
    for line in lines:
        reference = REFERENCE.match(line)
        if reference:
            is_constraint = constraint or reference.group(1) in ("-c", "--constraint")
            included = path.parent / reference.group(2)
            _read_requirements(included, inputs, is_constraint, seen, root)
            continue
        if line.startswith("-"):
            continue  # pip options (--index-url, -e, ...): nothing to pin
        text = re.split(r"\s+--hash[=\s]", line)[0]
        try:
            requirement = Requirement(text)
        except InvalidRequirement as error:
            inputs.problems.append(f"{name}: unreadable requirement {text!r}: {error}")
            continue
        (inputs.constraints if constraint else inputs.requirements).append((requirement, name))


def satisfied(requirement: Requirement, version: str) -> bool:
    try:
        return requirement.specifier.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return False


def check_pair(
    lock: LockFile, inputs: Inputs, envs: list[dict[str, str]], source: str = ""
) -> list[str]:
    problems = list(inputs.problems)
    asked = {canonicalize_name(requirement.name) for requirement, _ in inputs.requirements}
    for name, sources in sorted(lock.sources.items()):
        if source and not inputs.dynamic and Path(source).name in sources and name not in asked:
            problems.append(f"{lock.path}: {name} is pinned but no longer in {source}")
    for requirement, source in inputs.requirements:
        for env in envs:
            if not applies(requirement.marker, env):
                continue
            pins = lock.matching(requirement.name, env)
            if not pins:
                problems.append(
                    f"{lock.path}: {requirement} ({source}) is missing for {describe(env)}"
                )
                break
            wrong = [pin.line for pin in pins if not satisfied(requirement, pin.version)]
            if wrong:
                problems.append(
                    f"{lock.path}: {wrong[0]} does not satisfy {requirement} ({source})"
                )
                break
    for constraint, source in inputs.constraints:
        for env in envs:
            if not applies(constraint.marker, env):
                continue
            wrong = [
                pin.line
                for pin in lock.matching(constraint.name, env)
                if not satisfied(constraint, pin.version)
            ]
            if wrong:
                problems.append(
                    f"{lock.path}: {wrong[0]} violates the constraint {constraint} ({source})"
                )
                break
    return problems


def disagreements(locks: list[LockFile], envs: list[dict[str, str]]) -> list[str]:
    """Packages that locks installed together pin at different versions (one line per package)."""
    problems = []
    for name in sorted({name for lock in locks for name in lock.pins}):
        holders = [lock for lock in locks if name in lock.pins]
        if len(holders) < 2:
            continue
        for env in envs:
            where: dict[str, list[str]] = {}
            for lock in holders:
                for pin in lock.matching(name, env):
                    where.setdefault(pin.version, []).append(str(lock.path))
            if len(where) > 1:
                pinned = " but ".join(
                    f"{version} in {', '.join(paths)}" for version, paths in where.items()
                )
                problems.append(
                    f"{name} is pinned {pinned} (for {describe(env)}); these locks are installed"
                    " into one venv, so they must agree: run ./pyve.sh --lock"
                )
                break
    return problems


@dataclass
class Findings:
    """What `check_locks` found: lines that are not hashed pins (`unpinned`), locks that no longer
    satisfy their inputs or disagree with each other (`stale`), and a summary line per good lock."""

    unpinned: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    satisfied: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.unpinned or self.stale)


def check_locks(
    root: Path,
    pairs: list[tuple[str, str]],
    python_versions: list[str],
    build_lock: str | None = None,
) -> Findings:
    """Checks every (INPUT, LOCK) pair under ROOT, then that the locks agree with each other."""
    envs = list(environments(python_versions))
    findings = Findings()
    locks = []
    for source, lock_name in pairs:
        lock = LockFile(root / lock_name, lock_name)
        locks.append(lock)
        inputs = read_inputs(root / source, root)
        pyproject = root / "pyproject.toml"
        if build_lock == lock_name and pyproject.is_file():
            for keys in (("build-system", "requires"), ("dependency-groups", "dev")):
                _read_pyproject(pyproject, keys, inputs.requirements, inputs.problems, root)
        findings.unpinned += lock.problems
        checked = (root / lock_name).is_file() and not lock.seeded
        stale = check_pair(lock, inputs, envs, source) if checked else []
        findings.stale += stale
        if not lock.problems and not stale:
            pins = sum(len(pins) for pins in lock.pins.values())
            python = " ".join(python_versions)
            findings.satisfied.append(
                f"{lock_name}: satisfies {source} (Python {python}): {pins} hashed pins"
            )
    findings.stale += disagreements([lock for lock in locks if not lock.problems], envs)
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--python-versions", default="", help="supported versions, e.g. '3.10 3.11'"
    )
    parser.add_argument(
        "--build-lock",
        help="the lock that must satisfy pyproject.toml [build-system] requires and the dev group",
    )
    parser.add_argument("pairs", nargs="+", metavar="INPUT=LOCK")
    args = parser.parse_args(argv)
    versions = args.python_versions.split() or [f"{sys.version_info[0]}.{sys.version_info[1]}"]
    pairs = [(pair.partition("=")[0], pair.partition("=")[2]) for pair in args.pairs]
    findings = check_locks(Path("."), pairs, versions, args.build_lock)
    for line in findings.satisfied:
        print(f"lock-check: {line}")
    for problem in findings.unpinned + findings.stale:
        print(f"lock-check: {problem}", file=sys.stderr)
    if findings.failed:
        print(
            "lock-check: regenerate the locks with ./pyve.sh --lock (never merge or edit them;"
            " on a bot's pull request: check out its branch, run ./pyve.sh --lock, commit, push)",
            file=sys.stderr,
        )
    return 1 if findings.failed else 0


if __name__ == "__main__":
    sys.exit(main())
