"""The Jinja extension Copier loads by file path: the ``pyve_*`` filters and ``pyve``, the derived facts.

Thin on purpose: the logic is the render model, ``pyve_gen/model/`` of the template checkout this file sits
in, so each template version (each tag ``copier update`` replays) runs its own. The model is loaded under a
private module name made from its code, so the process running Copier (``pyve-gen``, a test) keeps its own
``pyve_gen`` untouched, and a second render of the same template version reuses the loaded model.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from copier_template_extensions import ContextHook
from jinja2 import Environment, pass_context
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.ext import Extension
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

# The template root this file sits in (a checkout, Copier's clone of a tag, or a wheel's template_root).
ROOT = Path(__file__).resolve().parent.parent


def model_dir(root: Path = ROOT) -> Path:
    """The render model: ``pyve_gen/model`` of a checkout, or the one beside a wheel's ``pyve_gen/template_root``
    (the wheel holds the model once, in its ``pyve_gen`` package)."""
    for candidate in (root / "pyve_gen" / "model", root.parent / "model"):
        if (candidate / "__init__.py").is_file() and (candidate / "facts.py").is_file():
            return candidate
    raise FileNotFoundError(f"no render model (pyve_gen/model) in or beside {root}")


MODEL_DIR = model_dir()


def load_model(model_dir: Path = MODEL_DIR) -> str:
    """Import the render model in ``model_dir`` as ``_pyve_model_<digest of its code>``; return that name."""
    digest = hashlib.sha256()
    for path in sorted(model_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    name = f"_pyve_model_{digest.hexdigest()[:16]}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, model_dir / "__init__.py", submodule_search_locations=[str(model_dir)]
        )
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package  # its modules import each other relatively, through this entry
        try:
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[name]
            raise
    return name


_MODEL = load_model()
_FILTERS: ModuleType = importlib.import_module(f"{_MODEL}.filters")
_FACTS: ModuleType = importlib.import_module(f"{_MODEL}.facts")
_VALIDATION: ModuleType = importlib.import_module(f"{_MODEL}.validation")
_QUESTIONS: ModuleType = importlib.import_module(f"{_MODEL}.questions")
_ASKED: ModuleType = importlib.import_module(f"{_MODEL}.asked")


def read_inputs(root: Path = ROOT) -> Any:
    """The model's inputs from this template root: its copier.yml and its dev lock, read here (the model opens
    no file). Kept in the model package per content, so a second render of the same template reuses them
    (parsing copier.yml costs 10 ms with libyaml, 60 ms without)."""
    copier_yml = (root / "copier.yml").read_text(encoding="utf-8")
    cache: dict[str, Any] = vars(sys.modules[_MODEL]).setdefault("_inputs", {})
    key = hashlib.sha256(copier_yml.encode()).hexdigest()
    if key not in cache:
        cache[key] = (yaml.load(copier_yml, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), {})
    parsed, by_lock = cache[key]
    dev_lock = (root / _QUESTIONS.dev_lock_path(parsed)).read_text(encoding="utf-8")
    if dev_lock not in by_lock:
        environment = SandboxedEnvironment()
        environment.filters.update(_FILTERS.FILTERS)
        by_lock[dev_lock] = _QUESTIONS.make_inputs(parsed, copier_yml, dev_lock, environment)
    return by_lock[dev_lock]


_INPUTS = read_inputs()


def _answer_error_filter(answer_error: Any) -> Any:
    """``{{ value | pyve_answer_error('key') }}``: the one validator set, seeing the answers given so far."""

    @pass_context
    def answer_error_filter(context: Context, value: Any, key: str) -> str:
        return str(answer_error(key, value, context))

    return answer_error_filter


def cache_dir() -> Path | None:
    """Where compiled template files persist between processes: ``$PYVE_CACHE_DIR/jinja``, else the user's
    cache folder (``$XDG_CACHE_HOME``, ``~/.cache`` or ``~/Library/Caches``) ``/pyve/jinja``; an empty
    ``PYVE_CACHE_DIR`` keeps them in memory only."""
    configured = os.environ.get("PYVE_CACHE_DIR")
    if configured is not None:
        return Path(configured) / "jinja" if configured else None
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "pyve" / "jinja"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no passwd entry: memory only
        return None
    return home / ("Library/Caches" if sys.platform == "darwin" else ".cache") / "pyve" / "jinja"


def _private_folder(folder: Path) -> bool:
    """``folder`` exists (made if need be) and only this user can write it: a cache entry is unpickled."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except OSError:
        return False
    owned = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return owned and not status.st_mode & 0o022


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache API, in memory and, where a private cache folder is available, on disk: a second
    render in the same process (``copier update`` renders the old and the new version; the tests render
    hundreds) and the next ``copier copy`` reuse the compiled template files. An entry is used only for the
    same source (Jinja checks its checksum), so an edited file is compiled afresh."""

    def __init__(self, folder: Path | None = None, namespace: str = "") -> None:
        self.store: dict[str, bytes] = {}
        self.folder = folder if folder is not None and _private_folder(folder) else None
        self.namespace = namespace

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # By template name, not path: Copier renders each version from a fresh temporary checkout.
        # The bucket still checks the source's checksum, so only identical source reuses the code.
        return hashlib.sha1(f"{self.namespace}|{name}".encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)
            return
        if self.folder is None:
            return
        try:
            code = (self.folder / f"{bucket.key}.cache").read_bytes()
        except OSError:
            return
        bucket.bytecode_from_string(code)  # a stale or foreign entry leaves the bucket empty
        if bucket.code is not None:
            self.store[bucket.key] = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self.store[bucket.key] = code
        if self.folder is None:
            return
        try:  # write then rename: a concurrent render never reads half an entry
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(code)
            os.replace(temporary, self.folder / f"{bucket.key}.cache")
        except OSError:
            pass  # a cache that cannot be written only costs time


def _shared_bytecode_cache(environment: Environment) -> BytecodeCache:
    """One cache per process and syntax setting, kept in the model package: Copier imports this file anew
    for each render, while the model (``load_model``) stays loaded."""
    caches: dict[tuple[Any, ...], BytecodeCache] = vars(sys.modules[_MODEL]).setdefault("_jinja_bytecode", {})
    syntax = (
        type(environment).__name__,
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
        environment.optimized,
        repr(environment.autoescape),
    )
    if syntax not in caches:
        namespace = hashlib.sha1(repr(syntax).encode("utf-8")).hexdigest()[:12]
        caches[syntax] = MemoryBytecodeCache(cache_dir(), namespace)
    return caches[syntax]


def _gate_default(data: Any, phase: int) -> str:
    """``{{ _copier_conf.data | pyve_gate_default(1) }}``: a phase gate's default, from this template's table."""
    return str(_ASKED.gate_default(data, phase, _INPUTS.table))


def _install_filters(environment: Environment) -> None:
    environment.filters.update(
        _FILTERS.FILTERS,
        pyve_answer_error=_answer_error_filter(_VALIDATION.answer_error),
        pyve_gate_default=_gate_default,
    )


class PyveFilters(Extension):
    """The filters alone (for tests that build a bare Jinja environment)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        _install_filters(environment)


class LazyFacts(Mapping[str, Any]):
    """``pyve``, derived from the answers on first use. Copier makes a Jinja context for every string it
    renders (each question's type, choices and ``when:``, each part of each path, the answers file's name),
    and most never read ``pyve``: those pay nothing for it."""

    __slots__ = ("_answers", "_facts")

    def __init__(self, answers: dict[str, Any]) -> None:
        self._answers = answers
        self._facts: Mapping[str, Any] | None = None

    def _derived(self) -> Mapping[str, Any]:
        if self._facts is None:
            self._facts = _FACTS.derive(self._answers, _INPUTS)
        return self._facts

    def __getitem__(self, key: str) -> Any:
        return self._derived()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._derived())

    def __len__(self) -> int:
        return len(self._derived())


class PyveContext(ContextHook):
    """The one extension copier.yml loads: the filters, and ``pyve``, the facts derived from the answers."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        _install_filters(environment)
        if environment.bytecode_cache is None:
            environment.bytecode_cache = _shared_bytecode_cache(environment)

    def hook(self, context: dict[str, Any]) -> None:
        if "quality_level" not in context:
            return
        context["pyve"] = LazyFacts(context)
