"""Render matrix: each language alone (every kind), and one project with all five languages.

Each cell is rendered once, then its own `make lint` and `make test` run with STRICT=1, so a
missing toolchain fails the cell instead of skipping it; the assertions also check that each
language's tests really ran (counts from pytest, bats, ctest, rspec and the SQL check).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, render_project
from gem_standin import bundler_env
from sql_engines_support import postgres_bindirs

from pyve_gen.model.toolchains import TOOLCHAINS

ALL_KINDS = ("application", "library", "cli", "script")


def every_kind(language: str, exclude: str = "") -> list[dict[str, Any]]:
    return [{"name": f"{language}-{kind}", "kind": kind, "language": language} for kind in ALL_KINDS if kind != exclude]


@dataclass(frozen=True)
class Cell:
    answers: dict[str, Any]
    tools: tuple[str, ...]  # commands the cell's gates need
    ran: tuple[str, ...]  # lines proving the tests ran (found in the `make test` output)


# Free text that lands in Ruby string literals (gemspec): quotes, interpolation and a backslash.
HOSTILE_SUMMARY = """It's "quoted", #{ENV['HOME']} and #@x stay text \\ done"""
HOSTILE_HOLDER = "O'Brien \\ Sons"

PYTHON_COMPONENTS = [
    {"name": "core", "kind": "library"},
    {"name": "app", "kind": "cli", "entrypoints": ["app", "app-admin"]},
    {"name": "svc", "kind": "application", "entrypoints": []},
    {"name": "tools", "kind": "script", "paths": ["lib/tools"]},
]

CELLS: dict[str, Cell] = {
    "python": Cell({"components": PYTHON_COMPONENTS}, (), ("46 passed",)),
    "shell": Cell(
        {
            "components": [
                {"name": "deploy", "kind": "script", "language": "shell", "entrypoints": ["deploy", "rollback.sh"]},
                {"name": "greeter", "kind": "cli", "language": "shell", "paths": ["tools/sh/greeter"]},
                {"name": "daemon", "kind": "application", "language": "shell"},
                {"name": "shlib", "kind": "library", "language": "shell"},
            ]
        },
        ("bash", "zsh", "shellcheck", "shfmt", "bats"),
        ("1..15", "ok 15 "),
    ),
    "cpp": Cell(
        # cli is in the "all" cell: each C++ component costs a GoogleTest build, the slowest step here.
        {"components": every_kind("cpp", exclude="cli"), "cpp_standard": "23"},
        ("cmake", "c++", "clang-format", "clang-tidy"),
        ("100% tests passed, 0 tests failed out of 17",),  # 2 ctest cases per app: --help, an unknown option
    ),
    "ruby": Cell(
        {"components": every_kind("ruby"), "summary": HOSTILE_SUMMARY, "copyright_holder": HOSTILE_HOLDER},
        ("ruby", "bundle"),
        ("3 examples, 0 failures", "6 examples, 0 failures"),
    ),
    "sql": Cell(
        {"components": [{"name": "db", "kind": "library", "language": "sql"}], "sql_dialect": "sqlite"},
        (),
        ("1 migrations checked, applied to SQLite 3.", "1 SQL tests run: 0 problems"),
    ),
    # The other dialects: the migration is written per dialect, so each must lint and parse as its own.
    # MySQL: Debian's archive has MariaDB only (mariadb-server, the suite's stand-in for mysql-server).
    "sql-mysql": Cell(
        {"components": [{"name": "db", "kind": "library", "language": "sql"}], "sql_dialect": "mysql"},
        ("mariadbd", "mariadb"),
        ("1 migrations checked, applied to MariaDB 10.", "1 SQL tests run: 0 problems"),
    ),
    "sql-tsql": Cell(
        {"components": [{"name": "db", "kind": "library", "language": "sql"}], "sql_dialect": "tsql"},
        (),
        ("1 migrations checked, parsed only (no engine here), 0 SQL tests run: 0 problems",),
    ),
    "all": Cell(
        {
            "components": [
                *PYTHON_COMPONENTS,
                {"name": "ops", "kind": "script", "language": "shell"},
                {"name": "shlib", "kind": "library", "language": "shell"},
                {"name": "engine", "kind": "library", "language": "cpp"},
                {"name": "runner", "kind": "cli", "language": "cpp", "paths": ["native/runner"]},
                {"name": "my-gem", "kind": "cli", "language": "ruby"},
                {"name": "db", "kind": "library", "language": "sql", "paths": ["database"]},
            ],
            "sql_dialect": "postgres",
        },
        (
            "bash",
            "zsh",
            "shellcheck",
            "shfmt",
            "bats",
            "cmake",
            "c++",
            "clang-format",
            "clang-tidy",
            "ruby",
            "bundle",
        ),
        (
            "46 passed",
            "ok 6 ",
            "100% tests passed, 0 tests failed out of 10",
            "6 examples, 0 failures",
            "1 migrations checked, applied to PostgreSQL 15.",
            " and PostgreSQL 17.",
        ),
    ),
}

HEAVY = {"cpp", "all"}


def make(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """The rendered project's own make targets, strict, with the test environment's Python tools."""
    command = ["make", "--no-print-directory", *targets, "STRICT=1", f"PYTHON={sys.executable}"]
    if "SQL_ENGINE_VERSIONS := " in (project / "Makefile").read_text():  # PostgreSQL: a server per version
        versions = (project / "Makefile").read_text().split("SQL_ENGINE_VERSIONS := ", 1)[1].split("\n", 1)[0]
        command.append("PG_BINDIRS=" + " ".join(str(d) for d in postgres_bindirs(versions.split())))
    env = {**os.environ, **bundler_env()} if "lint-ruby" in (project / "Makefile").read_text() else None
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def require_tools(tools: tuple[str, ...]) -> None:
    missing = [tool for tool in ("make", *tools) if shutil.which(tool) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"toolchain not installed here (scripts/setup.sh installs it): {', '.join(missing)}")


@pytest.fixture(scope="module")
def rendered(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """rendered(cell) -> the project of that cell, rendered on first use and reused by the module."""
    projects: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in projects:
            dest = tmp_path_factory.mktemp(f"lang-{name}") / "project"
            projects[name] = render_project(template_src, dest, CELLS[name].answers)
        return projects[name]

    return get


@pytest.mark.parametrize(
    "cell", [pytest.param(name, marks=pytest.mark.slow) if name in HEAVY else name for name in CELLS]
)
def test_cell_passes_its_own_lint_and_tests(cell: str, rendered: Callable[[str], Path]) -> None:
    require_tools(CELLS[cell].tools)
    project = rendered(cell)
    for target in ("lint", "test"):
        result = make(project, target)
        log = f"make {target} in {cell}:\n{result.stdout}\n{result.stderr}"
        assert result.returncode == 0, log
        assert "SKIPPED" not in result.stderr, log
        if target == "test":
            for proof in CELLS[cell].ran:
                assert proof in result.stdout, f"missing {proof!r} in {log}"


def test_only_the_languages_used_are_rendered(rendered: Callable[[str], Path]) -> None:
    shell_only = rendered("shell")
    assert (shell_only / "tools/sh/greeter/greeter").stat().st_mode & 0o111
    assert (shell_only / "scripts/deploy/rollback.sh").is_file()
    assert (shell_only / "scripts/shlib/shlib.sh").is_file()
    for language, toolchain in TOOLCHAINS.items():
        for config in toolchain.config_files:
            assert (shell_only / config).exists() == (language == "shell"), config
    for other in ("tests/sql", "src", "docs/specs/lang/python_spec.md"):
        assert not (shell_only / other).exists(), other
    makefile = (shell_only / "Makefile").read_text()
    assert "lint-python" not in makefile and "test-cpp" not in makefile
    assert "lint: lint-pyve lint-spelling lint-shell\n" in makefile and "test: test-pyve test-shell\n" in makefile


def test_our_ci_installs_every_debian_package_a_rendered_toolchain_needs() -> None:
    listed = set((REPO / "scripts/system-packages.txt").read_text().split())
    for language in ("shell", "cpp", "ruby"):
        assert set(TOOLCHAINS[language].apt) <= listed, language


def test_a_missing_toolchain_is_skipped_loudly_and_fails_under_strict(
    rendered: Callable[[str], Path], tmp_path: Path
) -> None:
    require_tools(("bash",))
    bare_bin = tmp_path / "bin"
    bare_bin.mkdir()
    (bare_bin / "bash").symlink_to(shutil.which("bash") or "/bin/bash")
    env = {**os.environ, "PATH": str(bare_bin)}
    project = rendered("shell")
    make_path = shutil.which("make") or "make"
    command = [make_path, "--no-print-directory", "lint-shell", "test-shell"]
    relaxed = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
    assert relaxed.returncode == 0, relaxed.stderr
    for gate in ("lint-shell (zsh -n)", "lint-shell (shellcheck)", "lint-shell (shfmt)", "test-shell"):
        assert f"SKIPPED {gate}:" in relaxed.stderr, relaxed.stderr
    strict = subprocess.run([*command, "STRICT=1"], cwd=project, capture_output=True, text=True, env=env)
    assert strict.returncode != 0
    assert "SKIPPED lint-shell (zsh -n):" in strict.stderr


def spec_commands(spec: str) -> list[str]:
    """The command lines of a lang spec's `## Commands` block (not the `make` lines, not comments)."""
    block = spec.split("## Commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [command for command in commands if command and not command.startswith("make ")]


@pytest.mark.parametrize("cell", ["all", "sql"])
def test_lang_specs_name_exactly_what_make_runs(cell: str, rendered: Callable[[str], Path], tmp_path: Path) -> None:
    project = rendered(cell)
    # The specs write the Python interpreter as `python`; a wrapper of that name stands for it.
    wrapper = tmp_path / "bin" / "python"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    dry_run = subprocess.run(
        ["make", "-n", "lint", "test", "PYTHON=python"], cwd=project, capture_output=True, text=True, env=env
    )
    assert dry_run.returncode == 0, dry_run.stderr
    answers = CELLS[cell].answers["components"]
    languages = {component.get("language", "python") for component in answers}
    specs = {path.name: path.read_text() for path in (project / "docs/specs/lang").glob("*_spec.md")}
    assert set(specs) == {f"{language}_spec.md" for language in languages}
    assert {path.name for path in (project / "docs/guides/lang").glob("*_guide.md")} == {
        f"{language}_guide.md" for language in languages
    }
    for name, spec in specs.items():
        commands = spec_commands(spec)
        assert commands, name
        for command in commands:
            assert command in dry_run.stdout, f"{name} names {command!r}, which make does not run:\n{dry_run.stdout}"
        assert "{{" not in spec and "TODO" not in spec, name


def test_gem_builds_and_keeps_free_text_verbatim(rendered: Callable[[str], Path], tmp_path: Path) -> None:
    require_tools(("ruby", "gem"))
    gem = shutil.copytree(rendered("ruby") / "ruby/ruby-cli", tmp_path / "gem")
    script = (
        "spec = Gem::Specification.load(ARGV[0]); puts spec.summary; puts spec.authors.first; puts spec.executables"
    )
    result = subprocess.run(
        ["ruby", "-e", script, "ruby_cli.gemspec"], cwd=gem, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [HOSTILE_SUMMARY, HOSTILE_HOLDER, "ruby-cli"]
    build = subprocess.run(["gem", "build", "ruby_cli.gemspec"], cwd=gem, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (gem / "ruby-cli-0.0.1.gem").is_file()


def test_pyproject_of_several_python_components_is_valid(rendered: Callable[[str], Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "validate_pyproject", "pyproject.toml"],
        cwd=rendered("all"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_make_format_keeps_the_rendered_files_unchanged(rendered: Callable[[str], Path], tmp_path: Path) -> None:
    """The formatters agree with the templates: `make format` on a fresh render changes nothing."""
    require_tools(CELLS["all"].tools)
    project = shutil.copytree(
        rendered("all"), tmp_path / "project", ignore=shutil.ignore_patterns("build", ".*_cache", "__pycache__")
    )

    def snapshot() -> dict[str, bytes]:
        return {str(path.relative_to(project)): path.read_bytes() for path in project.rglob("*") if path.is_file()}

    before = snapshot()
    result = make(project, "format")
    assert result.returncode == 0, result.stdout + result.stderr
    after = snapshot()
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert changed == [], changed


def test_missing_googletest_is_skipped_loudly_by_cmake(rendered: Callable[[str], Path], tmp_path: Path) -> None:
    require_tools(("cmake", "c++"))
    configure = ["cmake", "-S", str(rendered("cpp")), "-DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON"]
    relaxed = subprocess.run([*configure, "-B", str(tmp_path / "relaxed")], capture_output=True, text=True)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "SKIPPED C++ unit tests: GoogleTest not found" in relaxed.stderr
    strict = subprocess.run(
        [*configure, "-B", str(tmp_path / "strict"), "-DPYVE_STRICT=ON"], capture_output=True, text=True
    )
    assert strict.returncode != 0
    assert "GoogleTest not found" in strict.stderr


# One defect per language and gate: each must make that gate fail, so a green cell means something.
DEFECTS = [
    (
        "python",
        "lint-python",
        "src/my_project_core/__init__.py",
        '__version__ = "0.0.1"',
        'import os\n\n__version__ = "0.0.1"',
        "F401",
    ),
    ("python", "test-python", "src/my_project_app/__main__.py", "Hello, {args.name}!", "Hi, {args.name}!", "failed"),
    ("shell", "lint-shell", "scripts/deploy/deploy", '"${name}"', "${name}", "SC2086"),
    ("shell", "test-shell", "scripts/deploy/deploy", "Hello, %s!", "Hi, %s!", "not ok"),
    (
        "cpp",
        "lint-cpp",
        "cpp/cpp-library/src/cpp_library.cpp",
        "return greeting;",
        "return   greeting ;",
        "clang-format",
    ),
    (
        "ruby",
        "lint-ruby",
        "ruby/ruby-library/lib/ruby_library.rb",
        '    "Hello',
        '    unused = 1\n    "Hello',
        "UselessAssignment",
    ),
    (
        "ruby",
        "test-ruby",
        "ruby/ruby-library/lib/ruby_library.rb",
        '"Hello, #{name}!"',
        '"Hi, #{name}!"',
        "rspec ./spec/ruby_library_spec.rb",
    ),
    ("sql", "lint-sql", "sql/db/migrations/0001_initial.sql", "CREATE TABLE", "create table", "CP01"),
    (
        "sql",
        "test-sql",
        "sql/db/migrations/0001_initial.sql",
        "display_name TEXT",
        "display_name TEXT,,",
        "fails to apply",
    ),
]


@pytest.mark.parametrize(
    ("cell", "target", "path", "old", "new", "marker"), DEFECTS, ids=[f"{d[1]}-{d[5]}" for d in DEFECTS]
)
def test_each_gate_fails_on_a_defect(
    rendered: Callable[[str], Path], tmp_path: Path, cell: str, target: str, path: str, old: str, new: str, marker: str
) -> None:
    require_tools(CELLS[cell].tools)
    project = shutil.copytree(rendered(cell), tmp_path / "project", ignore=shutil.ignore_patterns("build"))
    source = project / path
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new, 1))
    result = make(project, target)
    assert result.returncode != 0, result.stdout + result.stderr
    assert marker in result.stdout + result.stderr
