"""The extension runs the template checkout's own render model and leaves the caller's modules alone."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO, Render

import pyve_gen


def test_in_process_render_keeps_the_callers_modules(render: Render, template_src: Path) -> None:
    assert Path(pyve_gen.__file__).resolve().parent.parent == REPO
    before = dict(sys.modules)
    render()  # renders from template_src, a different checkout with its own pyve_gen/model
    added = set(sys.modules) - set(before)
    # copier-template-extensions registers each extension file it executes as copier_template_extensions.<stem>:
    # the loader's own entry, replaced by every render; every other module the caller had stays as it was.
    loader_entries = {name for name in sys.modules if name.startswith("copier_template_extensions.pyve")}
    replaced = {n for n, m in before.items() if n in sys.modules and sys.modules[n] is not m} - loader_entries
    assert not replaced
    assert not {name for name in added if name.startswith("pyve_gen")}
    models = {name for name in sys.modules if name.startswith("_pyve_model_")}  # this render's, or an earlier one's
    assert models, "the extension loads the model under a private name"
    for name in models:
        origin = Path(sys.modules[name].__file__ or "").resolve()
        assert REPO not in origin.parents, f"{name} was loaded from this checkout, not the template's: {origin}"
    assert template_src.resolve() != REPO


def _exec_extension(root: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("_pyve_extension_probe", root / "extensions" / "pyve.py")
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_the_extension_reads_its_roots_inputs_and_a_missing_one_raises(tmp_path: Path) -> None:
    """The extension hands the model its root's copier.yml and dev lock: without the lock (or without a model
    beside it) loading fails loudly, instead of rendering with 0 tool versions or 0 phase questions."""
    import shutil

    import pytest

    root = tmp_path / "root"
    shutil.copytree(REPO / "extensions", root / "extensions", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "copier.yml", root / "copier.yml")
    with pytest.raises(FileNotFoundError, match="render model"):
        _exec_extension(root)
    shutil.copytree(
        REPO / "pyve_gen" / "model", root / "pyve_gen" / "model", ignore=shutil.ignore_patterns("__pycache__")
    )
    with pytest.raises(FileNotFoundError, match="requirements-dev.txt"):
        _exec_extension(root)
    (root / "template").mkdir()
    shutil.copy2(REPO / "template" / "requirements-dev.txt", root / "template" / "requirements-dev.txt")
    _exec_extension(root)  # complete: it loads
