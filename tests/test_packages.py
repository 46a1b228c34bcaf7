"""Packages users expect: import names under ``package_name``, any component path, ``py.typed`` for
libraries, one source for the version and a release that refuses a tag that disagrees with it."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import Render

from pyve_gen.model.components import import_name, normalize
from pyve_gen.model.validation import components_error

CUSTOM_PATHS = [
    {"name": "acme-billing", "kind": "cli", "paths": ["cli/"]},
    {"name": "api", "kind": "application", "paths": ["src/"]},
    {"name": "core", "kind": "library", "paths": ["lib/foo"]},
    {"name": "deep", "kind": "library", "paths": ["pkgs/x/y"]},
]


def make(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *targets, "STRICT=1", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [("acme", "acme"), ("api", "acme_api"), ("core-lib", "acme_core_lib"), ("acme_api", "acme_api")],
)
def test_import_names_live_under_the_package_name(name: str, expected: str) -> None:
    assert import_name(name, "acme") == expected


@pytest.mark.parametrize(
    ("paths", "root", "module"),
    [
        (["src/"], "src/acme_api", "acme_api"),
        (["cli"], "cli/acme_api", "acme_api"),
        (["lib/foo"], "lib/foo/acme_api", "acme_api"),
        (["a/b/c"], "a/b/c/acme_api", "acme_api"),
        (["services/acme_api"], "services/acme_api", "acme_api"),  # the answered folder is the package
        (["src/acme"], "src/acme", "acme"),
        ([], "src/acme_api", "acme_api"),
    ],
)
def test_any_answered_path_gets_a_package_named_after_the_project(paths: list[str], root: str, module: str) -> None:
    comp = normalize({"name": "api", "kind": "application", "paths": paths}, "acme")
    assert (comp.root, comp.module) == (root, module)


def test_generic_names_no_longer_collide_across_folders() -> None:
    # Two components whose folders end alike: still two distinct, project-named packages.
    answer = [{"name": "api", "paths": ["src/"]}, {"name": "web", "paths": ["apps/"]}]
    assert components_error(answer, "acme") == ""


def test_custom_paths_render_a_project_whose_own_lint_and_tests_pass(render: Render) -> None:
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    project = render({"project_name": "Acme Billing", "quality_level": "production", "components": CUSTOM_PATHS})
    packages = {init.parent.relative_to(project).as_posix() for init in project.rglob("__init__.py")}
    packages = {p for p in packages if not p.startswith((".pyve", "tests"))}
    assert packages == {
        "cli/acme_billing",
        "src/acme_billing_api",
        "lib/foo/acme_billing_core",
        "pkgs/x/y/acme_billing_deep",
    }
    assert (project / "lib/foo/acme_billing_core/py.typed").is_file()
    assert not (project / "src/acme_billing_api/py.typed").exists()  # an application is no typed library
    result = make(project, "lint", "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SKIPPED" not in result.stderr
    assert "35 passed" in result.stdout  # 32 unit tests, and tests/integration: 1 import + 2 commands


def test_version_has_one_source_and_the_release_checks_the_tag(render: Render) -> None:
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    project = render({"project_name": "Acme Billing", "quality_level": "production", "components": CUSTOM_PATHS})
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    # An application's dependencies are dynamic too: requirements.in is their one source.
    assert 'dynamic = ["version", "dependencies"]' in pyproject and '\nversion = "' not in pyproject
    versions = [line for path in project.rglob("*.py") for line in path.read_text().splitlines() if "0.0.1" in line]
    assert versions == ['__version__ = "0.0.1"'], "the version must be written once"
    assert make(project, "version").stdout.strip() == "0.0.1"
    assert make(project, "release-check", "TAG=v0.0.1").returncode == 0
    refused = make(project, "release-check", "TAG=v0.0.2")
    assert refused.returncode != 0 and "does not match version 0.0.1" in refused.stderr
    release = (project / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert 'make release-check TAG="$GITHUB_REF_NAME"' in release
    assert release.index("make release-check") < release.index("- run: make build")


def test_a_wheel_from_a_production_render_carries_the_version_and_types(render: Render, tmp_path: Path) -> None:
    """`python -m build --no-isolation` (setuptools from the dev lock, as ./pyve.sh installs it): offline."""
    project = render(
        {
            "project_name": "Acme Billing",
            "quality_level": "production",
            "components": [{"name": "acme-billing", "kind": "cli"}, {"name": "core", "kind": "library"}],
        }
    )
    # The one version source is the library's __init__.py (the application imports it from there).
    source = project / "src/acme_billing_core/__init__.py"
    source.write_text(source.read_text().replace('"0.0.1"', '"1.4.0"'))
    dist = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(dist), str(project)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == "acme_billing-1.4.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = email.message_from_bytes(archive.read("acme_billing-1.4.0.dist-info/METADATA"))
        entry_points = archive.read("acme_billing-1.4.0.dist-info/entry_points.txt").decode()
    assert metadata["Name"] == "acme-billing" and metadata["Version"] == "1.4.0"
    assert "acme_billing_core/py.typed" in names
    assert {name.split("/")[0] for name in names if not name.startswith("acme_billing-")} == {
        "acme_billing",
        "acme_billing_core",
    }
    assert "acme-billing = acme_billing.__main__:main" in entry_points


@pytest.mark.parametrize(("kind", "published"), [("library", True), ("cli", False)])
def test_libraries_publish_to_pypi_by_trusted_publishing(render: Render, kind: str, published: bool) -> None:
    """A library's tag-driven release uploads to PyPI with OIDC (no token), twine check and attestations."""
    project = render(
        {"project_name": "Acme Lib", "quality_level": "production", "components": [{"name": "acme-lib", "kind": kind}]}
    )
    release = yaml.safe_load((project / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert ("pypi" in release["jobs"]) is published
    if not published:
        return
    job = release["jobs"]["pypi"]
    assert job["permissions"] == {"id-token": "write"} and job["environment"]["name"] == "pypi"
    (download, upload) = job["steps"]
    assert download["with"]["name"] == "dist"  # the wheel and sdist only, not signatures or SBOM
    assert upload["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert upload["with"] == {"packages-dir": "dist/", "verify-metadata": True, "attestations": True}


def test_publishing_is_an_answer(render: Render) -> None:
    project = render(
        {
            "project_name": "Acme Lib",
            "quality_level": "production",
            "pypi_publish": False,
            "components": [{"name": "acme-lib", "kind": "library"}],
        }
    )
    assert "pypi" not in yaml.safe_load((project / ".github/workflows/release.yml").read_text())["jobs"]
