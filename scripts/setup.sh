#!/usr/bin/env bash
# Set up this repository's development environment on a fresh machine:
# Debian tools from scripts/system-packages.txt (when root and apt-get exist), then a virtual
# environment .venv-dev with the pinned test dependencies and pyve-gen itself (editable).
set -euo pipefail
cd "$(dirname "$0")/.."

install_system_packages() {
  local wanted=() pkg
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    dpkg -s "$pkg" >/dev/null 2>&1 || wanted+=("$pkg")
  done <scripts/system-packages.txt
  ((${#wanted[@]})) || return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${wanted[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
  else
    echo "setup: WARNING: missing Debian packages (install them, or tests needing them are skipped): ${wanted[*]}" >&2
  fi
}

if command -v dpkg >/dev/null; then install_system_packages; fi

if [[ ! -x .venv-dev/bin/python ]]; then
  python3 -m venv .venv-dev
fi
.venv-dev/bin/python -m pip install -q --upgrade pip
.venv-dev/bin/python -m pip install -q --require-hashes -r requirements-dev.txt
.venv-dev/bin/python -m pip install -q --no-deps --no-build-isolation -e .
echo "setup: ready (.venv-dev)"
