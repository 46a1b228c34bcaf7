"""`pyve-gen` without a terminal: help, version, scripted `new`, and one-line errors with nothing written."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from pyve_gen import __version__
from pyve_gen.cli import build_parser, console


def pyve_gen(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pyve_gen.cli", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_top_level_help_lists_every_command_and_examples() -> None:
    result = pyve_gen("--help")
    assert result.returncode == 0
    for name in subcommands():
        assert name in result.stdout
    for option in ("--version", "--debug"):
        assert option in result.stdout
    assert "examples:" in result.stdout


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_each_command_help_mentions_every_option_and_has_examples(command: str) -> None:
    result = pyve_gen(command, "--help")
    assert result.returncode == 0, result.stderr
    for action in subcommands()[command]._actions:
        for option in action.option_strings:
            assert option in result.stdout, (command, option)
        if not action.option_strings and action.dest != "help":
            assert (action.metavar or action.dest) in result.stdout, (command, action.dest)
    assert "examples:" in result.stdout
    assert f"pyve-gen {command}" in result.stdout.split("examples:", 1)[1]


def test_version() -> None:
    result = pyve_gen("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pyve-gen {__version__}"


@pytest.fixture(scope="module")
def scripted(
    template_src: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    dest = tmp_path_factory.mktemp("scripted") / "acme-billing"
    answers = dest.parent / "answers.yml"
    answers.write_text(yaml.safe_dump({"components": [{"name": "api", "kind": "application"}]}))
    result = pyve_gen(
        "new", str(dest), "--template", str(template_src), "--vcs-ref", "HEAD", "--data-file", str(answers)
    )
    return dest, result


def test_new_without_a_terminal_takes_defaults_for_the_rest(
    scripted: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    dest, result = scripted
    assert result.returncode == 0, result.stderr
    assert "no terminal: unanswered questions take their defaults" in result.stderr
    assert "./pyve.sh --init" in result.stderr  # Copier's closing message names the next commands
    assert "create" in result.stderr and "\x1b[" not in result.stderr + result.stdout  # no colour into a pipe
    recorded = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert recorded["project_name"] == "Acme Billing"  # the default comes from the folder name
    assert [c["name"] for c in recorded["components"]] == ["api"]
    assert (dest / "src/acme_billing_api/__main__.py").is_file()  # imports under package_name


BAD_DATA = [
    (["--data", "components=[{name: Bad Name}]"], "component 'Bad Name': name must be lowercase"),
    (["--data", "project_slug=Not A Slug"], "project_slug 'Not A Slug' is not allowed"),
    (["--data", "coverage_floor=200"], "coverage_floor must be a whole number from 0 to 100"),
    (["--data", "quality_level=gold"], "quality_level 'gold' is not allowed; choose one of: experiment, prototype"),
    (["--data", "os_targets=[linux, beos]"], "os_targets 'beos' is not allowed; choose from: linux, macos, windows"),
    (["--data", "colour=blue"], "unknown question(s) colour"),
    (["--data", "oops"], "--data 'oops': use KEY=VALUE"),
    (["--data-file", "missing.yml"], "--data-file missing.yml: no such file"),
]


@pytest.mark.parametrize(("args", "message"), BAD_DATA, ids=[m for _, m in BAD_DATA])
def test_bad_data_is_one_line_with_nothing_written(
    template_src: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    dest = tmp_path / "out"
    result = pyve_gen(
        "new", str(dest), "--defaults", "--template", str(template_src), "--vcs-ref", "HEAD", *args, cwd=tmp_path
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("pyve-gen: error:")]
    assert len(errors) == 1, result.stderr
    assert message in errors[0]
    assert "Traceback" not in result.stderr
    assert not dest.exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = pyve_gen("new", str(tmp_path / "out"), "--defaults", "--data", "project_slug=Bad", "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_existing_destination_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n")
    result = pyve_gen("new", str(tmp_path / "taken"), "--defaults")
    assert result.returncode == 1
    assert "already exists and is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert console.style("x", "red", io.StringIO()) == "x"
    assert console.style("x", "red", FakeTerminal()) == "\033[31mx\033[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert console.style("x", "red", FakeTerminal()) == "x"
