"""Which questions a level asks: the phase banners, ``when:`` and ``ask:`` lines of copier.yml, read as text.

Phase 2 is asked from ``production`` up and Phase 3 at ``secure`` (copier.yml says so in each question's
``when:``); below those levels the answers are Pyve's defaults, and the spec must say so rather than
present them as decisions. Each detailed phase (1, 2, 3) opens with its gate, ``phase<N>_mode``: "answer
these N questions, or keep the recommended defaults"; kept defaults are recorded by Copier (``ask:``
false records the default) and the spec lists them as such. The standard library reads copier.yml well
enough for this: the banner comments, the top-level keys and the ``when:`` lines are plain lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .levels import LEVELS, at_least

COPIER_YML = Path(__file__).resolve().parent.parent.parent / "copier.yml"
PHASE_BANNER = re.compile(r"^# Phase (\d): (.+?)(?: \(asked .*\))?$")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_]*):")
WHEN_LINE = re.compile(r"^  when: (.+)$")
ASK_LINE = re.compile(r"^  ask: .*\b(phase\d_mode)\b")
GATE_KEY = re.compile(r"^phase(\d)_mode$")
# The lowest level that asks each phase (copier.yml's `when:` lines of Phase 2 and 3 say the same).
PHASE_FLOOR: dict[int, str] = {0: "experiment", 1: "experiment", 2: "production", 3: "secure"}
KEEP = "defaults"  # the gate answer that keeps a phase's recommended defaults

_LANGUAGE_ATOM = re.compile(r"^'([a-z]+)' in pyve\.languages$")
_EQUALS_ATOM = re.compile(r"^([a-z_]+) == '([^']*)'$")


def gate_key(phase: int) -> str:
    """The question that opens ``phase``: answer its questions, or keep the recommended defaults."""
    return f"phase{phase}_mode"


@lru_cache(maxsize=4)
def phase_questions(path: Path = COPIER_YML) -> tuple[tuple[str, int, str, str, bool], ...]:
    """(key, phase number, phase title, ``when:`` condition or "", behind the gate) for each question after a banner.

    The gates (``phase<N>_mode``) are left out: they are the phase's door, not its questions. A question
    is behind its phase's gate when its ``ask:`` reads the gate (the phase's other questions are always asked).
    """
    found: list[tuple[str, int, str, str, bool]] = []
    if not path.is_file():
        return ()
    phase, title = -1, ""
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if banner := PHASE_BANNER.match(line):
            phase, title = int(banner.group(1)), banner.group(2).strip()
        elif (top := TOP_LEVEL_KEY.match(line)) and phase >= 0:
            key = top.group(1)
            if not GATE_KEY.match(key):
                found.append((key, phase, title, "", False))
        elif (when := WHEN_LINE.match(line)) and found and found[-1][0] == key:
            condition = when.group(1).strip().strip("\"'").removeprefix("{{").removesuffix("}}").strip()
            found[-1] = (*found[-1][:3], condition, found[-1][4])
        elif (ask := ASK_LINE.match(line)) and found and found[-1][0] == key:
            found[-1] = (*found[-1][:4], ask.group(1) == gate_key(found[-1][1]))
    return tuple(found)


def applies(condition: str, facts: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether a ``when:`` condition of copier.yml holds: its ``and``-ed atoms, read from the facts.

    An atom comparing an answer not given yet (``release_process == 'tag-driven'`` before it is asked)
    counts as holding: the question may still come.
    """
    for atom in (part.strip() for part in condition.split(" and ") if part.strip()):
        if language := _LANGUAGE_ATOM.match(atom):
            holds = language.group(1) in facts.get("languages", [])
        elif atom.startswith("pyve."):
            holds = bool(facts.get(atom.removeprefix("pyve."), True))
        elif (equals := _EQUALS_ATOM.match(atom)) and answers.get(equals.group(1)) is not None:
            holds = str(answers[equals.group(1)]) == equals.group(2)
        else:
            holds = True
        if not holds:
            return False
    return True


def unasked(level: str, deploys: bool, path: Path = COPIER_YML) -> dict[str, list[str]]:
    """Phase title -> the questions of that phase ``level`` does not ask (deploy-only ones only when deployed)."""
    rank = LEVELS.index(level)
    skipped: dict[str, list[str]] = {}
    for key, phase, title, condition, _gated in phase_questions(path):
        deploy_only = "pyve.deploys" in condition
        if LEVELS.index(PHASE_FLOOR.get(phase, "experiment")) <= rank or (deploy_only and not deploys):
            continue
        skipped.setdefault(f"Phase {phase}: {title}", []).append(key)
    return skipped


def gate_default(data: Any, phase: int, path: Path = COPIER_YML) -> str:
    """The default of ``phase<N>_mode``: ``answer`` when the data given (``--data``, a data file) already
    answers one of its questions, so the spec never calls a given answer a kept default; else ``defaults``."""
    if isinstance(data, Mapping):
        gated = {
            key for key, number, _title, _condition, is_gated in phase_questions(path) if number == phase and is_gated
        }
        if gated & set(data):
            return "answer"
    return KEEP


def phase_sizes(
    level: str, facts: Mapping[str, Any], answers: Mapping[str, Any], path: Path = COPIER_YML
) -> dict[int, int]:
    """Phase number -> how many of its gated questions it asks (at most) for these facts: the N of its gate."""
    sizes: dict[int, int] = {}
    for _key, phase, _title, condition, gated in phase_questions(path):
        if gated and at_least(level, PHASE_FLOOR.get(phase, "experiment")) and applies(condition, facts, answers):
            sizes[phase] = sizes.get(phase, 0) + 1
    return sizes


def kept_defaults(
    level: str, facts: Mapping[str, Any], answers: Mapping[str, Any], path: Path = COPIER_YML
) -> dict[str, list[str]]:
    """Phase title -> its questions that hold the recommended defaults because its gate kept them."""
    kept: dict[str, list[str]] = {}
    for key, phase, title, condition, gated in phase_questions(path):
        if (
            not gated
            or answers.get(gate_key(phase)) != KEEP
            or not at_least(level, PHASE_FLOOR.get(phase, "experiment"))
        ):
            continue
        if applies(condition, facts, answers):
            kept.setdefault(f"Phase {phase}: {title}", []).append(key)
    return kept
