"""`pyve-gen check`: passes on a fresh render of every level; each check fails on a project broken
in the one way it looks for, and no other check changes its verdict."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from catalogue import Catalogue
from conftest import REPO
from standins import add_standins, git_commit_all

from pyve_gen.check import run_checks
from pyve_gen.check_rules import CHECKS, Options
from pyve_gen.model.gates import GATES
from pyve_gen.model.levels import LEVELS
from pyve_gen.template_version import git_url, parse_recorded

SHELL_COMPONENTS = [
    {"name": "app", "kind": "cli", "language": "python"},
    {"name": "deploy", "kind": "script", "language": "shell"},
]
ANSWER_SETS: dict[str, dict[str, object]] = {
    **{level: {"quality_level": level} for level in LEVELS},
    "library": {"quality_level": "production", "components": [{"name": "core", "kind": "library"}]},
    "shell": {"quality_level": "prototype", "components": SHELL_COMPONENTS},
}


@pytest.fixture(scope="module")
def rendered(catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One committed copy of the shared render per answer set, with stand-ins for files other templates render."""
    base = tmp_path_factory.mktemp("check-renders")
    projects = {}
    for name, data in ANSWER_SETS.items():
        project = catalogue.copy(data, base / name)
        add_standins(project)
        git_commit_all(project)
        projects[name] = project
    return projects


def statuses(project: Path, offline: bool = True) -> dict[str, str]:
    return {outcome.id: outcome.status for outcome in run_checks(project, Options(offline=offline))}


@pytest.mark.parametrize("answer_set", list(ANSWER_SETS))
def test_fresh_render_passes_every_check(rendered: dict[str, Path], answer_set: str) -> None:
    outcomes = run_checks(rendered[answer_set], Options(offline=False))
    failed = [f"{o.id} {o.message}" for o in outcomes if o.status == "fail"]
    assert not failed, failed
    by_id = {o.id: o.status for o in outcomes}
    # The level decides what applies: a check the level demands must really run (pass, not n/a).
    level = str(ANSWER_SETS[answer_set]["quality_level"])
    assert by_id["PV100"] == by_id["PV102"] == by_id["PV103"] == by_id["PV500"] == "pass"
    assert (by_id["PV300"] == "pass") == (level != "experiment")
    assert (by_id["PV401"] == "pass") == (level in ("production", "secure"))
    assert (by_id["PV701"] == "pass") == (level in ("production", "secure"))
    assert "PV700" not in by_id  # Renovate is not rendered: template-update.yml is the one update mechanism
    assert (by_id["PV303"] == "pass") == (level == "secure")


# -- breakers: each damages a copy of a fresh render in one way --------------------------------
def _edit(path: Path, old: str, new: str, count: int = 0) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, re.M), f"{old!r} not in {path}"
    path.write_text(re.sub(old, new, text, count=count, flags=re.M), encoding="utf-8")


def _workflows(project: Path) -> list[Path]:
    return sorted((project / ".github/workflows").glob("*.y*ml"))


def _edit_workflows(project: Path, change: Callable[[dict[str, object]], None]) -> None:
    for path in _workflows(project):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _drop_ci_job_of(gate_id: str) -> Callable[[Path], None]:
    """Remove, from every workflow, the job that enforces ``gate_id`` (per the gate table)."""
    job_name = next(gate.ci_job for gate in GATES if gate.id == gate_id)
    assert job_name, f"gate {gate_id} has no CI job"

    def breaker(project: Path) -> None:
        dropped = []

        def change(data: dict[str, object]) -> None:
            jobs = data.get("jobs", {})
            assert isinstance(jobs, dict)
            for job_id in [
                k for k, v in jobs.items() if k == job_name or (isinstance(v, dict) and v.get("name") == job_name)
            ]:
                dropped.append(jobs.pop(job_id))

        _edit_workflows(project, change)
        assert dropped, f"no CI job {job_name!r} to drop"

    return breaker


def _drop_permissions(data: dict[str, object]) -> None:
    data.pop("permissions", None)
    for job in (data.get("jobs") or {}).values():  # type: ignore[attr-defined]
        job.pop("permissions", None)


def _unpin_first_action(project: Path) -> None:
    for path in _workflows(project):
        text = path.read_text(encoding="utf-8")
        if re.search(r"uses:\s*[^\s#]+@[0-9a-f]{40}", text):
            path.write_text(re.sub(r"(uses:\s*[^\s@#]+)@[0-9a-f]{40}", r"\1@v4", text, count=1), encoding="utf-8")
            return
    raise AssertionError("no pinned action to unpin")


def _track_env(project: Path) -> None:
    (project / ".env").write_text("SECRET=1\n")
    subprocess.run(["git", "add", "-f", ".env"], cwd=project, check=True)


def _break_spec_level(project: Path) -> None:
    path = project / "docs/specs/codebase_spec.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if "quality level" in line.lower() and "prototype" in line:
            lines[index] = line.replace("prototype", "secure")
            break
    else:
        raise AssertionError("no quality level line")
    path.write_text("".join(lines), encoding="utf-8")


BREAKERS: list[tuple[str, str, str, Callable[[Path], None]]] = [
    # (check id, answer set, what is broken, how)
    ("PV100", "prototype", "answers file deleted", lambda p: (p / ".copier-answers.yml").unlink()),
    ("PV102", "prototype", "a .rej file left", lambda p: (p / "pyproject.toml.rej").write_text("@@ -1 +1 @@\n")),
    (
        "PV102",
        "prototype",
        "conflict markers left",
        lambda p: _edit(p / "pyproject.toml", r"^\[project\]$", "<<<<<<< before updating\n[project]", 1),
    ),
    ("PV103", "prototype", "Makefile lost its test target", lambda p: _edit(p / "Makefile", r"^test:", "tests:")),
    (
        "PV400",
        "prototype",
        "pyproject.toml not valid TOML",
        lambda p: _edit(p / "pyproject.toml", r"^\[project\]$", "[project", 1),
    ),
    ("PV200", "prototype", "a pin without hash", lambda p: _edit(p / "requirements-dev.txt", r"^\s*--hash=\S+", "")),
    (
        "PV201",
        "prototype",
        "input changed, lock not",
        lambda p: (p / "requirements-dev.in").write_text("pytest>=8\nrequests>=2\n"),
    ),
    ("PV201", "prototype", "pin no longer allowed", lambda p: (p / "requirements-dev.in").write_text("pytest>=9.9\n")),
    (
        "PV201",
        "library",
        "lib dependency not in constraints",
        lambda p: _edit(p / "pyproject.toml", r"^dependencies = \[\]", 'dependencies = ["attrs>=23"]'),
    ),
    (
        "PV300",
        "prototype",
        "CI no longer runs make test",
        lambda p: [_edit(w, "make test", "pytest") for w in _workflows(p) if "make test" in w.read_text()],
    ),
    ("PV301", "prototype", "the lock gate's CI job removed", _drop_ci_job_of("lock-fresh")),
    ("PV301", "secure", "the dependency audit's CI job removed", _drop_ci_job_of("dependency-audit")),
    ("PV302", "prototype", "workflow without permissions", lambda p: _edit_workflows(p, _drop_permissions)),
    ("PV303", "secure", "action pinned by tag", _unpin_first_action),
    (
        "PV400",
        "prototype",
        "ruff config removed",
        lambda p: _edit(p / "pyproject.toml", r"^\[tool\.ruff", "[tool.xruff"),
    ),
    ("PV400", "shell", "shellcheck config removed", lambda p: (p / ".shellcheckrc").unlink()),
    (
        "PV401",
        "production",
        "mypy no longer strict",
        lambda p: _edit(p / "pyproject.toml", r"^strict = true", "strict = false"),
    ),
    (
        "PV402",
        "production",
        "coverage floor lowered",
        lambda p: _edit(p / "pyproject.toml", r"^fail_under = \d+", "fail_under = 50"),
    ),
    ("PV500", "prototype", "spec doc states another level", _break_spec_level),
    ("PV500", "prototype", "spec doc deleted", lambda p: (p / "docs/specs/codebase_spec.md").unlink()),
    ("PV501", "production", "CODEOWNERS deleted", lambda p: (p / ".github/CODEOWNERS").unlink()),
    ("PV501", "library", "SLO runbook deleted", lambda p: (p / "docs/operations/slos.md").unlink()),
    ("PV600", "prototype", ".env tracked by git", _track_env),
    ("PV601", "prototype", ".env not ignored", lambda p: _edit(p / ".gitignore", r"^\.env\n", "")),
    (
        "PV701",
        "production",
        "update workflow deleted",
        lambda p: (p / ".github/workflows/template-update.yml").unlink(),
    ),
    (
        "PV701",
        "production",
        "update workflow unscheduled",
        lambda p: _edit(p / ".github/workflows/template-update.yml", r"^  schedule:\n.*\n", ""),
    ),
]


@pytest.mark.parametrize(
    ("check_id", "answer_set", "breakage", "breaker"), BREAKERS, ids=[f"{b[0]}-{b[2]}" for b in BREAKERS]
)
def test_each_check_fails_on_its_breakage(
    rendered: dict[str, Path],
    tmp_path: Path,
    check_id: str,
    answer_set: str,
    breakage: str,
    breaker: Callable[[Path], None],
) -> None:
    fresh = statuses(rendered[answer_set])
    assert fresh[check_id] == "pass", f"{check_id} must apply to the {answer_set} render"
    project = tmp_path / "broken"
    shutil.copytree(rendered[answer_set], project, symlinks=True)
    breaker(project)
    broken = statuses(project)
    assert broken[check_id] == "fail", f"{check_id} missed: {breakage}"
    if check_id != "PV100":  # without answers, every answer-based check has nothing to go on
        changed = {cid for cid in fresh if fresh[cid] != broken[cid]}
        assert changed == {check_id}, f"{breakage} also changed {changed - {check_id}}"


def test_every_check_has_a_failing_fixture() -> None:
    covered = {b[0] for b in BREAKERS} | {"PV101"}  # PV101: test_template_version_behind_latest_tag
    assert covered == {c.id for c in CHECKS}
    assert len(CHECKS) >= 10
    assert len({c.id for c in CHECKS}) == len(CHECKS)


def test_template_version_behind_latest_tag(rendered: dict[str, Path], tmp_path: Path) -> None:
    template = tmp_path / "template"
    template.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=template, check=True)
    for tag in ("0.1.0", "0.2.0", "0.3.0rc1", "not-a-version"):
        subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", tag], cwd=template, check=True)
        subprocess.run([*git, "tag", tag], cwd=template, check=True)
    project = tmp_path / "project"
    shutil.copytree(rendered["prototype"], project, symlinks=True)
    answers_path = project / ".copier-answers.yml"
    answers = yaml.safe_load(answers_path.read_text())

    def verdict(commit: str, src: str = str(template), offline: bool = False) -> tuple[str, str]:
        answers_path.write_text(yaml.safe_dump({**answers, "_commit": commit, "_src_path": src}))
        outcome = next(o for o in run_checks(project, Options(offline=offline)) if o.id == "PV101")
        return outcome.status, outcome.message

    assert verdict("0.1.0") == ("fail", "template 0.1.0 is behind the latest release 0.2.0")
    assert verdict("0.1.0-4-gabc1234")[0] == "fail"
    assert verdict("0.2.0")[0] == "pass"  # the release candidate tag does not count
    assert verdict("0.2.0-2-gabc1234")[0] == "pass"
    assert verdict("abc1234")[0] == "fail"
    assert verdict("0.1.0", offline=True)[0] == "n/a"
    assert verdict("0.1.0", src=str(tmp_path / "nowhere"))[0] == "n/a"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pyve_gen.cli", *args], cwd=REPO, capture_output=True, text=True)


def test_cli_text_json_and_exit_status(rendered: dict[str, Path], tmp_path: Path) -> None:
    project = rendered["production"]
    started = time.perf_counter()
    result = _cli("check", str(project))
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^PV201 lock-fresh +pass ", result.stdout, re.M)
    assert elapsed < 5.0, f"pyve-gen check took {elapsed:.2f}s"  # generous: CI machines are shared
    data = json.loads(_cli("check", str(project), "--format", "json").stdout)
    assert data["passed"] is True and data["quality_level"] == "production"
    assert data["template_version"] == yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"]
    assert {c["id"] for c in data["checks"]} == {c.id for c in CHECKS}

    broken = tmp_path / "broken"
    shutil.copytree(project, broken, symlinks=True)
    (broken / ".github/workflows/template-update.yml").unlink()
    result = _cli("check", str(broken))
    assert result.returncode == 1
    assert re.search(r"^PV701 update-workflow +FAIL .*\n +fix: ", result.stdout, re.M)
    failed = [
        c for c in json.loads(_cli("check", str(broken), "--format", "json").stdout)["checks"] if c["status"] == "fail"
    ]
    assert [(c["id"], bool(c["hint"])) for c in failed] == [("PV701", True)]


def test_check_path_must_be_a_folder(tmp_path: Path) -> None:
    result = _cli("check", str(tmp_path / "missing"))
    assert result.returncode == 1 and "not a folder" in result.stderr


def test_check_does_not_import_copier(rendered: dict[str, Path]) -> None:
    code = "import sys; from pyve_gen.cli import main; main(['check', sys.argv[1]]); print('copier' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code, str(rendered["secure"])], cwd=REPO, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


# -- the fleet-update files: valid against their schemas and zizmor-clean ----------------------
@pytest.mark.parametrize("answer_set", ["production", "secure", "library"])
def test_fleet_update_files_validate(rendered: dict[str, Path], answer_set: str) -> None:
    project = rendered[answer_set]
    bin_dir = Path(sys.executable).parent
    checks = [
        [
            str(bin_dir / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            ".github/workflows/template-update.yml",
        ],
        [str(bin_dir / "zizmor"), "--offline", "--no-progress", ".github/workflows/template-update.yml"],
    ]
    for command in checks:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, " ".join(command) + "\n" + result.stdout + result.stderr


def test_update_workflow_scripts_are_shellcheck_clean(rendered: dict[str, Path], tmp_path: Path) -> None:
    if not shutil.which("shellcheck"):
        pytest.skip("shellcheck is not installed (scripts/system-packages.txt)")
    workflow = yaml.load(
        (rendered["secure"] / ".github/workflows/template-update.yml").read_text(), Loader=yaml.BaseLoader
    )
    scripts = [step["run"] for step in workflow["jobs"]["update"]["steps"] if "run" in step]
    assert len(scripts) == 4
    for index, script in enumerate(scripts):
        path = tmp_path / f"step{index}.sh"
        path.write_text("#!/usr/bin/env bash\nset -e\n" + script)  # GitHub runs `bash -e {0}`
        result = subprocess.run(["shellcheck", "-s", "bash", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_fleet_update_files_only_from_production(rendered: dict[str, Path]) -> None:
    for name in rendered:  # one mechanism for template updates: the workflow, never Renovate too
        assert not (rendered[name] / "renovate.json").exists()
    for name in ("experiment", "prototype", "shell"):
        assert not (rendered[name] / ".github/workflows/template-update.yml").exists()
    workflow = yaml.load(
        (rendered["production"] / ".github/workflows/template-update.yml").read_text(), Loader=yaml.BaseLoader
    )
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["update"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert workflow["on"]["schedule"] == [{"cron": "17 5 1 * *"}]  # monthly: the default dependency_update_cadence


def test_template_sources_and_recorded_versions(tmp_path: Path) -> None:
    assert git_url("gh:acme/pyve", tmp_path) == "https://github.com/acme/pyve.git"
    assert git_url("gl:acme/pyve.git", tmp_path) == "https://gitlab.com/acme/pyve.git"
    assert git_url("https://example.com/pyve.git", tmp_path) == "https://example.com/pyve.git"
    assert git_url("../pyve", tmp_path / "project") == str((tmp_path / "pyve").resolve())
    assert str(parse_recorded("v0.2.0")) == "0.2.0"
    assert str(parse_recorded("0.2.0-3-gabc1234")) == "0.2.0.post3.dev0"
    assert parse_recorded("abc1234") is None


def test_conflict_examples_in_markdown_code_blocks_are_not_conflicts(rendered: dict[str, Path], tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(rendered["prototype"], project, symlinks=True)
    example = "How an update conflict looks:\n\n```text\n<<<<<<< before updating\nx = 1\n=======\nx = 2\n>>>>>>> after updating\n```\n"
    (project / "docs/conflicts.md").write_text(example)
    assert statuses(project)["PV102"] == "pass"
    (project / "docs/conflicts.md").write_text(example.replace("```text\n", "").replace("```\n", ""))
    assert statuses(project)["PV102"] == "fail"
