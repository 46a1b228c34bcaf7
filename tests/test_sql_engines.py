"""SQL's first week against real engines: `make test-sql` applies the migrations and runs the SQL
tests on each engine version the project names (PostgreSQL 15 and 17 by default, SQLite in process),
and a migration naming a table that does not exist fails there, as the engine itself rejects it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_replay import load, replay_job, replayable_jobs
from conftest import render_project
from journey_support import Case, Journal
from sql_engines_support import postgres_bindirs

from pyve_gen.model.sql_engines import sql_facts, versions_tested

MISSPELT = "ALTER TABLE db_itme ADD COLUMN note TEXT;\n"
FIXED = "ALTER TABLE db_item ADD COLUMN note TEXT;\n"
NOTE_TEST = (
    "-- the new column takes a value\n"
    "INSERT INTO db_item (display_name, note) VALUES ('noted', 'a note');\n\n"
    "SELECT id\nFROM db_item\nWHERE display_name = 'noted' AND note IS NULL;\n"
)


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", *args, "STRICT=1", f"PYTHON={sys.executable}"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize(
    ("dialect", "text", "expected"),
    [
        ("postgres", "15 to 17", ["15", "17"]),
        ("postgres", "14.2, 15 and 16", ["14", "16"]),
        ("postgres", "16 or newer", ["16", "18"]),
        ("postgres", "16", ["16"]),
        ("mysql", "8.0 or newer", ["8.0", "8.4"]),
        ("postgres", "whatever", []),
    ],
)
def test_the_oldest_and_newest_named_versions_are_tested(dialect: str, text: str, expected: list[str]) -> None:
    assert versions_tested(dialect, text) == expected


def test_sql_facts_name_the_packages_ci_installs() -> None:
    facts = sql_facts("postgres", "15 to 17")
    assert facts["apt"] == ["postgresql-15", "postgresql-17"] and facts["brew"] == ["postgresql@15", "postgresql@17"]
    assert sql_facts("sqlite", "3.40 or newer")["test_versions"] == []


@pytest.fixture(scope="module")
def postgres_project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("sql-pg") / "project"
    answers = {"components": [{"name": "db", "kind": "library", "language": "sql"}], "sql_dialect": "postgres"}
    return render_project(template_src, dest, answers)


def test_postgres_migrations_run_on_15_and_17_and_a_misspelt_table_fails(postgres_project: Path) -> None:
    bindirs = " ".join(str(d) for d in postgres_bindirs(["15", "17"]))
    project = postgres_project
    makefile = (project / "Makefile").read_text()
    assert "SQL_ENGINE_VERSIONS := 15 17\n" in makefile

    # Without a 17 server, the version is SKIPPED loudly, and STRICT=1 (CI) turns that into a failure.
    only_15 = make(project, "test-sql", "PG_BINDIRS=/usr/lib/postgresql/15/bin")
    assert only_15.returncode != 0 and "SKIPPED test-sql (PostgreSQL 17)" in only_15.stderr, only_15.stderr

    first = make(project, "lint", "test", f"PG_BINDIRS={bindirs}")
    log = first.stdout + first.stderr
    assert first.returncode == 0, log
    assert "applied to PostgreSQL 15." in first.stdout and " and PostgreSQL 17." in first.stdout, log
    assert "2 SQL tests run: 0 problems" in first.stdout, log

    # The first week: a migration naming a misspelt table; sqlfluff parses it, each engine rejects it.
    migration = project / "sql/db/migrations/0002_add_note.sql"
    migration.write_text(MISSPELT)
    broken = make(project, "lint-sql", "test-sql", f"PG_BINDIRS={bindirs}")
    assert broken.returncode != 0, broken.stdout + broken.stderr
    for major in ("15", "17"):
        assert f"fails to apply on PostgreSQL {major}." in broken.stderr, broken.stderr
    assert broken.stderr.count('relation "db_itme" does not exist') == 2, broken.stderr

    migration.write_text(FIXED)
    (project / "sql/db/tests/test_note.sql").write_text(NOTE_TEST)
    fixed = make(project, "lint-sql", "test-sql", f"PG_BINDIRS={bindirs}")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "2 migrations checked, applied to PostgreSQL 15." in fixed.stdout
    assert "4 SQL tests run: 0 problems" in fixed.stdout, fixed.stdout

    # A test whose expectation is broken (it returns a row) fails too.
    (project / "sql/db/tests/test_note.sql").write_text(NOTE_TEST.replace("IS NULL", "IS NOT NULL"))
    failing = make(project, "test-sql", f"PG_BINDIRS={bindirs}")
    assert failing.returncode != 0 and "expectation broken on PostgreSQL 15." in failing.stderr, failing.stderr


def test_mysql_migrations_run_on_the_installed_server_and_a_misspelt_table_fails(
    template_src: Path, tmp_path: Path
) -> None:
    """Debian has no MySQL: MariaDB's server (mariadb-server) stands in; CI of the project installs mysql-server."""
    if shutil.which("mariadbd") is None and shutil.which("mysqld") is None and not os.environ.get("CI"):
        pytest.skip("no MySQL or MariaDB server installed (scripts/setup.sh installs mariadb-server)")
    answers = {"components": [{"name": "db", "kind": "library", "language": "sql"}], "sql_dialect": "mysql"}
    project = render_project(template_src, tmp_path / "project", answers)
    first = make(project, "lint-sql", "test-sql")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "applied to MariaDB 10." in first.stdout or "applied to MySQL 8." in first.stdout, first.stdout
    (project / "sql/db/migrations/0002_add_note.sql").write_text(MISSPELT)
    broken = make(project, "test-sql")
    assert broken.returncode != 0 and "db_itme' doesn't exist" in broken.stderr, broken.stderr


def test_sqlite_migrations_apply_in_process_and_a_misspelt_table_fails(template_src: Path, tmp_path: Path) -> None:
    answers = {"components": [{"name": "db", "kind": "library", "language": "sql"}], "sql_dialect": "sqlite"}
    project = render_project(template_src, tmp_path / "project", answers)
    assert "SQL_ENGINE_VERSIONS" not in (project / "Makefile").read_text()
    (project / "sql/db/migrations/0002_add_note.sql").write_text(MISSPELT)
    broken = make(project, "test-sql")
    assert broken.returncode != 0 and "no such table: db_itme" in broken.stderr, broken.stderr
    (project / "sql/db/migrations/0002_add_note.sql").write_text(FIXED)
    (project / "sql/db/tests/test_note.sql").write_text(NOTE_TEST)
    fixed = make(project, "lint-sql", "test-sql")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (
        "2 migrations checked, applied to SQLite 3." in fixed.stdout and "2 SQL tests run: 0 problems" in fixed.stdout
    )


@pytest.mark.slow
def test_the_ci_jobs_run_steps_replayed_on_15_and_17(postgres_project: Path, tmp_path: Path) -> None:
    """ci.yml's lint and test jobs in fresh clones. The step that adds the PostgreSQL apt repository
    cannot run here (apt.postgresql.org is unreachable): it is noted, and the servers it would install
    are Debian's 15 and npm's 17 build, given to `make test` through PG_BINDIRS."""
    source = shutil.copytree(postgres_project, tmp_path / "source")
    # The first week's state, whatever the test sharing postgres_project left behind (a broken expectation).
    (source / "sql/db/migrations/0002_add_note.sql").write_text(FIXED)
    (source / "sql/db/tests/test_note.sql").write_text(NOTE_TEST)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*git, *args], cwd=source, check=True)
    bindirs = " ".join(str(d) for d in postgres_bindirs(["15", "17"]))
    env = {**os.environ, "PG_BINDIRS": bindirs}
    env.pop("VIRTUAL_ENV", None)
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    journal = Journal(Case("sql", minor, False), tmp_path)
    workflow = load(source / ".github/workflows/ci.yml")
    runs = []
    for job_id, job in replayable_jobs(workflow):
        if job_id in ("lint", "test"):
            unreachable = {"Install PostgreSQL": "apt.postgresql.org is unreachable here; PG_BINDIRS has 15 and 17"}
            run = replay_job(
                journal,
                "ci.yml",
                job_id,
                job,
                source,
                tmp_path,
                env,
                Path(sys.base_prefix) / "bin",
                minor,
                unreachable=unreachable,
            )
            assert run is not None, job_id
            runs.append(run)
    assert [skip for run in runs for skip in run.skipped if "not replayed" in skip], runs
    log = "\n".join(path.read_text() for path in sorted(tmp_path.glob("*.log")))
    assert "applied to PostgreSQL 15." in log and " and PostgreSQL 17." in log, log[-3000:]
