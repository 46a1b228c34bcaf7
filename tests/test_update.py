"""Policy updates: a throwaway git repo of the template with two release tags, projects rendered at
the old one and edited as a user would, then updated; each case's outcome is asserted.

Tag 0.1.0 ("the previous release") differs from 0.2.0 (this checkout) in the ways a real release does:
- a new policy file: 0.2.0 adds `.editorconfig`;
- a changed policy line: ruff's `line-length` goes from 99 to 100 in pyproject.toml (template-owned);
- a changed user-owned file: the CLI's help text in `__main__.py` (must NOT reach updated projects);
- a renamed choice with its migration: `status` values `in development` -> `in-development`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from copier import run_copy
from standins import add_standins, git_commit_all

from pyve_gen.check import verdict
from pyve_gen.questionnaire import level_dependent
from pyve_gen.rederive import template_questions
from pyve_gen.update import UpdateReport, _relock, update


def _load_migrate_answers() -> Any:
    """extensions/migrate_answers.py, the script Copier's `_migrations` run (not an importable module)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("migrate_answers", REPO / "extensions" / "migrate_answers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


migrate_answers = _load_migrate_answers()

OLD, NEW = "0.1.0", "0.2.0"
PYPROJECT_TEMPLATE = "template/{% if pyve.files['pyproject.toml'] %}pyproject.toml{% endif %}.jinja"
MAIN_TEMPLATE = (
    "template/{% yield comp from pyve.python_components %}{{ comp.root }}{% endyield %}/"
    '{% if comp.kind != "library" %}__main__.py{% endif %}.jinja'
)
MAIN = "src/my_project/__main__.py"
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_previous_release(repo: Path) -> None:
    copier_yml = repo / "copier.yml"
    text = copier_yml.read_text(encoding="utf-8")
    text, removed = re.subn(r"^_migrations:\n(?:[ #].*\n|\n)*", "", text, flags=re.M)
    assert removed == 1, "copier.yml has no _migrations block"
    copier_yml.write_text(text.replace("in-development", "in development").replace("internal-tool", "internal tool"))
    (repo / "template/.editorconfig").unlink()
    _replace(repo / PYPROJECT_TEMPLATE, "line-length = 100", "line-length = 99")
    _replace(repo / MAIN_TEMPLATE, 'help="who to greet"', 'help="the name to greet"')


@pytest.fixture(scope="module")
def tagged(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("tagged") / "pyve"
    no_git = shutil.ignore_patterns(".git")
    shutil.copytree(template_src, repo, ignore=no_git)
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    make_previous_release(repo)
    for tag in (OLD, NEW):
        if tag == NEW:
            shutil.copytree(template_src, repo, ignore=no_git, dirs_exist_ok=True)
        subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*GIT, "commit", "-qm", f"release {tag}"], cwd=repo, check=True)
        subprocess.run([*GIT, "tag", tag], cwd=repo, check=True)
    return repo


def render_at(template: Path, dest: Path, ref: str, data: dict[str, Any] | None = None) -> Path:
    run_copy(str(template), str(dest), data=data or {}, defaults=True, unsafe=True, quiet=True, vcs_ref=ref)
    git_commit_all(dest)
    return dest


def answers(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))


def commit(project: Path, message: str = "user edits") -> None:
    git_commit_all(project, message)


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


RELOCK_MARKER = "relocked.txt"
RECORDING_LOCK = f"{sys.executable} -c \"import pathlib; pathlib.Path('{RELOCK_MARKER}').write_text('yes')\""


# -- edits on different lines, a user-owned file, a new policy file, the migration --------------
def test_update_keeps_user_edits_and_brings_the_policy_changes(tagged: Path, tmp_path: Path) -> None:
    project = render_at(tagged, tmp_path / "project", OLD)
    assert answers(project)["status"] == "in development"
    add_standins(project)
    commit(project, "stand-ins for files other templates render")
    _replace(project / "pyproject.toml", 'readme = "README.md"\n', 'readme = "README.md"\nkeywords = ["billing"]\n')
    _replace(project / MAIN, 'help="the name to greet"', 'help="whom to greet, politely"')
    _replace(project / "CHANGELOG.md", "## [Unreleased]\n", "## [Unreleased]\n\n- My own entry.\n")
    commit(project)

    report = update(project, vcs_ref=NEW, defaults=True, lock_command=RECORDING_LOCK, check=verdict)

    pyproject = (project / "pyproject.toml").read_text()
    assert 'keywords = ["billing"]' in pyproject  # the user's edit survived
    assert "line-length = 100" in pyproject and "line-length = 99" not in pyproject  # the policy change arrived
    assert "<<<<<<<" not in pyproject
    main = (project / MAIN).read_text()
    assert 'help="whom to greet, politely"' in main and "who to greet" not in main  # user-owned: untouched
    assert "- My own entry." in (project / "CHANGELOG.md").read_text()
    assert (project / ".editorconfig").read_bytes() == (tagged / "template/.editorconfig").read_bytes()
    assert answers(project)["status"] == "in-development"  # carried forward by the _migrations entry
    assert answers(project)["_commit"] == NEW
    assert (report.version_before, report.version_after) == (OLD, NEW)
    assert report.added == [".editorconfig"]
    assert "pyproject.toml" in report.updated
    assert not {MAIN, "CHANGELOG.md"} & set(report.updated)  # user-owned files are never updated
    assert report.conflicted == report.removed == report.kept == []
    assert report.relock == "" and not (project / RELOCK_MARKER).exists()  # no lock input changed
    assert report.check_ok, report.check
    assert report.ok
    assert "conflicted: -" in report.format()


# -- edits on the same lines: a visible conflict, never a silent overwrite ------------------------
@pytest.mark.parametrize("conflict", ["inline", "rej"])
def test_same_line_edit_gives_a_visible_conflict(tagged: Path, tmp_path: Path, conflict: str) -> None:
    project = render_at(tagged, tmp_path / "project", OLD, {"status": "internal tool"})
    _replace(project / "pyproject.toml", "line-length = 99", "line-length = 120")
    commit(project)

    report = update(project, vcs_ref=NEW, defaults=True, conflict=conflict, lock_command=None, check=verdict)  # type: ignore[arg-type]

    pyproject = (project / "pyproject.toml").read_text()
    assert answers(project)["status"] == "internal-tool"  # the migration's other renamed value
    assert report.conflicted == ["pyproject.toml"]
    assert not report.ok
    assert "PV102 no-conflicts" in report.check
    if conflict == "inline":
        block = re.search(
            r"^<<<<<<< before updating\n(.*?)^=======\n(.*?)^>>>>>>> after updating\n", pyproject, re.M | re.S
        )
        assert block, pyproject
        assert "line-length = 120" in block.group(1) and "line-length = 100" in block.group(2)
        unmerged = subprocess.run(["git", "ls-files", "-u"], cwd=project, capture_output=True, text=True).stdout
        assert "pyproject.toml" in unmerged  # git status shows it as a conflict too
    else:
        # The template's line is applied and the user's hunk that no longer fits waits in the .rej.
        assert "line-length = 100" in pyproject
        rejected = (project / "pyproject.toml.rej").read_text()
        assert "-line-length = 99" in rejected and "+line-length = 120" in rejected


# -- changing an answer re-renders what depends on it; lowering it keeps edited files ------------
def test_changing_quality_level_adds_and_removes_the_level_files(tagged: Path, tmp_path: Path) -> None:
    project = render_at(tagged, tmp_path / "project", NEW, {"test_scopes": ["unit", "e2e"]})  # one chosen answer
    update_workflow = ".github/workflows/template-update.yml"
    assert answers(project)["coverage_floor"] == 0 and answers(project)["release_process"] == "manual"

    up = update(project, vcs_ref=NEW, data={"quality_level": "production"}, defaults=True)
    assert {".github/dependabot.yml", update_workflow} <= set(up.added)
    pyproject = (project / "pyproject.toml").read_text()
    assert re.search(r"^strict = true$", pyproject, re.M)
    # Answers that follow the level move with it, unless the user chose them.
    assert up.rederived["coverage_floor"] == (0, 80)
    assert up.rederived["release_process"] == ("manual", "tag-driven")
    assert "test_scopes" not in up.rederived
    assert re.search(r"^fail_under = 80$", pyproject, re.M)
    recorded = answers(project)
    assert recorded["quality_level"] == "production" and recorded["test_scopes"] == ["unit", "e2e"]
    assert "coverage_floor 0 -> 80" in up.format()
    commit(project, "production level")
    _replace(project / ".github/dependabot.yml", "open-pull-requests-limit: 5", "open-pull-requests-limit: 9")
    commit(project, "more Dependabot pull requests")

    down = update(project, vcs_ref=NEW, data={"quality_level": "prototype"}, defaults=True)
    assert down.kept == [".github/dependabot.yml"]  # edited by the user: kept, and said so
    assert "open-pull-requests-limit: 9" in (project / ".github/dependabot.yml").read_text()
    assert update_workflow in down.removed and ".github/dependabot.yml" not in down.removed  # never edited: removed
    # The audit lock was relocked by the update up (its input was added), not edited: it goes with its input.
    assert {"requirements-audit.in", "requirements-audit.txt"} <= set(down.removed)
    assert not (project / update_workflow).exists()
    assert not re.search(r"^strict = true$", (project / "pyproject.toml").read_text(), re.M)
    assert down.rederived["coverage_floor"] == (80, 0)
    assert answers(project)["quality_level"] == "prototype"
    assert "kept:" in down.format()


# -- DESIGN §6: create-then-update at the same version is a no-op ---------------------------------
def test_update_at_the_same_version_is_a_no_op(tagged: Path, tmp_path: Path) -> None:
    project = render_at(tagged, tmp_path / "project", NEW, {"quality_level": "production"})
    add_standins(project)
    commit(project, "stand-ins")
    result = subprocess.run(
        [sys.executable, "-m", "copier", "update", "--trust", "--defaults", "--vcs-ref", NEW, "--conflict", "inline"],
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    status = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout
    assert status == ""
    assert subprocess.run(["git", "diff", "--exit-code"], cwd=project).returncode == 0

    cli = [sys.executable, "-m", "pyve_gen.cli", "update", str(project), "--defaults", "--vcs-ref", NEW, "--no-lock"]
    result = subprocess.run(cli, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"template {NEW} -> {NEW}" in result.stdout
    assert re.search(r"^  updated: +-$", result.stdout, re.M)
    assert re.search(r"^  check: +\d+ passed, 0 failed", result.stdout, re.M)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout == ""

    (project / "notes.txt").write_text("work in progress\n")
    result = subprocess.run(cli, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 1 and "uncommitted changes" in result.stderr


# -- DESIGN §6: previous release + update == fresh render; `copier update --defaults` needs no tty
def test_previous_release_updated_equals_fresh_render(tagged: Path, tmp_path: Path) -> None:
    old = render_at(tagged, tmp_path / "old", OLD, {"quality_level": "production"})
    env = {**os.environ, "TERM": "dumb"}
    result = subprocess.run(
        [sys.executable, "-m", "copier", "update", "--trust", "--defaults", "--vcs-ref", NEW],
        cwd=old,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    fresh = render_at(tagged, tmp_path / "fresh", NEW, {"quality_level": "production"})
    updated_files, fresh_files = files_of(old), files_of(fresh)
    assert sorted(updated_files) == sorted(fresh_files)
    differing = sorted(name for name in fresh_files if updated_files[name] != fresh_files[name])
    # The one difference is by design: __main__.py is user-owned (_skip_if_exists), so the
    # template's change to it reaches new projects only.
    assert differing == [MAIN]
    assert b"the name to greet" in updated_files[MAIN]


# -- a renamed question: its `_migrations` entry carries the old answer to the new key -------------
RENAME_MIGRATION = """  - version: "0.2.0"
    when: "{{ _stage == 'before' }}"
    command: ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/extensions/migrate_answers.py",
              "{{ _copier_conf.answers_file }}", key, team_channel, chat_channel]
"""


def _add_question(repo: Path, key: str) -> None:
    question = f'\n{key}:\n  type: str\n  help: "Team chat channel"\n  default: "#general"\n'
    with (repo / "copier.yml").open("a", encoding="utf-8") as config:
        config.write(question)
    (repo / "template/TEAM.md.jinja").write_text(f"Chat: {{{{ {key} }}}}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def renamed_question(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """0.1.0 asks `team_channel`; 0.2.0 renames it `chat_channel`, with a migration."""
    repo = tmp_path_factory.mktemp("renamed") / "pyve"
    shutil.copytree(template_src, repo, ignore=shutil.ignore_patterns(".git"))
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    _add_question(repo, "team_channel")
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", OLD], cwd=repo, check=True)
    subprocess.run([*GIT, "tag", OLD], cwd=repo, check=True)
    shutil.copy2(template_src / "copier.yml", repo / "copier.yml")
    _add_question(repo, "chat_channel")
    _replace(repo / "copier.yml", "_migrations:\n", "_migrations:\n" + RENAME_MIGRATION)
    subprocess.run([*GIT, "commit", "-qam", NEW], cwd=repo, check=True)
    subprocess.run([*GIT, "tag", NEW], cwd=repo, check=True)
    return repo


def test_renamed_question_keeps_the_users_answer(renamed_question: Path, tmp_path: Path) -> None:
    project = render_at(renamed_question, tmp_path / "project", OLD, {"team_channel": "#billing"})
    assert (project / "TEAM.md").read_text() == "Chat: #billing\n"
    report = update(project, vcs_ref=NEW, defaults=True)
    recorded = answers(project)
    assert recorded["chat_channel"] == "#billing" and "team_channel" not in recorded
    assert (project / "TEAM.md").read_text() == "Chat: #billing\n"  # not the new question's default
    assert report.conflicted == []


# -- relock: only when a lock input changed; never a merge ------------------------------------------
def test_relock_runs_when_the_lock_input_changed(tagged: Path, tmp_path: Path) -> None:
    library = {"components": [{"name": "core", "kind": "library"}]}
    project = render_at(tagged, tmp_path / "project", OLD, library)  # lib mode: pyproject.toml feeds constraints.txt
    report = update(project, vcs_ref=NEW, defaults=True, lock_command=RECORDING_LOCK, check=verdict)
    assert report.relock.startswith("done (pyproject.toml changed)")
    assert report.relock.endswith("then install them: ./pyve.sh --sync")  # never a silently stale venv
    assert (project / RELOCK_MARKER).read_text() == "yes"
    assert report.ok


def test_relock_failures_are_reported(tmp_path: Path) -> None:
    report = UpdateReport(version_before=OLD)
    _relock(tmp_path, report, ["requirements.in"], "./pyve.sh --lock")
    assert not report.relock_ok and "./pyve.sh is missing" in report.relock
    report = UpdateReport(version_before=OLD)
    _relock(tmp_path, report, ["requirements.in"], f"{sys.executable} -c \"raise SystemExit('no network')\"")
    assert not report.relock_ok and report.relock.startswith("FAILED") and "no network" in report.relock
    report = UpdateReport(version_before=OLD)
    _relock(tmp_path, report, ["requirements.in"], None)
    assert not report.relock_ok and "run ./pyve.sh --lock" in report.relock


# -- the migration script itself -------------------------------------------------------------------
def test_migrate_answers_renames_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / ".copier-answers.yml"
    path.write_text("# header kept\nstatus: in development\ntest_scopes: [unit, e2e]\nold_key: 1\n")
    assert migrate_answers.main([str(path), "value", "status", "in development=in-development"]) == 0
    assert migrate_answers.main([str(path), "value", "test_scopes", "e2e=end-to-end"]) == 0
    assert migrate_answers.main([str(path), "key", "old_key", "new_key"]) == 0
    assert path.read_text().startswith("# header kept\n")
    assert yaml.safe_load(path.read_text()) == {
        "status": "in-development",
        "test_scopes": ["unit", "end-to-end"],
        "new_key": 1,
    }
    before = path.read_text()
    assert migrate_answers.main([str(path), "value", "status", "beta=stable"]) == 0
    assert path.read_text() == before  # nothing to migrate: the file is left alone
    assert migrate_answers.main([str(path), "bogus"]) == 2


def test_migrate_answers_answers_new_questions_only_for_a_project_from_before_them(tmp_path: Path) -> None:
    """`add` names questions that came together: a project recording any of them was made after they came
    (a phase above its level is simply not recorded), so it gets none, and a fork whose own tags cross the
    migration's version again changes nothing (test_wheel_install updates a current project across 0.2.0)."""
    path = tmp_path / ".copier-answers.yml"
    path.write_text("# header kept\nphase1_mode: defaults\nphase2_mode: defaults\n")
    before = path.read_text()
    add = [str(path), "add", "phase1_mode=answer", "phase2_mode=answer", "phase3_mode=answer"]
    assert migrate_answers.main(add) == 0
    assert path.read_text() == before  # a production project made after the gates: no phase3_mode=answer
    path.write_text("# header kept\nstatus: stable\n")
    assert migrate_answers.main(add) == 0
    assert path.read_text().startswith("# header kept\n")
    assert yaml.safe_load(path.read_text()) == {
        "status": "stable",
        "phase1_mode": "answer",
        "phase2_mode": "answer",
        "phase3_mode": "answer",
    }
    assert migrate_answers.main([str(path), "add"]) == 2


def test_a_project_from_before_the_phase_gates_keeps_its_answers_as_decisions(tagged: Path, tmp_path: Path) -> None:
    """Its phases were asked question by question: the 0.2.0 migration records the gates as answered."""
    project = render_at(tagged, tmp_path / "project", OLD, {"quality_level": "production"})
    recorded = answers(project)
    before_gates = {key: value for key, value in recorded.items() if not re.fullmatch(r"phase\d_mode", key)}
    assert len(before_gates) == len(recorded) - 2  # production records the Phase 1 and Phase 2 gates
    (project / ".copier-answers.yml").write_text(yaml.safe_dump(before_gates, sort_keys=True))
    add_standins(project)
    commit(project, "an answers file from before the gates")

    update(project, vcs_ref=NEW, defaults=True, lock_command=RECORDING_LOCK, check=verdict)

    after = answers(project)
    assert after["phase1_mode"] == after["phase2_mode"] == "answer"
    assert "phase3_mode" not in after  # Phase 3 is not asked at production
    assert after["coverage_floor"] == recorded["coverage_floor"]


def test_level_dependent_questions_are_read_from_the_template(tagged: Path) -> None:
    keys = level_dependent(template_questions(str(tagged), NEW))
    assert {"coverage_floor", "release_process", "test_scopes", "ci_provider"} <= set(keys)
    assert "project_name" not in keys and "quality_level" not in keys
