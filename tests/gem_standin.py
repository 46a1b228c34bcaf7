"""A stand-in for rubygems.org: the gems Debian installed, packed again and served over loopback.

rubygems.org is unreachable where Pyve's tests run. The rendered Ruby components install their
Gemfile.lock with Bundler as users and CI do; here Bundler's documented mirror setting
(``mirror.https://rubygems.org``, given as the ``BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/`` variable)
sends those requests to a local gem source built by ``tests/data/debian_gem_source.rb`` from the
ruby-* packages of scripts/system-packages.txt (rspec 3.12, rubocop 1.39 and their dependencies,
plus Ruby's bundled gems). The versions a rendered Gemfile.lock pins are the ones Debian 12 ships.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

BUILDER = Path(__file__).parent / "data" / "debian_gem_source.rb"
MIRROR_VARIABLE = "BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/"


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def gem_source() -> Path:
    """The folder of the local gem source (gems/*.gem and the index), built once per machine."""
    ruby = shutil.which("ruby")
    if ruby is None or shutil.which("bundle") is None:
        _missing("ruby and bundle are not installed (scripts/setup.sh installs them)")
    version = subprocess.run(["ruby", "-e", "print RUBY_VERSION"], capture_output=True, text=True, check=True).stdout
    home = Path(tempfile.gettempdir()) / f"pyve-standin-gems-ruby-{version}"
    if (home / "specs.4.8.gz").is_file():
        return home
    staging = Path(tempfile.mkdtemp(prefix="pyve-gems-"))
    built = subprocess.run(
        ["ruby", str(BUILDER), str(staging)], capture_output=True, text=True, timeout=300, check=False
    )
    if built.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        _missing(f"the local gem source could not be built: {built.stderr[-800:]}")
    try:
        staging.rename(home)
    except OSError:  # another worker built it first
        shutil.rmtree(staging, ignore_errors=True)
    return home


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@functools.cache
def mirror_url() -> str:
    """The loopback URL of the gem source, served by a daemon thread for the rest of the session."""
    handler = functools.partial(_Quiet, directory=str(gem_source()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def bundler_env() -> dict[str, str]:
    """Environment additions that make Bundler fetch from the stand-in instead of rubygems.org."""
    return {MIRROR_VARIABLE: mirror_url()}
