"""The render-speed caches change no result: facts follow every answer change, compiled strings render as before."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
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


def _environments(**options: object) -> tuple[SandboxedEnvironment, SandboxedEnvironment]:
    """A Copier-like environment with our extension (so the compile cache) and the same without it."""
    cached = SandboxedEnvironment(extensions=[YieldExtension, _extensions().PyveFilters], **options)  # type: ignore[arg-type]
    plain = SandboxedEnvironment(extensions=[YieldExtension], **options)  # type: ignore[arg-type]
    plain.filters.update(cached.filters)
    return cached, plain


TRICKY_SOURCES = [
    "str",
    "",
    "\n",
    'It\'s "quoted" \\ ünïcode: a help text,\n  on two lines\n',
    "trailing newline\n",
    "windows\r\nline ends\r\n",
    "braces { and } alone, {x}, }} and %} are text",
    "{{ name }} and {{ name | pyve_yaml }}",
    "{% if name %}{{ name }}{% else %}none{% endif %}\n",
    "{# a comment #}text",
    "{{ '%Y' }}-{{ 1 + 1 }}",
]


@pytest.mark.parametrize("keep_trailing_newline", [True, False])
def test_cached_compiles_render_exactly_as_jinja_does(keep_trailing_newline: bool) -> None:
    cached, plain = _environments(keep_trailing_newline=keep_trailing_newline)
    for _ in range(2):  # the second round is served from the cache
        for source in TRICKY_SOURCES:
            context = {"name": 'a "b"'}
            assert cached.from_string(source).render(context) == plain.from_string(source).render(context), source


@pytest.mark.parametrize("keep_trailing_newline", [True, False])
def test_plain_text_skips_jinja_compile(monkeypatch: pytest.MonkeyPatch, keep_trailing_newline: bool) -> None:
    cached, _ = _environments(keep_trailing_newline=keep_trailing_newline)
    cached.from_string("warm-up")  # builds and checks the plain-text model
    calls: list[str] = []
    real_parse = SandboxedEnvironment._parse

    def counting_parse(self: SandboxedEnvironment, source: str, *args: object) -> object:
        calls.append(source)
        return real_parse(self, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SandboxedEnvironment, "_parse", counting_parse)
    assert cached.from_string("a choice label").render() == "a choice label"
    assert cached.from_string("{{ 6 * 7 }}").render() == "42"
    assert cached.from_string("{{ 6 * 7 }}").render() == "42"
    assert calls == ["{{ 6 * 7 }}"]


def test_yield_state_is_reset_on_every_from_string() -> None:
    cached, plain = _environments(keep_trailing_newline=True)
    source = "{% yield comp from comps %}{{ comp.root }}{% endyield %}"
    for _ in range(3):  # a second parse of a yield path must not see the first one's state
        for env in (cached, plain):
            env.from_string(source).render(comps=[{"root": "src/a"}])
            assert get_yield_context(env).yield_name == "comp"
            assert get_yield_context(env).yield_iterable == [{"root": "src/a"}]
            assert env.from_string("{{ 1 }}").render() == "1"
            assert get_yield_context(env).yield_name is None
