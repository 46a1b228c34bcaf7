"""The gate table, and the CI files rendered from it, at every quality level.

Each level is rendered once (GitHub Actions, tag-driven releases, pre-commit) and its workflows,
Dependabot and pre-commit files are run through their validators and compared with the table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from catalogue import Catalogue
from conftest import render_project
from gates_support import load_yaml, run, steps, tool, workflows

from pyve_gen.cli import main as pyve_gen_main
from pyve_gen.model import ci, gates
from pyve_gen.model.levels import LEVELS, at_least
from pyve_gen.questionnaire import derive

SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
TAG_REF = re.compile(r"^actions/[\w-]+@v\d+$")
# Actions that publish no moving major tag: pinned by commit at every level.
ALWAYS_PINNED = {action.repo for action in ci.ACTIONS.values() if not action.major_tag}
# The only jobs that may write, and what: releases, signing, and the template-update pull request.
WRITE_SCOPES = {
    "publish": {"contents"},
    "pypi": {"id-token"},
    "image": {"packages", "id-token"},
    "sign": {"id-token"},
    "pages": {"pages", "id-token"},
    "update": {"contents", "pull-requests"},
}
# Make targets the workflows call that another part of Pyve adds to the Makefile.
TARGETS_FROM_ELSEWHERE = {"lock-check": "the bootstrap part (lock helpers)"}
# Commands that belong in the Makefile only: a workflow calling one would be a second copy.
TOOL_COMMANDS = ("ruff", "mypy", "pytest", "bandit", "pip_audit", "pip-audit", "cyclonedx", "gitleaks", "shellcheck")


# A deploy provider per level, so workflows are validated next to infrastructure files too; GitHub Actions,
# tag-driven releases and pre-commit at every level (the defaults from production up).
LEVEL_SETS = {
    "experiment": "experiment-ci-fly",
    "prototype": "prototype-ci-heroku",
    "production": "production-kubernetes",
    "secure": "secure-aws",
}


@pytest.fixture(scope="module")
def projects(catalogue: Catalogue) -> dict[str, Path]:
    rendered = {level: catalogue.path(name) for level, name in LEVEL_SETS.items()}
    for level, project in rendered.items():
        recorded = load_yaml(project / ".copier-answers.yml")
        chosen = [recorded[key] for key in ("quality_level", "ci_provider", "release_process", "lint_enforcement")]
        assert chosen == [level, "github-actions", "tag-driven", "pre-commit"], LEVEL_SETS[level]
    return rendered


# --- the table itself ---------------------------------------------------------------------------


def test_gate_table_is_well_formed() -> None:
    ids = [gate.id for gate in gates.GATES]
    assert len(ids) == len(set(ids)), "gate ids must be unique"
    for gate in gates.GATES:
        assert gate.min_level in LEVELS
        assert gate.title and gate.requirement and gate.evidence
    assert not set(gates.SUPPORT_JOBS) & {gate.ci_job for gate in gates.GATES}
    assert set(gates.CI_JOB_ORDER) == {gate.ci_job for gate in gates.GATES if gate.ci_job}


def test_each_level_adds_gates_to_the_one_below() -> None:
    for lower, higher in zip(LEVELS, LEVELS[1:], strict=False):
        assert set(gates.gate_ids(lower)) < set(gates.gate_ids(higher))


def test_gates_command_prints_the_level_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert pyve_gen_main(["gates", "production"]) == 0
    out = capsys.readouterr().out
    for gate in gates.GATES:
        assert (f"| {gate.id} |" in out) is at_least("production", gate.min_level)


def test_facts_carry_the_table(projects: dict[str, Path]) -> None:
    for level in LEVELS:
        assert derive({"quality_level": level})["gate_ids"] == gates.gate_ids(level)


# --- validators ---------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_workflows_pass_the_github_schema(projects: dict[str, Path], level: str) -> None:
    files = sorted((projects[level] / ".github" / "workflows").glob("*.yml"))
    assert files
    result = run(
        [str(tool("check-jsonschema")), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        projects[level],
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("level", LEVELS)
def test_zizmor_finds_nothing(projects: dict[str, Path], level: str) -> None:
    result = run([str(tool("zizmor")), "--offline", "--no-progress", "."], projects[level])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


@pytest.mark.parametrize("level", LEVELS)
def test_dependabot_from_production_up(projects: dict[str, Path], level: str) -> None:
    config = projects[level] / ".github" / "dependabot.yml"
    assert config.exists() is at_least(level, "production")
    if not config.exists():
        return
    result = run([str(tool("check-jsonschema")), "--builtin-schema", "vendor.dependabot", str(config)], projects[level])
    assert result.returncode == 0, result.stdout + result.stderr
    ecosystems = {update["package-ecosystem"] for update in load_yaml(config)["updates"]}
    containers = [name for name in ("Containerfile", "Dockerfile") if (projects[level] / name).exists()]
    # The Python locks are uv pip compile output: the uv ecosystem recompiles them as they were made.
    assert ecosystems == {"uv", "github-actions"} | ({"docker"} if containers else set())  # base images


@pytest.mark.parametrize("level", LEVELS)
def test_pre_commit_config_is_valid_and_calls_make(projects: dict[str, Path], level: str) -> None:
    config = projects[level] / ".pre-commit-config.yaml"
    result = run([str(tool("pre-commit")), "validate-config", str(config)], projects[level])
    assert result.returncode == 0, result.stdout + result.stderr
    (repo,) = load_yaml(config)["repos"]
    assert repo["repo"] == "local"
    # Hygiene hooks run the locked pre-commit-hooks package from the venv; every other hook is a make target.
    hygiene = {
        hook["id"] for hook in repo["hooks"] if hook["entry"].startswith(".venv/bin/python -m pre_commit_hooks.")
    }
    assert {"check-yaml", "check-toml", "end-of-file-fixer", "trailing-whitespace", "check-merge-conflict"} <= hygiene
    make_hooks = [hook for hook in repo["hooks"] if hook["id"] not in hygiene]
    assert {hook["id"] for hook in make_hooks} == {"lint-python", "lock-check"} | (
        {"secret-scan"} if level == "secure" else set()
    ) | ({"lint-spelling"} if at_least(level, "prototype") else set())
    assert all(hook["entry"].startswith("make ") for hook in make_hooks)
    assert all(hook["language"] == "system" for hook in repo["hooks"])


def test_ci_only_renders_no_pre_commit(template_src: Path, tmp_path: Path) -> None:
    project = render_project(
        template_src, tmp_path / "p", {"quality_level": "prototype", "lint_enforcement": "ci-only"}
    )
    assert not (project / ".pre-commit-config.yaml").exists()
    assert (project / ".github" / "workflows" / "ci.yml").exists()


def test_experiment_default_has_no_ci(template_src: Path, tmp_path: Path) -> None:
    project = render_project(template_src, tmp_path / "p", {"quality_level": "experiment"})
    assert not (project / ".github").exists()


# --- workflows against the table ----------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_workflow_jobs_match_the_gate_table(projects: dict[str, Path], level: str) -> None:
    jobs = {job for workflow in workflows(projects[level]).values() for job in workflow["jobs"]}
    needed = set(gates.ci_jobs(level))
    assert needed <= jobs, f"gates without their CI job: {needed - jobs}"
    known = {gate.ci_job for gate in gates.GATES if gate.ci_job} | set(gates.SUPPORT_JOBS)
    assert jobs <= known, f"jobs no gate asks for: {jobs - known}"
    security_jobs = {gate.ci_job for gate in gates.GATES if gate.min_level == "secure" and gate.ci_job}
    assert bool(jobs & security_jobs) is (level == "secure")


@pytest.mark.parametrize("level", LEVELS)
def test_workflows_run_make_targets_only(projects: dict[str, Path], level: str) -> None:
    makefile = (projects[level] / "Makefile").read_text(encoding="utf-8")
    for name, workflow in workflows(projects[level]).items():
        for step in steps(workflow):
            command = step.get("run", "")
            assert "${{" not in command, f"{name}: expression inside run: {command!r}"
            for word in TOOL_COMMANDS:
                assert not re.search(rf"(^|\s|-m ){re.escape(word)}\b", command), f"{name}: {command!r}"
            for target in re.findall(r"\bmake ([a-z][\w-]*)", command):
                if target not in TARGETS_FROM_ELSEWHERE:
                    assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target} is not in the Makefile"


@pytest.mark.parametrize("level", LEVELS)
def test_workflows_are_least_privilege(projects: dict[str, Path], level: str) -> None:
    for name, workflow in workflows(projects[level]).items():
        assert workflow["permissions"] == {}, f"{name}: top-level permissions must be empty"
        for job_id, job in workflow["jobs"].items():
            assert "permissions" in job, f"{name}/{job_id} declares no permissions"
            granted = job["permissions"] or {}
            assert set(granted.values()) <= {"read", "write"}
            writes = {scope for scope, access in granted.items() if access == "write"}
            assert writes <= WRITE_SCOPES.get(job_id, set()), f"{name}/{job_id} may not write {writes}"
        for step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"


@pytest.mark.parametrize("level", LEVELS)
def test_action_pinning(projects: dict[str, Path], level: str) -> None:
    for name, workflow in workflows(projects[level]).items():
        text = (projects[level] / ".github" / "workflows" / name).read_text(encoding="utf-8")
        for step in steps(workflow):
            if "uses" not in step:
                continue
            if at_least(level, "production"):
                assert SHA_PIN.match(step["uses"]), f"{name}: {step['uses']} is not pinned by commit"
                assert re.search(rf"{re.escape(step['uses'])} # v\d+\.\d+\.\d+\n", text), "version comment missing"
            elif step["uses"].split("@")[0] in ALWAYS_PINNED:
                assert SHA_PIN.match(step["uses"]), f"{name}: {step['uses']} has no major tag to follow"
            else:
                assert TAG_REF.match(step["uses"]), f"{name}: {step['uses']}"


@pytest.mark.parametrize("level", LEVELS)
def test_test_matrix_follows_targets_and_level(projects: dict[str, Path], level: str) -> None:
    facts = derive(load_yaml(projects[level] / ".copier-answers.yml"))
    matrix = workflows(projects[level])["ci.yml"]["jobs"]["test"]["strategy"]["matrix"]
    if at_least(level, "production"):
        assert matrix["os"] == facts["ci_runners"]
        assert matrix["python"] == facts["python_versions"]
    else:
        assert matrix == {"os": facts["ci_runners"][:1], "python": facts["python_versions"][:1]}


def test_runners_follow_os_and_arch_answers() -> None:
    linux_x86 = derive({"quality_level": "production", "os_targets": ["linux"], "cpu_archs": ["x86_64"]})
    assert linux_x86["ci"]["matrix_runners"] == ["ubuntu-24.04"]
    both = derive({"quality_level": "production", "os_targets": ["linux", "macos"], "cpu_archs": ["arm64"]})
    assert both["ci"]["matrix_runners"] == ["ubuntu-24.04-arm", "macos-15"]


@pytest.mark.parametrize("level", LEVELS)
def test_release_workflow(projects: dict[str, Path], level: str) -> None:
    release = workflows(projects[level])["release.yml"]
    assert release["on"] == {"push": {"tags": ["v*"]}}
    jobs = release["jobs"]
    assert jobs["publish"]["permissions"] == {"contents": "write"}
    # Every level's render deploys a Python application, so the release builds, scans and pushes its image.
    image = jobs["image"]
    runs = [step.get("run", "") for step in image["steps"]]
    assert runs[1] == "docker build --pull -f Containerfile -t my-project:release ."
    (scan,) = [step for step in image["steps"] if "trivy-action" in step.get("uses", "")]
    assert scan["with"]["image-ref"] == "my-project:release" and scan["with"]["exit-code"] == "1"
    assert any('docker push "$image"' in run for run in runs)
    if level == "secure":
        assert jobs["sign"]["permissions"] == {"id-token": "write"}
        assert jobs["sign"]["needs"] == ["build", "sbom"]
        assert jobs["publish"]["needs"] == ["sign"]
        assert any("gh-action-sigstore-python" in step.get("uses", "") for step in jobs["sign"]["steps"])
        assert image["permissions"] == {"contents": "read", "packages": "write", "id-token": "write"}
        assert runs[-1] == 'cosign sign --yes "$DIGEST"'  # by the pushed digest, not the tag
    else:
        assert set(jobs) == {"build", "image", "publish"}
        assert image["permissions"] == {"contents": "read", "packages": "write"}
        assert not any("cosign" in run for run in runs)


def test_release_image_follows_the_artifacts_answer(template_src: Path, tmp_path: Path) -> None:
    base = {"quality_level": "secure", "deploy_provider": "fly"}
    no_image = render_project(template_src, tmp_path / "wheel-only", {**base, "artifacts": ["wheel"]})
    assert "image" not in workflows(no_image)["release.yml"]["jobs"]
    manual = render_project(template_src, tmp_path / "manual", {**base, "release_process": "manual"})
    image = workflows(manual)["release.yml"]["jobs"]["image"]
    assert image["permissions"] == {"contents": "read"}  # built and scanned; nothing pushed or signed
    assert not any("push" in step.get("run", "") or "cosign" in step.get("uses", "") for step in image["steps"])


def test_manual_release_builds_without_publishing(template_src: Path, tmp_path: Path) -> None:
    project = render_project(template_src, tmp_path / "p", {"quality_level": "production", "release_process": "manual"})
    release = workflows(project)["release.yml"]
    assert release["on"] == {"workflow_dispatch": ""}
    assert set(release["jobs"]) == {"build"}


def test_prototype_manual_release_has_no_release_workflow(projects: dict[str, Path], tmp_path: Path) -> None:
    assert "release.yml" in workflows(projects["prototype"])  # tag-driven was chosen there
    assert derive({"quality_level": "prototype"})["ci"]["pinned"] is False


# --- the rendered gate lists (README, spec doc, SECURITY.md) against the table ---------------------


def test_security_policy_lists_the_security_gates(projects: dict[str, Path]) -> None:
    security = (projects["secure"] / "SECURITY.md").read_text(encoding="utf-8")
    for gate in gates.gates_for("secure"):
        row = f"| {gate.title} | {gate.requirement} | `{gate.evidence}` |"
        assert (row in security) is (
            gate.min_level == "secure" or gate.id in {"env-ignored", "lock-fresh", "dependency-updates"}
        ), gate.id
    for level in LEVELS[:3]:
        assert not (projects[level] / "SECURITY.md").exists()


# How each document renders one gate row (README: "| `id` |", spec doc: "| Title (`id`) |").
GATE_ROW = {"README.md": "| `{id}` |", "docs/specs/codebase_spec.md": "| {title} (`{id}`) |"}


@pytest.mark.parametrize("level", LEVELS)
def test_rendered_gate_lists_match_the_table(projects: dict[str, Path], level: str) -> None:
    present = {name: projects[level] / name for name in GATE_ROW if (projects[level] / name).exists()}
    if not present:
        pytest.skip("README.md / docs/specs/codebase_spec.md are rendered by another part of Pyve")
    for name, doc in present.items():
        text = doc.read_text(encoding="utf-8")
        for gate in gates.GATES:
            listed = GATE_ROW[name].format(id=gate.id, title=gate.title) in text
            assert listed is at_least(level, gate.min_level), f"{name}: gate {gate.id} at {level}"


def test_secure_variant_gpg_manual_detect_secrets(template_src: Path, tmp_path: Path) -> None:
    data = {
        "quality_level": "secure",
        "signing": "gpg",
        "release_process": "manual",
        "secret_scanner": "detect-secrets",
    }
    project = render_project(template_src, tmp_path / "p", data)
    files = [str(path) for path in sorted((project / ".github" / "workflows").glob("*.yml"))]
    schema = run([str(tool("check-jsonschema")), "--builtin-schema", "vendor.github-workflows", *files], project)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    zizmor = run([str(tool("zizmor")), "--offline", "--no-progress", "."], project)
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr
    release = workflows(project)["release.yml"]
    assert set(release["jobs"]) == {"build", "sbom", "sign"}
    sign = release["jobs"]["sign"]
    assert sign["environment"] == "release" and sign["permissions"] == {}
    assert sign["steps"][1]["env"] == {"GPG_PRIVATE_KEY": "${{ secrets.GPG_PRIVATE_KEY }}"}
    hooks = load_yaml(project / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    assert [hook["name"] for hook in hooks if hook["id"] == "secret-scan"] == ["make secret-scan (detect-secrets)"]


# --- CI is the developer's path -------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_every_job_bootstraps_as_a_developer_before_make(projects: dict[str, Path], level: str) -> None:
    """A job that runs a make target first runs ./pyve.sh --init (after setup-python): the same locks,
    in the same order, with the project installed, as on a developer's machine; no second install path."""
    for name, workflow in workflows(projects[level]).items():
        for job_id, job in workflow["jobs"].items():
            scripts = [step.get("run", "") for step in job.get("steps", [])]
            uses = [step.get("uses", "") for step in job.get("steps", [])]
            assert not any(re.search(r"pip install .*(-r|--requirement) ", script) for script in scripts), (
                f"{name}/{job_id} installs a lock itself instead of ./pyve.sh --init"
            )
            makes = [index for index, script in enumerate(scripts) if re.search(r"\bmake [a-z]", script)]
            if not makes:
                continue
            inits = [index for index, script in enumerate(scripts) if script.startswith("./pyve.sh --init")]
            assert inits and inits[0] < makes[0], f"{name}/{job_id}: make runs before ./pyve.sh --init"
            setup = [index for index, action in enumerate(uses) if action.startswith("actions/setup-python@")]
            assert setup and setup[0] < inits[0], f"{name}/{job_id}: ./pyve.sh --init before setup-python"
            step = job["steps"][inits[0]]
            python = job["steps"][setup[0]]["with"]["python-version"]
            assert step["env"]["PYTHON_VERSION"] == python, f"{name}/{job_id}: --init must use setup-python's version"


def test_template_update_pull_requests_can_run_ci(projects: dict[str, Path]) -> None:
    workflow = workflows(projects["production"])["template-update.yml"]
    (pr_step,) = [step for step in workflow["jobs"]["update"]["steps"] if step.get("name") == "Open a pull request"]
    assert pr_step["env"]["GH_TOKEN"] == "${{ secrets.PYVE_UPDATE_TOKEN || github.token }}"
    assert "CI has not run" in pr_step["run"] and "::error" in pr_step["run"]
    text = (projects["production"] / ".github" / "workflows" / "template-update.yml").read_text()
    assert "PYVE_UPDATE_TOKEN" in text.split("name: template-update", 1)[0], "the header documents the token"
    assert not (projects["production"] / "renovate.json").exists(), "one mechanism for template updates"
