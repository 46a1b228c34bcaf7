"""Writes stay inside the project: never into a git submodule (issue #25)."""

from __future__ import annotations

from pathlib import Path

from pyve_gen.adopt.apply import Rendered, plan


def test_adopt_plans_no_write_into_a_git_submodule(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "vendor" / "lib").mkdir(parents=True)
    (root / "vendor" / "lib" / ".git").write_text("gitdir: ../../.git/modules/lib\n")  # as git submodule add leaves it
    render = tmp_path / "render"
    for relpath in ("README.md", "vendor/lib/pyproject.toml", "vendor/lib/src/x.py"):
        (render / relpath).parent.mkdir(parents=True, exist_ok=True)
        (render / relpath).write_text("template\n")
    steps = {step.path: step for step in plan(root, Rendered(render, {}, []), "merge")}
    assert steps["README.md"].action == "add"
    for relpath in ("vendor/lib/pyproject.toml", "vendor/lib/src/x.py"):
        assert steps[relpath].action == "skip", steps[relpath]
        assert "git submodule" in steps[relpath].detail
