"""Facts the infrastructure files are rendered from: container images, users and the entry module."""

from __future__ import annotations

from typing import Any

APP_UID = 10001
DISTROLESS_NONROOT_UID = 65532  # the `nonroot` user of the distroless images
VENV = "/opt/venv"
PORT = 8000
TERRAFORM_PROVIDERS = ("aws", "gcp", "azure")
# The infrastructure-as-code skeleton Pyve renders under infra/, per tool: the clouds it supports.
IAC_PROVIDERS: dict[str, tuple[str, ...]] = {
    "terraform": TERRAFORM_PROVIDERS,
    "pulumi": TERRAFORM_PROVIDERS,
    "cloudformation": ("aws",),
}
IAC_NAMES = {"terraform": "Terraform", "pulumi": "Pulumi", "cloudformation": "CloudFormation"}


def iac_error(iac_tool: str, provider: str) -> str:
    """Why ``iac_tool`` cannot go with ``provider`` (Pyve would promise an infra/ it cannot render); "" if it can."""
    clouds = IAC_PROVIDERS.get(iac_tool)
    if clouds is None or provider in clouds or provider in ("none", "undecided", ""):
        return ""
    where = " or ".join(", ".join(clouds).rsplit(", ", 1)) if len(clouds) > 1 else clouds[0]
    return (
        f"iac_tool {iac_tool} is not available with deploy_provider {provider}: Pyve renders a "
        f"{IAC_NAMES[iac_tool]} skeleton for {where} only; choose another iac_tool (or none)"
    )


def _minor(version: str) -> int:
    parts = version.split(".")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def images(base_image: str, python_min: str) -> dict[str, str]:
    """Builder and runtime images and the non-root uid for a base image answer.

    Distro images carry their own Python (Debian 12: 3.11, Debian 13: 3.13, Ubuntu 24.04: 3.12,
    Ubuntu 26.04: 3.14); the release chosen is the oldest whose Python satisfies ``python_min``.
    """
    if base_image == "alpine":
        image = f"python:{python_min}-alpine"
        return {"builder": image, "runtime": image, "family": "alpine", "uid": str(APP_UID)}
    if base_image == "ubuntu":
        image = "ubuntu:24.04" if _minor(python_min) <= 12 else "ubuntu:26.04"
        return {"builder": image, "runtime": image, "family": "ubuntu", "uid": str(APP_UID)}
    if base_image == "distroless":
        debian = "12" if _minor(python_min) <= 11 else "13"
        return {
            "builder": f"debian:{debian}-slim",
            "runtime": f"gcr.io/distroless/python3-debian{debian}:nonroot",
            "family": "distroless",
            "uid": str(DISTROLESS_NONROOT_UID),
        }
    image = f"python:{python_min}-slim-bookworm"
    return {"builder": image, "runtime": image, "family": "debian", "uid": str(APP_UID)}


def container_facts(
    answers: dict[str, Any], python_components: list[dict[str, Any]], python_min: str
) -> dict[str, Any]:
    """What the container, compose, fly, Kubernetes, Terraform and Procfile templates need."""
    provider = str(answers.get("deploy_provider") or "none")
    deploys = provider not in ("none", "undecided")
    runnable = [comp for comp in python_components if comp["kind"] in ("application", "cli")]
    entry = runnable[0] if runnable else None
    runtime = str(answers.get("container_runtime") or "podman")
    iac = str(answers.get("iac_tool") or ("terraform" if provider in TERRAFORM_PROVIDERS else "none"))
    return {
        # Container files are rendered only when there is something to run: a Python app or CLI.
        "enabled": deploys and entry is not None,
        "provider": provider,
        "file": "Dockerfile" if runtime == "docker" else "Containerfile",
        "runtime": runtime,
        "images": images(str(answers.get("base_image") or "debian"), python_min),
        "venv": VENV,
        "port": PORT,
        "module": entry["module"] if entry else "",
        "source": entry["root"] if entry else "",
        "component": entry["name"] if entry else "",
        "kind": entry["kind"] if entry else "",
        "terraform": provider in TERRAFORM_PROVIDERS,
        "iac": iac if provider in IAC_PROVIDERS.get(iac, ()) else "",
    }


def rendered_files(
    answers: dict[str, Any], container: dict[str, Any], is_production: bool, is_secure: bool
) -> dict[str, bool]:
    """Which deploy, infrastructure and security files at the project root render: the one answer to
    "what does this answer render?" (template file names read ``pyve.files['NAME']``)."""
    enabled, provider = bool(container["enabled"]), container["provider"]
    scanner = str(answers.get("secret_scanner") or "")
    return {
        "compose.yaml": enabled,
        container["file"]: enabled,
        ".dockerignore" if container["file"] == "Dockerfile" else ".containerignore": enabled,
        "fly.toml": enabled and provider == "fly",
        "Procfile": enabled and provider == "heroku",
        "k8s": enabled and provider == "kubernetes",
        "infra": bool(container["iac"]),
        "SECURITY.md": is_secure,
        "requirements-security.in": is_secure,
        "requirements-security.txt": is_secure,
        ".gitleaks.toml": is_secure and scanner == "gitleaks",
        ".secrets.baseline": is_secure and scanner == "detect-secrets",
    }


def platform_files(container: dict[str, Any]) -> list[str]:
    """The platform files a render writes for these container facts, as the spec names them."""
    files: list[str] = []
    if container["enabled"]:
        files += [container["file"], "compose.yaml"]
        files += {"fly": ["fly.toml"], "heroku": ["Procfile"], "kubernetes": ["k8s/"]}.get(container["provider"], [])
    if container["iac"]:
        files.append("infra/")
    return files
