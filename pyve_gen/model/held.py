"""The files an adopted repository keeps as its own (the answer ``adopt_held``, set by `pyve-gen adopt`), as the
exclusion patterns of copier.yml's ``_exclude``: no render or update writes them.
"""

from __future__ import annotations

import re
from typing import Any

from .components import Component, from_short_form

SAFE_PATH = re.compile(r"^[A-Za-z0-9_.+@-][A-Za-z0-9_.+@/ -]*$")


def exclude_patterns(value: Any) -> str:
    """One gitignore-style pattern a line, each anchored at the top (``/LICENSE``); anything that is not a plain
    relative path (globs, ``..``, hidden-from-git names, non-strings, a non-list answer) is ignored."""
    if not isinstance(value, list):
        return ""
    paths = [
        path
        for path in value
        if isinstance(path, str) and SAFE_PATH.match(path) and ".." not in path.split("/") and "//" not in path
    ]
    return "".join(f"/{path}\n" for path in paths)


def in_place(components: list[Component], raw: Any, held: Any) -> set[str]:
    """The roots of the components whose files stay where the adopted repository has them (a lone tool's scripts at
    the top, a header-only library its own CMake builds): answered with no ``paths``, and ``held`` (the answer
    ``adopt_held``) leaves out the template's skeleton in their default folder. The docs name where their files are,
    not that folder."""
    raw = from_short_form(raw)
    items = [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []
    paths = [path for path in held if isinstance(path, str)] if isinstance(held, list) else []
    return {
        comp.root
        for comp, item in zip(components, items, strict=False)
        if comp.language in {"shell", "cpp"}
        and not item.get("paths")
        and any(path.startswith(comp.root + "/") for path in paths)
    }
