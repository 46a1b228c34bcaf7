"""Base images by digest at secure: the rendered `make pin-images` asks each image's registry (HTTP API
v2) for the digest its tag serves now and pins every FROM line to it; Dependabot's docker ecosystem
keeps tag and digest fresh. The registries here are a stand-in on 127.0.0.1 that behaves as Docker Hub
does (an anonymous bearer token, the index digest only for an Accept that names the index types) and
as a registry that leaves Docker-Content-Digest out of a HEAD answer."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import render_project

INDEX_TYPES = ("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json")
TOKEN = "stand-in-token"


def _document(name: str, generation: int, kind: str) -> bytes:
    return json.dumps({"schemaVersion": 2, "mediaType": kind, "name": name, "generation": generation}).encode()


class Registry:
    """Images by (repository, tag); ``generation`` moves every digest (a new upstream release)."""

    def __init__(self, images: set[tuple[str, str]]) -> None:
        self.images = images
        self.generation = 1
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Accept)

    def body(self, repository: str, tag: str, index: bool) -> bytes:
        kind = INDEX_TYPES[0] if index else "application/vnd.oci.image.manifest.v1+json"
        return _document(f"{repository}:{tag}", self.generation, kind)

    def digest(self, repository: str, tag: str) -> str:
        return "sha256:" + hashlib.sha256(self.body(repository, tag, index=True)).hexdigest()


def _handler(registry: Registry) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _manifest(self, with_body: bool) -> None:
            path = urlsplit(self.path).path
            registry.requests.append((self.command, path, self.headers.get("Accept", "")))
            match = re.fullmatch(r"/(hub|gcr)/v2/(.+)/manifests/([^/]+)", path)
            if not match:
                self.send_error(404)
                return
            flavour, repository, tag = match.groups()
            if flavour == "hub" and self.headers.get("Authorization") != f"Bearer {TOKEN}":
                realm = f"http://127.0.0.1:{self.server.server_address[1]}/token"
                self.send_response(401)
                scope = f"repository:{repository}:pull"
                self.send_header("WWW-Authenticate", f'Bearer realm="{realm}",service="stand-in",scope="{scope}"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if (repository, tag) not in registry.images:
                self.send_error(404)
                return
            index = any(kind in self.headers.get("Accept", "") for kind in INDEX_TYPES)
            body = registry.body(repository, tag, index)
            self.send_response(200)
            self.send_header("Content-Type", json.loads(body)["mediaType"])
            self.send_header("Content-Length", str(len(body)))
            if flavour == "hub":  # gcr-like: no digest header, the client hashes the body
                self.send_header("Docker-Content-Digest", "sha256:" + hashlib.sha256(body).hexdigest())
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self._manifest(with_body=False)

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            if split.path == "/token":
                query = parse_qs(split.query)
                assert query["service"] == ["stand-in"] and query["scope"][0].startswith("repository:")
                data = json.dumps({"token": TOKEN}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self._manifest(with_body=True)

    return Handler


@pytest.fixture
def registry() -> Iterator[tuple[Registry, str]]:
    stand_in = Registry(
        {
            ("library/python", "3.11-slim-bookworm"),
            ("library/debian", "12-slim"),
            ("distroless/python3-debian12", "nonroot"),
        }
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield stand_in, f"docker.io={base}/hub,gcr.io={base}/gcr"
    finally:
        server.shutdown()
        server.server_close()


SECURE = {
    "project_name": "Acme Web",
    "quality_level": "secure",
    "security_contact": "security@example.com",
    "deploy_provider": "fly",
    "components": [{"name": "acme-web", "kind": "application"}],
}


def _pin(project: Path, mirrors: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    command = [
        "make",
        "--no-print-directory",
        "pin-images",
        f"PYTHON={sys.executable}",
        f"PIN_IMAGES_REGISTRY={mirrors}",
    ]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120, env=_env(mirrors))


def _env(mirrors: str) -> dict[str, str]:
    return os.environ | {"PIN_IMAGES_REGISTRY": mirrors}


def _froms(project: Path) -> list[str]:
    return re.findall(r"^FROM (.+)$", (project / "Containerfile").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("base_image", ["debian", "distroless"])
def test_make_pin_images_pins_every_base_image_by_its_registry_digest(
    template_src: Path, tmp_path: Path, registry: tuple[Registry, str], base_image: str
) -> None:
    stand_in, mirrors = registry
    project = render_project(template_src, tmp_path / "p", SECURE | {"base_image": base_image})
    dependabot = yaml.safe_load((project / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {"package-ecosystem": "docker", "directory": "/"}.items() <= dependabot["updates"][-1].items()
    before = _froms(project)
    result = _pin(project, mirrors)
    assert result.returncode == 0, result.stdout + result.stderr
    after = _froms(project)
    expected = {
        "debian": [
            ("python:3.11-slim-bookworm", "library/python", "3.11-slim-bookworm", " AS builder"),
            ("python:3.11-slim-bookworm", "library/python", "3.11-slim-bookworm", ""),
        ],
        "distroless": [
            ("debian:12-slim", "library/debian", "12-slim", " AS builder"),
            ("gcr.io/distroless/python3-debian12:nonroot", "distroless/python3-debian12", "nonroot", ""),
        ],
    }[base_image]
    assert before == [image + tail for image, _, _, tail in expected]
    assert after == [f"{image}@{stand_in.digest(repo, tag)}{tail}" for image, repo, tag, tail in expected]
    # Every manifest request named the index types, so a multi-arch pin is the index's digest.
    assert all(INDEX_TYPES[0] in accept for method, _, accept in stand_in.requests if method in ("HEAD", "GET"))
    if base_image == "distroless":  # gcr-like answers without the header: the body's digest
        assert ("GET", "/gcr/v2/distroless/python3-debian12/manifests/nonroot") in {
            request[:2] for request in stand_in.requests
        }

    pinned = (project / "Containerfile").read_bytes()
    assert _pin(project, mirrors).returncode == 0 and (project / "Containerfile").read_bytes() == pinned
    stand_in.generation = 2  # a new upstream release of every tag: the pins move
    assert _pin(project, mirrors).returncode == 0
    assert _froms(project) == [f"{image}@{stand_in.digest(repo, tag)}{tail}" for image, repo, tag, tail in expected]
    assert _froms(project) != after


def test_an_unknown_image_fails_clearly_and_changes_nothing(
    template_src: Path, tmp_path: Path, registry: tuple[Registry, str]
) -> None:
    stand_in, mirrors = registry
    project = render_project(template_src, tmp_path / "p", SECURE)
    stand_in.images.discard(("library/python", "3.11-slim-bookworm"))
    before = (project / "Containerfile").read_bytes()
    result = _pin(project, mirrors)
    assert result.returncode != 0
    assert "pin-images: error: python:3.11-slim-bookworm:" in result.stderr and "404" in result.stderr
    assert (project / "Containerfile").read_bytes() == before


def test_pin_images_is_rendered_at_secure_only(template_src: Path, tmp_path: Path) -> None:
    production = render_project(template_src, tmp_path / "prod", SECURE | {"quality_level": "production"})
    assert not (production / ".pyve/pin_images.py").exists()
    assert "pin-images:" not in (production / "Makefile").read_text(encoding="utf-8")
    secure_library: dict[str, Any] = SECURE | {"components": [{"name": "core", "kind": "library"}]}
    library = render_project(template_src, tmp_path / "lib", secure_library)
    assert not (library / ".pyve/pin_images.py").exists()  # nothing to run, no container file
