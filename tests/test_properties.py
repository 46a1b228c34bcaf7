"""Property-based tests over the whole questionnaire: every answer set gives a valid project or one clear error.

Each draw (tests/answer_strategies.py) goes through `pyve-gen new --defaults --data-file` in-process, as a
scripted user runs it, and must end in one of two ways:

- one clear error: exit 1, one ``pyve-gen: error:`` line naming a question, no traceback, and nothing
  written (the destination does not exist, its parent stays empty); Copier's own questionnaire
  (`copier copy --data-file`) rejects the same answers;
- a project in which every file parses with its consumer's parser (YAML 1.1 as PyYAML, compose, kubectl
  and GitHub read it; TOML; JSON; ``bash -n``; ``zsh -n``; ``python -m py_compile``; python-dotenv; HCL;
  ``ruby -c``; configparser for ``*.cfg``, ``*.ini``, ``.flake8``, ``.sqlfluff``), no Jinja of the template
  is left unrendered, no answer text changes type, the recorded answers are the given ones and pass the
  validators again, and a second render of the same answers gives the same bytes.

One draw in ten is dense (every choice question answered, components of every language): what
test_answer_matrix.py sampled before it was folded in here.

``PYVE_PROPERTY_DRAWS`` draws (default 200) in 8 seeded shards (the same draws every run, spread over the
test workers); ``-m "not slow"`` runs the first two shards only. Also marked slow: the rendered project's own
``make lint`` for a sample of draws.
A draw that ever failed is kept below as an explicit regression test.
"""

from __future__ import annotations

import configparser
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from answer_strategies import QUESTIONS, answer_sets, answer_strings
from catalogue import Catalogue
from conan_standin import shared_conan_env
from conftest import REPO
from copier import run_copy
from dotenv import dotenv_values
from dotenv.parser import parse_stream as parse_dotenv
from gem_standin import bundler_env
from hypothesis import HealthCheck, assume, given, seed, settings
from markdown_checks import problems as markdown_problems

from pyve_gen import cli

DRAWS = int(os.environ.get("PYVE_PROPERTY_DRAWS", "200"))
SLOW_DRAWS = int(os.environ.get("PYVE_PROPERTY_SLOW_DRAWS", "6"))
SHARDS = 8
FAST_SHARDS = 2  # `-m "not slow"` runs these (a quarter of the draws); CI runs every shard
SETTINGS = settings(
    max_examples=DRAWS,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


# -- the template and the workspace ----------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree as a plain folder: `--template` renders it as it is, without a git clone per draw."""
    dest = tmp_path_factory.mktemp("props-template") / "pyve"
    ignore = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.egg-info", ".*_cache", "sample-project")
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props-draws")


@contextlib.contextmanager
def scratch(workspace: Path) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(dir=workspace))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def pyve_gen_new(template: Path, dest: Path, answers: dict[str, Any], data_dir: Path) -> tuple[int, str]:
    """`pyve-gen new DEST --defaults --data-file F --template T`, in-process; (exit status, stderr)."""
    data_file = data_dir / "answers.yml"
    data_file.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = io.StringIO()
    argv = ["new", str(dest), "--defaults", "--data-file", str(data_file), "--template", str(template)]
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(argv)
    return status, err.getvalue()


# -- parsing every rendered file with its consumer's parser ---------------------------------------
def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts)


def shebang(path: Path) -> str:
    with path.open("rb") as handle:
        first = handle.readline()
    return first.decode("utf-8", "replace").strip() if first.startswith(b"#!") else ""


def syntax_check(argv: list[str], path: Path) -> str:
    result = subprocess.run([*argv, str(path)], capture_output=True, text=True)
    return f"{' '.join(argv)}: {(result.stderr or result.stdout).strip()[:300]}" if result.returncode else ""


def parse_problems(root: Path) -> list[str]:
    """Every file its consumer's parser rejects, one line each."""
    import hcl2

    problems: list[str] = []
    for path in files(root):
        rel = str(path.relative_to(root))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problems.append(f"{rel}: not UTF-8: {error}")
            continue
        line = shebang(path)
        problem = ""
        try:
            if path.suffix in {".yml", ".yaml"}:
                list(yaml.safe_load_all(text))  # PyYAML is YAML 1.1, as compose, kubectl and GitHub read it
            elif path.suffix == ".toml":
                tomllib.loads(text)
            elif path.suffix == ".json" or path.name == ".secrets.baseline":
                json.loads(text)
            elif path.suffix == ".py":
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    compile(text, rel, "exec")  # what `python -m py_compile` runs
            elif path.suffix in {".tf", ".hcl"} or path.name.endswith(".hcl.example"):
                hcl2.loads(text)
            elif path.suffix in {".cfg", ".ini"} or path.name in {".sqlfluff", ".flake8"}:
                configparser.ConfigParser(interpolation=None).read_string(text)
            elif path.suffix == ".md":
                # Structure an answer can break (tables, fences, the one H1), not the house style of sections.
                found = [m for m in markdown_problems(text, rendered=False) if "is empty" not in m and "skips" not in m]
                if (
                    ".github" in path.relative_to(root).parts
                ):  # GitHub's issue and pull-request forms: prompts, not a document
                    found = [m for m in found if "H1" not in m]
                problem = "; ".join(found[:3])
            elif path.name == ".env.example":
                # python-dotenv's own parser; it flags (logs and skips) each line it cannot read
                bad = [b.original.line for b in parse_dotenv(io.StringIO(text)) if b.error]
                problem = f"python-dotenv cannot parse line(s) {bad}" if bad else ""
        except Exception as error:  # noqa: BLE001 - any parse error is a finding
            problem = f"{type(error).__name__}: {str(error)[:300]}"
        if problem:
            problems.append(f"{rel}: {problem}")
        if path.suffix in {".sh", ".bash"} or (line and ("bash" in line or line.endswith("/sh") or " sh" in line)):
            for shell in (["bash", "-n"], ["zsh", "-n"]):
                if shell[0] == "zsh" and shutil.which("zsh") is None:
                    continue
                if message := syntax_check(shell, path):
                    problems.append(f"{rel}: {message}")
        elif (path.suffix in {".rb", ".gemspec"} or path.name == "Gemfile" or "ruby" in line) and shutil.which("ruby"):
            if message := syntax_check(["ruby", "-c"], path):
                problems.append(f"{rel}: {message}")
    return problems


# Jinja delimiters a render must not leave behind (an unrendered expression or tag from the template).
UNRENDERED = re.compile(r"(?<![$\\])\{\{|\{%")
# What a quoting filter may escape: quotes, backslashes and control characters (TOML, JSON, YAML, shell),
# and Markdown's backslash-escapable punctuation except the braces and % of Jinja's delimiters.
ESCAPED = re.compile(r"[\x00-\x1f\x7f!\"#$&'()*+,\-./:;<=>?@\[\\\]^_`|~]")


def unrendered_problems(root: Path, answers: dict[str, Any]) -> list[str]:
    """Files that still hold Jinja, once the answers' own text (which may contain ``{{``) is taken out."""
    # Only an answer with a brace can make a delimiter; a NUL in its place joins no neighbours. A quoted
    # answer has some characters escaped (ESCAPED), so the pieces between those count too (a piece of
    # delimiters alone, such as "{{", would hide the template's own leftovers, so it does not).
    texts = {text for text in answer_strings(answers) if "{" in text}
    texts |= {piece for text in texts for piece in ESCAPED.split(text) if "{" in piece and piece.strip("{}% ")}
    texts = sorted(texts, key=len, reverse=True)
    problems = []
    for path in files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for answer in texts:
            text = text.replace(answer, "\0")
        if match := UNRENDERED.search(text):
            line = text[: match.start()].count("\n") + 1
            problems.append(f"{path.relative_to(root)}:{line}: unrendered Jinja")
    return problems


# -- no answer changes type ------------------------------------------------------------------------
def _scalars(typed: Any, raw: Any, where: str) -> Iterator[tuple[str, Any, str]]:
    """(where, value as YAML 1.1 reads it, source text) for every key and scalar of a document."""
    if isinstance(typed, dict) and isinstance(raw, dict):
        if len(typed) != len(raw):
            yield where, "keys collapsed", f"{len(raw)} keys read as {len(typed)}"
        for (tkey, tvalue), (rkey, rvalue) in zip(typed.items(), raw.items(), strict=False):
            yield f"{where}.{rkey}", tkey, rkey
            yield from _scalars(tvalue, rvalue, f"{where}.{rkey}")
    elif isinstance(typed, list) and isinstance(raw, list):
        for index, (tvalue, rvalue) in enumerate(zip(typed, raw, strict=False)):
            yield from _scalars(tvalue, rvalue, f"{where}[{index}]")
    elif isinstance(raw, str):
        yield where, typed, raw


def yaml_non_strings(root: Path) -> dict[str, set[str]]:
    """Per YAML file, the source text of every key or scalar YAML 1.1 reads as something other than a string."""
    found: dict[str, set[str]] = {}
    for path in files(root):
        if path.suffix not in {".yml", ".yaml"} or path.name == ".copier-answers.yml":
            continue
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(root))
        typed_docs = list(yaml.safe_load_all(text))
        raw_docs = list(yaml.load_all(text, Loader=yaml.BaseLoader))
        for typed, raw in zip(typed_docs, raw_docs, strict=True):
            for where, value, source in _scalars(typed, raw, rel):
                if value == "keys collapsed" or not isinstance(value, str):
                    found.setdefault(rel, set()).add(source if value != "keys collapsed" else f"<{where}: {source}>")
    return found


# Renders with default-ish answers that together produce every YAML file: the non-strings they hold are
# the template's own constants (`on:` in workflows, `true`, port numbers), not answers changing type.
REFERENCE_ANSWERS: list[dict[str, Any]] = [
    {
        "quality_level": "secure",
        "deploy_provider": "kubernetes",
        "components": [
            {"name": "app", "kind": "application"},
            {"name": "core", "kind": "library"},
            {"name": "tools", "kind": "script", "language": "shell"},
            {"name": "gem", "kind": "cli", "language": "ruby"},
            {"name": "engine", "kind": "library", "language": "cpp"},
            {"name": "schema", "kind": "script", "language": "sql"},
        ],
    },
    {"quality_level": "prototype", "deploy_provider": "fly"},
    {"quality_level": "production", "deploy_provider": "heroku", "container_runtime": "docker"},
    {
        "quality_level": "secure",
        "secret_scanner": "detect-secrets",
        "deploy_provider": "aws",
        "lint_enforcement": "ci-only",
    },
]


@pytest.fixture(scope="module")
def template_constants(catalogue: Catalogue) -> dict[str, set[str]]:
    constants: dict[str, set[str]] = {}
    for answers in REFERENCE_ANSWERS:
        for rel, texts in yaml_non_strings(catalogue.path(answers)).items():
            constants.setdefault(rel, set()).update(texts)
    return constants


def type_changes(root: Path, answers: dict[str, Any], constants: dict[str, set[str]]) -> list[str]:
    texts = answer_strings(answers)
    problems = []
    for rel, sources in yaml_non_strings(root).items():
        for source in sorted(sources - constants.get(rel, set())):
            if source in texts or source.startswith("<"):
                problems.append(f"{rel}: answer text {source!r} is read by YAML 1.1 as a non-string")
    return problems


def recorded_answer_problems(root: Path, answers: dict[str, Any]) -> list[str]:
    from pyve_gen.model import validation

    recorded = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    problems = []
    for key, value in answers.items():
        if key not in recorded:
            continue  # a question skipped by its `when` (e.g. Phase 2 below production) is not recorded
        if QUESTIONS[key].get("type") == "yaml" and isinstance(value, str):
            value = yaml.safe_load(value)  # Copier reads a YAML question's text as YAML
        else:
            value = validation.cast(value, QUESTIONS[key])  # and casts the others to their type ("010" -> 10)
        if QUESTIONS[key].get("multiselect") and isinstance(value, list):
            value = [item for item in recorded[key] if item in value]  # Copier records choices in copier.yml order
        if recorded[key] != value:
            problems.append(f".copier-answers.yml: {key} recorded as {recorded[key]!r}, answered {value!r}")
    if message := validation.answers_error(recorded):
        problems.append(f".copier-answers.yml fails the validators again: {message}")
    return problems


def env_example_problems(root: Path, answers: dict[str, Any]) -> list[str]:
    """python-dotenv reads each config variable's documented default back exactly."""
    path = root / ".env.example"
    if not path.is_file() or "config_vars" not in answers:
        return []
    recorded = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    if "config_vars" not in recorded:
        return []
    values = dotenv_values(path, interpolate=False)
    problems = []
    for var in recorded["config_vars"] or []:
        expected = "" if var.get("secret") else str(var.get("default", ""))
        if values.get(var["name"]) != expected:
            problems.append(f".env.example: {var['name']} reads as {values.get(var['name'])!r}, not {expected!r}")
    return problems


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mode) for p in files(root)}


# -- the properties --------------------------------------------------------------------------------
def check_error(status: int, stderr: str, answers: dict[str, Any], folder: Path, dest: Path) -> list[str]:
    problems = []
    errors = [line for line in stderr.splitlines() if line.startswith("pyve-gen: error:")]
    if status != 1 or len(errors) != 1:
        problems.append(f"expected exit 1 and one error line, got exit {status}:\n{stderr[-2000:]}")
    message = errors[0] if errors else ""
    if "unexpected" in message or "Traceback" in stderr:
        problems.append(f"not a clear error: {message}")
    if not any(key in message for key in answers):
        problems.append(f"the error names no question answered: {message}")
    if dest.exists() or any(folder.iterdir()):
        problems.append(f"something was written: {sorted(str(p) for p in folder.rglob('*'))[:10]}")
    return problems


def copier_casts_silently(answers: dict[str, Any]) -> bool:
    """Copier casts an int question's answer with int() before any validator runs, so `true` becomes 1 and
    `50.5` becomes 50 there, and a bool question's with its cast_to_bool (`[]` becomes false, `'0x1F'`
    true); `pyve-gen` rejects them (a Copier limitation, reported in issue 13)."""
    return any(
        (QUESTIONS[key].get("type") == "int" and isinstance(value, (bool, float)))
        or (QUESTIONS[key].get("type") == "bool" and not isinstance(value, bool))
        for key, value in answers.items()
        if key in QUESTIONS
    )


def copier_rejects_too(template: Path, answers: dict[str, Any], folder: Path, message: str) -> list[str]:
    """`copier copy --data-file` (Copier's own questionnaire) must refuse what pyve-gen refused.

    Except an answer to a question Copier does not ask (its `when` is false): Copier neither validates
    nor records it, while pyve-gen still refuses a malformed one."""
    dest = folder / "by-copier"
    try:
        run_copy(str(template), str(dest), data=answers, defaults=True, unsafe=True, quiet=True)
    except Exception as error:  # noqa: BLE001 - Copier's validation errors have no common type
        if dest.exists():
            return [f"copier refused ({error}) but left {dest}"]
        return []
    recorded = yaml.safe_load((dest / ".copier-answers.yml").read_text(encoding="utf-8"))
    named = [key for key in answers if re.search(rf"\b{re.escape(key)}\b", message)]
    if named and all(key not in recorded for key in named):
        return []
    return ["pyve-gen refused these answers but Copier's questionnaire rendered them (two validator sets)"]


def check_draw(answers: dict[str, Any], template: Path, workspace: Path, constants: dict[str, set[str]]) -> None:
    with scratch(workspace) as data_dir, scratch(workspace) as folder:
        dest = folder / "project"
        status, stderr = pyve_gen_new(template, dest, answers, data_dir)
        if status != 0:
            problems = check_error(status, stderr, answers, folder, dest)
            if not problems and not copier_casts_silently(answers):
                problems = copier_rejects_too(template, answers, folder, stderr)
        else:
            problems = parse_problems(dest)
            problems += unrendered_problems(dest, answers)
            problems += type_changes(dest, answers, constants)
            problems += recorded_answer_problems(dest, answers)
            problems += env_example_problems(dest, answers)
            again = data_dir / "project"  # same folder name: the default project_name comes from it
            status_again, _ = pyve_gen_new(template, again, answers, data_dir)
            if status_again != 0 or snapshot(again) != snapshot(dest):
                differ = sorted(
                    k
                    for k in snapshot(dest).keys() | snapshot(again).keys()
                    if snapshot(dest).get(k) != snapshot(again).get(k)
                )
                problems.append(f"a second render of the same answers differs: {differ[:10]}")
        assert not problems, "\n".join(problems)


# Draws that once failed (issue 13 and the property runs), kept as explicit cases of the property.
REGRESSIONS: list[dict[str, Any]] = [
    {"project_name": "no"},  # slug `no` went unquoted into the default components: component 'False'
    {
        "project_slug": "on",
        "quality_level": "production",
        "deploy_provider": "kubernetes",
        "components": [{"name": "null", "kind": "application"}],
        "config_vars": [
            {"name": "NO", "default": "off"},
            {"name": "ON", "secret": True},
            {"name": "NULL", "default": "~"},
        ],
    },  # compose service key, k8s names and ConfigMap keys read as booleans/null
    {"project_name": "Acme\x9bBilling"},  # a C1 control broke every YAML file it reached
    {"components": [{"name": "app", "language": "shell", "paths": ["Makefile"]}]},  # AssertionError in Copier
    {"coverage_floor": True},  # rendered `fail_under = 1`
    {"coverage_floor": 50.5},  # rendered 50
    {"python_versions": "3.11"},  # reported as an error of quality_level
    {"quality_level": "production", "config_vars": [{"name": "WHO", "default": "O'Brien"}]},  # unreadable by dotenv
    {"test_data_dir": "tests/../../x"},
    {"coverage_floor": "010"},  # read as YAML 1.1 it was octal 8 (while coverage_floor was briefly type yaml)
    {"pypi_publish": "0x1F"},  # refused by pyve-gen; Copier does not ask pypi_publish here, so it ignores it
    # pyve-gen validated components without the default package_name Copier derives (the module became
    # the folder 'Mc78' / 'F_udNiV-_' instead of '<package>_<component>'), so it refused what Copier renders.
    {"components": [{"name": "no", "kind": "application", "paths": ["Mc78", "no/no/no"]}, {"name": "zc78-ph30"}]},
    {
        "project_name": "Null",
        "components": [
            {"name": "pjhy-tx12w-p", "language": "python", "paths": ["z/no/F_udNiV-_"]},
            {"name": "n", "language": "ruby", "audience": "dev-only"},
        ],
    },
    {"quality_level": "secure", "owners": "ªÏ:L£öꙵ{{ x }}{#|", "deploy_provider": "aws"},  # Markdown escaped # and |
    # TOML escaped the summary's quote, so the checker took the answer's `{% y %}` for unrendered Jinja
    {"summary": 'Ē-{% y %}"$(touch /tmp/pyve-pwned)Ē-', "cpp_package_manager": "brew", "rto": ".inf"},
]


@pytest.mark.parametrize(
    "shard", [pytest.param(shard, marks=[pytest.mark.slow] if shard >= FAST_SHARDS else []) for shard in range(SHARDS)]
)
def test_every_answer_set_renders_a_valid_project_or_fails_clearly(
    shard: int, template: Path, workspace: Path, template_constants: dict[str, set[str]]
) -> None:
    """The draws in SHARDS seeded shards, so parallel workers share them; each shard's draws are fixed."""

    @seed(shard)
    @settings(SETTINGS, max_examples=-(-DRAWS // SHARDS), derandomize=False)
    @given(answers=answer_sets())
    def draw(answers: dict[str, Any]) -> None:
        check_draw(answers, template, workspace, template_constants)

    draw()


def test_unrendered_jinja_is_found_but_answer_text_is_not(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text("run: echo ${{ github.sha }} {{ answer }}\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# {{ answer }}\nleft {% if x %}\n", encoding="utf-8")
    assert unrendered_problems(tmp_path, {"project_name": "{{ answer }}"}) == ["README.md:2: unrendered Jinja"]
    assert len(unrendered_problems(tmp_path, {})) == 2
    # TOML escapes the answer's quote: `"a{% y %}\"b"` is the answer, not Jinja the template left behind
    (tmp_path / "pyproject.toml").write_text('description = "a{% y %}\\"b"\n', encoding="utf-8")
    assert unrendered_problems(tmp_path, {"summary": 'a{% y %}"b', "project_name": "{{ answer }}"}) == [
        "README.md:2: unrendered Jinja"
    ]
    # Markdown escapes the answer's # and |: `{{ x }}{\#\|` is the owners answer `{{ x }}{#|`
    (tmp_path / "on_call.md").write_text("**Owners:** a{{ x }}{\\#\\|.\n", encoding="utf-8")
    answers = {"owners": "a{{ x }}{#|", "summary": 'a{% y %}"b', "project_name": "{{ answer }}"}
    assert unrendered_problems(tmp_path, answers) == ["README.md:2: unrendered Jinja"]
    # a piece that is delimiters only hides nothing: "{{" of the answer "-{{-" is everywhere in a template
    assert "README.md:1: unrendered Jinja" in unrendered_problems(tmp_path, {"owners": "-{{-"})


@pytest.mark.parametrize("answers", REGRESSIONS, ids=[str(i) for i in range(len(REGRESSIONS))])
def test_former_failing_draws(
    answers: dict[str, Any], template: Path, workspace: Path, template_constants: dict[str, set[str]]
) -> None:
    check_draw(answers, template, workspace, template_constants)


@pytest.mark.slow
@settings(SETTINGS, max_examples=SLOW_DRAWS)
@given(answers=answer_sets())
def test_rendered_project_passes_its_own_make_lint(answers: dict[str, Any], template: Path, workspace: Path) -> None:
    """A sample of the draws that render: the project's own `make lint` (strict in CI: no tool may be missing)."""
    with scratch(workspace) as data_dir, scratch(workspace) as folder:
        dest = folder / "project"
        status, _ = pyve_gen_new(template, dest, answers, data_dir)
        assume(status == 0)
        makefile = (dest / "Makefile").read_text()
        # vcpkg is unreachable here (rendered, not executed): its SKIPPED is the one allowed, checked below.
        vcpkg = "VCPKG_TOOLCHAIN" in makefile
        strict = ["STRICT=1"] if os.environ.get("CI") and not vcpkg else []
        command = ["make", "--no-print-directory", "lint", f"PYTHON={sys.executable}", *strict]
        env = dict(os.environ)
        # rubygems.org is unreachable here: a Ruby component's Bundler fetches from the local stand-in.
        if "lint-ruby" in makefile:
            env |= bundler_env()
        # Conan Center too: a Conan project's make installs from the local stand-in remote.
        if "cpp-deps:" in makefile:
            env |= shared_conan_env()
        result = subprocess.run(command, cwd=dest, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"make lint:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        if vcpkg and os.environ.get("CI"):
            skipped = [line for line in result.stderr.splitlines() if line.startswith("SKIPPED")]
            assert all("vcpkg (VCPKG_ROOT) not found" in line for line in skipped), skipped
