"""The files an adopted repository keeps as its own (the answer ``adopt_held``, set by `pyve-gen adopt`), as the
exclusion patterns of copier.yml's ``_exclude``: no render or update writes them.
"""

from __future__ import annotations

import re
from typing import Any

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
