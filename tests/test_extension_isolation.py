"""The extension runs the template checkout's own pyve_gen and gives the caller its pyve_gen back."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO, Render

import pyve_gen


def test_in_process_render_keeps_the_callers_pyve_gen(render: Render, template_src: Path) -> None:
    assert Path(pyve_gen.__file__).resolve().parent.parent == REPO
    before = {name: mod for name, mod in sys.modules.items() if name.startswith("pyve_gen")}
    render()  # renders from template_src, a different checkout with its own pyve_gen
    after = {name: mod for name, mod in sys.modules.items() if name.startswith("pyve_gen")}
    assert after == before
    assert template_src.resolve() != REPO
