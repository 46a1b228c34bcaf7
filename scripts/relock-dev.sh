#!/usr/bin/env bash
# Regenerate requirements-dev.txt (hashed) from requirements-dev.in.
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile --quiet --generate-hashes --python-version 3.11 --universal \
  --output-file requirements-dev.txt requirements-dev.in
