"""Build hook (the metadata is in pyproject.toml): a wheel carries the template it renders, as a release.

``pip install .`` (not editable; pipx and ``uv tool install`` build the same wheel) leaves no checkout
behind, so the wheel gets ``copier.yml``, ``template/`` and ``extensions/`` as package data under
``pyve_gen/template_root`` (found by pyve_gen/questionnaire.py); the extension loads the render model from the
``pyve_gen`` package around it, so the wheel holds the model once. That copy is not a git repository,
so Copier would record no ``_commit`` and a ``_src_path`` inside site-packages, and nothing could update
the project later. The copy's answers-file template therefore records the release the wheel was built
from: ``_commit`` is its tag (``git describe`` of the checkout, or the package version outside git) and
``_src_path`` the template's canonical source, ``[tool.pyve-gen] template-source`` in pyproject.toml
(docs/updates.md, "Releasing"). A project rendered from the wheel is then byte for byte the project
``copier copy --vcs-ref TAG SOURCE`` renders, and ``copier update`` / ``pyve-gen update`` / ``pyve-gen check``
work on it. An editable install renders the checkout itself and copies nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
ANSWERS_TEMPLATE = "template/{{_copier_conf.answers_file}}.jinja"
ANSWERS_LINE = "{{ _copier_answers | to_nice_yaml -}}"
_VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


def package_version() -> str:
    match = _VERSION.search((ROOT / "pyve_gen" / "__init__.py").read_text(encoding="utf-8"))
    if not match:
        raise SystemExit("pyve_gen/__init__.py has no __version__ line")
    return match.group(1)


def template_source() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    source = config.get("tool", {}).get("pyve-gen", {}).get("template-source", "")
    if not isinstance(source, str) or not source.strip():
        raise SystemExit("pyproject.toml: set [tool.pyve-gen] template-source (where projects update from)")
    return source.strip()


def release_commit(version: str) -> str:
    """What Copier would record rendering this checkout: its ``git describe``; the package version outside git."""
    if not (ROOT / ".git").exists():
        return version

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    # A tag on HEAD is what Copier records for this commit, whatever __version__ says (scripts/release.py
    # keeps the two equal); between releases, `0.2.0-3-gabc1234`, which git and Copier resolve too.
    return git("describe", "--tags", "--always") or version


def stamp_release(target: Path, commit: str, source: str) -> None:
    """Make the bundled answers-file template record the release instead of the site-packages path."""
    path = target / ANSWERS_TEMPLATE
    text = path.read_text(encoding="utf-8")
    if text.count(ANSWERS_LINE) != 1:
        raise SystemExit(f"{ANSWERS_TEMPLATE} changed: update setup.py's stamp_release to match it")
    # json.dumps gives a double-quoted string literal Jinja reads back exactly.
    stamped = (
        f"{{{{ dict(_copier_answers, _commit={json.dumps(commit)}, _src_path={json.dumps(source)}) | to_nice_yaml -}}}}"
    )
    path.write_text(text.replace(ANSWERS_LINE, stamped), encoding="utf-8")


class BuildPyWithTemplate(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "pyve_gen" / "template_root"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        shutil.copy2(ROOT / "copier.yml", target / "copier.yml")
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "template_root")
        for folder in ("template", "extensions"):
            shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
        stamp_release(target, release_commit(package_version()), template_source())


setup(cmdclass={"build_py": BuildPyWithTemplate})
