"""Keep the compiled template files between Copier runs (Jinja's bytecode cache, made safe to share).

Jinja compiles every template file of a render (lex, parse, generate Python, byte-compile): with
this template's files the largest cost after Copier's start-up and the questionnaire, paid again by
every ``copier copy`` and three times by every ``copier update``, because Copier reads the template
from a fresh temporary clone and configures no bytecode cache. :func:`keep_compiled_templates` gives
the environment Jinja's :class:`~jinja2.FileSystemBytecodeCache` in ``$PYVE_CACHE_DIR`` (default
``$XDG_CACHE_HOME/pyve``, else ``~/.cache/pyve``), adjusted so an entry is only reused when nothing
that shaped it changed:

- one file per template name (``jinja-<hash>.cache``; the temporary clone's path is left out, so
  later runs find it, and the cache stays as small as one template's files);
- an entry is valid only for the same source *and* the same fingerprint: Python and Jinja versions
  (Jinja checks those too), Copier and filter-library versions, the environment's syntax settings and
  extensions, and the code of this checkout's ``extensions/`` and ``pyve_gen/`` (the filters);
- Jinja evaluates a filter on constants at compile time (``{{ '%Y' | strftime }}`` becomes the year
  it was compiled in), so a template that names a filter whose result depends on the clock, chance,
  the file system or the environment (:data:`UNCACHED_WORDS`) is never cached.

Reading or writing the cache never fails a render: unreadable entries are compiled afresh, an
unwritable directory turns the cache off. ``PYVE_CACHE_DIR=""`` turns it off too.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

CACHE_DIR_VARIABLE = "PYVE_CACHE_DIR"
# Filters (Jinja's, jinja2-ansible-filters') that Jinja could fold into a stale constant; a source
# containing one of these words anywhere is compiled every time, as without the cache.
UNCACHED_WORDS = ("strftime", "random", "shuffle", "fileglob", "expanduser", "expandvars", "realpath", "relpath")
_DISTRIBUTIONS = ("jinja2", "copier", "copier-template-extensions", "jinja2-ansible-filters")


def cache_directory() -> Path | None:
    """Where compiled templates are kept, created if needed; None when caching is off or impossible."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured == "":
        return None
    try:
        if configured:
            base = Path(configured)
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pyve"
        directory = base / "jinja"
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to be found
        return None
    return directory if os.access(directory, os.W_OK | os.X_OK) else None


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def _syntax(environment: Environment) -> str:
    """The environment settings and extensions that decide what a source compiles to."""
    settings = [
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.autoescape if isinstance(environment.autoescape, bool) else "callable",
        environment.is_async,
        sorted(environment.extensions),
    ]
    return repr(settings)


def fingerprint(environment: Environment, checkout: Path) -> str:
    """Everything besides a template's source that its compiled code depends on."""
    digest = hashlib.sha256()
    digest.update(repr((sys.version_info[:2], [_version(d) for d in _DISTRIBUTIONS])).encode())
    digest.update(_syntax(environment).encode())
    for path in sorted([*checkout.glob("extensions/*.py"), *checkout.glob("pyve_gen/*.py")]):
        digest.update(path.relative_to(checkout).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class SharedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache keyed by template name and validated by source + :func:`fingerprint`."""

    def __init__(self, directory: Path, make_fingerprint: Callable[[], str]) -> None:
        super().__init__(str(directory), "jinja-%s.cache")
        self._make_fingerprint = make_fingerprint
        self._fingerprint = ""

    @property
    def fingerprint(self) -> str:
        # Computed on first use: while extensions load, the environment is not complete yet.
        if not self._fingerprint:
            self._fingerprint = self._make_fingerprint()
        return self._fingerprint

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"pyve|{name}".encode(), usedforsecurity=False).hexdigest()

    def get_source_checksum(self, source: str) -> str:
        if any(word in source for word in UNCACHED_WORDS):
            return ""  # never loaded nor stored, see load_bytecode and dump_bytecode
        return hashlib.sha256(f"{self.fingerprint}\0{source}".encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        if not bucket.checksum:
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not bucket.checksum:
            return
        try:
            super().dump_bytecode(bucket)
        except OSError:  # full disk, directory removed meanwhile: the render goes on uncached
            pass


def keep_compiled_templates(environment: Environment, checkout: Path, directory: Any = None) -> None:
    """Give ``environment`` the shared bytecode cache (see the module doc); no-op when caching is off."""
    directory = directory if directory is not None else cache_directory()
    if directory is None or environment.bytecode_cache is not None:
        return
    environment.bytecode_cache = SharedBytecodeCache(Path(directory), lambda: fingerprint(environment, checkout))
