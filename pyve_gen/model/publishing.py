"""Package metadata from the answers: authors, project URLs and trove classifiers (pyproject.toml)."""

from __future__ import annotations

import re
from typing import Any

from .validation import EMAIL_RE

# "Jane Doe <jane@example.org>", "jane@example.org", "Jane Doe"; GitHub handles and teams name no author.
_NAMED_EMAIL = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>$")

DEVELOPMENT_STATUS: dict[str, str] = {
    "idea": "1 - Planning",
    "in-development": "3 - Alpha",
    "internal-tool": "4 - Beta",
    "beta": "4 - Beta",
    "stable": "5 - Production/Stable",
    "maintenance": "6 - Mature",
}
OPERATING_SYSTEMS: dict[str, str] = {"linux": "POSIX :: Linux", "macos": "MacOS", "windows": "Microsoft :: Windows"}


def authors(owners: Any, copyright_holder: Any, project_name: Any) -> list[dict[str, str]]:
    """PEP 621 authors: each person or address of the ``owners`` answer (``,`` or ``;`` between them),
    else the copyright holder; none when the holder is only the project's own name (nobody named)."""
    found: list[dict[str, str]] = []
    for part in re.split(r"[,;]", str(owners or "")):
        text = part.strip()
        if not text or text.startswith("@"):
            continue
        named = _NAMED_EMAIL.match(text)
        if named and EMAIL_RE.match(named.group("email")):
            entry = {"name": named.group("name").strip(), "email": named.group("email")}
            found.append({key: value for key, value in entry.items() if value})
        elif EMAIL_RE.match(text):
            found.append({"email": text})
        elif not any(ch in text for ch in "<>@"):
            found.append({"name": text})
    if found:
        return found
    holder = str(copyright_holder or "").strip()
    return [{"name": holder}] if holder and holder != str(project_name or "").strip() else []


def project_urls(repository_url: Any) -> dict[str, str]:
    """[project.urls] from the repository's web address (GitHub and GitLab also get issues and changelog)."""
    url = str(repository_url or "").strip().rstrip("/")
    if not url:
        return {}
    urls = {"Homepage": url, "Source": url}
    if re.match(r"^https://(github\.com|gitlab\.com)/", url):
        issues = "/issues" if "github.com" in url else "/-/issues"
        urls["Issues"] = url + issues
        urls["Changelog"] = url + ("/blob/HEAD/CHANGELOG.md" if "github.com" in url else "/-/blob/HEAD/CHANGELOG.md")
    return urls


def pages_url(repository_url: Any) -> str:
    """Where GitHub Pages serves a GitHub repository's site (``https://acme.github.io/web/``); "" elsewhere."""
    match = re.match(r"^https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$", str(repository_url or ""))
    if not match:
        return ""
    owner, repo = match.group(1).lower(), match.group(2)
    # A repository named <owner>.github.io is the owner's site, served at the root.
    return f"https://{repo.lower()}/" if repo.lower() == f"{owner}.github.io" else f"https://{owner}.github.io/{repo}/"


def classifiers(
    status: Any, python_versions: list[str], os_targets: list[str], typed: bool, console: bool
) -> list[str]:
    """Trove classifiers that are true of the render (the license is the SPDX ``license`` field, PEP 639)."""
    found = [f"Development Status :: {DEVELOPMENT_STATUS.get(str(status), '3 - Alpha')}"]
    if console:
        found.append("Environment :: Console")
    found += [f"Operating System :: {OPERATING_SYSTEMS[name]}" for name in os_targets if name in OPERATING_SYSTEMS]
    found.append("Programming Language :: Python :: 3 :: Only")
    found += [f"Programming Language :: Python :: {version}" for version in python_versions]
    if typed:
        found.append("Typing :: Typed")
    return found
