"""The lockfiles: shipped resolved and hashed, checked offline for staleness, and relocked for real."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bootstrap_support import PY_MINOR, REPO, base_python, make_shim, run_pyve, sandbox_env
from catalogue import Catalogue
from conftest import render_project

from pyve_gen import questionnaire
from pyve_gen.model.locks import normalize_name, pinned_versions

APP: dict[str, Any] = {"python_versions": [PY_MINOR]}
LIB: dict[str, Any] = {**APP, "components": [{"name": "corelib", "kind": "library", "language": "python"}]}
SHELL_ONLY: dict[str, Any] = {**APP, "components": [{"name": "deploy", "kind": "script", "language": "shell"}]}
DEV_TOOLS = (
    "pytest",
    "pytest-cov",
    "ruff",
    "mypy",
    "pip-tools",
    "pre-commit-hooks",
    "pre-commit",
    "build",
    "codespell",
)


@pytest.fixture(scope="module")
def renders(catalogue: Catalogue) -> dict[str, Path]:
    return {
        name: catalogue.path(answers, folder=name)
        for name, answers in (("app", APP), ("lib", LIB), ("shell", SHELL_ONLY))
    }


@pytest.fixture
def offline_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return sandbox_env(make_shim(tmp_path / "shim"), home, wheelhouse=None, PIP_NO_INDEX="1")


def copy_of(project: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "copy" / project.name
    shutil.copytree(project, dest)
    return dest


def pins(lock: Path) -> list[str]:
    """The requirement lines (name==version ; marker) of a lock, without hashes or comments."""
    return [line.rstrip(" \\") for line in lock.read_text().splitlines() if re.match(r"[A-Za-z0-9]", line)]


# ------------------------------------------------------------------------------------------------
# What the template ships
# ------------------------------------------------------------------------------------------------
def test_rendered_locks_match_the_mode(renders: dict[str, Path]) -> None:
    app, lib, shell = renders["app"], renders["lib"], renders["shell"]
    assert (app / "requirements.in").is_file() and (app / "requirements.txt").is_file()
    assert not (app / "constraints.txt").exists()
    assert (lib / "constraints.txt").is_file() and not (lib / "requirements.txt").exists()
    assert not (shell / "requirements.txt").exists() and not (shell / "constraints.txt").exists()
    assert "-c requirements.txt" in (app / "requirements-dev.in").read_text()
    assert "-c constraints.txt" in (lib / "requirements-dev.in").read_text()
    # Every dev lock takes its pip from the bootstrap lock; only a runtime lock adds a second constraint.
    for project in (app, lib, shell):
        assert "\n-c requirements-bootstrap.txt\n" in (project / "requirements-dev.in").read_text()
    assert re.findall(r"^-c .+$", (shell / "requirements-dev.in").read_text(), flags=re.M) == [
        "-c requirements-bootstrap.txt"
    ]
    for project in renders.values():
        for lock in ("requirements-dev.txt", "requirements-bootstrap.txt"):
            assert (project / lock).read_bytes() == (REPO / "template" / lock).read_bytes()


@pytest.mark.parametrize("name", ["app", "lib", "shell"])
def test_shipped_locks_pass_lock_check_offline(
    renders: dict[str, Path], offline_env: dict[str, str], name: str
) -> None:
    project = renders[name]
    result = run_pyve(project, "--lock", "--check", env=offline_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "requirements-dev.txt: satisfies requirements-dev.in" in result.stdout
    assert "requirements-bootstrap.txt: satisfies requirements-bootstrap.in" in result.stdout
    make = subprocess.run(["make", "lock-check"], cwd=project, env=offline_env, capture_output=True, text=True)
    assert make.returncode == 0, make.stdout + make.stderr


def test_dev_lock_is_the_policy_resolved_universally() -> None:
    dev_in = (REPO / "template" / "requirements-dev.in.jinja").read_text()
    # a pin as it is, or through pyve_pin (an adopted repository's version, adopt_tools, takes its place)
    in_pins = dict(
        re.findall(
            r"^(?:\{\{ ')?([a-z][a-z0-9-]*)==([^\s']+)(?:' \| pyve_pin\(adopt_tools\) \}\})?$", dev_in, flags=re.M
        )
    )
    assert sorted(in_pins) == sorted(DEV_TOOLS)  # only these: security tools get their own lock
    text = (REPO / "template" / "requirements-dev.txt").read_text()
    locked = pinned_versions(text)
    for tool, version in in_pins.items():
        assert locked[tool] == version
    # Resolved for 3.10 universally: what only old Pythons need is marked, not dropped.
    assert re.search(r"^tomli==\S+ ; python_full_version < '3\.11'", text, flags=re.M)
    # The header names the command and the resolution (Dependabot's uv updater reads the latter).
    header = "#    ./pyve.sh --lock (uv pip compile --universal --python-version 3.10 --generate-hashes)\n"
    assert "# This file was autogenerated by uv via the following command:\n" + header in text
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert blocks and all("--hash=sha256:" in block for block in blocks if re.match(r"[A-Za-z0-9]", block))


def test_tool_versions_fact_reads_the_shipped_lock() -> None:
    derived = questionnaire.derive({"quality_level": "prototype", "components": None})
    assert derived["tool_versions"]
    assert (
        derived["tool_versions"]["ruff"]
        == pinned_versions((REPO / "template" / "requirements-dev.txt").read_text())["ruff"]
    )


def test_pinned_versions_prefers_the_unconditional_pin() -> None:
    text = (
        "Foo_Bar==1.0 ; python_version < '3.11' \\\nfoo-bar==2.0 \\\n    --hash=sha256:aa\nbaz==3 ; os_name == 'nt'\n"
    )
    assert pinned_versions(text) == {"foo-bar": "2.0", "baz": "3"}
    assert normalize_name("Typing_Extensions") == "typing-extensions"


# ------------------------------------------------------------------------------------------------
# lock-check: the lock satisfies its inputs and is fully pinned and hashed (no stamp trusted)
# ------------------------------------------------------------------------------------------------
def check(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_pyve(project, "--lock", "--check", env=env)


def fake_hash(seed: str) -> str:
    return "--hash=sha256:" + hashlib.sha256(seed.encode()).hexdigest()


def bump(lock_text: str, name: str, new_version: str) -> str:
    """What Dependabot does to one pin: a new version and new hashes, the rest of the lock intact."""
    block = re.compile(
        rf"^{re.escape(name)}==[^ \\]+(?P<marker> ;[^\\]*)? \\\n(?:    --hash=sha256:[0-9a-f]+(?: \\)?\n)+", re.M
    )
    match = block.search(lock_text)
    assert match, name
    marker = match.group("marker") or ""
    new = f"{name}=={new_version}{marker} \\\n    {fake_hash(name + '1')} \\\n    {fake_hash(name + '2')}\n"
    return lock_text[: match.start()] + new + lock_text[match.end() :]


def test_a_bot_style_bump_passes_without_any_stamp(
    renders: dict[str, Path], offline_env: dict[str, str], tmp_path: Path
) -> None:
    app = copy_of(renders["app"], tmp_path)
    lock = app / "requirements-dev.txt"
    shipped = lock.read_text()
    assert "pyve-lock" not in shipped  # no stamp to keep in step
    # A transitive pin bumped with new hashes.
    lock.write_text(bump(shipped, "iniconfig", "2.9.0"))
    result = check(app, offline_env)
    assert result.returncode == 0, result.stderr
    assert "requirements-dev.txt: satisfies requirements-dev.in" in result.stdout
    # A direct tool bumped in its input and its lock, as Dependabot does for a pinned .in line.
    dev_in = app / "requirements-dev.in"
    dev_in.write_text(dev_in.read_text().replace("pytest==9.2.0", "pytest==9.3.1"))
    lock.write_text(bump(shipped, "pytest", "9.3.1"))
    assert check(app, offline_env).returncode == 0
    make = subprocess.run(["make", "lock-check"], cwd=app, env=offline_env, capture_output=True, text=True)
    assert make.returncode == 0, make.stdout + make.stderr


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("ruff==0.17.5 \\", "ruff>=0.17.5 \\", 1), "ruff>=0.17.5: not pinned with =="),
        (
            lambda t: re.sub(r"^(six==\S+) \\\n(    --hash=\S+ ?\\?\n)+", r"\1\n", t, flags=re.M),
            "six==1.17.0: no --hash",
        ),
        (lambda t: bump(t, "pytest", "9.3.1"), "pytest==9.3.1 does not satisfy pytest==9.2.0"),
        (
            lambda t: re.sub(r"^pytest-cov==.*\n(    .*\n)+", "", t, count=1, flags=re.M),
            "pytest-cov==7.1.0 (requirements-dev.in) is missing",
        ),
        (lambda t: t.replace("six==1.17.0 \\", "six==1.16.0 \\", 1), "six==1.16.0 violates the constraint six==1.17.0"),
        (lambda t: t + "-e .\n", "not a lock line"),
    ],
    ids=["range", "unhashed", "outside-the-input", "partial", "against-the-runtime-lock", "editable"],
)
def test_a_hand_edited_or_partial_lock_fails(
    renders: dict[str, Path], offline_env: dict[str, str], tmp_path: Path, edit: Any, message: str
) -> None:
    app = copy_of(renders["app"], tmp_path)
    # A runtime dependency, locked (hashes are not verified offline), shared with the dev lock.
    (app / "requirements.in").write_text("six>=1.16\n")
    six = f"six==1.17.0 \\\n    {fake_hash('six')}\n    # via -r requirements.in\n"
    (app / "requirements.txt").write_text(six)
    lock = app / "requirements-dev.txt"
    lock.write_text(lock.read_text() + six)
    assert check(app, offline_env).returncode == 0
    lock.write_text(edit(lock.read_text()))
    result = check(app, offline_env)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "regenerate the locks with ./pyve.sh --lock" in result.stderr


def test_lock_check_fails_on_a_changed_input(
    renders: dict[str, Path], offline_env: dict[str, str], tmp_path: Path
) -> None:
    app = copy_of(renders["app"], tmp_path)
    with (app / "requirements.in").open("a") as handle:
        handle.write("httpx>=0.27\n")
    result = check(app, offline_env)
    assert result.returncode == 1
    assert "requirements.txt: httpx>=0.27 (requirements.in) is missing" in result.stderr
    assert "requirements-dev.txt: satisfies requirements-dev.in" in result.stdout
    make = subprocess.run(["make", "lock-check"], cwd=app, env=offline_env, capture_output=True, text=True)
    assert make.returncode != 0
    # A comment or blank line is no change to the input.
    (app / "requirements.in").write_text((renders["app"] / "requirements.in").read_text() + "\n# a note\n")
    assert check(app, offline_env).returncode == 0


def test_a_lock_narrowed_to_one_python_fails(template_src: Path, offline_env: dict[str, str], tmp_path: Path) -> None:
    """What pip-compile on Python 3.11 would write for a requirement only Python 3.10 needs: nothing."""
    app = render_project(template_src, tmp_path / "wide", {"python_versions": ["3.10", "3.11"]})
    (app / "requirements.in").write_text('exceptiongroup>=1.2 ; python_version < "3.11"\n')
    (app / "requirements.txt").write_text("# resolved on Python 3.11 only\n")
    result = check(app, offline_env)
    assert result.returncode == 1
    assert (
        'requirements.txt: exceptiongroup>=1.2; python_version < "3.11" (requirements.in) is missing for Python 3.10'
        in result.stderr
    )
    universal = f"exceptiongroup==1.3.2 ; python_full_version < '3.11' \\\n    {fake_hash('eg')}\n"
    (app / "requirements.txt").write_text(universal)
    assert check(app, offline_env).returncode == 0, check(app, offline_env).stderr


def test_the_dev_lock_must_hold_the_build_backend(
    template_src: Path, offline_env: dict[str, str], tmp_path: Path
) -> None:
    project = render_project(template_src, tmp_path / "hatch", {**APP, "build_backend": "hatchling"})
    assert check(project, offline_env).returncode == 0
    lock = project / "requirements-dev.txt"
    lock.write_text(re.sub(r"^hatchling==.*\n(    .*\n)+", "", lock.read_text(), count=1, flags=re.M))
    result = check(project, offline_env)
    assert result.returncode == 1
    assert "hatchling>=1.25 (pyproject.toml [build-system.requires]) is missing" in result.stderr


def test_lock_without_uv_and_no_index_says_what_to_install(
    renders: dict[str, Path], offline_env: dict[str, str], tmp_path: Path
) -> None:
    """No uv on PATH, no venv, and the pinned uv cannot be fetched (no index): a clear refusal, no
    lock rewritten. (With an index, --lock installs that uv itself: test_a_runtime_pin_reaches_...)"""
    app = copy_of(renders["app"], tmp_path)
    before = {lock.name: lock.read_bytes() for lock in app.glob("*.txt")}
    result = run_pyve(app, "--lock", env=offline_env)
    assert result.returncode == 1
    assert "no uv on PATH and uv from requirements-bootstrap.txt could not be installed" in result.stderr
    assert "Install uv yourself" in result.stderr
    assert {lock.name: lock.read_bytes() for lock in app.glob("*.txt")} == before
    assert not (app / ".venv").exists()


def test_lock_and_init_stop_before_replacing_a_requirements_file_of_the_users(
    renders: dict[str, Path], tmp_path: Path
) -> None:
    """pyve.sh touches only what it made: a hand-written requirements-dev.txt (requests keeps one: `-e .[socks]`,
    ranges, no hashes) at the dev lock's path is neither recompiled over by --lock nor installed by --init; both
    stop, name it, and say how to move it. A file whose every line the input asks for (an adopted application's
    requirements.txt, carried into requirements.in) is compiled over, as pip-compile would."""
    if shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    app = copy_of(renders["app"], tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    env = sandbox_env(make_shim(tmp_path / "shim", ("uv",)), home, wheelhouse=None, PIP_NO_INDEX="1")
    theirs = "-e .[socks]\npytest>=2.8.0,<9  # their range\n"
    (app / "requirements-dev.txt").write_text(theirs)
    before = {lock.name: lock.read_bytes() for lock in app.glob("*.txt")}
    for command in ("--lock", "--init"):
        result = run_pyve(app, command, env=env)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "requirements-dev.txt is your own requirements file" in result.stderr
        assert "(-e.[socks] pytest>=2.8.0,<9)" in result.stderr
        assert "git mv requirements-dev.txt requirements/requirements-dev.txt" in result.stderr
        assert {lock.name: lock.read_bytes() for lock in app.glob("*.txt")} == before
    # the same lines asked for by the input: the file is the input's lock to be, as pip-compile makes it
    (app / "requirements-dev.in").write_text((app / "requirements-dev.in").read_text() + "\n# theirs\n" + theirs)
    result = run_pyve(app, "--lock", env=env)
    assert "your own requirements file" not in result.stderr


def test_lock_check_in_a_library_follows_pyproject_dependencies(
    renders: dict[str, Path], offline_env: dict[str, str], tmp_path: Path
) -> None:
    lib = copy_of(renders["lib"], tmp_path)
    pyproject = lib / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace("[tool.ruff]", "[tool.ruff]\n# a tool setting is no dependency change", 1))
    assert check(lib, offline_env).returncode == 0
    assert "dependencies = []" in text
    # Extras hold a "]" inside quotes; the library declares ranges, the lock pins inside them.
    ranges = 'dependencies = [\n  "httpx[http2]>=0.27",  # a comment\n  "six>=1.16",\n]'
    pyproject.write_text(text.replace("dependencies = []", ranges, 1))
    result = check(lib, offline_env)
    assert result.returncode == 1
    assert "constraints.txt: httpx[http2]>=0.27 (pyproject.toml [project.dependencies]) is missing" in result.stderr
    pins = "".join(
        f"{name}=={version} \\\n    {fake_hash(name)}\n" for name, version in (("httpx", "0.28.1"), ("six", "1.17.0"))
    )
    (lib / "constraints.txt").write_text(pins)
    assert check(lib, offline_env).returncode == 0
    pyproject.write_text(text.replace("dependencies = []", ranges.replace("six>=1.16", "six>=1.18"), 1))
    result = check(lib, offline_env)
    assert result.returncode == 1 and "six==1.17.0 does not satisfy six>=1.18" in result.stderr


# ------------------------------------------------------------------------------------------------
# The real lock flow, against the registry
# ------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_uv_relock_reproduces_the_shipped_locks(template_src: Path, tmp_path: Path) -> None:
    if shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    answers = {"python_versions": ["3.10", "3.11", "3.12", "3.13"]}  # as scripts/relock-template.sh
    project = render_project(template_src, tmp_path / "relock", answers)
    shipped = {
        name: pins(project / name)
        for name in ("requirements.txt", "requirements-bootstrap.txt", "requirements-dev.txt")
    }
    home = tmp_path / "home"
    home.mkdir()
    env = sandbox_env(make_shim(tmp_path / "shim", ("uv",)), home, wheelhouse=None)
    out = run_pyve(project, "--lock", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert {name: pins(project / name) for name in shipped} == shipped
    assert check(project, env).returncode == 0


@pytest.mark.slow
def test_uv_lock_of_a_library_and_pip_tools_lock_of_an_app(renders: dict[str, Path], tmp_path: Path) -> None:
    """Real locks from the registry: uv for a library's constraints, pip-tools with hashes for an app,
    then an install of that app lock with --require-hashes."""
    if shutil.which("uv") is None or shutil.which("pip-compile") is None:
        pytest.skip("uv and pip-tools are needed")
    home = tmp_path / "home"
    home.mkdir()
    env = sandbox_env(make_shim(tmp_path / "shim", ("uv", "pip-compile")), home, wheelhouse=None)

    lib = copy_of(renders["lib"], tmp_path / "l")
    pyproject = lib / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("dependencies = []", 'dependencies = ["six>=1.16"]', 1))
    result = run_pyve(lib, "--lock", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(line.startswith("six==") for line in pins(lib / "constraints.txt"))
    assert check(lib, env).returncode == 0

    app = copy_of(renders["app"], tmp_path / "a")
    (app / "requirements.in").write_text("six>=1.16\n")
    result = run_pyve(app, "--lock", env={**env, "PYVE_LOCK_TOOL": "pip-tools"})
    assert result.returncode == 0, result.stdout + result.stderr
    # Never silently narrow: pip-compile resolves for this Python and platform only, and says so.
    assert "the locks will NOT cover every supported Python" in result.stderr
    lock = (app / "requirements.txt").read_text()
    assert "autogenerated by pip-compile" in lock and "./pyve.sh --lock" in lock
    assert re.search(r"^six==\S+ \\\n    --hash=sha256:", lock, flags=re.M)
    assert "--find-links" not in lock and "--index-url" not in lock
    assert check(app, env).returncode == 0
    # The runtime lock installs from the registry with --require-hashes (the dev lock's install from a
    # wheelhouse is covered by test_bootstrap.py, offline).
    venv = tmp_path / "venv"
    subprocess.run([str(base_python()), "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--require-hashes", "-r", "requirements.txt"],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert subprocess.run([str(venv / "bin" / "python"), "-c", "import six"]).returncode == 0


PIN_WITH_MARKER = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?: ; (.+?))? \\$", re.M)


def _pinned_version_sets(text: str) -> dict[str, set[str]]:
    """Each package's pinned versions (one per environment marker; the markers follow each lock's dependents)."""
    pins: dict[str, set[str]] = {}
    for name, version, _marker in PIN_WITH_MARKER.findall(text):
        pins.setdefault(normalize_name(name), set()).add(version)
    return pins


@pytest.mark.parametrize(
    "tool_lock",
    ["requirements-security.txt", "requirements-sql.txt", "requirements-audit.txt", "requirements-docs.txt"],
)
def test_tool_locks_agree_with_the_dev_lock_they_are_installed_beside(tool_lock: str) -> None:
    """./pyve.sh --init installs every lock into one .venv: a package two locks share has one version there
    (each tool lock's input is constrained by requirements-dev.txt)."""
    (shipped,) = [path for path in (REPO / "template").iterdir() if path.name.endswith(f"{tool_lock}{{% endif %}}")]
    dev = _pinned_version_sets((REPO / "template" / "requirements-dev.txt").read_text())
    tool = _pinned_version_sets(shipped.read_text())
    shared = sorted(set(dev) & set(tool))
    assert shared, f"{tool_lock} shares no package with the dev lock: the check would prove nothing"
    assert {name: tool[name] for name in shared} == {name: dev[name] for name in shared}
    source_name = tool_lock.removesuffix(".txt") + ".in{% endif %}.jinja"
    (source,) = [path for path in (REPO / "template").iterdir() if path.name.endswith(source_name)]
    assert "-c requirements-dev.txt\n" in source.read_text()
    # and by the runtime lock, in the file itself, where Dependabot reads it (./pyve.sh --lock passes it too).
    assert "-c requirements.txt\n" in source.read_text() and "-c constraints.txt\n" in source.read_text()


def test_shipped_locks_name_each_constraint_once() -> None:
    """./pyve.sh --lock passes an earlier lock as --constraint only when the input's own `-c` line does not
    name it already (uv would list it twice under `# via`, in every lock the template ships)."""
    locks = [
        path for path in (REPO / "template").iterdir() if re.search(r"(requirements[\w-]*|constraints)\.txt", path.name)
    ]
    assert len(locks) >= 6, locks
    for lock in locks:
        for block in re.split(r"\n(?=\S)", lock.read_text()):
            via = re.findall(r"^    #   (-c \S+)$", block, flags=re.M)
            assert len(via) == len(set(via)), f"{lock.name}: {block.splitlines()[0]} names a constraint twice: {via}"


def test_every_shipped_lock_agrees_with_every_other() -> None:
    """Any answers may put any of the shipped locks into one .venv (a production project with a Conan C++
    component and the docs site has the dev, audit, conan and docs locks): for every supported Python and
    platform they pin a shared package alike. (The docs lock pinned python-dateutil 3.0.0 on Python 3.10
    where the Conan lock pins 2.9.0.post0, until the docs lock was compiled after the Conan lock.)"""
    from pyve_gen.lock_set import checker

    lock_check = checker()
    shipped = sorted(
        path
        for path in (REPO / "template").iterdir()
        if re.search(r"requirements[a-z-]*\.txt(\{% endif %\})?$", path.name)
    )
    assert len(shipped) >= 8, [path.name for path in shipped]
    locks = [lock_check.LockFile(path, re.sub(r"^.*%\}(?=requirements)|\{%.*$", "", path.name)) for path in shipped]
    assert not [problem for lock in locks for problem in lock.problems]
    versions = questionnaire.questions()["python_versions"]["choices"]
    choices = [str(value) for value in (versions.values() if isinstance(versions, dict) else versions)]
    assert lock_check.disagreements(locks, list(lock_check.environments(choices))) == []
