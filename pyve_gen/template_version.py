"""The template version a project records, and the latest release tag of its template source."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from packaging.version import InvalidVersion, Version

_DESCRIBE_RE = re.compile(r"^(?P<tag>.+?)(?:-(?P<distance>\d+)-g(?P<hash>[0-9a-f]+))?$")
_SHORTCUTS = {"gh:": "https://github.com/", "gl:": "https://gitlab.com/"}
_URL_SCHEMES = ("https", "http", "ssh", "git", "file", "git+https", "git+http", "git+ssh", "git+file")
_MAX_SOURCE = 2048
# A recorded `_commit`: a tag, a commit hash or `git describe` output; never an option.
_COMMIT_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+/-]{0,199}")
_SCP_RE = re.compile(r"[A-Za-z0-9_.+-]+@[A-Za-z0-9_.-]+:[^:]")


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


def source_error(src_path: str) -> str:
    """Why a recorded `_src_path` is not a template source (a path or a git URL), or "".

    The answers file comes with the repository, so its author chose this value: it must never reach git
    or Copier as an option (`--upload-pack=<command>`), a transport helper (`ext::<command>`) or a host
    git could read as an option (`ssh://-oProxyCommand=...`).
    """
    shown = repr(src_path[:60] + ("…" if len(src_path) > 60 else ""))
    if not src_path or len(src_path) > _MAX_SOURCE:
        return f"_src_path {shown} is not a template path or URL (empty or longer than {_MAX_SOURCE} characters)"
    if any(ord(char) < 32 or ord(char) == 127 for char in src_path):
        return f"_src_path {shown} has a control character"
    if src_path.startswith("-"):
        return f"_src_path {shown} starts with '-': it would be read as an option"
    if src_path.startswith(tuple(_SHORTCUTS)):
        rest = src_path[3:]
        return "" if rest and not rest.startswith(("-", "/")) else f"_src_path {shown} is not an owner/name"
    if "://" in src_path:
        scheme, _, rest = src_path.partition("://")
        if scheme.lower() not in _URL_SCHEMES:
            return f"_src_path {shown}: URL scheme {scheme[:20]!r} is not one of {', '.join(_URL_SCHEMES)}"
        host = rest.split("/", 1)[0].rpartition("@")[2]
        return f"_src_path {shown}: host starts with '-'" if host.startswith("-") else ""
    if "::" in src_path.split("/", 1)[0]:
        return f"_src_path {shown} names a git transport helper (<transport>::<address>)"
    if "@" in src_path.split("/", 1)[0] and ":" in src_path:
        if not _SCP_RE.match(src_path) or "@-" in src_path:
            return f"_src_path {shown} is not a user@host:path address"
    return ""


def commit_error(commit: str) -> str:
    """Why a recorded `_commit` is not a tag, hash or `git describe` output, or ""."""
    if _COMMIT_RE.fullmatch(commit) and ".." not in commit:
        return ""
    return f"_commit {commit[:60]!r} is not a tag or commit (letters, digits and . _ + / - only, not starting with -)"


def git_url(src_path: str, project: Path) -> str:
    """A URL or path `git ls-remote` understands, from Copier's `_src_path`; ValueError when it is not one."""
    if error := source_error(src_path):
        raise ValueError(error)
    src_path = src_path.removeprefix("git+")
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
    # Defence in depth: only the transports a template source can use (never ext:: or fd::).
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ALLOW_PROTOCOL": "https:http:ssh:git:file"}
    try:
        result = subprocess.run(
            ["git", "ls-remote", "--tags", "--refs", "--", url],
            cwd="/",  # no repository's config (core.sshCommand, url.*.insteadOf) takes part
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
