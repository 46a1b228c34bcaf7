"""Each language's toolchain, named once: the tools its gates run, its packages, its config files.

Read by the templates (spec doc, lang specs and guides, Makefile install hints) through the
``pyve.toolchains`` fact, and available to CI and ``pyve-gen check``.
Python and SQL tools (ruff, mypy, pytest, sqlfluff) come from the project's virtual environment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# The one LLVM release clang-format and clang-tidy come from, locally and in CI: packaged by Debian 12
# (bookworm), Ubuntu 24.04 (noble) and Homebrew (llvm@19), so every machine formats and lints alike.
LLVM_VERSION = "19"

# vcpkg.json's builtin-baseline when vcpkg is the C++ package manager: a commit of microsoft/vcpkg (mid-2025:
# fmt 11, boost 1.88), whose versions/baseline.json fixes every port's version. Projects raise it with
# `vcpkg x-update-baseline`; a new template release may raise it here.
VCPKG_BASELINE = "a3476c776ee5604e46bc6f71845a5e35026e1865"

# Languages whose tools install into the project's virtual environment, not from system packages.
VENV_LANGUAGES: tuple[str, ...] = ("python", "sql")


@dataclass(frozen=True)
class Toolchain:
    runtime: str
    build: str
    test: str
    lint: str
    format: str
    apt: tuple[str, ...]  # Debian/Ubuntu packages
    brew: tuple[str, ...]  # Homebrew formulae
    config_files: tuple[str, ...]  # rendered at the project root when the language is used


TOOLCHAINS: dict[str, Toolchain] = {
    "python": Toolchain(
        runtime="CPython",
        build="pyproject.toml (PEP 621) with the chosen build backend",
        test="pytest (+ pytest-cov)",
        lint="ruff check, mypy",
        format="ruff format",
        apt=("python3", "python3-venv"),
        brew=("python",),
        config_files=("pyproject.toml",),
    ),
    "shell": Toolchain(
        runtime="Bash (scripts are also checked with zsh -n)",
        build="none (scripts run from source)",
        test="bats (bats-core)",
        lint="shellcheck, bash -n, zsh -n",
        format="shfmt",
        apt=("shellcheck", "shfmt", "zsh", "bats"),
        brew=("shellcheck", "shfmt", "bats-core"),
        config_files=(".shellcheckrc",),
    ),
    "cpp": Toolchain(
        runtime="GCC or Clang",
        build="CMake",
        test="GoogleTest through ctest",
        lint=f"clang-tidy {LLVM_VERSION}, compiler warnings as errors",
        format=f"clang-format {LLVM_VERSION}",
        apt=("cmake", "g++", "libgtest-dev", f"clang-format-{LLVM_VERSION}", f"clang-tidy-{LLVM_VERSION}"),
        brew=("cmake", "googletest", f"llvm@{LLVM_VERSION}"),
        config_files=("CMakeLists.txt", ".clang-format", ".clang-tidy"),
    ),
    "ruby": Toolchain(
        runtime="Ruby (MRI)",
        build="gem (gemspec), Bundler (Gemfile.lock)",
        test="RSpec (bundle exec)",
        lint="RuboCop (bundle exec)",
        format="RuboCop (layout cops)",
        # Bundler installs rspec and rubocop from Gemfile.lock; ruby-dev builds gems with a C extension (json).
        apt=("ruby", "ruby-bundler", "ruby-dev"),
        brew=("ruby",),
        config_files=(".rubocop.yml",),
    ),
    "sql": Toolchain(
        runtime="the chosen database engine",
        build="none (ordered migrations)",
        test="migration checks (tests/sql/check_migrations.py)",
        lint="sqlfluff lint",
        format="sqlfluff fix",
        apt=("python3", "python3-venv"),
        brew=("python",),
        config_files=(".sqlfluff",),
    ),
}


# Bundler's platform names for the OS x CPU targets; "ruby" (pure-Ruby gems) serves every platform.
RUBY_PLATFORMS: dict[tuple[str, str], str] = {
    ("linux", "x86_64"): "x86_64-linux",
    ("linux", "arm64"): "aarch64-linux",
    ("macos", "x86_64"): "x86_64-darwin",
    ("macos", "arm64"): "arm64-darwin",
}


def ruby_platforms(os_targets: list[str], archs: list[str]) -> list[str]:
    """The PLATFORMS of a Gemfile.lock for these targets, as Bundler sorts them."""
    found = {
        RUBY_PLATFORMS[(os_name, arch)] for os_name in os_targets for arch in archs if (os_name, arch) in RUBY_PLATFORMS
    }
    return sorted(found | {"ruby"})


def system_packages(languages: list[str]) -> tuple[list[str], list[str]]:
    """The Debian/Ubuntu packages and Homebrew formulae the languages' gates need (not the venv's tools)."""
    system = [lang for lang in languages if lang not in VENV_LANGUAGES]
    apt = sorted({pkg for lang in system for pkg in TOOLCHAINS[lang].apt})
    brew = sorted({pkg for lang in system for pkg in TOOLCHAINS[lang].brew})
    return apt, brew


def package_files(languages: list[str]) -> dict[str, bool]:
    """system-packages.txt and Brewfile: the project's own lists, which CI, make and the guides read."""
    apt, brew = system_packages(languages)
    return {"system-packages.txt": bool(apt), "Brewfile": bool(brew)}


def for_languages(languages: list[str], labels: dict[str, str]) -> dict[str, dict[str, object]]:
    """``{language: {"title", "runtime", "test", "lint", …, "apt": [...], "brew": [...], "config_files": [...]}}``."""
    return {
        lang: {
            "title": labels[lang],
            **({"llvm": LLVM_VERSION, "vcpkg_baseline": VCPKG_BASELINE} if lang == "cpp" else {}),
            **{
                key: list(value) if isinstance(value, tuple) else value
                for key, value in asdict(TOOLCHAINS[lang]).items()
            },
        }
        for lang in languages
    }
