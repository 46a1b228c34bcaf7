"""Which questions a level asks, from the question table: what the spec says of unasked and kept-default answers.

Phase 2 is asked from ``production`` up and Phase 3 at ``secure`` (copier.yml says so in each question's
``when:``); below those levels the answers are Pyve's defaults, and the spec must say so rather than
present them as decisions. Each detailed phase (1, 2, 3) opens with its gate, ``phase<N>_mode``: "answer
these N questions, or keep the recommended defaults"; kept defaults are recorded by Copier (``ask:``
false records the default) and the spec lists them as such. A ``when:`` is evaluated by Jinja
(:class:`~.questions.Conditions`), over the facts and the answers given so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .levels import at_least
from .questions import KEEP, PENDING, Inputs, Question, QuestionTable, gate_key


def condition_context(facts: Mapping[str, Any], answers: Mapping[str, Any], table: QuestionTable) -> dict[str, Any]:
    """What a ``when:`` sees: the answers so far, :data:`PENDING` for a question not answered yet, and ``pyve``."""
    context: dict[str, Any] = {key: PENDING for key in table.keys()}
    context.update({key: value for key, value in answers.items() if value is not None})
    context["pyve"] = facts
    return context


def unasked(level: str, facts_at: Any, answers: Mapping[str, Any], inputs: Inputs) -> dict[str, list[str]]:
    """Phase heading -> the questions of that phase ``level`` does not ask: those the phase's floor level
    would ask for this project (``facts_at(floor)`` gives the facts there)."""
    skipped: dict[str, list[str]] = {}
    for question in inputs.table.phased():
        if at_least(level, question.floor):
            continue
        context = condition_context(facts_at(question.floor), answers, inputs.table)
        if inputs.conditions.holds(question.when, context):
            skipped.setdefault(question.heading, []).append(question.key)
    return skipped


def gate_default(data: Any, phase: int, table: QuestionTable) -> str:
    """The default of ``phase<N>_mode``: ``answer`` when the data given (``--data``, a data file) already
    answers one of its questions, so the spec never calls a given answer a kept default; else ``defaults``."""
    if isinstance(data, Mapping) and {q.key for q in table.gated(phase)} & set(data):
        return "answer"
    return KEEP


def _asked_gated(level: str, facts: Mapping[str, Any], answers: Mapping[str, Any], inputs: Inputs) -> list[Question]:
    context = condition_context(facts, answers, inputs.table)
    return [q for q in inputs.table.gated() if at_least(level, q.floor) and inputs.conditions.holds(q.when, context)]


def phase_sizes(level: str, facts: Mapping[str, Any], answers: Mapping[str, Any], inputs: Inputs) -> dict[int, int]:
    """Phase number -> how many of its gated questions it asks (at most) for these facts: the N of its gate."""
    sizes: dict[int, int] = {}
    for question in _asked_gated(level, facts, answers, inputs):
        assert question.phase is not None
        sizes[question.phase] = sizes.get(question.phase, 0) + 1
    return sizes


def kept_defaults(
    level: str, facts: Mapping[str, Any], answers: Mapping[str, Any], inputs: Inputs
) -> dict[str, list[str]]:
    """Phase heading -> its questions that hold the recommended defaults because its gate kept them."""
    kept: dict[str, list[str]] = {}
    for question in _asked_gated(level, facts, answers, inputs):
        assert question.phase is not None
        if answers.get(gate_key(question.phase)) == KEEP:
            kept.setdefault(question.heading, []).append(question.key)
    return kept
