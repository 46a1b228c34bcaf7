"""benchmarks/run.py runs end to end and writes the results file the docs and the lead rely on (no time is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
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


def test_update_check_and_bootstrap_groups_report_figures_or_absence(tmp_path: Path) -> None:
    result, data = _run_benchmark(tmp_path, "--runs", "1", "--only", "update,check,bootstrap")
    # run.py verifies on the first run that v0.0.2's change landed, so a timed no-op would be an error here
    assert set(data["cases"]) >= {"update_floor", "update_pyve"}
    assert data["ratios"]["update_vs_floor_update"] > 0
    assert ("check_default" in data["cases"]) != ("check" in data["not_available"])
    assert (data["bootstrap"] is not None) != ("bootstrap" in data["not_available"])
    for message in data["not_available"].values():
        assert message in result.stdout
