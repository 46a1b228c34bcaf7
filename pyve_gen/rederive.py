"""Answers that follow the quality level, re-derived when the level changes on update.

Several questions take their default from `quality_level` (coverage_floor, ci_provider,
release_process, test_scopes, …). Copier records the answer, not where it came from, so after
`--data quality_level=production` it would keep the prototype-era defaults and the project would
miss production gates. Here, an answer that still equals its default at the old level (the user
never chose it) is moved to its default at the new level; an answer the user changed is kept.
Copier itself evaluates the defaults (two `pretend` runs), so copier.yml stays the one source.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

LEVEL_KEY = "quality_level"


def level_dependent_keys(questions: dict[str, Any]) -> list[str]:
    """Questions whose default (a Jinja string) depends on the quality level."""
    return sorted(
        key
        for key, spec in questions.items()
        if key != LEVEL_KEY and isinstance(spec, dict) and LEVEL_KEY in str(spec.get("default", ""))
    )


def _questions(src: str, ref: str | None) -> dict[str, Any]:
    """The template's questions as written in its copier.yml (defaults unrendered)."""
    try:
        from copier._template import Template  # cheap: clones, renders nothing
    except ImportError:  # a Copier that moved it: take them from a (pretend) render instead
        from copier import run_copy

        with tempfile.TemporaryDirectory(prefix="pyve-questions.") as tmp:
            worker = run_copy(
                src, str(Path(tmp) / "p"), defaults=True, unsafe=True, quiet=True, pretend=True, vcs_ref=ref
            )
            return dict(worker.template.questions_data)
    template = Template(url=src, ref=ref)
    try:
        return dict(template.questions_data)
    finally:
        template._cleanup()


def _defaults(src: str, ref: str | None, data: dict[str, Any]) -> dict[str, Any]:
    from copier import run_copy

    with tempfile.TemporaryDirectory(prefix="pyve-defaults.") as tmp:
        worker = run_copy(
            src, str(Path(tmp) / "p"), data=data, defaults=True, unsafe=True, quiet=True, pretend=True, vcs_ref=ref
        )
        return dict(worker.answers.combined)


def rederive(src: str, recorded: dict[str, Any], data: dict[str, Any], vcs_ref: str | None) -> dict[str, Any]:
    """Extra `--data` for the level-dependent answers the user never chose; {} when the level is unchanged."""
    old_level, new_level = recorded.get(LEVEL_KEY), data.get(LEVEL_KEY)
    if new_level is None or new_level == old_level:
        return {}
    keys = [key for key in level_dependent_keys(_questions(src, vcs_ref)) if key in recorded and key not in data]
    if not keys:
        return {}
    base = {k: v for k, v in recorded.items() if not k.startswith("_") and k not in keys}
    base.update(data)
    old_defaults = _defaults(src, str(recorded.get("_commit")), {**base, LEVEL_KEY: old_level})
    new_defaults = _defaults(src, vcs_ref, base)
    return {
        key: new_defaults[key]
        for key in keys
        if key in old_defaults
        and key in new_defaults
        and recorded[key] == old_defaults[key]
        and new_defaults[key] != recorded[key]
    }
