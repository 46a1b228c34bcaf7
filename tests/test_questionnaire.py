"""copier.yml read once (pyve_gen.questionnaire), and the one marker of a level-dependent default."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO

from pyve_gen import questionnaire
from pyve_gen.model.levels import LEVELS, by_level
from pyve_gen.model.questions import LEVEL_KEY, LEVEL_MARKER


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
        if key != LEVEL_KEY
        and len({repr(by_level_defaults[level].get(key)) for level in LEVELS if key in by_level_defaults[level]}) > 1
    }
    marked = set(questionnaire.level_dependent(questionnaire.questions()))
    assert differing, "the levels must change some defaults"
    assert differing <= marked, f"level-dependent defaults without {LEVEL_MARKER}: {differing - marked}"
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


def test_missing_inputs_raise_never_an_empty_table(tmp_path: Path) -> None:
    """The model is handed its inputs: a template root without the dev lock, a copier.yml without banners or
    gates, an empty lock: each is an error, never a questionnaire of 0 phase questions or 0 tool versions."""
    import shutil

    from jinja2.sandbox import SandboxedEnvironment

    from pyve_gen.model.questions import build, make_inputs

    root = tmp_path / "root"
    root.mkdir()
    shutil.copy2(REPO / "copier.yml", root / "copier.yml")
    with pytest.raises(FileNotFoundError):
        questionnaire.render_inputs(root)
    with pytest.raises(FileNotFoundError):
        questionnaire.render_inputs(tmp_path / "nowhere")
    text = (REPO / "copier.yml").read_text(encoding="utf-8")
    parsed = yaml.safe_load(text)
    unbannered = "\n".join(line for line in text.splitlines() if not line.startswith("# Phase "))
    with pytest.raises(ValueError, match="banners"):
        build(parsed, unbannered)
    ungated = {
        key: {k: v for k, v in spec.items() if k != "ask"} if isinstance(spec, dict) else spec
        for key, spec in parsed.items()
    }
    with pytest.raises(ValueError, match="gate"):
        build(ungated, text)
    with pytest.raises(ValueError, match="tool"):
        make_inputs(parsed, text, "# an empty lock\n", SandboxedEnvironment())


def test_the_table_reads_phases_gates_and_when_as_copier_yml_writes_them() -> None:
    table = questionnaire.table()
    assert table["quality_level"].phase == 0 and table["quality_level"].gate == ""
    assert table["phase2_mode"].is_gate and table["phase2_mode"].heading == "Phase 2: Production readiness"
    assert table["secrets_store"].gate == "phase2_mode" and table["secrets_store"].floor == "production"
    assert table["compliance"].floor == "secure" and table["security_contact"].gate == ""
    assert table["pypi_publish"].when.startswith("{{") and "release_process" in table["pypi_publish"].when
    assert "release_process" in table.level_dependent() and "quality_level" not in table.level_dependent()
    assert [q.key for q in table.gated(1)][0] == "build_backend"


def test_a_when_is_evaluated_by_jinja_and_an_answer_not_given_yet_may_still_hold() -> None:
    facts = questionnaire.derive({"quality_level": "production", "components": "api:application"})
    # pypi_publish reads release_process, not answered yet: it may still be asked, so Phase 1 counts it.
    counted = questionnaire.derive(
        {"quality_level": "production", "components": "api:application", "release_process": None}
    )["phase_sizes"][1]
    manual = questionnaire.derive(
        {"quality_level": "production", "components": "api:application", "release_process": "manual"}
    )["phase_sizes"][1]
    assert counted == manual + 1 == facts["phase_sizes"][1]
    shell = questionnaire.derive({"quality_level": "production", "components": "ops:script:shell"})["phase_sizes"][1]
    assert shell == manual - 2  # no Python: build_backend and version_source are not asked (pypi_publish neither)


def test_the_quality_level_help_quotes_the_decision_rule_of_levels_py() -> None:
    """One source: the help renders levels.DECISION_RULE (the spec's decisions log quotes the same)."""
    from pyve_gen.model.levels import DECISION_RULE

    help_text = str(questionnaire.questions()["quality_level"]["help"])
    shown = questionnaire.jinja_environment().from_string(help_text).render()
    for level, rule in DECISION_RULE.items():
        assert f"  {rule}".ljust(len(max(DECISION_RULE.values(), key=len)) + 2) + f" -> {level}" in shown
        assert rule not in help_text  # not written a second time
