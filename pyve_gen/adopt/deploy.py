"""Readers of an existing repository's deployment files (container file, compose, fly.toml, Kubernetes,
Terraform/Pulumi/CloudFormation, Procfile) and runtime configuration (.env.example), each with its evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pyve_gen.adopt.evidence import Clue
from pyve_gen.project import Project

CONTAINER_FILES = ("Containerfile", "Dockerfile")
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
TERRAFORM_PROVIDERS = {"aws": "aws", "google": "gcp", "azurerm": "azure"}


@dataclass
class Deployment:
    files: list[str] = field(default_factory=list)  # every deployment file found
    provider: Clue | None = None
    iac: Clue | None = None
    runtime: Clue | None = None
    base_image: Clue | None = None


def base_image_of(line: str) -> str:
    image = line.split()[1].lower() if len(line.split()) > 1 else ""
    if "distroless" in image:
        return "distroless"
    for name in ("alpine", "ubuntu"):
        if name in image:
            return name
    # debian, its slim variants and the official language images built on it (python:3.12-slim, …)
    return "debian"


def read(repo: Project) -> Deployment:
    found = Deployment()
    for name in CONTAINER_FILES:
        if repo.exists(name):
            found.files.append(name)
            found.runtime = found.runtime or Clue("podman" if name == "Containerfile" else "docker", name)
            froms = [
                line.strip()
                for line in (repo.read(name) or "").splitlines()
                if line.strip().upper().startswith("FROM ")
            ]
            if froms:
                found.base_image = Clue(base_image_of(froms[-1]), f"{name}: '{froms[-1]}'")
    found.files += [name for name in COMPOSE_FILES if repo.exists(name)]
    if repo.exists("fly.toml"):
        found.files.append("fly.toml")
        found.provider = Clue("fly", "fly.toml")
    manifests = [
        f
        for f in repo.files
        if f.endswith((".yaml", ".yml"))
        and not f.startswith(".github/")
        and (
            PurePosixPath(f).name.startswith("kustomization")
            or re.search(r"^kind:\s*Deployment\b", repo.read(f) or "", re.M)
        )
    ]
    if manifests:
        found.files += manifests
        found.provider = found.provider or Clue("kubernetes", ", ".join(manifests[:3]))
    for name in repo.files:
        if name.endswith(".tf"):
            found.files.append(name)
            match = re.search(
                r"provider\s+\"(aws|google|azurerm)\"|source\s*=\s*\"hashicorp/(aws|google|azurerm)\"",
                repo.read(name) or "",
            )
            if match:
                cloud = TERRAFORM_PROVIDERS[match.group(1) or match.group(2)]
                found.provider = found.provider or Clue(cloud, f"{name}: {match.group(0)}")
            found.iac = found.iac or Clue("terraform", name)
        elif PurePosixPath(name).name == "Pulumi.yaml":
            found.files.append(name)
            found.iac = found.iac or Clue("pulumi", name)
        elif name.endswith((".yaml", ".yml", ".json")) and "AWSTemplateFormatVersion" in (repo.read(name) or "")[:2000]:
            found.files.append(name)
            found.iac = found.iac or Clue("cloudformation", name)
            found.provider = found.provider or Clue("aws", f"{name}: AWSTemplateFormatVersion")
    for name in ("Procfile", "app.json"):
        if repo.exists(name):
            found.files.append(name)
            found.provider = found.provider or Clue("heroku", name)
    if found.provider is None and found.runtime is not None:
        found.provider = Clue(
            "undecided", f"{found.runtime.source} but no platform file (fly.toml, k8s, infra/, Procfile)"
        )
    return found


SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "DSN", "DATABASE_URL")


def config_vars(repo: Project) -> Clue | None:
    for name in (".env.example", ".env.sample", ".env.template", "env.example"):
        text = repo.read(name)
        if text is None:
            continue
        found: list[dict[str, Any]] = []
        comment = ""
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("#"):
                comment = line.lstrip("# ").strip()
                continue
            match = re.match(r"^(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=", line)
            if match and match.group(1) not in {item["name"] for item in found}:
                var = match.group(1)
                found.append(
                    {
                        "name": var,
                        "description": comment or f"from {name}",
                        "secret": any(w in var for w in SECRET_WORDS),
                    }
                )
            comment = ""
        if found:
            return Clue(found, f"{name}: {', '.join(str(item['name']) for item in found)}")
    return None
