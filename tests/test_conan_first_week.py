"""C++'s first week with Conan: a library added to conanfile.txt, locked in conan.lock, found by CMake.

A production render with a C++ cli, ``cpp_package_manager: conan`` and ``artifacts: binary``. Conan is
the real one, installed into .venv from the project's hashed requirements-conan.txt by ``./pyve.sh --init``;
Conan Center is unreachable here, so its one remote is a local stand-in (tests/conan_standin.py: a
local-recipes-index folder with a test-only {fmt} recipe made from Debian's headers). Then: ``make lint
test`` (conan install with the lockfile, CMake through conan_toolchain.cmake), {fmt} added the way the C++
guide says, the unlocked requirement refused, ``make cpp-lock``, a source file and its test, ``make format
lint test`` and ``make build`` (the Release binaries, through Conan too). The CI jobs' run steps are
replayed against the same stand-in under the slow marker.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from conan_standin import conan_env, fmt_version
from conftest import render_project
from test_cpp_first_week import add_shout, git, replay_lint_and_test

from pyve_gen.model.toolchains import LLVM_VERSION

ANSWERS = {
    "quality_level": "production",
    "release_process": "tag-driven",
    "artifacts": ["binary"],
    "cpp_package_manager": "conan",
    "components": [{"name": "runner", "kind": "cli", "language": "cpp"}],
}
TOOLS = ("cmake", "c++", f"clang-format-{LLVM_VERSION}", f"clang-tidy-{LLVM_VERSION}")
REQUIREMENT = "fmt/[>=9 <12]"


def run(project: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)


def make(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run(project, "make", "--no-print-directory", *args, env=env)


@pytest.fixture(scope="module")
def setup(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The committed render, bootstrapped (``./pyve.sh --init``), and an environment whose Conan uses the stand-in."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"toolchain not installed here (scripts/setup.sh installs it): {', '.join(missing)}")
    fmt_version()
    root = tmp_path_factory.mktemp("conan-week")
    project = render_project(template_src, root / "project", ANSWERS)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "render")
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "CONAN_HOME")}
    init = run(project, "./pyve.sh", "--init", env=env)
    assert init.returncode == 0, init.stdout[-2000:] + init.stderr[-3000:]
    env |= conan_env(project / ".venv/bin/conan", root / "conan")
    return project, env


def test_conan_comes_from_the_hashed_lock_and_the_manifest_and_lock_are_rendered(
    setup: tuple[Path, dict[str, str]],
) -> None:
    project, env = setup
    pin = next(
        line.split("==")[1].strip()
        for line in (project / "requirements-conan.in").read_text().splitlines()
        if line.startswith("conan==")
    )
    assert f"conan=={pin} \\" in (project / "requirements-conan.txt").read_text()
    version = run(project, ".venv/bin/conan", "--version", env=env)
    assert version.stdout.strip() == f"Conan version {pin}", version
    assert json.loads((project / "conan.lock").read_text())["requires"] == []
    conanfile = (project / "conanfile.txt").read_text()
    assert "[requires]" in conanfile and "CMakeDeps" in conanfile and "CMakeToolchain" in conanfile
    assert "come from Conan (conanfile.txt" in (project / "system-packages.txt").read_text()
    assert (
        "the libraries then come from Conan: `conanfile.txt`, locked in `conan.lock`"
        in (project / "README.md").read_text()
    )


def add_fmt(project: Path) -> None:
    """The C++ guide's "Add a library dependency" for Conan (before the relock), a source file and its test."""
    conanfile = project / "conanfile.txt"
    lines = conanfile.read_text().splitlines(keepends=True)
    lines.insert(lines.index("[requires]\n") + 1, f"{REQUIREMENT}\n")
    conanfile.write_text("".join(lines))
    add_shout(project)


def test_a_library_from_conan_locked_built_tested_and_released(setup: tuple[Path, dict[str, str]]) -> None:
    project, env = setup
    strict = ("STRICT=1",)
    first = make(project, env, "lint", "test", *strict)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "--lockfile=conan.lock" in first.stdout and "conan_toolchain.cmake" in first.stdout

    add_fmt(project)
    # Not relocked yet: Conan refuses the requirement the lock lacks, so a forgotten relock fails here and in CI.
    stale = make(project, env, "test", *strict)
    assert stale.returncode != 0
    assert "not in lockfile" in stale.stdout + stale.stderr, stale.stdout[-2000:] + stale.stderr[-2000:]

    locked = make(project, env, "cpp-lock")
    assert locked.returncode == 0, locked.stdout[-2000:] + locked.stderr[-2000:]
    (pinned,) = json.loads((project / "conan.lock").read_text())["requires"]
    assert pinned.startswith(f"fmt/{fmt_version()}#"), pinned

    formatted = make(project, env, "format")
    assert formatted.returncode == 0, formatted.stderr
    after = make(project, env, "lint", "test", *strict)
    assert after.returncode == 0, after.stdout[-4000:] + after.stderr[-3000:]
    assert "ShoutTest.FormatsWithFmt" in after.stdout and "0 tests failed" in after.stdout
    # CMake found Conan's fmt (CMakeDeps' config in the build folder), not the system's /usr/lib/cmake/fmt.
    cache = (project / "build/cpp/CMakeCache.txt").read_text()
    assert f"fmt_DIR:PATH={project / 'build/cpp'}\n" in cache

    # The pre-commit hook (lint_enforcement: pre-commit) runs make lint-cpp too: through the stand-in.
    committed = run(project, "git", "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A", env=env)
    assert committed.returncode == 0, committed.stderr
    committed = run(
        project,
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-qm",
        "Shout with fmt, from Conan",
        env=env,
    )
    assert committed.returncode == 0, committed.stdout[-3000:] + committed.stderr[-2000:]
    assert "CMakeUserPresets.json" not in run(project, "git", "ls-files", env=env).stdout
    built = make(project, env, "build")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert "--output-folder=build/release" in built.stdout
    (archive,) = (project / "dist").glob("my-project-linux-*.tar.gz")
    with tarfile.open(archive) as packed:
        packed.extractall(project / "unpacked", filter="data")
    ran = run(project, str(project / "unpacked/my-project/bin/runner"), "Ada", env=env)
    assert ran.returncode == 0 and ran.stdout == "Hello, Ada!\n", ran


@pytest.mark.slow
def test_the_ci_jobs_run_steps_replayed(setup: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """ci.yml's lint and test jobs in fresh clones of the first week's commit: ./pyve.sh --init installs
    Conan, make installs conan.lock's fmt from the stand-in; `sudo` is the identity (the suite runs as root)."""
    project, env = setup
    if not json.loads((project / "conan.lock").read_text())["requires"]:
        pytest.skip("needs the first week's commit (test_a_library_from_conan_locked_built_tested_and_released)")
    replay_lint_and_test(project, tmp_path, env, "cpp-conan")
