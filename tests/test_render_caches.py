"""The facts cache changes no result: facts follow every answer change."""

from __future__ import annotations

from pyve_gen.model import facts


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
