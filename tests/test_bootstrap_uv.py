"""How ./pyve.sh --init gets the uv of requirements-bootstrap.txt on a machine without uv.

With pip not configured, .pyve/fetch_uv.py downloads the one wheel pip would pick from the real index
(no pip: pip's walk of uv's whole index page was most of the gap between a stock --init and one with
uv on PATH) and keeps it only if its sha256 is in the lock. With pip configured (an index, a config
file), pip installs it from that index, as before. The locks themselves come from the wheelhouse
(through uv's own UV_* settings), so only the uv download touches the network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from bootstrap_support import (
    PY_MINOR,
    REPO,
    SHIPPED_DEV_LOCK,
    log_python_calls,
    make_shim,
    run_pyve,
    sandbox_env,
    wheelhouse_for,
)
from catalogue import Catalogue
from index_standin import serve_index

BOOTSTRAP_LOCK = REPO / "template" / "requirements-bootstrap.txt"
BOOTSTRAP_UV = re.findall(r"^uv==(\S+)", BOOTSTRAP_LOCK.read_text(), flags=re.M)[0]
ANSWERS: dict[str, Any] = {"project_name": "Fetch UV", "python_versions": [PY_MINOR]}


def uv_entry(lock: Path) -> str:
    """The lock's uv entry: its == line and its --hash lines (what pyve.sh hands to pip or fetch_uv)."""
    entry: list[str] = []
    inside = False
    for line in lock.read_text().splitlines(keepends=True):
        if line[:1] not in ("", " ", "\t", "#", "\n"):
            inside = line.split()[0].lower().startswith("uv==")
        if inside:
            entry.append(line)
    assert entry, f"{lock} pins no uv"
    return "".join(entry)


def cached_uv(project: Path, home: Path) -> Path:
    """Where pyve.sh keeps that uv: a folder named by its version and its entry's digest."""
    digest = hashlib.sha256(uv_entry(project / "requirements-bootstrap.txt").encode()).hexdigest()[:16]
    return home / ".cache" / "pyve" / f"uv-{BOOTSTRAP_UV}-{digest}" / "bin" / "uv"


def fetch_uv_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fetch_uv_under_test", REPO / "template" / ".pyve" / "fetch_uv.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(catalogue: Catalogue, tmp_path: Path) -> Path:
    """A copy of a default render, in a path with a space."""
    return catalogue.copy(ANSWERS, tmp_path / "my projects" / "fetch uv", folder="fetch-uv")


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    return wheelhouse_for(SHIPPED_DEV_LOCK)


@pytest.fixture(scope="session")
def uv_wheel() -> Path:
    """This platform's wheel of the pinned uv, from the real index (pip picks it), once per lock entry."""
    entry = uv_entry(BOOTSTRAP_LOCK)
    folder = Path(tempfile.gettempdir()) / f"pyve-test-uv-wheel-{hashlib.sha256(entry.encode()).hexdigest()[:16]}"
    if not folder.is_dir():
        partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
        partial.mkdir(parents=True, exist_ok=True)
        (partial / "entry.txt").write_text(entry)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps"]
            + ["--require-hashes", "--only-binary=:all:", "--dest", str(partial), "-r", str(partial / "entry.txt")],
            check=True,
            timeout=600,
        )
        try:
            partial.rename(folder)
        except OSError:  # another worker got there first
            shutil.rmtree(partial, ignore_errors=True)
    (wheel,) = folder.glob("uv-*.whl")
    return wheel


@pytest.fixture
def unconfigured(tmp_path: Path, wheelhouse: Path) -> dict[str, str]:
    """A user's shell with pip not configured (PIP_CONFIG_FILE=os.devnull: pip reads no config file, as on
    a machine without one) and no uv; uv installs the locks from the wheelhouse through its own settings."""
    home = tmp_path / "home"
    home.mkdir()
    env = sandbox_env(make_shim(tmp_path / "shim"), home, None)
    return env | {"UV_NO_INDEX": "1", "UV_FIND_LINKS": str(wheelhouse)}


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def assert_pinned_uv(path: Path) -> None:
    version = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith(f"uv {BOOTSTRAP_UV} "), version


def test_a_cold_init_fetches_the_pinned_uv_without_pip(
    project: Path, unconfigured: dict[str, str], tmp_path: Path
) -> None:
    log = tmp_path / "python-calls.log"
    log_python_calls(unconfigured, log)
    out = ok(run_pyve(project, "--init", env=unconfigured))
    assert re.search(rf"downloaded uv-{re.escape(BOOTSTRAP_UV)}-py3-none-\S+\.whl \(no pip", out), out
    pip_runs = [call for call in log.read_text().splitlines() if re.search(r"-m pip\b", call)]
    assert not pip_runs, f"pip ran for the bootstrap uv: {pip_runs}"
    assert f"installing requirements.txt requirements-dev.txt into .venv (uv {BOOTSTRAP_UV}," in out
    uv = cached_uv(project, Path(unconfigured["HOME"]))
    assert_pinned_uv(uv)
    assert sorted(p.name for p in uv.parent.parent.rglob("*") if p.is_file()) == ["uv"]  # the program alone


def test_when_the_short_way_fails_pip_installs_uv(project: Path, unconfigured: dict[str, str], tmp_path: Path) -> None:
    """Any failure of fetch_uv (here: the network, as fetch_uv reports it) leaves the work to pip."""
    (project / ".pyve" / "fetch_uv.py").write_text(
        'import sys\nsys.stderr.write("error: <urlopen error [Errno -3] Temporary failure in name resolution>\\n")\n'
        "sys.exit(1)\n"
    )
    log = tmp_path / "python-calls.log"
    log_python_calls(unconfigured, log)
    out = ok(run_pyve(project, "--init", env=unconfigured))
    assert "the direct download of uv failed (error: <urlopen error [Errno -3] Temporary failure" in out
    assert "): installing it with pip" in out
    assert [call for call in log.read_text().splitlines() if re.search(r"-m pip install .*--target", call)]
    assert_pinned_uv(cached_uv(project, Path(unconfigured["HOME"])))


@pytest.mark.parametrize("how", ["PIP_INDEX_URL", "user pip.conf"])
def test_a_configured_index_gets_uv_through_pip_from_that_index(
    project: Path, unconfigured: dict[str, str], wheelhouse: Path, uv_wheel: Path, tmp_path: Path, how: str
) -> None:
    env = dict(unconfigured)
    log = tmp_path / "python-calls.log"
    log_python_calls(env, log)
    with serve_index([*wheelhouse.glob("*.whl"), uv_wheel]) as index:
        if how == "PIP_INDEX_URL":
            env["PIP_INDEX_URL"] = index.url  # pyve.sh hands it to uv as --index-url
        else:  # pip reads ~/.config/pip/pip.conf (and the machine's own files); uv gets the index its own way
            env.pop("PIP_CONFIG_FILE")
            conf = Path(env["HOME"]) / ".config" / "pip" / "pip.conf"
            conf.parent.mkdir(parents=True)
            conf.write_text(f"[global]\nindex-url = {index.url}\n")
        env |= {"UV_INDEX_URL": index.url}
        env = {key: value for key, value in env.items() if key not in ("UV_NO_INDEX", "UV_FIND_LINKS")}
        out = ok(run_pyve(project, "--init", env=env))
    assert "downloaded uv-" not in out
    assert "/simple/uv/" in index.requested, index.requested
    assert f"/files/{uv_wheel.name}" in index.requested, index.requested
    pip_runs = [call for call in log.read_text().splitlines() if re.search(r"-m pip install .*--target", call)]
    assert len(pip_runs) == 1, log.read_text()
    assert_pinned_uv(cached_uv(project, Path(env["HOME"])))


def test_a_uv_wheel_whose_hash_is_not_in_the_lock_is_refused(
    project: Path, unconfigured: dict[str, str], uv_wheel: Path
) -> None:
    """The lock names this platform's wheel by a hash the index's file does not have: the short way
    refuses it, pip (the fallback) refuses it too, and no uv is kept."""
    lock = project / "requirements-bootstrap.txt"
    real = hashlib.sha256(uv_wheel.read_bytes()).hexdigest()
    assert real in lock.read_text()
    lock.write_text(lock.read_text().replace(real, hashlib.sha256(b"another uv").hexdigest()))
    failed = run_pyve(project, "--init", env=unconfigured | {"PYVE_LOCK_TOOL": "uv"})
    assert failed.returncode == 1
    output = failed.stdout + failed.stderr
    assert f"the index's sha256 of {uv_wheel.name} ({real}) is not one of the lock's hashes" in output
    assert "DO NOT MATCH THE HASHES" in output  # pip's own refusal, on the fallback
    assert "PYVE_LOCK_TOOL=uv, but there is no uv on PATH" in output
    assert not cached_uv(project, Path(unconfigured["HOME"])).parent.parent.exists()
    assert not (project / ".venv").exists()


def test_a_download_whose_bytes_are_not_the_locks_is_refused(uv_wheel: Path, tmp_path: Path) -> None:
    """An index that lists the lock's hash but serves other bytes: the download's own sha256 decides."""
    fetch_uv = fetch_uv_module()
    entry = uv_entry(BOOTSTRAP_LOCK)
    env = {"PIP_CONFIG_FILE": os.devnull}
    with serve_index([uv_wheel], served_bytes={uv_wheel.name: b"PK\x05\x06" + b"\0" * 18}) as index:
        with pytest.raises(fetch_uv.Failed, match=rf"the sha256 of {re.escape(uv_wheel.name)} \(\w+\) .*refused"):
            fetch_uv.fetch(BOOTSTRAP_UV, entry, tmp_path / "tampered", env, index_page=index.url + "uv/")
    assert not (tmp_path / "tampered" / "bin").exists()
    with serve_index([uv_wheel]) as index:
        assert fetch_uv.fetch(BOOTSTRAP_UV, entry, tmp_path / "good", env, index_page=index.url + "uv/") == 0
    assert_pinned_uv(tmp_path / "good" / "bin" / "uv")


def test_pip_config_files_cover_every_file_pip_reads(tmp_path: Path) -> None:
    """Every configuration file the interpreter's own pip would read is one fetch_uv looks for."""
    fetch_uv = fetch_uv_module()
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "XDG_CONFIG_DIRS": f"/etc/xdg{os.pathsep}/opt/xdg"}
    code = (
        "import json, sys; from pip._internal.configuration import get_configuration_files as g; "
        "print(json.dumps([f for files in g().values() for f in files]))"
    )
    pips = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    ours = {str(path) for path in fetch_uv.pip_config_files(env, sys.prefix, tmp_path)}
    missing = [path for path in json.loads(pips.stdout) if path not in ours]
    assert not missing, missing
    # A file in one of them, or a PIP_* setting of where to look, leaves the work to pip.
    user_conf = tmp_path / ".config" / "pip" / "pip.conf"
    user_conf.parent.mkdir(parents=True)
    user_conf.write_text("[global]\nindex-url = https://example.invalid/simple/\n")
    assert fetch_uv.pip_is_configured(env, sys.prefix, tmp_path)
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_PROXY"):
        assert fetch_uv.pip_is_configured({"PIP_CONFIG_FILE": os.devnull, name: "x"}, sys.prefix, tmp_path), name
    assert fetch_uv.pip_is_configured({"PIP_CONFIG_FILE": str(user_conf)}, sys.prefix, tmp_path)
    quiet = {"PIP_CONFIG_FILE": os.devnull, "PIP_CERT": "/etc/ssl/certs/ca-certificates.crt"}
    assert not fetch_uv.pip_is_configured(quiet | {"PIP_DISABLE_PIP_VERSION_CHECK": "1"}, sys.prefix, tmp_path)


def test_the_wheel_is_the_one_pip_ranks_first_or_none() -> None:
    fetch_uv = fetch_uv_module()
    files = [
        {"filename": "uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
        {"filename": "uv-0.13.9-py3-none-musllinux_1_1_x86_64.whl"},
        {"filename": "uv-0.13.9-py3-none-manylinux_2_28_x86_64.whl"},
        {"filename": "uv-0.13.10-py3-none-manylinux_2_17_x86_64.whl"},
        {"filename": "uv-0.13.9.tar.gz"},
    ]
    tags = ["py3-none-manylinux_2_28_x86_64", "py3-none-manylinux_2_17_x86_64", "py3-none-any"]
    assert fetch_uv.best_wheel(files, "0.13.9", tags)["filename"] == "uv-0.13.9-py3-none-manylinux_2_28_x86_64.whl"
    assert fetch_uv.best_wheel(files, "0.13.9", tags[1:])["filename"].startswith("uv-0.13.9-py3-none-manylinux_2_17")
    assert fetch_uv.best_wheel(files, "0.13.9", ["py3-none-win_amd64"]) is None  # no fit: pip decides
    assert fetch_uv.best_wheel(files, "0.13.1", tags) is None
    twins = [{"filename": "uv-0.13.9-py3-none-manylinux_2_28_x86_64.whl"}] * 2  # pip's other rules would pick
    assert fetch_uv.best_wheel(twins, "0.13.9", tags) is None
    assert fetch_uv.python_allowed(">=3.8") and fetch_uv.python_allowed(None)
    assert not fetch_uv.python_allowed(">=4") and not fetch_uv.python_allowed("not a specifier")
