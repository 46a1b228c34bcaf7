"""`pyve-gen adopt` on the world's repositories: real sdists from the package index, and repositories written
here in the shapes real ones have (tests/adopt_shapes.py).

For each: nothing it had changes (byte for byte), its own tests are collected and pass after adopting exactly
as before, no generated test runs one of its scripts, every file added is recorded by the commit it suggests
(force-staged where its .gitignore would hide it), and the checks the dry run said would fail are the ones
`pyve-gen check` reports. The inferred answers of each go into a table (``PYVE_ADOPT_TABLE=path`` writes it).

The default run adopts a sample of the sdists; ``PYVE_ADOPT_CORPUS=full`` adopts all of them;
``PYVE_ADOPT_PRODUCT=1`` also runs the product's way in each and records it (``./pyve.sh --lock`` with
this environment's uv, ``./pyve.sh --init``, ``make lint``, ``make test``: the network, minutes each).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from adopt_shapes import OWN_TESTS, SHAPES
from bootstrap_support import SHIPPED_DEV_LOCK, make_shim, run_pyve, sandbox_env, wheelhouse_for
from standins import git_commit_all
from test_adopt import snapshot, write

from pyve_gen.check import run_checks
from pyve_gen.check_rules import FAIL, Options
from pyve_gen.cli import main

FULL = os.environ.get("PYVE_ADOPT_CORPUS") == "full"
PRODUCT = os.environ.get("PYVE_ADOPT_PRODUCT") == "1"  # also ./pyve.sh --lock/--init, make lint/test: the network
PYTHON = sys.executable


@dataclass(frozen=True)
class Sdist:
    name: str
    version: str
    shape: str  # what it stands for in the corpus
    runnable: bool = False  # its own tests run offline with the standard library and pytest only


# Pinned, so the corpus is the same on every run. `sample` is the default run's share.
SDISTS = [
    Sdist("itsdangerous", "2.2.0", "flit, tox, tests/test_<pkg>/ package, LICENSE.txt, CHANGES.rst"),
    Sdist("six", "1.16.0", "setuptools setup.py + setup.cfg, single module", runnable=True),
    Sdist("tomli", "2.0.1", "flit, src layout"),
    Sdist("virtualenv", "20.26.3", "hatch, tox, shell scripts inside the package"),
    Sdist("ninja", "1.11.1.1", "scikit-build with CMake, nox"),
    Sdist("attrs", "24.2.0", "hatch + hatch-vcs, changelog.d"),
    Sdist("rich", "13.7.1", "poetry-core"),
    Sdist("pdm-backend", "2.4.3", "pdm-backend"),
    Sdist("idna", "3.10", "flit, HISTORY.rst", runnable=True),
    Sdist("python-dateutil", "2.9.0.post0", "setuptools setup.cfg, setuptools-scm"),
    Sdist("click", "8.1.7", "setuptools setup.cfg + setup.py, tox"),
    Sdist("packaging", "24.1", "flit, nox"),
    Sdist("httpx", "0.27.2", "hatch, scripts/ folder of shell scripts"),
    Sdist("urllib3", "2.2.3", "hatch, nox"),
    Sdist("certifi", "2024.8.30", "setuptools setup.py, date versions"),
    Sdist("colorama", "0.4.6", "hatch, PowerShell and shell helpers"),
    Sdist("pluggy", "1.5.0", "setuptools-scm, tox"),
    Sdist("markupsafe", "2.1.5", "setuptools with a C extension"),
    Sdist("pyyaml", "6.0.2", "setuptools setup.py with a C extension"),
    Sdist("cmake", "3.31.6", "scikit-build-core with CMake"),
    Sdist("tqdm", "4.66.5", "setuptools-scm, tox, Makefile"),
    Sdist("poetry-core", "1.9.0", "poetry-core, vendored packages"),
    Sdist("werkzeug", "3.0.4", "flit, requirements/*.in with pip-compile .txt locks pinning its test tools"),
    Sdist("flask", "3.0.3", "flit, src layout, docs/ Sphinx tree, tox, a console script: cli"),
    Sdist("sniffio", "1.3.1", "setuptools-scm, tests inside the package, ci.sh at the top"),
    Sdist("h11", "0.14.0", "setuptools setup.py only, tests inside the package", runnable=True),
    Sdist("pytest-mock", "3.14.0", "setuptools-scm, src layout, tox factors, pre-commit"),
    Sdist("tomlkit", "0.13.2", "poetry-core, [tool.poetry.dev-dependencies], a Go folder in tests"),
    Sdist("findpython", "0.6.1", "pdm-backend, src layout"),
]
SAMPLE = ["itsdangerous", "six", "virtualenv", "ninja"]
CASES = [("sdist", s.name) for s in SDISTS if FULL or s.name in SAMPLE] + [("shape", name) for name in SHAPES]


@dataclass
class Row:
    repository: str
    nothing_lost: bool = False
    own_tests_before: str = "n/a"
    own_tests_after: str = "n/a"
    init: str = "not run"
    make_lint: str = "not run"
    make_test: str = "not run"
    check: str = ""
    check_after_lock: str = "not run"
    level: str = ""
    components: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    notes: int = 0


TABLE: list[Row] = []


@pytest.fixture(autouse=True)
def table() -> Any:
    """The table so far, written after each repository (``PYVE_ADOPT_TABLE=path``), failed ones included."""
    yield TABLE
    path = os.environ.get("PYVE_ADOPT_TABLE")
    if path and os.environ.get("PYTEST_XDIST_WORKER"):  # one file per worker: each holds its own rows
        path += "." + os.environ["PYTEST_XDIST_WORKER"]
    if path:
        Path(path).write_text(json.dumps([asdict(row) for row in TABLE], indent=1) + "\n", encoding="utf-8")


# -- getting the repositories ------------------------------------------------------------------------------------
def _cache() -> Path:
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pyve-adopt-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fetch_sdist(sdist: Sdist) -> Path:
    """The sdist from the configured index (pip download, the ordinary client), kept in a cache between runs."""
    cache = _cache()
    prefix = re.sub(r"[-_.]+", "[-_.]", sdist.name)
    found = [
        p for p in cache.iterdir() if re.match(rf"(?i){prefix}-{re.escape(sdist.version)}\.(tar\.gz|zip)$", p.name)
    ]
    if not found:
        result = subprocess.run(
            [PYTHON, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "--dest", str(cache)]
            + [f"{sdist.name}=={sdist.version}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.skip(f"pip download {sdist.name}=={sdist.version} failed: {result.stderr.strip()[-300:]}")
        found = [
            p for p in cache.iterdir() if re.match(rf"(?i){prefix}-{re.escape(sdist.version)}\.(tar\.gz|zip)$", p.name)
        ]
    return found[0]


def unpack(archive: Path, dest: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    (top,) = [p for p in dest.iterdir() if p.is_dir()]
    return top


# -- their own tests -------------------------------------------------------------------------------------------------
def _pytest_env(root: Path) -> dict[str, str]:
    """One hash seed for every run: a test parametrized over a set (packaging's) is collected in the same order
    before and after, so a changed order means adopting changed it."""
    path = [str(root / "src")] if (root / "src").is_dir() else []
    pythonpath = os.pathsep.join([*path, str(root)])
    return {**os.environ, "PYTHONPATH": pythonpath, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}


def collected(root: Path) -> tuple[list[str], int]:
    """(test ids, collection errors) as their pytest config collects them, from the top."""
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=root,
        env=_pytest_env(root),
        capture_output=True,
        text=True,
        check=False,
    )
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    errors = re.search(r"(\d+) errors?", result.stdout)
    return ids, int(errors.group(1)) if errors else (0 if result.returncode in (0, 5) else -1)


def own_tests(root: Path, command: list[str]) -> tuple[bool, str]:
    """(passed, pytest's counts): the counts, not only the exit status, must be the same after adopting."""
    argv = [part.replace("{python}", PYTHON) for part in command]
    result = subprocess.run(argv, cwd=root, env=_pytest_env(root), capture_output=True, text=True, check=False)
    counts = re.findall(r"\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed)", result.stdout)
    return result.returncode == 0, ", ".join(counts)


# What each shape must be read as (components as name:kind:language[:path]), and what its notes and plan must say.
EXPECTED: dict[str, tuple[list[str], list[str]]] = {
    "bash-tool": (
        ["neofetch:script:shell"],  # the tool at the top is the project: no Python invented
        [
            "shell scripts at the top (neofetch) are the component neofetch",
            "CI runs on Windows (windows-latest)",
            "dependency updates daily",
            "hold   LICENSE  (you have LICENSE.md",
            "hold   .github/workflows/ci.yml  (your CI stays the one: .github/workflows/main.yml)",
            "add    tests/shell/adopted_scripts.bats",
            # no invented code: the skeleton script and its test are held; make lint reads theirs in place
            "hold   scripts/neofetch/neofetch  (yours stay in place (neofetch): the template's shell skeleton of "
            "neofetch (scripts/neofetch) is not added)",
            "hold   tests/shell/neofetch.bats  (it tests the template's skeleton of neofetch (scripts/neofetch), "
            "which is not added: tests/shell/adopted_scripts.bats checks the syntax of yours (neofetch)",
            "shell: your scripts in place (neofetch), not the template's skeleton",
            "shellcheck: your scripts too, as you check them (.github/workflows/main.yml: shellcheck)",
        ],
    ),
    "backend-frontend-monorepo": (
        ["app:application:python:backend/app", "scripts:script:shell:backend/scripts"],
        [
            "frontend: JavaScript/TypeScript (npm) (frontend/package.json)",
            "hold   backend/app/settings.py  (inside your component app",
            "hold   tests/test_app.py",
            "hold   .github/workflows/release.yml  (your CI stays the one",
            "keep   pyproject.toml  (your Python project is backend/pyproject.toml",
            "forced .copier-answers.yml, Makefile",
            "add    requirements-adopted.in",
            "ruff check: the template's files (.pyve) and backend, under backend/'s own configuration",
            "shfmt: the template's scripts only, not yours (backend/scripts); you do not format with shfmt",
        ],
    ),
    "header-only-cmake": (
        ["nlohmann-json:library:cpp"],  # the INTERFACE target and its ALIAS are one; test-unicode is a test
        [
            "project_name: nlohmann_json  <- CMakeLists.txt: project(nlohmann_json ...)",
            "other build files stay beside the template's: meson.build (Meson), BUILD.bazel (Bazel), MODULE.bazel (Bazel)",
            "C++ standard 11 (CMakeLists.txt: cxx_std_11)",
            "CI runs on Windows (windows-2022)",
            "hold   CHANGELOG.md  (you have ChangeLog.md",
            # no invented code: include/ and tests/ at the top are the component, their CMakeLists.txt builds it
            "hold   cpp/nlohmann-json/src/nlohmann_json.cpp  (your CMake builds nlohmann-json (CMakeLists.txt): "
            "the template's C++ skeleton (cpp/nlohmann-json) is not added)",
            "hold   CMakeLists.txt  (your CMakeLists.txt builds nlohmann-json",
            "clang-format: nothing of yours (include, tests): you do not format with clang-format",
        ],
    ),
    "readme-html-badges": (
        ["fancy-table:library:python:src/fancy_table"],
        [
            "project_name: fancy-table  <- README.md: title 'fancy-table'",
            "summary: fancy-table renders tables in the terminal.  <- README.md: first paragraph",
            "Python 3.9, 3.14 (",
            "hold   LICENSE  (you have COPYING",
            "hold   CHANGELOG.md  (you have HISTORY.md",
        ],
    ),
    "tests-package": (
        ["tidy:library:python:tidy"],
        [
            "hold   tests/test_tidy.py  (your tests have a module or package named test_tidy",
            "hold   README.md  (you have README.rst",
            "keep   pyproject.toml  (your setup.py build(s) the package",
        ],
    ),
    "main-without-main": (
        ["runner:cli:python:runner"],
        [
            "hold   tests/test_runner.py  (it tests the template's skeleton of runner",
            "hold   runner/__main__.py  (inside your component runner (runner): yours",
            "hold   CHANGELOG.md  (you have CHANGES.rst",
        ],
    ),
    "namespace-package": (
        ["acme:library:python:src/acme"],  # the namespace is the component; nothing invented beside it
        [
            "package_name: acme  <- src/acme/widgets/__init__.py (namespace package acme.widgets)",
            "src/acme is a namespace package (no __init__.py of its own; src/acme/widgets)",
            "hold   src/acme/__init__.py  (inside your component acme (src/acme): the template's skeleton is not added)",
            "hold   tests/test_acme.py",
            "keep   .gitignore  (the template's version beside it",
            "pyve-gen check right after adopting: ",
        ],
    ),
    "lib-package-dir": (
        ["quill:library:python:lib/quill"],  # PyYAML's shape: package_dir={'': 'lib'}; not the private _quill
        [
            "project_slug: pyquill  <- setup.py: name=NAME, NAME = 'PyQuill'",
            "package_name: quill  <- lib/quill/__init__.py, setup.py: package_dir={'': 'lib'}",
            "lib/_quill: a second import package",
            "hold   lib/quill/__init__.py  (inside your component quill (lib/quill): yours",
            "hold   tests/test_quill.py  (it tests the template's skeleton of quill",
            "keep   pyproject.toml  (your setup.py build(s) the package",
        ],
    ),
    "requirements-app": (
        ["app:application:python:app"],  # gunicorn in its requirements.txt: a web app, not a library
        [
            "add    requirements.in  (your requirements.txt's requirements, at your versions",
            "version_source: git-tag  <- app/__init__.py has no __version__ for the added pyproject.toml to read",
            "yours  requirements.txt  (yours is not a lock (no hashes): `./pyve.sh --lock` compiles requirements.in",
        ],
    ),
    "pinned-tools": (
        ["oldlint:library:python:src/oldlint"],
        [
            "adopt_tools: {pytest: 8.3.3, ruff: 0.5.6}  <- .pre-commit-config.yaml: "
            "https://github.com/astral-sh/ruff-pre-commit rev v0.5.6; requirements/tests.txt: pytest==8.3.3",
            "leaving out src/oldlint/_vendor* as you do",
            "codespell: the template's files only; you do not run codespell",
        ],
    ),
}


def read_as(answers: dict[str, Any]) -> list[str]:
    return [
        ":".join([c["name"], c["kind"], c["language"], *c.get("paths", [])[:1]]) for c in answers.get("components", [])
    ]


# -- adopting ----------------------------------------------------------------------------------------------------------
def adopt(root: Path, *extra: str) -> tuple[int, str]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["adopt", str(root), "--yes", *extra])
    return code, buffer.getvalue()


def forecast_ids(output: str) -> set[str]:
    block = output.split("pyve-gen check right after adopting:", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^  (PV\d{3}) ", block, re.M))


def why_failed(result: subprocess.CompletedProcess[str]) -> str:
    """The line that says why a command failed: pytest's summary or first FAILED line, an error, else the last."""
    lines = [line.strip() for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    summary = [line for line in lines if re.match(r"=+ .*\b(failed|errors?|no tests ran)\b", line)]
    failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    errors = [
        line for line in lines if re.search(r"\berror\b|Error:|Found \d+ errors?", line) and "make: ***" not in line
    ]
    found = (summary[-1:] + failed[:1]) or errors[:1] or lines[-1:] or [f"exit {result.returncode}"]
    return " / ".join(found)[:160]


def the_product_way(root: Path, row: Row) -> None:
    """./pyve.sh --lock (with this environment's uv), --init, make lint, make test: recorded (the network, minutes)."""
    env = {**os.environ, "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["./pyve.sh", "--lock"], cwd=root, env=env, capture_output=True, check=False, timeout=1200)
    git_commit_all(root, "Lock what the repository's tests and build need")
    failing = sorted({o.id for o in run_checks(root, Options(offline=True)) if o.status == FAIL})
    row.check_after_lock = "pass" if not failing else "fails: " + ", ".join(failing)
    steps = (("init", ["./pyve.sh", "--init"]), ("make_lint", ["make", "lint"]), ("make_test", ["make", "test"]))
    for attr, argv in steps:
        result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False, timeout=1200)
        setattr(row, attr, "pass" if result.returncode == 0 else f"FAIL: {why_failed(result)}")
        if result.returncode != 0 and attr == "init":
            return


def tools_python(root: Path, answers: dict[str, Any]) -> str:
    """This environment's Python, or where adopting pinned the repository's own tool versions (adopt_tools), a venv
    holding the dev input's ruff and codespell at those pins (uv, from the index), as ./pyve.sh --init would."""
    if not answers.get("adopt_tools"):
        return PYTHON
    dev_in = (root / "requirements-dev.in").read_text(encoding="utf-8")
    pins = re.findall(r"^((?:ruff|codespell)==\S+)", dev_in, re.M)
    venv = root.parent / "tools-venv"
    uv = shutil.which("uv", path=str(Path(PYTHON).parent)) or "uv"
    for argv in (
        [uv, "venv", "-q", "--python", PYTHON, str(venv)],
        [uv, "pip", "install", "-q", "--python", str(venv / "bin/python"), *pins],
    ):
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=300)
        if result.returncode != 0:
            pytest.skip(f"could not install {pins} from the index: {result.stderr.strip()[-300:]}")
    return str(venv / "bin/python")


def lint_here(root: Path, answers: dict[str, Any]) -> str:
    """`make lint` with this environment's ruff, mypy, codespell, clang-format and clang-tidy (no ./pyve.sh --init):
    the template's Makefile, or where the repository keeps its own, the template's beside it (what a merge of the
    two would run). C++ included: the Makefile's CMake build exports the compile database clang-tidy reads, from
    their CMakeLists.txt too."""
    makefile = "Makefile" if re.search(r"^lint:", (root / "Makefile").read_text(encoding="utf-8"), re.M) else ""
    makefile = makefile or "Makefile.pyve-template"
    argv = ["make", "-f", makefile, "lint", f"PYTHON={tools_python(root, answers)}"]
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False, timeout=600)
    where = f"{makefile} lint"
    return f"pass ({where})" if result.returncode == 0 else f"FAIL ({where}): {why_failed(result)}"


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_adopting_keeps_what_works(kind: str, name: str, tmp_path: Path) -> None:
    if kind == "sdist":
        sdist = next(s for s in SDISTS if s.name == name)
        root = unpack(fetch_sdist(sdist), tmp_path)
        command = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts="] if sdist.runnable else None
    else:
        root = tmp_path / name
        root.mkdir()
        write(root, SHAPES[name])
        command = OWN_TESTS[name]
    git_commit_all(root, "the repository before Pyve")
    before = snapshot(root)
    row = Row(f"{name} ({kind})")
    TABLE.append(row)

    ids_before, errors_before = collected(root)
    passed_before = own_tests(root, command) if command else None
    row.own_tests_before = (
        f"{'pass' if passed_before[0] else 'FAIL'}: {passed_before[1]}"
        if passed_before
        else f"{len(ids_before)} collected"
    )
    if kind == "shape":
        assert passed_before and passed_before[0], f"{name}: its own tests fail before adopting: {passed_before}"

    before = snapshot(root)  # again: their own test run may have written files (.hypothesis/, caches)
    code, out = adopt(root)
    assert code == 0, out
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    row.level = answers["quality_level"]
    row.components = [f"{c['name']}:{c['kind']}:{c['language']}" for c in answers.get("components", [])]
    row.held = list(answers.get("adopt_held") or [])
    if kind == "shape":
        components, said = EXPECTED[name]
        assert read_as(answers) == components, f"{name}: read as {read_as(answers)}\n{out}"
        missing = [text for text in said if text not in out]
        assert not missing, f"{name}: the dry run does not say {missing}\n{out}"
    row.notes = (
        out.split("\nNotes:\n", 1)[-1].split("\nFile plan:", 1)[0].count("\n  - ") + 1 if "\nNotes:\n" in out else 0
    )

    # nothing lost: every file it had is byte for byte what it was (keep mode)
    after = snapshot(root)
    changed = [relpath for relpath, data in before.items() if after.get(relpath) != data]
    assert not changed, f"{name}: changed by adopting: {changed}"
    row.nothing_lost = True

    # its own tests: collected as before, and passing as before
    ids_after, errors_after = collected(root)
    assert (ids_after, errors_after) == (ids_before, errors_before), f"{name}: collection changed\n{out}"
    if command and passed_before:
        passed_after = own_tests(root, command)
        assert passed_after == passed_before, f"{name}: own tests {passed_before} -> {passed_after}\n{out}"
        row.own_tests_after = f"{'pass' if passed_after[0] else 'FAIL'}: {passed_after[1]}"
    else:
        row.own_tests_after = f"{len(ids_after)} collected"

    # the suggested commit records every added file: nothing added is left ignored
    ignored = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    added = set(after) - set(before)
    assert not added & set(ignored), f"{name}: added but ignored, unstaged: {sorted(added & set(ignored))}"

    # the checks the dry run named are the ones that fail after the commit
    git_commit_all(root, "Adopt the Pyve template")
    failing = {o.id for o in run_checks(root, Options(offline=True)) if o.status == FAIL}
    assert failing == forecast_ids(out), f"{name}: forecast {sorted(forecast_ids(out))}, check {sorted(failing)}"
    row.check = "pass" if not failing else "fails as forecast: " + ", ".join(sorted(failing))

    # no generated test runs one of their scripts: the shell tests run here, and the traps stay unsprung
    if (root / "tests/shell").is_dir() and shutil.which("bats"):
        result = subprocess.run(["bats", "tests/shell"], cwd=root, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    syntax = root / "tests/shell/adopted_scripts.bats"
    if syntax.exists() and shutil.which("shellcheck") and (root / ".shellcheckrc").exists():
        # `make lint` shellchecks it under the project's .shellcheckrc (the template's enables optional checks)
        result = subprocess.run(["shellcheck", str(syntax.relative_to(root))], cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout
    assert not list(root.rglob("RAN-*")), f"{name}: a generated test ran one of its scripts"

    if PRODUCT:
        the_product_way(root, row)
    else:
        row.make_lint = lint_here(root, answers)
        if kind == "shape":
            assert row.make_lint.startswith("pass"), f"{name}: {row.make_lint}"


# -- the project itself, after adopting --------------------------------------------------------------------------------
def init_offline(root: Path, tmp_path: Path, uv: str) -> tuple[dict[str, str], subprocess.CompletedProcess[str]]:
    """`./pyve.sh --init` in ROOT with this uv and the shipped dev lock's wheels only (no index): its environment
    and result."""
    home = tmp_path / "home"
    home.mkdir()
    shim = make_shim(tmp_path / "shim")
    (shim / "uv").symlink_to(uv)
    env = sandbox_env(shim, home, wheelhouse_for(SHIPPED_DEV_LOCK))
    return env, run_pyve(root, "--init", env=env)


def test_init_installs_a_setup_py_library_so_its_tests_import_it(tmp_path: Path) -> None:
    """markupsafe and poetry-core could not import themselves after `./pyve.sh --init`: it installed the project only
    when pyproject.toml had a [project] table, so a setup.py build (or Poetry's [tool.poetry]) was left out. The
    PyYAML-shaped repository (setup.py, package_dir={'': 'lib'}), adopted, then --init (uv, the dev lock from a
    wheelhouse), then `make test-python`: its tests import quill from the editable install, not from the folder."""
    uv = shutil.which("uv", path=f"{Path(PYTHON).parent}{os.pathsep}{os.environ['PATH']}")
    if uv is None:
        pytest.skip("uv is not installed")
    root = tmp_path / "pyquill"
    root.mkdir()
    write(root, SHAPES["lib-package-dir"])
    git_commit_all(root, "the repository before Pyve")
    code, out = adopt(root)
    assert code == 0, out
    git_commit_all(root, "Adopt the Pyve template")
    env, init = init_offline(root, tmp_path, uv)
    assert init.returncode == 0, init.stdout + init.stderr
    assert "installing the project itself into .venv (editable" in init.stdout + init.stderr
    imported = subprocess.run(
        [str(root / ".venv/bin/python"), "-c", "import quill; print(quill.__file__)"],
        cwd=tmp_path,  # not the repository: the import comes from the install
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    assert Path(imported.stdout.strip()).resolve() == (root / "lib/quill/__init__.py").resolve()
    tests = subprocess.run(["make", "test-python"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "1 passed" in tests.stdout


def test_a_setup_py_library_passes_the_lock_checks_right_after_adopting(tmp_path: Path) -> None:
    """markupsafe, six, click: PV201 failed with "pyproject.toml: missing", where pyve.sh (--lock, lock-check) has
    no pyproject.toml to lock the runtime from and skips the pair. The check pairs as pyve.sh does, and the runtime
    needs a setup.py declares (install_requires) go to requirements-adopted.in, where --lock locks them."""
    root = tmp_path / "tidy"
    root.mkdir()
    files = dict(SHAPES["tests-package"])
    files["setup.py"] = files["setup.py"].replace(
        "packages=['tidy']", "packages=['tidy'], install_requires=['wcwidth>=0.2']"
    )
    write(root, files)
    git_commit_all(root, "the repository before Pyve")
    code, out = adopt(root)
    assert code == 0, out
    assert "# setup.py install_requires\nwcwidth\n" in (root / "requirements-adopted.in").read_text(encoding="utf-8")
    git_commit_all(root, "Adopt the Pyve template")
    found = {o.id: o for o in run_checks(root, Options(offline=True))}
    assert found["PV201"].status != FAIL, found["PV201"].message
    assert "PV201" not in forecast_ids(out)


# urllib3 2.2.3's dev-requirements.txt, in small: exact pins, a VCS reference, a bound, a pin under a marker
PINNED_TEST_NEEDS = (
    "pyOpenSSL==24.2.1\ncoverage==7.4.1\ntrustme @ git+https://github.com/python-trio/trustme@b3a767f\n"
    'idna>=3\npytest-memray==1.7.0;python_version<"3.13" and sys_platform!="win32"\n'
)


def test_the_versions_their_tests_pin_seed_the_adopted_lock_and_init_skips_it_until_locked(tmp_path: Path) -> None:
    """urllib3 2.2.3 pins each test dependency in dev-requirements.txt (pyOpenSSL==24.2.1); adopting kept only the
    names, so ./pyve.sh --lock took pyOpenSSL 26, whose DeprecationWarning failed 130 of its tests under
    filterwarnings = error. The exact pins now seed requirements-adopted.txt (the resolver's preferences, not a lock);
    the plan names the pin a lock before it overrides (coverage: the dev lock's); check calls the seed not locked yet,
    as the dry run forecast; ./pyve.sh --init before --lock skips it with a warning and works as before."""
    from pyve_gen.lock_set import checker

    uv = shutil.which("uv", path=f"{Path(PYTHON).parent}{os.pathsep}{os.environ['PATH']}")
    root = tmp_path / "pyquill"
    write(root, {**SHAPES["lib-package-dir"], "dev-requirements.txt": PINNED_TEST_NEEDS})
    git_commit_all(root, "the repository before Pyve")
    code, out = adopt(root)
    assert code == 0, out
    names = (root / "requirements-adopted.in").read_text(encoding="utf-8")
    assert "\npyOpenSSL\ncoverage\ntrustme\nidna\n" in names  # the input keeps names: it never fails on a pin
    seed = (root / "requirements-adopted.txt").read_text(encoding="utf-8")
    assert seed.startswith(checker().SEED_MARKER)
    pins = [line for line in seed.splitlines() if not line.startswith("#")]
    assert pins == [
        "pyOpenSSL==24.2.1",
        "coverage==7.4.1",
        'pytest-memray==1.7.0;python_version<"3.13" and sys_platform!="win32"',
    ]
    plan = next(line for line in out.splitlines() if line.startswith("  add    requirements-adopted.txt"))
    assert re.search(
        r"the locks before it pin differently and win: coverage==7\.4\.1 \(requirements-dev\.txt: 7\.", plan
    )
    assert "pyopenssl" not in plan.lower()  # no lock before it pins pyOpenSSL: theirs stays
    git_commit_all(root, "Adopt the Pyve template")
    found = {o.id: o for o in run_checks(root, Options(offline=True))}
    assert found["PV200"].status == FAIL and "requirements-adopted.txt: not locked yet" in found["PV200"].message
    assert found["PV201"].status != FAIL, found["PV201"].message  # a seed is not a stale lock
    assert {i for i, o in found.items() if o.status == FAIL} == forecast_ids(out)
    if uv is None:
        pytest.skip("uv is not installed")
    env, init = init_offline(root, tmp_path, uv)
    assert init.returncode == 0, init.stdout + init.stderr
    assert "requirements-adopted.txt is not locked yet" in init.stderr
    tests = subprocess.run(["make", "test-python"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert tests.returncode == 0 and "1 passed" in tests.stdout, tests.stdout + tests.stderr


@pytest.mark.slow
def test_make_lint_and_test_run_the_versions_the_repository_pins(tmp_path: Path) -> None:
    """The product's way in the pinned-tools shape: ./pyve.sh --lock (the network) locks ruff 0.5.6 and pytest
    8.3.3, the repository's own, into the dev lock (no lock disagrees: check passes its lock gates), --init
    installs them, and make lint and make test pass under them."""
    root = tmp_path / "pinned-tools"
    write(root, SHAPES["pinned-tools"])
    git_commit_all(root, "the repository before Pyve")
    code, out = adopt(root)
    assert code == 0, out
    git_commit_all(root, "Adopt the Pyve template")
    row = Row("pinned-tools")
    the_product_way(root, row)
    assert (row.init, row.make_lint, row.make_test) == ("pass", "pass", "pass"), row
    assert not {"PV200", "PV201"} & set(re.findall(r"PV\d+", row.check_after_lock)), row.check_after_lock
    python = root / ".venv/bin/python"
    for tool, version in (("ruff", "0.5.6"), ("pytest", "8.3.3")):
        shown = subprocess.run([python, "-m", tool, "--version"], capture_output=True, text=True, check=False)
        assert version in shown.stdout + shown.stderr, (tool, shown.stdout, shown.stderr)


# urllib3's case, small: their tests run under filterwarnings = error, and pyOpenSSL 26 deprecates X509.get_subject
OLD_PYOPENSSL = {
    "pyproject.toml": '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n\n'
    '[project]\nname = "certsubject"\nversion = "1.0"\nrequires-python = ">=3.10"\n\n'
    '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
    "src/certsubject/__init__.py": "from OpenSSL import crypto\n\n\ndef subject() -> object:\n"
    "    return crypto.X509().get_subject()\n",
    "test/test_subject.py": "from certsubject import subject\n\n\ndef test_subject() -> None:\n"
    "    assert subject() is not None\n",
    "dev-requirements.txt": "pyOpenSSL==24.2.1\n",
}


@pytest.mark.slow
def test_the_first_lock_keeps_the_old_version_their_tests_pin(tmp_path: Path) -> None:
    """The product's way (the network, this environment's uv) in a repository whose tests pin pyOpenSSL==24.2.1 and
    turn warnings into errors, as urllib3 2.2.3's do: ./pyve.sh --lock keeps their version (the seed's preference,
    where the newest, 26.x, fails their test with a DeprecationWarning), --init installs it, their test passes."""
    root = tmp_path / "certsubject"
    write(root, OLD_PYOPENSSL)
    git_commit_all(root, "the repository before Pyve")
    code, out = adopt(root)
    assert code == 0, out
    git_commit_all(root, "Adopt the Pyve template")
    env = {**os.environ, "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ['PATH']}"}
    lock = subprocess.run(["./pyve.sh", "--lock"], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert lock.returncode == 0, lock.stdout + lock.stderr
    locked = (root / "requirements-adopted.txt").read_text(encoding="utf-8")
    assert re.search(r"^pyopenssl==24\.2\.1 ", locked, re.M | re.I), locked
    git_commit_all(root, "Lock")
    failing = {o.id for o in run_checks(root, Options(offline=True)) if o.status == FAIL}
    assert not {"PV200", "PV201"} & failing, failing
    for argv in (["./pyve.sh", "--init"], ["make", "test-python"]):  # their test fails under pyOpenSSL 26
        result = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, check=False, timeout=900)
        assert result.returncode == 0, (argv, result.stdout[-3000:], result.stderr[-3000:])
    shown = subprocess.run(
        [root / ".venv/bin/python", "-c", "import OpenSSL; print(OpenSSL.__version__)"], capture_output=True, text=True
    )
    assert shown.stdout.strip() == "24.2.1", shown.stdout + shown.stderr
