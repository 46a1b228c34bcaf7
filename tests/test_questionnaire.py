"""copier.yml read once (pyve_gen.questionnaire), and the one marker of a level-dependent default."""

from __future__ import annotations

import pytest
from conftest import REPO

from pyve_gen import questionnaire
from pyve_gen.model.levels import LEVELS, by_level


def test_by_level_takes_the_step_at_or_below_the_level() -> None:
    steps = {"experiment": "manual", "production": "tag-driven"}
    assert [by_level(level, **steps) for level in LEVELS] == ["manual", "manual", "tag-driven", "tag-driven"]
    assert by_level("secure", {"experiment": 0, "secure": 90}) == 90
    assert by_level("not-a-level", experiment="a", prototype="b") == "b"  # Copier reports the bad answer itself
    with pytest.raises(ValueError):
        by_level("secure", production="x")  # no experiment step: no default for the lower levels
    with pytest.raises(ValueError):
        by_level("secure", experiment="x", staging="y")


def test_every_default_that_changes_with_the_level_carries_the_marker() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_gen", REPO / "scripts" / "docs_gen.py")
    assert spec is not None and spec.loader is not None
    docs_gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs_gen)
    by_level_defaults = docs_gen.defaults_by_level()
    differing = {
        key
        for key in questionnaire.questions()
        if key != questionnaire.LEVEL_KEY
        and len({repr(by_level_defaults[level].get(key)) for level in LEVELS if key in by_level_defaults[level]}) > 1
    }
    marked = set(questionnaire.level_dependent(questionnaire.questions()))
    assert differing, "the levels must change some defaults"
    assert differing <= marked, f"level-dependent defaults without {questionnaire.LEVEL_MARKER}: {differing - marked}"
    assert "quality_level" not in " ".join(str(spec.get("when", "")) for spec in questionnaire.questions().values()), (
        "`when:` reads the level through pyve.is_* facts"
    )


def test_phases_come_from_the_banners_in_file_order() -> None:
    phases = questionnaire.phases()
    assert list(phases) == list(questionnaire.questions())
    assert phases["quality_level"].startswith("Phase 0") and phases["security_contact"].startswith("Phase 3")
    assert [int(p[6]) for p in phases.values()] == sorted(int(p[6]) for p in phases.values())


def test_data_items_parse_as_yaml_and_bad_ones_say_so() -> None:
    assert questionnaire.parse_data(["coverage_floor=85", "owners=", "os_targets=[linux]"]) == {
        "coverage_floor": 85,
        "owners": "",
        "os_targets": ["linux"],
    }
    with pytest.raises(ValueError, match="KEY=VALUE"):
        questionnaire.parse_data(["nonsense"])
