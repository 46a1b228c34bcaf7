"""copier.yml as a question table: the one interpreter of the questionnaire, from what its callers read.

The callers (the extension, which knows the template checkout; the CLI, which knows the bundled or checked-out
template) read copier.yml and parse it; :func:`build` turns the parsed questions and the file's banner comments
(``# Phase N: Title``) into :class:`QuestionTable`. Nothing here opens a file or evaluates Jinja: a ``when:`` or
a default stays its source text, for Copier (or the caller's Jinja environment, :class:`Conditions`) to evaluate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .levels import LEVELS
from .locks import pinned_versions

# The one spelling of a phase gate's key, and of a banner opening a phase in copier.yml.
GATE_KEY = re.compile(r"^phase(\d)_mode$")
PHASE_BANNER = re.compile(r"^# Phase (\d): (.+?)(?: \(asked .*\))?$")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
# The lowest level that asks each phase (the `when:` of the Phase 2 and 3 questions says the same to Copier).
PHASE_FLOOR: dict[int, str] = {0: "experiment", 1: "experiment", 2: "production", 3: "secure"}
KEEP = "defaults"  # the gate answer that keeps a phase's recommended defaults
LEVEL_KEY = "quality_level"
# The marker of a question whose default follows the quality level: its default goes through this filter.
LEVEL_MARKER = "pyve_by_level"
SETTINGS = "Settings"  # the "phase" of a question before the first banner


def gate_key(phase: int) -> str:
    """The question that opens ``phase``: answer its questions, or keep the recommended defaults."""
    return f"phase{phase}_mode"


def gate_phase(key: str) -> int | None:
    """The phase a gate key opens (``phase2_mode`` -> 2); None for any other key."""
    match = GATE_KEY.match(key)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Question:
    """One question of copier.yml, as the table holds it."""

    key: str
    phase: int | None  # None before the first banner
    phase_title: str  # "Production readiness"
    type: str
    multiselect: bool
    choices: tuple[tuple[str, str], ...]  # (label, value), in order
    default: Any  # as written (a Jinja source when it is templated)
    when: str  # the ``when:`` source as written, "" when always asked
    gate: str  # the gate key this question sits behind (its ``ask:`` reads it), "" when none
    level_dependent: bool  # its default follows the quality level (through :data:`LEVEL_MARKER`)
    spec: Mapping[str, Any] = field(repr=False, compare=False)  # the parsed question, for help and validator

    @property
    def floor(self) -> str:
        """The lowest quality level that asks this question's phase."""
        return PHASE_FLOOR.get(self.phase, LEVELS[0]) if self.phase is not None else LEVELS[0]

    @property
    def heading(self) -> str:
        """``Phase 2: Production readiness`` (``Settings`` before the first banner)."""
        return f"Phase {self.phase}: {self.phase_title}" if self.phase is not None else SETTINGS

    @property
    def is_gate(self) -> bool:
        return gate_phase(self.key) is not None

    @property
    def choice_values(self) -> list[str]:
        return [value for _label, value in self.choices]


@dataclass(frozen=True, eq=False)
class QuestionTable:
    """Every question of copier.yml in file order, and its ``_`` settings."""

    questions: tuple[Question, ...]
    settings: Mapping[str, Any]

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __getitem__(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(question.key == key for question in self.questions)

    def keys(self) -> list[str]:
        return [question.key for question in self.questions]

    def gated(self, phase: int | None = None) -> list[Question]:
        """The questions behind a gate (of ``phase``, or of any)."""
        return [q for q in self.questions if q.gate and (phase is None or q.phase == phase)]

    def phased(self) -> list[Question]:
        """The questions after a banner, gates left out: each phase's own questions."""
        return [q for q in self.questions if q.phase is not None and not q.is_gate]

    def level_dependent(self) -> list[str]:
        """Keys whose default follows the quality level, sorted."""
        return sorted(q.key for q in self.questions if q.level_dependent)


def is_level_dependent(key: str, spec: Mapping[str, Any]) -> bool:
    """Whether a question's default follows the quality level (it goes through :data:`LEVEL_MARKER`)."""
    return key != LEVEL_KEY and LEVEL_MARKER in str(spec.get("default", ""))


def choice_pairs(spec: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(label, value) of each choice of a question (copier.yml allows a list, or a mapping of label: value)."""
    choices = spec.get("choices") or []
    if isinstance(choices, Mapping):
        return tuple((str(label), str(value)) for label, value in choices.items())
    return tuple((str(value), str(value)) for value in choices)


def _when_source(spec: Mapping[str, Any]) -> str:
    when = spec.get("when")
    if when is None:
        return ""
    return str(when).strip() if isinstance(when, str) else ("" if when is True else str(when))


def build(parsed: Mapping[str, Any], source: str) -> QuestionTable:
    """The table of copier.yml: ``parsed`` is the file as YAML, ``source`` its text (for the banner comments).

    Raises ``ValueError`` when the text has no phase banner or no gated question: a table that would
    silently ask nothing is a wrong input, not an empty questionnaire.
    """
    if not isinstance(parsed, Mapping):
        raise ValueError("copier.yml: not a mapping of questions")
    specs = {key: value for key, value in parsed.items() if not str(key).startswith("_") and isinstance(value, Mapping)}
    phase_of: dict[str, tuple[int | None, str]] = {}
    phase: int | None = None
    title = ""
    for line in source.splitlines():
        if banner := PHASE_BANNER.match(line):
            phase, title = int(banner.group(1)), banner.group(2).strip()
        elif (top := _TOP_LEVEL_KEY.match(line)) and top.group(1) in specs:
            phase_of[top.group(1)] = (phase, title)
    rows = []
    for key, spec in specs.items():
        number, heading = phase_of.get(key, (None, ""))
        gate = gate_key(number) if number is not None and gate_key(number) in str(spec.get("ask", "")) else ""
        rows.append(
            Question(
                key=key,
                phase=number,
                phase_title=heading,
                type=str(spec.get("type", "str")),
                multiselect=bool(spec.get("multiselect")),
                choices=choice_pairs(spec),
                default=spec.get("default"),
                when=_when_source(spec),
                gate=gate,
                level_dependent=is_level_dependent(key, spec),
                spec=spec,
            )
        )
    table = QuestionTable(tuple(rows), {key: value for key, value in parsed.items() if str(key).startswith("_")})
    if not any(q.phase is not None for q in rows) or not table.gated():
        raise ValueError("copier.yml: no '# Phase N: Title' banners or no question behind a phase gate")
    return table


class Pending:
    """An answer not given yet, inside a ``when:``: any comparison with it may still hold (it counts as true)."""

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True

    def __contains__(self, item: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0

    def __str__(self) -> str:
        return ""


PENDING = Pending()
_FALSE = frozenset({"", "0", "false", "no", "off", "n", "f", "none", "null", "~"})


class Conditions:
    """``when:`` sources evaluated by a Jinja environment the caller hands in (the model imports no Jinja).

    ``environment`` is anything with Jinja's ``from_string``; each source is compiled once.
    """

    def __init__(self, environment: Any) -> None:
        self._environment = environment
        self._compiled: dict[str, Callable[..., str]] = {}

    def holds(self, source: str, context: Mapping[str, Any]) -> bool:
        """Whether ``source`` renders true for ``context`` (read as Copier casts a ``when:``)."""
        if not source:
            return True
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self._environment.from_string(source).render
        return template(context).strip().lower() not in _FALSE


@dataclass(frozen=True, eq=False)
class Inputs:
    """What a render model needs besides the answers: the question table, the dev tools' versions and the
    evaluator of ``when:``. Compared by identity: the facts cache keys on the object."""

    table: QuestionTable
    tool_versions: Mapping[str, str]
    conditions: Conditions

    def __post_init__(self) -> None:
        if not self.tool_versions:
            raise ValueError("the template's dev lock pins no tool: the tool versions cannot be empty")


DEV_LOCK = "requirements-dev.txt"  # in the template's subdirectory: the dev tools' versions


def dev_lock_path(parsed: Mapping[str, Any]) -> str:
    """Where the dev lock sits, relative to the template root (under copier.yml's ``_subdirectory``)."""
    subdirectory = str(parsed.get("_subdirectory") or "").strip("/")
    return f"{subdirectory}/{DEV_LOCK}" if subdirectory else DEV_LOCK


def make_inputs(parsed: Mapping[str, Any], copier_yml: str, dev_lock: str, environment: Any) -> Inputs:
    """The render model's inputs from what a caller read: copier.yml (parsed, and its text) and the dev lock's
    text; ``environment`` is the Jinja environment that evaluates ``when:`` (its filters installed)."""
    return Inputs(build(parsed, copier_yml), pinned_versions(dev_lock), Conditions(environment))
