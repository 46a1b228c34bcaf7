"""The template version a project records, and the latest release tag of its template source."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from packaging.version import InvalidVersion, Version

_DESCRIBE_RE = re.compile(r"^(?P<tag>.+?)(?:-(?P<distance>\d+)-g(?P<hash>[0-9a-f]+))?$")
_SHORTCUTS = {"gh:": "https://github.com/", "gl:": "https://gitlab.com/"}


def parse_recorded(commit: str) -> Version | None:
    """PEP 440 version of a recorded `_commit` (a tag, or `git describe` output like `0.1.0-3-gabc1234`)."""
    match = _DESCRIBE_RE.match(commit.strip())
    if not match:
        return None
    tag = match.group("tag")
    try:
        version = Version(tag)
    except InvalidVersion:
        return None
    if match.group("distance"):
        return Version(f"{version.base_version}.post{match.group('distance')}.dev0")
    return version


def git_url(src_path: str, project: Path) -> str:
    """A URL or path `git ls-remote` understands, from Copier's `_src_path`."""
    for prefix, base in _SHORTCUTS.items():
        if src_path.startswith(prefix):
            rest = src_path[len(prefix) :]
            return base + rest + ("" if rest.endswith(".git") else ".git")
    if "://" in src_path or src_path.startswith("git@"):
        return src_path
    local = Path(src_path).expanduser()
    return str(local if local.is_absolute() else (project / local).resolve())


def release_tags(url: str, timeout: float = 15.0) -> list[Version]:
    """PEP 440 tags of the template repository, newest first; raises OSError when unreachable."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        result = subprocess.run(
            ["git", "ls-remote", "--tags", "--refs", url],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except (subprocess.TimeoutExpired, FileNotFoundError) as error:
        raise OSError(f"cannot list the tags of {url}: {error}") from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["git ls-remote failed"]
        raise OSError(f"cannot list the tags of {url}: {detail[0]}")
    versions: list[Version] = []
    for line in result.stdout.splitlines():
        ref = line.split("\t", 1)[-1]
        tag = ref.removeprefix("refs/tags/")
        try:
            version = Version(tag)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            versions.append(version)
    return sorted(versions, reverse=True)
