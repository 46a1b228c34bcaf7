"""Facts the infrastructure files are rendered from: container images, users and the entry module."""

from __future__ import annotations

import math
import re
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


HEALTH_PATH = "/health"
DEFAULT_SCALING = {"min": 2, "max": 2, "cpu": 0.5, "memory_mib": 512, "target_cpu": 70}


def scaling_facts(text: Any) -> dict[str, Any]:
    """Instances, CPU, memory and the scale-out rule read from the one-line ``scaling`` answer.

    ``"2 instances of 0.5 CPU / 512 MiB; scale out at 70% CPU up to 6"`` gives min 2, max 6, 0.5 CPU,
    512 MiB, 70 % target. A part the answer leaves out keeps its default; ``parsed`` says whether the
    instance count came from the answer.
    """
    line = str(text or "").lower()
    facts: dict[str, Any] = dict(DEFAULT_SCALING)
    count = re.search(r"(\d+)\s*(?:x\s*)?(?:instances?|replicas?|machines?|pods?)\b", line)
    if count:
        facts["min"] = max(1, int(count.group(1)))
    up_to = re.search(r"(?:up to|max(?:imum)?(?: of)?)\s*(\d+)", line)
    facts["max"] = max(facts["min"], int(up_to.group(1))) if up_to else facts["min"]
    cpu = re.search(r"(\d+(?:\.\d+)?)\s*v?cpus?\b", line)
    if cpu and float(cpu.group(1)) > 0:
        facts["cpu"] = float(cpu.group(1))
    memory = re.search(r"(\d+(?:\.\d+)?)\s*(mib|mb|gib|gb)\b", line)
    if memory:
        amount = float(memory.group(1)) * (1024 if memory.group(2) in ("gib", "gb") else 1)
        facts["memory_mib"] = max(128, int(amount))
    target = re.search(r"(\d+)\s*%", line)
    if target:
        facts["target_cpu"] = min(100, max(1, int(target.group(1))))
    facts["parsed"] = count is not None
    facts["millicpu"] = max(1, int(round(facts["cpu"] * 1000)))
    facts["fly_cpus"] = max(1, math.ceil(facts["cpu"]))
    return facts


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
        # An application serves HTTP (`python -m <module>.server`) and every deploy file checks its health.
        "serves": entry is not None and entry["kind"] == "application",
        "health_path": HEALTH_PATH,
        "scaling": scaling_facts(answers.get("scaling")),
    }


def rendered_files(
    answers: dict[str, Any], container: dict[str, Any], is_production: bool, is_secure: bool, lock_mode: str = ""
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
        # An application built with hatchling reads its wheel's dependencies from requirements.in.
        "hatch_requirements.py": answers.get("build_backend") == "hatchling" and lock_mode == "app",
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
