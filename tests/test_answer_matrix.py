"""Answer sets we did not hand-pick: a seeded sample of every choice in copier.yml, rendered and validated.

Each sample draws one value for every choice question (a random non-empty subset for multiselects),
a random component set, and random levels; every rendered file must parse with its kind's reader.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from conftest import render_project
from filekinds import tree_problems

from pyve_gen import questionnaire
from pyve_gen.model import infra

QUESTIONS = questionnaire.questions()
SAMPLES = 12
COMPONENT_POOL: list[dict[str, Any]] = [
    {"name": "core", "kind": "library"},
    {"name": "api", "kind": "application", "paths": ["services/api"]},
    {"name": "tool", "kind": "cli", "entrypoints": ["tool", "tool-admin"]},
    {"name": "job", "kind": "script"},
    {"name": "ops", "kind": "script", "language": "shell"},
    {"name": "native", "kind": "library", "language": "cpp"},
    {"name": "rb", "kind": "cli", "language": "ruby"},
    {"name": "db", "kind": "script", "language": "sql", "entrypoints": []},
]


def sample_answers(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    for key, spec in QUESTIONS.items():
        if "choices" not in spec:
            continue
        values = questionnaire.choice_values(spec)
        if spec.get("multiselect"):
            picked = [v for v in values if v != "none" and rng.random() < 0.5] or [values[0]]
            answers[key] = picked
        else:
            answers[key] = rng.choice(values)
    if answers["quality_level"] != "experiment":
        answers["ci_provider"] = "github-actions"
    # The IaC skeletons exist for some clouds only; another pair is rejected before writing
    # (tests/test_promises.py), so draw a tool the provider supports.
    supported = [tool for tool in infra.IAC_PROVIDERS if not infra.iac_error(tool, answers["deploy_provider"])]
    answers["iac_tool"] = rng.choice([*supported, "none"])
    answers["components"] = rng.sample(COMPONENT_POOL, k=rng.randint(1, 4))
    return answers


@pytest.mark.parametrize("seed", range(SAMPLES))
def test_sampled_answers_render_valid_files(template_src: Path, tmp_path: Path, seed: int) -> None:
    answers = sample_answers(seed)
    project = render_project(template_src, tmp_path / f"sample-{seed}", answers)
    problems = tree_problems(project)
    assert not problems, f"answers: {answers}\n" + "\n".join(problems)
