"""Virtual environments holding exactly one of the template's hashed tool locks, made once per machine.

For tests whose render has no .venv of its own (no ./pyve.sh --init): the tool comes from the very lock a
project's --init installs (pip ``--require-hashes``), so the version under test is the shipped one.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TEMPLATE = Path(__file__).parent.parent / "template"


def template_lock(name: str) -> Path:
    """The template's conditional lock ``requirements-NAME.txt``."""
    lock = f"requirements-{name}.txt"
    return TEMPLATE / f"{{% if pyve.files['{lock}'] %}}{lock}{{% endif %}}"


def lock_python(name: str) -> Path:
    """The interpreter of a venv with the template's ``requirements-NAME.txt`` installed (run tools with ``-m``:
    the venv is made in a staging folder and renamed, so its scripts' shebangs name the staging folder)."""
    lock = template_lock(name)
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:12]
    venv = Path(tempfile.gettempdir()) / f"pyve-lock-venv-{name}-{digest}"
    if not (venv / "bin" / "python").exists():
        staging = Path(tempfile.mkdtemp(prefix=f"pyve-lock-venv-{name}-"))
        subprocess.run([sys.executable, "-m", "venv", str(staging)], check=True, capture_output=True)
        install = [str(staging / "bin/python"), "-m", "pip", "install", "-q", "--require-hashes", "-r", str(lock)]
        subprocess.run(install, check=True, capture_output=True, timeout=600)
        try:
            staging.rename(venv)
        except OSError:  # another worker made it first
            shutil.rmtree(staging, ignore_errors=True)
    return venv / "bin" / "python"
