"""Ask git for ``core.fileMode`` once per Copier operation, not once per rendered file.

After writing each file, Copier 9.19 runs ``git config --get core.fileMode`` in the destination
(``Worker._sync_git_index_executable_bit``) and does more only when it says ``false``. That is one
``git`` process per file: with this template's file count, the largest cost of a render after
Copier's start-up. The setting cannot change while Copier writes files, so :func:`ask_once` makes
each Worker ask once; when the answer is ``false`` every file still goes through Copier's own code.
Nothing is changed when Copier no longer has that method.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

_PATCHED = "_pyve_asks_once"
_ANSWER = "_pyve_file_mode_off"  # kept on the Worker instance: one answer per operation


def file_mode_off(directory: Path) -> bool:
    """True when git, run in ``directory``, says ``core.fileMode`` is false (Copier's test)."""
    try:
        result = subprocess.run(
            ["git", "config", "--type=bool", "--get", "core.fileMode"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return False
    return result.returncode == 0 and result.stdout.strip() == "false"


def ask_once() -> None:
    """Patch Copier's Worker (once per process) so each operation asks git for core.fileMode once."""
    worker_class = getattr(sys.modules.get("copier._main"), "Worker", None)
    original = getattr(worker_class, "_sync_git_index_executable_bit", None)
    if original is None or getattr(original, _PATCHED, False):
        return

    @functools.wraps(original)
    def sync_when_file_mode_off(self: Any, dst_relpath: Path, src_mode: int) -> None:
        answer = self.__dict__.get(_ANSWER)
        if answer is None:
            answer = self.__dict__[_ANSWER] = file_mode_off(Path(self.subproject.local_abspath))
        if answer:
            original(self, dst_relpath, src_mode)

    setattr(sync_when_file_mode_off, _PATCHED, True)
    worker_class._sync_git_index_executable_bit = sync_when_file_mode_off  # type: ignore[union-attr]
