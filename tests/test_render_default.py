"""The default render is a working project: its own tests and linters pass."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import Render


def test_default_render_passes_its_own_tests(render: Render) -> None:
    project = render()
    assert (project / ".copier-answers.yml").is_file()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b[1-9][0-9]* passed", result.stdout) and "failed" not in result.stdout


def test_default_render_is_ruff_clean(render: Render) -> None:
    project: Path = render()
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
