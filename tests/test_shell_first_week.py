"""Shell's first week: a tool dependency added the documented way (jq in system-packages.txt and
Brewfile, installed from that list as CI does), a library function using it, a bats test that sources
the library with its `# shellcheck source=` line, then `make lint test`. A wrong directive path fails
`make lint` (ShellCheck's SC1091), so the line the guide asks for is checked, not decorative.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import render_project

ANSWERS = {"components": [{"name": "shlib", "kind": "library", "language": "shell"}]}
FUNCTION = """
# Prints the "name" field of the JSON object in $1, with jq.
shlib_json_name() {
  jq -r '.name' <<<"$1"
}
"""
TEST = """#!/usr/bin/env bats
# Tests of shlib_json_name, which needs jq (system-packages.txt).
# shellcheck disable=SC2154,SC2292

setup() {
  # shellcheck source=SCRIPTDIR/../../scripts/shlib/shlib.sh
  source "${BATS_TEST_DIRNAME}/../../scripts/shlib/shlib.sh"
}

@test "shlib_json_name reads the name field" {
  run shlib_json_name '{"name": "Ada"}'
  [ "${status}" -eq 0 ]
  [ "${output}" = "Ada" ]
}
"""


def make(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", *targets, "STRICT=1", f"PYTHON={sys.executable}"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, check=False)


def test_a_tool_from_the_package_list_a_function_and_its_sourced_test(template_src: Path, tmp_path: Path) -> None:
    missing = [tool for tool in ("bats", "shellcheck", "shfmt", "zsh", "apt-get") if shutil.which(tool) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"not installed here: {', '.join(missing)}")
    project = render_project(template_src, tmp_path / "project", ANSWERS)
    with (project / "system-packages.txt").open("a") as packages:
        packages.write("jq\n")
    with (project / "Brewfile").open("a") as brewfile:
        brewfile.write('brew "jq"\n')
    packages = [line.split("#", 1)[0].strip() for line in (project / "system-packages.txt").read_text().splitlines()]
    install = subprocess.run(
        ["apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", *filter(None, packages)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    library = project / "scripts/shlib/shlib.sh"
    library.write_text(library.read_text() + FUNCTION)
    test = project / "tests/shell/shlib_json.bats"
    test.write_text(TEST)

    result = make(project, "lint", "test")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "ok 4 shlib_json_name reads the name field" in result.stdout, result.stdout

    test.write_text(TEST.replace("source=SCRIPTDIR/../../scripts/shlib/shlib.sh", "source=SCRIPTDIR/../shlib.sh"))
    wrong = make(project, "lint-shell")
    assert wrong.returncode != 0 and "SC1091" in wrong.stdout, wrong.stdout[-2000:]
