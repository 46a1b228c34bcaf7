#!/usr/bin/env python3
"""Bootstrap benchmark: ``./pyve.sh --init`` with uv, with pip (the pip-tools path), and plain
``python -m venv && pip install --require-hashes -r ...``, in one run, as ratios.

    python benchmarks/bootstrap.py               # medians of 3 runs, printed as a table
    python benchmarks/bootstrap.py --runs 5 --json
    python benchmarks/bootstrap.py --stock --runs 1   # stock Python (no uv) vs uv on PATH, real index
    python benchmarks/bootstrap.py --stock --runs 6 --no-first-green --compare-pip-path
                                      # --init only, plus the stock side with uv installed by pip

Every case installs the same rendered project's locks from the same local wheelhouse (the shipped dev
lock, downloaded once into the temp dir), so the figures compare the tools, not the network. The uv
case starts from an empty uv cache each run (a first bootstrap); ``init_uv_warm_s`` is the re-run
with the cache filled. The cases run in turn (uv, pip-tools, plain, uv, ...) so a load change on the
machine hits every side of a ratio. Nothing here asserts a time.

``benchmarks/run.py`` calls :func:`benchmark` and records the mapping it returns.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PY_MINOR = f"{sys.version_info.major}.{sys.version_info.minor}"
NETWORK_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy")
CERT_VARS = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "PIP_CERT")
PLAIN_INSTALL = (
    'set -e; "$1" -m venv .venv; '
    ".venv/bin/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt"
)


def _wheelhouse(lock: Path, python: str) -> Path:
    """Wheels of ``lock`` for ``python``, downloaded once per lock content (shared with the tests)."""
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"pyve-test-wheelhouse-{PY_MINOR}-{digest}"
    if not (folder / ".complete").exists():
        partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        subprocess.run(
            [python, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--require-hashes"]
            + ["--only-binary=:all:", "--dest", str(partial), "-r", str(lock)],
            check=True,
        )
        (partial / ".complete").write_text("")
        try:
            partial.rename(folder)
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)
    return folder


def _base_python(python: str) -> Path:
    found = subprocess.run(
        [python, "-c", "import sys; print(getattr(sys, '_base_executable', '') or sys.executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Path(found)


def _render(template: Path, dest: Path, env: Mapping[str, str]) -> Path:
    """A default project supporting the running Python only, rendered with the real Copier."""
    code = (
        "import sys; from copier import run_copy; "
        "run_copy(sys.argv[1], sys.argv[2], data={'python_versions': [sys.argv[3]]}, defaults=True, "
        "unsafe=True, quiet=True)"
    )
    subprocess.run([sys.executable, "-c", code, str(template), str(dest), PY_MINOR], env=dict(env), check=True)
    return dest


def _sandbox(root: Path, wheelhouse: Path, python: Path, with_uv: bool) -> dict[str, str]:
    """PATH with python3.X (and uv when asked) only: no pyenv/asdf, installs from the wheelhouse."""
    shim = root / ("shim-uv" if with_uv else "shim-pip")
    if not shim.exists():
        shim.mkdir(parents=True)
        (shim / f"python{PY_MINOR}").symlink_to(python)
        if with_uv:
            # The benchmark's own environment (.venv-dev) has uv even when its bin/ is not on PATH.
            search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
            uv = shutil.which("uv", path=search)
            if uv is None:
                raise LookupError("uv is not on PATH nor beside this Python")
            (shim / "uv").symlink_to(uv)
    env = {name: os.environ[name] for name in NETWORK_VARS + CERT_VARS if name in os.environ}
    env |= {
        "PATH": f"{shim}:/usr/bin:/bin",
        "HOME": str(root / "home"),
        "LANG": "C.UTF-8",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_CONFIG": "1",
    }
    return env


def _timed(command: list[str], cwd: Path, env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=dict(env), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}{result.stderr}")
    return elapsed


def benchmark(
    runs: int = 3,
    workdir: Path | None = None,
    template: Path | None = None,
    python: str | None = None,
    env: Mapping[str, str] | None = None,
    quick: bool = False,
) -> dict[str, Any]:
    """Median seconds of each bootstrap path and their ratios (a flat mapping for benchmarks/run.py).

    ``quick`` runs each case once (a pip install of the dev lock takes tens of seconds).
    """
    runs = 1 if quick else max(1, runs)
    python = python or sys.executable
    base_env = dict(env if env is not None else os.environ)
    owned = workdir is None
    root = Path(tempfile.mkdtemp(prefix="pyve-bench-bootstrap-")) if workdir is None else Path(workdir)
    root.mkdir(parents=True, exist_ok=True)
    try:
        project = _render(template or REPO, root / "project", base_env)
        wheelhouse = _wheelhouse(project / "requirements-dev.txt", python)
        interpreter = _base_python(python)
        (root / "home").mkdir(exist_ok=True)
        uv_env = _sandbox(root, wheelhouse, interpreter, with_uv=True)
        pip_env = _sandbox(root, wheelhouse, interpreter, with_uv=False)
        samples: dict[str, list[float]] = {"uv": [], "uv_warm": [], "pip_tools": [], "plain": []}
        for run in range(runs):
            cases = (
                ("uv", uv_env | {"UV_CACHE_DIR": str(root / f"uv-cache-{run}")}, ["./pyve.sh", "--init"]),
                ("uv_warm", uv_env | {"UV_CACHE_DIR": str(root / f"uv-cache-{run}")}, ["./pyve.sh", "--init"]),
                ("pip_tools", pip_env, ["./pyve.sh", "--init"]),
                ("plain", pip_env, ["bash", "-c", PLAIN_INSTALL, "bash", f"python{PY_MINOR}"]),
            )
            for name, case_env, command in cases:
                copy = root / f"run-{run}-{name}"
                shutil.copytree(project, copy)
                samples[name].append(_timed(command, copy, case_env))
                shutil.rmtree(copy, ignore_errors=True)
            shutil.rmtree(root / f"uv-cache-{run}", ignore_errors=True)
    finally:
        if owned:
            shutil.rmtree(root, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in samples.items()}
    return {
        "init_uv_s": median["uv"],
        "init_uv_warm_s": median["uv_warm"],
        "init_pip_tools_s": median["pip_tools"],
        "plain_pip_s": median["plain"],
        "speedup_uv_vs_pip": median["plain"] / median["uv"],
        "speedup_uv_warm_vs_pip": median["plain"] / median["uv_warm"],
        "speedup_uv_vs_pip_tools_path": median["pip_tools"] / median["uv"],
        "pyve_pip_path_vs_plain_pip": median["pip_tools"] / median["plain"],
        "runs": runs,
        "python": PY_MINOR,
        "source": "local wheelhouse of the shipped locks (no network)",
    }


STOCK_PYTHON = Path.home() / ".pyenv" / "versions" / "3.11.7" / "bin" / "python3.11"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"]


def _stock_env(root: Path, home: Path, python: Path, uv: str | None) -> dict[str, str]:
    """A user's shell: python3.X as the distribution ships it (and uv when given), the real index."""
    minor = ".".join(python.name.removeprefix("python").split(".")[:2])
    shim = root / f"shim-{'uv' if uv else 'stock'}"
    if not shim.exists():
        shim.mkdir(parents=True)
        (shim / f"python{minor}").symlink_to(python)
        if uv:
            (shim / "uv").symlink_to(uv)
    home.mkdir(parents=True, exist_ok=True)
    env = {name: os.environ[name] for name in NETWORK_VARS + CERT_VARS if name in os.environ}
    return env | {
        "PATH": f"{shim}:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_CONFIG": "1",
        "COPIER_SETTINGS_PATH": os.devnull,
    }


def stock_order(run: int, sides: tuple[str, ...] = ("stock", "uv")) -> tuple[str, ...]:
    """The order of the sides in run ``run``: each run starts one side later (stock, uv; then uv,
    stock: ABBA for two sides), so a load change on the shared machine hits every side alike."""
    shift = run % len(sides)
    return sides[shift:] + sides[:shift]


# The third side of --compare-pip-path: the stock interpreter with pip's default index named
# explicitly. Nothing is fetched from elsewhere, but a configured pip makes ./pyve.sh install its uv
# with pip (the way every stock --init got it before .pyve/fetch_uv.py): the same run then measures
# both ways of getting uv.
PIP_PATH_ENV = {"PIP_INDEX_URL": "https://pypi.org/simple/"}


# This machine's resolver now and then answers a DNS query only after its 5 s timeout (curl shows it in
# time_namelookup: 10.0 s for one of 26 index pages, 0.001 s for the others); either side of a ratio can
# carry such a stall, and a median of three carries it whenever two samples do. A sample slower than its
# side's fastest by this much is counted as stalled; the ratio over the other samples is printed beside
# the plain medians.
STALL_S = 4.0


def stall_free(values: list[float]) -> list[float]:
    """The samples without a network stall: within STALL_S of the fastest of their side."""
    fastest = min(values)
    return [value for value in values if value - fastest < STALL_S]


def _load() -> float:
    return os.getloadavg()[0]


def _first_green(render: list[str], project: Path, minor: str, env: Mapping[str, str]) -> dict[str, float]:
    """``copier copy`` -> git init and commit -> ``./pyve.sh --init`` -> ``make test``: seconds per step."""
    steps: dict[str, float] = {}
    start = time.perf_counter()
    subprocess.run([*render, str(project), minor], check=True, env=os.environ | env_copier(env))
    steps["copy"] = time.perf_counter() - start
    start = time.perf_counter()
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "render"]):
        subprocess.run([*GIT, *command], cwd=project, check=True, env=env)
    steps["git"] = time.perf_counter() - start
    steps["init"] = _timed(["./pyve.sh", "--init"], project, env)
    steps["make_test"] = _timed(["make", "test"], project, env)
    steps["total"] = sum(steps.values())
    return steps


def stock_benchmark(
    runs: int = 1,
    python: Path = STOCK_PYTHON,
    template: Path | None = None,
    first_green: bool = True,
    compare_pip_path: bool = False,
) -> dict[str, Any]:
    """``./pyve.sh --init`` from the real index: a stock interpreter (its bundled pip, no uv on PATH)
    against uv on PATH, each cold (an empty HOME: no pip, uv or Pyve cache) and warm (the same HOME
    again, a fresh render); then ``copier copy`` to the first green ``make test``, cold (an empty HOME)
    and warm (the stock HOME of the runs before). The sides alternate within each run (see
    :func:`stock_order`) and the 1-minute load average is recorded with every sample."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    uv = shutil.which("uv", path=search)
    if uv is None:
        raise LookupError("uv is not on PATH nor beside this Python")
    if not python.exists():
        raise LookupError(f"no stock interpreter at {python}")
    minor = ".".join(python.name.removeprefix("python").split(".")[:2])
    root = Path(tempfile.mkdtemp(prefix="pyve-bench-stock-"))
    names = ("stock_cold", "uv_cold", "stock_warm", "uv_warm") + (("pip_cold",) if compare_pip_path else ())
    samples: dict[str, list[float]] = {name: [] for name in names}
    green: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    loads: list[float] = []
    try:
        code = (
            "import sys; from copier import run_copy; "
            "run_copy(sys.argv[1], sys.argv[2], data={'python_versions': [sys.argv[3]]}, defaults=True, "
            "unsafe=True, quiet=True)"
        )
        render = [sys.executable, "-c", code, str(template or REPO)]
        tools = {"stock": None, "uv": uv, "pip": None}
        sides = ("stock", "uv", "pip") if compare_pip_path else ("stock", "uv")
        for run in range(max(1, runs)):
            homes = {kind: root / f"home-{kind}-{run}" for kind in tools}
            for phase in ("cold", "warm"):
                for kind in stock_order(run, sides):
                    if f"{kind}_{phase}" not in samples:
                        continue  # the pip side differs from the stock side only when cold
                    env = _stock_env(root, homes[kind], python, tools[kind])
                    env |= PIP_PATH_ENV if kind == "pip" else {}
                    project = root / f"{kind}-{phase}-{run}" / "project"
                    subprocess.run([*render, str(project), minor], check=True, env=os.environ | env_copier(env))
                    loads.append(_load())
                    samples[f"{kind}_{phase}"].append(_timed(["./pyve.sh", "--init"], project, env))
            for phase in ("cold", "warm") if first_green else ():
                home = root / f"home-green-{run}" if phase == "cold" else homes["stock"]
                env = _stock_env(root, home, python, None)
                loads.append(_load())
                green[phase].append(_first_green(render, root / f"green-{phase}-{run}" / "project", minor, env))
            for path in root.iterdir():
                if path.name.endswith(f"-{run}"):
                    shutil.rmtree(path, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in samples.items()}
    figures: dict[str, Any] = {
        "stock_init_cold_s": median["stock_cold"],
        "stock_init_warm_s": median["stock_warm"],
        "uv_init_cold_s": median["uv_cold"],
        "uv_init_warm_s": median["uv_warm"],
        "stock_vs_uv_cold": median["stock_cold"] / median["uv_cold"],
        "stock_vs_uv_warm": median["stock_warm"] / median["uv_warm"],
    }
    for phase in ("cold", "warm"):
        stock, uv_side = stall_free(samples[f"stock_{phase}"]), stall_free(samples[f"uv_{phase}"])
        figures[f"stall_free_stock_{phase}_s"] = statistics.median(stock)
        figures[f"stall_free_uv_{phase}_s"] = statistics.median(uv_side)
        figures[f"stall_free_stock_vs_uv_{phase}"] = statistics.median(stock) / statistics.median(uv_side)
        figures[f"stall_free_count_{phase}"] = f"stock {len(stock)}/{len(samples[f'stock_{phase}'])}, uv " + (
            f"{len(uv_side)}/{len(samples[f'uv_{phase}'])}"
        )
    if compare_pip_path:
        pip_side, stock = stall_free(samples["pip_cold"]), stall_free(samples["stock_cold"])
        figures |= {
            "stall_free_pip_cold_s": statistics.median(pip_side),
            "stall_free_pip_vs_uv_cold": statistics.median(pip_side) / figures["stall_free_uv_cold_s"],
            "stall_free_count_pip_cold": f"{len(pip_side)}/{len(samples['pip_cold'])}",
            "stall_free_stock_vs_pip_cold": statistics.median(stock) / statistics.median(pip_side),
        }
    for phase, steps in green.items() if first_green else ():
        for step in ("total", "copy", "git", "init", "make_test"):
            key = f"first_green_{phase}_s" if step == "total" else f"first_green_{phase}_{step}_s"
            figures[key] = statistics.median(sample[step] for sample in steps)
    figures |= {
        "samples_s": {name: [round(value, 2) for value in values] for name, values in samples.items()},
        "load_1min": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)},
        "nproc": os.cpu_count(),
        "runs": max(1, runs),
        "python": f"{python} (bundled pip, no uv on PATH)",
        "source": "the real index (network)",
    }
    return figures


def env_copier(env: Mapping[str, str]) -> dict[str, str]:
    return {"COPIER_SETTINGS_PATH": env["COPIER_SETTINGS_PATH"]}


def format_stock(figures: Mapping[str, Any]) -> str:
    rows = [
        ("./pyve.sh --init, stock Python, no uv (cold)", f"{figures['stock_init_cold_s']:.2f} s"),
        ("./pyve.sh --init, uv on PATH (cold)", f"{figures['uv_init_cold_s']:.2f} s"),
        ("stock / uv on PATH (cold; target <= 1.5)", f"{figures['stock_vs_uv_cold']:.2f}x"),
        ("./pyve.sh --init, stock Python, no uv (warm)", f"{figures['stock_init_warm_s']:.2f} s"),
        ("./pyve.sh --init, uv on PATH (warm)", f"{figures['uv_init_warm_s']:.2f} s"),
        ("stock / uv on PATH (warm; target <= 1.5)", f"{figures['stock_vs_uv_warm']:.2f}x"),
    ]
    for phase in ("cold", "warm"):
        label = f"stall-free medians, {phase}: stock / uv on PATH ({figures[f'stall_free_count_{phase}']} samples)"
        value = (
            f"{figures[f'stall_free_stock_{phase}_s']:.2f} / {figures[f'stall_free_uv_{phase}_s']:.2f} s = "
            f"{figures[f'stall_free_stock_vs_uv_{phase}']:.2f}x"
        )
        rows.append((label, value))
    if "stall_free_pip_cold_s" in figures:
        label = f"stall-free, cold: uv through pip / uv on PATH ({figures['stall_free_count_pip_cold']} samples)"
        value = (
            f"{figures['stall_free_pip_cold_s']:.2f} / {figures['stall_free_uv_cold_s']:.2f} s = "
            f"{figures['stall_free_pip_vs_uv_cold']:.2f}x"
        )
        rows.append((label, value))
        rows.append(
            ("stall-free, cold: stock (fetch_uv) / uv through pip", f"{figures['stall_free_stock_vs_pip_cold']:.2f}x")
        )
    for phase in ("warm", "cold") if "first_green_warm_s" in figures else ():
        target = "; target <= 30 s" if phase == "warm" else ""
        label = f"copier copy -> first green make test (stock, {phase}{target})"
        rows.append((label, f"{figures[f'first_green_{phase}_s']:.2f} s"))
        for step in ("copy", "git", "init", "make_test"):
            rows.append((f"  {step.replace('_', ' ')}", f"{figures[f'first_green_{phase}_{step}_s']:.2f} s"))
    width = max(len(label) for label, _ in rows)
    load = figures["load_1min"]
    lines = [f"bootstrap, {figures['python']}, median of {figures['runs']} runs, {figures['source']}"]
    lines.append(
        f"1-minute load average during the samples: {load['min']:.1f} .. {load['max']:.1f} "
        f"(median {load['median']:.1f}) on {figures['nproc']} CPUs"
    )
    lines += [f"{label:<{width}}  {value:>8}" for label, value in rows]
    lines += [f"samples of {name} (s): {values}" for name, values in figures["samples_s"].items()]
    return "\n".join(lines)


def format_figures(figures: Mapping[str, Any]) -> str:
    rows = [
        ("./pyve.sh --init, uv (empty uv cache)", f"{figures['init_uv_s']:.2f} s"),
        ("./pyve.sh --init, uv (warm uv cache)", f"{figures['init_uv_warm_s']:.2f} s"),
        ("./pyve.sh --init, pip (pip-tools path)", f"{figures['init_pip_tools_s']:.2f} s"),
        ("python -m venv && pip install --require-hashes", f"{figures['plain_pip_s']:.2f} s"),
        ("speed-up: uv vs plain venv+pip", f"{figures['speedup_uv_vs_pip']:.1f}x"),
        ("speed-up: uv (warm cache) vs plain venv+pip", f"{figures['speedup_uv_warm_vs_pip']:.1f}x"),
        ("speed-up: uv vs pyve.sh pip path", f"{figures['speedup_uv_vs_pip_tools_path']:.1f}x"),
        ("pyve.sh pip path / plain venv+pip", f"{figures['pyve_pip_path_vs_plain_pip']:.2f}"),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"bootstrap, Python {figures['python']}, median of {figures['runs']} runs, {figures['source']}"]
    lines += [f"{label:<{width}}  {value:>8}" for label, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median reported; default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--stock",
        action="store_true",
        help="a stock interpreter without uv against uv on PATH, cold and warm, from the real index; "
        "and copier copy to the first green make test",
    )
    parser.add_argument("--stock-python", type=Path, default=STOCK_PYTHON, help=f"default {STOCK_PYTHON}")
    parser.add_argument(
        "--compare-pip-path",
        action="store_true",
        help="with --stock: a third side, cold, where pip installs the bootstrap uv (PIP_INDEX_URL set to pip's default)",
    )
    parser.add_argument(
        "--no-first-green", action="store_true", help="with --stock: time --init only (more runs in the same time)"
    )
    args = parser.parse_args(argv)
    if args.stock:
        figures = stock_benchmark(
            runs=args.runs,
            python=args.stock_python,
            first_green=not args.no_first_green,
            compare_pip_path=args.compare_pip_path,
        )
        print(json.dumps(figures, indent=2) if args.json else format_stock(figures))
        return 0
    figures = benchmark(runs=args.runs)
    print(json.dumps(figures, indent=2) if args.json else format_figures(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
