"""C++'s first week with the apt manager: a real library added the documented way, used and tested.

A production render with a C++ cli and `artifacts: binary`: `make lint test` (cmake, GoogleTest,
clang-format/clang-tidy of the one LLVM release), then {fmt} added as the C++ guide says (its Debian
package in system-packages.txt, installed from that list as CI does; its formula in Brewfile;
`find_package(fmt)` in CMake), a new source file and its test, `make format lint test` again, and
`make build`: the executables packed per platform with a checksum that verifies. The CI jobs' run
steps are replayed under the slow marker.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from ci_replay import load, replay_job, replayable_jobs
from conftest import render_project
from journey_support import Case, Journal
from lock_venvs import lock_python

from pyve_gen.model.toolchains import LLVM_VERSION

ANSWERS = {
    "quality_level": "production",
    "release_process": "tag-driven",
    "artifacts": ["binary"],
    "components": [{"name": "runner", "kind": "cli", "language": "cpp"}],
}
TOOLS = ("cmake", "c++", f"clang-format-{LLVM_VERSION}", f"clang-tidy-{LLVM_VERSION}", "apt-get")
HEADER = """// shout: a louder greeting, formatted by {fmt}.
#pragma once

#include <string>
#include <string_view>

namespace runner {

// "Hello, Ada! (x3)" for ("Ada", 3).
std::string Shout(std::string_view name, int times);

}  // namespace runner
"""
SOURCE = """#include "runner/shout.hpp"

#include <fmt/core.h>

#include <string>
#include <string_view>

namespace runner {

std::string Shout(std::string_view name, int times) { return fmt::format("Hello, {}! (x{})", name, times); }

}  // namespace runner
"""
TEST = """#include "runner/shout.hpp"

#include <gtest/gtest.h>

TEST(ShoutTest, FormatsWithFmt) { EXPECT_EQ(runner::Shout("Ada", 3), "Hello, Ada! (x3)"); }
"""


def run(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)


def git(project: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args]
    subprocess.run(command, cwd=project, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"toolchain not installed here (scripts/setup.sh installs it): {', '.join(missing)}")
    dest = render_project(template_src, tmp_path_factory.mktemp("cpp-week") / "project", ANSWERS)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "render")
    return dest


def add_fmt(project: Path) -> None:
    """The C++ guide's "Add a library dependency", then a source file and its test."""
    with (project / "system-packages.txt").open("a") as packages:
        packages.write("libfmt-dev\n")
    with (project / "Brewfile").open("a") as brewfile:
        brewfile.write('brew "fmt"\n')
    add_shout(project)


def add_shout(project: Path) -> None:
    """A source file of runner's library that uses fmt, and its test, in runner's CMakeLists.txt."""
    component = project / "cpp/runner"
    (component / "include/runner/shout.hpp").write_text(HEADER)
    (component / "src/shout.cpp").write_text(SOURCE)
    (component / "tests/shout_test.cpp").write_text(TEST)
    cmake = component / "CMakeLists.txt"
    text = cmake.read_text()
    text = text.replace(
        "add_library(runner_lib src/runner.cpp)",
        "find_package(fmt REQUIRED)\nadd_library(runner_lib src/runner.cpp src/shout.cpp)",
    )
    text = text.replace(
        "target_link_libraries(runner_lib PRIVATE project_warnings)",
        "target_link_libraries(runner_lib PUBLIC fmt::fmt PRIVATE project_warnings)",
    )
    text = text.replace(
        "add_executable(runner_test tests/runner_test.cpp)",
        "add_executable(runner_test tests/runner_test.cpp tests/shout_test.cpp)",
    )
    assert text.count("shout") == 2 and "fmt::fmt" in text, text
    cmake.write_text(text)


def test_a_library_from_the_package_list_a_new_file_and_its_test_then_the_binary_release(project: Path) -> None:
    # No ./pyve.sh --init here: gcovr comes from the template's own hashed lock (tests/lock_venvs.py).
    strict = ["STRICT=1", f"PYTHON={sys.executable}", f"GCOVR={lock_python('gcovr')} -m gcovr"]
    first = run(project, "make", "--no-print-directory", "lint", "test", *strict)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert f"clang-tidy-{LLVM_VERSION} -p build/cpp" in first.stdout
    # The production floor (80 %) holds for the rendered code, and a floor the code misses fails make test.
    assert "--fail-under-line 80" in first.stdout and re.search(r"^lines: \d+\.\d%", first.stdout, re.M)
    missed = run(project, "make", "--no-print-directory", "test-cpp", "CPP_COVERAGE_FLOOR=100", *strict)
    assert missed.returncode != 0 and "Failed minimum line coverage" in missed.stdout + missed.stderr, missed

    add_fmt(project)
    # Installed from the project's own list, as CI's step does (root here, so no sudo).
    packages = [line.split("#", 1)[0].strip() for line in (project / "system-packages.txt").read_text().splitlines()]
    install = run(
        project,
        "apt-get",
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        "-o",
        "DPkg::Lock::Timeout=300",
        *filter(None, packages),
    )
    assert install.returncode == 0, install.stderr[-2000:]
    formatted = run(project, "make", "--no-print-directory", "format", f"PYTHON={sys.executable}")
    assert formatted.returncode == 0, formatted.stderr
    after = run(project, "make", "--no-print-directory", "lint", "test", *strict)
    assert after.returncode == 0, after.stdout[-4000:] + after.stderr[-3000:]
    assert "ShoutTest.FormatsWithFmt" in after.stdout and "0 tests failed" in after.stdout

    git(project, "add", "-A")
    git(project, "commit", "-qm", "Shout with fmt")
    built = run(project, "make", "--no-print-directory", "build", f"PYTHON={sys.executable}")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (archive,) = (project / "dist").glob("my-project-linux-*.tar.gz")
    recorded = (project / "dist" / f"{archive.name}.sha256").read_text().split()
    assert recorded == [hashlib.sha256(archive.read_bytes()).hexdigest(), archive.name]
    with tarfile.open(archive) as packed:
        assert "my-project/bin/runner" in packed.getnames()
        packed.extractall(project / "unpacked", filter="data")
    ran = run(project, str(project / "unpacked/my-project/bin/runner"), "Ada")
    assert ran.returncode == 0 and ran.stdout == "Hello, Ada!\n", ran


@pytest.mark.slow
def test_the_ci_jobs_run_steps_replayed(project: Path, tmp_path: Path) -> None:
    """ci.yml's lint and test jobs in fresh clones; `sudo` is the identity (the suite runs as root)."""
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    replay_lint_and_test(project, tmp_path, env, "cpp")


def replay_lint_and_test(project: Path, tmp_path: Path, env: dict[str, str], case: str) -> None:
    """ci.yml's lint and test jobs replayed in fresh clones of ``project``, with `sudo` as the identity."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    (shim / "sudo").chmod(0o755)
    replay_env = {**env, "PATH": f"{shim}{os.pathsep}{env['PATH']}"}
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    journal = Journal(Case(case, minor, False), tmp_path)
    workflow = load(project / ".github/workflows/ci.yml")
    for job_id, job in replayable_jobs(workflow):
        if job_id in ("lint", "test"):
            replayed = replay_job(
                journal, "ci.yml", job_id, job, project, tmp_path, replay_env, Path(sys.base_prefix) / "bin", minor
            )
            assert replayed is not None, job_id
    ran = [str(step["step"]) for step in journal.steps]
    assert any(step.endswith(": make lint STRICT=1") for step in ran), ran
    assert any(step.endswith(": make test") for step in ran), ran
