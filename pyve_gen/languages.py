"""Per-language toolchain facts: the tools each language's gates use, named once."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pyve_gen.components import LANGUAGE_LABELS


@dataclass(frozen=True)
class Toolchain:
    language: str
    runtime: str
    build: str
    test: str
    lint: str
    format: str
    dependencies: str


TOOLCHAINS: dict[str, Toolchain] = {
    "python": Toolchain(
        "python",
        "CPython",
        "pyproject.toml (PEP 621) with the chosen build backend",
        "pytest (+ pytest-cov)",
        "ruff check, mypy",
        "ruff format",
        "pip-tools lockfiles with hashes",
    ),
    "shell": Toolchain(
        "shell",
        "Bash (scripts are also checked with zsh -n)",
        "none (scripts run from source)",
        "bats (bats-core)",
        "shellcheck, bash -n, zsh -n",
        "shfmt",
        "system tools, documented in the shell addendum",
    ),
    "cpp": Toolchain(
        "cpp",
        "GCC or Clang",
        "CMake",
        "GoogleTest through ctest",
        "clang-tidy, compiler warnings as errors",
        "clang-format",
        "system packages or the chosen C++ package manager",
    ),
    "ruby": Toolchain(
        "ruby",
        "Ruby (MRI)",
        "gem (gemspec) with Bundler",
        "RSpec",
        "RuboCop",
        "RuboCop (layout cops)",
        "Bundler: Gemfile and Gemfile.lock",
    ),
    "sql": Toolchain(
        "sql",
        "the chosen database engine",
        "none (ordered migrations)",
        "migration lint and apply checks",
        "sqlfluff lint",
        "sqlfluff fix",
        "the database engine version range",
    ),
}


def toolchains_for(languages: list[str]) -> list[dict[str, str]]:
    return [{**asdict(TOOLCHAINS[lang]), "title": LANGUAGE_LABELS[lang]} for lang in languages if lang in TOOLCHAINS]
