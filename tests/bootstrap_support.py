"""Helpers for the pyve.sh tests: a controlled PATH, a local wheelhouse, and running the script.

The sandbox PATH holds only the system folders and a shim folder with the interpreter under test, so
a developer's pyenv, asdf or uv never leaks in; a test adds a tool to the shim folder when it wants it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED_DEV_LOCK = REPO / "template" / "requirements-dev.txt"
PY_MINOR = f"{sys.version_info.major}.{sys.version_info.minor}"
PY_FULL = "{}.{}.{}".format(*sys.version_info[:3])
SYSTEM_PATH = "/usr/bin:/bin"
# Network settings a machine may need to reach the registry (proxies, a company CA).
PASSED_THROUGH = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "PIP_CERT",
    "PIP_DEFAULT_TIMEOUT",
    "UV_NATIVE_TLS",
)


def base_python() -> Path:
    """The real interpreter behind the running one (a venv's python is a poor base for new venvs)."""
    base = Path(getattr(sys, "_base_executable", "") or sys.executable)
    return base if base.exists() else Path(sys.executable)


def make_shim(folder: Path, tools: tuple[str, ...] = ()) -> Path:
    """A folder with python3.X (the running version) and the named tools from the current PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"python{PY_MINOR}").symlink_to(base_python())
    for tool in tools:
        found = shutil.which(tool)
        if found is None:
            raise LookupError(tool)
        (folder / tool).symlink_to(found)
    return folder


def sandbox_env(shim: Path, home: Path, wheelhouse: Path | None, **extra: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env |= {
        "PATH": f"{shim}:{SYSTEM_PATH}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": tempfile.gettempdir(),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "UV_CACHE_DIR": str(Path(tempfile.gettempdir()) / "pyve-test-uv-cache"),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_CONFIG": "1",
    }
    if wheelhouse is not None:
        env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse)}
    env |= extra
    return env


def log_python_calls(env: dict[str, str], log: Path) -> None:
    """Replaces the shim's python3.X with a wrapper that appends its arguments to ``log``, one call a line."""
    python = Path(env["PATH"].split(":", 1)[0]) / f"python{PY_MINOR}"
    python.unlink()
    python.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >>"{log}"\nexec "{base_python()}" "$@"\n')
    python.chmod(0o755)


def run_pyve(
    project: Path, *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """./pyve.sh ARGS, from another working directory by default (it must not matter)."""
    return subprocess.run(
        [str(project / "pyve.sh"), *args],
        cwd=cwd or project.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wheelhouse_for(lock: Path) -> Path:
    """Wheels of ``lock`` for the running Python, downloaded once per lock content into the temp dir."""
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"pyve-test-wheelhouse-{PY_MINOR}-{digest}"
    done = folder / ".complete"
    if not done.exists():
        partial = folder.with_name(folder.name + f".partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
            + ["--require-hashes", "--only-binary=:all:", "--dest", str(partial), "-r", str(lock)],
            check=True,
            timeout=600,
        )
        (partial / ".complete").write_text("")
        try:
            partial.rename(folder)
        except OSError:  # another worker got there first
            shutil.rmtree(partial, ignore_errors=True)
    return folder


def source_snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project except what --init creates and what tools cache."""
    skip_dirs = {".venv", ".pytest_cache", "__pycache__", ".mypy_cache", ".ruff_cache", ".git"}
    snapshot: dict[str, bytes] = {}
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if skip_dirs.intersection(relative.parts) or not path.is_file() or relative.name == ".env":
            continue
        snapshot[relative.as_posix()] = path.read_bytes()
    return snapshot


def pyve_lines(gitignore: Path) -> list[str]:
    """The lines pyve.sh recorded below its marker in .gitignore."""
    text = gitignore.read_text()
    marker = "# Pyve: lines below are added and removed by ./pyve.sh (--init / --purge)"
    assert marker in text
    return [line for line in text.split(marker, 1)[1].splitlines() if line.strip()]


def install_fake_pyenv(env: dict[str, str], root: Path, versions: list[str]) -> Path:
    """A stand-in pyenv (real ones differ per machine and are absent in CI) on the sandbox's PATH, listing
    ``versions`` with this Python installed as PY_FULL under ``root``; returns ``root``."""
    bin_dir = root / "versions" / PY_FULL / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(base_python())
    listed = " ".join(f"'{version}'" for version in versions)
    script = Path(env["PATH"].split(":", 1)[0]) / "pyenv"
    script.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            case "$1" in
              root) echo '{root}' ;;
              versions) printf '%s\\n' {listed} ;;
              *) echo "fake pyenv: $*" >&2; exit 1 ;;
            esac
            """)
    )
    script.chmod(0o755)
    return root
