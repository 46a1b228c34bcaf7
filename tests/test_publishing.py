"""A package people can publish: a production render's wheel, built for real, carries authors from
the owners answer, Project-URLs from the repository URL, true classifiers (Typing :: Typed where
py.typed ships); the library holds the version the application imports; a release job that
publishes needs the job that checks."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from conftest import render_project

from pyve_gen.model import publishing, validation

ANSWERS = {
    "project_name": "Acme Web",
    "quality_level": "production",
    "deploy_provider": "fly",
    "owners": "Jane Doe <jane@example.org>, @acme/web-team; ops@example.org",
    "repository_url": "https://github.com/acme/acme-web",
    "components": [{"name": "acme-web", "kind": "application"}, {"name": "acme-core", "kind": "library"}],
}


@pytest.fixture(scope="module")
def published(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_project(template_src, tmp_path_factory.mktemp("publish") / "acme-web", ANSWERS)


def test_the_wheel_metadata_is_complete(published: Path, tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(tmp_path), str(published)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = tmp_path.glob("acme_web-0.0.1-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = Parser().parsestr(archive.read("acme_web-0.0.1.dist-info/METADATA").decode())
    assert metadata["Author-email"] == "Jane Doe <jane@example.org>, ops@example.org"
    assert metadata["Author"] is None  # never the project's name
    assert metadata.get_all("Project-URL") == [
        "Homepage, https://github.com/acme/acme-web",
        "Source, https://github.com/acme/acme-web",
        "Issues, https://github.com/acme/acme-web/issues",
        "Changelog, https://github.com/acme/acme-web/blob/HEAD/CHANGELOG.md",
    ]
    classifiers = metadata.get_all("Classifier")
    assert "Typing :: Typed" in classifiers and "acme_web_acme_core/py.typed" in names
    assert "Development Status :: 3 - Alpha" in classifiers  # status: in-development
    assert {"Operating System :: POSIX :: Linux", "Operating System :: MacOS"} <= set(classifiers)
    assert metadata["License-Expression"] == "MIT"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_one_version_source_and_the_library_imports_nothing_of_the_application(published: Path) -> None:
    library, application = published / "src/acme_web_acme_core", published / "src/acme_web"
    assert '__version__ = "0.0.1"' in (library / "__init__.py").read_text(encoding="utf-8")
    assert "acme_web_acme_core" in _imports(application / "__init__.py")
    for path in library.rglob("*.py"):
        assert not {name for name in _imports(path) if name.split(".")[0] == "acme_web"}, path
    assert 'attr = "acme_web_acme_core.__version__"' in (published / "pyproject.toml").read_text(encoding="utf-8")


def _needs(job: dict[str, object]) -> list[str]:
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else list(needs)  # type: ignore[arg-type]


def _publishes(job: dict[str, object]) -> bool:
    permissions = job.get("permissions") or {}
    writes = {"contents", "packages", "id-token", "attestations"}
    return isinstance(permissions, dict) and any(permissions.get(key) == "write" for key in writes)


@pytest.mark.parametrize("level", ["production", "secure"])
def test_every_release_job_that_publishes_needs_the_checks(
    published: Path, template_src: Path, tmp_path: Path, level: str
) -> None:
    project = published
    if level == "secure":
        project = render_project(template_src, tmp_path / "s", ANSWERS | {"quality_level": level})
    jobs = yaml.safe_load((project / ".github/workflows/release.yml").read_text(encoding="utf-8"))["jobs"]
    checks = {name for name, job in jobs.items() if "make release-check" in str(job)}
    assert checks == {"build"}

    def upstream(name: str) -> set[str]:
        found = set(_needs(jobs[name]))
        for need in list(found):
            found |= upstream(need)
        return found

    publishing_jobs = [name for name, job in jobs.items() if _publishes(job)]
    assert "image" in publishing_jobs
    for name in publishing_jobs:
        assert checks <= upstream(name), f"release job {name} publishes without the checks"


@pytest.mark.parametrize(
    ("owners", "holder", "expected"),
    [
        ("", "Acme Web", []),  # the copyright holder's default is the project's name: nobody named
        ("", "Acme Corp", [{"name": "Acme Corp"}]),
        ("@acme/web-team", "Acme Web", []),
        ("Ada Lovelace; bob@example.org", "x", [{"name": "Ada Lovelace"}, {"email": "bob@example.org"}]),
        ("Eve <not an email>", "Eve Corp", [{"name": "Eve Corp"}]),
    ],
)
def test_authors_come_from_owners_or_the_copyright_holder(owners: str, holder: str, expected: object) -> None:
    assert publishing.authors(owners, holder, "Acme Web") == expected


def test_repository_url_is_validated() -> None:
    assert validation.answer_error("repository_url", "") == ""
    assert validation.answer_error("repository_url", "https://gitlab.com/acme/web") == ""
    for bad in (
        "http://github.com/a/b",
        "javascript:alert(1)",
        'https://x.org/"q"',
        "https://x.org/a b",
        "github.com/a",
    ):
        assert "is not an https address" in validation.answer_error("repository_url", bad), bad
    assert publishing.project_urls("https://gitlab.com/acme/web")["Issues"] == "https://gitlab.com/acme/web/-/issues"
    assert publishing.project_urls("https://example.org/acme") == {
        "Homepage": "https://example.org/acme",
        "Source": "https://example.org/acme",
    }


def test_contributing_and_the_issue_and_pr_templates_from_production_up(
    published: Path, template_src: Path, tmp_path: Path
) -> None:
    from promise_claims import doc_claims, keeps

    contributing = (published / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "./pyve.sh --init" in contributing and "make release-check" in contributing
    claims = doc_claims(published, "CONTRIBUTING.md", tools=True)
    assert {claim.kind for claim in claims} >= {"make", "file"}
    assert [str(claim) for claim in claims if not keeps(published, claim)] == []
    assert "(CONTRIBUTING.md)" in (published / "README.md").read_text(encoding="utf-8")
    forms = published / ".github/ISSUE_TEMPLATE"
    for name in ("bug_report.md", "feature_request.md"):
        front = (forms / name).read_text(encoding="utf-8").split("---\n")[1]
        meta = yaml.safe_load(front)
        assert set(meta) == {"name", "about", "labels"} and "Acme Web" in meta["about"]
    assert yaml.safe_load((forms / "config.yml").read_text(encoding="utf-8")) == {"blank_issues_enabled": True}
    pull = (published / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "`make lint` and `make test`" in pull and "`requirements.in`" in pull
    below = render_project(
        template_src, tmp_path / "proto", {"quality_level": "prototype", "project_name": 'A: "b" #c'}
    )
    assert not (below / "CONTRIBUTING.md").exists() and not (below / ".github/ISSUE_TEMPLATE").exists()
    hostile = render_project(
        template_src, tmp_path / "hostile", ANSWERS | {"project_name": 'A: "b" #c', "project_slug": "a-b"}
    )
    meta = yaml.safe_load(
        (hostile / ".github/ISSUE_TEMPLATE/bug_report.md").read_text(encoding="utf-8").split("---\n")[1]
    )
    assert meta["about"] == 'Something in A: "b" #c does not work as documented'
