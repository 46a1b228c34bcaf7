#!/usr/bin/env python3
"""Render every quality level x deploy provider and run each file's validator; print the matrix.

Usage: .venv-dev/bin/python scripts/gates-matrix.py   (about 3 minutes; needs the dev venv)
The test suite covers the same checks on a smaller cross; this is the exhaustive run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

import hcl2
import yaml

from pyve_gen import copier_calls
from pyve_gen.model.levels import LEVELS

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROVIDERS = ("none", "undecided", "fly", "aws", "gcp", "azure", "heroku", "on-prem", "kubernetes")


def ok(args: list[str], cwd: Path) -> bool:
    return subprocess.run(args, cwd=cwd, capture_output=True, check=False).returncode == 0


def check_workflows(p: Path) -> bool | None:
    files = [str(f) for f in (p / ".github" / "workflows").glob("*.yml")]
    return (
        ok([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files], p) if files else None
    )


def check_dependabot(p: Path) -> bool | None:
    f = p / ".github" / "dependabot.yml"
    return (
        ok([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(f)], p) if f.exists() else None
    )


def check_zizmor(p: Path) -> bool | None:
    return ok([str(BIN / "zizmor"), "--offline", "--no-progress", "."], p) if (p / ".github").exists() else None


def check_pre_commit(p: Path) -> bool | None:
    f = p / ".pre-commit-config.yaml"
    return ok([str(BIN / "pre-commit"), "validate-config", str(f)], p) if f.exists() else None


def check_yaml(p: Path) -> bool | None:
    files = [*p.glob("k8s/*.yaml"), *p.glob("compose.yaml")]
    return all(yaml.safe_load(f.read_text()) for f in files) if files else None


def check_toml(p: Path) -> bool | None:
    files = [*p.glob("fly.toml"), *p.glob(".gitleaks.toml"), p / "pyproject.toml"]
    return all(tomllib.loads(f.read_text()) is not None for f in files if f.exists())


def check_hcl(p: Path) -> bool | None:
    files = list(p.glob("infra/*.tf"))
    return all(hcl2.load(f.open()) is not None for f in files) if files else None


def check_hadolint(p: Path) -> bool | None:
    files = [f for f in (p / "Containerfile", p / "Dockerfile") if f.exists()]
    return all(ok([str(BIN / "hadolint"), f.name], p) for f in files) if files else None


CHECKS: dict[str, Callable[[Path], bool | None]] = {
    "workflows schema": check_workflows,
    "zizmor": check_zizmor,
    "dependabot schema": check_dependabot,
    "pre-commit validate-config": check_pre_commit,
    "YAML (k8s, compose)": check_yaml,
    "TOML (fly, gitleaks, pyproject)": check_toml,
    "HCL (infra/*.tf)": check_hcl,
    "hadolint": check_hadolint,
}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pyve"
        shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".*_cache"))
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "snapshot"]):
            subprocess.run([*git, *args], cwd=src, check=True)
        results: dict[tuple[str, str], list[bool | None]] = {}
        for level in LEVELS:
            for provider in PROVIDERS:
                dest = Path(tmp) / f"{level}-{provider}"
                data = {"quality_level": level, "deploy_provider": provider, "ci_provider": "github-actions"}
                copier_calls.render(str(src), dest, data, vcs_ref="HEAD")
                for name, check in CHECKS.items():
                    results.setdefault((level, name), []).append(check(dest))
    print(f"| check ({len(PROVIDERS)} deploy providers each) | " + " | ".join(LEVELS) + " |")
    print("|---|" + "---|" * len(LEVELS))
    failed = False
    for name in CHECKS:
        cells = []
        for level in LEVELS:
            outcomes = [r for r in results[(level, name)] if r is not None]
            passed = sum(outcomes)
            failed |= passed != len(outcomes)
            cells.append(f"{passed}/{len(outcomes)} pass" if outcomes else "n/a")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
