"""Windows as an ``os_targets`` choice: what is refused (and why), what is rendered, and the Windows CI job run.

No Windows machine is here. What runs here instead, and what it stands for:
- the refusals go through Copier's own validators (a render that never writes) and ``pyve-gen check``'s PV100;
- the rendered workflow passes the GitHub workflow schema and zizmor, and its test matrix has the Windows runner;
- a checkout with ``core.autocrlf=true`` (Git for Windows' setting) keeps pyve.sh runnable through .gitattributes;
- the Windows test job is replayed step by step in a Git Bash stand-in: ``uname -s`` says MINGW64, the only
  Python on PATH is called ``python``/``python.exe`` and prints CRLF line ends, and a venv it (or uv) makes
  keeps its programs in ``Scripts/`` with ``python.exe``, as on Windows (pip still puts console scripts in
  ``bin/`` here, and make is GNU make for Linux, not the runner's mingw32-make);
- the locks carry the hashes of the Windows wheels: pip downloads them for win_amd64 with --require-hashes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from bootstrap_support import (
    PASSED_THROUGH,
    PY_MINOR,
    REPO,
    SHIPPED_DEV_LOCK,
    base_python,
    wheelhouse_for,
)
from catalogue import Catalogue
from ci_replay import load, replay_job
from conftest import render_project
from gates_support import run, tool
from journey_support import DEV_BIN, Case, Journal
from promise_claims import broken

from pyve_gen.adopt.propose import propose
from pyve_gen.check import run_checks
from pyve_gen.check_rules import Options
from pyve_gen.model.platforms import WINDOWS_RUNNER
from pyve_gen.model.validation import answer_error

# A production project on Linux and Windows: a Python command and SQL migrations (SQLite: the default there).
WINDOWS: dict[str, Any] = {
    "quality_level": "production",
    "os_targets": ["linux", "windows"],
    "cpu_archs": ["x86_64"],
    "python_versions": [PY_MINOR],
    "components": [
        {"name": "tool", "kind": "cli"},
        {"name": "db", "kind": "script", "language": "sql", "entrypoints": []},
    ],
}
TEMPLATE_LOCKS = [
    SHIPPED_DEV_LOCK,
    REPO / "template" / "{% if pyve.files['requirements-audit.txt'] %}requirements-audit.txt{% endif %}",
    REPO / "template" / "{% if pyve.files['requirements-sql.txt'] %}requirements-sql.txt{% endif %}",
    REPO / "template" / "{% if pyve.files['requirements-docs.txt'] %}requirements-docs.txt{% endif %}",
    REPO / "template" / "requirements-bootstrap.txt",
]
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
ALLOWED = "Python, SQL (SQLite or SQL Server)"


# -- the refusals ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("component", "named"),
    [("deploy:script:shell", "Shell: deploy"), ("engine:library:cpp", "C++: engine"), ("site:cli:ruby", "Ruby: site")],
)
def test_windows_is_refused_for_toolchains_from_apt_or_homebrew(component: str, named: str) -> None:
    answers = {"components": f"app:cli, {component}"}
    message = answer_error("os_targets", ["linux", "windows"], answers)
    assert message.startswith("os_targets: windows is offered for components whose tools the project's venv installs")
    assert named in message and ALLOWED in message and "Choose linux and/or macos" in message
    assert answer_error("os_targets", ["linux", "macos"], answers) == ""


def test_python_and_sql_without_a_server_run_on_windows() -> None:
    both = {"components": "app:cli, core:library, db:script:sql", "os_targets": ["windows"]}
    assert answer_error("os_targets", ["windows"], both) == ""
    assert answer_error("sql_dialect", "sqlite", both) == answer_error("sql_dialect", "tsql", both) == ""
    for server in ("postgres", "mysql"):
        message = answer_error("sql_dialect", server, both)
        assert "installed from apt or Homebrew" in message and "choose sqlite or tsql" in message
        assert answer_error("sql_dialect", server, {"os_targets": ["linux", "macos"]}) == ""
    assert "x86_64 only" in answer_error("cpu_archs", ["arm64"], both)
    assert answer_error("cpu_archs", ["x86_64", "arm64"], both) == ""
    assert answer_error("os_targets", [], both) == "os_targets: choose at least one OS target"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"os_targets": ["windows"], "components": "app:cli, deploy:script:shell"}, "(Shell: deploy)"),
        ({"os_targets": ["windows"], "components": "app:cli, db:script:sql", "sql_dialect": "postgres"}, "PostgreSQL"),
        ({"os_targets": ["linux", "windows"], "cpu_archs": ["arm64"]}, "Windows is tested on x86_64 only"),
    ],
    ids=["shell", "postgres", "arm64-only"],
)
def test_copier_refuses_before_writing_anything(
    template_src: Path, tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    dest = tmp_path / "project"
    with pytest.raises(ValueError, match=re.escape(message)):
        render_project(template_src, dest, data)
    assert not dest.exists()


def test_the_sql_dialect_defaults_to_sqlite_on_windows(catalogue: Catalogue) -> None:
    answers = yaml.safe_load((catalogue.path(WINDOWS) / ".copier-answers.yml").read_text())
    assert answers["sql_dialect"] == "sqlite" and answers["os_targets"] == ["linux", "windows"]


def test_check_pv100_names_a_windows_combination_edited_into_the_answers(catalogue: Catalogue, tmp_path: Path) -> None:
    project = catalogue.copy(WINDOWS, tmp_path / "project")
    statuses = {o.id: o for o in run_checks(project, Options(offline=True))}
    assert statuses["PV100"].status == "pass"
    answers = project / ".copier-answers.yml"
    recorded = yaml.safe_load(answers.read_text())
    recorded["components"].append({"name": "deploy", "kind": "script", "language": "shell"})
    answers.write_text(yaml.safe_dump(recorded, sort_keys=False))
    pv100 = next(o for o in run_checks(project, Options(offline=True)) if o.id == "PV100")
    assert pv100.status == "fail" and "(Shell: deploy)" in pv100.message and ALLOWED in pv100.message


# -- what is rendered ----------------------------------------------------------------------------------------
def test_the_workflow_tests_on_windows_in_bash_and_passes_the_validators(catalogue: Catalogue) -> None:
    project = catalogue.path(WINDOWS)
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    test = workflow["jobs"]["test"]
    assert test["strategy"]["matrix"]["os"] == ["ubuntu-24.04", WINDOWS_RUNNER]
    assert test["defaults"] == {"run": {"shell": "bash"}}
    steps = [step.get("run", "") for step in test["steps"]]
    assert './pyve.sh --init --python-version "$PYTHON_VERSION"' in steps and "make test" in steps
    # Only venv tools on Windows: no apt or Homebrew step the Windows job would skip.
    assert not [step for step in test["steps"] if "if" in step]
    for other in ("lint", "lock"):
        assert workflow["jobs"][other]["runs-on"] == "ubuntu-24.04"
    files = [str(path) for path in sorted((project / ".github/workflows").glob("*.yml"))]
    schema = run([str(tool("check-jsonschema")), "--builtin-schema", "vendor.github-workflows", *files], project)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    zizmor = run([str(tool("zizmor")), "--offline", "--no-progress", "."], project)
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr


def test_a_linux_and_macos_render_is_unchanged_by_the_windows_choice(catalogue: Catalogue) -> None:
    project = catalogue.path({**WINDOWS, "os_targets": ["linux", "macos"]})
    test = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())["jobs"]["test"]
    assert "defaults" not in test and WINDOWS_RUNNER not in test["strategy"]["matrix"]["os"]
    assert not (project / ".gitattributes").exists()
    assert "Git Bash" not in (project / "README.md").read_text()
    assert "PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)" in (project / "Makefile").read_text()


def test_the_docs_say_how_to_work_on_windows(catalogue: Catalogue) -> None:
    project = catalogue.path(WINDOWS)
    assert (project / ".gitattributes").read_text().splitlines()[-1] == "* text=auto eol=lf"
    readme = (project / "README.md").read_text()
    assert "run these commands in Git Bash" in readme and "`.venv/Scripts/`" in readme
    spec = (project / "docs/specs/codebase_spec.md").read_text()
    assert f"- **OS targets:** Linux, Windows (Windows: x86_64, in Git Bash; CI tests it on {WINDOWS_RUNNER})" in spec
    assert "Operating System :: Microsoft :: Windows" in (project / "pyproject.toml").read_text()
    python_spec = (project / "docs/specs/lang/python_spec.md").read_text()
    assert "`.venv/bin/python` (`.venv/Scripts/python.exe` on Windows)" in python_spec
    # Every file, target, job and tool the spec names is in the render. (Python only: the claim reader takes
    # sql_spec.md's placeholders NNNN_description.sql and COMPONENT/tests/*.sql for files, on any OS.)
    python_only = catalogue.path({**WINDOWS, "components": WINDOWS["components"][:1]})
    checked, problems = broken(python_only)
    assert checked >= 40 and not problems, problems


# -- a Windows checkout ----------------------------------------------------------------------------------------
def _commit(project: Path, dest: Path) -> Path:
    shutil.copytree(project, dest, symlinks=True)
    subprocess.run([*GIT, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*GIT, "commit", "-qm", "render"], cwd=dest, check=True)
    return dest


def _autocrlf_env() -> dict[str, str]:
    """Git for Windows' system setting, core.autocrlf=true, for a clone made here."""
    return {**os.environ, "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.autocrlf", "GIT_CONFIG_VALUE_0": "true"}


def test_gitattributes_keeps_pyve_sh_runnable_in_a_crlf_checkout(catalogue: Catalogue, tmp_path: Path) -> None:
    source = _commit(catalogue.path(WINDOWS), tmp_path / "source")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(source), str(clone)], check=True, env=_autocrlf_env())
    assert b"\r\n" not in (clone / "pyve.sh").read_bytes()
    assert subprocess.run(["bash", "pyve.sh", "--version"], cwd=clone, capture_output=True).returncode == 0
    # The control: without .gitattributes the same checkout gives pyve.sh CRLF line ends, and bash fails on them.
    subprocess.run(["git", "rm", "-q", ".gitattributes"], cwd=source, check=True)
    subprocess.run([*GIT, "commit", "-qm", "no attributes"], cwd=source, check=True)
    bare = tmp_path / "bare"
    subprocess.run(["git", "clone", "-q", str(source), str(bare)], check=True, env=_autocrlf_env())
    assert b"\r\n" in (bare / "pyve.sh").read_bytes()
    assert subprocess.run(["bash", "pyve.sh", "--version"], cwd=bare, capture_output=True).returncode != 0


# -- the Windows CI job, replayed in a Git Bash stand-in --------------------------------------------------------
MOVE_TO_SCRIPTS = """\
# The venv folder (the last argument) as Windows lays it out: Scripts/ and python.exe.
for dest; do :; done
mv "$dest/bin" "$dest/Scripts" && ln -s python "$dest/Scripts/python.exe"
"""


def git_bash(root: Path, uv: bool) -> tuple[Path, dict[str, str]]:
    """A folder standing for setup-python's on Windows (``python`` and ``python.exe``) with Git Bash's
    ``uname`` (and ``uv``, when asked), and an environment whose PATH has no other Python."""
    shim = root / "git-bash"
    shim.mkdir()
    scripts = {
        "uname": 'case "${1:-}" in -s) echo MINGW64_NT-10.0-26100 ;; -m) echo x86_64 ;; *) exec /usr/bin/uname "$@" ;; esac\n',
        # A Windows Python: CRLF line ends on stdout; a venv it makes has Scripts/python.exe.
        "python.exe": textwrap.dedent(f"""\
            if [ "${{1:-}}" = -c ]; then "{base_python()}" "$@" | sed 's/$/\\r/'; exit "${{PIPESTATUS[0]}}"; fi
            if [ "${{1:-}}" = -m ] && [ "${{2:-}}" = venv ]; then
              "{base_python()}" "$@" || exit
            """)
        + textwrap.indent(MOVE_TO_SCRIPTS, "  ")
        + f'  exit 0\nfi\nexec "{base_python()}" "$@"\n',
    }
    if uv:
        scripts["uv"] = (
            f'if [ "${{1:-}}" != venv ]; then exec "{DEV_BIN / "uv"}" "$@"; fi\n"{DEV_BIN / "uv"}" "$@" || exit\n'
            + MOVE_TO_SCRIPTS
        )
    for name, body in scripts.items():
        (shim / name).write_text(f"#!/bin/bash\n{body}")
        (shim / name).chmod(0o755)
    (shim / "python").symlink_to("python.exe")
    # The system's tools without its Pythons (a Windows runner has none of them in Git Bash).
    system = root / "system"
    system.mkdir()
    for entry in Path("/usr/bin").iterdir():
        if not re.match(r"(python|pip|uv)", entry.name):
            (system / entry.name).symlink_to(entry)
    home = root / "home"
    home.mkdir()
    wheels = " ".join(str(wheelhouse_for(lock)) for lock in TEMPLATE_LOCKS)
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env |= {
        "PATH": f"{system}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": str(root),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": wheels,
        "UV_CACHE_DIR": str(root / "uv-cache"),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_CONFIG": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        # Git for Windows' own setting: checkouts get CRLF line ends unless .gitattributes says otherwise.
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.autocrlf",
        "GIT_CONFIG_VALUE_0": "true",
    }
    return shim, env


@pytest.mark.parametrize("uv", [False, True], ids=["pip", "uv"])
def test_the_windows_job_runs_in_a_git_bash_stand_in(catalogue: Catalogue, tmp_path: Path, uv: bool) -> None:
    if uv and not (DEV_BIN / "uv").exists():
        pytest.skip("uv is not installed in the test's venv (scripts/setup.sh installs it)")
    source = _commit(catalogue.path(WINDOWS), tmp_path / "source")
    shim, env = git_bash(tmp_path, uv)
    assert shutil.which("python3", path=env["PATH"] + os.pathsep + str(shim)) is None
    journal = Journal(Case("windows", PY_MINOR, uv), tmp_path)
    workflow = load(source / ".github/workflows/ci.yml")
    job = workflow["jobs"]["test"]
    replayed = replay_job(journal, "ci.yml", "test", job, source, tmp_path, env, shim, PY_MINOR, runner=WINDOWS_RUNNER)
    assert replayed is not None and replayed.steps_run == 2 and not replayed.skipped
    workspace = next(tmp_path.glob("test-*/workspace"))
    assert (workspace / ".venv/Scripts/python.exe").exists() and not (workspace / ".venv/bin/python").exists()
    init = next(step for step in journal.steps if "pyve.sh --init" in str(step["step"]))
    assert init["rc"] == 0
    log = "\n".join(path.read_text() for path in sorted(tmp_path.glob("*.log")))
    assert "installing requirements.txt requirements-dev.txt" in log
    assert f"({'uv' if uv else 'pip'} " in log
    assert "ready: source .venv/Scripts/activate (or use .venv/Scripts/python.exe), then: make test" in log
    assert ".venv/Scripts/python.exe -m pytest" in log and "check_migrations.py --dialect sqlite" in log
    assert "SKIPPED" not in log
    assert "test-pyve: --help, --version, --config and an --init/--purge round trip passed" in log
    # The pre-commit hooks find the venv's Python in the Scripts layout too (.pyve/venv-python).
    hooks = subprocess.run(
        [str(next(workspace.glob(".venv/*/pre-commit"))), "run", "--all-files", "check-yaml"],
        cwd=workspace,
        env={**env, "PATH": f"{shim}{os.pathsep}{env['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert hooks.returncode == 0 and "check-yaml" in hooks.stdout and "Passed" in hooks.stdout, hooks.stdout


# -- the locks carry the Windows wheels' hashes ----------------------------------------------------------------
def test_a_lock_verifies_the_windows_wheels_of_a_package_with_platform_wheels(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """`./pyve.sh --lock` (uv, universal) with PyYAML added; pip then downloads the win_amd64 wheels of the
    runtime and dev locks with --require-hashes, as a Windows --init installs them (real index)."""
    if not (DEV_BIN / "uv").exists():
        pytest.skip("uv is not installed in the test's venv (scripts/setup.sh installs it)")
    project = catalogue.copy(WINDOWS, tmp_path / "project")
    with (project / "requirements.in").open("a") as stream:
        stream.write("pyyaml>=6\n")
    env = {**os.environ, "PATH": f"{DEV_BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}
    locked = subprocess.run(["./pyve.sh", "--lock"], cwd=project, env=env, capture_output=True, text=True)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    lock = (project / "requirements.txt").read_text()
    assert re.search(r"^pyyaml==6\.\S+ \\$", lock, re.M | re.I), lock
    # pytest's Windows-only dependency is in the dev lock, with its marker.
    assert re.search(r"^colorama==\S+ ; .*win32", (project / "requirements-dev.txt").read_text(), re.M)

    def windows_download(lock_name: str, dest: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps"]
            + ["--require-hashes", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PY_MINOR]
            + ["--implementation", "cp", "--dest", str(dest), "-r", lock_name],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )

    for lock_name in ("requirements.txt", "requirements-dev.txt"):
        done = windows_download(lock_name, tmp_path / "win")
        assert done.returncode == 0, done.stdout + done.stderr
    wheels = sorted(path.name for path in (tmp_path / "win").iterdir())
    assert [name for name in wheels if re.match(r"(?i)pyyaml-6\..*-win_amd64\.whl$", name)], wheels
    # The control: the same lock without the hash of PyYAML's Windows wheel refuses that wheel.
    wheel = next(name for name in wheels if name.lower().startswith("pyyaml"))
    digest = hashlib.sha256((tmp_path / "win" / wheel).read_bytes()).hexdigest()
    assert f"--hash=sha256:{digest}" in lock
    (project / "requirements.txt").write_text(lock.replace(f" \\\n    --hash=sha256:{digest}", ""))
    refused = windows_download("requirements.txt", tmp_path / "win-refused")
    assert refused.returncode != 0 and "hash" in (refused.stdout + refused.stderr).lower()


# -- adopt --------------------------------------------------------------------------------------------------
def _repo(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


CI_ON_WINDOWS = """\
on: [push]
jobs:
  test:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
    steps:
      - run: pytest
"""


def test_adopt_carries_a_windows_runner_when_the_components_can_run_there(tmp_path: Path) -> None:
    python = _repo(
        tmp_path / "py",
        {
            "pyproject.toml": '[project]\nname = "winpkg"\nversion = "1.0"\n',
            "src/winpkg/__init__.py": "",
            ".github/workflows/ci.yml": CI_ON_WINDOWS,
        },
    )
    proposal = propose(python)
    assert proposal.answers["os_targets"].value == ["linux", "windows"]
    assert not [note for note in proposal.notes if "Windows" in note]
    shell = _repo(
        tmp_path / "sh",
        {"tool.sh": "#!/bin/bash\necho hi\n", ".github/workflows/ci.yml": CI_ON_WINDOWS},
    )
    proposal = propose(shell)
    assert proposal.answers["os_targets"].value == ["linux"]
    note = next(note for note in proposal.notes if note.startswith("CI runs on Windows (windows-latest)"))
    assert "Shell: tool" in note and note.endswith("the Windows runs stay in your CI only")
