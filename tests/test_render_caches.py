"""The render caches change no result: facts follow every answer change, templates every source edit."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import render_project
from standins import git_commit_all

from pyve_gen.model import facts
from pyve_gen.questionnaire import derive


def _answers(components: list[dict[str, str]]) -> dict[str, object]:
    return {"quality_level": "prototype", "components": components, "python_versions": ["3.12"]}


def test_derive_follows_a_new_answer_and_an_in_place_edit() -> None:
    components = [{"name": "app", "kind": "cli", "language": "python"}]
    answers = _answers(components)
    first = derive(answers)
    assert derive(answers) is first
    assert [c["name"] for c in first["components"]] == ["app"]

    components.append({"name": "tools", "kind": "script", "language": "shell"})  # same list object, new content
    edited = derive(answers)
    assert [c["name"] for c in edited["components"]] == ["app", "tools"]
    assert edited["languages"] == ["python", "shell"]

    answers["quality_level"] = "secure"  # a new answer object
    assert derive(answers)["is_secure"] is True
    assert derive(_answers([{"name": "app", "kind": "cli", "language": "python"}])) == first


def test_derive_of_equal_answers_is_the_uncached_result() -> None:
    answers = _answers([{"name": "core", "kind": "library", "language": "python"}])
    cached = derive(answers)
    facts._derive_cached.cache_clear()
    facts._last = None
    assert derive(answers) == cached


def test_compiled_template_files_are_reused_only_for_the_same_source(template_src: Path, tmp_path: Path) -> None:
    """The extension's in-memory bytecode cache: a template file edited between two renders is compiled afresh."""
    template = tmp_path / "pyve"
    shutil.copytree(template_src, template)
    first = render_project(template, tmp_path / "first")
    readme = template / "template" / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nEdited: {{ project_name }}\n", encoding="utf-8")
    git_commit_all(template, "edit the README template")
    second = render_project(template, tmp_path / "second")
    assert "Edited:" not in (first / "README.md").read_text(encoding="utf-8")
    assert "Edited: My Project\n" in (second / "README.md").read_text(encoding="utf-8")
    cached = [module for name, module in sys.modules.items() if name.startswith("_pyve_model_")]
    assert any(vars(module).get("_jinja_bytecode") for module in cached)  # the cache was in use
