"""Jinja extensions Copier loads by file path: quoting/validation filters and the derived-facts hook.

They stay thin: all logic lives in ``pyve_gen``, imported from the template checkout this file sits in,
so each template version (each tag replayed by ``copier update``) runs its own logic.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from copier_template_extensions import ContextHook
from jinja2 import Environment
from jinja2.ext import Extension

_TEMPLATE_ROOT = Path(__file__).resolve().parent.parent


def _pyve_gen(submodule: str) -> ModuleType:
    """Import ``pyve_gen.<submodule>`` from this template checkout, not from another version."""
    loaded = sys.modules.get("pyve_gen")
    if loaded is not None and Path(loaded.__file__ or "").resolve().parent.parent != _TEMPLATE_ROOT:
        for name in [n for n in sys.modules if n == "pyve_gen" or n.startswith("pyve_gen.")]:
            del sys.modules[name]
    sys.path.insert(0, str(_TEMPLATE_ROOT))
    try:
        return importlib.import_module(f"pyve_gen.{submodule}")
    finally:
        sys.path.remove(str(_TEMPLATE_ROOT))


def _compile_each_string_once(environment: Environment) -> None:
    """Make ``environment.from_string`` compile each distinct source once.

    Copier renders every question's type, help, choices, default, ``when`` and validator through
    ``from_string``, which Jinja compiles from scratch each time: about 900 compiles of 250 distinct
    strings per render, the largest cost of a render after Copier's own start-up. A compiled template
    does not depend on the render context, so one compile per source serves every later call.
    Extensions' ``preprocess`` still runs on every call: Copier's ``{% yield %}`` resets its state there.
    Named templates (the template files) keep Jinja's own cache and are left alone.
    """
    compile_uncached: Callable[..., str | CodeType] = environment.compile
    compiled: dict[str, str | CodeType] = {}

    def compile_once(
        source: Any, name: str | None = None, filename: str | None = None, raw: bool = False, defer_init: bool = False
    ) -> str | CodeType:
        if not isinstance(source, str) or name is not None or filename is not None or raw or defer_init:
            return compile_uncached(source, name, filename, raw, defer_init)
        code = compiled.get(source)
        if code is None:
            code = compiled[source] = compile_uncached(source)
        else:
            environment.preprocess(source)
        return code

    environment.compile = compile_once  # type: ignore[method-assign, assignment]


class PyveFilters(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        _compile_each_string_once(environment)
        quoting = _pyve_gen("quoting")
        validation = _pyve_gen("validation")
        gates = _pyve_gen("gates")
        environment.filters.update(
            {
                "pyve_shell": quoting.shell_quote,
                "pyve_yaml": quoting.yaml_str,
                "pyve_toml": quoting.toml_str,
                "pyve_md": quoting.md_text,
                "pyve_code": quoting.md_code,
                "pyve_env": quoting.env_value,
                "pyve_comment": quoting.comment_text,
                "pyve_slugify": quoting.slugify,
                "pyve_identifier": quoting.identifier,
                "pyve_name_error": validation.project_name_error,
                "pyve_slug_error": validation.slug_error,
                "pyve_package_error": validation.package_error,
                "pyve_text_error": validation.text_error,
                "pyve_path_error": validation.relative_path_error,
                "pyve_email_error": validation.email_error,
                "pyve_components_error": validation.components_error,
                "pyve_config_vars_error": validation.config_vars_error,
                "pyve_list_error": validation.string_list_error,
                "pyve_coverage_default": gates.COVERAGE_FLOOR.get,
            }
        )


class PyveContext(ContextHook):
    """Adds ``pyve``: the facts derived from the answers (languages, gates, components, …)."""

    def hook(self, context: dict[str, Any]) -> None:
        if "quality_level" not in context:
            return
        context["pyve"] = _FACTS.derive(context)


_FACTS = _pyve_gen("facts")
