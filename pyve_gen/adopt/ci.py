"""Readers of an existing repository's pipelines: CI provider and jobs, tag-driven releases and publishing,
the OS and Python matrix, the dependency bot, and the security gates CI runs.
"""

from __future__ import annotations

import re
from typing import Any

from pyve_gen.adopt.evidence import Clue, pyproject, section
from pyve_gen.adopt.tooling import pre_commit_hooks
from pyve_gen.project import Project

OTHER_CI = {
    ".gitlab-ci.yml": "GitLab CI",
    ".circleci/config.yml": "CircleCI",
    ".travis.yml": "Travis CI",
    "Jenkinsfile": "Jenkins",
    "azure-pipelines.yml": "Azure Pipelines",
    "bitbucket-pipelines.yml": "Bitbucket Pipelines",
}


def ci(repo: Project) -> list[Clue]:
    """CI providers found, each with its jobs (GitHub Actions) as the source."""
    found = []
    jobs = []
    for name, data in repo.workflows.items():
        if isinstance(data, dict) and isinstance(data.get("jobs"), dict):
            jobs += [f"{name}:{job}" for job in data["jobs"]]
    if repo.workflows:
        found.append(Clue("github-actions", f".github/workflows: {', '.join(jobs) or ', '.join(repo.workflows)}"))
    for name, provider in OTHER_CI.items():
        if repo.exists(name):
            found.append(Clue(provider, name))
    return found


def _workflow_steps_text(repo: Project) -> str:
    return "\n".join(repo.workflow_text(name) for name in repo.workflows)


def tag_release(repo: Project) -> Clue | None:
    for name, data in repo.workflows.items():
        on = data.get("on") if isinstance(data, dict) else None
        push = on.get("push") if isinstance(on, dict) else None
        if isinstance(push, dict) and push.get("tags"):
            return Clue("tag-driven", f".github/workflows/{name}: on push tags {push['tags']}")
        if isinstance(on, dict) and "release" in on:
            return Clue("tag-driven", f".github/workflows/{name}: on release")
    return None


def pypi_publish(repo: Project) -> Clue | None:
    for name in repo.workflows:
        text = repo.workflow_text(name)
        for needle in ("pypa/gh-action-pypi-publish", "twine upload", "poetry publish", "uv publish"):
            if needle in text:
                return Clue(True, f".github/workflows/{name}: {needle}")
    return None


def _walk_values(data: Any, key: str) -> list[Any]:
    found = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                found.append(v)
            found += _walk_values(v, key)
    elif isinstance(data, list):
        for item in data:
            found += _walk_values(item, key)
    return found


def ci_os(repo: Project) -> Clue | None:
    text = _workflow_steps_text(repo)
    targets = [
        os for os, needle in (("linux", "ubuntu-"), ("macos", "macos-"), ("windows", "windows-")) if needle in text
    ]
    if not targets:
        return None
    return Clue(targets, "CI runners: " + ", ".join(sorted(set(re.findall(r"(?:ubuntu|macos|windows)-[\w.]+", text)))))


def windows_runners(repo: Project) -> str:
    """The Windows runners the workflows name ("" when none)."""
    return ", ".join(sorted(set(re.findall(r"windows-[\w.]+", _workflow_steps_text(repo)))))


def bot_interval(repo: Project) -> Clue | None:
    """The dependency bot's schedule as written (``daily``), before it is mapped to a cadence the template offers."""
    text = repo.read(".github/dependabot.yml") or repo.read(".github/dependabot.yaml") or ""
    match = re.search(r"interval:\s*[\"']?(\w+)", text)
    return Clue(match.group(1), f".github/dependabot.yml: interval {match.group(1)}") if match else None


def ci_python_versions(repo: Project) -> Clue | None:
    versions: list[str] = []
    for name, data in repo.workflows.items():
        for value in _walk_values(data, "python-version"):
            items = value if isinstance(value, list) else [value]
            versions += [str(v) for v in items if re.fullmatch(r"3\.\d+", str(v))]
        if versions:
            return Clue(
                sorted(set(versions), key=lambda v: int(v.split(".")[1])),
                f".github/workflows/{name}: python-version matrix",
            )
    return None


def dependency_bot(repo: Project) -> Clue | None:
    text = repo.read(".github/dependabot.yml") or repo.read(".github/dependabot.yaml")
    if text:
        match = re.search(r"interval:\s*[\"']?(\w+)", text)
        interval = match.group(1) if match else "weekly"
        return Clue({"daily": "weekly"}.get(interval, interval), f".github/dependabot.yml: interval {interval}")
    for name in ("renovate.json", ".github/renovate.json", "renovate.json5"):
        if repo.exists(name):
            return Clue("monthly", name)
    return None


# -- security -----------------------------------------------------------------------------------------
def security_files(repo: Project) -> list[Clue]:
    """Security gates found (ids as in the gate table: secret-scan, sast, dependency-audit, sbom, signing, security-policy)."""
    found = []
    ci_text = _workflow_steps_text(repo) + (repo.read("Makefile") or "") + "\n".join(pre_commit_hooks(repo))
    if repo.exists("SECURITY.md") or repo.exists(".github/SECURITY.md"):
        found.append(Clue("security-policy", "SECURITY.md"))
    if repo.exists(".gitleaks.toml") or "gitleaks" in ci_text:
        found.append(Clue("secret-scan", ".gitleaks.toml / gitleaks in CI"))
    elif repo.exists(".secrets.baseline") or "detect-secrets" in ci_text:
        found.append(Clue("secret-scan", ".secrets.baseline / detect-secrets"))
    if "bandit" in ci_text or repo.exists(".bandit") or section(pyproject(repo), "tool.bandit"):
        found.append(Clue("sast", "bandit"))
    if "pip-audit" in ci_text or "safety check" in ci_text:
        found.append(Clue("dependency-audit", "pip-audit in CI"))
    if "cyclonedx" in ci_text.lower() or "syft" in ci_text:
        found.append(Clue("sbom", "an SBOM step in CI"))
    if "cosign" in ci_text or "sigstore" in ci_text:
        found.append(Clue("signing", "sigstore/cosign in CI"))
    return found


def secret_scanner(repo: Project) -> Clue | None:
    if repo.exists(".gitleaks.toml"):
        return Clue("gitleaks", ".gitleaks.toml")
    if repo.exists(".secrets.baseline"):
        return Clue("detect-secrets", ".secrets.baseline")
    return None


def security_contact(repo: Project) -> Clue | None:
    for name in ("SECURITY.md", ".github/SECURITY.md"):
        match = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", repo.read(name) or "")
        if match:
            return Clue(match.group(0), f"{name}: {match.group(0)}")
    return None
