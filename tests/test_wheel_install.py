"""`pip install .` (not editable): the wheel carries the template, and `python -m pyve_gen new` renders it."""

from __future__ import annotations

import json
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


# What the installed pyve-gen's review and model see: the phase questions, their sizes, the tool versions.
PROBE = """
import json, sys
from pyve_gen import questionnaire
from pyve_gen.cli import new, review
answers = json.loads(sys.argv[1])
print(json.dumps({
    "root": str(questionnaire.TEMPLATE_ROOT),
    "gated": {p: new.phase_keys(p) for p in (1, 2, 3)},
    "phases": questionnaire.phases(),
    "sizes": questionnaire.derive(answers)["phase_sizes"],
    "kept": questionnaire.derive(answers)["kept_defaults"],
    "tools": sorted(questionnaire.derive(answers)["tool_versions"]),
    "summary": review.format_summary(answers),
}))
"""
ANSWERS = {
    "quality_level": "secure",
    "project_name": "Acme",
    "components": "api:application",
    "deploy_provider": "aws",
    "phase1_mode": "defaults",
    "phase2_mode": "defaults",
    "phase3_mode": "defaults",
}


def _tree(root: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(root.rglob("*")):
        # __pycache__: the byte-code pip compiles inside the packaged template is #24's (not this test's) subject.
        if path.is_file() and not {".git", "__pycache__"} & set(path.relative_to(root).parts):
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    answers = yaml.safe_load(files.pop(".copier-answers.yml"))
    files[".copier-answers.yml"] = repr(
        {k: v for k, v in answers.items() if k not in {"_commit", "_src_path"}}
    ).encode()
    return files


def test_a_pip_installed_wheel_sees_the_checkouts_questions_and_renders_its_bytes(
    template_src: Path, tmp_path: Path
) -> None:
    """The render model opens no file: installed from the wheel (pip, a fresh venv), pyve-gen's review finds the
    same phase questions, sizes and tool versions as the checkout, and `pyve-gen new` renders the same bytes."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(dist), str(template_src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("pyve*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "pyve_gen/model/facts.py" in names
    assert not [name for name in names if name.startswith("pyve_gen/template_root/pyve_gen/")], "pyve_gen twice"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300
    )
    # The dependencies (copier, questionary, ...) from the dev venv, as plain path entries: its editable
    # pyve_gen finder is not activated, so `import pyve_gen` is the wheel's.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = next(path for path in sys.path if path.endswith("site-packages"))
    (Path(site) / "_dev_deps.pth").write_text(deps + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": ""}
    probe = [str(python), "-c", PROBE, json.dumps(ANSWERS)]
    installed = json.loads(
        subprocess.run(probe, cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    )
    assert installed["root"] == str(Path(site) / "pyve_gen" / "template_root")
    checkout = json.loads(
        subprocess.run(
            [sys.executable, "-c", PROBE, json.dumps(ANSWERS)],
            cwd=template_src,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert checkout["root"] != installed["root"]
    for key in ("gated", "phases", "sizes", "kept", "tools", "summary"):
        assert installed[key] == checkout[key], key
    assert len(installed["gated"]["1"]) >= 10 and installed["sizes"] == {"1": 11, "2": 21, "3": 4}
    assert "ruff" in installed["tools"]
    # `pyve-gen new` from the installed wheel: the extension loads the model beside its template_root.
    data = ["--data", "components=api:application", "--data", "deploy_provider=aws", "--data", "quality_level=secure"]
    made = subprocess.run(
        [str(venv / "bin" / "pyve-gen"), "new", str(tmp_path / "acme"), "--defaults", *data],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    reference = subprocess.run(
        [sys.executable, "-m", "pyve_gen", "new", str(tmp_path / "ref" / "acme"), "--defaults", *data],
        cwd=template_src,
        capture_output=True,
        text=True,
    )
    assert reference.returncode == 0, reference.stderr
    assert _tree(tmp_path / "acme") == _tree(tmp_path / "ref" / "acme")
    spec = (tmp_path / "acme" / "docs/specs/codebase_spec.md").read_text(encoding="utf-8")
    assert "(recommended default, kept)" in spec
