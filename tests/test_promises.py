"""What the rendered spec promises, the rendered project does.

Each case is rendered once; ``promise_claims`` reads its spec and the docs the spec names for every
file, make target, CI job and tool they mention, and the gate table for each gate's evidence. The cases
cover each quality level and each deploy provider (the providers read from copier.yml), plus the answers
that change what the spec names. ``PYVE_PROMISE_MATRIX=full`` renders every level x every provider.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from catalogue import Catalogue
from conftest import render_project
from promise_claims import SPEC, broken, claims, gate_problems, keeps

from pyve_gen import questionnaire
from pyve_gen.model import gates

LEVELS = ("experiment", "prototype", "production", "secure")
PROVIDERS = questionnaire.choice_values(questionnaire.questions()["deploy_provider"])
MIXED = [{"name": "core", "kind": "library"}, {"name": "acme", "kind": "cli"}]


def _cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    if os.environ.get("PYVE_PROMISE_MATRIX") == "full":
        for level in LEVELS:
            for provider in PROVIDERS:
                cases[f"{level}-{provider}"] = {"quality_level": level, "deploy_provider": provider}
        return cases
    for level in LEVELS:
        cases[f"{level}-none"] = {"quality_level": level}  # deploy_provider defaults to none
    for provider in PROVIDERS:
        if provider != "none":
            cases[f"production-{provider}"] = {"quality_level": "production", "deploy_provider": provider}
    cases.update(
        {
            "secure-aws": {"quality_level": "secure", "deploy_provider": "aws"},
            "secure-aws-cloudformation": {
                "quality_level": "secure",
                "deploy_provider": "aws",
                "iac_tool": "cloudformation",
            },
            "production-gcp-pulumi": {"quality_level": "production", "deploy_provider": "gcp", "iac_tool": "pulumi"},
            "production-azure-pulumi-docker": {
                "quality_level": "production",
                "deploy_provider": "azure",
                "iac_tool": "pulumi",
                "container_runtime": "docker",
            },
            "prototype-fly": {"quality_level": "prototype", "deploy_provider": "fly"},
            "experiment-kubernetes": {"quality_level": "experiment", "deploy_provider": "kubernetes"},
            "production-app-and-library": {
                "quality_level": "production",
                "components": MIXED,
                "owners": "@acme/maintainers, Ada <ada@example.com>",
                "test_scopes": ["unit", "integration"],
                "audit_cadence": "every-ci-run",
            },
            "production-library-aws": {
                "quality_level": "production",
                "deploy_provider": "aws",
                "components": [{"name": "core", "kind": "library"}],
            },
            "prototype-shell-integration": {
                "quality_level": "prototype",
                "components": [
                    {"name": "tool", "kind": "cli"},
                    {"name": "deploy", "kind": "script", "language": "shell"},
                ],
                "test_scopes": ["unit", "integration", "e2e"],
                "test_data_dir": "tests/fixtures/data",
            },
            "experiment-pre-commit": {"quality_level": "experiment", "lint_enforcement": "pre-commit"},
            # sql_spec.md named its placeholders as paths (NNNN_description.sql, COMPONENT/tests/*.sql)
            "prototype-sql": {
                "quality_level": "prototype",
                "components": [
                    {"name": "tool", "kind": "cli"},
                    {"name": "db", "kind": "script", "language": "sql", "entrypoints": []},
                ],
            },
        }
    )
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def rendered(catalogue: Catalogue) -> dict[str, Path]:
    return {name: catalogue.path(data) for name, data in CASES.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_the_render_keeps_every_promise_of_its_spec(case: str, rendered: dict[str, Path]) -> None:
    checked, problems = broken(rendered[case])
    assert checked >= 40, f"only {checked} claims found: the claim reader no longer reads the spec"
    assert not problems, f"{case}: {checked} claims, {len(problems)} broken:\n" + "\n".join(problems)


@pytest.mark.parametrize("case", list(CASES))
def test_the_gate_table_is_the_levels_table(case: str, rendered: dict[str, Path]) -> None:
    spec = (rendered[case] / SPEC).read_text(encoding="utf-8")
    shown = re.findall(r"^\| .+ \(`([\w-]+)`\) \|", spec, re.M)
    assert shown == gates.gate_ids(CASES[case].get("quality_level", "prototype"))


def test_every_claim_kind_is_read(rendered: dict[str, Path]) -> None:
    """The reader finds each kind of claim somewhere, so a silent parser change cannot pass the check."""
    kinds = {claim.kind for project in rendered.values() for claim in claims(project)}
    assert kinds >= {"file", "created", "make", "job", "tool", "pyve-flag", "toml-table", "tag", "env"}


def test_the_check_catches_broken_promises(rendered: dict[str, Path], tmp_path: Path) -> None:
    """Take a render that keeps its promises, break one of each kind, and the check names each."""
    project = shutil.copytree(rendered["secure-aws"], tmp_path / "broken")
    (project / "compose.yaml").unlink()
    shutil.rmtree(project / "infra")
    (project / ".github" / "CODEOWNERS").unlink()
    (project / "docs" / "operations" / "disaster_recovery.md").unlink()
    makefile = project / "Makefile"
    makefile.write_text(makefile.read_text(encoding="utf-8").replace("\naudit:", "\naudit-later:"), encoding="utf-8")
    env_example = project / ".env.example"
    env_example.write_text(env_example.read_text(encoding="utf-8").replace("\nLOG_FORMAT=", "\n# LOG_FORMAT="))
    audit = project / ".github" / "workflows" / "audit.yml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("\n  audit:", "\n  scan:"), encoding="utf-8")
    _, problems = broken(project)
    report = "\n".join(problems)
    for expected in (
        "file 'compose.yaml'",
        "file 'infra/'",
        "gate review: its evidence '.github/CODEOWNERS'",
        "file 'docs/operations/disaster_recovery.md'",
        "make 'audit'",
        "job 'audit'",
        "gate dependency-audit",
        "tag 'project'",  # the cost-tracking rule's tag, in infra/ (removed)
        "env '.env.example'",  # logs.py's LOG_FORMAT is no longer listed
    ):
        assert expected in report, f"{expected} not reported:\n{report}"


def test_a_tool_named_but_not_locked_is_reported(rendered: dict[str, Path], tmp_path: Path) -> None:
    project = shutil.copytree(rendered["production-none"], tmp_path / "unlocked")
    for lock in project.glob("requirements-audit.txt"):
        lock.unlink()
    tool_claims = [claim for claim in claims(project) if claim.kind == "tool" and claim.subject == "pip-audit"]
    assert tool_claims and not any(keeps(project, claim) for claim in tool_claims)
    assert not gate_problems(rendered["production-none"])


def test_azure_with_cloudformation_is_rejected_before_writing(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "azure-cfn"
    data = {"quality_level": "production", "deploy_provider": "azure", "iac_tool": "cloudformation"}
    with pytest.raises(ValueError, match="CloudFormation skeleton for aws only"):
        render_project(template_src, dest, data)
    assert not dest.exists() or not any(dest.iterdir())


def test_unasked_answers_read_as_defaults(rendered: dict[str, Path]) -> None:
    """Below production, Phase 2 values are marked and listed under Open Questions; from production, not."""
    below = (rendered["prototype-fly"] / SPEC).read_text(encoding="utf-8")
    for label in ("Scaling", "Disaster recovery", "Monitoring", "Base images", "Secrets"):
        line = next(line for line in below.splitlines() if line.startswith(f"- **{label}:**"))
        assert "(default, not decided)" in line, line
    open_questions = below.split("## Open Questions", 1)[1]
    assert "Phase 2: Production readiness is not asked at the `prototype` level" in open_questions
    assert "`scaling`" in open_questions and "`rto`" in open_questions
    asked = (rendered["production-fly"] / SPEC).read_text(encoding="utf-8")
    assert "default, not decided" not in asked.split("## Open Questions", 1)[0]
    assert "Phase 2: Production readiness is not asked" not in asked
    assert "Phase 3: Secure / compliance is not asked at the `production` level" in asked
    assert "not asked" not in (rendered["secure-aws"] / SPEC).read_text(encoding="utf-8")


def test_entry_exit_criteria_name_the_table_and_the_next_level(rendered: dict[str, Path]) -> None:
    for case, next_level in (("experiment-none", "prototype"), ("production-none", "secure"), ("secure-none", "")):
        text = (rendered[case] / SPEC).read_text(encoding="utf-8")
        assert "every gate in the table below passes" in text and "level below" not in text
        if next_level:
            assert f"moves up to `{next_level}`" in text and f"`pyve-gen gates {next_level}`" in text
        else:
            assert "highest level" in text and "next level" not in text


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"deploy_provider": "azure", "iac_tool": "cloudformation"}, "CloudFormation skeleton for aws only"),
        ({"deploy_provider": "gcp", "iac_tool": "cloudformation"}, "CloudFormation skeleton for aws only"),
        ({"deploy_provider": "fly", "iac_tool": "pulumi"}, "Pulumi skeleton for aws, gcp or azure only"),
    ],
)
def test_pyve_gen_rejects_an_iac_tool_it_cannot_render(data: dict[str, str], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        questionnaire.validate(data)
    questionnaire.validate({**data, "iac_tool": "none"})
