"""Shared helpers for the quality-gate, CI, security and infrastructure tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

VENV_BIN = Path(sys.executable).parent


def tool(name: str) -> str | None:
    """A command from this interpreter's environment, else from PATH."""
    local = VENV_BIN / name
    return str(local) if local.exists() else shutil.which(name)


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", **env}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=environ, check=False)


def load_yaml(path: Path) -> Any:
    # BaseLoader keeps every scalar a string and `on:` a plain key, as GitHub reads it.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def workflows(project: Path) -> dict[str, dict[str, Any]]:
    folder = project / ".github" / "workflows"
    return {path.name: load_yaml(path) for path in sorted(folder.glob("*.yml"))} if folder.is_dir() else {}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def git_init(project: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*git, *args], cwd=project, check=True, capture_output=True)
