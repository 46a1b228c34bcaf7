"""Which questions a level asks: the phase banners and ``when:`` lines of copier.yml, read as text.

Phase 2 is asked from ``production`` up and Phase 3 at ``secure`` (copier.yml says so in each question's
``when:``); below those levels the answers are Pyve's defaults, and the spec must say so rather than
present them as decisions. The standard library reads copier.yml well enough for this: the banner
comments and the top-level keys are plain lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .levels import LEVELS

COPIER_YML = Path(__file__).resolve().parent.parent.parent / "copier.yml"
PHASE_BANNER = re.compile(r"^# Phase (\d): (.+?)(?: \(asked .*\))?$")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_]*):")
WHEN_LINE = re.compile(r"^  when: (.+)$")
# The lowest level that asks each phase (copier.yml's `when:` lines of Phase 2 and 3 say the same).
PHASE_FLOOR: dict[int, str] = {0: "experiment", 1: "experiment", 2: "production", 3: "secure"}


@lru_cache(maxsize=4)
def phase_questions(path: Path = COPIER_YML) -> tuple[tuple[str, int, str, bool], ...]:
    """(key, phase number, phase title, asked only when deployed) for each question after a banner."""
    found: list[tuple[str, int, str, bool]] = []
    if not path.is_file():
        return ()
    phase, title = -1, ""
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if banner := PHASE_BANNER.match(line):
            phase, title = int(banner.group(1)), banner.group(2).strip()
        elif (top := TOP_LEVEL_KEY.match(line)) and phase >= 0:
            key = top.group(1)
            found.append((key, phase, title, False))
        elif (when := WHEN_LINE.match(line)) and found and found[-1][0] == key:
            found[-1] = (key, found[-1][1], found[-1][2], "pyve.deploys" in when.group(1))
    return tuple(found)


def unasked(level: str, deploys: bool, path: Path = COPIER_YML) -> dict[str, list[str]]:
    """Phase title -> the questions of that phase ``level`` does not ask (deploy-only ones only when deployed)."""
    rank = LEVELS.index(level)
    skipped: dict[str, list[str]] = {}
    for key, phase, title, deploy_only in phase_questions(path):
        if LEVELS.index(PHASE_FLOOR.get(phase, "experiment")) <= rank or (deploy_only and not deploys):
            continue
        skipped.setdefault(f"Phase {phase}: {title}", []).append(key)
    return skipped
