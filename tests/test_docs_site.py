"""The documentation site from production up (issue 26): rendered, then built for real.

The production render is committed and ci.yml's `docs` job is replayed in a fresh clone as a hosted
runner runs it (tests/ci_replay.py): `./pyve.sh --init` installs requirements-docs.txt with the rest of
the locks, then `make docs` runs `mkdocs build --strict`. The built API page must carry a real
function's docstring from the rendered package, and a broken link or a missing API object must fail
the same target. A project without Python gets the site without the API page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from catalogue import Catalogue
from ci_replay import load, replay_job
from conftest import render_project
from journey_support import Case, Journal

from pyve_gen.model.files import output_path, switchboard
from pyve_gen.model.publishing import pages_url
from pyve_gen.questionnaire import derive

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
# A docstring of the rendered settings module (src/<package>/settings.py): real code, not a fixture.
LOAD_SETTINGS_DOC = "Settings from"


def _make_docs(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    return subprocess.run(
        ["make", "docs", *extra], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def replayed(catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Journal, dict]:
    """ci.yml's docs job, replayed on a fresh clone of the committed production render."""
    work = tmp_path_factory.mktemp("docs-site")
    source = catalogue.copy("production", work / "source")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*GIT, *args], cwd=source, check=True)
    workflow = load(source / ".github/workflows/ci.yml")
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    journal = Journal(Case("docs", minor, True), work)
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    run = replay_job(
        journal, "ci.yml", "docs", workflow["jobs"]["docs"], source, work, env, Path(sys.base_prefix) / "bin", minor
    )
    assert run is not None, "no Linux runner with this Python for ci.yml's docs job"
    (workspace,) = work.glob("docs-*/workspace")
    return workspace, journal, workflow


def test_the_docs_job_runs_make_docs_and_the_site_has_the_api_reference(
    replayed: tuple[Path, Journal, dict],
) -> None:
    workspace, journal, workflow = replayed
    job = workflow["jobs"]["docs"]
    # The job runs what a developer runs: the bootstrap, then the make target (no second copy of mkdocs's flags).
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ['./pyve.sh --init --python-version "$PYTHON_VERSION"', "make docs"]
    assert "$(PYTHON) -m mkdocs build --strict" in (workspace / "Makefile").read_text(encoding="utf-8")
    (seconds,) = [step["seconds"] for step in journal.steps if step["step"] == "ci.yml/docs: make docs"]
    print(f"make docs (strict build of the production render): {seconds} s")
    site = workspace / "site"
    assert (site / "index.html").is_file() and (site / "guides/building_guide/index.html").is_file()
    api = (site / "reference/api/index.html").read_text(encoding="utf-8")
    settings = (workspace / "src/my_project/settings.py").read_text(encoding="utf-8")
    assert f'"""{LOAD_SETTINGS_DOC}' in settings  # the docstring is the rendered code's own
    assert "load_settings" in api and LOAD_SETTINGS_DOC in api
    assert "configure_logging" in api  # the submodules are documented too (logs.py)
    # What the job uploads for Pages is what mkdocs built.
    (upload,) = [step for step in job["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    mkdocs = yaml.safe_load((workspace / "mkdocs.yml").read_text(encoding="utf-8"))
    assert upload["with"]["path"].rstrip("/") == mkdocs["site_dir"] == "site"
    assert subprocess.run(["git", "check-ignore", "-q", "site/index.html"], cwd=workspace).returncode == 0
    # The spell check (make lint, prototype up) reads what people wrote, not the built site's minified assets.
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    spelling = subprocess.run(["make", "lint-spelling"], cwd=workspace, env=env, capture_output=True, text=True)
    assert spelling.returncode == 0, spelling.stdout[-2000:] + spelling.stderr[-2000:]


def test_a_broken_link_or_a_missing_api_object_fails_make_docs(replayed: tuple[Path, Journal, dict]) -> None:
    workspace = replayed[0]
    index = workspace / "docs/index.md"
    api = workspace / "docs/reference/api.md"
    pristine = {path: path.read_text(encoding="utf-8") for path in (index, api)}
    try:
        index.write_text(pristine[index] + "\nSee [the runbook](operations/no_such_page.md).\n", encoding="utf-8")
        broken = _make_docs(workspace)
        assert broken.returncode != 0 and "no_such_page.md" in broken.stdout + broken.stderr, broken.stderr[-2000:]
        index.write_text(pristine[index] + "\nSee [the gates](#no-such-heading).\n", encoding="utf-8")
        anchor = _make_docs(workspace)
        assert anchor.returncode != 0 and "no-such-heading" in anchor.stdout + anchor.stderr, anchor.stderr[-2000:]
        index.write_text(pristine[index], encoding="utf-8")
        api.write_text(pristine[api] + "\n::: my_project.no_such_function\n", encoding="utf-8")
        missing = _make_docs(workspace)
        assert missing.returncode != 0 and "no_such_function" in missing.stdout + missing.stderr
    finally:
        for path, text in pristine.items():
            path.write_text(text, encoding="utf-8")
    assert _make_docs(workspace).returncode == 0


def test_a_project_without_python_builds_its_site_without_an_api_page(
    replayed: tuple[Path, Journal, dict], template_src: Path, tmp_path: Path
) -> None:
    answers = {"quality_level": "production", "components": [{"name": "ops", "kind": "script", "language": "shell"}]}
    project = render_project(template_src, tmp_path / "shell", answers)
    mkdocs = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert [plugin for plugin in mkdocs["plugins"] if plugin != "search"] == []
    assert not (project / "docs/reference").exists()
    assert "reference/api.md" not in (project / "docs/index.md").read_text(encoding="utf-8")
    # The tools of the replayed job's venv: the same requirements-docs.txt this render ships.
    assert (project / "requirements-docs.txt").read_bytes() == (replayed[0] / "requirements-docs.txt").read_bytes()
    built = _make_docs(project, f"PYTHON={replayed[0] / '.venv/bin/python'}")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "site/index.html").is_file() and not (project / "site/reference").exists()


def test_the_pages_job_deploys_only_what_the_docs_job_built_from_main(
    replayed: tuple[Path, Journal, dict],
) -> None:
    pages = replayed[2]["jobs"]["pages"]
    assert pages["needs"] == ["docs"]
    # Opt-in: a repository without a Pages site must not get a failing job on every push to main.
    assert pages["if"] == (
        "github.event_name == 'push' && github.ref == 'refs/heads/main' && vars.PAGES_DEPLOY == 'true'"
    )
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in pages["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("level", ["experiment", "prototype"])
def test_below_production_there_is_no_site_and_no_docs_tools(level: str) -> None:
    facts = derive({"quality_level": level})
    for name in ("mkdocs.yml", "index.md", "reference", "requirements-docs.in", "requirements-docs.txt"):
        assert facts["files"][name] is False, name
    assert "docs" not in facts["ci_jobs"]
    answers = {"quality_level": "production", "components": [{"name": "app", "kind": "cli"}]}
    production = derive(answers)
    assert switchboard(answers, production) == production["files"]
    assert production["files"]["mkdocs.yml"] and production["files"]["reference"] and "docs" in production["ci_jobs"]
    assert output_path("reference") == "docs/reference" and output_path("index.md") == "docs/index.md"


@pytest.mark.parametrize("neighbour", ["requirements-audit.txt", "requirements-security.txt"])
def test_the_shipped_docs_lock_agrees_with_the_tool_lock_installed_beside_it(neighbour: str) -> None:
    """One docs lock ships for production (beside the audit lock) and secure (beside the security lock):
    ./pyve.sh --init installs them into one .venv, so each package they share has one version."""
    template = Path(__file__).resolve().parents[1] / "template"

    def pins(name: str) -> dict[str, set[str]]:
        (path,) = [path for path in template.iterdir() if path.name.endswith(f"{name}{{% endif %}}")]
        found: dict[str, set[str]] = {}
        for package, version in re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)", path.read_text(), re.M):
            found.setdefault(package, set()).add(version)
        return found

    docs, other = pins("requirements-docs.txt"), pins(neighbour)
    shared = sorted(set(docs) & set(other))
    assert {"idna", "requests", "urllib3"} <= set(shared)
    assert {name: docs[name] for name in shared} == {name: other[name] for name in shared}


def test_pages_url_is_where_github_pages_serves_the_repository() -> None:
    assert pages_url("https://github.com/Acme/acme-web") == "https://acme.github.io/acme-web/"
    assert pages_url("https://github.com/acme/acme.github.io") == "https://acme.github.io/"
    assert pages_url("https://github.com/acme/web.git") == "https://acme.github.io/web/"
    assert pages_url("https://gitlab.com/acme/web") == ""
    assert pages_url("") == ""
