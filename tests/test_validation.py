"""Each validator rejects what it must, with a message saying what is allowed, and accepts legal edge cases."""

from __future__ import annotations

import pytest

from pyve_gen.model import validation as v

HOSTILE = ["a b", "a'b", 'a"b', "$(rm -rf ~)", "`id`", "../up", "a/b", "a:b", "a#b", "é", "", "A", "-a", "a-", "a--b"]


@pytest.mark.parametrize("value", HOSTILE)
def test_slug_rejects(value: str) -> None:
    message = v.slug_error(value)
    assert "lowercase ASCII letters, digits and single hyphens" in message


@pytest.mark.parametrize("value", ["a", "acme-billing", "x1-2y"])
def test_slug_accepts(value: str) -> None:
    assert v.slug_error(value) == ""


@pytest.mark.parametrize("value", [*HOSTILE, "class", "import", "1abc", "a-b"])
def test_package_rejects(value: str) -> None:
    assert "Python identifier" in v.package_error(value)


@pytest.mark.parametrize("value", ["acme_billing", "_private", "x1"])
def test_package_accepts(value: str) -> None:
    assert v.package_error(value) == ""


@pytest.mark.parametrize(
    "value",
    ['Acme "Billing": #1', "Café Ünïcødé ✓", "O'Brien & Co. | $(not run) `x`", "a: b # c", "[list] {map} *star*"],
)
def test_project_name_accepts_any_single_line_text(value: str) -> None:
    assert v.project_name_error(value) == ""


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("a\nb", "single line"),
        ("a\tb", "single line"),
        ("a\x1bb", "single line"),
        ("x" * 81, "at most 80"),
    ],
)
def test_project_name_rejects(value: str, fragment: str) -> None:
    assert fragment in v.project_name_error(value)


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/abs", "relative path"),
        ("../up", "'..'"),
        ("a/../b", "'..'"),
        ("~/x", "relative path"),
        ("a\\b", "relative path"),
        ("C:/x", "relative path"),
        (".hidden", "hidden"),
        ("a b", "relative path"),
        ("tests/x", "reserved"),
        ("docs", "reserved"),
        ("$(x)", "relative path"),
    ],
)
def test_relative_path_rejects(path: str, fragment: str) -> None:
    assert fragment in v.relative_path_error(path)


@pytest.mark.parametrize("path", ["src/app", "lib/my_pkg", "scripts", "a.b/c-d/"])
def test_relative_path_accepts(path: str) -> None:
    assert v.relative_path_error(path) == ""


@pytest.mark.parametrize(
    ("components", "fragment"),
    [
        ([], "non-empty YAML list"),
        ("name: x", "non-empty YAML list"),
        (["x"], "must be a mapping"),
        ([{"name": "a", "colour": "red"}], "unknown keys ['colour']"),
        ([{"name": "A b"}], "name must be lowercase"),
        ([{"name": "a"}, {"name": "a", "language": "shell"}], "used twice"),
        (
            [{"name": "a", "kind": "daemon"}],
            "kind 'daemon' is not allowed; choose one of application, library, cli, script",
        ),
        (
            [{"name": "a", "language": "go"}],
            "language 'go' is not allowed; choose one of python, shell, cpp, ruby, sql",
        ),
        ([{"name": "a", "audience": "everyone"}], "audience 'everyone' is not allowed"),
        ([{"name": "a", "paths": ["../a"]}], "'..'"),
        ([{"name": "a", "paths": ["/etc/a"]}], "relative path"),
        ([{"name": "a", "paths": ["src/x"]}, {"name": "b", "paths": ["src/x/y"]}], "overlaps"),
        ([{"name": "a", "paths": ["src/x"]}, {"name": "b", "language": "shell", "paths": ["src/x"]}], "overlaps"),
        ([{"name": "a", "paths": ["lib/x"]}, {"name": "b", "paths": ["src/x"]}], "import name 'x'"),
        ([{"name": "a", "entrypoints": ["rm -rf"]}], "entrypoint 'rm -rf'"),
        ([{"name": "a", "entrypoints": ["go"]}, {"name": "b", "entrypoints": ["go"]}], "also provided by"),
        ([{"name": "a", "paths": ["src/class"]}], "identifier"),
    ],
)
def test_components_rejects(components: object, fragment: str) -> None:
    assert fragment in v.components_error(components)


def test_components_accepts_several_languages_and_custom_paths() -> None:
    components = [
        {"name": "core", "kind": "library"},
        {"name": "app", "kind": "cli", "entrypoints": ["acme"], "paths": ["apps/app"]},
        {"name": "deploy", "kind": "script", "language": "shell"},
        {"name": "engine", "kind": "library", "language": "cpp"},
        {"name": "gemmy", "kind": "cli", "language": "ruby"},
        {"name": "schema", "kind": "script", "language": "sql", "entrypoints": []},
    ]
    assert v.components_error(components) == ""


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("x", "YAML list"),
        ([{"name": "lower"}], "environment variable name"),
        ([{"name": "A; rm"}], "environment variable name"),
        ([{"name": "A"}, {"name": "A"}], "defined twice"),
        ([{"name": "A", "secret": "yes"}], "true or false"),
        ([{"name": "A", "description": "two\nlines"}], "single line"),
        ([{"name": "A", "color": 1}], "unknown keys"),
    ],
)
def test_config_vars_rejects(config: object, fragment: str) -> None:
    assert fragment in v.config_vars_error(config)


def test_config_vars_accepts_hostile_but_legal_text() -> None:
    config = [
        {
            "name": "API_URL",
            "description": "Base URL: 'quoted' \"double\" $HOME `x` # not a comment",
            "secret": False,
            "default": "https://example.com/?a=1&b=$x",
        }
    ]
    assert v.config_vars_error(config) == ""


@pytest.mark.parametrize("value", ["x", "a@b", "a b@example.com", "a@b.c'd", "$(x)@e.com"])
def test_email_rejects(value: str) -> None:
    assert "email address" in v.email_error(value)


def test_email_accepts() -> None:
    assert v.email_error("security+pyve@example.co.uk") == ""
