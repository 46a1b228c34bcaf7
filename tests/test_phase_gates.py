"""The phase gates (phase1_mode, phase2_mode, phase3_mode): what their help promises is what Copier records."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from conftest import render_project
from copier import run_copy
from jinja2.sandbox import SandboxedEnvironment

from pyve_gen import questionnaire
from pyve_gen.model import asked
from pyve_gen.model.filters import FILTERS
from pyve_gen.model.levels import LEVELS
from pyve_gen.model.questions import KEEP, gate_key

PAIR = re.compile(r"\b([a-z][a-z0-9_]*)=(\S+)")
CASES = [(level, deploy) for level in LEVELS for deploy in ("none", "aws")]


def collected(template: Path, tmp_path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Copier's answers for ``data`` with every other default (nothing written), and the hidden keys."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        worker = run_copy(
            str(template),
            tmp_path / "out",
            data=data,
            defaults=True,
            pretend=True,
            quiet=True,
            unsafe=True,
            vcs_ref="HEAD",
            exclude=["*"],
        )
    return dict(worker.answers.user), set(worker.answers.hidden)


def gate_help(phase: int, answers: dict[str, Any]) -> str:
    environment = SandboxedEnvironment()
    environment.filters.update(FILTERS)
    text = str(questionnaire.questions()[gate_key(phase)]["help"])
    return environment.from_string(text).render(**answers, pyve=questionnaire.derive(answers))


def listed_value(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.mark.parametrize(("level", "deploy"), CASES, ids=[f"{level}-{deploy}" for level, deploy in CASES])
def test_each_default_a_gate_lists_is_the_default_copier_records(
    template_src: Path, tmp_path: Path, level: str, deploy: str
) -> None:
    answers, hidden = collected(template_src, tmp_path, {"quality_level": level, "deploy_provider": deploy})
    phases = [phase for phase in (1, 2, 3) if gate_key(phase) not in hidden]
    assert phases == [1, 2, 3][: {"experiment": 1, "prototype": 1, "production": 2, "secure": 3}[level]]
    for phase in phases:
        assert answers[gate_key(phase)] == "defaults"
        listed = dict(PAIR.findall(gate_help(phase, answers)))
        assert len(listed) >= 4, listed
        assert {key: listed_value(answers[key]) for key in listed} == listed, f"Phase {phase}"
        # N: the gated questions of the phase that apply to this project, each recorded (not hidden).
        gated = [question.key for question in questionnaire.table().gated(phase)]
        recorded = [key for key in gated if key in answers and key not in hidden]
        assert questionnaire.derive(answers)["phase_sizes"][phase] == len(recorded)
        assert f"asks up to {len(recorded)} " in gate_help(phase, answers)


def test_an_answer_given_as_data_opens_its_phase(template_src: Path, tmp_path: Path) -> None:
    """A phase question answered by --data: its gate defaults to answer, and the spec calls nothing in it kept."""
    table = questionnaire.table()
    assert asked.gate_default({"coverage_floor": 85}, 1, table) == "answer"
    assert asked.gate_default({"coverage_floor": 85}, 2, table) == asked.gate_default({}, 1, table) == KEEP
    dest = render_project(template_src, tmp_path / "p", {"quality_level": "production", "coverage_floor": 85})
    answers_text = (dest / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "phase1_mode: answer" in answers_text and "phase2_mode: defaults" in answers_text
    spec = (dest / "docs/specs/codebase_spec.md").read_text(encoding="utf-8")
    assert "Recommended defaults kept: Phase 2: Production readiness" in spec
    assert "Recommended defaults kept: Phase 1" not in spec
    assert "`secrets_store`" in spec.split("Recommended defaults kept: Phase 2", 1)[1].splitlines()[0]
