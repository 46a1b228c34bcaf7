"""A deployed application serves: the rendered HTTP service answers GET /health with 200, and every
deploy file (Containerfile HEALTHCHECK, compose, fly.toml, Kubernetes probes) checks that endpoint;
the `scaling` answer lands in fly.toml and the Kubernetes replicas, resources and autoscaler."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest
import yaml
from conftest import Render

from pyve_gen.model.infra import scaling_facts

APP = [{"name": "acme-web", "kind": "application"}]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_health(port: int, timeout: float = 20.0) -> tuple[int, bytes]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            response = connection.getresponse()
            return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_scaling_answer_is_read() -> None:
    facts = scaling_facts("3 replicas of 1 CPU / 1 GiB; scale out at 60% CPU up to 9")
    assert (facts["min"], facts["max"], facts["millicpu"], facts["memory_mib"], facts["target_cpu"]) == (
        3,
        9,
        1000,
        1024,
        60,
    )
    assert scaling_facts("")["parsed"] is False


def test_rendered_service_answers_its_health_endpoint(render: Render) -> None:
    project = render(
        {"project_name": "Acme Web", "quality_level": "production", "deploy_provider": "fly", "components": APP}
    )
    port = free_port()
    env = os.environ | {"PORT": str(port), "PYTHONPATH": str(project / "src"), "LOG_LEVEL": "INFO"}
    server = subprocess.Popen(
        [sys.executable, "-m", "acme_web.server"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        status, body = wait_for_health(port)
        assert status == 200, body
        assert b'"status": "ok"' in body and b'"version": "0.0.1"' in body
        check = subprocess.run([sys.executable, "-m", "acme_web.server", "--check"], cwd=project, env=env, timeout=30)
        assert check.returncode == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
    after = subprocess.run([sys.executable, "-m", "acme_web.server", "--check"], cwd=project, env=env, timeout=30)
    assert after.returncode == 1  # nothing listens any more: the health check fails

    containerfile = (project / "Containerfile").read_text(encoding="utf-8")
    assert 'CMD ["/opt/venv/bin/python3", "-m", "acme_web.server", "--check"]' in containerfile
    assert 'ENTRYPOINT ["/opt/venv/bin/python3", "-m", "acme_web.server"]' in containerfile
    compose = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
    assert compose["services"]["acme-web"]["healthcheck"]["test"][-2:] == ["acme_web.server", "--check"]
    fly = tomllib.loads((project / "fly.toml").read_text(encoding="utf-8"))
    assert fly["http_service"]["checks"] == [
        {"grace_period": "10s", "interval": "30s", "method": "GET", "path": "/health", "timeout": "5s"}
    ]
    assert fly["http_service"]["internal_port"] == 8000
    assert fly["http_service"]["min_machines_running"] == 2  # the default scaling answer: 2 instances
    assert fly["vm"] == [{"memory": "512mb", "cpus": 1}]


def test_kubernetes_probes_and_replicas_follow_the_answers(render: Render) -> None:
    project = render(
        {
            "project_name": "Acme Web",
            "quality_level": "production",
            "deploy_provider": "kubernetes",
            "scaling": "3 replicas of 1 CPU / 1 GiB; scale out at 60% CPU up to 9",
            "components": APP,
        }
    )
    deployment = yaml.safe_load((project / "k8s/deployment.yaml").read_text(encoding="utf-8"))
    assert deployment["spec"]["replicas"] == 3
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    for probe in ("livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["resources"]["limits"] == {"cpu": "1000m", "memory": "1024Mi"}
    hpa = yaml.safe_load((project / "k8s/hpa.yaml").read_text(encoding="utf-8"))
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (3, 9)
    assert hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 60
    assert "hpa.yaml" in yaml.safe_load((project / "k8s/kustomization.yaml").read_text())["resources"]


def test_a_cli_with_a_deploy_target_keeps_its_command_probes(render: Render) -> None:
    project = render({"quality_level": "production", "deploy_provider": "kubernetes"})  # the default cli
    deployment = (project / "k8s/deployment.yaml").read_text(encoding="utf-8")
    assert "httpGet" not in deployment and '"--version"]' in deployment
    assert not list(project.rglob("server.py"))


def _container_runtime() -> str | None:
    for runtime in ("podman", "docker"):
        if shutil.which(runtime) and subprocess.run([runtime, "info"], capture_output=True, timeout=30).returncode == 0:
            return runtime
    return None


@pytest.mark.slow
def test_the_image_builds_runs_and_is_healthy(render: Render) -> None:
    runtime = _container_runtime()
    if runtime is None:
        pytest.skip("no working container runtime here (docker/podman missing or no daemon)")
    project = render(
        {
            "project_name": "Acme Web",
            "quality_level": "production",
            "deploy_provider": "fly",
            "container_runtime": runtime,
            "components": APP,
        }
    )
    tag = f"pyve-test-{uuid.uuid4().hex[:12]}"
    file = "Dockerfile" if runtime == "docker" else "Containerfile"
    build = subprocess.run(
        [runtime, "build", "-t", tag, "-f", file, "."], cwd=project, capture_output=True, text=True, timeout=900
    )
    assert build.returncode == 0, build.stdout + build.stderr
    port = free_port()
    name = f"{tag}-run"
    run = subprocess.run(
        [runtime, "run", "-d", "--rm", "--name", name, "-p", f"127.0.0.1:{port}:8000", tag],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    try:
        status, body = wait_for_health(port, timeout=60)
        assert status == 200, body
        inside = subprocess.run(
            [runtime, "exec", name, "/opt/venv/bin/python3", "-m", "acme_web.server", "--check"], timeout=60
        )
        assert inside.returncode == 0
    finally:
        subprocess.run([runtime, "rm", "-f", name], capture_output=True, timeout=60)
        subprocess.run([runtime, "rmi", "-f", tag], capture_output=True, timeout=120)
    assert Path(project / file).is_file()
