"""./pyve.sh's short way to the uv of requirements-bootstrap.txt: one download, no pip.

Pyve owns this file (`copier update` refreshes it). ./pyve.sh --init and --lock run it with the
interpreter that would otherwise run `pip install --require-hashes --target` for uv: pip reads every
file of every uv release on the index page (about 6,000) before it takes one wheel, and on a stock
machine that made the first --init about 1.6x slower than one with uv on PATH. This script reads the
same page (https://pypi.org/simple/uv/, PEP 691 JSON), takes the wheel pip would take (pip's own tag
order, from pip's vendored `packaging`), refuses it unless its sha256 is one of the lock entry's
hashes, and unpacks the uv program alone into DEST/bin.

Exit 3 (nothing printed): not for this machine; pyve.sh uses pip. That is when pip is configured (an
index, find-links, a proxy, a config file: pip would honour them, this script would not), or when
this platform's tags cannot be had, or when no wheel of the pinned version fits them.
Exit 1 (one line on stderr): it failed (network, certificate, a hash not in the lock); pyve.sh uses
pip then, which checks the hashes again.

Usage: python .pyve/fetch_uv.py VERSION ENTRY DEST
(ENTRY: a file holding the lock's uv entry, its == line and its --hash lines.)
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sys
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

INDEX_PAGE = "https://pypi.org/simple/uv/"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"
NOT_HERE = 3

# PIP_* variables that change nothing about where pip looks or how it connects. Any other one (an
# index, find-links, a proxy, a trusted host, a client certificate, a config file) leaves the work
# to pip. PIP_CERT is honoured here (the CA bundle of every connection).
HARMLESS_PIP_VARS = frozenset(
    {
        "PIP_CERT",
        "PIP_DEFAULT_TIMEOUT",
        "PIP_DISABLE_PIP_VERSION_CHECK",
        "PIP_NO_CACHE_DIR",
        "PIP_CACHE_DIR",
        "PIP_NO_COLOR",
        "PIP_NO_INPUT",
        "PIP_PROGRESS_BAR",
        "PIP_QUIET",
        "PIP_VERBOSE",
        "PIP_REQUIRE_VIRTUALENV",
        "PIP_ROOT_USER_ACTION",
        "PIP_NO_PYTHON_VERSION_WARNING",
        "PIP_BREAK_SYSTEM_PACKAGES",
    }
)


class Failed(Exception):
    """The short way failed; pyve.sh installs uv with pip instead."""


def pip_config_files(env: Mapping[str, str], prefix: str, home: Path) -> list[Path]:
    """Every file pip may read its configuration from, on any OS (a superset: pip's own list
    depends on its version and platform; a file in any of these places sends the work to pip)."""
    xdg_dirs = env.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    xdg_home = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    folders = [Path(folder) / "pip" for folder in xdg_dirs.split(os.pathsep) if folder]
    folders += [Path("/etc"), Path(prefix), home / ".pip", home / "pip", Path(xdg_home) / "pip"]
    folders += [Path("/Library/Application Support/pip")]
    folders += [home / "Library" / "Application Support" / "pip"]
    for variable in ("APPDATA", "ProgramData", "ALLUSERSPROFILE"):
        if env.get(variable):
            folders.append(Path(env[variable]) / "pip")
    return [folder / name for folder in folders for name in ("pip.conf", "pip.ini")]


def pip_is_configured(env: Mapping[str, str], prefix: str, home: Path) -> bool:
    """True when pip would read a setting this script does not honour."""
    for name in env:
        if name.upper().startswith("PIP_") and name.upper() not in HARMLESS_PIP_VARS:
            # PIP_CONFIG_FILE=os.devnull tells pip to read no configuration file at all.
            if name.upper() == "PIP_CONFIG_FILE" and env[name] == os.devnull:
                continue
            return True
    if env.get("PIP_CONFIG_FILE") == os.devnull:
        return False
    return any(path.is_file() for path in pip_config_files(env, prefix, home))


def platform_tags() -> list[str] | None:
    """This interpreter's wheel tags, best first, as pip ranks them (None: cannot tell)."""
    try:
        from pip._vendor.packaging.tags import sys_tags
    except ImportError:
        try:
            from packaging.tags import sys_tags  # type: ignore[assignment, unused-ignore]
        except ImportError:
            return None
    try:
        return [str(tag) for tag in sys_tags()]
    except Exception:  # an unknown platform: pip's own path decides
        return None


def wheel_tags(filename: str) -> set[str]:
    """The tags of a wheel file name (name-version[-build]-python-abi-platform.whl)."""
    parts = filename[: -len(".whl")].split("-")
    if len(parts) not in (5, 6):
        return set()
    pythons, abis, platforms = (part.split(".") for part in parts[-3:])
    return {f"{p}-{a}-{o}" for p in pythons for a in abis for o in platforms}


def best_wheel(
    files: Iterable[Mapping[str, Any]], version: str, tags: list[str]
) -> Mapping[str, Any] | None:
    """The file of uv ``version`` pip would install here: the wheel with the best-ranked tag (None
    when none fits, or when two share the best rank: pip's other rules would decide)."""
    rank = {tag: index for index, tag in enumerate(tags)}
    ranked: list[tuple[int, Mapping[str, Any]]] = []
    for entry in files:
        filename = str(entry.get("filename", ""))
        if filename.startswith(f"uv-{version}-") and filename.endswith(".whl"):
            ranks = [rank[tag] for tag in wheel_tags(filename) if tag in rank]
            if ranks:
                ranked.append((min(ranks), entry))
    ranked.sort(key=lambda pair: pair[0])
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def python_allowed(requires_python: object) -> bool:
    """Whether this interpreter meets a file's Requires-Python (False when it cannot tell)."""
    if not requires_python:
        return True
    try:
        from pip._vendor.packaging.specifiers import SpecifierSet
    except ImportError:
        return False
    try:
        return SpecifierSet(str(requires_python)).contains(
            platform.python_version(), prereleases=True
        )
    except Exception:  # an unreadable Requires-Python: pip's own path decides
        return False


def locked_hashes(entry_text: str) -> set[str]:
    return set(re.findall(r"--hash=sha256:([0-9a-fA-F]{64})", entry_text.lower()))


def opener(env: Mapping[str, str]) -> tuple[Any, float]:
    """HTTPS with the CA bundle pip would use (PIP_CERT, else requests' REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE, else OpenSSL's defaults, which SSL_CERT_FILE and SSL_CERT_DIR set), pip's
    timeout and the proxies of the environment (HTTPS_PROXY, NO_PROXY), as pip honours them."""
    import ssl

    bundle = env.get("PIP_CERT") or env.get("REQUESTS_CA_BUNDLE") or env.get("CURL_CA_BUNDLE")
    if bundle and os.path.isdir(bundle):
        context = ssl.create_default_context(capath=bundle)
    else:
        context = ssl.create_default_context(cafile=bundle or None)
    handler = urllib.request.HTTPSHandler(context=context)
    timeout = float(env.get("PIP_DEFAULT_TIMEOUT") or 15)
    return urllib.request.build_opener(handler), timeout


def index_files(
    open_url: Any, timeout: float, index_page: str
) -> tuple[list[Mapping[str, Any]], str]:
    headers = {"Accept": SIMPLE_JSON, "Accept-Encoding": "gzip"}
    request = urllib.request.Request(index_page, headers=headers)  # noqa: S310 - https (or a test's)
    with open_url.open(request, timeout=timeout) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        kind = response.headers.get_content_type()
        page = response.geturl()
    if kind != SIMPLE_JSON:
        raise Failed(f"{index_page} answered {kind}, not {SIMPLE_JSON}")
    files = json.loads(body).get("files")
    if not isinstance(files, list):
        raise Failed(f"{index_page} lists no files")
    return files, page


def download(open_url: Any, timeout: float, url: str) -> bytes:
    """The bytes at ``url`` (a uv wheel is ~20 MB: kept in memory, never written out unchecked)."""
    with open_url.open(url, timeout=timeout) as response:
        return bytes(response.read())


def unpack_uv(wheel: bytes, filename: str, version: str, dest: Path) -> Path:
    exe = ".exe" if sys.platform == "win32" else ""
    member = f"uv-{version}.data/scripts/uv{exe}"
    target = dest / "bin" / f"uv{exe}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        try:
            source = archive.open(member)
        except KeyError:
            raise Failed(f"{filename} has no {member}") from None
        with source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
    target.chmod(0o755)
    return target


def fetch(
    version: str, entry_text: str, dest: Path, env: Mapping[str, str], index_page: str = INDEX_PAGE
) -> int:
    """Unpacks the uv of the lock entry ``entry_text`` into ``dest``/bin: 0, or NOT_HERE (pip's
    turn). Raises Failed (or OSError) when it cannot."""
    if pip_is_configured(env, sys.prefix, Path.home()):
        return NOT_HERE
    tags = platform_tags()
    if not tags:
        return NOT_HERE
    hashes = locked_hashes(entry_text)
    if not hashes:
        raise Failed("the lock's uv entry has no --hash=sha256 line")
    open_url, timeout = opener(env)
    files, page = index_files(open_url, timeout, index_page)
    chosen = best_wheel(files, version, tags)
    if chosen is None or not python_allowed(chosen.get("requires-python")):
        return NOT_HERE
    filename = str(chosen["filename"])
    listed = str(chosen.get("hashes", {}).get("sha256", "")).lower()
    if listed and listed not in hashes:
        raise Failed(f"the index's sha256 of {filename} ({listed}) is not one of the lock's hashes")
    wheel = download(open_url, timeout, urllib.parse.urljoin(page, str(chosen["url"])))
    actual = hashlib.sha256(wheel).hexdigest()
    if actual not in hashes:
        message = f"the sha256 of {filename} ({actual}) is not one of the lock's hashes: refused"
        raise Failed(message)
    unpack_uv(wheel, filename, version, dest)
    print(f"pyve: downloaded {filename} (no pip: its sha256 is one of the lock's)")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write("usage: python .pyve/fetch_uv.py VERSION ENTRY DEST\n")
        return 2
    version, entry, dest = argv
    try:
        return fetch(version, Path(entry).read_text(), Path(dest), os.environ)
    except (Failed, OSError, ValueError, zipfile.BadZipFile) as error:  # URLError is an OSError
        sys.stderr.write(f"error: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
