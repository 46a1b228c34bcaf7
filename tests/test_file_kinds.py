"""Every rendered file parses with the standard reader of its kind, for hostile-but-legal answers too.

This test walks whatever the template renders, so a new file kind is covered the day it is added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import render_project
from filekinds import files, is_shell, tree_problems

HOSTILE_TEXT = (
    "Ünïcødé \"dq\" 'sq' $(touch /tmp/pyve-pwned) `id` ${HOME} #hash :colon | pipe *star* [a](b) <i> \\ {{ x }} {% y %}"
)

ANSWER_SETS: dict[str, dict[str, Any]] = {
    "hostile-secure-k8s": {
        "quality_level": "secure",
        "project_name": HOSTILE_TEXT[:80],
        "project_slug": "hostile-project",
        "summary": HOSTILE_TEXT,
        "owners": HOSTILE_TEXT,
        "copyright_holder": HOSTILE_TEXT,
        "deploy_provider": "kubernetes",
        "regions": HOSTILE_TEXT,
        "scaling": HOSTILE_TEXT,
        "cost_tracking": HOSTILE_TEXT,
        "rto": HOSTILE_TEXT,
        "rpo": HOSTILE_TEXT,
        "deploy_access": HOSTILE_TEXT,
        "open_questions": [HOSTILE_TEXT, "- not a bullet", "# not a heading"],
        "config_vars": [
            {"name": "API_TOKEN", "description": HOSTILE_TEXT, "secret": True},
            # One default with the shell specials, one with the quotes: no .env quoting keeps both in one value
            # for shells and dotenv readers alike, so validation rejects that (tests/test_answer_faults.py);
            # nor ${...}, which python-dotenv expands even in single quotes (tests/test_hostile_answers.py).
            {
                "name": "GREETING",
                "description": "shell specials",
                "secret": False,
                "default": HOSTILE_TEXT.replace("'", "").replace("\\", "").replace("${HOME}", "$HOME"),
            },
            {
                "name": "QUOTED",
                "description": "quotes",
                "secret": False,
                "default": 'O\'Brien "dq" \\ #hash :colon | {{ x }}',
            },
        ],
        "components": [
            {"name": "core", "kind": "library"},
            {"name": "app", "kind": "application", "entrypoints": ["hostile-app"]},
            {"name": "tools", "kind": "script", "language": "shell"},
            {"name": "engine", "kind": "library", "language": "cpp"},
            {"name": "gem", "kind": "cli", "language": "ruby"},
            {"name": "schema", "kind": "script", "language": "sql", "entrypoints": []},
        ],
        "sql_engine_versions": HOSTILE_TEXT,
    },
    "production-fly-docker": {
        "quality_level": "production",
        "deploy_provider": "fly",
        "container_runtime": "docker",
        "base_image": "alpine",
        "license": "Apache-2.0",
    },
    "experiment-minimal": {"quality_level": "experiment", "license": "Proprietary"},
    "prototype-aws-lib": {
        "quality_level": "prototype",
        "deploy_provider": "aws",
        "components": [{"name": "lib", "kind": "library"}],
        "build_backend": "hatchling",
    },
}


@pytest.fixture(scope="module", params=sorted(ANSWER_SETS))
def rendered(request: pytest.FixtureRequest, template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("kinds") / request.param
    return render_project(template_src, dest, ANSWER_SETS[request.param])


def test_every_file_kind_parses(rendered: Path) -> None:
    problems = tree_problems(rendered)
    assert not problems, "\n".join(problems)


def test_env_example_sources_to_the_answered_values(rendered: Path, tmp_path: Path) -> None:
    env_file = rendered / ".env.example"
    assert env_file.is_file()
    marker = tmp_path / "pwned"
    script = f'set -eu; set -a; . "{env_file}"; set +a; env -0'
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    values = dict(item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    answers = yaml.safe_load((rendered / ".copier-answers.yml").read_text())
    for var in answers.get("config_vars") or []:
        expected = "" if var.get("secret") else str(var.get("default", ""))
        assert values.get(var["name"]) == expected, var["name"]
    assert not marker.exists() and not Path("/tmp/pyve-pwned").exists()


def test_shell_files_pass_shellcheck(rendered: Path) -> None:
    if not shutil.which("shellcheck"):
        pytest.skip("shellcheck is not installed (scripts/setup.sh installs it)")
    scripts = [p for p in files(rendered) if is_shell(p) and p.suffix != ".bats"]
    if not scripts:
        pytest.skip("no shell files in this render")
    result = subprocess.run(["shellcheck", "-x", *map(str, scripts)], capture_output=True, text=True, cwd=rendered)
    assert result.returncode == 0, result.stdout


def test_answers_file_round_trips(rendered: Path) -> None:
    name = next(key for key in ANSWER_SETS if rendered.name == key)
    answers = yaml.safe_load((rendered / ".copier-answers.yml").read_text())
    for key, value in ANSWER_SETS[name].items():
        assert answers[key] == value, key
