"""The ``pyve_*`` Jinja filters copier.yml and the templates use: quoting, validation, tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import components, held, infra, levels, publishing, quoting, threats, tool_pins, validation

FILTERS: dict[str, Callable[..., Any]] = {
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
    "pyve_by_level": levels.by_level,
    "pyve_level_rule": levels.level_rule,
    "pyve_stride": threats.stride_rows,
    "pyve_iac_error": infra.iac_error,
    "pyve_import_names": components.python_imports,
    "pyve_authors": publishing.authors,
    "pyve_project_urls": publishing.project_urls,
    "pyve_classifiers": publishing.classifiers,
    "pyve_pages_url": publishing.pages_url,
    "pyve_exclude_patterns": held.exclude_patterns,
    "pyve_pin": tool_pins.pinned,
    "pyve_backend": tool_pins.backend,
}
