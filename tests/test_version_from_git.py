"""Versions from git tags as an answer (issue 26): `version_source: git-tag`.

A render with that answer is committed and tagged v1.2.3, bootstrapped as a developer does (the editable
install reads the tag with the dev lock's setuptools-scm, no build isolation), passes its own `make lint
test`, and `make build` (isolated, from the index as CI builds) writes a wheel whose METADATA says
1.2.3; a commit after the tag gives the next dev version. The hatchling render (hatch-vcs) does the
same, and without any tag both give 0.0.1.devN+g<commit>. The file answer (the default) keeps
`__version__` in the package and `make release-check`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from bootstrap_support import make_shim, sandbox_env
from catalogue import Catalogue
from conftest import render_project

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
ANSWERS = {"quality_level": "production", "version_source": "git-tag"}
DEV_VERSION = re.compile(r"0\.0\.1\.dev\d+\+g[0-9a-f]{7,}")


def _git(project: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=project, check=True, capture_output=True)


def _run(project: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def _wheel_version(project: Path, env: dict[str, str], python: Path) -> str:
    """`make build` as the release job runs it; the version its wheel's METADATA records."""
    shutil.rmtree(project / "dist", ignore_errors=True)
    _run(project, env, "make", "build", f"PYTHON={python}")
    (wheel,) = (project / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode())
    print(f"{project.name}: {wheel.name}: Version: {metadata['Version']}")
    return str(metadata["Version"])


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("version-env")
    uv = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    shim = make_shim(base / "shim")
    (shim / "uv").symlink_to(uv)
    home = base / "home"
    home.mkdir()
    return sandbox_env(shim, home, None)


@pytest.fixture(scope="module")
def tagged(template_src: Path, tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """The git-tag render (setuptools), committed, tagged v1.2.3 and bootstrapped."""
    project = render_project(template_src, tmp_path_factory.mktemp("git-tag") / "tagged", ANSWERS)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "render")
    _git(project, "tag", "v1.2.3")
    _run(project, env, "./pyve.sh", "--init")
    return project


def test_the_rendered_files_read_the_version_from_git(tagged: Path) -> None:
    pyproject = (tagged / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires = ["setuptools>=69", "setuptools-scm>=8"]' in pyproject
    assert "[tool.setuptools_scm]" in pyproject and "__version__" not in pyproject  # one source: the tags
    release = yaml.safe_load((tagged / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    (checkout,) = [step for step in release["jobs"]["build"]["steps"] if "checkout" in step.get("uses", "")]
    assert checkout["with"]["fetch-depth"] == 0
    assert "release-check" not in str(release) and "release-check" not in (tagged / "Makefile").read_text()
    assert "__version__ = version(" in (tagged / "src/my_project/__init__.py").read_text(encoding="utf-8")


def test_a_tag_is_the_version_of_the_install_and_the_wheel(tagged: Path, env: dict[str, str]) -> None:
    venv_python = tagged / ".venv/bin/python"
    installed = _run(tagged, env, str(venv_python), "-c", "import my_project; print(my_project.__version__)")
    assert installed.strip() == "1.2.3"
    assert _run(tagged, env, "make", "version").strip() == "1.2.3"
    _run(tagged, env, "make", "lint", "test")
    assert _wheel_version(tagged, env, venv_python) == "1.2.3"
    (tagged / "CHANGELOG.md").write_text((tagged / "CHANGELOG.md").read_text() + "\n- a change after 1.2.3\n")
    _git(tagged, "commit", "-qam", "a change after the release")
    assert re.fullmatch(r"1\.2\.4\.dev1\+g[0-9a-f]{7,}", _wheel_version(tagged, env, venv_python))


def test_hatchling_reads_the_tag_with_hatch_vcs_and_no_tag_is_a_dev_version(
    tagged: Path, template_src: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    project = render_project(template_src, tmp_path / "hatched", ANSWERS | {"build_backend": "hatchling"})
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires = ["hatchling>=1.25", "hatch-vcs>=0.4"]' in pyproject and 'source = "vcs"' in pyproject
    python = tagged / ".venv/bin/python"  # the tagged render's venv: the same dev lock (build)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "render")
    assert DEV_VERSION.fullmatch(_wheel_version(project, env, python))
    _git(project, "tag", "v1.2.3")
    assert _wheel_version(project, env, python) == "1.2.3"


def test_the_file_answer_keeps_the_version_in_the_package(catalogue: Catalogue) -> None:
    project = catalogue.path("production")
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["version_source"] == "file"
    assert '__version__ = "0.0.1"' in (project / "src/my_project/__init__.py").read_text(encoding="utf-8")
    assert 'version = { attr = "my_project.__version__" }' in (project / "pyproject.toml").read_text()
    assert "release-check:" in (project / "Makefile").read_text()
