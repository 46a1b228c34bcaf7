#!/usr/bin/env python3
"""Run the journey test over level x interpreter x uv and print the matrix with wall times.

    .venv-dev/bin/python scripts/journey-matrix.py                # every case (PYVE_JOURNEY_MATRIX=full)
    .venv-dev/bin/python scripts/journey-matrix.py --matrix ci    # the subset scripts/test.sh runs
    .venv-dev/bin/python scripts/journey-matrix.py --report-dir DIR   # print a finished run again

Each case writes its step times to the report folder (tests/journey_support.py, Journal.report);
this script only starts pytest and reads them back. The table is Markdown, for an issue note.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Columns of the breakdown, in journey order; phase_of() sorts each step into one.
PHASES = ("render+init", "local", "dep+lock", "CI replay", "bot bump", "update")


def phase_of(step: str) -> str:
    if step.split(":")[0].split("/")[0].endswith(".yml"):  # "ci.yml/lint: make lint STRICT=1"
        return "CI replay"
    if step.startswith("copier update") or "after the update" in step:
        return "update"
    if "Dependabot" in step or "bumped lock" in step or step.startswith("make lock-check ("):
        return "bot bump"
    if step in ("./pyve.sh --lock", "./pyve.sh --sync") or step.startswith("make test ("):
        return "dep+lock"
    if step.startswith((".venv/bin/", "python -m", "import ", "make lint test")):
        return "local"
    return "render+init"


def run_pytest(matrix: str, workers: int, report: Path, extra: list[str]) -> int:
    env = dict(os.environ, PYVE_JOURNEY_MATRIX=matrix, PYVE_JOURNEY_REPORT=str(report))
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_journey.py",
        "-m",
        "journey",
        "-n",
        str(workers),
        "-q",
        *extra,
    ]
    print("$", f"PYVE_JOURNEY_MATRIX={matrix}", " ".join(command[1:]), file=sys.stderr)
    return subprocess.run(command, cwd=REPO, env=env).returncode


def table(report: Path) -> str:
    rows = [json.loads(path.read_text()) for path in sorted(report.glob("*.json"))]
    order = {"experiment": 0, "prototype": 1, "production": 2, "secure": 3}
    rows.sort(key=lambda row: (row["uv"], row["interpreter"], order.get(row["level"], 9)))
    head = ["level", "interpreter", "uv", "result", "wall time", *PHASES]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        phases = dict.fromkeys(PHASES, 0.0)
        for step in row["steps"]:
            phases[phase_of(step["step"])] += step["seconds"]
        cells = [
            row["level"],
            row["interpreter"],
            "uv" if row["uv"] else "no uv",
            row["outcome"],
            f"{row['seconds']:.0f} s",
            *(f"{seconds:.0f} s" for seconds in phases.values()),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    notes = sorted({step["step"] for row in rows for step in row["steps"] if step["rc"] is None})
    lines += ["", *(f"- not run here: {note}" for note in notes)] if notes else []
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matrix", choices=["full", "ci"], default="full", help="which cases (default: full)")
    parser.add_argument("-n", "--workers", type=int, default=2, help="pytest-xdist workers (default 2)")
    parser.add_argument("--report-dir", type=Path, help="print the table of an earlier run, run nothing")
    parser.add_argument("pytest_args", nargs="*", help="passed on to pytest (after --), e.g. -k secure")
    args = parser.parse_args(argv)
    if args.report_dir:
        print(table(args.report_dir))
        return 0
    report = Path(tempfile.mkdtemp(prefix="pyve-journey-"))
    started = time.monotonic()
    status = run_pytest(args.matrix, args.workers, report, args.pytest_args)
    print()
    print(table(report))
    print(
        f"\n{len(list(report.glob('*.json')))} cases in {time.monotonic() - started:.0f} s with {args.workers} workers; reports in {report}"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
