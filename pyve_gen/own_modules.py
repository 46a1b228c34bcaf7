"""Keep this process's `pyve_gen` importable across an in-process Copier run.

The template's extension imports `pyve_gen` from the template checkout Copier renders from (so each
tag runs its own logic) and leaves those modules in `sys.modules`; the checkout is a temp clone that
is deleted afterwards. Without this guard, a later `import pyve_gen.x` here would fail or load
another version's code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


def _ours() -> dict[str, ModuleType]:
    return {name: module for name, module in sys.modules.items() if name == "pyve_gen" or name.startswith("pyve_gen.")}


@contextmanager
def own_pyve_gen_modules() -> Iterator[None]:
    saved = _ours()
    try:
        yield
    finally:
        for name in _ours():
            del sys.modules[name]
        sys.modules.update(saved)
