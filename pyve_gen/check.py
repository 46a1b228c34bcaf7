"""`pyve-gen check [PATH]`: does a rendered project still meet its own answers and quality level?

Fast on purpose (no Copier import): it reads files, asks git, and looks up the template's tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyve_gen.check_rules import CHECKS, FAIL, NA, PASS, Options, Result
from pyve_gen.project import Project
from pyve_gen.userfiles import shorten


@dataclass(frozen=True)
class Outcome:
    id: str
    name: str
    status: str
    message: str
    hint: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "status": self.status, "message": self.message, "hint": self.hint}


def run_checks(root: Path, options: Options | None = None) -> list[Outcome]:
    project = Project(root)
    options = options or Options()
    outcomes = []
    for item in CHECKS:
        try:
            result = item.run(project, options)
        except Exception as error:  # a check must report, never crash the whole run
            result = Result(FAIL, f"check crashed: {type(error).__name__}: {error}")
        hint = item.hint if result.status == FAIL else ""
        outcomes.append(Outcome(item.id, item.name, result.status, result.message, hint))
    return outcomes


def passed(outcomes: list[Outcome]) -> bool:
    return all(outcome.status != FAIL for outcome in outcomes)


def tally(outcomes: list[Outcome]) -> str:
    counts = {status: sum(o.status == status for o in outcomes) for status in (PASS, FAIL, NA)}
    return f"{counts[PASS]} passed, {counts[FAIL]} failed, {counts[NA]} n/a"


def summary(root: Path, outcomes: list[Outcome]) -> dict[str, Any]:
    answers = Project(root).answers or {}

    def recorded(key: str) -> str | None:  # as recorded, cut short: the file may come from anyone
        value = answers.get(key)
        return None if value is None else value if isinstance(value, str) and len(value) <= 200 else shorten(value)

    return {
        "project": str(root),
        "quality_level": recorded("quality_level"),
        "template": recorded("_src_path"),
        "template_version": recorded("_commit"),
        "passed": passed(outcomes),
        "counts": tally(outcomes),
        "checks": [outcome.as_dict() for outcome in outcomes],
    }


def format_text(root: Path, outcomes: list[Outcome]) -> str:
    data = summary(root, outcomes)
    lines = [
        f"pyve-gen check: {root}",
        f"quality level {data['quality_level'] or '?'}, template {data['template_version'] or '?'}",
        "",
    ]
    width = max(len(outcome.name) for outcome in outcomes)
    for outcome in outcomes:
        label = {PASS: "pass", FAIL: "FAIL", NA: "n/a "}[outcome.status]
        lines.append(f"{outcome.id} {outcome.name:<{width}}  {label}  {outcome.message}")
        if outcome.hint:
            lines.append(f"{'':{len(outcome.id) + width + 9}}fix: {outcome.hint}")
    lines += ["", tally(outcomes)]
    return "\n".join(lines)


def verdict(root: Path) -> tuple[bool, str]:
    """(all passed, one line: the tally and the failed checks), for the summary of `pyve-gen update`."""
    outcomes = run_checks(root)
    failed = [f"{o.id} {o.name}" for o in outcomes if o.status == FAIL]
    return passed(outcomes), tally(outcomes) + (f" ({', '.join(failed)}; run `pyve-gen check`)" if failed else "")
