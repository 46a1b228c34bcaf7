"""Replays the `run:` steps of a rendered GitHub Actions workflow on this machine, job by job.

Each job gets what a hosted runner gives it: a fresh clone of the commit (actions/checkout), the
requested Python first on PATH (actions/setup-python; here the journey's stock interpreter), a fresh
HOME and runner temp folder, GitHub's default shell (`bash -e {0}`) and its CI variables. Matrix values
and `${{ }}` expressions are evaluated with a small evaluator of the expression language; an
expression it cannot evaluate fails the replay, so a new one is noticed rather than guessed.
Steps that `uses:` another action are skipped (upload/download of artifacts, signing), except the
two emulated ones above. Jobs that `needs:` another job (signing, publishing) need GitHub itself and
are not replayed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from journey_support import Journal

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
EMULATED = ("actions/checkout@", "actions/setup-python@")
LINUX_X86 = "ubuntu-24.04"


def load(path: Path) -> dict[str, Any]:
    # BaseLoader: every scalar stays a string and `on:` stays a key, as GitHub reads the file.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


class _Context(dict[str, Any]):
    """Attribute access for the evaluator (matrix.python, runner.os); an unknown name is an error."""

    def __getattribute__(self, name: str) -> Any:
        # Every name is a key, even one a dict method has (`steps.update.outputs`).
        if name.startswith("__") and name.endswith("__"):
            return super().__getattribute__(name)
        name = name.replace("__dash__", "-")
        if not dict.__contains__(self, name):
            raise KeyError(f"unknown expression context value: {name}")
        value = dict.__getitem__(self, name)
        return _Context(value) if isinstance(value, dict) else value


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """GitHub's expression language, the subset workflows use: names, 'strings', ==, !=, &&, ||, !, ()."""
    python = expression
    python = re.sub(r"(?<![=!<>])!(?!=)", " not ", python)
    python = python.replace("&&", " and ").replace("||", " or ")
    python = re.sub(
        r"\b(true|false|null)\b", lambda m: {"true": "True", "false": "False", "null": "None"}[m.group(1)], python
    )
    python = re.sub(r"(?<=[A-Za-z0-9_])-(?=[A-Za-z_])", "__dash__", python)  # github.event-name style keys
    namespace = {key: _Context(value) if isinstance(value, dict) else value for key, value in context.items()}
    return eval(python, {"__builtins__": {}}, namespace)  # noqa: S307 - the workflow Pyve rendered, not user input


def substitute(text: str, context: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        value = evaluate(match.group(1), context)
        if value is True:
            return "true"
        if value in (False, None):
            return "" if value is None else "false"
        return str(value)

    return EXPRESSION.sub(one, text)


def condition(expression: str | None, context: dict[str, Any]) -> bool:
    if expression is None:
        return True
    inner = EXPRESSION.fullmatch(expression.strip())
    return bool(evaluate(inner.group(1) if inner else expression, context))


def runner_os(label: str) -> str:
    """``runner.os`` of a runner label: Linux, macOS or Windows."""
    return "Windows" if label.startswith("windows") else "macOS" if label.startswith("macos") else "Linux"


def matrix_entry(job: dict[str, Any], python: str, runner: str = LINUX_X86) -> dict[str, str] | None:
    """The one matrix combination a Linux x86-64 runner with the journey's Python runs; None if none.
    ``runner`` names another runner to play (``windows-2025``: tests/test_windows.py's Git Bash stand-in)."""
    matrix = (job.get("strategy") or {}).get("matrix")
    if not matrix:
        return {}
    entry: dict[str, str] = {}
    for key, values in matrix.items():
        if key in ("include", "exclude"):
            raise NotImplementedError(f"matrix {key} is not replayed")
        if key == "python":
            if python not in values:
                return None
            entry[key] = python
        elif key == "os" and runner != LINUX_X86:
            if runner not in values:
                return None
            entry[key] = runner
        elif key == "os":
            linux = [value for value in values if value.startswith("ubuntu") and not value.endswith("-arm")]
            if not linux:
                return None
            entry[key] = LINUX_X86 if LINUX_X86 in linux else linux[0]
        else:
            entry[key] = values[0]
    return entry


@dataclass
class JobRun:
    workflow: str
    job: str
    steps_run: int
    skipped: list[str]


def replayable_jobs(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        if "needs" in job:
            continue
        yield job_id, job


def replay_job(
    journal: Journal,
    workflow_name: str,
    job_id: str,
    job: dict[str, Any],
    source: Path,
    work: Path,
    base_env: dict[str, str],
    python_bin: Path,
    python: str,
    expressions: dict[str, Any] | None = None,
    unreachable: dict[str, str] | None = None,
    runner: str = LINUX_X86,
) -> JobRun | None:
    """Clones ``source`` fresh and runs the job's steps in order; None when no runner here fits the job.

    ``expressions`` adds to the expression contexts (``{"secrets": {...}, "github": {"token": ...}}``);
    a step with an ``id`` passes what it wrote to $GITHUB_OUTPUT on as ``steps.<id>.outputs``.
    ``unreachable`` maps the start of a step's name to why it cannot run here (a registry this machine
    cannot reach): such a step is noted in the journal and the run's ``skipped``, never run or hidden.
    """
    entry = matrix_entry(job, python, runner)
    if entry is None:
        return None
    runner_temp = Path(tempfile.mkdtemp(prefix=f"{job_id}-", dir=work))
    workspace = runner_temp / "workspace"
    home = runner_temp / "home"
    home.mkdir()
    files = {
        name: runner_temp / name.lower()
        for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")
    }
    for path in files.values():
        path.write_text("")
    context: dict[str, Any] = {
        "matrix": entry,
        "runner": {"os": runner_os(runner), "arch": "X64", "temp": str(runner_temp)},
        "github": {
            "ref": "refs/pull/1/merge",
            "event_name": "pull_request",
            "repository": "journey/project",
            "workspace": str(workspace),
        },
        "env": {},
        "secrets": {},
        "steps": {},
    }
    for name, values in (expressions or {}).items():
        context[name] = {**context.get(name, {}), **values}
    env = dict(base_env)
    env |= {name: str(path) for name, path in files.items()}
    env |= {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_REPOSITORY": "journey/project",
        "RUNNER_OS": runner_os(runner),
        "RUNNER_TEMP": str(runner_temp),
        "HOME": str(home),
    }
    env |= {key: substitute(value, context) for key, value in (job.get("env") or {}).items()}
    extra_path: list[str] = []
    skipped: list[str] = []
    count = 0
    for number, step in enumerate(job.get("steps", []), 1):
        label = f"{workflow_name}/{job_id} step {number} ({step.get('name') or step.get('uses') or step.get('run', '').splitlines()[0]})"
        if not condition(step.get("if"), context):
            skipped.append(f"{label}: if is false on {runner_os(runner)}")
            continue
        why = next(
            (reason for start, reason in (unreachable or {}).items() if label_name(step).startswith(start)), None
        )
        if why is not None:
            skipped.append(f"{label}: not replayed: {why}")
            journal.note(f"{label}: not replayed: {why}")
            continue
        uses = step.get("uses")
        if uses:
            if uses.startswith("actions/checkout@"):
                journal.run(
                    f"{workflow_name}/{job_id}: checkout",
                    ["git", "clone", "-q", str(source), str(workspace)],
                    work,
                    env,
                )
            elif uses.startswith("actions/setup-python@"):
                wanted = substitute(step.get("with", {}).get("python-version", ""), context)
                assert wanted == python, f"{label}: asks Python {wanted}, the journey has {python}"
                extra_path.insert(0, str(python_bin))
                env["pythonLocation"] = str(python_bin.parent)
            else:
                skipped.append(f"{label}: uses {uses.split('@')[0]} (GitHub only)")
            continue
        step_env = dict(env)
        step_env |= {key: substitute(value, context) for key, value in (step.get("env") or {}).items()}
        step_env["PATH"] = os.pathsep.join([*extra_path, env["PATH"]])
        script = runner_temp / f"step-{number}.sh"
        script.write_text(substitute(step["run"], context))
        cwd = workspace / step["working-directory"] if "working-directory" in step else workspace
        shell = step.get("shell", (job.get("defaults") or {}).get("run", {}).get("shell", ""))
        command = (
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
            if shell == "bash"
            else ["bash", "-e", str(script)]
        )
        journal.run(f"{workflow_name}/{job_id}: {step['run'].splitlines()[0]}", command, cwd, step_env)
        count += 1
        if "id" in step:
            outputs = dict(
                line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if "=" in line
            )
            context["steps"][step["id"]] = {"outputs": outputs}
        files["GITHUB_OUTPUT"].write_text("")
        _apply_github_files(files, env, extra_path)
    return JobRun(workflow_name, job_id, count, skipped)


def label_name(step: dict[str, Any]) -> str:
    return str(step.get("name") or "")


def _apply_github_files(files: dict[str, Path], env: dict[str, str], extra_path: list[str]) -> None:
    """What a step wrote to $GITHUB_ENV and $GITHUB_PATH reaches the next steps, as on GitHub."""
    for line in files["GITHUB_ENV"].read_text().splitlines():
        if "=" in line and "<<" not in line:
            key, value = line.split("=", 1)
            env[key] = value
    files["GITHUB_ENV"].write_text("")
    for line in files["GITHUB_PATH"].read_text().splitlines():
        if line.strip():
            extra_path.insert(0, line.strip())
    files["GITHUB_PATH"].write_text("")


def run_steps(workflow: dict[str, Any]) -> list[str]:
    """Every `run:` script of the workflow's jobs (used to assert the replay covered them all)."""
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]
