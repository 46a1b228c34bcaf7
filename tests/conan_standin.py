"""A stand-in for Conan Center: a local Conan remote holding a test-only recipe for {fmt}.

Conan Center (center2.conan.io) is unreachable where Pyve's tests run. The rendered projects install
their conanfile.txt with the real Conan (the version their requirements-conan.txt pins, installed by
./pyve.sh --init) exactly as users and CI do; only the remote differs. ``conan_env`` makes a CONAN_HOME
whose one remote, ``standin``, is a folder in Conan's ``local-recipes-index`` layout (the layout of
conan-center-index, which Conan builds from with ``--build=missing`` as it would Conan Center's binaries).

Its fmt recipe is ours, for tests only: it packages the {fmt} headers Debian's libfmt-dev installed as a
header-only library (``FMT_HEADER_ONLY``) under Conan Center's names (``find_package(fmt)``, ``fmt::fmt``).
Conan Center's own recipe builds fmt from GitHub's sources, which are unreachable here too.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from lock_venvs import lock_python

FMT_HEADERS = Path("/usr/include/fmt")

RECIPE = '''\
import os

from conan import ConanFile
from conan.tools.files import copy


class FmtStandIn(ConanFile):
    """{fmt} from Debian's libfmt-dev headers, header-only (Pyve's tests: Conan Center is unreachable)."""

    name = "fmt"
    package_type = "header-library"
    no_copy_source = True

    def source(self):
        copy(self, "*.h", "%(headers)s", os.path.join(self.source_folder, "include", "fmt"))

    def package(self):
        copy(self, "*.h", os.path.join(self.source_folder, "include"), os.path.join(self.package_folder, "include"))

    def package_id(self):
        self.info.clear()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "fmt")
        self.cpp_info.set_property("cmake_target_name", "fmt::fmt")
        self.cpp_info.defines = ["FMT_HEADER_ONLY=1"]
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
'''


def fmt_version() -> str:
    """The {fmt} version of the installed headers (``FMT_VERSION 90100`` -> ``9.1.0``)."""
    core = FMT_HEADERS / "core.h"
    found = re.search(r"^#define FMT_VERSION (\d+)$", core.read_text(), re.M) if core.is_file() else None
    if found is None:
        why = "libfmt-dev is not installed (scripts/setup.sh installs it): the Conan stand-in packages its headers"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    number = int(found.group(1))
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def conan_env(conan: Path, root: Path) -> dict[str, str]:
    """Environment additions for a CONAN_HOME under ``root`` whose only remote is the stand-in index.

    The default profile is left to the project (``make`` detects it on first use, as on a fresh runner)."""
    index = root / "index" / "recipes" / "fmt"
    (index / "all").mkdir(parents=True)
    (index / "config.yml").write_text(f'versions:\n  "{fmt_version()}":\n    folder: all\n')
    (index / "all" / "conanfile.py").write_text(RECIPE % {"headers": FMT_HEADERS})
    env = {**os.environ, "CONAN_HOME": str(root / "home")}
    for args in (
        ("remote", "remove", "conancenter"),
        ("remote", "add", "standin", str(root / "index"), "--type=local-recipes-index"),
    ):
        subprocess.run([str(conan), *args], env=env, capture_output=True, text=True, check=True, timeout=120)
    return {"CONAN_HOME": str(root / "home")}


@functools.cache
def shared_conan_env() -> dict[str, str]:
    """Environment additions for renders that have no .venv of their own (the property draws): the template's
    hashed Conan lock in a venv (tests/lock_venvs.py) behind a ``conan`` first on PATH, and a CONAN_HOME for
    this session whose one remote is the stand-in."""
    python = lock_python("conan")
    shim = Path(tempfile.mkdtemp(prefix="pyve-conan-bin-"))
    (shim / "conan").write_text(f'#!/bin/sh\nexec "{python}" -m conans.conan "$@"\n')
    (shim / "conan").chmod(0o755)
    home = conan_env(shim / "conan", Path(tempfile.mkdtemp(prefix="pyve-conan-home-")))
    return {**home, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
