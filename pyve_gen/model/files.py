"""The switchboard: which conditional files and folders a render writes, by name.

Every conditional file or folder name in ``template/`` reads ``pyve.files['NAME']``, so "what does this answer
render?" has one answer, here. NAME is the name the render writes (Copier renders a path one part at a time,
so a key holds no ``/``; the conditional names are unique), ``infra:<tool>`` for the one ``infra`` folder of
each infrastructure tool. Names that depend on a component (inside a ``{% yield %}``) test that component and
stay in the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .components import LANGUAGES
from .toolchains import package_files

# The infrastructure-as-code folders: one template folder per tool, each rendered as ``infra``.
IAC_TOOLS = ("terraform", "pulumi", "cloudformation")

_LANGUAGE_FILES: dict[str, tuple[str, ...]] = {
    "python": ("pyproject.toml",),
    "cpp": (".clang-format", ".clang-tidy", "CMakeLists.txt"),
    "ruby": (".rubocop.yml",),
    "shell": (".shellcheckrc", "shell"),  # shell: tests/shell
    "sql": (".sqlfluff", "requirements-sql.in", "requirements-sql.txt", "sql"),  # sql: tests/sql
}

# The C++ package manager's own files: its manifest and lock (and Conan itself, from a hashed lock).
_CPP_MANAGER_FILES: dict[str, tuple[str, ...]] = {
    "conan": ("conanfile.txt", "conan.lock", "requirements-conan.in", "requirements-conan.txt"),
    "vcpkg": ("vcpkg.json",),
}


# The folder a conditional name renders in, when not the project root.
_FOLDER: dict[str, str] = {
    **{name: ".github/workflows" for name in ("audit.yml", "template-update.yml", "release.yml", "security.yml")},
    **{
        name: ".github"
        for name in ("zizmor.yml", "CODEOWNERS", "dependabot.yml", "ISSUE_TEMPLATE", "pull_request_template.md")
    },
    **{name: ".pyve" for name in ("pin_images.py", "hatch_requirements.py", "venv-python")},
    **{name: "docs" for name in ("operations", "security", "index.md", "reference")},
    "hpa.yaml": "k8s",
    **{name: "tests" for name in ("shell", "sql", "integration", "test_settings_and_logs.py")},
    **{f"{language}_guide.md": "docs/guides/lang" for language in LANGUAGES},
    **{f"{language}_spec.md": "docs/specs/lang" for language in LANGUAGES},
}


def output_path(name: str) -> str:
    """Where a switchboard name renders, relative to the project root (``audit.yml`` -> ``.github/workflows/audit.yml``)."""
    if name.startswith("infra:"):
        return "infra"
    return f"{_FOLDER[name]}/{name}" if name in _FOLDER else name


def infra_key(tool: str) -> str:
    """The switch of one tool's ``infra`` folder (``infra:terraform``)."""
    return f"infra:{tool}"


def cpp_coverage(languages: set[str], facts: Mapping[str, Any]) -> bool:
    """Whether the C++ code has a coverage floor to meet (gcovr, from requirements-gcovr.txt)."""
    return "cpp" in languages and int(facts["coverage_floor"]) > 0


def switchboard(answers: Mapping[str, Any], facts: Mapping[str, Any]) -> dict[str, bool]:
    """Conditional name -> whether it renders (its folder's condition included), for these answers and their
    derived ``facts`` (``pyve``)."""
    languages = set(facts["languages"])
    production, secure = bool(facts["is_production"]), bool(facts["is_secure"])
    container = facts["container"]
    enabled, provider = bool(container["enabled"]), container["provider"]
    scanner = str(answers.get("secret_scanner") or "")
    github = answers.get("ci_provider") == "github-actions"
    files: dict[str, bool] = {}
    for language in LANGUAGES:
        used = language in languages
        files.update(dict.fromkeys(_LANGUAGE_FILES.get(language, ()), used))
        files[f"{language}_guide.md"] = used  # docs/guides/lang/
        files[f"{language}_spec.md"] = used  # docs/specs/lang/
    files.update(
        {
            ".github": github,
            "audit.yml": github and production,
            "template-update.yml": github and production,
            "release.yml": github and (production or answers.get("release_process") == "tag-driven"),
            "security.yml": github and secure,
            "zizmor.yml": github and not production,
            "CODEOWNERS": github and production,
            "dependabot.yml": github and production,
            "ISSUE_TEMPLATE": github and production,
            "pull_request_template.md": github and production,
            "CONTRIBUTING.md": production,
            ".pre-commit-config.yaml": answers.get("lint_enforcement") == "pre-commit",
            # LF line ends in a Windows checkout too: bash runs pyve.sh and make's recipes there.
            ".gitattributes": bool(facts["windows"]),
            # The pre-commit hooks' Python in either venv layout (bin/ or Windows' Scripts/).
            "venv-python": bool(facts["windows"]) and answers.get("lint_enforcement") == "pre-commit",
            "operations": production,
            # The documentation site (`make docs`, MkDocs): every production project; the API reference
            # (docs/reference/, mkdocstrings) when there is Python code to read docstrings from.
            "mkdocs.yml": production,
            "index.md": production,
            "reference": production and bool(facts["python_components"]),
            "requirements-docs.in": production,
            "requirements-docs.txt": production,
            "security": secure,
            "integration": "integration" in facts["test_folders"],
            "test_settings_and_logs.py": any(c["kind"] != "library" for c in facts["python_components"]),
            "requirements.in": facts["lock_mode"] == "app",
            "requirements.txt": facts["lock_mode"] == "app",
            "constraints.txt": facts["lock_mode"] == "lib",
            # An application built with hatchling reads its wheel's dependencies from requirements.in.
            "hatch_requirements.py": answers.get("build_backend") == "hatchling" and facts["lock_mode"] == "app",
            "requirements-audit.in": production and not secure,
            "requirements-audit.txt": production and not secure,
            "requirements-security.in": secure,
            "requirements-security.txt": secure,
            "SECURITY.md": secure,
            # `make pin-images`: the container file's base images pinned by digest (secure).
            "pin_images.py": secure and enabled,
            ".gitleaks.toml": secure and scanner == "gitleaks",
            ".secrets.baseline": secure and scanner == "detect-secrets",
            "compose.yaml": enabled,
            container["file"]: enabled,
            container["ignore_file"]: enabled,
            "fly.toml": enabled and provider == "fly",
            "Procfile": enabled and provider == "heroku",
            "k8s": enabled and provider == "kubernetes",
            "hpa.yaml": enabled
            and provider == "kubernetes"
            and container["scaling"]["max"] > container["scaling"]["min"],
        }
    )
    files.update({infra_key(tool): container["iac"] == tool for tool in IAC_TOOLS})
    # gcovr measures the C++ line coverage against the floor (make test-cpp).
    files.update(dict.fromkeys(("requirements-gcovr.in", "requirements-gcovr.txt"), cpp_coverage(languages, facts)))
    manager = answers.get("cpp_package_manager") if "cpp" in languages else None
    files.update(dict.fromkeys(_CPP_MANAGER_FILES["conan"], manager == "conan"))
    files.update(dict.fromkeys(_CPP_MANAGER_FILES["vcpkg"], manager == "vcpkg"))
    files.update(package_files(list(facts["languages"])))
    return files
