"""`copier copy` works with only copier and copier-template-extensions installed (DESIGN.md §2)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def _pinned(name: str) -> str:
    text = (REPO / "requirements-dev.txt").read_text()
    match = re.search(rf"^{re.escape(name)}==([^\s\\]+)", text, flags=re.M)
    assert match, name
    return f"{name}=={match.group(1)}"


def test_copy_with_only_copier_and_extensions(template_src: Path, tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", "--seed", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(python), _pinned("copier"), _pinned("copier-template-extensions")],
        check=True,
    )
    probe = subprocess.run([str(python), "-c", "import pyve_gen"], capture_output=True, cwd=tmp_path)
    assert probe.returncode != 0, "pyve_gen must not be installed in this venv"
    dest = tmp_path / "out"
    result = subprocess.run(
        [
            str(venv / "bin" / "copier"),
            "copy",
            "--trust",
            "--defaults",
            "--vcs-ref",
            "HEAD",
            str(template_src),
            str(dest),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (dest / "docs" / "specs" / "codebase_spec.md").is_file()
