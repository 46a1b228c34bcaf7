"""The components answer: validated as a whole, a clear message per violation, nothing written on error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CopieRender, render_project

from pyve_gen.model.components import from_short_form
from pyve_gen.model.validation import components_error

Components = list[dict[str, Any]]

REJECTED: list[tuple[str, Any, str]] = [
    ("not a list", {"name": "app"}, "non-empty YAML list"),
    ("empty list", [], "non-empty YAML list"),
    ("item not a mapping", ["app"], "must be a mapping"),
    ("unknown key", [{"name": "app", "lang": "python"}], "unknown keys ['lang']"),
    ("bad name", [{"name": "App!"}], "name must be lowercase"),
    (
        "duplicate names",
        [{"name": "app", "kind": "cli"}, {"name": "app", "kind": "library", "paths": ["src/other"]}],
        "the name is used twice",
    ),
    ("unknown kind", [{"name": "app", "kind": "daemon"}], "kind 'daemon' is not allowed"),
    ("unknown language", [{"name": "app", "language": "go"}], "language 'go' is not allowed"),
    ("unknown audience", [{"name": "app", "audience": "everyone"}], "audience 'everyone' is not allowed"),
    ("parent folder", [{"name": "app", "paths": ["../app"]}], "'..', '.' and hidden folders are not"),
    ("parent inside", [{"name": "app", "paths": ["src/../../etc"]}], "'..', '.' and hidden folders are not"),
    ("absolute path", [{"name": "app", "paths": ["/etc/app"]}], "is not allowed: use a relative path"),
    ("home path", [{"name": "app", "paths": ["~/app"]}], "is not allowed: use a relative path"),
    ("windows path", [{"name": "app", "paths": ["C:/app"]}], "is not allowed: use a relative path"),
    ("hidden folder", [{"name": "app", "paths": [".app"]}], "hidden folders are not"),
    ("reserved folder", [{"name": "app", "paths": ["tests/app"]}], "reserved by the project layout"),
    (
        "same path twice",
        [{"name": "a", "paths": ["src/pkg"]}, {"name": "b", "kind": "library", "paths": ["src/pkg"]}],
        "overlaps 'src/pkg' of component 'a'",
    ),
    (
        "nested paths",
        [
            {"name": "a", "language": "shell", "kind": "script", "paths": ["tools"]},
            {"name": "b", "language": "shell", "kind": "script", "paths": ["tools/b"]},
        ],
        "overlaps 'tools' of component 'a'",
    ),
    (
        "python import name clash",
        [{"name": "a", "paths": ["src/pkg"]}, {"name": "b", "kind": "library", "paths": ["lib/pkg"]}],
        "Python import name 'pkg' is also used",
    ),
    ("python path not an identifier", [{"name": "app", "paths": ["src/my.app"]}], "must be an identifier"),
    (
        "entrypoint twice",
        [{"name": "a", "entrypoints": ["run"]}, {"name": "b", "language": "shell", "entrypoints": ["run"]}],
        "entrypoint 'run' is also provided by component 'a'",
    ),
    ("bad entrypoint", [{"name": "app", "entrypoints": ["rm -rf"]}], "must be a command name"),
    ("C++ keyword", [{"name": "class", "language": "cpp"}], "is a C++ keyword"),
    (
        "C++ identifier clash",
        [{"name": "my-lib", "language": "cpp", "kind": "library"}, {"name": "my_lib", "language": "cpp"}],
        "its cpp identifier 'my_lib' is also used by component 'my-lib'",
    ),
    (
        "Ruby identifier clash",
        [{"name": "my-gem", "language": "ruby"}, {"name": "my_gem", "language": "ruby", "kind": "library"}],
        "its ruby identifier 'my_gem' is also used",
    ),
]

ACCEPTED: list[tuple[str, Components]] = [
    ("defaults filled in", [{"name": "app"}]),
    ("trailing slash", [{"name": "app", "paths": ["src/app/"]}]),
    ("deep custom path", [{"name": "api", "paths": ["services/backend/api"]}]),
    (
        "sibling paths sharing a prefix",
        [{"name": "app", "paths": ["src/app"]}, {"name": "app2", "kind": "library", "paths": ["src/app2"]}],
    ),
    (
        "same name across languages is one component each",
        [{"name": "core", "kind": "library"}, {"name": "core-sh", "language": "shell", "kind": "library"}],
    ),
    ("hyphenated python name with its own path", [{"name": "my-tool", "paths": ["src/my_tool"]}]),
    ("script names with dots", [{"name": "ops", "language": "shell", "kind": "script", "entrypoints": ["ops.sh"]}]),
    ("library without entrypoints", [{"name": "engine", "language": "cpp", "kind": "library", "entrypoints": []}]),
    (
        "every language and kind",
        [
            {"name": "py", "kind": "application"},
            {"name": "sh", "language": "shell", "kind": "script"},
            {"name": "cc", "language": "cpp", "kind": "cli"},
            {"name": "rb", "language": "ruby", "kind": "library"},
            {"name": "db", "language": "sql", "kind": "library"},
        ],
    ),
]


@pytest.mark.parametrize(("case", "components", "message"), REJECTED, ids=[case[0] for case in REJECTED])
def test_invalid_components_are_rejected(case: str, components: Any, message: str) -> None:
    assert message in components_error(components)


@pytest.mark.parametrize(("case", "components"), ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_legal_components_are_accepted(case: str, components: Components) -> None:
    assert components_error(components) == ""


# The copier path: a bad answer file stops before anything is written.
COPIER_REJECTED = [
    case
    for case in REJECTED
    if case[0]
    in {"duplicate names", "nested paths", "parent folder", "absolute path", "unknown language", "unknown kind"}
]


@pytest.mark.parametrize(("case", "components", "message"), COPIER_REJECTED, ids=[c[0] for c in COPIER_REJECTED])
def test_copier_rejects_bad_components_and_writes_nothing(
    template_src: Path, tmp_path: Path, case: str, components: Any, message: str
) -> None:
    dest = tmp_path / "never"
    with pytest.raises(ValueError, match="Validation error for question 'components'") as error:
        render_project(template_src, dest, {"components": components})
    assert message in str(error.value)
    assert not dest.exists()


def test_copier_renders_legal_edge_cases(copie_render: CopieRender) -> None:
    components = [
        {"name": "my-tool", "kind": "cli", "paths": ["services/backend/my_tool/"], "entrypoints": ["my-tool", "mt"]},
        {"name": "ops", "language": "shell", "kind": "script", "entrypoints": ["ops.sh"]},
    ]
    # The answered folder is the package when it carries the package name (package_name: my_tool).
    result = copie_render({"project_name": "My Tool", "components": components})
    assert result.exit_code == 0, result.exception
    assert result.project_dir is not None and result.answers["components"] == components
    project = result.project_dir
    assert (project / "services/backend/my_tool/__main__.py").is_file()
    pyproject = (project / "pyproject.toml").read_text()
    assert '"my-tool" = "my_tool.__main__:main"' in pyproject
    assert '"mt" = "my_tool.__main__:main"' in pyproject
    assert 'where = ["services/backend"]' in pyproject
    assert (project / "scripts/ops/ops.sh").stat().st_mode & 0o111


@pytest.mark.parametrize(
    ("case", "components", "message"), COPIER_REJECTED[:2], ids=[c[0] for c in COPIER_REJECTED[:2]]
)
def test_copier_rejects_bad_components_given_as_user_defaults(
    copie_render: CopieRender, case: str, components: Any, message: str
) -> None:
    result = copie_render({"components": components})  # pytest-copie passes answers as user_defaults
    assert result.exit_code != 0 and isinstance(result.exception, ValueError)
    assert "Validation error for question 'components'" in str(result.exception) and message in str(result.exception)


SHORT_FORMS: list[tuple[str, Any]] = [
    (
        "api:application, core:library, deploy:script:shell",
        [
            {"name": "api", "kind": "application"},
            {"name": "core", "kind": "library"},
            {"name": "deploy", "kind": "script", "language": "shell"},
        ],
    ),
    ("tool", [{"name": "tool"}]),
    (
        "  web:cli ,ops:script:shell ",
        [{"name": "web", "kind": "cli"}, {"name": "ops", "kind": "script", "language": "shell"}],
    ),
]


@pytest.mark.parametrize(("text", "as_list"), SHORT_FORMS, ids=[case[0].strip() for case in SHORT_FORMS])
def test_the_short_form_stands_for_the_yaml_list(text: str, as_list: Components) -> None:
    assert from_short_form(text) == as_list
    assert components_error(text, "acme") == components_error(as_list, "acme") == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("api:daemon", "component 'api': kind 'daemon' is not allowed"),
        ("api:application, api:library", "component 'api': the name is used twice"),
        ("Api:cli", "component 'Api': name must be lowercase"),
        ("api:cli:go", "language 'go' is not allowed"),
        ("api:cli:python:extra", "or the short form 'api:application, core:library"),
        ("api cli", "or the short form"),
    ],
)
def test_a_bad_short_form_gets_the_same_messages(text: str, message: str) -> None:
    assert message in components_error(text, "acme")


def test_copier_renders_the_short_form(template_src: Path, tmp_path: Path) -> None:
    """The short form typed in plain Copier: recorded as typed, rendered as the YAML list it stands for."""
    dest = render_project(
        template_src,
        tmp_path / "acme",
        {"project_name": "Acme", "components": "api:application, core:library, deploy:script:shell"},
    )
    assert (dest / "src/acme_api/__main__.py").is_file()
    assert (dest / "src/acme_core/__init__.py").is_file()
    assert not (dest / "src/acme_core/__main__.py").exists()
    assert (dest / "scripts/deploy").is_dir()


def test_package_name_asked_after_the_components_checks_them_again() -> None:
    """package_name comes after the components: its validator checks the imports it gives them."""
    from pyve_gen.model.validation import answer_error

    components = "api:application, core:library"
    assert answer_error("package_name", "acme", {"components": components}) == ""
    long_name = "a" * 58  # acme..._api would pass the 60-character import-name limit
    message = answer_error("package_name", long_name, {"components": components})
    assert message.startswith("package_name: component 'api'") and "at most 60" in message
    assert answer_error("package_name", "Not-A-Package", {"components": components}).startswith("package_name")
