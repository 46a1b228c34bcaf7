#!/usr/bin/env python3
"""Time render, update, bootstrap and ``pyve-gen check`` against a one-file Copier template (the floor).

    python benchmarks/run.py              # medians of 5 runs each, table + benchmarks/results.json
    python benchmarks/run.py --quick      # 3 runs each, for development
    python benchmarks/run.py --only render-default,update
    python benchmarks/run.py --markdown   # the tables for docs/performance.md

Every timing is one subprocess (``python -m copier ...``) measured with ``time.perf_counter``; the cases of a
group run in turn (A, B, A, B, ...) so that a load change on the machine hits both sides of a ratio. Nothing
here asserts a time: the targets are printed and recorded, met or not.

The bootstrap timing is owned by ``benchmarks/bootstrap.py`` (``benchmark(runs=..., workdir=..., ...)``
returning a mapping of figures); when that module is absent the group reports "not available".
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "benchmarks" / "results.json"
GROUPS = ("render-default", "render-full", "render-components", "update", "bootstrap", "check")
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "__pycache__", "*.egg-info", ".*_cache", "sample-project", "results.json"
)
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
# One line that v0.0.2 of each template changes; the first candidate that exists is used.
CHANGED_FILE_CANDIDATES = (
    "template/.editorconfig",
    "template/.editorconfig.jinja",
    "template/.gitignore.jinja",
    "template/.gitignore",
)
TIMEOUT_S = 600

# The largest answer set: secure, every language, kubernetes.
FULL_ANSWERS: dict[str, Any] = {
    "quality_level": "secure",
    "deploy_provider": "kubernetes",
    "components": [
        {"name": "app", "kind": "application", "language": "python", "paths": ["src/app"]},
        {"name": "core", "kind": "library", "language": "python", "paths": ["src/core"]},
        {"name": "tools", "kind": "script", "language": "shell"},
        {"name": "engine", "kind": "library", "language": "cpp"},
        {"name": "client", "kind": "library", "language": "ruby"},
        {"name": "db", "kind": "library", "language": "sql"},
    ],
}


def many_components(count: int) -> dict[str, Any]:
    """``count`` Python components (alternating cli and library), to measure per-component cost."""
    components = []
    for index in range(1, count + 1):
        name = f"comp-{index:02d}"
        kind = "cli" if index % 2 else "library"
        components.append({"name": name, "kind": kind, "language": "python", "paths": [f"src/comp_{index:02d}"]})
    return {"components": components}


class BenchError(RuntimeError):
    """A benchmarked command failed: the figure would be meaningless."""


@dataclass
class Case:
    """One timed command; ``prepare`` runs untimed before each run, ``cleanup`` untimed after it."""

    name: str
    label: str
    command: Callable[[int], tuple[list[str], Path | None]]
    prepare: Callable[[int], None] = lambda run: None
    cleanup: Callable[[int], None] = lambda run: None
    require_success: bool = True
    env: Mapping[str, str] | None = None  # None: the workspace's environment
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_samples)


@dataclass
class Results:
    runs: int
    cases: dict[str, Case] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    not_available: dict[str, str] = field(default_factory=dict)


def subprocess_env(settings: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "COPIER_", "PYVE_"))}
    env.update(GIT_IDENTITY)
    env["COPIER_SETTINGS_PATH"] = str(settings)
    env["PYVE_CACHE_DIR"] = str(cache)  # starts empty: each case's first run is a cold one
    return env


def run_checked(cmd: Sequence[str], cwd: Path | None, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        list(cmd), cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    if result.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}".strip())
    return result


class Workspace:
    """Temporary template repositories (ours and the floor), answer files and output folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        settings = root / "copier-settings.yml"
        settings.write_text("{}\n")
        self.env = subprocess_env(settings, root / "pyve-cache")
        self.copier = [sys.executable, "-m", "copier"]
        self.pyve = root / "pyve"
        self.floor = root / "floor"
        self.outputs = root / "out"
        self.outputs.mkdir()
        self.pyve_changed_output = ""

    def git(self, cwd: Path, *args: str) -> str:
        return run_checked(["git", "-c", "commit.gpgsign=false", *args], cwd, self.env).stdout.strip()

    def _commit_and_tag(self, repo: Path, tag: str) -> None:
        self.git(repo, "add", "-A")
        self.git(repo, "commit", "-q", "-m", tag)
        self.git(repo, "tag", tag)

    def build_pyve(self) -> None:
        """This checkout's working tree as v0.0.1, and v0.0.2 with one changed line."""
        shutil.copytree(REPO, self.pyve, ignore=COPY_IGNORE)
        self.git(self.pyve, "init", "-q")
        self._commit_and_tag(self.pyve, "v0.0.1")
        changed = next((self.pyve / c for c in CHANGED_FILE_CANDIDATES if (self.pyve / c).is_file()), None)
        if changed is None:
            changed = self.pyve / "template" / "BENCHMARK.md"
            changed.write_text("")
        with changed.open("a") as handle:
            handle.write("# changed by the benchmark's v0.0.2\n")
        self.pyve_changed_output = changed.relative_to(self.pyve / "template").as_posix().removesuffix(".jinja")
        self._commit_and_tag(self.pyve, "v0.0.2")
        self.git(self.pyve, "gc", "-q", "--prune=now")  # packed, as a template repository users clone is

    def build_floor(self) -> None:
        """The floor: one question, one templated file (plus the answers file ``copier update`` needs), two tags.

        Like ours it keeps its files under ``_subdirectory``: at the repository root Copier would also walk
        and path-render every file of ``.git``, which makes a slower, less honest floor.
        """
        files = self.floor / "template"
        files.mkdir(parents=True)
        (self.floor / "copier.yml").write_text("_subdirectory: template\nname:\n  type: str\n  default: floor\n")
        (files / "{{ _copier_conf.answers_file }}.jinja").write_text("{{ _copier_answers | to_nice_yaml -}}\n")
        (files / "README.md.jinja").write_text("# {{ name }}\n")
        self.git(self.floor, "init", "-q")
        self._commit_and_tag(self.floor, "v0.0.1")
        (files / "README.md.jinja").write_text("# {{ name }}, v0.0.2\n")
        self._commit_and_tag(self.floor, "v0.0.2")
        self.git(self.floor, "gc", "-q", "--prune=now")

    def answers_file(self, name: str, answers: Mapping[str, Any]) -> Path:
        path = self.root / f"{name}.yml"
        path.write_text(json.dumps(answers, indent=2) + "\n")  # JSON is YAML
        return path

    def copy_cmd(self, src: Path, dst: Path, ref: str = "HEAD", data_file: Path | None = None) -> list[str]:
        cmd = [*self.copier, "copy", "--quiet", "--defaults", "--trust", "--vcs-ref", ref]
        if data_file is not None:
            cmd += ["--data-file", str(data_file)]
        return [*cmd, str(src), str(dst)]

    def render(self, src: Path, dst: Path, ref: str = "HEAD", data_file: Path | None = None) -> Path:
        run_checked(self.copy_cmd(src, dst, ref, data_file), None, self.env)
        return dst

    def commit_project(self, project: Path) -> str:
        """Make a rendered project a git repository with one commit, as a user's would be."""
        self.git(project, "init", "-q")
        self.git(project, "add", "-A")
        self.git(project, "commit", "-q", "-m", "rendered")
        return self.git(project, "rev-parse", "HEAD")


def children_cpu_s() -> float:
    """User + system CPU time of every finished child process (and theirs, e.g. Copier's git calls)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cases(cases: Sequence[Case], runs: int, env: Mapping[str, str], log: Callable[[str], None]) -> None:
    """Run every case ``runs`` times, in turn, timing only the command itself."""
    for run in range(runs):
        for case in cases:
            case.prepare(run)
            cmd, cwd = case.command(run)
            cpu_start = children_cpu_s()
            start = time.perf_counter()
            case_env = dict(case.env if case.env is not None else env)
            result = subprocess.run(cmd, cwd=cwd, env=case_env, capture_output=True, text=True, timeout=TIMEOUT_S)
            elapsed = time.perf_counter() - start
            cpu = children_cpu_s() - cpu_start
            if result.returncode != 0 and case.require_success:
                raise BenchError(f"{case.label}: {' '.join(cmd)} exited {result.returncode}:\n{result.stderr[-3000:]}")
            case.samples.append(elapsed)
            case.cpu_samples.append(cpu)
            case.cleanup(run)
            log(f"  {case.name} run {run + 1}/{runs}: {elapsed:.3f} s wall, {cpu:.3f} s CPU")


def render_cases(ws: Workspace, groups: set[str]) -> list[Case]:
    """Copier copy of the floor and of our template for each selected answer set."""

    def render_case(
        name: str, label: str, src: Path, data_file: Path | None, env: Mapping[str, str] | None = None
    ) -> Case:
        def dst(run: int) -> Path:
            return ws.outputs / f"{name}-{run}"

        return Case(
            name=name,
            label=label,
            command=lambda run: (ws.copy_cmd(src, dst(run), data_file=data_file), None),
            cleanup=lambda run: shutil.rmtree(dst(run), ignore_errors=True),
            env=env,
        )

    cases = []
    if groups & {"render-default", "render-full"}:
        cases.append(render_case("render_floor", "render: floor (one-file template)", ws.floor, None))
    if groups & {"render-default", "render-components"}:
        cases.append(render_case("render_default", "render: default answers (1 component)", ws.pyve, None))
    if "render-full" in groups:
        data = ws.answers_file("full", FULL_ANSWERS)
        cases.append(render_case("render_full", "render: secure, 5 languages, kubernetes", ws.pyve, data))
    if "render-components" in groups:
        data = ws.answers_file("components-20", many_components(20))
        cases.append(render_case("render_components_20", "render: 20 components", ws.pyve, data))
    return cases


def update_cases(ws: Workspace) -> list[Case]:
    """``copier update`` v0.0.1 -> v0.0.2 of a committed project, reset after every run."""

    def update_case(name: str, label: str, src: Path, marker: str) -> Case:
        project = ws.render(src, ws.outputs / name, ref="v0.0.1")
        rendered_sha = ws.commit_project(project)

        def cleanup(run: int) -> None:
            if run == 0:  # the update must have landed, or the figure times nothing
                status = ws.git(project, "status", "--porcelain")
                if marker not in status:
                    raise BenchError(f"{label}: v0.0.2's change did not land:\n{status}")
            ws.git(project, "reset", "-q", "--hard", rendered_sha)
            ws.git(project, "clean", "-q", "-fdx")

        cmd = [*ws.copier, "update", "--quiet", "--defaults", "--trust", "--vcs-ref", "v0.0.2"]
        return Case(name=name, label=label, command=lambda run: (cmd, project), cleanup=cleanup)

    return [
        update_case("update_floor", "update: floor v0.0.1 -> v0.0.2", ws.floor, "README.md"),
        update_case("update_pyve", "update: default project v0.0.1 -> v0.0.2", ws.pyve, ws.pyve_changed_output),
    ]


def pyve_gen_cmd(*args: str) -> list[str]:
    """``pyve-gen`` from this checkout (not whichever copy is installed)."""
    return [sys.executable, "-c", "import sys; from pyve_gen.cli import main; sys.exit(main())", *args]


def check_case(ws: Workspace, results: Results) -> Case | None:
    env = dict(ws.env)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    probe = subprocess.run(pyve_gen_cmd("check", "--help"), env=env, capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        results.not_available["check"] = "`pyve-gen check` is not available in this checkout"
        return None
    project = ws.render(ws.pyve, ws.outputs / "check-project")
    ws.commit_project(project)
    verdict = subprocess.run(pyve_gen_cmd("check", str(project)), env=env, capture_output=True, text=True)
    results.extra["check"] = {"exit_code": verdict.returncode, "output_tail": verdict.stdout[-800:]}
    # The figure is the time to a verdict; a failing gate is still a verdict, so any exit code is accepted.
    return Case(
        name="check_default",
        label="pyve-gen check on a default project",
        command=lambda run: (pyve_gen_cmd("check", str(project)), None),
        require_success=False,
        env=env,
    )


def bootstrap_figures(ws: Workspace, runs: int, quick: bool, results: Results) -> None:
    """Delegate to ``benchmarks/bootstrap.py`` when this checkout has it."""
    try:
        module = importlib.import_module("benchmarks.bootstrap")
    except ModuleNotFoundError as error:
        if error.name not in ("benchmarks", "benchmarks.bootstrap"):
            raise
        results.not_available["bootstrap"] = "bootstrap: not available in this checkout"
        return
    func = next((getattr(module, n) for n in ("benchmark", "run", "main") if callable(getattr(module, n, None))), None)
    if func is None:
        results.not_available["bootstrap"] = "bootstrap: benchmarks/bootstrap.py has no benchmark() function"
        return
    offered = {
        "runs": runs,
        "quick": quick,
        "workdir": ws.root / "bootstrap",
        "template": ws.pyve,
        "python": sys.executable,
        "env": dict(ws.env),
    }
    params = inspect.signature(func).parameters
    kwargs = {k: v for k, v in offered.items() if k in params}
    figures = func(**kwargs)
    if not isinstance(figures, Mapping):
        raise BenchError(f"benchmarks.bootstrap.{func.__name__}() returned {type(figures).__name__}, not a mapping")
    results.extra["bootstrap"] = json.loads(json.dumps(figures, default=str))


def ratio(results: Results, name: str, base: str, cpu: bool = False) -> float | None:
    if name in results.cases and base in results.cases and results.cases[name].samples:
        case, base_case = results.cases[name], results.cases[base]
        return case.cpu_median / base_case.cpu_median if cpu else case.median / base_case.median
    return None


def bootstrap_speedup(figures: Mapping[str, Any]) -> float | None:
    """The uv path's speed-up over plain pip, from whatever names bootstrap.py reports it under."""
    for key in ("speedup_uv_vs_pip", "uv_speedup", "speedup_uv", "speedup"):
        if isinstance(figures.get(key), (int, float)):
            return float(figures[key])
    uv = next(
        (figures[k] for k in ("uv_s", "init_uv_s", "pyve_uv_s") if isinstance(figures.get(k), (int, float))), None
    )
    pip = next(
        (figures[k] for k in ("pip_s", "venv_pip_s", "plain_pip_s") if isinstance(figures.get(k), (int, float))), None
    )
    return pip / uv if uv and pip else None


# (target, case, base case or None for an absolute time, comparison, limit)
RATIO_TARGETS: tuple[tuple[str, str, str | None, str, float], ...] = (
    ("full render / floor render", "render_full", "render_floor", "<=", 1.25),
    ("20 components / 1 component", "render_components_20", "render_default", "<=", 1.5),
    ("our update / floor update", "update_pyve", "update_floor", "<=", 1.5),
    ("pyve-gen check (s)", "check_default", None, "<=", 0.5),
)


def targets(results: Results) -> list[dict[str, Any]]:
    """The issue's targets: ratios of wall-clock medians from the same run (CPU-time ratios alongside)."""
    rows: list[tuple[str, float | None, float | None, str, float]] = []
    for name, case, base, op, limit in RATIO_TARGETS:
        if base is not None:
            rows.append((name, ratio(results, case, base), ratio(results, case, base, cpu=True), op, limit))
        elif case in results.cases:
            rows.append((name, results.cases[case].median, results.cases[case].cpu_median, op, limit))
        else:
            rows.append((name, None, None, op, limit))
    speedup = bootstrap_speedup(results.extra.get("bootstrap", {}))
    rows.insert(3, ("bootstrap: uv speed-up over pip", speedup, None, ">=", 10.0))
    out = []
    for name, value, cpu_value, op, limit in rows:
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out.append({"target": name, "value": value, "cpu_value": cpu_value, "op": op, "limit": limit, "met": met})
    return out


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if "model name" in line
            ),
            "",
        )
    except OSError:
        pass
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "copier": metadata.version("copier"),
        "copier_template_extensions": metadata.version("copier-template-extensions"),
        "git": git,
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def report(results: Results, command: str) -> dict[str, Any]:
    pairs = {
        "render_default_vs_floor": ("render_default", "render_floor"),
        "render_full_vs_floor": ("render_full", "render_floor"),
        "render_components_20_vs_1": ("render_components_20", "render_default"),
        "update_vs_floor_update": ("update_pyve", "update_floor"),
    }
    return {
        "command": command,
        "machine": machine(),
        "runs": results.runs,
        "cases": {
            name: {
                "label": c.label,
                "median_s": c.median,
                "cpu_median_s": c.cpu_median,
                "samples_s": c.samples,
                "cpu_samples_s": c.cpu_samples,
            }
            for name, c in results.cases.items()
            if c.samples
        },
        "ratios": {key: ratio(results, *pair) for key, pair in pairs.items()},
        "cpu_ratios": {key: ratio(results, *pair, cpu=True) for key, pair in pairs.items()},
        "bootstrap": results.extra.get("bootstrap"),
        "check": results.extra.get("check"),
        "targets": targets(results),
        "not_available": results.not_available,
        "errors": results.errors,
    }


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_table(data: Mapping[str, Any]) -> str:
    lines = [f"{'benchmark (median of ' + str(data['runs']) + ')':<46} {'wall':>9} {'CPU':>9}", "-" * 66]
    for case in data["cases"].values():
        lines.append(f"{case['label']:<46} {case['median_s']:>7.3f} s {case['cpu_median_s']:>7.3f} s")
    for key, value in (data.get("bootstrap") or {}).items():
        if isinstance(value, float):
            unit = " s" if key.endswith("_s") else "  "
            lines.append(f"{'bootstrap: ' + key:<46} {value:>7.3f}{unit}")
    lines += ["", f"{'target':<46} {'wall':>9} {'CPU':>9}  {'limit':<9} met", "-" * 80]
    for row in data["targets"]:
        met = {True: "yes", False: "NO", None: "-"}[row["met"]]
        limit = f"{row['op']} {row['limit']}"
        lines.append(f"{row['target']:<46} {_figure(row['value']):>9} {_figure(row['cpu_value']):>9}  {limit:<9} {met}")
    for message in data["not_available"].values():
        lines.append(message)
    for group, message in data["errors"].items():
        lines.append(f"ERROR in {group}: {message.splitlines()[0] if message else ''}")
    return "\n".join(lines)


def format_markdown(data: Mapping[str, Any]) -> str:
    """The same figures as Markdown tables, for docs/performance.md."""
    m = data["machine"]
    load = ", ".join(f"{x:.1f}" for x in m.get("load_average_at_start") or [])
    lines = [
        f"Command: `{data['command']}` (median of {data['runs']} runs per case, cases alternating).",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['platform']}, Python {m['python']}, Copier {m['copier']}, "
        f"copier-template-extensions {m['copier_template_extensions']}, {m['git']}; load average at start {load}.",
        "",
        "| case | wall median | CPU median |",
        "| --- | ---: | ---: |",
    ]
    for case in data["cases"].values():
        lines.append(f"| {case['label']} | {case['median_s']:.3f} s | {case['cpu_median_s']:.3f} s |")
    for key, value in (data.get("bootstrap") or {}).items():
        if isinstance(value, float):
            lines.append(f"| bootstrap: {key} | {value:.3f}{' s' if key.endswith('_s') else ''} | |")
    lines += ["", "| target | wall | CPU | limit | met |", "| --- | ---: | ---: | --- | --- |"]
    for row in data["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(
            f"| {row['target']} | {_figure(row['value'])} | {_figure(row['cpu_value'])} | {row['op']} {row['limit']} | {met} |"
        )
    lines += [f"\n{message}" for message in data["not_available"].values()]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 runs per case instead of 5 (development)")
    parser.add_argument("--runs", type=int, help="runs per case (default 5, or 3 with --quick)")
    parser.add_argument(
        "--bootstrap-runs",
        type=int,
        help="runs of each bootstrap case (default: --runs); each takes seconds to minutes",
    )
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups from: {', '.join(GROUPS)}")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON results")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every run's time")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (for docs/performance.md)")
    parser.add_argument("--report-only", action="store_true", help="print the tables of an existing --output file")
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}")
    args.runs = args.runs or (3 if args.quick else 5)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        data = json.loads(args.output.read_text())
        print(format_markdown(data) if args.markdown else format_table(data))
        return 0
    groups = set(args.only.split(","))
    missing = [name for name in ("copier", "copier_template_extensions") if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"run.py: {', '.join(missing)} not importable by {sys.executable}; use .venv-dev/bin/python",
            file=sys.stderr,
        )
        return 2
    command = " ".join(["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    results = Results(runs=args.runs)

    def log(message: str) -> None:
        if args.verbose:
            print(message, file=sys.stderr, flush=True)

    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="pyve-bench-") as tmp:
        ws = Workspace(Path(tmp))
        ws.build_pyve()
        ws.build_floor()
        plan: list[tuple[str, Callable[[], list[Case]]]] = []
        if groups & {"render-default", "render-full", "render-components"}:
            plan.append(("render", lambda: render_cases(ws, groups)))
        if "update" in groups:
            plan.append(("update", lambda: update_cases(ws)))
        if "check" in groups:
            plan.append(("check", lambda: [c for c in [check_case(ws, results)] if c is not None]))
        for group, build in plan:
            print(f"{group} ...", file=sys.stderr, flush=True)
            try:
                cases = build()
                time_cases(cases, args.runs, ws.env, log)
            except (BenchError, subprocess.TimeoutExpired) as error:
                results.errors[group] = str(error)
                continue
            results.cases.update({case.name: case for case in cases})
        if "bootstrap" in groups:
            print("bootstrap ...", file=sys.stderr, flush=True)
            try:
                bootstrap_figures(ws, args.bootstrap_runs or args.runs, args.quick, results)
            except Exception as error:  # another module's failure must not lose the other figures
                results.errors["bootstrap"] = f"{type(error).__name__}: {error}"
    data = report(results, command)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=2) + "\n")
    print(format_markdown(data) if args.markdown else format_table(data))
    print(f"\nwrote {args.output}")
    return 1 if results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
