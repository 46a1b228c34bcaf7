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
    assert all(sys.modules[name] is module for name, module in before.items() if name in sys.modules)
    assert not {name for name in added if name.startswith("pyve_gen")}
    models = {name for name in sys.modules if name.startswith("_pyve_model_")}  # this render's, or an earlier one's
    assert models, "the extension loads the model under a private name"
    for name in models:
        origin = Path(sys.modules[name].__file__ or "").resolve()
        assert REPO not in origin.parents, f"{name} was loaded from this checkout, not the template's: {origin}"
    assert template_src.resolve() != REPO
