"""`pip install .` (a real, isolated wheel build; pipx and `uv tool install` build the same wheel) in a fresh
venv of a stock interpreter: the installed `pyve-gen new` renders what `copier copy` renders from the
release tag, records that tag and the canonical source, and the project then checks and updates like any other.

The template repository here stands for the canonical source (`[tool.pyve-gen] template-source`): a
throwaway clone with release tags, as a fork publishes them (docs/updates.md, section 5).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from copier import run_copy
from standins import git_commit_all

STOCK_PYTHON = Path.home() / ".pyenv" / "versions" / "3.12.1" / "bin" / "python3.12"
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
DATA = ["--data", "quality_level=production", "--data", "project_name=Acme Billing"]


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def release(repo: Path, version: str, message: str) -> None:
    """What scripts/release.py does, by hand: the version in pyve_gen/__init__.py, a commit, the tag."""
    init = repo / "pyve_gen" / "__init__.py"
    init.write_text(re.sub(r'^__version__ = ".*"$', f'__version__ = "{version}"', init.read_text(), flags=re.M))
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=repo, check=True)
    subprocess.run([*GIT, "tag", version], cwd=repo, check=True)


@pytest.fixture(scope="module")
def released(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template as its canonical source: template-source names this repository, tagged 0.1.0."""
    repo = tmp_path_factory.mktemp("canonical") / "pyve"
    shutil.copytree(template_src, repo, ignore=shutil.ignore_patterns(".git"))
    pyproject = repo / "pyproject.toml"
    text, count = re.subn(r"^template-source = .*$", f'template-source = "{repo}"', pyproject.read_text(), flags=re.M)
    assert count == 1, "pyproject.toml has no [tool.pyve-gen] template-source"
    pyproject.write_text(text)
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    release(repo, "0.1.0", "release 0.1.0")
    return repo


def pyve_gen(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run([str(venv / "bin" / "pyve-gen"), *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def installed(released: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip install .` of the 0.1.0 release into a fresh venv of the stock interpreter; the venv."""
    if not STOCK_PYTHON.is_file():
        pytest.skip("needs pyenv's stock CPython 3.12.1")
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([str(STOCK_PYTHON), "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(released)],  # not editable
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    bundled = list((venv / "lib").glob("python3.12/site-packages/pyve_gen/template_root/copier.yml"))
    assert bundled, "the wheel carries the template"
    return venv


@pytest.mark.slow
def test_installed_wheel_review_edits_carry_to_what_followed_them(installed: Path, tmp_path: Path) -> None:
    """The installed pyve-gen new, in a terminal: the review renames the package and raises the level."""
    from pty_driver import CLEAR_LINE, DOWN, ENTER, Terminal
    from test_interactive import BASICS_AFTER_COMPONENTS, BASICS_AFTER_NAME, PHASE1_QUESTIONS, env

    from pyve_gen import questionnaire

    term = Terminal(str(installed / "bin" / "pyve-gen"), ["new", "csv-tool"], tmp_path, env(tmp_path), timeout=180)
    term.answer("Quality level", ENTER)  # prototype
    term.answer("Project name, for humans", ENTER)  # Csv Tool
    term.answer("Component 1: name", CLEAR_LINE, "csvtool", ENTER)
    for prompt in ("kind", "language", "paths", "entrypoints", "audience"):
        term.answer(f"csvtool: {prompt}", ENTER)
    term.answer("Add another component?", "n")
    for prompt in BASICS_AFTER_NAME + BASICS_AFTER_COMPONENTS:
        term.answer(prompt, ENTER)
    term.answer("Phase 1 asks up to", DOWN, ENTER)  # answer the Phase 1 questions (Enter each)
    for prompt in PHASE1_QUESTIONS:
        term.answer(prompt, ENTER)
    term.answer("Web address of the repository", ENTER)  # manual releases: no PyPI question before it
    term.expect("Review: nothing is written until you choose to render")
    phase0 = [key for key, phase in questionnaire.phases().items() if phase.startswith("Phase 0")]
    term.answer("What now?", DOWN, ENTER)
    term.answer("Which answer?", *([DOWN] * phase0.index("package_name")), ENTER)
    term.answer("Python import name of the project csv_tool", CLEAR_LINE, "csvkit", ENTER)
    term.expect("Components: csvtool paths: src/csv_tool_csvtool -> src/csvkit_csvtool")
    term.answer("What now?", DOWN, ENTER)
    term.answer("Which answer?", ENTER)
    term.answer("Quality level (Use arrow keys)", DOWN, ENTER)  # production
    term.answer("Publish the wheel and sdist to PyPI", ENTER)
    term.answer("Phase 2 asks up to", ENTER)
    term.expect("Line coverage floor in percent, enforced in CI: 0 -> 80")
    term.answer("What now?", ENTER)
    term.expect("is ready in")
    assert term.finish() == 0, term.transcript()
    project = tmp_path / "csv-tool"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert (answers["_commit"], answers["package_name"], answers["coverage_floor"]) == ("0.1.0", "csvkit", 80)
    assert (project / "src/csvkit_csvtool/__main__.py").is_file()
    checked = pyve_gen(installed, "check", "--offline", str(project), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout


def test_installed_wheel_renders_the_release_then_checks_and_updates(
    installed: Path, released: Path, tmp_path: Path
) -> None:
    venv = installed
    project = tmp_path / "acme"
    done = pyve_gen(venv, "new", str(project), "--defaults", *DATA, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert (recorded["_commit"], recorded["_src_path"]) == ("0.1.0", str(released))
    assert not [path for path in files_of(project) if "__pycache__" in path or path.endswith(".pyc")]

    # The same bytes as `copier copy` from the release tag of the canonical source, answers file included.
    reference = tmp_path / "reference"
    run_copy(
        str(released),
        str(reference),
        data={"quality_level": "production", "project_name": "Acme Billing"},
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref="0.1.0",
    )
    mine, theirs = files_of(project), files_of(reference)
    assert sorted(mine) == sorted(theirs)
    assert [path for path in mine if mine[path] != theirs[path]] == []

    git_commit_all(project)
    checked = pyve_gen(venv, "check", str(project), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert re.search(r"PV101 template-version +pass +template 0\.1\.0 is up to date", checked.stdout), checked.stdout

    # A user edit, then a newer release that crosses the 0.2.0 answer migrations (their keys are
    # already current here, so they must change nothing) and changes a policy file.
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nOur own notes.\n")
    git_commit_all(project, "notes")
    editorconfig = released / "template" / ".editorconfig"
    editorconfig.write_text(editorconfig.read_text() + "\n[*.sql]\nindent_size = 2\n")
    release(released, "0.2.0", "release 0.2.0: SQL indentation")
    behind = pyve_gen(venv, "check", str(project), cwd=tmp_path)
    assert behind.returncode == 1 and "template 0.1.0 is behind the latest release 0.2.0" in behind.stdout

    updated = pyve_gen(venv, "update", "--defaults", "--no-lock", cwd=project)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "template 0.1.0 -> 0.2.0" in updated.stdout and ".editorconfig" in updated.stdout
    after = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert after == {**recorded, "_commit": "0.2.0"}  # no migration rewrote a current answer
    assert "indent_size = 2" in (project / ".editorconfig").read_text()
    assert "Our own notes." in readme.read_text()
    assert pyve_gen(venv, "check", str(project), cwd=tmp_path).returncode == 0


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
    assert len(installed["gated"]["1"]) >= 10 and installed["sizes"] == {"1": 13, "2": 21, "3": 4}
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
