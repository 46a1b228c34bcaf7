"""The `pyve-gen new` review: every answer under its question's title and the label chosen, and one answer
asked again, as copier.yml defines the question (its title, choices and labels, type; the one validator set).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from pyve_gen import questionnaire
from pyve_gen.model.questions import gate_phase

_BANNER = re.compile(r"^\s*──.*──\s*$")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TITLE_END = re.compile(r":\s|\s\(|;\s|\?|\. |, as ")


def question_title(key: str, question: dict[str, Any]) -> str:
    """A question's title: the first words of its help (``Quality level``, ``License for the code``)."""
    if (phase := gate_phase(key)) is not None:
        return f"Phase {phase} questions"
    lines = [line for line in str(question.get("help", "")).splitlines() if line.strip() and not _BANNER.match(line)]
    first = re.sub(r"^\[[^\]]+\]\s*", "", lines[0]) if lines else ""
    first = _JINJA.sub("", first).strip()
    title = _TITLE_END.split(first, maxsplit=1)[0].strip().rstrip(".")
    return title if 0 < len(title) <= 60 else key


def shown_value(question: dict[str, Any], value: Any) -> str:
    """An answer as the person chose it: the choice's label, ``yes``/``no``, lists on one line."""
    labels = {label_value: label for label, label_value in questionnaire.choice_labels(question)}
    if question.get("multiselect") and isinstance(value, list):
        return ", ".join(labels.get(str(item), str(item)) for item in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if str(value) in labels and labels:
        return labels[str(value)]
    if value == []:
        return "none"
    if isinstance(value, (list, dict)):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip() or "[]"
    return str(value) if str(value) else "(empty)"


def component_line(comp: dict[str, Any]) -> str:
    details = ", ".join(
        f"{field}: {(' '.join(comp[field]) or 'none') if isinstance(comp[field], list) else comp[field]}"
        for field in ("kind", "language", "paths", "entrypoints", "audience")
        if field in comp
    )
    return f"    - {comp['name']} ({details})"


def ordered(answers: dict[str, Any]) -> list[str]:
    order = list(questionnaire.questions())
    return sorted(answers, key=lambda k: order.index(k) if k in order else len(order))


def format_summary(answers: dict[str, Any]) -> str:
    """Every answer, phase by phase in questionnaire order: ``title: label``; components one line each."""
    questions, phases = questionnaire.questions(), questionnaire.phases()
    lines: list[str] = []
    phase = ""
    for key in ordered(answers):
        if phases.get(key, "") != phase:
            phase = phases.get(key, "")
            lines.append(f"  {phase}")
        question = questions.get(key, {})
        value = answers[key]
        if key == "components" and isinstance(value, list):
            lines.append(f"   {question_title(key, question)}:")
            lines += [component_line(comp) for comp in value if isinstance(comp, dict)]
        else:
            lines.append(f"   {question_title(key, question)}: {shown_value(question, value)}")
    return "\n".join(lines)


def format_changes(before: dict[str, Any], after: dict[str, Any], edited: str) -> str:
    """The answers an edit moved besides itself, one ``title: old -> new`` line each ("" when none)."""
    questions = questionnaire.questions()
    lines = []
    for key in ordered({**before, **after}):
        if key == edited or key not in before or before[key] == after.get(key):
            continue  # the edit itself, a question just asked, an answer that stayed
        question = questions.get(key, {})
        old = shown_value(question, before[key])
        new = shown_value(question, after[key]) if key in after else "(no longer asked)"
        if key == "components" and (moved := _component_changes(before.get(key), after.get(key))):
            lines += [f"   {question_title(key, question)}: {change}" for change in moved]
            continue
        lines.append(f"   {question_title(key, question)}: {old} -> {new}")
    return "\n".join(lines)


def _component_changes(before: Any, after: Any) -> list[str]:
    """``name field: old -> new`` for each field that moved, when the same components remain; else []."""
    if not (isinstance(before, list) and isinstance(after, list) and len(before) == len(after)):
        return []
    changes = []
    for old, new in zip(before, after, strict=True):
        if not (isinstance(old, dict) and isinstance(new, dict)) or old.get("name") != new.get("name"):
            return []
        for field in new:
            if old.get(field) != new[field]:
                shown = [" ".join(v) if isinstance(v, list) else str(v) for v in (old.get(field, ""), new[field])]
                changes.append(f"{new['name']} {field}: {shown[0]} -> {shown[1]}")
    return changes


def edit_choices(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(what the menu shows, key) for each answer that can be edited."""
    questions = questionnaire.questions()
    shown: list[tuple[str, str]] = []
    for key in ordered(answers):
        question = questions.get(key, {})
        value = answers[key]
        text = (
            ", ".join(comp.get("name", "?") for comp in value if isinstance(comp, dict))
            if key == "components" and isinstance(value, list)
            else shown_value(question, value)
        )
        shown.append((f"{question_title(key, question)}: {text}"[:120], key))
    return shown


def ask_one(key: str, current: Any, answers: dict[str, Any]) -> Any:
    """Ask question ``key`` again (current answer as the default); checked with the whole answer set."""
    import questionary
    from questionary import Choice

    question = questionnaire.questions()[key]
    title = question_title(key, question)
    others = {k: v for k, v in answers.items() if k != key}

    def problem(value: Any) -> str:
        try:
            questionnaire.validate({**others, key: value})
        except ValueError as error:
            return str(error)
        return ""

    labels = questionnaire.choice_labels(question)
    if labels and question.get("multiselect"):
        chosen = current if isinstance(current, list) else []
        return questionary.checkbox(
            title,
            choices=[Choice(label, value=value, checked=value in chosen) for label, value in labels],
            validate=lambda picked: problem(picked) or True,
        ).unsafe_ask()
    if labels:
        value = questionary.select(
            title, choices=[Choice(label, value=value) for label, value in labels], default=str(current)
        ).unsafe_ask()
        if message := problem(value):
            raise ValueError(message)
        return value
    if question.get("type") == "bool":
        return questionary.confirm(title, default=bool(current)).unsafe_ask()

    def parsed(text: str) -> Any:
        return questionnaire.parse_data_value(key, text, question)

    def text_result(text: str) -> bool | str:
        try:
            return problem(parsed(text)) or True
        except ValueError as error:
            return str(error)

    if isinstance(current, (list, dict)):
        shown = yaml.safe_dump(current, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    else:
        shown = str(current)
    return parsed(questionary.text(title, default=shown, validate=text_result).unsafe_ask())


GO, EDIT, QUIT = "go", "edit", "quit"


def what_now(go: str) -> str:
    """The review's question: ``go`` (render, apply), edit one answer, or quit with nothing written."""
    import questionary
    from questionary import Choice

    choices = [Choice(go, value=GO), Choice("edit one answer", value=EDIT)]
    choices.append(Choice("quit without writing anything", value=QUIT))
    return str(questionary.select("What now?", choices=choices, default=GO).unsafe_ask())


def pick_answer(answers: dict[str, Any]) -> str:
    """Which answer to edit, from the review's list."""
    import questionary
    from questionary import Choice

    choices = [Choice(text, value=key) for text, key in edit_choices(answers)]
    return str(questionary.select("Which answer?", choices=choices).unsafe_ask())
