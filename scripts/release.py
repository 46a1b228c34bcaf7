#!/usr/bin/env python3
"""Release the template in one command: version, changelog section, commit, tag (docs/updates.md, section 5).

    scripts/release.py                 release the version of CHANGELOG.md's unreleased top section
    scripts/release.py 0.3.0           the same, naming the version (it must match that section)
    scripts/release.py --push          then push the commit and the tag to origin

Before it changes anything it checks: a clean git tree; the top CHANGELOG section is `## [X] - unreleased`
with some text; X is a normalized PEP 440 version newer than every release tag and than
pyve_gen.__version__; no `_migrations` entry in copier.yml names a version newer than X. Then it dates
the section, sets `__version__` (the version a wheel records as `_commit`), commits and tags X.
Standard library only, plus `packaging` (a pyve-gen dependency).
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
UNRELEASED = re.compile(r"^## \[([^\]]+)\] - unreleased$", re.MULTILINE)
SECTION = re.compile(r"^## \[", re.MULTILINE)
VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)
MIGRATION_VERSION = re.compile(r'^\s*- version: "?([^"\s]+)"?', re.MULTILINE)


class ReleaseError(Exception):
    pass


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def release_tags(root: Path) -> list[Version]:
    found = []
    for tag in git(root, "tag", "--list").split():
        try:
            found.append(Version(tag))
        except InvalidVersion:
            continue
    return sorted(found)


def plan(root: Path, asked: str | None) -> tuple[Version, str]:
    """The version to release and the dated CHANGELOG text; raises ReleaseError naming what to fix."""
    if git(root, "status", "--porcelain"):
        raise ReleaseError("the working tree has uncommitted changes: commit them first")
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    first = SECTION.search(changelog)
    top = UNRELEASED.search(changelog)
    if not top or not first or top.start() != first.start():
        raise ReleaseError("CHANGELOG.md: the top section must be `## [X] - unreleased`, saying what X changes")
    try:
        version = Version(top.group(1))
    except InvalidVersion:
        raise ReleaseError(f"CHANGELOG.md: {top.group(1)!r} is not a PEP 440 version") from None
    if str(version) != top.group(1):
        raise ReleaseError(f"CHANGELOG.md: write the normalized version {version}")
    if asked is not None and Version(asked) != version:
        raise ReleaseError(f"CHANGELOG.md's unreleased section is {version}, not {asked}")
    body_end = SECTION.search(changelog, top.end())
    if not changelog[top.end() : body_end.start() if body_end else None].strip():
        raise ReleaseError(f"CHANGELOG.md: the {version} section is empty; say what it changes for projects")
    tags = release_tags(root)
    if tags and version <= tags[-1]:
        raise ReleaseError(f"{version} is not newer than the latest release tag {tags[-1]}")
    match = VERSION_LINE.search((root / "pyve_gen" / "__init__.py").read_text(encoding="utf-8"))
    if not match:
        raise ReleaseError("pyve_gen/__init__.py has no __version__ line")
    if Version(match.group(1)) > version:
        raise ReleaseError(f"pyve_gen.__version__ {match.group(1)} is already newer than {version}")
    later = [m for m in MIGRATION_VERSION.findall(_migrations_block(root)) if Version(m) > version]
    if later:
        raise ReleaseError(
            f"copier.yml has _migrations for a later version ({', '.join(later)}): key them to {version}"
        )
    today = datetime.date.today().isoformat()
    dated = changelog[: top.start()] + f"## [{version}] - {today}" + changelog[top.end() :]
    return version, dated


def _migrations_block(root: Path) -> str:
    text = (root / "copier.yml").read_text(encoding="utf-8")
    block = re.search(r"^_migrations:\n((?:[ #].*\n|\n)*)", text, re.MULTILINE)
    return block.group(1) if block else ""


def release(root: Path, asked: str | None, push: bool) -> Version:
    version, dated = plan(root, asked)
    (root / "CHANGELOG.md").write_text(dated, encoding="utf-8")
    init = root / "pyve_gen" / "__init__.py"
    init.write_text(VERSION_LINE.sub(f'__version__ = "{version}"', init.read_text(encoding="utf-8")), encoding="utf-8")
    git(root, "add", "CHANGELOG.md", "pyve_gen/__init__.py")
    git(root, "commit", "--quiet", "-m", f"Release {version}")
    git(root, "tag", "-a", str(version), "-m", f"Pyve template {version}")
    if push:
        git(root, "push", "--quiet", "origin", "HEAD", str(version))
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("version", nargs="?", help="the version to release (default: the unreleased section's)")
    parser.add_argument("--push", action="store_true", help="push the release commit and tag to origin")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        version = release(args.root, args.version, args.push)
    except (ReleaseError, InvalidVersion) as error:
        print(f"release: error: {error}", file=sys.stderr)
        return 1
    print(f"released {version}: commit 'Release {version}', tag {version}")
    if not args.push:
        print(f"publish it: git push origin HEAD {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
