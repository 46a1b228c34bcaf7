"""A stand-in for Dependabot's uv updater on requirements .in/.txt pairs, which cannot run here.

Dependabot (dependabot-core, `uv/lib/dependabot/uv/file_updater/compile_file_updater.rb`, the
`package-ecosystem: uv` that `.github/dependabot.yml` names) needs GitHub. For one dependency update it:

- recompiles every `X.in` whose lock `X.txt` (matched by name) pins the package, ordered so that an
  input is compiled after the inputs of the locks its `-r`/`-c` lines name;
- runs `uv pip compile --build-isolation --output-file=X.txt -P NAME==VERSION X.in` with the options
  it reads in the lock's text: `--generate-hashes` when it holds a `--hash=sha`, `--no-annotate`
  without a `# via `, `--universal` when it holds `--universal`, `--python-version=V` from a
  `--python-version V` in it (the header written by ./pyve.sh --lock names both);
- puts the lock's original header back.

This module does the same with the real uv, so a test sees the files Dependabot's pull request would
hold. Hash augmentation and index credentials (not used by these projects) are left out.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lock_bump import pins
from packaging.utils import canonicalize_name

PYTHON_VERSION = re.compile(r"--python-version[=\s]+(?P<version>\d+\.\d+(?:\.\d+)?)")
CHILD = re.compile(r"^\s*(?:-r|-c|--requirement|--constraint)[=\s]+(?P<path>\S+)", re.M)


def options_from_lock(text: str) -> list[str]:
    """The flags Dependabot's uv updater derives from a lock's text."""
    options = []
    if "--hash=sha" in text:
        options.append("--generate-hashes")
    if "# via " not in text:
        options.append("--no-annotate")
    if "--universal" in text:
        options.append("--universal")
    match = PYTHON_VERSION.search(text)
    if match:
        options.append(f"--python-version={match['version']}")
    return options


def inputs_to_compile(project: Path, package: str) -> list[str]:
    """Every X.in whose X.txt pins ``package``, in Dependabot's order (after the inputs they name)."""
    name = canonicalize_name(package)
    found = sorted(
        path.name
        for path in project.glob("*.in")
        if (project / f"{path.stem}.txt").exists() and name in pins((project / f"{path.stem}.txt").read_text())
    )
    children = {
        name: {re.sub(r"\.txt$", ".in", match["path"]) for match in CHILD.finditer((project / name).read_text())}
        for name in found
    }
    ordered: list[str] = []
    while remaining := [name for name in found if name not in ordered]:
        ready = [name for name in remaining if not (children[name] - set(ordered)) & set(found)]
        ordered += ready or remaining  # a cycle: Dependabot's loop would not end; here, take the rest
    return ordered


def header(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    return lines[: next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))]


def dependabot_update(project: Path, uv: Path, package: str, version: str, env: dict[str, str]) -> list[str]:
    """Applies one Dependabot update of ``package`` to ``version``; returns the locks it rewrote."""
    changed = []
    for source in inputs_to_compile(project, package):
        lock = project / f"{Path(source).stem}.txt"
        before = lock.read_text()
        command = [str(uv), "pip", "compile", "--quiet", "--build-isolation", *options_from_lock(before)]
        command += [f"--output-file={lock.name}", "-P", f"{package}=={version}", source]
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
        after = lock.read_text()
        after = "".join(header(before)) + after[len("".join(header(after))) :]
        lock.write_text(after)
        if after != before:
            changed.append(lock.name)
    return changed
