"""After adopting: what `make format` rewrites, what later template components reach, what the docs name.

Each test adopts a shape of tests/adopt_shapes.py (real Copier, git, make and the formatters), then runs what a
user runs next.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from adopt_shapes import BASH_TOOL, HEADER_ONLY_CPP, MONOREPO
from standins import git_commit_all
from test_adopt import MISFORMATTED, write
from test_update import NEW, tagged  # noqa: F401  (the module-scoped two-tag template repository)

from pyve_gen.cli import main
from pyve_gen.model.toolchains import LLVM_VERSION


def _adopted(root: Path, files: dict[str, str], *extra: str) -> Path:
    write(root, files)
    git_commit_all(root, "the repository before Pyve")
    assert main(["adopt", str(root), "--yes", *extra]) == 0
    git_commit_all(root, "Adopt the Pyve template")
    return root


def _make(root: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    makefile = "Makefile.pyve-template" if (root / "Makefile.pyve-template").exists() else "Makefile"
    argv = ["make", "--no-print-directory", "-f", makefile, *targets, f"PYTHON={sys.executable}"]
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False, timeout=300)


def _changed(root: Path) -> list[str]:
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    return sorted(line[3:] for line in status.stdout.splitlines())


FORMAT_SHAPES = {
    # neofetch is indented with 4 spaces; shfmt -i 2 would rewrite every line of it
    "bash-tool": (BASH_TOOL, "shfmt"),
    # backend/'s Python has single quotes, which ruff format rewrites; its scripts were never shfmt'd
    "backend-frontend-monorepo": (MONOREPO, "shfmt"),
    # the header is not clang-formatted, and they never ran clang-format
    "header-only-cmake": (
        {**HEADER_ONLY_CPP, "include/nlohmann/json.hpp": MISFORMATTED},
        f"clang-format-{LLVM_VERSION}",
    ),
}


@pytest.mark.parametrize("name", list(FORMAT_SHAPES))
def test_make_format_right_after_adopting_rewrites_none_of_their_files(tmp_path: Path, name: str) -> None:
    """`make format` ran `shfmt -w` on neofetch's own script, `ruff format .` and `ruff check --fix .` on the whole
    tree: adopting rewrote files of a repository that never used those tools. Now it formats their files only with
    the formatters they used before (the scope .pyve/adopted.mk gives make lint), and the template's own files."""
    files, tool = FORMAT_SHAPES[name]
    if missing := [t for t in ("make", "git", tool) if shutil.which(t) is None]:
        pytest.skip(f"not installed: {missing}")
    root = _adopted(tmp_path / name, files)
    result = _make(root, "format")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _changed(root) == [], result.stdout
    if name == "bash-tool":  # what adopted.mk says: the template adds no script beside theirs here
        said = (root / ".pyve/adopted.mk").read_text(encoding="utf-8")
        assert "shfmt: no script here, not yours (neofetch)" in said, said


def test_make_format_and_lint_judge_their_scripts_with_their_own_shfmt_options(tmp_path: Path) -> None:
    """The other side: neofetch's CI runs `shfmt -d -i 4 -ci`, so make lint and make format judge its script with
    shfmt, and with those options. Before, they used the template's (`-i 2 -ci -bn`): make lint failed on a script
    their own CI passes, and make format rewrote it to a style their CI then rejects."""
    if missing := [t for t in ("make", "git", "shfmt") if shutil.which(t) is None]:
        pytest.skip(f"not installed: {missing}")
    theirs = ["shfmt", "-i", "4", "-ci"]
    formatted = subprocess.run(theirs, input=BASH_TOOL["neofetch"], capture_output=True, text=True, check=True).stdout
    files = {**BASH_TOOL, "neofetch": formatted}
    files[".github/workflows/main.yml"] += "      - name: Format check\n        run: shfmt -d -i 4 -ci neofetch\n"
    root = _adopted(tmp_path / "neofetch", files)
    result = _make(root, "lint-shell", "format")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shfmt -d -i 4 -ci neofetch" in result.stdout and "shfmt -w -i 4 -ci neofetch" in result.stdout
    assert _changed(root) == [], result.stdout
    (root / "neofetch").write_text(BASH_TOOL["neofetch"], encoding="utf-8")  # not formatted as they format
    assert _make(root, "lint-shell").returncode != 0
    result = _make(root, "format")
    assert (root / "neofetch").read_text(encoding="utf-8") == formatted, result.stdout


NEW_PYTHON = {"name": "helper", "kind": "cli", "language": "python", "audience": "internal-ops"}
NEW_SHELL = {"name": "deploy", "kind": "script", "language": "shell", "audience": "internal-ops"}
NEW_CPP = {"name": "extra", "kind": "library", "language": "cpp", "audience": "dev-only"}
LATER = {
    # the lone tool without its own Makefile, so the template's is the Makefile: its scripts stay in place
    "bash-tool": (
        {k: v for k, v in BASH_TOOL.items() if k != "Makefile"},
        [NEW_PYTHON, NEW_SHELL],
        ['bash -n "$script"', "scripts/deploy/deploy", "ruff check --no-fix", "src/bash_tool_helper"],
    ),
    # their backend/ is linted under its own ruff configuration; the template's Python beside it
    "backend-frontend-monorepo": (MONOREPO, [NEW_PYTHON], ["ruff check --no-fix", "src/app_helper"]),
    # their C++ at the top, never clang-formatted: the template's C++ only
    "header-only-cmake": (
        HEADER_ONLY_CPP,
        [NEW_CPP],
        ["-i cpp/extra/include/extra/extra.hpp", "cpp/extra/src/extra.cpp"],
    ),
}


@pytest.mark.parametrize("name", list(LATER))
def test_a_component_added_by_a_later_update_is_linted(
    tagged: Path,  # noqa: F811
    tmp_path: Path,
    name: str,
) -> None:
    """.pyve/adopted.mk froze make lint's file lists at adopt time (`override SHELL_SCRIPTS := neofetch`,
    `RUFF_CHECK_PATHS := .pyve backend`, `override CPP_SOURCES := /dev/null`): a component a later `pyve-gen
    update` added was never linted. Now adopted.mk names only the repository's own paths, and the template's
    component lists reach lint (and format) whenever an update changes them. Real Copier update, then make -n."""
    from pyve_gen.update import update

    files, later, expected = LATER[name]
    if missing := [t for t in ("make", "git") if shutil.which(t) is None]:
        pytest.skip(f"not installed: {missing}")
    root = _adopted(tmp_path / name, files, "--template", str(tagged), "--vcs-ref", NEW)
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    report = update(
        root, vcs_ref=NEW, data={"components": [*answers["components"], *later]}, defaults=True, lock_command=None
    )
    assert report.conflicted == ["README.md"], report.format()  # theirs, kept at adopt: a visible merge
    assert len({path.split("/")[1] for path in report.added if path.startswith(("src/", "scripts/", "cpp/"))}) == len(
        later
    ), report.format()
    dry = _make(root, "-n", "lint", "format")
    out = dry.stdout
    for needle in expected:
        assert needle in out, out
    for line in out.splitlines():  # their files stay out of what they never ran the tool on
        if line.startswith(("shfmt -w", "shfmt -d")) or "ruff format" in line:
            assert "neofetch" not in line and "backend/app" not in line, line


def test_a_script_at_the_top_whose_name_is_no_command_name_gets_no_skeleton(tmp_path: Path) -> None:
    """A lone tool at the top named `Backup.sh` (no command name: upper case) was still given the template's skeleton
    in scripts/backup/ and its bats test, code the repository never had, while neofetch's shape was not. Now its
    skeleton is held as for a valid name, and make lint-shell reads their script in place. Real Copier and make."""
    if missing := [t for t in ("make", "git") if shutil.which(t) is None]:
        pytest.skip(f"not installed: {missing}")
    script = "#!/usr/bin/env bash\nset -eu\nprintf 'backing up %s\\n' \"${1:-.}\"\n"
    root = _adopted(tmp_path / "backup", {"Backup.sh": script, "README.md": "# Backup\n\nBack up a folder.\n"})
    assert not (root / "scripts").exists()
    assert sorted(p.name for p in (root / "tests/shell").iterdir()) == ["adopted_scripts.bats"]
    held = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))["adopt_held"]
    assert {"scripts/backup/backup", "tests/shell/backup.bats"} <= set(held), held
    result = _make(root, "lint-shell")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'for script in Backup.sh; do bash -n "$script"' in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("name", "files", "skeleton"),
    [("bash-tool", BASH_TOOL, "scripts/neofetch"), ("header-only-cmake", HEADER_ONLY_CPP, "cpp/nlohmann-json")],
)
def test_the_docs_say_where_a_held_components_files_are(
    tmp_path: Path, name: str, files: dict[str, str], skeleton: str
) -> None:
    """The rendered docs named the held skeleton's folder (`scripts/neofetch/`, `cpp/nlohmann-json/`) as where the
    component's files are, a folder the repository never has. Now they name where its files are: in place."""
    if shutil.which("git") is None:
        pytest.skip("not installed: git")
    root = _adopted(tmp_path / name, files)
    docs = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in [*(root / "docs").rglob("*.md"), root / "README.md.pyve-template"]
    }
    naming = sorted(path for path, text in docs.items() if skeleton in text)
    assert naming == [], naming
    spec = "docs/specs/lang/shell_spec.md" if name == "bash-tool" else "docs/specs/lang/cpp_spec.md"
    assert "| `./` |" in docs[spec], docs[spec]


GEO = {
    "pyproject.toml": '[project]\nname = "geo"\nversion = "0.1.0"\n',
    "src/geo/__init__.py": "",
    "CMakeLists.txt": "cmake_minimum_required(VERSION 3.14)\nproject(geo CXX)\nadd_library(geo INTERFACE)\n"
    "target_include_directories(geo INTERFACE include)\n",
    "include/geo/geo.hpp": "#pragma once\nnamespace geo {\ninline int one() { return 1; }\n}  // namespace geo\n",
}


def test_a_cpp_component_renamed_beside_a_python_one_still_matches_its_cmake_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Python package `geo` and a CMake library `geo` at the top: the C++ component is named `geo-cpp` (names are
    unique), which no longer matched the CMake target `geo`, so its skeleton was added in cpp/geo-cpp/ (while the
    note said cpp/geo was not). Now the renamed component still matches its target: no skeleton, and the note says
    the names differ."""
    if shutil.which("git") is None:
        pytest.skip("not installed: git")
    root = _adopted(tmp_path / "geo", GEO)
    out = capsys.readouterr().out
    assert not (root / "cpp").exists()
    held = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))["adopt_held"]
    assert "cpp/geo-cpp/src/geo_cpp.cpp" in held, held
    assert "the template's C++ skeleton for it (cpp/geo-cpp) is not added" in out, out
    assert "named geo-cpp beside the Python component geo: your CMake target keeps its name" in out, out
    spec = (root / "docs/specs/lang/cpp_spec.md").read_text(encoding="utf-8")
    assert "geo_cpp_lib" not in spec and "| yours (your `CMakeLists.txt`) |" in spec, spec  # not the skeleton's target


def test_the_stubs_their_mypy_hook_installs_reach_the_adopted_lock(tmp_path: Path) -> None:
    """Their pre-commit mypy hook runs with its `additional_dependencies` (stubs, plugins) installed; make lint runs
    mypy in the venv, where nothing installed them, so it failed on imports their hook resolves. Now they go to
    requirements-adopted.in (versions left to the lock, as every need there)."""
    from pyve_gen.adopt.needs import input_file
    from pyve_gen.project import Project

    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "fetcher"\nversion = "1.0"\n\n[tool.mypy]\nstrict = true\n',
            ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/pre-commit/mirrors-mypy\n    rev: v1.11.2\n"
            "    hooks:\n      - id: mypy\n        additional_dependencies: [types-requests==2.32.0.20240914, "
            "'pydantic>=2', --not-a-requirement]\n",
        },
    )
    text = input_file(Project(tmp_path))
    lines = text.splitlines()
    assert "# .pre-commit-config.yaml: mypy hook additional_dependencies" in lines, text
    assert {"types-requests", "pydantic"} <= set(lines), text
    assert "--not-a-requirement" not in text


def test_the_dry_run_says_which_version_judges_their_code_where_they_name_none(tmp_path: Path) -> None:
    """packaging, poetry-core, idna: they name no exact ruff (or pytest, mypy), so the template's pin judges their
    code after adopting and make lint failed where theirs passed, with no word in the dry run. Now a note names the
    version that will run and how to keep theirs; a tool they pin exactly gets no such note."""
    from pyve_gen import questionnaire
    from pyve_gen.adopt.propose import propose

    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "calc"\nversion = "1.0"\n\n[tool.ruff]\nline-length = 100\n\n'
            '[tool.mypy]\nstrict = true\n\n[tool.pytest.ini_options]\naddopts = "-ra"\n',
            "requirements-dev.txt": "ruff>=0.6.2\npytest==8.3.3\n",
            "src/calc/__init__.py": "",
        },
    )
    notes = propose(tmp_path).notes
    versions = questionnaire.render_inputs().tool_versions
    for tool in ("ruff", "mypy"):
        said = [note for note in notes if note.startswith(f"{tool}: you name no exact version")]
        assert len(said) == 1, notes
        assert f"{tool} {versions[tool]}" in said[0] and f"{tool}==" in said[0], said
    assert not any(note.startswith("pytest: you name no exact version") for note in notes), notes  # pinned


@pytest.mark.parametrize(
    ("files", "flags"),
    [
        (  # scop/pre-commit-shfmt's hook, its args
            {
                ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/scop/pre-commit-shfmt\n    rev: v3.8.0-1\n"
                "    hooks:\n      - id: shfmt\n        args: [-w, -s, -i, '2', --case-indent]\n"
            },
            ["-s", "-i", "2", "--case-indent"],
        ),
        ({"Makefile": "fmt:\n\tshfmt -l -w -i=4 -bn bin/*.sh\n"}, ["-i=4", "-bn"]),
        ({"Makefile": "fmt:\n\tshfmt -w bin/tool\n", ".editorconfig": "[*.sh]\nindent_size = 3\n"}, []),
        (
            {"Makefile": "fmt:\n\tshfmt -w bin/tool\n"},
            ["-i", "0"],
        ),  # shfmt's defaults, not the template's .editorconfig
    ],
    ids=["hook-args", "makefile-command", "their-editorconfig", "defaults"],
)
def test_their_shfmt_options_are_read_where_they_run_it(
    tmp_path: Path, files: dict[str, str], flags: list[str]
) -> None:
    from pyve_gen.adopt.lint import shfmt_flags
    from pyve_gen.project import Project

    write(tmp_path, files)
    assert shfmt_flags(Project(tmp_path))[0] == flags


SQL_MIGRATIONS = {  # lower-case SQL that sqlfluff's capitalisation rules would rewrite; they never ran sqlfluff
    "db/migrations/0001_init.sql": "create table t (id bigserial primary key, data jsonb);\n",
    "db/migrations/0002_more.sql": "ALTER TABLE t ADD COLUMN n int;\n",
    "README.md": "# Tools\n\nDatabase schema for the tools.\n",
}


def test_make_format_and_lint_leave_their_migrations_to_them_where_they_never_ran_sqlfluff(tmp_path: Path) -> None:
    """A migrations/ folder of theirs is adopted as a SQL component: `make format` ran `sqlfluff fix` on it (7 fixes
    to files they never formatted, then failed on one it cannot fix) and `make lint` judged it by rules they never
    chose. Now sqlfluff reads their migrations only where they ran it before. Real sqlfluff (the dev venv's)."""
    import importlib.util

    if missing := [t for t in ("make", "git") if shutil.which(t) is None]:
        pytest.skip(f"not installed: {missing}")
    if importlib.util.find_spec("sqlfluff") is None:
        pytest.skip("sqlfluff is not installed")
    root = _adopted(tmp_path / "tools", SQL_MIGRATIONS)
    result = _make(root, "format", "lint-sql")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _changed(root) == [], result.stdout
    assert "db/migrations" not in result.stdout, result.stdout


GEM = {
    "gems/acme/acme.gemspec": 'Gem::Specification.new do |spec|\n  spec.name = "acme"\n  spec.executables = ["acme"]\nend\n',
    "gems/acme/lib/acme.rb": "module Acme\n  def self.hi = 'hi'\nend\n",
    "gems/acme/Gemfile": "source 'https://rubygems.org'\ngemspec\n",
    "README.md": "# Acme\n\nThe acme gem.\n",
}


def test_rubocop_leaves_their_gem_to_them_where_they_never_ran_it(tmp_path: Path) -> None:
    """A gem of theirs (gems/acme, no rubocop anywhere) is adopted as a Ruby component: `make format` ran `bundle exec
    rubocop --autocorrect` in it and `make lint` ran rubocop there. Now rubocop runs in their gem folders only where
    they ran it before. make -n: rubygems.org is not reachable here, so bundler cannot install the gems."""
    if missing := [t for t in ("make", "git") if shutil.which(t) is None]:
        pytest.skip(f"not installed: {missing}")
    root = _adopted(tmp_path / "acme", GEM)
    result = _make(root, "-n", "lint-ruby", "format")
    rubocop = [line for line in result.stdout.splitlines() if "rubocop" in line]
    assert rubocop and all("gems/acme" not in line for line in rubocop), result.stdout + result.stderr
