"""Carry recorded answers forward across a questionnaire change; run by Copier's `_migrations`.

Usage (Copier runs it with its own Python, in the project folder, before the update renders):
    python migrate_answers.py ANSWERS_FILE value KEY OLD=NEW [OLD=NEW ...]   rename choice values
    python migrate_answers.py ANSWERS_FILE key OLD_KEY NEW_KEY                rename a question
    python migrate_answers.py ANSWERS_FILE add KEY=VALUE [KEY=VALUE ...]      answer questions added together,
                                                                             when none of them is recorded

Each migration is idempotent and reads its evidence from the answers, not only from the version Copier
compares: a project that already holds the new form is left alone, so a fork whose own tags cross the
version of a migration (docs/updates.md, "Migrations") runs it again harmlessly.

Standalone on purpose: it needs only PyYAML (a Copier dependency), not the rest of pyve_gen.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def rename_values(answers: dict[str, object], key: str, pairs: list[str]) -> bool:
    mapping = dict(pair.split("=", 1) for pair in pairs)
    value = answers.get(key)
    if isinstance(value, str) and value in mapping:
        answers[key] = mapping[value]
        return True
    if isinstance(value, list) and any(item in mapping for item in value):
        answers[key] = [mapping.get(item, item) for item in value]
        return True
    return False


def rename_key(answers: dict[str, object], old: str, new: str) -> bool:
    if old in answers and new not in answers:
        answers[new] = answers.pop(old)
        return True
    return False


def add_answers(answers: dict[str, object], pairs: list[str]) -> bool:
    """Questions added together, answered for the projects made before them (values are kept as text).

    A project that records any of them was made after they came (a question that was not asked, e.g. a
    phase above the project's level, is simply absent there): it gets none.
    """
    new = dict(pair.split("=", 1) for pair in pairs)
    if any(key in answers for key in new):
        return False
    answers.update(new)
    return True


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] not in {"value", "key", "add"} or (argv[1] != "add" and len(argv) < 4):
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    text = path.read_text(encoding="utf-8")
    answers = yaml.safe_load(text) or {}
    if argv[1] == "value":
        changed = rename_values(answers, argv[2], argv[3:])
    elif argv[1] == "add":
        changed = add_answers(answers, argv[2:])
    else:
        changed = rename_key(answers, argv[2], argv[3])
    if changed:
        header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
        path.write_text(header + yaml.safe_dump(answers, sort_keys=True, allow_unicode=True), encoding="utf-8")
        print(f"migrated {path}: {' '.join(argv[1:])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
