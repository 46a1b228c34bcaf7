"""The operating systems a project can target: their CI runners, and what each one can build and test.

Linux and macOS run every language. Windows runs what the project's virtual environment installs
(``toolchains.VENV_LANGUAGES``: Python, and SQL through sqlfluff), in Git Bash on GitHub's Windows runners:
the other languages' gates come from apt or Homebrew, and so do the database servers PostgreSQL and MySQL
migrations are applied to. Those combinations are refused with a message saying what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .components import LANGUAGE_LABELS, from_short_form
from .sql_engines import ENGINES
from .toolchains import VENV_LANGUAGES

OS_NAMES: dict[str, str] = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}

# One CI runner per (operating system, CPU) pair. Windows is tested on x86_64 only.
RUNNERS: dict[tuple[str, str], str] = {
    ("linux", "x86_64"): "ubuntu-24.04",
    ("linux", "arm64"): "ubuntu-24.04-arm",
    ("macos", "x86_64"): "macos-15-intel",
    ("macos", "arm64"): "macos-15",
    ("windows", "x86_64"): "windows-2025",
}
WINDOWS_RUNNER = RUNNERS[("windows", "x86_64")]

# SQL dialects whose `make test-sql` needs no server: SQLite runs in the project's Python, SQL Server is parsed only.
WINDOWS_SQL_DIALECTS: tuple[str, ...] = ("sqlite", "tsql")


def runners(os_targets: list[str], archs: list[str]) -> list[str]:
    """The CI runners of the targets, Linux first (the first one runs the single-runner levels)."""
    return [
        RUNNERS[(os_name, arch)]
        for os_name in OS_NAMES
        if os_name in os_targets
        for arch in ("x86_64", "arm64")
        if arch in archs and (os_name, arch) in RUNNERS
    ]


def _languages(components: Any) -> dict[str, list[str]]:
    """Language -> the names of its components (an unreadable answer is its own validator's business)."""
    found: dict[str, list[str]] = {}
    items = from_short_form(components)
    if not isinstance(items, list):
        return found
    for item in items:
        if isinstance(item, Mapping):
            language = str(item.get("language") or "python")
            found.setdefault(language, []).append(str(item.get("name") or "?"))
    return found


def windows_error(os_targets: Any, answers: Mapping[str, Any]) -> str:
    """Why ``windows`` cannot be among ``os_targets`` for these components, or ""."""
    if not isinstance(os_targets, list) or "windows" not in os_targets:
        return ""
    languages = _languages(answers.get("components"))
    refused = {lang: names for lang, names in languages.items() if lang not in VENV_LANGUAGES}
    if not refused:
        return ""
    listed = "; ".join(f"{LANGUAGE_LABELS.get(lang, lang)}: {', '.join(names)}" for lang, names in refused.items())
    return (
        f"os_targets: windows is offered for components whose tools the project's venv installs ({_allowed()}; "
        f"run in Git Bash), but these components' toolchains come from apt or Homebrew, on Linux and macOS only "
        f"({listed}). Choose linux and/or macos, or leave those components out"
    )


def _allowed() -> str:
    """What Windows runs, for the messages: "Python, SQL (SQLite or SQL Server)"."""
    dialects = " or ".join(ENGINES[name].title for name in WINDOWS_SQL_DIALECTS)
    return ", ".join(
        f"{LANGUAGE_LABELS[lang]} ({dialects})" if lang == "sql" else LANGUAGE_LABELS[lang] for lang in VENV_LANGUAGES
    )


def archs_error(archs: Any, answers: Mapping[str, Any]) -> str:
    """Windows is tested on x86_64 only: it needs x86_64 among ``cpu_archs``."""
    targets = answers.get("os_targets")
    if isinstance(targets, list) and "windows" in targets and isinstance(archs, list) and "x86_64" not in archs:
        return (
            f"cpu_archs: Windows is tested on x86_64 only (the {WINDOWS_RUNNER} runner); "
            "add x86_64, or take windows out of os_targets"
        )
    return ""


def sql_dialect_error(dialect: Any, answers: Mapping[str, Any]) -> str:
    """PostgreSQL and MySQL migrations are applied to servers installed from apt or Homebrew: not on Windows."""
    targets = answers.get("os_targets")
    if isinstance(targets, list) and "windows" in targets and str(dialect) not in WINDOWS_SQL_DIALECTS:
        engine = ENGINES[str(dialect)].title if str(dialect) in ENGINES else str(dialect)
        return (
            f"sql_dialect: {dialect}: the migrations are tested on a {engine} server installed from apt or Homebrew, "
            f"which the Windows runner does not have; with windows in os_targets choose "
            f"{' or '.join(WINDOWS_SQL_DIALECTS)}, or take windows out of os_targets"
        )
    return ""
