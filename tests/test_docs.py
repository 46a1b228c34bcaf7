"""This repository's docs: generated pages match their sources, every page is sound Markdown, links resolve."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from markdown_checks import anchors, links, problems

from pyve_gen import questionnaire
from pyve_gen.model.gates import GATES
from pyve_gen.model.levels import LEVELS


def _load_docs_gen() -> Any:
    """scripts/docs_gen.py, the maintainer tool (a script, not part of the installed package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_gen", REPO / "scripts" / "docs_gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docs_gen = _load_docs_gen()
PAGES = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]
# Pages another branch of this repository owns; linked from here before they are merged in.
OWNED_ELSEWHERE = {REPO / "docs" / "updates.md"}


@pytest.fixture(scope="module")
def defaults_by_level() -> dict[str, dict[str, Any]]:
    return docs_gen.defaults_by_level()


def test_question_reference_matches_copier_yml(defaults_by_level: dict[str, dict[str, Any]]) -> None:
    expected = docs_gen.questions_markdown(by_level=defaults_by_level)
    actual = (REPO / "docs" / "questions.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/questions.md is out of date: run python scripts/docs_gen.py"


def test_quality_level_page_matches_the_gate_table() -> None:
    actual = (REPO / "docs" / "quality_levels.md").read_text(encoding="utf-8")
    assert actual == docs_gen.quality_levels_markdown(), (
        "docs/quality_levels.md is out of date: run python scripts/docs_gen.py"
    )


def test_question_reference_covers_every_question_and_choice() -> None:
    text = (REPO / "docs" / "questions.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### (\w+)\n(.*?)(?=^##|\Z)", text, flags=re.M | re.S))
    questions = questionnaire.questions()
    assert list(sections) == list(questions)
    for key, question in questions.items():
        choices = question.get("choices") or []
        values = choices.values() if isinstance(choices, dict) else choices
        for value in values:
            assert f"| `{value}` |" in sections[key], (key, value)
        assert "- Default: " in sections[key]
    assert "by quality level: experiment `0`; prototype `0`; production `80`; secure `90`" in sections["coverage_floor"]
    assert "Asked: production and secure levels" in sections["secrets_store"]


def test_quality_level_page_lists_each_gate_under_its_level() -> None:
    text = (REPO / "docs" / "quality_levels.md").read_text(encoding="utf-8")
    for level in LEVELS:
        section = text.split(f"\n## {level}\n", 1)[1].split("\n## ", 1)[0]
        listed = re.findall(r"^\| `([a-z-]+)` ", section, flags=re.M)
        assert listed == [gate.id for gate in GATES if gate.min_level == level], level


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_is_sound_markdown(page: Path) -> None:
    assert problems(page.read_text(encoding="utf-8"), rendered=False) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    for href in links(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", href):
            continue
        path, _, anchor = href.partition("#")
        target = (page.parent / path).resolve() if path else page
        if target in OWNED_ELSEWHERE and not target.exists():
            continue
        assert target.is_file(), f"{page.name}: broken link {href}"
        if anchor:
            assert anchor in anchors(target.read_text(encoding="utf-8")), f"{page.name}: no heading for {href}"


def test_readme_keeps_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "scripts/render-sample.sh sample-project" in readme
    assert "\nscripts/test.sh " in readme
