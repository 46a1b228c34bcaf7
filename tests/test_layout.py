"""The split by who loads it (DESIGN.md §2): the render model is pure, only the CLI prints, nobody patches Copier."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from conftest import REPO

MODEL = REPO / "pyve_gen" / "model"
PACKAGE = REPO / "pyve_gen"
CLI = PACKAGE / "cli"
FORBIDDEN_IN_MODEL = {"subprocess", "argparse", "pyve_gen", "copier", "yaml", "questionary", "packaging"}


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", _modules(MODEL), ids=lambda p: p.name)
def test_the_render_model_imports_the_standard_library_and_itself_only(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.level:
            continue  # relative: another module of the model
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names and top not in FORBIDDEN_IN_MODEL, f"{path.name} imports {name}"


def _calls(path: Path, *functions: str) -> list[str]:
    return [
        f"{path.relative_to(REPO)}:{node.lineno} {node.func.id}()"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions
    ]


def test_only_the_cli_prints_or_prompts() -> None:
    outside = [path for path in _modules(PACKAGE) if CLI not in path.parents]
    found = [call for path in outside for call in _calls(path, "print", "input")]
    found += [
        f"{path.relative_to(REPO)} imports {name}"
        for path in outside
        for node in ast.walk(_tree(path))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for name in ([node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names])
        if name.split(".")[0] in {"argparse", "questionary"}
    ]
    assert not found


def test_no_private_copier_module_and_no_patch_of_copier_or_jinja() -> None:
    offenders = []
    for path in [*_modules(PACKAGE), *_modules(REPO / "extensions")]:
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("copier._"):
                offenders.append(f"{path.name}: from {node.module} import")
            if isinstance(node, ast.Import) and any(a.name.startswith("copier._") for a in node.names):
                offenders.append(f"{path.name}: import copier._*")
            if isinstance(node, ast.ImportFrom) and node.module == "copier":
                # Copier's package exports only these; any other name warns users it is internal (Worker did)
                internal = {a.name for a in node.names} - {"run_copy", "run_recopy", "run_update", "Settings", "Phase"}
                offenders += [f"{path.name}: from copier import {name}" for name in sorted(internal)]
        if 'sys.modules.get("copier' in text or "environment.compile =" in text or "from_string =" in text:
            offenders.append(f"{path.name}: patches Copier or Jinja")
    assert not offenders
