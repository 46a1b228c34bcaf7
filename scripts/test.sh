#!/usr/bin/env bash
# The whole test suite, from a fresh clone: set up, lint our own code, run pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh -k render -x).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv-dev/bin:$PATH"
ruff format --check pyve_gen extensions tests benchmarks scripts/docs_gen.py
ruff check pyve_gen extensions tests benchmarks scripts/docs_gen.py
mypy
# Two workers by default (CI has 2 cores); PYVE_TEST_WORKERS=0 runs in one process.
# The journeys (tests/test_journey.py, marker `journey`: a rendered project's first week on stock
# interpreters, against the real index) run a bounded subset here; PYVE_JOURNEY_MATRIX=full runs them
# all, and scripts/journey-matrix.py prints that matrix with wall times.
python -m pytest -n "${PYVE_TEST_WORKERS:-2}" "$@"
