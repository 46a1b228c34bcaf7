"""The SQL engine a project names, and the versions its migrations are tested against.

``sql_engine_versions`` is free text ("15 to 17", "15 or newer"); the migrations are applied to the
oldest and the newest version it names (the dependencies guide's promise), locally by `make test-sql`
and in CI. An open range ("or newer") is closed by the newest release known here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The newest major release of each engine, closing an open range ("15 or newer").
NEWEST: dict[str, str] = {"postgres": "18", "mysql": "8.4", "sqlite": "3", "tsql": "2022"}
VERSION = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Engine:
    title: str
    applied: bool  # make test-sql applies the migrations to a real engine (else: parse only)
    how: str  # how the engine is started by the check (for the docs)


ENGINES: dict[str, Engine] = {
    "postgres": Engine(
        "PostgreSQL", True, "the installed server of each version, started by initdb/pg_ctl in a temporary folder"
    ),
    "sqlite": Engine("SQLite", True, "the SQLite library of the project's Python, in memory"),
    "mysql": Engine(
        "MySQL", True, "the installed MySQL (or MariaDB) server, started with its own data folder and socket"
    ),
    "tsql": Engine("SQL Server", False, "not started here: no SQL Server package for Linux CI runners"),
}


def versions_tested(dialect: str, versions_text: str) -> list[str]:
    """The oldest and the newest version named by ``versions_text`` (one entry when they are equal)."""
    found = VERSION.findall(versions_text or "")
    if not found:
        return []
    if dialect == "postgres":  # majors only: "15.4" is PostgreSQL 15
        found = [number.split(".")[0] for number in found]
    ordered = sorted(set(found), key=lambda v: tuple(int(part) for part in v.split(".")))
    oldest, newest = ordered[0], ordered[-1]
    if len(ordered) == 1 and re.search(r"newer|later|\+|above", versions_text, re.IGNORECASE):
        newest = NEWEST.get(dialect, oldest)
    return [oldest] if oldest == newest else [oldest, newest]


def sql_facts(dialect: str, versions_text: str) -> dict[str, Any]:
    """``pyve.sql``: the engine's title, whether migrations are applied to it, and the versions tested."""
    engine = ENGINES.get(dialect)
    if engine is None:
        return {}
    # PostgreSQL: a server per version tested; MySQL: the one installed; SQLite: Python's library.
    versions = versions_tested(dialect, versions_text) if dialect == "postgres" else []
    return {
        "dialect": dialect,
        "title": engine.title,
        "applied": engine.applied,
        "how": engine.how,
        "test_versions": versions,
        # PostgreSQL from its own apt repository (PGDG) in CI: Ubuntu ships one major only.
        "apt": [f"postgresql-{v}" for v in versions]
        if dialect == "postgres"
        else ["mysql-server"]
        if dialect == "mysql"
        else [],
        "brew": [f"postgresql@{v}" for v in versions]
        if dialect == "postgres"
        else ["mysql"]
        if dialect == "mysql"
        else [],
    }
