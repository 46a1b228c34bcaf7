"""A Dependabot-style version bump of one pin in a hashed lock, and hand-made breakages of a lock.

Dependabot rewrites a pin in place in a requirements file it does not compile (one without an `.in`
beside it, such as a library's constraints.txt): the `==` version and its `--hash` lines, leaving
the rest of the file (header, comments, other pins) untouched and writing no stamp of any tool. (A
lock with an `.in` it recompiles instead: tests/dependabot_standin.py.)
`bump_one_pin` does the same with what the configured index serves: it picks a package of the lock
that no input pins exactly, a release of it that every installed dependent accepts (newer if the
index has one), downloads that release's pure-Python wheel with the project's own pip, and writes
its sha256. The result is a consistent lock that no Pyve tool produced.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

# Packages that are in every dev lock, pure Python, with loose ranges from their dependents.
PREFERRED = ("iniconfig", "pluggy", "pygments", "pyproject-hooks", "packaging", "click", "mypy-extensions", "pathspec")
PIN_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?P<rest>[^\\\n]*?)\s*\\?$")


@dataclass(frozen=True)
class Bump:
    lock: str
    package: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.package} {self.old} -> {self.new} in {self.lock}"


def pins(lock_text: str) -> dict[str, str]:
    found = {}
    for line in lock_text.splitlines():
        match = PIN_LINE.match(line)
        if match:
            found[canonicalize_name(match["name"])] = match["version"]
    return found


def replace_pin(lock_text: str, package: str, new_version: str, hashes: list[str]) -> str:
    """The lock with ``package``'s version and hash lines replaced; every other line kept as it was."""
    lines = lock_text.splitlines()
    out: list[str] = []
    index = 0
    replaced = False
    while index < len(lines):
        line = lines[index]
        match = PIN_LINE.match(line)
        if match and canonicalize_name(match["name"]) == canonicalize_name(package):
            out.append(f"{match['name']}=={new_version}{match['rest'].rstrip()} \\")
            index += 1
            while index < len(lines) and lines[index].lstrip().startswith("--hash="):
                index += 1
            for number, digest in enumerate(hashes):
                out.append(f"    --hash=sha256:{digest}" + (" \\" if number < len(hashes) - 1 else ""))
            replaced = True
            continue
        out.append(line)
        index += 1
    assert replaced, f"{package} is not pinned in the lock"
    return "\n".join(out) + "\n"


def drop_hashes(lock_text: str, package: str) -> str:
    """A hand edit: ``package`` without its --hash lines."""
    lines = lock_text.splitlines()
    out: list[str] = []
    skipping = False
    for line in lines:
        match = PIN_LINE.match(line)
        if match:
            skipping = canonicalize_name(match["name"]) == canonicalize_name(package)
            out.append(f"{match['name']}=={match['version']}{match['rest'].rstrip()}" if skipping else line)
            continue
        if skipping and line.lstrip().startswith("--hash="):
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def drop_pin(lock_text: str, package: str) -> str:
    """A partial lock: ``package``'s block (pin, hashes, its `# via` comment) removed."""
    lines = lock_text.splitlines()
    out: list[str] = []
    skipping = False
    for line in lines:
        match = PIN_LINE.match(line)
        if match:
            skipping = canonicalize_name(match["name"]) == canonicalize_name(package)
        elif skipping and not line.startswith((" ", "\t")):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


def _installed_requirements(venv: Path) -> list[Requirement]:
    """Requires-Dist of every distribution installed in the venv."""
    found = []
    for metadata in venv.glob("lib/python3*/site-packages/*.dist-info/METADATA"):
        message = Parser().parsestr(metadata.read_text(encoding="utf-8", errors="replace"), headersonly=True)
        for value in message.get_all("Requires-Dist") or []:
            try:
                found.append(Requirement(value))
            except InvalidRequirement:
                continue
    return found


def _accepted(package: str, version: Version, requirements: list[Requirement], environment: dict[str, str]) -> bool:
    for requirement in requirements:
        if canonicalize_name(requirement.name) != canonicalize_name(package):
            continue
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        if not requirement.specifier.contains(version, prereleases=False):
            return False
    return True


def _index_versions(python: Path, package: str, env: dict[str, str]) -> list[Version]:
    result = subprocess.run(
        [str(python), "-m", "pip", "index", "versions", package], env=env, capture_output=True, text=True, timeout=300
    )
    match = re.search(r"^Available versions: (.*)$", result.stdout, re.M)
    if not match:
        return []
    versions = []
    for text in match.group(1).split(","):
        try:
            version = Version(text.strip())
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            versions.append(version)
    return versions


def _wheel_hashes(python: Path, package: str, version: Version, env: dict[str, str], dest: Path) -> list[str] | None:
    """sha256 of the release's pure-Python wheel, downloaded from the configured index; None if it has none."""
    dest.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(python), "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
        + ["--dest", str(dest), f"{package}=={version}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        return None
    wheels = [path for path in dest.glob("*.whl") if path.name.endswith("-none-any.whl")]
    wheels = [path for path in wheels if canonicalize_name(path.name.split("-")[0]) == canonicalize_name(package)]
    if len(wheels) != 1 or f"-{version}-" not in wheels[0].name:
        return None
    return [hashlib.sha256(wheels[0].read_bytes()).hexdigest()]


def bump_one_pin(
    lock: Path, inputs: list[Path], others: list[Path], venv: Path, env: dict[str, str], scratch: Path
) -> Bump:
    """Rewrites one pin of ``lock`` as Dependabot would; ``others`` are locks it must stay out of."""
    python = venv / "bin" / "python"
    text = lock.read_text(encoding="utf-8")
    pinned = pins(text)
    exact = {
        canonicalize_name(match)
        for path in inputs
        for match in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==", path.read_text(), re.M)
    }
    elsewhere = {name for other in others for name in pins(other.read_text(encoding="utf-8"))}
    probe = subprocess.run(
        [str(python), "-c", "import platform, sys; print(platform.python_version()); print(sys.platform)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    environment = {
        "python_version": ".".join(probe[0].split(".")[:2]),
        "python_full_version": probe[0],
        "sys_platform": probe[1],
        "extra": "",
    }
    requirements = _installed_requirements(venv)
    tried = []
    for package in PREFERRED:
        name = canonicalize_name(package)
        if name not in pinned or name in exact or name in elsewhere:
            continue
        current = Version(pinned[name])
        candidates = [
            v
            for v in _index_versions(python, package, env)
            if v != current and _accepted(package, v, requirements, environment)
        ]
        newer = sorted((v for v in candidates if v > current), reverse=True)
        older = sorted((v for v in candidates if v < current), reverse=True)
        for version in [*newer[:2], *older[:2]]:
            tried.append(f"{package}=={version}")
            hashes = _wheel_hashes(python, package, version, env, scratch / f"{package}-{version}")
            if hashes:
                lock.write_text(replace_pin(text, package, str(version), hashes), encoding="utf-8")
                return Bump(lock.name, package, str(current), str(version))
    raise AssertionError(f"no package of {lock.name} could be bumped (tried: {', '.join(tried) or 'none'})")
