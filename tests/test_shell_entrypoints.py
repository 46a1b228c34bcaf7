"""Entry points as users write them: a shell component's entrypoint may be a script path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import Render

from pyve_gen.model.components import normalize
from pyve_gen.model.validation import components_error

SHELL = {"name": "backup", "kind": "script", "language": "shell"}


@pytest.mark.parametrize(
    ("answer", "root", "entrypoints"),
    [
        ({"entrypoints": ["scripts/backup.sh"]}, "scripts", ("backup.sh",)),
        ({"entrypoints": ["./scripts/backup.sh"]}, "scripts", ("backup.sh",)),
        ({"paths": ["ops"], "entrypoints": ["ops/bin/backup", "restore"]}, "ops", ("bin/backup", "restore")),
        ({}, "scripts/backup", ("backup",)),
    ],
)
def test_script_paths_are_read_from_the_project_root(
    answer: dict[str, Any], root: str, entrypoints: tuple[str, ...]
) -> None:
    comp = normalize(SHELL | answer)
    assert (comp.root, comp.entrypoints) == (root, entrypoints)
    assert components_error([SHELL | answer]) == ""


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"paths": ["tools"], "entrypoints": ["scripts/backup.sh"]}, "inside the component's folder 'tools'"),
        ({"paths": ["scripts"], "entrypoints": ["scripts/../etc/backup.sh"]}, "inside the component's folder"),
        ({"entrypoints": ["scripts/Backup Now.sh"]}, "must be a command name"),
    ],
)
def test_script_paths_outside_the_component_are_refused(answer: dict[str, Any], message: str) -> None:
    assert message in components_error([SHELL | answer])


def test_a_python_entrypoint_is_still_a_command_name() -> None:
    error = components_error([{"name": "app", "kind": "cli", "entrypoints": ["scripts/app.sh"]}])
    assert "must be a command name" in error


def test_script_paths_render_executable_linted_and_tested(render: Render) -> None:
    components = [
        {"name": "ops-kit", "kind": "cli"},
        SHELL | {"entrypoints": ["scripts/backup.sh", "./scripts/sub/restore.sh"]},
    ]
    project = render({"project_name": "Ops Kit", "components": components})
    for script in ("scripts/backup.sh", "scripts/sub/restore.sh"):
        assert (project / script).stat().st_mode & 0o111, f"{script} is not executable"
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    assert "SHELL_SCRIPTS := scripts/backup.sh scripts/sub/restore.sh\n" in makefile
    missing = [tool for tool in ("make", "shellcheck", "shfmt", "bats", "zsh") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"shell toolchain not installed here: {missing}")
    result = subprocess.run(
        ["make", "--no-print-directory", "lint-shell", "test-shell", "STRICT=1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shellcheck scripts/backup.sh scripts/sub/restore.sh" in result.stdout
    assert "ok 4 sub/restore.sh greets by name" in result.stdout
    assert Path(project / "scripts/backup.sh").read_text().startswith("#!/usr/bin/env bash")
