"""The update policy as written (docs/updates.md, CHANGELOG.md) is the one copier.yml implements."""

from __future__ import annotations

import re
from fnmatch import fnmatch

import copier
from conftest import REPO
from packaging.version import Version

from pyve_gen import questionnaire
from pyve_gen.check_rules import CHECKS
from pyve_gen.lockfiles import PAIRS_BY_MODE

CONFIG = questionnaire.settings()
DOC = (REPO / "docs/updates.md").read_text(encoding="utf-8")
OWNERSHIP = DOC.split("## 2. Who owns which file", 1)[1].split("\n## ", 1)[0]


def _files_owned_by(owner: str) -> set[str]:
    """The backticked paths in the first column of the ownership table's row for ``owner``."""
    rows = [line for line in OWNERSHIP.splitlines() if line.startswith("|") and f"| **{owner}**" in line]
    assert len(rows) == 1, f"one ownership row for {owner}"
    return set(re.findall(r"`([^`]+)`", rows[0].split("|")[1]))


def test_skip_if_exists_is_exactly_the_users_and_regenerated_files() -> None:
    assert set(CONFIG["_skip_if_exists"]) == _files_owned_by("you") | _files_owned_by("regenerated")


def test_lockfiles_are_never_merged_and_template_files_are() -> None:
    skipped = CONFIG["_skip_if_exists"]
    locks = {lock for pairs in PAIRS_BY_MODE.values() for _, lock in pairs} | {"requirements-security.txt"}
    for lock in locks:
        assert any(fnmatch(lock, pattern) for pattern in skipped), lock
    for name in _files_owned_by("template"):
        assert not any(fnmatch(name, pattern) for pattern in skipped), name


def test_min_copier_version_is_set_and_met() -> None:
    assert Version(str(CONFIG["_min_copier_version"])) <= Version(copier.__version__)


def test_every_migration_has_a_version_and_a_changelog_entry() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert CONFIG["_migrations"], "keep at least one real migration"
    for migration in CONFIG["_migrations"]:
        version = Version(str(migration["version"]))
        assert f"## [{version}]" in changelog
        assert "_stage == 'before'" in migration["when"]


def test_every_check_is_documented() -> None:
    for item in CHECKS:
        assert re.search(rf"^\| {item.id} \| {re.escape(item.name)} \|", DOC, re.M), item.id
