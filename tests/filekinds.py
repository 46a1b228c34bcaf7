"""Standard readers for every file kind a render can contain; shared by the render tests."""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import tomllib
import warnings
from pathlib import Path

import yaml

UNRENDERED = re.compile(r"(?<![$\\])\{\{(?! x \}\})|\{%(?! y %\})")


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)


def is_shell(path: Path) -> bool:
    if path.suffix in {".sh", ".bash"}:
        return True
    try:
        first = path.read_text(errors="replace").split("\n", 1)[0]
    except OSError:
        return False
    return first.startswith("#!") and re.search(r"\b(ba)?sh\b", first) is not None


def tree_problems(rendered: Path) -> list[str]:
    """Every file of ``rendered`` that its kind's standard reader rejects, one line each."""
    problems: list[str] = []
    for path in files(rendered):
        rel = path.relative_to(rendered)
        text = path.read_text(encoding="utf-8")
        if UNRENDERED.search(text):
            problems.append(f"{rel}: unrendered Jinja")
        try:
            if path.suffix in {".yml", ".yaml"}:
                list(yaml.safe_load_all(text))
            elif path.suffix == ".toml":
                tomllib.loads(text)
            elif path.suffix == ".json":
                json.loads(text)
            elif path.suffix == ".py":
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    compile(text, str(rel), "exec")
            elif path.suffix in {".cfg", ".ini"} or path.name in {".sqlfluff", "setup.cfg", ".flake8"}:
                configparser.ConfigParser(interpolation=None).read_string(text)
        except Exception as error:  # noqa: BLE001 - any parse error is a finding
            problems.append(f"{rel}: {type(error).__name__}: {error}")
        if is_shell(path):
            result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
            if result.returncode:
                problems.append(f"{rel}: bash -n: {result.stderr.strip()}")
    return problems
