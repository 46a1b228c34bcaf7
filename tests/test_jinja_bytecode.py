"""The shared bytecode cache reuses a compiled template file only when nothing that shaped it changed."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from pyve_gen import jinja_bytecode

REPO = Path(__file__).resolve().parent.parent
_counter = itertools.count()


def _stamp(value: str) -> str:
    """A filter whose result changes on every call, like ``strftime`` over days."""
    return f"{value}-{next(_counter)}"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A template checkout: the filter code the fingerprint covers, and one template file."""
    root = tmp_path / "checkout"
    (root / "pyve_gen").mkdir(parents=True)
    (root / "extensions").mkdir()
    (root / "pyve_gen" / "quoting.py").write_text("VERSION = 1\n")
    (root / "extensions" / "pyve.py").write_text("# filters\n")
    (root / "template").mkdir()
    (root / "template" / "README.md.jinja").write_text("# {{ name }}\n{{ 'title' | upper }}\n")
    (root / "template" / "LICENSE.jinja").write_text("(c) {{ '%Y' | strftime }}\n")
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Names of the templates Jinja actually parsed (a cache hit parses nothing)."""
    parsed: list[str] = []
    real = SandboxedEnvironment._parse

    def counting(self: SandboxedEnvironment, source: str, name: str | None, filename: str | None) -> object:
        parsed.append(str(name))
        return real(self, source, name, filename)

    monkeypatch.setattr(SandboxedEnvironment, "_parse", counting)
    yield parsed


def _render(checkout: Path, cache: Path | None, name: str = "README.md.jinja") -> str:
    """One Copier-like run: a new environment over the checkout's template folder."""
    environment = SandboxedEnvironment(loader=FileSystemLoader(checkout / "template"), keep_trailing_newline=True)
    environment.filters["strftime"] = _stamp  # its result changes at every call, as the real one does over time
    jinja_bytecode.keep_compiled_templates(environment, checkout, directory=cache)
    return environment.get_template(name).render(name="Acme")


def test_second_run_loads_the_compiled_file(checkout: Path, tmp_path: Path, parses: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    first = _render(checkout, cache)
    assert parses == ["README.md.jinja"]
    assert len(list(cache.glob("jinja-*.cache"))) == 1
    clone = shutil.copytree(checkout, tmp_path / "another-temporary-clone")  # Copier clones anew each run
    second = _render(clone, cache)
    assert parses == ["README.md.jinja"]  # not parsed again
    assert first == second == "# Acme\nTITLE\n"


def test_a_template_naming_a_clock_filter_is_never_cached(checkout: Path, tmp_path: Path, parses: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    first = _render(checkout, cache, "LICENSE.jinja")
    second = _render(checkout, cache, "LICENSE.jinja")
    assert first != second  # Jinja folds the filter at compile time: a cached file would freeze its value
    assert parses == ["LICENSE.jinja", "LICENSE.jinja"]
    assert list(cache.glob("jinja-*.cache")) == []


def test_a_changed_source_or_filter_code_is_compiled_afresh(checkout: Path, tmp_path: Path, parses: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    _render(checkout, cache)
    (checkout / "template" / "README.md.jinja").write_text("## {{ name }}\n")
    assert _render(checkout, cache) == "## Acme\n"
    (checkout / "pyve_gen" / "quoting.py").write_text("VERSION = 2\n")
    assert _render(checkout, cache) == "## Acme\n"
    assert parses == ["README.md.jinja"] * 3
    assert len(list(cache.glob("jinja-*.cache"))) == 1  # one file per template name, replaced


def test_a_damaged_entry_is_compiled_afresh(checkout: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    _render(checkout, cache)
    for entry in cache.glob("jinja-*.cache"):
        entry.write_bytes(entry.read_bytes()[:40])
    assert _render(checkout, cache).startswith("# Acme\n")


def test_the_cache_can_be_turned_off_and_survives_an_unusable_directory(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(jinja_bytecode.CACHE_DIR_VARIABLE, "")
    assert jinja_bytecode.cache_directory() is None
    environment = SandboxedEnvironment()
    jinja_bytecode.keep_compiled_templates(environment, checkout)
    assert environment.bytecode_cache is None

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(jinja_bytecode.CACHE_DIR_VARIABLE, str(blocker))
    assert jinja_bytecode.cache_directory() is None

    monkeypatch.setenv(jinja_bytecode.CACHE_DIR_VARIABLE, str(tmp_path / "fresh"))
    assert jinja_bytecode.cache_directory() == tmp_path / "fresh" / "jinja"
    cache = tmp_path / "gone"
    cache.mkdir()
    environment = SandboxedEnvironment(loader=FileSystemLoader(checkout / "template"))
    jinja_bytecode.keep_compiled_templates(environment, checkout, directory=cache)
    shutil.rmtree(cache)  # removed between runs: the render goes on uncached
    assert environment.get_template("README.md.jinja").render(name="Acme").startswith("# Acme")


def test_fingerprint_covers_versions_syntax_and_filter_code(checkout: Path) -> None:
    plain = SandboxedEnvironment()
    other_syntax = SandboxedEnvironment(variable_start_string="[[", variable_end_string="]]")
    first = jinja_bytecode.fingerprint(plain, checkout)
    assert first == jinja_bytecode.fingerprint(SandboxedEnvironment(), checkout)
    assert first != jinja_bytecode.fingerprint(other_syntax, checkout)
    (checkout / "extensions" / "pyve.py").write_text("# other filters\n")
    assert first != jinja_bytecode.fingerprint(plain, checkout)
    assert jinja_bytecode.fingerprint(plain, REPO) != jinja_bytecode.fingerprint(plain, checkout)
