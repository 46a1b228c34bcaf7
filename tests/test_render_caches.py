"""The render caches change no result: facts follow every answer change, templates every source edit."""

from __future__ import annotations

import filecmp
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import render_project
from jinja2.sandbox import SandboxedEnvironment
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


def test_questionnaire_facts_are_derived_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Which questions each phase asks (and at the levels above) is worked out when a template reads it, once:
    Copier's questionnaire derives the facts after each answer and reads only a few of them."""
    calls: list[str] = []
    for name in ("unasked", "phase_sizes", "kept_defaults"):
        real = getattr(facts.asked, name)
        monkeypatch.setattr(facts.asked, name, lambda *a, _f=real, _n=name: calls.append(_n) or _f(*a))
    facts._derive_cached.cache_clear()
    facts._last = None
    derived = derive({"quality_level": "prototype", "components": "api:application"})
    assert derived["languages"] == ["python"] and calls == []
    assert derived["unasked_keys"] and derived["unasked"] and calls == ["unasked"]
    assert derived["kept_keys"] == [key for keys in derived["kept_defaults"].values() for key in keys]
    assert sorted(derived)[:3] and dict(derived)["phase_sizes"] == derived["phase_sizes"]
    assert sorted(calls) == ["kept_defaults", "phase_sizes", "unasked"]  # each once


def test_the_context_hook_derives_pyve_only_for_a_template_that_reads_it(
    monkeypatch: pytest.MonkeyPatch, template_src: Path
) -> None:
    """Copier makes a context for every string it renders (a question's type, a path part): ``pyve`` is derived
    only when one reads it. (The extension is loaded from the template's copy, as a render loads it: a model
    loaded from this checkout would stay in ``sys.modules``, see test_extension_isolation.)"""
    spec = importlib.util.spec_from_file_location("_pyve_extension_lazy_probe", template_src / "extensions" / "pyve.py")
    assert spec is not None and spec.loader is not None
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    calls: list[object] = []
    real = extension._FACTS.derive
    monkeypatch.setattr(extension._FACTS, "derive", lambda *a: calls.append(a) or real(*a))
    environment = SandboxedEnvironment(extensions=[extension.PyveContext])
    context = {"_copier_conf": {}, "quality_level": "secure", "project_name": "x", "components": "api:application"}
    assert environment.from_string("str").render(context) == "str"
    assert environment.from_string("{{ project_name }}/docs").render(context) == "x/docs"
    assert calls == []
    assert environment.from_string("{{ pyve.is_secure }} {{ pyve['languages'] }}").render(context) == "True ['python']"
    assert len(calls) == 1


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


def _copier_copy(template: Path, dest: Path, cache: Path) -> None:
    env = {**os.environ, "PYVE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "copier", "copy", "--quiet", "--defaults", "--trust", str(template), str(dest)]
    subprocess.run(command, env=env, check=True, capture_output=True)


def _same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right, ignore=[".git"])
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(left / d, right / d) for d in compared.common_dirs)


def test_compiled_templates_persist_between_processes_in_a_private_folder(template_src: Path, tmp_path: Path) -> None:
    """``copier copy`` in a new process reuses what the last one compiled (PYVE_CACHE_DIR), with the same bytes;
    a cache folder others can write is not used (its entries are unpickled)."""
    cache = tmp_path / "cache"
    _copier_copy(template_src, tmp_path / "a" / "project", cache)
    entries = {path.name: path.stat().st_mtime_ns for path in (cache / "jinja").glob("*.cache")}
    assert len(entries) > 20, sorted(entries)
    _copier_copy(template_src, tmp_path / "b" / "project", cache)
    assert {
        path.name: path.stat().st_mtime_ns for path in (cache / "jinja").glob("*.cache")
    } == entries  # read, not rewritten
    assert _same_tree(tmp_path / "a" / "project", tmp_path / "b" / "project")

    shared = tmp_path / "shared"
    (shared / "jinja").mkdir(parents=True)
    (shared / "jinja").chmod(0o777)
    _copier_copy(template_src, tmp_path / "c" / "project", shared)
    assert not list((shared / "jinja").iterdir())
