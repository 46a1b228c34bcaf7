"""Faults issue 13 listed and the property tests (tests/test_properties.py) found, one explicit test each.

Each test failed before its fix; the property tests keep looking for the next one.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from catalogue import Catalogue
from conftest import REPO, render_project
from dotenv import dotenv_values

from pyve_gen import cli
from pyve_gen.check_rules import answers_file
from pyve_gen.model import validation
from pyve_gen.model.quoting import yaml_str
from pyve_gen.project import Project


def pyve_gen_in_process(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(list(argv))
    return status, err.getvalue()


def one_error(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("pyve-gen: error:")]
    assert len(errors) == 1, stderr
    assert "unexpected" not in errors[0] and "Traceback" not in stderr, stderr
    return errors[0]


# -- C1 controls and other characters no file kind can hold ---------------------------------------
@pytest.mark.parametrize("char", ["\x85", "\x9b", "\x80", "\u2028", "\u2029", "\ufffe", "\uffff"])
def test_c1_controls_and_line_separators_are_rejected_in_free_text(char: str) -> None:
    assert "single line of printable text" in validation.project_name_error(f"Acme{char}Billing")
    assert "single line of printable text" in validation.config_vars_error([{"name": "A", "description": f"x{char}y"}])


@pytest.mark.parametrize("text", ["x\x9by", "a\u2028b", "\ufeffz", "\x00\x1b\x7f\x85", "\ufffe", 'q"\\', "no"])
def test_yaml_str_reads_back_as_the_same_string(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_str(text)}") == {"key": text}


# -- YAML 1.1 keywords as names --------------------------------------------------------------------
YAML11_ANSWERS: dict[str, Any] = {
    "project_name": "null",
    "project_slug": "no",
    "quality_level": "production",
    "deploy_provider": "kubernetes",
    "config_vars": [
        {"name": "NO", "description": "off", "secret": False, "default": "off"},
        {"name": "ON", "description": "a secret", "secret": True},
        {"name": "NULL", "description": "tilde", "secret": False, "default": "~"},
    ],
}


@pytest.fixture(scope="module", params=["default-components", "explicit-components"])
def yaml11_project(
    request: pytest.FixtureRequest, template_src: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Slug `no`: the default components interpolated it unquoted (component 'False'); with explicit
    components the render went through and compose and the k8s manifests read it as false."""
    data = dict(YAML11_ANSWERS)
    if request.param == "explicit-components":
        data["components"] = [{"name": "no", "kind": "application"}]
    return render_project(template_src, tmp_path_factory.mktemp("yaml11") / "p", data)


def test_a_yaml11_keyword_slug_keeps_its_default_component(yaml11_project: Path) -> None:
    recorded = yaml.safe_load((yaml11_project / ".copier-answers.yml").read_text())
    assert recorded["components"][0]["name"] == "no"
    assert recorded["components"][0].get("entrypoints", ["no"]) == ["no"]
    assert recorded["project_name"] == "null"


def test_compose_and_k8s_keep_yaml11_keywords_as_strings(yaml11_project: Path) -> None:
    compose = yaml.safe_load((yaml11_project / "compose.yaml").read_text())
    assert list(compose["services"]) == ["no"]
    deployment = yaml.safe_load((yaml11_project / "k8s/deployment.yaml").read_text())
    assert deployment["metadata"]["name"] == "no"
    assert deployment["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] == "no"
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["name"] == "no"
    assert [(e["name"], e["valueFrom"]["secretKeyRef"]["key"]) for e in container["env"]] == [("ON", "ON")]
    service = yaml.safe_load((yaml11_project / "k8s/service.yaml").read_text())
    assert service["metadata"]["name"] == "no" and service["spec"]["selector"]["app.kubernetes.io/name"] == "no"
    hpa = yaml.safe_load((yaml11_project / "k8s/hpa.yaml").read_text())  # the autoscaler came later: same quoting
    assert hpa["metadata"]["name"] == "no" and hpa["spec"]["scaleTargetRef"]["name"] == "no"
    configmap = yaml.safe_load((yaml11_project / "k8s/configmap.yaml").read_text())
    assert configmap["data"] == {"NO": "off", "NULL": "~"}


# -- component folders that collide with rendered files --------------------------------------------
@pytest.mark.parametrize("folder", ["Makefile", "LICENSE", "requirements.txt", "pyproject.toml", "k8s", "pyve.sh"])
def test_a_component_folder_named_like_a_rendered_file_is_one_clear_error(
    folder: str, template_src: Path, tmp_path: Path
) -> None:
    components = [{"name": "app", "language": "shell", "paths": [folder]}]
    assert "already has" in validation.components_error(components)
    dest = tmp_path / "out"
    data = tmp_path / "answers.yml"
    data.write_text(yaml.safe_dump({"components": components}))
    status, stderr = pyve_gen_in_process(
        "new", str(dest), "--defaults", "--data-file", str(data), "--template", str(template_src)
    )
    assert status == 1
    assert "components" in one_error(stderr) and folder in one_error(stderr)
    assert not dest.exists()


# -- `-d KEY=VALUE` as Copier reads it -------------------------------------------------------------
BAD_D = [
    ("coverage_floor=true", "coverage_floor must be a whole number"),
    ("coverage_floor=50.5", "coverage_floor must be a whole number"),
    ("python_versions=3.11", "python_versions must be a YAML list"),
    ("components=[{name: x", "components: not valid YAML"),
    ("os_targets=linux", "os_targets must be a YAML list"),
]


@pytest.mark.parametrize(("item", "message"), BAD_D, ids=[item for item, _ in BAD_D])
def test_bad_data_option_is_one_clear_error_naming_the_question(item: str, message: str, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    status, stderr = pyve_gen_in_process("new", str(dest), "--defaults", "-d", item)
    assert status == 1
    assert message in one_error(stderr)
    assert not dest.exists()


def test_data_option_keeps_text_answers_as_text() -> None:
    from pyve_gen.questionnaire import parse_data_value
    from pyve_gen.questionnaire import questions as load_questions

    questions = load_questions()
    assert parse_data_value("project_name", "yes", questions["project_name"]) == "yes"
    assert parse_data_value("owners", "null", questions["owners"]) == "null"
    assert parse_data_value("copyright_year", "2026", questions["copyright_year"]) == "2026"
    assert parse_data_value("components", "[{name: a}]", questions["components"]) == [{"name": "a"}]
    assert parse_data_value("python_versions", "['3.12']", questions["python_versions"]) == ["3.12"]


# -- one validator set: `pyve-gen check` PV100 ------------------------------------------------------
@pytest.fixture(scope="module")
def checked_project(catalogue: Catalogue) -> Path:
    return catalogue.path("production")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("coverage_floor", 150, "coverage_floor must be a whole number from 0 to 100"),
        ("coverage_floor", True, "coverage_floor must be a whole number"),
        ("test_data_dir", "tests/../../x", "test_data_dir"),
        ("components", [{"name": "app", "paths": ["../../x"]}], "'..'"),
        ("project_name", "a\x9bb", "single line of printable text"),
        ("python_versions", "3.12", "python_versions must be a YAML list"),
    ],
)
def test_check_pv100_fails_answers_the_questionnaire_rejects(
    checked_project: Path, tmp_path: Path, key: str, value: Any, message: str
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    answers = yaml.safe_load((checked_project / ".copier-answers.yml").read_text())
    assert answers_file(Project(checked_project), None).status == "pass"  # type: ignore[arg-type]
    answers[key] = value
    (project / ".copier-answers.yml").write_text(yaml.safe_dump(answers))
    result = answers_file(Project(project), None)  # type: ignore[arg-type]
    assert result.status == "fail" and message in result.message, result


# -- .env.example: read the same by python-dotenv and by shells ------------------------------------
ENV_DEFAULTS = {
    "QUOTE": "O'Brien",
    "BACKSLASH": "C:\\path\\to",
    "DOUBLE": 'say "hi"',
    "DOLLAR": "$HOME and `id` stay",
    "MIXED": 'it\'s \\ "x" # not a comment',
    "TWO_BACKSLASHES": "a\\\\b",  # python-dotenv reads two backslashes inside single quotes as one
    "TRAILING": "dir\\",  # ... and backslash-quote as a quote: a trailing backslash ran past the closing quote
}


@pytest.fixture(scope="module")
def env_project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = [{"name": n, "description": n, "secret": False, "default": v} for n, v in ENV_DEFAULTS.items()]
    data = {"quality_level": "production", "config_vars": config}
    return render_project(template_src, tmp_path_factory.mktemp("env") / "p", data)


def test_env_example_is_read_by_python_dotenv(env_project: Path) -> None:
    values = dotenv_values(env_project / ".env.example", interpolate=False)
    assert {name: values.get(name) for name in ENV_DEFAULTS} == ENV_DEFAULTS


def test_env_example_is_read_by_bash(env_project: Path, tmp_path: Path) -> None:
    script = f'set -eu; set -a; . "{env_project / ".env.example"}"; set +a; env -0'
    result = subprocess.run(["bash", "-c", script], capture_output=True, env={"PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stderr
    values = dict(item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    assert {name: values.get(name) for name in ENV_DEFAULTS} == ENV_DEFAULTS


def test_an_env_default_no_quoting_can_keep_is_one_clear_error() -> None:
    message = validation.config_vars_error([{"name": "A", "default": "it's $HOME"}])
    assert "cannot be written to .env.example" in message


# -- an interrupted `pyve-gen new` leaves nothing ---------------------------------------------------
def test_interrupted_new_removes_what_it_wrote_and_a_rerun_works(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "acme"
    argv = [sys.executable, "-m", "pyve_gen.cli", "new", str(dest), "--defaults", "--template", str(template_src)]
    for _attempt in range(5):
        # SIGINT back to its default in the child: a suite started as `cmd &` from a script inherits it ignored,
        # and so would pyve-gen, which then never sees the Ctrl-C this test sends.
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if dest.is_dir() and sum(1 for _ in dest.rglob("*")) >= 3:  # Copier is writing the tree
                process.send_signal(signal.SIGINT)
                break
            time.sleep(0.002)
        _, stderr = process.communicate(timeout=120)
        if process.returncode == 130:
            break
        assert process.returncode == 0, stderr  # finished before the interrupt landed: try again
        import shutil

        shutil.rmtree(dest)
    else:
        pytest.fail("the render always finished before it could be interrupted")
    assert "interrupted" in stderr
    assert "removed the partly written" in stderr
    assert not dest.exists(), sorted(str(p) for p in dest.rglob("*"))[:10]
    rerun = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert (dest / ".copier-answers.yml").is_file()


def test_a_failed_render_into_an_existing_empty_folder_empties_it_again(tmp_path: Path) -> None:
    from pyve_gen.cli.new import remove_partial_render

    folder = tmp_path / "given"
    (folder / "src" / "x").mkdir(parents=True)
    (folder / "README.md").write_text("partial\n")
    remove_partial_render(folder, existed=True)
    assert folder.is_dir() and not any(folder.iterdir())
    remove_partial_render(folder, existed=False)
    assert not folder.exists()


# -- a non-editable install renders, and honours --template ----------------------------------------
@pytest.fixture(scope="module")
def installed(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip install --no-deps --target` of the project (a wheel, not editable): only its files are importable."""
    target = tmp_path_factory.mktemp("site") / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(template_src),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def run_installed(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}  # ahead of this checkout's editable install
    return subprocess.run(
        [sys.executable, "-m", "pyve_gen.cli", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_non_editable_install_renders_a_project(installed: Path, tmp_path: Path) -> None:
    where = run_installed(installed, "--version", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    result = run_installed(installed, "new", str(tmp_path / "acme"), "--defaults", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "acme" / "pyve.sh").is_file()
    assert (installed / "pyve_gen" / "template_root" / "copier.yml").is_file()


def test_a_non_editable_install_honours_template(installed: Path, template_src: Path, tmp_path: Path) -> None:
    import shutil

    other = shutil.copytree(template_src, tmp_path / "other", ignore=shutil.ignore_patterns(".git"))
    copier_yml = other / "copier.yml"
    copier_yml.write_text(copier_yml.read_text().replace("a project scaffolded by Pyve.", "MARKER-OTHER-TEMPLATE"))
    result = run_installed(
        installed, "new", str(tmp_path / "acme"), "--defaults", "--template", str(other), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "MARKER-OTHER-TEMPLATE" in (tmp_path / "acme" / "README.md").read_text()


def test_repo_is_not_importable_from_the_installed_copy(installed: Path) -> None:
    """The install test means something only if the checkout is not what gets imported."""
    result = subprocess.run(
        [sys.executable, "-c", "import pyve_gen.questionnaire as p; print(p.TEMPLATE_ROOT)"],
        env={**os.environ, "PYTHONPATH": str(installed)},
        cwd=installed,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(result.stdout.strip()) != REPO and str(installed) in result.stdout


def test_a_file_that_appears_during_the_render_is_never_overwritten(template_src: Path, tmp_path: Path) -> None:
    """Copier asks "Overwrite README.md? (Y/n)" (default yes) for a file that exists; `pyve-gen new` keeps it."""
    import threading

    from pyve_gen.cli.new import render

    dest = tmp_path / "acme"
    stop = threading.Event()

    def user_writes_a_readme() -> None:
        while not stop.is_set():
            if dest.is_dir():
                (dest / "README.md").write_text("mine\n")
                return
            time.sleep(0.0005)

    writer = threading.Thread(target=user_writes_a_readme)
    writer.start()
    try:
        render(str(template_src), dest, {"quality_level": "experiment"}, {"project_name": "Acme"}, "HEAD")
    finally:
        stop.set()
        writer.join()
    assert (dest / "README.md").read_text() == "mine\n"
    assert (dest / ".copier-answers.yml").is_file()


def test_an_interrupt_after_the_closing_message_keeps_the_project(template_src: Path, tmp_path: Path) -> None:
    """Ctrl-C right after Copier says the project is ready: it stays, and no template clone is left behind.

    Before, the render was removed after "ready" was printed (sometimes with "Bad file descriptor" from
    Copier's interrupted clean-up), and the clone stayed in the temp folder.
    """
    dest, temp = tmp_path / "acme", tmp_path / "temp"
    temp.mkdir()
    argv = [sys.executable, "-m", "pyve_gen.cli", "new", str(dest), "--defaults", "--template", str(template_src)]
    argv += ["--vcs-ref", "HEAD"]  # a git template: Copier clones it into the temp folder
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert process.stdout is not None
    seen = b""
    while chunk := process.stdout.read(1):
        seen += chunk
        if b"is ready in" in seen:
            process.send_signal(signal.SIGINT)
            break
    seen += process.stdout.read()
    process.wait(timeout=120)
    out = seen.decode(errors="replace")
    assert "is ready in" in out
    assert "removed the partly written" not in out and "Bad file descriptor" not in out, out[-800:]
    assert (dest / ".copier-answers.yml").is_file() and (dest / "pyve.sh").is_file()
    assert not list(temp.iterdir()), out[-800:]  # no template clone, nor the run's own temp folder
    assert "deprecated" not in out, out[-800:]
