#!/usr/bin/env python3
"""Hash every file of 24 renders of the template at a git ref: proof that a refactor keeps the output's bytes.

python scripts/render_hashes.py REF OUT.json          render each answer set with `copier copy --trust
                                                      --defaults --data-file` at REF; hash every file
python scripts/render_hashes.py --compare A.json B.json   list the files that differ (exit 1 if any)

Answer sets: each level, each deploy provider at production, each language, many components, hostile text,
no CI. `_commit` in the answers file is left out of its hash. A maintainer tool (#22 item 6).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "Acme \"Billing\" $(rm -rf /) `x` 'q' # {{ x }} \\ ünï"
SETS: dict[str, dict[str, Any]] = {
    "experiment": {"project_name": "Exp Tool", "quality_level": "experiment"},
    "prototype": {"project_name": "Proto Tool", "quality_level": "prototype"},
    "production": {"project_name": "Prod Tool", "quality_level": "production"},
    "secure": {"project_name": "Sec Tool", "quality_level": "secure"},
    "production-answer": {
        "project_name": "Prod A",
        "quality_level": "production",
        "phase1_mode": "answer",
        "phase2_mode": "answer",
    },
    "secure-answer": {
        "project_name": "Sec A",
        "quality_level": "secure",
        "phase1_mode": "answer",
        "phase2_mode": "answer",
        "phase3_mode": "answer",
    },
    "lib": {"project_name": "Lib One", "quality_level": "production", "components": "lib:library"},
    "shell": {"project_name": "Sh Tool", "quality_level": "prototype", "components": "tool:cli:shell"},
    "cpp": {"project_name": "Cpp Tool", "quality_level": "production", "components": "core:library:cpp"},
    "ruby": {"project_name": "Rb Tool", "quality_level": "prototype", "components": "gem:library:ruby"},
    "sql": {"project_name": "Sql Tool", "quality_level": "production", "components": "db:library:sql"},
    "many": {
        "project_name": "Many Parts",
        "quality_level": "secure",
        "components": "api:application,cli:cli,lib:library,ops:script:shell,core:library:cpp,gem:library:ruby,db:library:sql",
    },
    "hostile": {
        "project_name": HOSTILE,
        "project_slug": "hostile",
        "package_name": "hostile",
        "quality_level": "production",
        "summary": HOSTILE,
        "owners": "@a, " + HOSTILE,
    },
    "ci-none": {
        "project_name": "No CI",
        "quality_level": "experiment",
        "phase1_mode": "answer",
        "ci_provider": "none",
        "lint_enforcement": "ci-only",
    },
    **{
        f"deploy-{provider}": {
            "project_name": f"Svc {provider}",
            "quality_level": "production",
            "components": "api:application",
            "deploy_provider": provider,
        }
        for provider in ("fly", "aws", "gcp", "azure", "heroku", "on-prem", "kubernetes", "undecided")
    },
    "deploy-aws-secure": {
        "project_name": "Svc sec",
        "quality_level": "secure",
        "components": "api:application",
        "deploy_provider": "aws",
        "phase2_mode": "answer",
        "iac_tool": "pulumi",
        "container_runtime": "podman",
        "base_image": "distroless",
    },
    "deploy-gcp-proto": {
        "project_name": "Svc proto",
        "quality_level": "prototype",
        "components": "api:application",
        "deploy_provider": "gcp",
    },
}


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path -> mode and SHA-256 (a folder -> "dir"); ``_commit`` left out of the answers file."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        if path.is_dir():
            out[rel + "/"] = "dir"
            continue
        data = path.read_bytes()
        if rel == ".copier-answers.yml":
            data = b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"_commit:"))
        out[rel] = ("x" if os.access(path, os.X_OK) else "-") + hashlib.sha256(data).hexdigest()[:16]
    return out


def render_all(ref: str) -> dict[str, Any]:
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", ref], capture_output=True, text=True, check=True)
    copier = Path(sys.executable).parent / "copier"
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Path(tmp) / "settings.yml"
        settings.write_text("{}\n", encoding="utf-8")
        env = {**os.environ, "COPIER_SETTINGS_PATH": str(settings)}
        for name, data in SETS.items():
            answers = Path(tmp) / f"{name}.yml"
            answers.write_text(yaml.safe_dump({"git_init": False, **data}, allow_unicode=True), encoding="utf-8")
            dest = Path(tmp) / name
            # An explicit commit: Copier renders a local HEAD with uncommitted changes, a commit as committed.
            command = [str(copier), "copy", "--trust", "--defaults", "--quiet", "--vcs-ref", sha.stdout.strip()]
            done = subprocess.run(
                [*command, "--data-file", str(answers), str(REPO), str(dest)], env=env, capture_output=True, text=True
            )
            results[name] = tree_hashes(dest) if done.returncode == 0 else {"error": done.stderr[-2000:]}
            print(name, len(results[name]), file=sys.stderr)
    return results


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [
        f"{name}: {path}: {a.get(name, {}).get(path)} -> {b.get(name, {}).get(path)}"
        for name in sorted(set(a) | set(b))
        for path in sorted(set(a.get(name, {})) | set(b.get(name, {})))
        if a.get(name, {}).get(path) != b.get(name, {}).get(path)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="compare two hash files instead of rendering")
    parser.add_argument("first", help="git ref to render (or, with --compare, the first hash file)")
    parser.add_argument("second", help="where to write the hashes (or, with --compare, the second hash file)")
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(Path(name).read_text(encoding="utf-8")) for name in (args.first, args.second))
        differing = compare(a, b)
        print("\n".join(differing))
        files = sum(len(set(a.get(n, {})) | set(b.get(n, {}))) for n in set(a) | set(b))
        print(f"{len(set(a) | set(b))} answer sets, {files} files, {len(differing)} differ")
        return 1 if differing else 0
    Path(args.second).write_text(json.dumps(render_all(args.first), indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
