"""Copier asks git for core.fileMode once per operation, and still syncs executable bits when it is false."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from copier import _main as copier_main
from copier import run_copy

from pyve_gen import git_file_mode

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Install the patch on a clean Worker method; monkeypatch restores whatever was there."""
    original = copier_main.Worker._sync_git_index_executable_bit
    unpatched = getattr(original, "__wrapped__", original)
    monkeypatch.setattr(copier_main.Worker, "_sync_git_index_executable_bit", unpatched)
    git_file_mode.ask_once()
    assert getattr(copier_main.Worker._sync_git_index_executable_bit, "_pyve_asks_once", False)
    yield


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """Three files, one of them executable, committed with its mode."""
    src = tmp_path / "template-src"
    (src / "template").mkdir(parents=True)
    (src / "copier.yml").write_text("_subdirectory: template\n")
    for index in range(3):
        (src / "template" / f"file{index}.txt").write_text(f"{index}\n")
    tool = src / "template" / "run.sh"
    tool.write_text("#!/bin/sh\necho hi\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    _git(src, "init", "-q")
    _git(src, "add", "-A")
    _git(src, "commit", "-qm", "template")
    return src


def test_file_mode_off_reads_the_repository_setting(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "core.fileMode", "true")
    assert git_file_mode.file_mode_off(tmp_path) is False
    _git(tmp_path, "config", "core.fileMode", "false")
    assert git_file_mode.file_mode_off(tmp_path) is True


def test_one_question_per_operation_when_file_mode_is_on(
    patched: None, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []
    real = git_file_mode.file_mode_off
    monkeypatch.setattr(git_file_mode, "file_mode_off", lambda directory: asked.append(directory) or real(directory))
    dst = tmp_path / "project"
    run_copy(str(template), str(dst), defaults=True, unsafe=True, quiet=True, vcs_ref="HEAD")
    assert sorted(p.name for p in dst.iterdir()) == ["file0.txt", "file1.txt", "file2.txt", "run.sh"]
    assert os.access(dst / "run.sh", os.X_OK)
    assert asked == [dst]


def test_executable_bit_reaches_the_index_when_file_mode_is_off(patched: None, template: Path, tmp_path: Path) -> None:
    dst = tmp_path / "project"
    dst.mkdir()
    _git(dst, "init", "-q")
    _git(dst, "config", "core.fileMode", "false")
    (dst / "run.sh").write_text("old\n")
    _git(dst, "add", "run.sh")
    _git(dst, "commit", "-qm", "user's file")
    assert _git(dst, "ls-files", "--stage", "run.sh").startswith("100644")
    run_copy(str(template), str(dst), defaults=True, unsafe=True, quiet=True, vcs_ref="HEAD", overwrite=True)
    assert _git(dst, "ls-files", "--stage", "run.sh").startswith("100755")
