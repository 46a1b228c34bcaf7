"""One reader of a repository on disk, shared by `pyve-gen check` (:mod:`pyve_gen.check_rules`) and
`pyve-gen adopt` (:mod:`pyve_gen.adopt`): pyproject.toml and the INI files (setup.cfg, tox.ini, mypy.ini,
.coveragerc) as people write them, and the facts both need from them: mypy strictness and the coverage floor,
each with where it was read. The workflows and the lock files are read by :class:`pyve_gen.project.Project`
and :mod:`pyve_gen.lockfiles`.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from typing import Any

from pyve_gen.project import Project


@dataclass(frozen=True)
class Found:
    value: Any
    source: str  # where, quoted: 'pyproject.toml: [tool.mypy] strict = true'


def pyproject(repo: Project) -> dict[str, Any]:
    """pyproject.toml parsed ({} when missing or not valid TOML: :meth:`Project.toml` says why)."""
    data = repo.toml("pyproject.toml")
    return data if isinstance(data, dict) else {}


def section(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    """The table at ``dotted`` (``tool.mypy``), {} when absent or not a table."""
    for part in dotted.split("."):
        value = data.get(part)
        if not isinstance(value, dict):
            return {}
        data = value
    return data


def ini(repo: Project, name: str) -> configparser.ConfigParser | None:
    text = repo.read(name)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def ini_get(parser: configparser.ConfigParser | None, sect: str, key: str) -> str:
    if parser is None or not parser.has_option(sect, key):
        return ""
    return parser.get(sect, key).strip()


def mypy_strict(repo: Project) -> Found | None:
    """Where mypy is configured strict: pyproject.toml ``[tool.mypy]``, ``mypy.ini``/``.mypy.ini`` or setup.cfg ``[mypy]``."""
    if section(pyproject(repo), "tool.mypy").get("strict") is True:
        return Found(True, "pyproject.toml: [tool.mypy] strict = true")
    for name in ("mypy.ini", ".mypy.ini", "setup.cfg"):
        if ini_get(ini(repo, name), "mypy", "strict").lower() in {"true", "1", "yes", "on"}:
            return Found(True, f"{name}: [mypy] strict = True")
    return None


def coverage_fail_under(repo: Project) -> Found | None:
    """The coverage floor as configured (``fail_under``) or passed to pytest (``--cov-fail-under``)."""
    value = section(pyproject(repo), "tool.coverage.report").get("fail_under")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Found(value, f"pyproject.toml: [tool.coverage.report] fail_under = {value}")
    for name, sect in ((".coveragerc", "report"), ("setup.cfg", "coverage:report"), ("tox.ini", "coverage:report")):
        text = ini_get(ini(repo, name), sect, "fail_under")
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return Found(float(text) if "." in text else int(text), f"{name}: [{sect}] fail_under = {text}")
    candidates = ["pyproject.toml", "setup.cfg", "pytest.ini", "tox.ini", "Makefile"]
    candidates += [f".github/workflows/{name}" for name in repo.workflows]
    for name in candidates:
        match = re.search(r"--cov-fail-under[= ](\d+)", repo.read(name) or "")
        if match:
            return Found(int(match.group(1)), f"{name}: {match.group(0)}")
    return None
