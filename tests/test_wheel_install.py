"""`pip install .` (not editable): the wheel carries the template, and `python -m pyve_gen new` renders it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml


@pytest.mark.slow
def test_a_plain_install_renders_the_template_it_carries(template_src: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(template_src, source, ignore=shutil.ignore_patterns(".git"))
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("pyve*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip install puts in site-packages
    shutil.rmtree(source)  # no checkout left behind, as after `pip install .` from a clone that is gone
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import pyve_gen.questionnaire as q; print(q.TEMPLATE_ROOT, q.IS_GIT_CHECKOUT)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.split() == [str(site / "pyve_gen" / "template_root"), "False"]
    dest = tmp_path / "acme"
    done = subprocess.run(
        [sys.executable, "-m", "pyve_gen", "new", str(dest), "--defaults", "--data", "components=api:application"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["components"] == "api:application" and answers["phase1_mode"] == "defaults"
    assert (dest / "src/acme_api/__main__.py").is_file()
