"""`pyve-gen new`: validate answers, then render the template with Copier."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from pyve_gen import validation
from pyve_gen.paths import TEMPLATE_ROOT

# Validators pyve-gen runs itself before Copier, so bad data fails with one clear line.
VALIDATORS = {
    "project_name": validation.project_name_error,
    "project_slug": validation.slug_error,
    "package_name": validation.package_error,
    "components": validation.components_error,
    "config_vars": validation.config_vars_error,
}


def load_data(args: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if args.data_file:
        loaded = yaml.safe_load(Path(args.data_file).read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{args.data_file}: the answers file must be a YAML mapping of question: answer")
        data.update(loaded)
    for item in args.data:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--data {item!r}: use KEY=VALUE")
        data[key] = yaml.safe_load(value) if value else ""
    return data


def validate(data: dict[str, Any]) -> None:
    for key, check in VALIDATORS.items():
        if key in data:
            message = check(data[key])
            if message:
                raise ValueError(message)


def run_new(args: argparse.Namespace) -> int:
    from copier import run_copy

    data = load_data(args)
    validate(data)
    run_copy(
        str(args.template or TEMPLATE_ROOT),
        args.destination,
        data=data,
        defaults=args.defaults,
        unsafe=True,
        vcs_ref=args.vcs_ref,
    )
    return 0
