#!/usr/bin/env bash
# Render a sample project with the default answers (or: scripts/render-sample.sh DEST [copier args…]).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-sample-project}
shift || true
"$repo/scripts/setup.sh" >/dev/null
"$repo/.venv-dev/bin/copier" copy --trust --defaults --vcs-ref HEAD "$@" "$repo" "$dest"
echo "Rendered a sample project into: $(cd "$dest" && pwd)"
