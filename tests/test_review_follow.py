"""`pyve-gen new`'s review carries an edit to the answers that follow it (real Copier runs, no terminal).

An answer that still holds the default Copier derives from the others was never chosen: after an edit it
takes the default the edit gives it (a new level's coverage floor, a renamed package's component paths).
A chosen answer stays. The terminal-driven version is in tests/test_interactive.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pyve_gen.cli import review
from pyve_gen.cli.new import _follow_edit
from pyve_gen.rederive import defaults_with

USER_DEFAULTS = {"project_name": "Csv Tool"}


@pytest.fixture(scope="module")
def first_answers(template_src: Path) -> dict[str, Any]:
    """What the questionnaire gives when every question is answered with Enter, one component `csvtool`."""
    components = [
        {
            "name": "csvtool",
            "kind": "cli",
            "language": "python",
            "paths": ["src/csv_tool_csvtool"],
            "entrypoints": ["csvtool"],
            "audience": "end-user",
        }
    ]
    data = {"quality_level": "prototype", "components": components, "phase1_mode": "answer"}
    return defaults_with(str(template_src), "HEAD", data, USER_DEFAULTS)


def follow(template_src: Path, before: dict[str, Any], key: str, value: Any, chosen: set[str]) -> dict[str, Any]:
    def defaults(data: dict[str, Any]) -> dict[str, Any]:
        return defaults_with(str(template_src), "HEAD", data, USER_DEFAULTS)

    # The questionnaire's answers to what the edit opens up are its defaults (Enter), as here.
    return _follow_edit(before, key, value, chosen, defaults, defaults)


def test_renaming_the_package_moves_the_component_paths_that_followed_it(
    template_src: Path, first_answers: dict[str, Any]
) -> None:
    assert first_answers["package_name"] == "csv_tool"
    after = follow(template_src, first_answers, "package_name", "csvkit", set())
    assert after["package_name"] == "csvkit"
    assert after["components"][0]["paths"] == ["src/csvkit_csvtool"]
    changes = review.format_changes(first_answers, after, "package_name")
    assert changes == "   Components: csvtool paths: src/csv_tool_csvtool -> src/csvkit_csvtool"


def test_a_new_level_moves_the_defaults_nobody_chose_and_keeps_the_chosen(
    template_src: Path, first_answers: dict[str, Any]
) -> None:
    before = {**first_answers, "versioning": "date"}  # chosen (not the default), though Phase 1 was answered
    assert before["coverage_floor"] == 0 and before["release_process"] == "manual"
    after = follow(template_src, before, "quality_level", "production", set())
    # Phase 1 was answered with Enter: those answers held the prototype defaults, so they follow the level.
    assert (after["coverage_floor"], after["release_process"]) == (80, "tag-driven")
    assert after["versioning"] == "date"
    assert after["components"] == before["components"] and after["package_name"] == "csv_tool"
    changes = review.format_changes(before, after, "quality_level")
    assert "0 -> 80" in changes and "versioning" not in changes.lower()
    # An answer edited earlier in the review is a choice, even when it equals its default.
    kept = follow(template_src, before, "quality_level", "production", {"coverage_floor"})
    assert kept["coverage_floor"] == 0
