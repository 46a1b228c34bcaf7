"""vcpkg as the C++ package manager: rendered, not executed (vcpkg and its registry live on GitHub,
unreachable where Pyve's tests run, and no distribution packages it: Debian has no vcpkg, npm none).

What is checked: the manifest (vcpkg.json in manifest mode, with the builtin-baseline of
``toolchains.VCPKG_BASELINE``, no other key than vcpkg-tool's docs/vcpkg.schema.json allows), make's CMake
configure through ``$VCPKG_ROOT/scripts/buildsystems/vcpkg.cmake``, the loud SKIPPED (a failure under STRICT=1)
when there is no vcpkg, and CI's step that hands the runner's preinstalled vcpkg to make.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from ci_replay import load
from conftest import render_project

from pyve_gen.model.toolchains import VCPKG_BASELINE

ANSWERS = {
    "quality_level": "production",
    "cpp_package_manager": "vcpkg",
    "os_targets": ["linux", "macos"],
    "components": [{"name": "runner", "kind": "cli", "language": "cpp"}],
}


@pytest.fixture(scope="module")
def project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_project(template_src, tmp_path_factory.mktemp("vcpkg") / "project", ANSWERS)


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_manifest_has_the_baseline_and_only_keys_vcpkg_accepts(project: Path) -> None:
    manifest = json.loads((project / "vcpkg.json").read_text())
    assert re.fullmatch(r"[0-9a-f]{40}", VCPKG_BASELINE)
    assert manifest["builtin-baseline"] == VCPKG_BASELINE
    assert manifest["dependencies"] == []
    # docs/vcpkg.schema.json: additionalProperties false; "$..." keys allowed; no name needed at the top level.
    assert set(manifest) == {"$schema", "builtin-baseline", "dependencies"}
    assert "conanfile.txt" not in {p.name for p in project.iterdir()}
    assert "come from vcpkg (vcpkg.json" in (project / "system-packages.txt").read_text()
    assert (
        "with `VCPKG_ROOT` set to its clone (the libraries then come from `vcpkg.json`)"
        in (project / "README.md").read_text()
    )


def test_make_configures_through_vcpkgs_toolchain_and_skips_loudly_without_vcpkg(project: Path) -> None:
    planned = make(project, "-n", "cpp-configure", "VCPKG_ROOT=/opt/vcpkg")
    assert "-DCMAKE_TOOLCHAIN_FILE=/opt/vcpkg/scripts/buildsystems/vcpkg.cmake" in planned.stdout, planned
    lenient = make(project, "test-cpp", "VCPKG_ROOT=")
    assert lenient.returncode == 0 and "SKIPPED test-cpp: vcpkg (VCPKG_ROOT) not found" in lenient.stderr, lenient
    strict = make(project, "test-cpp", "lint-cpp", "VCPKG_ROOT=", "STRICT=1")
    assert strict.returncode != 0 and "vcpkg (VCPKG_ROOT) not found" in strict.stderr, strict


def test_ci_hands_the_runners_vcpkg_to_make_before_the_gates(project: Path) -> None:
    jobs = load(project / ".github/workflows/ci.yml")["jobs"]
    for job_id in ("lint", "test"):
        runs = [step.get("run", "") for step in jobs[job_id]["steps"]]
        (index,) = [i for i, run in enumerate(runs) if "VCPKG_ROOT=$VCPKG_INSTALLATION_ROOT" in run]
        assert 'git -C "$VCPKG_INSTALLATION_ROOT" fetch' in runs[index]
        assert any(run.startswith("make ") for run in runs[index + 1 :]), job_id
