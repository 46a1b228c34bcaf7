"""Every reader of a repository's files is bounded and never crashes (issue #25).

Hostile and malformed answers files, pyproject files and locks go through `pyve-gen check` (all its
checks, in process) and through the rendered `.pyve/lock_check.py` (the file a project runs in CI):
no check may crash, no traceback may reach the user, and every message stays short. A 400-byte YAML
alias bomb, a committed link to /dev/zero, a FIFO and a 15 MB answers file are refused in well under
a second with a bounded peak memory.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from conftest import render_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from standins import git_commit_all

from pyve_gen import questionnaire
from pyve_gen.check import run_checks
from pyve_gen.check_rules import Options

EXAMPLES = int(os.environ.get("PYVE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
MESSAGE_LIMIT = 1500


@pytest.fixture(scope="module")
def project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = render_project(template_src, tmp_path_factory.mktemp("fuzz") / "project", {"quality_level": "production"})
    git_commit_all(path)
    return path


@contextlib.contextmanager
def replaced(project: Path, relpath: str, content: bytes) -> Iterator[None]:
    """``relpath`` holds ``content`` for the duration (then the rendered file is back)."""
    path = project / relpath
    original = path.read_bytes() if path.is_file() else None
    path.unlink(missing_ok=True)
    path.write_bytes(content)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        if original is not None:
            path.write_bytes(original)


def assert_no_crash(project: Path) -> dict[str, str]:
    outcomes = run_checks(project, Options(offline=True))
    for outcome in outcomes:
        assert "crashed" not in outcome.message, outcome
        assert len(outcome.message) <= MESSAGE_LIMIT, (outcome.id, len(outcome.message))
    return {outcome.id: outcome.status for outcome in outcomes}


# -- answers files ---------------------------------------------------------------------------------
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30), st.binary(max_size=8)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
YAML_TOKENS = st.sampled_from(
    [
        "&a [x, x]",
        "*a",
        "[*a, *a, *a]",
        "!!python/object/apply:os.system ['touch x']",
        "!!binary aGk=",
        "{",
        "[" * 200,
        "- - - -",
        "? [a]\n: b",
        "%YAML 1.1\n---",
        "---\n...",
        "\t",
        "\x00",
        "\ufeff",
        "'",
        '"\\x"',
        "quality_level: production",
        "_src_path: gh:o/p",
        "_commit: 0.1.0",
        "components: oops",
        "<<: *a",
        ": :",
    ]
)


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(list(questionnaire.questions())), VALUES, max_size=4))
def test_check_survives_any_recorded_answer(project: Path, changes: dict[str, Any]) -> None:
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    text = yaml.safe_dump({**answers, **changes}, allow_unicode=True)
    with replaced(project, ".copier-answers.yml", text.encode()):
        statuses = assert_no_crash(project)
    assert statuses["PV100"] in ("pass", "fail")


@FUZZ
@given(pieces=st.lists(st.one_of(YAML_TOKENS, st.text(max_size=20)), max_size=8))
def test_check_survives_any_answers_text(project: Path, pieces: list[str]) -> None:
    text = "\n".join(pieces).encode("utf-8", "surrogatepass")
    with replaced(project, ".copier-answers.yml", text):
        assert_no_crash(project)


# -- pyproject files and locks ------------------------------------------------------------------------
TOML_TOKENS = st.sampled_from(
    [
        "[project]",
        "[project",
        'dependencies = ["attrs>=23", "bad req ;;"]',
        "dependencies = 3",
        'dependencies = "x"',
        "dependencies = [1, {a = 1}]",
        "[build-system]",
        "requires = {a = 1}",
        "[tool.mypy]",
        "strict = 1",
        "[tool.ruff]",
        "[tool.coverage.report]",
        "fail_under = 'x'",
        "x = " + "[" * 2000,
        "a.b.c = 1",
        "a = 1\na = 2",
        '"\\ud800" = 1',
        "[[project]]",
        "<<<<<<< ours",
        "=======",
        ">>>>>>> theirs",
        "\x00",
    ]
)
LOCK_TOKENS = st.sampled_from(
    [
        "attrs==23.2.0 \\",
        "    --hash=sha256:" + "a" * 64,
        "--hash=sha256:00",
        "-r requirements.txt",
        "-c /dev/zero",
        "foo>=1",
        "bar==1.0 ; python_version ~= 'abc'",
        "x @ https://e.org/x.whl",
        "-e .",
        "[",
        "requests==2.*",
        "# via",
        "\\",
        "pkg[extra]==1.0 --hash=sha256:ab",
        "z===abc",
    ]
)


@FUZZ
@given(lines=st.lists(st.one_of(TOML_TOKENS, st.text(max_size=25)), max_size=10))
def test_check_survives_any_pyproject(project: Path, lines: list[str]) -> None:
    with replaced(project, "pyproject.toml", "\n".join(lines).encode("utf-8", "surrogatepass")):
        assert_no_crash(project)


@FUZZ
@given(lock=st.lists(st.one_of(LOCK_TOKENS, st.text(max_size=25)), max_size=10), raw=st.binary(max_size=4))
def test_check_survives_any_lock_and_input(project: Path, lock: list[str], raw: bytes) -> None:
    text = "\n".join(lock).encode("utf-8", "surrogatepass") + raw
    with replaced(project, "requirements-dev.txt", text), replaced(project, "requirements-dev.in", text[::-1]):
        assert_no_crash(project)


# -- the rendered .pyve/lock_check.py -------------------------------------------------------------
@pytest.fixture(scope="module")
def lock_check(project: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("rendered_lock_check", project / ".pyve" / "lock_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_lock_check(module: ModuleType, folder: Path) -> int:
    argv = ["--python-versions", "3.11 3.12", "--build-lock", "requirements-dev.txt"]
    argv += ["requirements-dev.in=requirements-dev.txt", "pyproject.toml=requirements-dev.txt"]
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return int(module.main(argv))
    finally:
        os.chdir(cwd)


@settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    lock=st.lists(st.one_of(LOCK_TOKENS, st.text(max_size=25)), max_size=8),
    inputs=st.lists(st.one_of(LOCK_TOKENS, st.text(max_size=25)), max_size=6),
    pyproject=st.lists(st.one_of(TOML_TOKENS, st.text(max_size=25)), max_size=8),
    raw=st.binary(max_size=3),
)
def test_rendered_lock_check_reports_and_never_crashes(
    lock_check: ModuleType,
    tmp_path_factory: pytest.TempPathFactory,
    lock: list[str],
    inputs: list[str],
    pyproject: list[str],
    raw: bytes,
) -> None:
    folder = tmp_path_factory.mktemp("lc")
    (folder / "requirements-dev.txt").write_bytes("\n".join(lock).encode("utf-8", "surrogatepass") + raw)
    (folder / "requirements-dev.in").write_bytes("\n".join(inputs).encode("utf-8", "surrogatepass"))
    (folder / "pyproject.toml").write_bytes("\n".join(pyproject).encode("utf-8", "surrogatepass"))
    assert run_lock_check(lock_check, folder) in (0, 1)
    shutil.rmtree(folder)


def test_rendered_lock_check_on_an_unparsable_pyproject_prints_no_traceback(project: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(project, tmp_path / "copy", symlinks=True))
    (folder / "pyproject.toml").write_text("[project\nname = 'x'\n")
    result = subprocess.run(
        [
            sys.executable,
            ".pyve/lock_check.py",
            "--build-lock",
            "requirements-dev.txt",
            "pyproject.toml=requirements-dev.txt",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "pyproject.toml: not readable TOML" in result.stderr


# -- non-regular, huge and aliased files ----------------------------------------------------------------
def bomb(levels: int) -> str:
    """A "billion laughs" answers file: each level 9 aliases of the one before (9**levels leaves)."""
    lines = [
        "_commit: 0.1.0",
        "_src_path: gh:org/pyve",
        "quality_level: prototype",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append(f"summary: *{previous}")
    return "\n".join(lines) + "\n"


def measured_check(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """`pyve-gen check` in a fresh interpreter: (result, seconds, peak RSS of that process in MiB).

    The peak is the process's own (VmHWM, reset by exec): ru_maxrss also counts the forked copy of this test
    worker before exec, so a worker grown past 150 MiB by earlier tests failed the bound whatever check used."""
    script = (
        "import resource, sys\nfrom pyve_gen.cli import main\ncode = main(sys.argv[1:])\n"
        "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "print(f'PEAK_KIB={hwm[0]}', file=sys.stderr)\nsys.exit(code)\n"
    )
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, "check", str(folder), "--offline", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)),
    )
    elapsed = time.monotonic() - start
    peak = [line for line in result.stderr.splitlines() if line.startswith("PEAK_KIB=")]
    assert peak, result.stderr[-500:]
    return result, elapsed, int(peak[0].removeprefix("PEAK_KIB=")) / 1024


@pytest.mark.parametrize("levels", [8, 10])
def test_a_yaml_alias_bomb_costs_little(tmp_path: Path, levels: int) -> None:
    """Before: 8 levels (382 bytes) took 0.9 GB and printed 312 MB; now refused in a few MiB."""
    (tmp_path / ".copier-answers.yml").write_text(bomb(levels))
    assert len(bomb(levels)) < 500
    result, elapsed, peak_mib = measured_check(tmp_path)
    print(f"alias bomb, {levels} levels: peak RSS {peak_mib:.1f} MiB, {elapsed:.2f} s, {len(result.stdout)} bytes out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "aliases expand to more than" in result.stdout
    assert len(result.stdout) < 5000 and peak_mib < 150 and elapsed < 20


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "huge", "deep"])
def test_non_regular_huge_and_deep_answers_are_refused(tmp_path: Path, kind: str) -> None:
    answers = tmp_path / ".copier-answers.yml"
    if kind == "dev-zero":
        answers.symlink_to("/dev/zero")
        (tmp_path / "pyproject.toml").symlink_to("/dev/zero")
        (tmp_path / "requirements-dev.txt").symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(answers)
        os.mkfifo(tmp_path / "pyproject.toml")
    elif kind == "huge":
        answers.write_text("_commit: 0.1.0\nsummary: '" + "x" * (15 << 20) + "'\n")
    else:
        answers.write_text("summary: " + "[" * 100_000 + "\n")
    result, elapsed, peak_mib = measured_check(tmp_path)
    print(f"{kind}: peak RSS {peak_mib:.1f} MiB, {elapsed:.2f} s")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "PV100" in result.stdout and "crashed" not in result.stdout
    assert len(result.stdout) < 5000 and peak_mib < 150 and elapsed < 20


# -- adopt reads the same kinds of files from a repository it has never seen ------------------------------
ADOPT_TOML = st.sampled_from(
    [
        "[project]",
        'name = "x"',
        "name = 3",
        'dependencies = ["attrs>=23"]',
        "dependencies = 3",
        'requires-python = ">=3.11"',
        "requires-python = 3",
        "[project.scripts]",
        'x = "a:b"',
        "x = 1",
        "[tool.mypy]",
        "strict = 'yes'",
        "[tool.coverage.report]",
        "fail_under = 'x'",
        "authors = 'me'",
        "classifiers = [1]",
        "license = {text = 3}",
        "[dependency-groups]",
        "dev = 'x'",
        "readme = 3",
    ]
)
ADOPT_FILES = st.sampled_from(
    [
        (".pre-commit-config.yaml", "repos: 3"),
        (".pre-commit-config.yaml", "repos:\n- hooks: 3"),
        (".pre-commit-config.yaml", "repos:\n- 3\n- hooks: [3, {id: [1]}]"),
        (".copier-answers.yml", "_src_path: 3"),
        (".copier-answers.yml", "a: &a [1]\nb: [*a, *a]"),
        (".github/workflows/ci.yml", "jobs:\n  a:\n    steps: 3"),
        (".github/workflows/ci.yml", "jobs: 3"),
        ("setup.cfg", "[metadata]\nname = %(x)s\n[mypy]\nstrict = 1"),
    ]
)


@FUZZ
@given(toml=st.lists(st.one_of(ADOPT_TOML, st.text(max_size=15)), max_size=8), files=st.lists(ADOPT_FILES, max_size=3))
def test_adopt_proposes_from_any_repository_files(
    tmp_path_factory: pytest.TempPathFactory, toml: list[str], files: list[tuple[str, str]]
) -> None:
    from pyve_gen.adopt.propose import propose

    root = tmp_path_factory.mktemp("adopt")
    (root / "app.py").write_text("print(1)\n")
    (root / "pyproject.toml").write_bytes("\n".join(toml).encode("utf-8", "surrogatepass"))
    for relpath, text in files:
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    propose(root)  # no exception: a proposal, whatever the files say
    shutil.rmtree(root)
