"""One validation for answers everywhere, and every accepted answer gives a project that lints (issue #25).

PV100 (`pyve-gen check`) passed answers Copier rejects: `slo_latency` had its own validator in
copier.yml, outside the one table, and `iac_tool` too. Component paths differing only in case were
accepted though macOS (a target) ignores case. A `project_name` ending in a backslash made the
project's own `make lint` fail (shellcheck SC1003 on pyve.sh).
"""

from __future__ import annotations

import os
import re
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import render_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyve_gen import questionnaire
from pyve_gen.check import run_checks
from pyve_gen.check_rules import Options
from pyve_gen.model import validation

VALIDATOR_RE = re.compile(r"\{\{ (\w+) \| pyve_answer_error\('(\w+)'\) \}\}")


def test_every_copier_validator_is_the_one_table() -> None:
    questions = questionnaire.questions()
    table = set(validation.ANSWER_CHECKS) | set(validation.CONTEXT_CHECKS)
    with_validator = {key for key, question in questions.items() if "validator" in question}
    for key in sorted(with_validator):
        match = VALIDATOR_RE.fullmatch(str(questions[key]["validator"]).strip())
        assert match and match.group(1) == match.group(2) == key, (key, questions[key]["validator"])
        assert key in table, key
    assert table <= with_validator, sorted(table - with_validator)


def pv100(tmp_path: Path, answers: dict[str, Any]) -> tuple[str, str]:
    recorded = {"_commit": "0.1.0", "_src_path": "gh:org/pyve", "quality_level": "production", **answers}
    (tmp_path / ".copier-answers.yml").write_text(yaml.safe_dump(recorded, allow_unicode=True), encoding="utf-8")
    outcomes = run_checks(tmp_path, Options(offline=True))
    assert not [o for o in outcomes if "crashed" in o.message]
    first = next(o for o in outcomes if o.id == "PV100")
    return first.status, first.message


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"slo_latency": "fast\x07"}, "slo_latency must be a single line of printable text"),
        ({"slo_availability": ""}, "slo_availability"),
        ({"python_versions": 3}, "python_versions must be a YAML list"),
        ({"components": {"name": "x"}}, "components must be a non-empty YAML list"),
        ({"deploy_provider": "on-prem", "iac_tool": "pulumi"}, "iac_tool pulumi is not available"),
        (
            {
                "components": [
                    {"name": "a", "kind": "script", "language": "shell", "paths": ["tools/a"]},
                    {"name": "b", "kind": "script", "language": "shell", "paths": ["Tools/A"]},
                ]
            },
            "macOS ignores case",
        ),
        ({"components": [{"name": "a", "kind": "script", "language": "shell", "paths": ["Readme.md"]}]}, "README.md"),
        ({"summary": "x" * 100_000}, "summary"),
    ],
)
def test_pv100_reports_what_copier_rejects(tmp_path: Path, answers: dict[str, Any], fragment: str) -> None:
    status, message = pv100(tmp_path, answers)
    assert status == "fail" and fragment in message, message
    assert len(message) < 600


# -- PV100 and Copier agree on drawn answer sets ---------------------------------------------------
BASE = {"quality_level": "secure", "deploy_provider": "fly", "phase1_mode": "answer", "phase2_mode": "answer"}
HOSTILE_TEXT = st.one_of(
    st.sampled_from(["", "ok", "a\x07b", "two\nlines", "tab\there", "\u2028", "${HOME}", "x" * 400, "\\", "'\""]),
    st.text(max_size=12),
)
DRAWN = st.fixed_dictionaries(
    {},
    optional={
        "summary": HOSTILE_TEXT,
        "owners": HOSTILE_TEXT,
        "slo_latency": HOSTILE_TEXT,
        "slo_availability": HOSTILE_TEXT,
        "regions": HOSTILE_TEXT,
        "security_contact": st.sampled_from(["sec@example.com", "nobody", "", "a@b"]),
        "coverage_floor": st.sampled_from([80, 0, 100, 101, -1]),
        "python_versions": st.sampled_from([["3.11"], [], ["3.11", "3.12"]]),
        "iac_tool": st.sampled_from(["none", "terraform", "pulumi", "cloudformation"]),
        "components": st.sampled_from(
            [
                [{"name": "app", "kind": "cli"}],
                [{"name": "App", "kind": "cli"}],
                [
                    {"name": "a", "kind": "script", "language": "shell", "paths": ["tools/a"]},
                    {"name": "b", "kind": "script", "language": "shell", "paths": ["Tools/a"]},
                ],
                "api:application, core:library",
            ]
        ),
    },
)


def copier_accepts(template_src: Path, tmp_path: Path, data: dict[str, Any]) -> bool:
    from copier import run_copy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            run_copy(
                str(template_src),
                str(tmp_path / "pretend"),
                data=data,
                defaults=True,
                unsafe=True,
                quiet=True,
                pretend=True,
                vcs_ref="HEAD",
                exclude=["*"],
            )
        except Exception:
            return False
    return True


@settings(
    max_examples=int(os.environ.get("PYVE_FUZZ_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(drawn=DRAWN)
def test_pv100_and_copier_agree(
    template_src: Path, tmp_path_factory: pytest.TempPathFactory, drawn: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("agree")
    data = {**BASE, **drawn}
    status, message = pv100(folder, data)
    assert (status == "pass") == copier_accepts(template_src, folder, data), (data, message)


# -- an accepted project_name gives a project whose own lint passes ---------------------------------
def test_a_project_name_ending_in_a_backslash_lints_and_reads_back(template_src: Path, tmp_path: Path) -> None:
    name = "Acme Tools \\"
    project = render_project(
        template_src,
        tmp_path / "p",
        {
            "project_name": name,
            "project_slug": "acme-tools",
            "components": [{"name": "ops", "kind": "script", "language": "shell"}],
        },
    )
    lint = subprocess.run(["make", "lint-pyve", "lint-shell"], cwd=project, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout[-2000:] + lint.stderr[-2000:]
    line = next(line for line in (project / "pyve.sh").read_text().splitlines() if line.startswith("PYVE_PROJECT="))
    value = subprocess.run(["bash", "-c", f'{line}\nprintf %s "$PYVE_PROJECT"'], capture_output=True, text=True)
    assert value.stdout == name


# -- .env.example: a value reads the same in shells and in python-dotenv (with its interpolation) -------
ENV_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("ab $`'\"\\{}:-#=xé"), max_size=12),
    st.sampled_from(["${HOME}/x", "a${X:-y}", "}${}", "${", "$HOME", "é ${HOME}"]),
)


@settings(max_examples=200, deadline=None)
@given(value=ENV_TEXT)
def test_an_accepted_env_default_reads_the_same_in_bash_and_python_dotenv(value: str) -> None:
    """python-dotenv expands ${VAR} even inside single quotes (as apps load .env: interpolate=True);
    shells and docker compose read single quotes literally. Such a default is refused, not written."""
    import io

    from dotenv import dotenv_values

    from pyve_gen.model.quoting import env_value

    if validation.config_vars_error([{"name": "A", "default": value}]):
        return
    line = f"A={env_value(value)}\n"
    script = 'set -a; . /dev/stdin; set +a; printf %s "$A"'
    shell = subprocess.run(["bash", "-c", script], input=line, capture_output=True, text=True, env={"HOME": "/h"})
    assert shell.stdout == value, line
    assert dotenv_values(stream=io.StringIO(line)).get("A") == value, line


@pytest.mark.parametrize(
    "answers",
    [
        {"python_versions": "x" * 100_000},
        {"components": [{"name": "x" * 100_000}]},
        {"coverage_floor": "9" * 100_000 + "x"},
        {"python_versions": [[1] * 20_000]},
    ],
)
def test_a_huge_answer_gives_a_short_message(tmp_path: Path, answers: dict[str, Any]) -> None:
    status, message = pv100(tmp_path, answers)
    assert status == "fail" and len(message) <= 400, len(message)
    key = next(iter(answers))
    assert key in message
