"""Build hook (the metadata is in pyproject.toml): a wheel carries the template it renders.

``pip install .`` (not editable) leaves no checkout behind, so the wheel gets ``copier.yml``,
``template/`` and ``extensions/`` as package data under ``pyve_gen/template_root`` (found by
pyve_gen/questionnaire.py); the extension loads the render model from the ``pyve_gen`` package around it, so
the wheel holds the model once. An editable install renders the checkout itself and copies nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


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


setup(cmdclass={"build_py": BuildPyWithTemplate})
