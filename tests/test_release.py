"""The template release procedure (docs/updates.md, section 5): a CHANGELOG section per PEP 440 version."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import REPO
from packaging.version import InvalidVersion, Version

SECTION = re.compile(r"^## \[([^\]]+)\](?: - (.+))?$", re.MULTILINE)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def sections(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), (match.group(2) or "").strip()) for match in SECTION.finditer(text)]


def test_changelog_sections_are_pep440_versions_newest_first() -> None:
    found = sections((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert found, "CHANGELOG.md has no version sections"
    versions = []
    for name, when in found:
        try:
            versions.append(Version(name))
        except InvalidVersion:
            raise AssertionError(f"CHANGELOG section {name!r} is not a PEP 440 version (no 'v' prefix)") from None
        assert str(Version(name)) == name, f"{name!r}: write the normalized form {Version(name)}"
        assert when in ("", "unreleased") or DATE.match(when), f"{name}: '{when}' is neither a date nor unreleased"
    assert versions == sorted(versions, reverse=True), "the newest version comes first"
    assert all(when != "unreleased" for _name, when in found[1:]), "only the top section may be unreleased"


def test_the_documented_tag_command_reads_the_top_dated_section(tmp_path: object) -> None:
    """docs/updates.md's sed line gives the version to tag: the first dated section, nothing else."""
    guide = (REPO / "docs" / "updates.md").read_text(encoding="utf-8")
    (line,) = [line.strip() for line in guide.splitlines() if line.strip().startswith("version=$(sed")]
    command = line.removeprefix("version=$(").removesuffix(")")
    changelog = "# Changelog\n\n## [0.4.0] - unreleased\n\n## [0.3.0] - 2026-12-02\n\n## [0.2.0] - 2026-11-01\n"
    done = subprocess.run(
        ["bash", "-c", command.replace("CHANGELOG.md", "/dev/stdin")], input=changelog, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == "0.3.0", done
    assert sections(changelog)[1] == ("0.3.0", "2026-12-02")


def test_no_unmarked_placeholder_source_in_the_docs() -> None:
    """The template's source is named as a marked placeholder (YOUR-ORG), never as if it were real."""
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        assert "gh:org/pyve" not in path.read_text(encoding="utf-8"), path


def _run_release(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "release.py"), "--root", str(clone), *args],
        capture_output=True,
        text=True,
    )


def test_release_script_dates_the_section_sets_the_version_and_tags_on_a_throwaway_clone(
    template_src: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "pyve"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "clone", "-q", str(template_src), str(clone)], check=True)
    subprocess.run(["git", "config", "user.name", "t"], cwd=clone, check=True)
    subprocess.run(["git", "config", "user.email", "t@example.com"], cwd=clone, check=True)
    changelog = clone / "CHANGELOG.md"
    (version, when), *_ = sections(changelog.read_text(encoding="utf-8"))
    assert when == "unreleased", "the checkout's top CHANGELOG section is the next release"

    refused = _run_release(clone, "9.9.9")
    assert refused.returncode == 1 and f"unreleased section is {version}, not 9.9.9" in refused.stderr

    done = _run_release(clone)
    assert done.returncode == 0, done.stderr
    tags = subprocess.run(["git", "tag", "--points-at", "HEAD"], cwd=clone, capture_output=True, text=True).stdout
    assert tags.split() == [version]
    assert sections(changelog.read_text(encoding="utf-8"))[0][0] == version
    assert DATE.match(sections(changelog.read_text(encoding="utf-8"))[0][1])
    assert f'__version__ = "{version}"' in (clone / "pyve_gen" / "__init__.py").read_text(encoding="utf-8")
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout == ""

    # Again: no unreleased section left, so nothing is changed.
    again = _run_release(clone)
    assert again.returncode == 1 and "top section must be `## [X] - unreleased`" in again.stderr
    # A next section with a version not above the tag is refused before anything is written.
    text = changelog.read_text(encoding="utf-8")
    changelog.write_text(text.replace("## [", f"## [{version}] - unreleased\n\n- again\n\n## [", 1), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "next"], cwd=clone, check=True)
    stale = _run_release(clone)
    assert stale.returncode == 1 and "is not newer than the latest release tag" in stale.stderr
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout == ""
