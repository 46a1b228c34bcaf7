"""The locks of a rendered project checked by the checker the project ships (`make lock-check`).

`pyve-gen check` (PV200, PV201) and `./pyve.sh --lock --check` run one logic: the template's
``.pyve/lock_check.py``, loaded from the template this pyve-gen carries (the current rules, even
when the project's own copy is older). It needs only the standard library and ``packaging``.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from pyve_gen.questionnaire import TEMPLATE_ROOT

LOCK_CHECK = TEMPLATE_ROOT / "template" / ".pyve" / "lock_check.py"
BUILD_LOCK = "requirements-dev.txt"
# An adopted repository's pyproject.toml is its own: `pyve-gen adopt` puts its [build-system] requires and dev group
# into requirements-adopted.in, so that lock is the one that must hold them (pyve.sh's lock-check says the same).
ADOPTED_INPUT = "requirements-adopted.in"
ADOPTED_LOCK = "requirements-adopted.txt"


def build_lock(root: Path) -> str:
    """The lock that must hold pyproject.toml's [build-system] requires and dev group."""
    return ADOPTED_LOCK if (root / ADOPTED_INPUT).is_file() else BUILD_LOCK


@lru_cache(maxsize=1)
def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pyve_lock_check", LOCK_CHECK)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {LOCK_CHECK}")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def check_locks(
    root: Path, pairs: list[tuple[str, str]], python_versions: list[str], build_lock: str | None = BUILD_LOCK
) -> Any:
    """The checker's findings (``unpinned``, ``stale``, ``satisfied``) for the project at ROOT;
    ``build_lock`` is the lock that must hold pyproject.toml's [build-system] requires (None: skip)."""
    return checker().check_locks(root, pairs, python_versions, build_lock)
