"""Jinja extensions Copier loads by file path: quoting/validation filters and the derived-facts hook.

They stay thin: all logic lives in ``pyve_gen``, imported from the template checkout this file sits in,
so each template version (each tag replayed by ``copier update``) runs its own logic.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
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


class PyveFilters(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        quoting = _pyve_gen("quoting")
        validation = _pyve_gen("validation")
        gates = _pyve_gen("gates")
        threats = _pyve_gen("threats")
        environment.filters.update(
            {
                "pyve_shell": quoting.shell_quote,
                "pyve_yaml": quoting.yaml_str,
                "pyve_toml": quoting.toml_str,
                "pyve_md": quoting.md_text,
                "pyve_code": quoting.md_code,
                "pyve_env": quoting.env_value,
                "pyve_comment": quoting.comment_text,
                "pyve_py": quoting.python_str,
                "pyve_attr": quoting.python_attr,
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
                "pyve_stride": threats.stride_rows,
            }
        )


class PyveContext(ContextHook):
    """Adds ``pyve``: the facts derived from the answers (languages, gates, components, …)."""

    def hook(self, context: dict[str, Any]) -> None:
        if "quality_level" not in context:
            return
        context["pyve"] = _FACTS.derive(context)


_FACTS = _pyve_gen("facts")
