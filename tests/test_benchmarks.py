"""benchmarks/run.py runs end to end and writes the results file the docs and the lead rely on (no time is asserted)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run_benchmark(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), *args, "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result, json.loads(output.read_text())


@pytest.mark.slow
def test_quick_render_default_writes_results(tmp_path: Path) -> None:
    result, data = _run_benchmark(tmp_path, "--quick", "--only", "render-default")
    assert set(data) >= {"command", "machine", "runs", "cases", "ratios", "targets", "not_available", "errors"}
    assert data["runs"] == 3
    assert set(data["cases"]) == {"render_floor", "render_default"}
    for case in data["cases"].values():
        assert len(case["samples_s"]) == 3
        assert all(sample > 0 for sample in case["samples_s"])
        assert min(case["samples_s"]) <= case["median_s"] <= max(case["samples_s"])
    ratio = data["ratios"]["render_default_vs_floor"]
    assert ratio == pytest.approx(
        data["cases"]["render_default"]["median_s"] / data["cases"]["render_floor"]["median_s"]
    )
    assert {"nproc", "python", "copier"} <= set(data["machine"])
    assert [row["target"] for row in data["targets"]][0] == "full render / floor render"
    assert data["errors"] == {}
    assert "render: default answers (1 component)" in result.stdout


@pytest.mark.slow
def test_update_and_check_groups_report_figures_or_absence(tmp_path: Path) -> None:
    result, data = _run_benchmark(tmp_path, "--runs", "1", "--only", "update,check")
    # run.py verifies on the first run that v0.0.2's change landed, so a timed no-op would be an error here
    assert set(data["cases"]) >= {"update_floor", "update_pyve"}
    assert data["ratios"]["update_vs_floor_update"] > 0
    assert data["cpu_ratios"]["update_vs_floor_update"] > 0
    assert ("check_default" in data["cases"]) != ("check" in data["not_available"])
    for message in data["not_available"].values():
        assert message in result.stdout


def _run_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_run_under_test", REPO / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_bootstrap_figures_come_from_benchmarks_bootstrap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = _run_module()
    workspace = SimpleNamespace(root=tmp_path, pyve=tmp_path / "pyve", env={"A": "1"})
    calls: list[dict[str, Any]] = []

    def benchmark(runs: int, workdir: Path, env: dict[str, str]) -> dict[str, Any]:
        calls.append({"runs": runs, "workdir": workdir, "env": env})
        return {"init_uv_s": 2.0, "plain_pip_s": 30.0, "speedup_uv_vs_pip": 15.0}

    monkeypatch.setitem(sys.modules, "benchmarks.bootstrap", SimpleNamespace(benchmark=benchmark))
    results = run.Results(runs=5)
    run.bootstrap_figures(workspace, 5, False, results)
    assert calls == [{"runs": 5, "workdir": tmp_path / "bootstrap", "env": {"A": "1"}}]
    assert results.extra["bootstrap"]["speedup_uv_vs_pip"] == 15.0
    row = next(r for r in run.targets(results) if r["target"].startswith("bootstrap"))
    assert (row["value"], row["met"]) == (15.0, True)

    monkeypatch.setitem(sys.modules, "benchmarks.bootstrap", None)  # import fails: module absent
    results = run.Results(runs=5)
    run.bootstrap_figures(workspace, 5, False, results)
    assert results.not_available["bootstrap"] == "bootstrap: not available in this checkout"


def _bootstrap_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "benchmarks_bootstrap_under_test", REPO / "benchmarks" / "bootstrap.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stock_bootstrap_report_alternates_sides_and_shows_the_load() -> None:
    """The stock-vs-uv ratios come from one interleaved run (ABBA) and are printed with the machine's load."""
    bootstrap = _bootstrap_module()
    assert [bootstrap.stock_order(run) for run in range(4)] == [("stock", "uv"), ("uv", "stock")] * 2
    three = [bootstrap.stock_order(run, ("stock", "uv", "pip")) for run in range(3)]
    assert all(sorted(order[place] for order in three) == ["pip", "stock", "uv"] for place in range(3))
    figures: dict[str, Any] = {
        "stock_init_cold_s": 6.0,
        "uv_init_cold_s": 4.0,
        "stock_vs_uv_cold": 1.5,
        "stock_init_warm_s": 2.0,
        "uv_init_warm_s": 2.0,
        "stock_vs_uv_warm": 1.0,
        "samples_s": {"stock_cold": [6.0], "uv_cold": [4.0]},
        "load_1min": {"min": 0.5, "median": 1.0, "max": 2.5},
        "nproc": 2,
        "runs": 1,
        "python": "python3.11",
        "source": "the real index (network)",
    }
    for phase in ("cold", "warm"):
        figures |= {f"stall_free_stock_{phase}_s": 3.0, f"stall_free_uv_{phase}_s": 2.0}
        figures |= {f"stall_free_stock_vs_uv_{phase}": 1.5, f"stall_free_count_{phase}": "stock 2/3, uv 3/3"}
    for phase, total in (("warm", 12.0), ("cold", 20.0)):
        figures[f"first_green_{phase}_s"] = total
        figures |= {f"first_green_{phase}_{step}_s": 1.0 for step in ("copy", "git", "init", "make_test")}
    text = bootstrap.format_stock(figures)
    assert "1-minute load average during the samples: 0.5 .. 2.5 (median 1.0) on 2 CPUs" in text
    assert re.search(r"stock / uv on PATH \(cold; target <= 1\.5\)\s+1\.50x", text)
    assert re.search(r"first green make test \(stock, warm; target <= 30 s\)\s+12\.00 s", text)
    assert "samples of stock_cold (s): [6.0]" in text
    assert re.search(r"stall-free medians, cold: .*\(stock 2/3, uv 3/3 samples\)\s+3\.00 / 2\.00 s = 1\.50x", text)


def test_a_sample_with_a_network_stall_is_told_apart() -> None:
    """The resolver's 5 s timeouts land on either side; the stall-free ratio leaves them out."""
    bootstrap = _bootstrap_module()
    assert bootstrap.stall_free([2.9, 8.1, 3.3]) == [2.9, 3.3]
    assert bootstrap.stall_free([6.5, 1.8, 6.5]) == [1.8]
    assert bootstrap.stall_free([1.2]) == [1.2]
