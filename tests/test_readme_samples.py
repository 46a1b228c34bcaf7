"""Pyve's README shows a sample of the questionnaire and the tree of a production project: both are
what the template asks and renders for the sample's answers (rendered here and compared)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, render_project
from jinja2.sandbox import SandboxedEnvironment
from test_phase_gates import collected, gate_help

from pyve_gen import questionnaire
from pyve_gen.model.filters import FILTERS

README = (REPO / "README.md").read_text(encoding="utf-8")
# The sample's answers, as its prompts show them: Acme Billing, production, api:application and
# core:library, deployed to Fly.io (GitHub Actions is the default CI).
SAMPLE: dict[str, Any] = {
    "project_name": "Acme Billing",
    "quality_level": "production",
    "deploy_provider": "fly",
    "components": [{"name": "api", "kind": "application"}, {"name": "core", "kind": "library"}],
}
FILE_NAME = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w.-]+\.(?:py|yml|yaml|md|toml|txt|in|typed))\b|(py\.typed)")


@pytest.fixture(scope="module")
def sample(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], set[str], Path]:
    answers, hidden = collected(template_src, tmp_path_factory.mktemp("answers"), SAMPLE)
    project = render_project(template_src, tmp_path_factory.mktemp("sample") / "acme-billing", SAMPLE)
    return answers, hidden, project


def _block(start: str, end: str) -> list[str]:
    text = README[README.index(start) :]
    return text[: text.index(end)].rstrip("\n").splitlines()


def test_the_phase_2_sample_is_the_help_copier_shows(sample: tuple[dict[str, Any], set[str], Path]) -> None:
    answers, _, _ = sample
    shown = _block("🎤 ── Phase 2: Production readiness ──", "\n   keep the recommended defaults")
    assert ["🎤 " + line if i == 0 else line for i, line in enumerate(gate_help(2, answers).splitlines())] == shown


def test_the_number_of_answers_is_what_copier_asks(sample: tuple[dict[str, Any], set[str], Path]) -> None:
    answers, hidden, _ = sample
    environment = SandboxedEnvironment()
    environment.filters.update(FILTERS)
    context = {**answers, "pyve": questionnaire.derive(answers)}
    asked = []
    for key, question in questionnaire.questions().items():
        if key not in answers or key in hidden:
            continue
        ask = question.get("ask", True)
        if isinstance(ask, str):
            ask = environment.from_string(ask).render(**context).strip().lower() not in ("false", "", "0", "none")
        if ask:
            asked.append(key)
    stated = re.search(r"takes (\d+) answers that way", README)
    assert stated is not None and int(stated.group(1)) == len(asked), asked


def test_the_import_names_the_sample_shows_are_rendered(sample: tuple[dict[str, Any], set[str], Path]) -> None:
    _, _, project = sample
    shown = re.search(r"With the default your components import as: (.+)", README)
    assert shown is not None
    modules = [name.strip() for name in shown.group(1).split(",")]
    assert sorted(path.name for path in (project / "src").iterdir()) == sorted(modules)


def _tree(block: list[str]) -> list[tuple[str, str]]:
    """(path, description) of each entry of the README's tree (a line may name several entries, two
    spaces apart, before its description); a description's continuation line joins its entry."""
    entries: list[tuple[str, str]] = []
    stack: list[str] = []
    for line in block[1:]:
        match = re.match(r"^([│ ]*)(?:├── |└── )(.*)$", line)
        if not match:
            continuation = line.replace("│", " ").strip()
            if continuation and entries:
                entries.append((entries[-1][0], continuation))
            continue
        stack = stack[: len(match.group(1)) // 4]
        items = re.split(r" {2,}", match.group(2).strip())
        names = [item for item in items if " " not in item]
        names = names[: next((i for i, item in enumerate(items) if " " in item), len(items))]
        description = "  ".join(items[len(names) :])
        for name in names:
            entries.append(("/".join([*stack, name]), description))
        if len(names) == 1 and names[0].endswith("/"):
            stack.append(names[0].rstrip("/"))
    return entries


def test_the_sample_tree_is_the_render(sample: tuple[dict[str, Any], set[str], Path]) -> None:
    _, _, project = sample
    block = _block("```text\nacme-billing/", "\n```")
    entries = _tree(block)
    assert len(entries) > 20
    missing = []
    for path, description in entries:
        if not (project / path.rstrip("/")).exists():
            missing.append(path)
        if path.endswith("/"):
            for match in FILE_NAME.finditer(description):
                name = match.group(1) or match.group(2)
                if not (project / path / name).exists():
                    missing.append(path + name)
    assert not missing, f"the README's tree names what the sample's render does not have: {missing}"
