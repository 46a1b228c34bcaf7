"""What each language of a rendered project needs on the machine: its packages and its config files.

One table, read by the templates (lang specs and guides, Makefile install hints) through the
``pyve.toolchains`` fact, and available to CI and ``pyve-gen check``.
Python and SQL tools (ruff, mypy, pytest, sqlfluff) come from the project's virtual environment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Toolchain:
    apt: tuple[str, ...]  # Debian/Ubuntu packages
    brew: tuple[str, ...]  # Homebrew formulae
    config_files: tuple[str, ...]  # rendered at the project root when the language is used


TOOLCHAINS: dict[str, Toolchain] = {
    "python": Toolchain(("python3", "python3-venv"), ("python",), ("pyproject.toml",)),
    "shell": Toolchain(
        ("shellcheck", "shfmt", "zsh", "bats"), ("shellcheck", "shfmt", "bats-core"), (".shellcheckrc",)
    ),
    "cpp": Toolchain(
        ("cmake", "g++", "libgtest-dev", "clang-format", "clang-tidy"),
        ("cmake", "googletest", "llvm"),
        ("CMakeLists.txt", ".clang-format", ".clang-tidy"),
    ),
    "ruby": Toolchain(("ruby", "ruby-rspec", "rubocop"), ("ruby",), (".rubocop.yml",)),
    "sql": Toolchain(("python3", "python3-venv"), ("python",), (".sqlfluff",)),
}


def for_languages(languages: list[str]) -> dict[str, dict[str, list[str]]]:
    """``{language: {"apt": [...], "brew": [...], "config_files": [...]}}`` for the languages used."""
    return {lang: {key: list(value) for key, value in asdict(TOOLCHAINS[lang]).items()} for lang in languages}
