#!/usr/bin/env bash
# Regenerate the lockfiles the template ships (template/requirements-bootstrap.txt, requirements-dev.txt
# and the empty runtime
# locks), so a first render needs no network. It renders sample projects supporting Python 3.10+
# (the lowest choice, so the universal lock fits every answer) and runs their own ./pyve.sh --lock
# with uv: the shipped locks are byte for byte what a project's pyve.sh makes.
# Usage: scripts/relock-template.sh [--upgrade]   (--upgrade moves every pin to its newest version)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$repo/.venv-dev/bin:$PATH"
command -v uv >/dev/null || {
  echo "relock-template: uv is required (scripts/setup.sh installs it)" >&2
  exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/pyve-relock.XXXXXX")
trap 'rm -rf "$work"' EXIT

render() { # DEST COMPONENTS [copier args…]
  local dest=$1 components=$2
  shift 2
  copier copy --quiet --trust --defaults \
    --data 'python_versions=["3.10", "3.11", "3.12", "3.13"]' \
    --data "components=$components" "$@" "$repo" "$dest"
}

# No --vcs-ref: Copier includes uncommitted changes, so a relock can ride in the commit it belongs to.
# The app sample is secure and has SQL and C++ (Conan, a coverage floor), so it also locks the security, SQL,
# Conan and gcovr tool locks; the security lock is resolved after the Conan and gcovr ones (./pyve.sh --lock's
# order), so a secure project with C++ installs one consistent set.
render "$work/app" "[{name: sample, kind: cli}, {name: db, kind: script, language: sql, entrypoints: []}, {name: native, kind: library, language: cpp}]" \
  --data quality_level=secure --data security_contact=security@example.com --data cpp_package_manager=conan
render "$work/lib" "[{name: sample, kind: library}]"
# The production sample locks the audit tool (production only: at secure the security lock has it),
# Conan (its C++ component's package manager) and gcovr (that component's coverage floor).
render "$work/prod" "[{name: sample, kind: cli}, {name: native, kind: library, language: cpp}]" \
  --data quality_level=production --data cpp_package_manager=conan
# The docs lock ships once for production and secure: at production it is compiled after the audit lock,
# at secure before the security lock. The production sample locks it first; the secure one starts from
# its pins (kept as preferences), so both levels pin alike, which the diff below checks (their "# via"
# comments differ: only the production one names requirements-audit.txt).
(cd "$work/prod" && PYVE_LOCK_TOOL=uv ./pyve.sh --lock "$@")
cp "$work/prod/requirements-docs.txt" "$work/app/requirements-docs.txt"
(cd "$work/app" && PYVE_LOCK_TOOL=uv ./pyve.sh --lock "$@")
(cd "$work/lib" && PYVE_LOCK_TOOL=uv ./pyve.sh --lock "$@")
pins() { grep -v '^ *#' "$1"; }
diff <(pins "$work/prod/requirements-docs.txt") <(pins "$work/app/requirements-docs.txt") >&2 \
  || {
    echo "relock-template: the docs locks of the production and secure samples pin differently; the shipped lock must fit both" >&2
    exit 1
  }
cmp -s "$work/app/requirements-dev.txt" "$work/lib/requirements-dev.txt" \
  || {
    echo "relock-template: app and lib dev locks differ; the shipped lock must fit both" >&2
    exit 1
  }
cmp -s "$work/app/requirements-bootstrap.txt" "$work/lib/requirements-bootstrap.txt" \
  || {
    echo "relock-template: app and lib bootstrap locks differ" >&2
    exit 1
  }
# The C++ tool locks are resolved after the audit lock in the production sample and before the security lock
# in the secure one: the shipped lock must fit both (the same pins and hashes; uv's "# via" notes differ).
for lock in requirements-conan.txt requirements-gcovr.txt; do
  cmp -s <(pins "$work/app/$lock") <(pins "$work/prod/$lock") \
    || {
      echo "relock-template: the secure and production samples' $lock differ; the shipped lock must fit both" >&2
      exit 1
    }
done
cp "$work/app/requirements-bootstrap.txt" "$repo/template/requirements-bootstrap.txt"
cp "$work/app/requirements-dev.txt" "$repo/template/requirements-dev.txt"
cp "$work/app/requirements.txt" "$repo/template/{% if pyve.files['requirements.txt'] %}requirements.txt{% endif %}"
cp "$work/lib/constraints.txt" "$repo/template/{% if pyve.files['constraints.txt'] %}constraints.txt{% endif %}"
cp "$work/app/requirements-security.txt" "$repo/template/{% if pyve.files['requirements-security.txt'] %}requirements-security.txt{% endif %}"
cp "$work/prod/requirements-audit.txt" "$repo/template/{% if pyve.files['requirements-audit.txt'] %}requirements-audit.txt{% endif %}"
cp "$work/prod/requirements-docs.txt" "$repo/template/{% if pyve.files['requirements-docs.txt'] %}requirements-docs.txt{% endif %}"
cp "$work/app/requirements-conan.txt" "$repo/template/{% if pyve.files['requirements-conan.txt'] %}requirements-conan.txt{% endif %}"
cp "$work/app/requirements-gcovr.txt" "$repo/template/{% if pyve.files['requirements-gcovr.txt'] %}requirements-gcovr.txt{% endif %}"
cp "$work/app/requirements-sql.txt" "$repo/template/{% if pyve.files['requirements-sql.txt'] %}requirements-sql.txt{% endif %}"
echo "relock-template: template locks regenerated; review with: git diff --stat template/"
