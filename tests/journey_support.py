"""The journey's machine: stock interpreters, a PATH like a user's, timed steps.

A journey runs what a new user runs, on the machine a user has: a Python as pyenv builds it (the
pip it ships, `python -m venv` + ensurepip), no uv on PATH unless the case asks for it, the pip
configuration and index of this machine, no wheelhouse. Nothing of the test's own virtual
environment is on PATH: tools the journey needs from it (copier, uv) are called by absolute path
or linked alone into a folder of their own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyve_gen.model.levels import LEVELS

INTERPRETERS = ("3.10.13", "3.11.7", "3.12.1", "3.13.0")
PYTHON_CHOICES = ("3.10", "3.11", "3.12", "3.13")  # copier.yml's python_versions choices
# What the default (CI) run covers: every level on one interpreter without uv, and one case with uv
# on a second interpreter, longest first. PYVE_JOURNEY_MATRIX=full runs every level x interpreter x uv.
# Without uv every fresh --init downloads the locks (minutes each: the index sends no cache headers),
# so .ci/run takes one stock-pip journey and one uv journey; PYVE_JOURNEY_MATRIX=full runs them all.
CI_CASES = (
    ("production", "3.11.7", False),
    ("secure", "3.12.1", True),
)
DEV_BIN = Path(sys.executable).parent  # the test's own venv: copier and uv come from here
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
# Settings of the user's shell that reach the index: the machine's pip configuration is read from
# its files as it would be for the user; these variables are kept too.
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
    "COPIER_SETTINGS_PATH",
)
PIP_PREFIX = "PIP_"


@dataclass(frozen=True)
class Case:
    level: str
    interpreter: str
    uv: bool

    @property
    def id(self) -> str:
        return f"{self.level}-{self.interpreter}-{'uv' if self.uv else 'no-uv'}"

    @property
    def minor(self) -> str:
        return ".".join(self.interpreter.split(".")[:2])


def cases(matrix: str | None = None) -> list[Case]:
    """The cases to run: PYVE_JOURNEY_MATRIX=full for all of them, else the bounded CI subset."""
    matrix = matrix if matrix is not None else os.environ.get("PYVE_JOURNEY_MATRIX", "ci")
    if matrix == "full":
        return [Case(level, python, uv) for uv in (False, True) for python in INTERPRETERS for level in LEVELS]
    if matrix != "ci":
        raise ValueError(f"PYVE_JOURNEY_MATRIX must be 'ci' or 'full', not {matrix!r}")
    return [Case(*case) for case in CI_CASES]


def pyenv_versions() -> Path:
    return Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"


def stock_bin(interpreter: str) -> Path | None:
    """The bin folder of a pyenv-built interpreter, as pyenv installs it (bundled pip only)."""
    folder = pyenv_versions() / interpreter / "bin"
    return folder if (folder / "python3").exists() else None


def supported_versions(minor: str) -> list[str]:
    """The project's python_versions: from the journey's interpreter up, so it is the lowest."""
    return [
        version
        for version in PYTHON_CHOICES
        if tuple(map(int, version.split("."))) >= tuple(map(int, minor.split(".")))
    ]


def uv_folder(root: Path) -> Path:
    """A folder holding only `uv` (linked from the test's own venv), for the cases with uv."""
    folder = root / "uv-only"
    folder.mkdir(parents=True, exist_ok=True)
    source = DEV_BIN / "uv"
    if not source.exists():
        raise LookupError(f"uv is not installed in {DEV_BIN} (scripts/setup.sh installs it)")
    if not (folder / "uv").exists():
        (folder / "uv").symlink_to(source)
    return folder


def user_env(case: Case, root: Path, caches: Path) -> dict[str, str]:
    """The environment of a user's shell: stock Python first on PATH, uv only when the case says so."""
    python_bin = stock_bin(case.interpreter)
    assert python_bin is not None, case.interpreter
    path = [str(python_bin), *([str(uv_folder(root))] if case.uv else []), *SYSTEM_PATH]
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {name: value for name, value in os.environ.items() if name in PASSED_THROUGH or name.startswith(PIP_PREFIX)}
    env |= {
        "PATH": os.pathsep.join(path),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": str(_mkdir(root / "tmp")),
        # Download caches, shared by the session as a user's machine (and CI's cache action) keeps
        # them: every install still asks the index; nothing is installed from a local folder.
        "PIP_CACHE_DIR": str(_mkdir(caches / "pip")),
        "UV_CACHE_DIR": str(_mkdir(caches / "uv")),
        "UV_PYTHON_DOWNLOADS": "never",
        "GIT_AUTHOR_NAME": "Journey User",
        "GIT_AUTHOR_EMAIL": "journey@example.com",
        "GIT_COMMITTER_NAME": "Journey User",
        "GIT_COMMITTER_EMAIL": "journey@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    found_uv = shutil.which("uv", path=env["PATH"])
    assert (found_uv is not None) is case.uv, f"uv on PATH: {found_uv} (case {case.id})"
    return env


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Journal:
    """Runs the journey's commands, timing each step; a failure shows the command and its output."""

    case: Case
    log_dir: Path
    steps: list[dict[str, object]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def run(
        self,
        step: str,
        args: list[str],
        cwd: Path,
        env: dict[str, str],
        *,
        expect: int | None = 0,
        timeout: float = 900,
    ) -> subprocess.CompletedProcess[str]:
        began = time.monotonic()
        result = subprocess.run(
            args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
        )
        elapsed = time.monotonic() - began
        self.steps.append(
            {"step": step, "command": " ".join(args), "seconds": round(elapsed, 1), "rc": result.returncode}
        )
        log = self.log_dir / f"{len(self.steps):02d}-{_slug(step)}.log"
        log.write_text(f"$ {' '.join(args)}  (in {cwd})\nexit {result.returncode}\n\n{result.stdout}\n{result.stderr}")
        if expect is not None:
            assert result.returncode == expect, (
                f"[{self.case.id}] step '{step}': `{' '.join(args)}` exited {result.returncode}"
                f" (expected {expect}); log {log}\n--- stdout (tail)\n{result.stdout[-4000:]}\n--- stderr (tail)\n{result.stderr[-4000:]}"
            )
        return result

    def note(self, text: str) -> None:
        """A step the journey could not take on this machine, said in the report (never silently)."""
        self.steps.append({"step": text, "command": "", "seconds": 0.0, "rc": None})
        print(f"journey [{self.case.id}]: {text}")

    def report(self, outcome: str) -> None:
        """Writes the case's step times to $PYVE_JOURNEY_REPORT/<case>.json (scripts/journey-matrix.py reads them)."""
        folder = os.environ.get("PYVE_JOURNEY_REPORT")
        if not folder:
            return
        data = {
            "case": self.case.id,
            "level": self.case.level,
            "interpreter": self.case.interpreter,
            "uv": self.case.uv,
            "outcome": outcome,
            "seconds": round(time.monotonic() - self.started, 1),
            "steps": self.steps,
        }
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{self.case.id}.json").write_text(json.dumps(data, indent=2))


def _slug(text: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in text).strip("-")[:60]


def git(journal: Journal, project: Path, env: dict[str, str], *args: str, step: str | None = None) -> str:
    return journal.run(step or f"git {args[0]}", ["git", *args], project, env).stdout


def git_status(project: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout
