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
from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context

_TEMPLATE_ROOT = Path(__file__).resolve().parent.parent


def _load_pyve_gen(*submodules: str) -> dict[str, ModuleType]:
    """Import ``pyve_gen.<submodule>`` from this template checkout, then give the caller its own back.

    Each template version (each tag ``copier update`` replays) must run its own logic, and the process
    running Copier (``pyve-gen``, a test) must keep its own ``pyve_gen``: Copier's checkout is a temp
    clone that is deleted after the run.
    """

    def loaded() -> dict[str, ModuleType]:
        return {name: mod for name, mod in sys.modules.items() if name == "pyve_gen" or name.startswith("pyve_gen.")}

    callers = loaded()
    for name in callers:
        del sys.modules[name]
    sys.path.insert(0, str(_TEMPLATE_ROOT))
    try:
        return {name: importlib.import_module(f"pyve_gen.{name}") for name in submodules}
    finally:
        sys.path.remove(str(_TEMPLATE_ROOT))
        for name in loaded():
            del sys.modules[name]
        sys.modules.update(callers)


_PYVE_GEN = _load_pyve_gen(
    "quoting", "validation", "gates", "threats", "facts", "jinja_cache", "git_file_mode", "jinja_bytecode"
)


def _install_filters(environment: Environment) -> None:
    """The ``pyve_*`` filters, after the render speed-ups of docs/performance.md."""
    _PYVE_GEN["jinja_cache"].compile_strings_once(environment)
    _PYVE_GEN["git_file_mode"].ask_once()
    _PYVE_GEN["jinja_bytecode"].keep_compiled_templates(environment, _TEMPLATE_ROOT)
    quoting, validation, gates, threats = (_PYVE_GEN[name] for name in ("quoting", "validation", "gates", "threats"))
    environment.filters.update(
        {
            "pyve_shell": quoting.shell_quote,
            "pyve_yaml": quoting.yaml_str,
            "pyve_toml": quoting.toml_str,
            "pyve_md": quoting.md_text,
            "pyve_code": quoting.md_code,
            "pyve_env": quoting.env_value,
            "pyve_comment": quoting.comment_text,
            "pyve_ruby": quoting.ruby_str,
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
            "pyve_answer_error": _answer_error_filter(validation.answer_error),
            "pyve_coverage_default": gates.COVERAGE_FLOOR.get,
            "pyve_stride": threats.stride_rows,
        }
    )


def _answer_error_filter(answer_error: Any) -> Any:
    """``{{ value | pyve_answer_error('key') }}``: the one validator set, seeing the answers given so far."""

    @pass_context
    def answer_error_filter(context: Context, value: Any, key: str) -> str:
        return str(answer_error(key, value, context))

    return answer_error_filter


class PyveFilters(Extension):
    """The filters alone (for tests that build a bare Jinja environment)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        _install_filters(environment)


class PyveContext(ContextHook):
    """The one extension copier.yml loads: the filters, and ``pyve``, the facts derived from the answers.

    One class, so Copier's loader executes this file (and imports ``pyve_gen``) once per render, not twice.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        _install_filters(environment)

    def hook(self, context: dict[str, Any]) -> None:
        if "quality_level" not in context:
            return
        context["pyve"] = _PYVE_GEN["facts"].derive(context)
