"""Answers that follow the quality level, re-derived when the level changes on update.

Several questions take their default from `quality_level` (coverage_floor, ci_provider,
release_process, test_scopes, …); copier.yml marks them (see :func:`pyve_gen.questionnaire.level_dependent`).
Copier records the answer, not where it came from, so after `--data quality_level=production` it would
keep the prototype-era defaults and the project would miss production gates. Here, an answer that still
equals its default at the old level (the user never chose it) is moved to its default at the new level;
an answer the user changed is kept. Copier itself evaluates the defaults (`pretend` runs of its public
`run_copy`), so copier.yml stays the one source.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyve_gen import copier_calls
from pyve_gen.model.questions import LEVEL_KEY
from pyve_gen.questionnaire import level_dependent, only_questions


def _pretend(src: str, ref: str | None, data: dict[str, Any], *, collect_only: bool = False) -> Any:
    """A Copier run that writes nothing: its worker holds the answers and the template's questions."""
    with tempfile.TemporaryDirectory(prefix="pyve-defaults.") as tmp:
        return copier_calls.collect(src, Path(tmp) / "p", data, vcs_ref=ref, render_files=not collect_only)


def template_questions(src: str, ref: str | None, answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The questions of the template at ``ref`` as written in its copier.yml (defaults unrendered)."""
    return only_questions(dict(_pretend(src, ref, answers or {}, collect_only=True).template.questions_data))


def rederive(src: str, recorded: dict[str, Any], data: dict[str, Any], vcs_ref: str | None) -> dict[str, Any]:
    """Extra `--data` for the level-dependent answers the user never chose; {} when the level is unchanged."""
    old_level, new_level = recorded.get(LEVEL_KEY), data.get(LEVEL_KEY)
    if new_level is None or new_level == old_level:
        return {}
    answered = {k: v for k, v in recorded.items() if not k.startswith("_")}
    questions = template_questions(src, vcs_ref, {**answered, **data})
    keys = [key for key in level_dependent(questions) if key in recorded and key not in data]
    if not keys:
        return {}
    base = {k: v for k, v in answered.items() if k not in keys}
    base.update(data)
    old_defaults = dict(_pretend(src, str(recorded.get("_commit")), {**base, LEVEL_KEY: old_level}).answers.combined)
    new_defaults = dict(_pretend(src, vcs_ref, base).answers.combined)
    return {
        key: new_defaults[key]
        for key in keys
        if key in old_defaults
        and key in new_defaults
        and recorded[key] == old_defaults[key]
        and new_defaults[key] != recorded[key]
    }


def defaults_with(src: str, ref: str | None, data: dict[str, Any], user_defaults: dict[str, Any]) -> dict[str, Any]:
    """Every answer Copier gives when ``data`` is fixed and the rest take their defaults (nothing asked or written)."""
    with tempfile.TemporaryDirectory(prefix="pyve-defaults.") as tmp:
        worker = copier_calls.collect(src, Path(tmp) / "p", data, vcs_ref=ref, user_defaults=user_defaults)
    return {key: value for key, value in worker.answers.combined.items() if not str(key).startswith("_")}


def followers(
    answers: dict[str, Any], fixed: set[str], defaults: Callable[[dict[str, Any]], dict[str, Any]]
) -> set[str]:
    """The answers that hold the default Copier derives for them from the others: the ones nobody chose.

    All but ``fixed`` are first assumed to follow; an answer that differs from its default with the others
    as they are is someone's choice and is fixed in turn (a default can hang on another: slug -> package).
    """
    followed = {key for key in answers if key not in fixed}
    for _ in range(3):  # each pass is a Copier run; a chain of defaults deeper than that is not in copier.yml
        derived = defaults({key: value for key, value in answers.items() if key not in followed})
        still = {key for key in followed if key in derived and derived[key] == answers[key]}
        if still == followed:
            break
        followed = still
    return followed
