"""The render-speed caches change no result: facts follow every answer change, compiled strings render as before."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from copier._jinja_ext import YieldExtension, get_yield_context
from jinja2.sandbox import SandboxedEnvironment

from pyve_gen import facts

REPO = Path(__file__).resolve().parent.parent


def _extensions() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pyve_extensions_under_test", REPO / "extensions" / "pyve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _answers(components: list[dict[str, str]]) -> dict[str, object]:
    return {"quality_level": "prototype", "components": components, "python_versions": ["3.12"]}


def test_derive_follows_a_new_answer_and_an_in_place_edit() -> None:
    components = [{"name": "app", "kind": "cli", "language": "python"}]
    answers = _answers(components)
    first = facts.derive(answers)
    assert facts.derive(answers) is first
    assert [c["name"] for c in first["components"]] == ["app"]

    components.append({"name": "tools", "kind": "script", "language": "shell"})  # same list object, new content
    edited = facts.derive(answers)
    assert [c["name"] for c in edited["components"]] == ["app", "tools"]
    assert edited["languages"] == ["python", "shell"]

    answers["quality_level"] = "secure"  # a new answer object
    assert facts.derive(answers)["is_secure"] is True
    assert facts.derive(_answers([{"name": "app", "kind": "cli", "language": "python"}])) == first


def test_derive_of_equal_answers_is_the_uncached_result() -> None:
    answers = _answers([{"name": "core", "kind": "library", "language": "python"}])
    cached = facts.derive(answers)
    facts._derive_cached.cache_clear()
    facts._last = None
    assert facts.derive(answers) == cached


def test_compiled_strings_render_like_fresh_ones_and_keep_yield_state_per_call() -> None:
    extensions = _extensions()
    cached_env = SandboxedEnvironment(extensions=[YieldExtension, extensions.PyveFilters])
    plain_env = SandboxedEnvironment(extensions=[YieldExtension])
    plain_env.filters.update(cached_env.filters)
    source = "{% yield comp from comps %}{{ comp.root }}{% endyield %}"
    for _ in range(3):  # a second parse of a yield path must not see the first one's state
        for env in (cached_env, plain_env):
            env.from_string(source).render(comps=[{"root": "src/a"}])
            assert get_yield_context(env).yield_name == "comp"
            assert get_yield_context(env).yield_iterable == [{"root": "src/a"}]
            assert env.from_string("{{ name | pyve_yaml }}").render(name='a "b"') == '"a \\"b\\""'
            assert get_yield_context(env).yield_name is None
    assert cached_env.from_string("{{ x }}").render(x=1) == "1"
    assert cached_env.from_string("{{ x }}").render(x=2) == "2"
