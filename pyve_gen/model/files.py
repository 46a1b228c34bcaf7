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

# The infrastructure-as-code folders: one template folder per tool, each rendered as ``infra``.
IAC_TOOLS = ("terraform", "pulumi", "cloudformation")

_LANGUAGE_FILES: dict[str, tuple[str, ...]] = {
    "python": ("pyproject.toml",),
    "cpp": (".clang-format", ".clang-tidy", "CMakeLists.txt"),
    "ruby": (".rubocop.yml",),
    "shell": (".shellcheckrc", "shell"),  # shell: tests/shell
    "sql": (".sqlfluff", "requirements-sql.in", "requirements-sql.txt", "sql"),  # sql: tests/sql
}


def infra_key(tool: str) -> str:
    """The switch of one tool's ``infra`` folder (``infra:terraform``)."""
    return f"infra:{tool}"


def switchboard(answers: Mapping[str, Any], facts: Mapping[str, Any]) -> dict[str, bool]:
    """Conditional name -> whether it renders, for these answers and their derived ``facts`` (``pyve``)."""
    languages = set(facts["languages"])
    production, secure = bool(facts["is_production"]), bool(facts["is_secure"])
    container = facts["container"]
    enabled, provider = bool(container["enabled"]), container["provider"]
    scanner = str(answers.get("secret_scanner") or "")
    files: dict[str, bool] = {}
    for language in LANGUAGES:
        used = language in languages
        files.update(dict.fromkeys(_LANGUAGE_FILES.get(language, ()), used))
        files[f"{language}_guide.md"] = used  # docs/guides/lang/
        files[f"{language}_spec.md"] = used  # docs/specs/lang/
    files.update(
        {
            ".github": answers.get("ci_provider") == "github-actions",
            "audit.yml": production,
            "template-update.yml": production,
            "release.yml": production or answers.get("release_process") == "tag-driven",
            "security.yml": secure,
            "zizmor.yml": not production,
            "CODEOWNERS": production,
            "dependabot.yml": production,
            ".pre-commit-config.yaml": answers.get("lint_enforcement") == "pre-commit",
            "operations": production,
            "security": secure,
            "integration": "integration" in facts["test_folders"],
            "test_settings_and_logs.py": any(c["kind"] != "library" for c in facts["python_components"]),
            "requirements.in": facts["lock_mode"] == "app",
            "requirements.txt": facts["lock_mode"] == "app",
            "constraints.txt": facts["lock_mode"] == "lib",
            "requirements-audit.in": production and not secure,
            "requirements-audit.txt": production and not secure,
            "requirements-security.in": secure,
            "requirements-security.txt": secure,
            "SECURITY.md": secure,
            ".gitleaks.toml": secure and scanner == "gitleaks",
            ".secrets.baseline": secure and scanner == "detect-secrets",
            "compose.yaml": enabled,
            container["file"]: enabled,
            container["ignore_file"]: enabled,
            "fly.toml": enabled and provider == "fly",
            "Procfile": enabled and provider == "heroku",
            "k8s": enabled and provider == "kubernetes",
        }
    )
    files.update({infra_key(tool): container["iac"] == tool for tool in IAC_TOOLS})
    return files
