"""A first STRIDE threat model, seeded from a component's kind and audience (secure level).

The rows are a starting point for the team's review, not a verdict: each names the most likely
threat for that kind of component and the mitigation the rendered project already has or needs.
"""

from __future__ import annotations

from typing import Any

STRIDE: tuple[str, ...] = (
    "Spoofing",
    "Tampering",
    "Repudiation",
    "Information disclosure",
    "Denial of service",
    "Elevation of privilege",
)

ENTRY_BY_KIND: dict[str, str] = {
    "application": "network requests",
    "cli": "command-line arguments, environment variables and input files",
    "library": "calls from the code that imports it",
    "script": "arguments and the environment of the operator's shell",
}

EXPOSURE_BY_AUDIENCE: dict[str, str] = {
    "end-user": "untrusted end users",
    "internal-ops": "the operations team",
    "dev-only": "the project's developers",
}


def stride_rows(component: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(category, threat, mitigation) for each STRIDE category, for one normalized component."""
    kind = str(component.get("kind", "cli"))
    audience = str(component.get("audience", "end-user"))
    entry = ENTRY_BY_KIND.get(kind, "its inputs")
    who = EXPOSURE_BY_AUDIENCE.get(audience, "its users")
    public = audience == "end-user"
    service = kind == "application"
    return [
        (
            "Spoofing",
            f"a caller pretends to be one of {who}" if service else f"a forged release of this {kind} is installed",
            "authenticate every request; no anonymous write paths"
            if service
            else "install only signed release artifacts (Sigstore) from the locked, hashed dependencies",
        ),
        (
            "Tampering",
            f"crafted {entry} change data or behaviour",
            "validate every input at the boundary; dependencies installed with --require-hashes",
        ),
        (
            "Repudiation",
            "an action cannot be traced to who did it"
            if service or kind == "script"
            else "a change of behaviour cannot be traced to a commit",
            "structured (JSON) logs with request/actor ids; audit log of deploys and admin actions"
            if service or kind == "script"
            else "reviewed commits and tag-driven, signed releases",
        ),
        (
            "Information disclosure",
            "secrets or personal data leak through logs, errors or the repository",
            "secrets only from the environment (.env is git-ignored); secret scanning in CI; no secrets in logs",
        ),
        (
            "Denial of service",
            f"oversized or endless {entry} exhaust CPU or memory"
            if public or service
            else "a runaway run blocks the pipeline it is part of",
            "size and time limits on inputs; resource limits in the deployment"
            if service
            else "timeouts on every external call and CI job",
        ),
        (
            "Elevation of privilege",
            f"{who} gain rights they were not given"
            if public
            else "a dependency or CI action runs with more rights than needed",
            "run as a non-root user; least-privilege workflow permissions; actions pinned by commit",
        ),
    ]
