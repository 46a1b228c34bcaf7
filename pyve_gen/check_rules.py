"""The checks of `pyve-gen check`: each has an ID, a one-line result and a fix hint.

A check that does not apply to the project (another quality level, a language it does not use, no
git repository) returns "n/a" with the reason. The IDs are stable: scripts and CI may filter on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyve_gen import reader
from pyve_gen import template_version as tv
from pyve_gen.lock_set import build_lock as lock_for_build
from pyve_gen.lock_set import check_locks
from pyve_gen.lockfiles import lock_pairs
from pyve_gen.model.levels import LEVELS
from pyve_gen.project import ANSWERS_FILE, WORKFLOWS_DIR, Project
from pyve_gen.userfiles import UserFileError, load_toml, shorten

PASS, FAIL, NA = "pass", "fail", "n/a"


@dataclass(frozen=True)
class Result:
    status: str
    message: str


@dataclass(frozen=True)
class Options:
    offline: bool = False


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    hint: str
    run: Callable[[Project, Options], Result]


CHECKS: list[Check] = []


def check(check_id: str, name: str, hint: str) -> Callable[[Callable[[Project, Options], Result]], Any]:
    def register(func: Callable[[Project, Options], Result]) -> Callable[[Project, Options], Result]:
        CHECKS.append(Check(check_id, name, hint, func))
        return func

    return register


def ok(message: str) -> Result:
    return Result(PASS, message)


def fail(message: str) -> Result:
    return Result(FAIL, message)


def na(reason: str) -> Result:
    return Result(NA, reason)


def _needs_answers(project: Project) -> Result | None:
    """n/a unless the recorded answers are readable and pass the questionnaire's validators (PV100 says why)."""
    return (
        na(f"no usable answers ({ANSWERS_FILE}; see PV100)")
        if project.answers_error or project.answers_invalid
        else None
    )


def _pyproject(project: Project) -> dict[str, Any] | Result:
    """pyproject.toml parsed; a failure when it is not valid TOML (n/a when conflict markers, PV102, are why)."""
    data = project.toml("pyproject.toml")
    if isinstance(data, str):
        return (
            na(f"{data}: resolve the conflict first (PV102)") if "pyproject.toml" in project.conflicts() else fail(data)
        )
    return data


def _table(data: dict[str, Any], dotted: str) -> dict[str, Any] | None:
    """The TOML table at ``dotted`` (``tool.mypy``) of parsed ``data``, or None when absent."""
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None  # type: ignore[assignment]
        if data is None:
            return None
    return data if isinstance(data, dict) else None


# --------------------------------------------------------------------------------------------
# PV1xx: the project and its template
# --------------------------------------------------------------------------------------------
@check("PV100", "answers-file", "render with `copier copy --trust <pyve> .` or restore .copier-answers.yml from git")
def answers_file(project: Project, options: Options) -> Result:
    if project.answers_error:
        return fail(project.answers_error)
    if project.answers_invalid:
        return fail(project.answers_invalid)
    answers = project.answers or {}
    source = shorten(answers["_src_path"], 120).strip("'")
    return ok(f"quality level {answers['quality_level']}, template {answers['_commit']} from {source}")


@check("PV101", "template-version", "run `pyve-gen update` (or `copier update --trust --defaults`) and review the diff")
def template_version(project: Project, options: Options) -> Result:
    if skip := _needs_answers(project):
        return skip
    answers = project.answers or {}
    recorded = str(answers["_commit"])
    if options.offline:
        return na(f"template {recorded}; --offline: latest release not looked up")
    try:
        tags = tv.release_tags(tv.git_url(str(answers["_src_path"]), project.root))
    except OSError as error:
        return na(str(error))
    if not tags:
        return na(f"template {recorded}; its repository has no release tags")
    current = tv.parse_recorded(recorded)
    if current is None:
        return fail(f"template {recorded} is not a release; the latest release is {tags[0]}")
    if tags[0] > current:
        return fail(f"template {recorded} is behind the latest release {tags[0]}")
    return ok(f"template {recorded} is up to date (latest release {tags[0]})")


@check("PV102", "no-conflicts", "resolve the <<<<<<< / >>>>>>> blocks and apply or delete each .rej file, then commit")
def no_conflicts(project: Project, options: Options) -> Result:
    found = project.conflicts()
    if found:
        return fail(f"update conflicts left in: {', '.join(found[:5])}{' …' if len(found) > 5 else ''}")
    return ok("no conflict markers and no .rej files")


@check(
    "PV103", "makefile-gates", "restore the `lint:` and `test:` targets in Makefile (`pyve-gen update` re-renders it)"
)
def makefile_gates(project: Project, options: Options) -> Result:
    text = project.read("Makefile")
    if text is None:
        return fail("Makefile is missing: `make lint` and `make test` are the project's gate entry points")
    missing = [target for target in ("lint", "test") if not re.search(rf"^{target}:", text, re.M)]
    if missing:
        return fail(f"Makefile has no target {', '.join(missing)}")
    return ok("Makefile has the lint and test targets")


# --------------------------------------------------------------------------------------------
# PV2xx: lockfiles
# --------------------------------------------------------------------------------------------
def _lock_pairs(project: Project) -> list[tuple[str, str]] | Result:
    if skip := _needs_answers(project):
        return skip
    mode = project.facts["lock_mode"]
    if not mode:
        return na("no Python component, so no Python lockfile")
    return lock_pairs(project.root, mode)


def _lock_findings(project: Project) -> Any:
    """`make lock-check`'s findings (the same checker), or a Result when there are no locks."""
    pairs = _lock_pairs(project)
    if isinstance(pairs, Result):
        return pairs
    # A pyproject.toml that does not parse is PV102's or PV400's finding, not a lock's.
    build_lock = lock_for_build(project.root) if _parses(project.read("pyproject.toml")) else None
    return pairs, check_locks(project.root, pairs, list(project.facts["python_versions"]), build_lock)


def _parses(toml_text: str | None) -> bool:
    try:
        load_toml(toml_text or "", "pyproject.toml")
    except UserFileError:  # not TOML, or nested past what tomllib can read
        return False
    return True


@check("PV200", "lock-hashed", "relock with hashes: `./pyve.sh --lock` (uv pip compile --generate-hashes)")
def lock_hashed(project: Project, options: Options) -> Result:
    found = _lock_findings(project)
    if isinstance(found, Result):
        return found
    pairs, findings = found
    if findings.unpinned:
        return fail("; ".join(findings.unpinned[:5]))
    return ok(f"{', '.join(lock for _, lock in pairs)}: every pin has a hash")


@check(
    "PV201",
    "lock-fresh",
    "relock after editing an input file, or when two locks disagree: `./pyve.sh --lock`, then commit the .txt",
)
def lock_fresh(project: Project, options: Options) -> Result:
    found = _lock_findings(project)
    if isinstance(found, Result):
        return found
    pairs, findings = found
    if findings.stale:
        return fail("; ".join(findings.stale[:3]))
    return ok(f"{', '.join(lock for _, lock in pairs)} match their inputs and agree with each other")


# --------------------------------------------------------------------------------------------
# PV3xx: CI
# --------------------------------------------------------------------------------------------
def _needs_ci(project: Project) -> Result | None:
    if skip := _needs_answers(project):
        return skip
    provider = (project.answers or {}).get("ci_provider", "github-actions")
    if provider != "github-actions":
        return na(f"ci_provider is {provider!r}")
    return None


def _jobs(workflow: Any) -> dict[str, Any]:
    jobs = workflow.get("jobs") if isinstance(workflow, dict) else None
    return jobs if isinstance(jobs, dict) else {}


@check("PV300", "ci-present", "`pyve-gen update` re-renders .github/workflows; CI must run `make lint` and `make test`")
def ci_present(project: Project, options: Options) -> Result:
    if skip := _needs_ci(project):
        return skip
    if not project.workflows:
        return fail(f"no workflow in {WORKFLOWS_DIR}/")
    broken = [f"{name}: {parsed}" for name, parsed in project.workflows.items() if isinstance(parsed, str)]
    if broken:
        return fail("; ".join(broken))
    texts = "\n".join(project.workflow_text(name) for name in project.workflows)
    missing = [target for target in ("make lint", "make test") if target not in texts]
    if missing:
        return fail(f"no workflow runs {' or '.join(missing)}")
    return ok(f"{len(project.workflows)} workflow(s) run make lint and make test")


@check("PV301", "ci-gates", "restore the missing CI jobs (`pyve-gen update` re-renders them from the gate table)")
def ci_gates(project: Project, options: Options) -> Result:
    if skip := _needs_ci(project):
        return skip
    wanted: dict[str, list[str]] = {}
    for gate in project.facts["gates"]:
        if gate["ci_job"]:
            wanted.setdefault(gate["ci_job"], []).append(gate["id"])
    present: set[str] = set()
    for parsed in project.workflows.values():
        for job_id, job in _jobs(parsed).items():
            present.add(str(job_id))
            if isinstance(job, dict) and "name" in job:
                present.add(str(job["name"]))
    missing = {job: ids for job, ids in wanted.items() if job not in present}
    if missing:
        detail = ", ".join(f"job {job!r} (gates {', '.join(ids)})" for job, ids in missing.items())
        return fail(f"{project.level} gates missing from CI: {detail}")
    return ok(f"CI has a job for every {project.level} gate: {', '.join(sorted(wanted))}")


@check("PV302", "workflow-permissions", "add `permissions: {}` (or the minimal scopes) at the top of each workflow")
def workflow_permissions(project: Project, options: Options) -> Result:
    if not project.workflows:
        return na("no GitHub Actions workflow")
    lacking = []
    for name, parsed in project.workflows.items():
        if not isinstance(parsed, dict):
            continue
        if "permissions" in parsed:
            continue
        jobs = _jobs(parsed)
        if not jobs or not all(isinstance(job, dict) and "permissions" in job for job in jobs.values()):
            lacking.append(name)
    if lacking:
        return fail(
            f"workflows without permissions: {', '.join(lacking)} (they get the repository's default token scopes)"
        )
    return ok("every workflow declares its token permissions")


_USES_RE = re.compile(r"^\s*(?:-\s*)?uses:\s*['\"]?([^\s'\"#]+)", re.M)


@check("PV303", "actions-pinned", "pin each action by commit: `uses: owner/action@<40-hex sha> # vX.Y.Z`")
def actions_pinned(project: Project, options: Options) -> Result:
    if skip := _needs_answers(project):
        return skip
    if not project.facts["is_secure"]:
        return na(f"pinning by commit is a secure-level gate; this project is {project.level}")
    if not project.workflows:
        return na("no GitHub Actions workflow")
    unpinned = []
    for name in project.workflows:
        for ref in _USES_RE.findall(project.workflow_text(name)):
            if ref.startswith(("./", "docker://")):
                continue
            if not re.fullmatch(r"[^@]+@[0-9a-f]{40}", ref):
                unpinned.append(f"{name}: {ref}")
    if unpinned:
        return fail(f"actions not pinned by commit: {', '.join(unpinned[:5])}")
    return ok("every action is pinned by a full commit hash")


# --------------------------------------------------------------------------------------------
# PV4xx: linters and their settings
# --------------------------------------------------------------------------------------------
LINTER_CONFIGS: dict[str, str] = {
    "python": "pyproject.toml [tool.ruff]",
    "shell": ".shellcheckrc",
    "cpp": ".clang-format",
    "ruby": ".rubocop.yml",
    "sql": ".sqlfluff",
}


@check("PV400", "linter-config", "restore the linter config (`pyve-gen update` re-renders it)")
def linter_config(project: Project, options: Options) -> Result:
    if skip := _needs_answers(project):
        return skip
    if not project.facts["is_prototype"]:
        return na("linters are a prototype-level gate; this project is experiment")
    missing = []
    for language in project.facts["languages"]:
        if language == "python":
            pyproject = _pyproject(project)
            if isinstance(pyproject, Result):
                return pyproject
            if _table(pyproject, "tool.ruff") is None:
                missing.append(LINTER_CONFIGS["python"])
        elif language in LINTER_CONFIGS and not project.exists(LINTER_CONFIGS[language]):
            missing.append(LINTER_CONFIGS[language])
    if missing:
        return fail(f"linter config missing: {', '.join(missing)}")
    return ok(f"linters configured for {', '.join(project.facts['languages']) or 'no language'}")


@check("PV401", "type-check", "set `strict = true` under [tool.mypy] in pyproject.toml and keep mypy in `make lint`")
def type_check(project: Project, options: Options) -> Result:
    if skip := _needs_answers(project):
        return skip
    if not project.facts["is_production"]:
        return na(f"type checking is a production-level gate; this project is {project.level}")
    if "python" not in project.facts["languages"]:
        return na("no Python component")
    pyproject = _pyproject(project)
    if isinstance(pyproject, Result):
        return pyproject
    strict = reader.mypy_strict(project)
    if strict is None:
        return fail(
            "no strict mypy config: pyproject.toml [tool.mypy] (or mypy.ini, setup.cfg [mypy]) is missing or not strict"
        )
    if "mypy" not in (project.read("Makefile") or ""):
        return fail("`make lint` does not run mypy")
    return ok(f"mypy --strict is configured ({strict.source}) and run by make lint")


@check(
    "PV402", "coverage-floor", "set `fail_under` under [tool.coverage.report] to at least the recorded coverage_floor"
)
def coverage_floor(project: Project, options: Options) -> Result:
    if skip := _needs_answers(project):
        return skip
    floor = int(project.facts["coverage_floor"])
    if floor <= 0:
        return na("no coverage floor at this level")
    if "python" not in project.facts["languages"]:
        return na("no Python component")
    pyproject = _pyproject(project)
    if isinstance(pyproject, Result):
        return pyproject
    found = reader.coverage_fail_under(project)
    if found is None:
        return fail(f"pyproject.toml (or .coveragerc, setup.cfg) sets no coverage fail_under (floor: {floor}%)")
    if found.value < floor:
        return fail(f"fail_under = {found.value} ({found.source}) is below the recorded floor of {floor}%")
    return ok(f"coverage fails under {found.value}% (floor {floor}%; {found.source})")


# --------------------------------------------------------------------------------------------
# PV5xx: docs
# --------------------------------------------------------------------------------------------
SPEC_DOC = "docs/specs/codebase_spec.md"
_LEVEL_LINE_RE = re.compile(r"quality[ _-]level[\s*_`:|]*([A-Za-z]+)", re.I)


@check("PV500", "spec-doc", "update docs/specs/codebase_spec.md to the answers (or re-render it: `pyve-gen update`)")
def spec_doc(project: Project, options: Options) -> Result:
    # The doc is compared with the answers' key facts rather than re-rendered from the recorded
    # commit: that needs no network, no copier import, and does not flag the user's own prose.
    if skip := _needs_answers(project):
        return skip
    text = project.read(SPEC_DOC)
    if text is None:
        return fail(f"{SPEC_DOC} is missing")
    answers = project.answers or {}
    problems = []
    # The first "Quality level: X" (any Markdown emphasis around it) is what the doc states.
    stated = next((m.group(1).lower() for m in _LEVEL_LINE_RE.finditer(text) if m.group(1).lower() in LEVELS), None)
    if stated is None:
        problems.append("it does not state the quality level")
    elif stated != project.level:
        problems.append(f"it says quality level {stated}, the answers say {project.level}")
    missing = [comp["name"] for comp in project.facts["components"] if comp["name"] not in text]
    if missing:
        problems.append(f"components not described: {', '.join(missing)}")
    name = str(answers.get("project_name", ""))
    if name and name not in text:
        problems.append(f"project name {name!r} not found")
    if problems:
        return fail(f"{SPEC_DOC} is out of date: {'; '.join(problems)}")
    return ok(f"{SPEC_DOC} matches the answers (level {project.level}, {len(project.facts['components'])} components)")


@check("PV501", "gate-files", "restore the file (`pyve-gen update` re-renders it), or fill it in as it asks")
def gate_files(project: Project, options: Options) -> Result:
    """Each gate of the level whose evidence is a committed file (CODEOWNERS, SECURITY.md, runbooks…) has it."""
    if skip := _needs_answers(project):
        return skip
    missing: dict[str, list[str]] = {}
    checked = 0
    for gate in project.facts["gates"]:
        for item in str(gate["evidence"]).split(", "):
            if item.startswith("make "):
                continue
            checked += 1
            found = any(project.root.glob(item)) if "*" in item else (project.root / item).exists()
            if not found:
                missing.setdefault(item, []).append(gate["id"])
    if missing:
        detail = ", ".join(f"{item} (gate {', '.join(ids)})" for item, ids in missing.items())
        return fail(f"{project.level} gate files missing: {detail}")
    return ok(f"every {project.level} gate file is present ({checked})")


# --------------------------------------------------------------------------------------------
# PV6xx: secrets
# --------------------------------------------------------------------------------------------
@check("PV600", "env-untracked", "`git rm --cached .env`, commit, and rotate every secret it held")
def env_untracked(project: Project, options: Options) -> Result:
    if not project.is_git_repo:
        return na("not a git repository")
    tracked = [name for name in project.git("ls-files", "-z").stdout.split("\0") if re.fullmatch(r"(.*/)?\.env", name)]
    if tracked:
        return fail(f"tracked by git: {', '.join(tracked)}")
    return ok(".env is not tracked by git")


@check("PV601", "env-ignored", "add a `.env` line to .gitignore")
def env_ignored(project: Project, options: Options) -> Result:
    if project.is_git_repo:
        ignored = project.git("check-ignore", "--no-index", "-q", ".env").returncode == 0
    else:
        lines = (project.read(".gitignore") or "").splitlines()
        ignored = any(line.strip() in {".env", "/.env", ".env*", ".env.*"} for line in lines)
    if not ignored:
        return fail(".env is not ignored by .gitignore")
    return ok(".env is ignored by git")


# --------------------------------------------------------------------------------------------
# PV7xx: fleet updates
# --------------------------------------------------------------------------------------------
UPDATE_WORKFLOW = "template-update.yml"


@check("PV701", "update-workflow", "restore .github/workflows/template-update.yml (`pyve-gen update` re-renders it)")
def update_workflow(project: Project, options: Options) -> Result:
    if skip := _needs_ci(project):
        return skip
    if not project.facts["is_production"]:
        return na(f"update automation is a production-level gate; this project is {project.level}")
    parsed = project.workflows.get(UPDATE_WORKFLOW)
    if parsed is None:
        return fail(f"{WORKFLOWS_DIR}/{UPDATE_WORKFLOW} is missing")
    if not isinstance(parsed, dict):
        return fail(f"{UPDATE_WORKFLOW}: {parsed}")
    triggers = parsed.get("on")
    if not isinstance(triggers, dict) or "schedule" not in triggers:
        return fail(f"{UPDATE_WORKFLOW} has no schedule trigger")
    if "pyve-gen update" not in project.workflow_text(UPDATE_WORKFLOW):
        return fail(f"{UPDATE_WORKFLOW} does not run pyve-gen update")
    return ok(f"{UPDATE_WORKFLOW} runs pyve-gen update on a schedule")
