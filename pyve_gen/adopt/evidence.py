"""Readers of an existing repository: what its own files say about the project.

Each reader returns a :class:`Clue` (a value and where it was read, quoted) or None when nothing says.
The code layout (packages, scripts, CMake targets, …) is :mod:`pyve_gen.adopt.layout`'s job, the
deployment files :mod:`pyve_gen.adopt.deploy`'s.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from pyve_gen.project import Project


@dataclass(frozen=True)
class Clue:
    value: Any
    source: str  # where, quoted: 'pyproject.toml: requires-python = ">=3.11"'


def pyproject(repo: Project) -> dict[str, Any]:
    data = repo.toml("pyproject.toml")
    return data if isinstance(data, dict) else {}


def section(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    for part in dotted.split("."):
        value = data.get(part)
        if not isinstance(value, dict):
            return {}
        data = value
    return data


def ini(repo: Project, name: str) -> configparser.ConfigParser | None:
    text = repo.read(name)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def ini_get(parser: configparser.ConfigParser | None, sect: str, key: str) -> str:
    if parser is None or not parser.has_option(sect, key):
        return ""
    return parser.get(sect, key).strip()


def _first(*clues: Clue | None) -> Clue | None:
    return next((clue for clue in clues if clue is not None and clue.value not in (None, "", [])), None)


def _toml_clue(repo: Project, dotted: str, key: str) -> Clue | None:
    value = section(pyproject(repo), dotted).get(key)
    if isinstance(value, str) and value.strip():
        return Clue(value.strip(), f"pyproject.toml: [{dotted}] {key} = {value.strip()!r}")
    return None


def _setup_cfg(repo: Project, key: str, sect: str = "metadata") -> Clue | None:
    value = ini_get(ini(repo, "setup.cfg"), sect, key)
    return Clue(value, f"setup.cfg: [{sect}] {key} = {value}") if value else None


def _setup_py(repo: Project, key: str) -> Clue | None:
    text = repo.read("setup.py") or ""
    match = re.search(rf"\b{key}\s*=\s*[\"']([^\"'\n]+)[\"']", text)
    return Clue(match.group(1), f"setup.py: {key}={match.group(1)!r}") if match else None


# -- the project: name, summary, owners, license ------------------------------------------------
def foreign_answers(repo: Project) -> dict[str, Any]:
    """The answers file another Copier template left (``.copier-answers.yml``), or {}."""
    text = repo.read(".copier-answers.yml")
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def dist_name(repo: Project) -> Clue | None:
    """The name the project publishes or builds under: Python metadata, else the top CMake ``project()``, else a gemspec."""
    return _first(
        _toml_clue(repo, "project", "name"),
        _toml_clue(repo, "tool.poetry", "name"),
        _setup_cfg(repo, "name"),
        _setup_py(repo, "name"),
        _cmake_project(repo),
        _gem_name(repo),
    )


def _cmake_project(repo: Project) -> Clue | None:
    match = re.search(r"^\s*project\s*\(\s*([A-Za-z][\w-]*)", repo.read("CMakeLists.txt") or "", re.I | re.M)
    return Clue(match.group(1), f"CMakeLists.txt: project({match.group(1)} ...)") if match else None


def _gem_name(repo: Project) -> Clue | None:
    for name in repo.files:
        if name.endswith(".gemspec") and "/" not in name:
            match = re.search(r"\.name\s*=\s*[\"']([\w-]+)[\"']", repo.read(name) or "")
            if match:
                return Clue(match.group(1), f"{name}: name = {match.group(1)!r}")
    return None


def readme(repo: Project) -> tuple[str, str]:
    """(file name, text) of the README, or ("", "")."""
    for name in ("README.md", "README.rst", "README.txt", "README"):
        text = repo.read(name)
        if text is not None:
            return name, text
    return "", ""


def readme_title(repo: Project) -> Clue | None:
    name, text = readme(repo)
    lines = text.splitlines()
    for index, line in enumerate(lines):
        title = ""
        if line.startswith("# "):
            title = line[2:]
        elif index + 1 < len(lines) and re.fullmatch(r"=+", lines[index + 1].strip()) and line.strip():
            title = line  # reStructuredText / setext title
        title = re.sub(r"[`*_\[\]]|\(.*?\)|!\S*", "", title).strip()
        if title:
            return Clue(title, f"{name}: title '{title}'")
    return None


def readme_summary(repo: Project) -> Clue | None:
    """The first paragraph line after the title that reads as a sentence."""
    name, text = readme(repo)
    for line in text.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith(("#", "=", "-", "[", "!", "<", "`", "|", "*", ">")) and len(line) > 10:
            return Clue(line[:200], f"{name}: first paragraph")
    return None


def summary(repo: Project) -> Clue | None:
    return _first(
        _toml_clue(repo, "project", "description"),
        _toml_clue(repo, "tool.poetry", "description"),
        _setup_cfg(repo, "description"),
        _setup_py(repo, "description"),
        readme_summary(repo),
    )


def _people(value: Any) -> list[str]:
    people = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            name, email = item.get("name", ""), item.get("email", "")
            people.append(f"{name} <{email}>" if name and email else str(name or email))
        elif isinstance(item, str):
            people.append(item)
    return [person for person in people if person]


def codeowners(repo: Project) -> Clue | None:
    for name in (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"):
        for line in (repo.read(name) or "").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 2 and fields[0] in {"*", "/", "/*", "**"}:
                return Clue(" ".join(fields[1:]), f"{name}: '{line.strip()}'")
    return None


def owners(repo: Project) -> Clue | None:
    data = pyproject(repo)
    for dotted in ("project", "tool.poetry"):
        for key in ("maintainers", "authors"):
            people = _people(section(data, dotted).get(key))
            if people:
                return Clue(", ".join(people), f"pyproject.toml: [{dotted}] {key}")
    author = _setup_cfg(repo, "author")
    email = _setup_cfg(repo, "author_email")
    if author:
        text = f"{author.value} <{email.value}>" if email else author.value
        return Clue(text, "setup.cfg: [metadata] author" + (", author_email" if email else ""))
    return codeowners(repo)


LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING")
# How a license text begins / an identifier, to the template's choices (None: not one of them).
LICENSE_TEXTS = (
    ("MIT", re.compile(r"\bMIT License\b|Permission is hereby granted, free of charge", re.I)),
    ("Apache-2.0", re.compile(r"Apache License,?\s+Version 2\.0", re.I)),
    ("BSD-3-Clause", re.compile(r"Neither the name of", re.I)),
    ("GPL", re.compile(r"GNU (?:LESSER |AFFERO )?GENERAL PUBLIC LICENSE", re.I)),
    ("Proprietary", re.compile(r"All rights reserved\.?\s*$", re.I | re.M)),
)
LICENSE_IDS = {
    "mit": "MIT",
    "mit license": "MIT",
    "apache-2.0": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache software license": "Apache-2.0",
    "bsd-3-clause": "BSD-3-Clause",
    "bsd license": "BSD-3-Clause",
    "proprietary": "Proprietary",
    "other/proprietary license": "Proprietary",
}


def license_file(repo: Project) -> tuple[str, str]:
    for name in LICENSE_FILES:
        text = repo.read(name)
        if text is not None:
            return name, text
    return "", ""


def license_id(repo: Project) -> Clue | None:
    """The license as an identifier (MIT, Apache-2.0, …, or what the repo names when it is another)."""
    data = pyproject(repo)
    raw = section(data, "project").get("license") or section(data, "tool.poetry").get("license")
    if isinstance(raw, dict):
        raw = raw.get("text") or ""
    if isinstance(raw, str) and raw.strip() and len(raw) < 60:
        return Clue(LICENSE_IDS.get(raw.strip().lower(), raw.strip()), f"pyproject.toml: license = {raw.strip()!r}")
    cfg = _setup_cfg(repo, "license")
    if cfg:
        return Clue(LICENSE_IDS.get(cfg.value.lower(), cfg.value), cfg.source)
    for classifier in classifiers(repo):
        if classifier.startswith("License :: "):
            leaf = classifier.split("::")[-1].strip()
            return Clue(LICENSE_IDS.get(leaf.lower(), leaf), f"classifier '{classifier}'")
    name, text = license_file(repo)
    for license, pattern in LICENSE_TEXTS:
        if pattern.search(text):
            return Clue(license, f"{name}: the {license} license text")
    return None


def copyright_line(repo: Project) -> tuple[Clue, Clue] | None:
    """(year, holder) from the LICENSE's ``Copyright (c) 2021 Jane Doe`` line."""
    name, text = license_file(repo)
    match = re.search(
        r"^\s*Copyright\s+(?:\(c\)|©)?\s*(\d{4})(?:\s*[-–,]\s*\d{4})?,?\s+(.+?)\.?\s*$", text, re.I | re.M
    )
    if not match:
        return None
    source = f"{name}: '{match.group(0).strip()}'"
    return Clue(match.group(1), source), Clue(match.group(2).strip(), source)


# -- Python metadata ------------------------------------------------------------------------------
def classifiers(repo: Project) -> list[str]:
    data = pyproject(repo)
    found = section(data, "project").get("classifiers") or section(data, "tool.poetry").get("classifiers") or []
    if not found:
        found = [line.strip() for line in ini_get(ini(repo, "setup.cfg"), "metadata", "classifiers").splitlines()]
    return [str(item) for item in found if item]


def requires_python(repo: Project) -> Clue | None:
    value = section(pyproject(repo), "project").get("requires-python")
    if isinstance(value, str):
        return Clue(value, f'pyproject.toml: requires-python = "{value}"')
    poetry = section(pyproject(repo), "tool.poetry.dependencies").get("python")
    if isinstance(poetry, str):
        return Clue(_poetry_spec(poetry), f'pyproject.toml: [tool.poetry.dependencies] python = "{poetry}"')
    cfg = _setup_cfg(repo, "python_requires", "options")
    if cfg:
        return cfg
    return _setup_py(repo, "python_requires")


def _poetry_spec(text: str) -> str:
    """Poetry's ``^3.10`` / ``~3.10`` as a PEP 440 specifier."""
    parts = []
    for item in text.split(","):
        item = item.strip()
        if item.startswith("^"):
            major = item[1:].split(".")[0]
            parts += [f">={item[1:]}", f"<{int(major) + 1}"]
        elif item.startswith("~") and not item.startswith("~="):
            base = item[1:].split(".")
            parts += [f">={item[1:]}", f"<{base[0]}.{int(base[1]) + 1}" if len(base) > 1 else f"<{int(base[0]) + 1}"]
        elif item:
            parts.append(item)
    return ",".join(parts)


def classifier_versions(repo: Project) -> list[str]:
    prefix = "Programming Language :: Python :: "
    return [c[len(prefix) :] for c in classifiers(repo) if c.startswith(prefix) and c[len(prefix) :].count(".") == 1]


def python_version_file(repo: Project) -> Clue | None:
    text = (repo.read(".python-version") or "").strip().splitlines()
    if text and re.match(r"^\d+\.\d+", text[0]):
        return Clue(".".join(text[0].split(".")[:2]), f".python-version: {text[0]}")
    return None


def build_backend(repo: Project) -> Clue | None:
    value = section(pyproject(repo), "build-system").get("build-backend")
    if isinstance(value, str):
        return Clue(value, f'pyproject.toml: build-backend = "{value}"')
    if repo.exists("setup.py") or repo.exists("setup.cfg"):
        return Clue("setuptools.build_meta", "setup.py / setup.cfg (setuptools without a [build-system])")
    return None


DEV_STATUS = {
    "1": "idea",
    "2": "idea",
    "3": "in-development",
    "4": "beta",
    "5": "stable",
    "6": "stable",
    "7": "maintenance",
}


def development_status(repo: Project) -> Clue | None:
    for classifier in classifiers(repo):
        match = re.match(r"Development Status :: (\d)", classifier)
        if match and match.group(1) in DEV_STATUS:
            return Clue(DEV_STATUS[match.group(1)], f"classifier '{classifier}'")
    return None


def version(repo: Project) -> Clue | None:
    return _first(
        _toml_clue(repo, "project", "version"),
        _toml_clue(repo, "tool.poetry", "version"),
        _setup_cfg(repo, "version"),
        _setup_py(repo, "version"),
    )


def dependencies(repo: Project) -> list[str]:
    """Runtime dependency names, lowercased (pyproject, Poetry, setup.cfg, requirements.in)."""
    data = pyproject(repo)
    found = [str(item) for item in section(data, "project").get("dependencies") or []]
    found += [name for name in section(data, "tool.poetry.dependencies") if name != "python"]
    found += ini_get(ini(repo, "setup.cfg"), "options", "install_requires").splitlines()
    found += [line for line in (repo.read("requirements.in") or "").splitlines() if not line.startswith(("#", "-"))]
    names = [re.split(r"[\s<>=!~\[;(@^]", item.strip(), maxsplit=1)[0].lower() for item in found]
    return [name for name in names if name]


# -- locks, tests, coverage, linters --------------------------------------------------------------
def lock_style(repo: Project) -> list[Clue]:
    found = []
    for name in repo.files:
        if "/" in name:
            continue
        if re.fullmatch(r"requirements[\w.-]*\.txt", name):
            hashed = "--hash=" in (repo.read(name) or "")
            source = name.removesuffix(".txt") + ".in"
            kind = "pip-tools" if repo.exists(source) else "pinned requirements"
            found.append(Clue(kind, f"{name} ({'with' if hashed else 'without'} hashes)"))
    for name, tool in (("poetry.lock", "Poetry"), ("pdm.lock", "PDM"), ("uv.lock", "uv"), ("Pipfile.lock", "Pipenv")):
        if repo.exists(name):
            found.append(Clue(tool, name))
    return found


def test_runner(repo: Project) -> list[Clue]:
    found = []
    data = pyproject(repo)
    if section(data, "tool.pytest.ini_options"):
        found.append(Clue("pytest", "pyproject.toml: [tool.pytest.ini_options]"))
    elif repo.exists("pytest.ini"):
        found.append(Clue("pytest", "pytest.ini"))
    elif ini(repo, "setup.cfg") is not None and ini(repo, "setup.cfg").has_section("tool:pytest"):  # type: ignore[union-attr]
        found.append(Clue("pytest", "setup.cfg: [tool:pytest]"))
    else:
        tests = [f for f in repo.files if re.search(r"(^|/)test_[^/]*\.py$|(^|/)conftest\.py$", f)]
        if tests:
            found.append(Clue("pytest", f"{tests[0]}: pytest-style tests"))
    if bats := [f for f in repo.files if f.endswith(".bats")]:
        found.append(Clue("bats", bats[0]))
    for name in cmake_files(repo):
        match = re.search(r"\badd_test\s*\(|gtest_discover_tests", repo.read(name) or "")
        if match:
            found.append(Clue("ctest", f"{name}: {match.group(0).rstrip('(').strip()}"))
            break
    if repo.exists(".rspec") or any(f.endswith("_spec.rb") for f in repo.files):
        found.append(Clue("rspec", ".rspec / *_spec.rb"))
    return found


def cmake_files(repo: Project) -> list[str]:
    return [f for f in repo.files if PurePosixPath(f).name == "CMakeLists.txt"]


def test_scopes(repo: Project) -> Clue | None:
    folders = {PurePosixPath(f).parts[1] for f in repo.files if f.startswith("tests/") and f.count("/") >= 2}
    scopes = [
        scope for scope, names in (("integration", {"integration"}), ("e2e", {"e2e", "end_to_end"})) if folders & names
    ]
    if not scopes:
        return None
    return Clue(
        ["unit", *scopes],
        "tests/ folders: " + ", ".join(sorted(folders & {"unit", "integration", "e2e", "end_to_end"})),
    )


def coverage_floor(repo: Project) -> Clue | None:
    data = pyproject(repo)
    value = section(data, "tool.coverage.report").get("fail_under")
    if isinstance(value, (int, float)):
        return Clue(int(value), f"pyproject.toml: [tool.coverage.report] fail_under = {value}")
    for name, sect in ((".coveragerc", "report"), ("setup.cfg", "coverage:report"), ("tox.ini", "coverage:report")):
        text = ini_get(ini(repo, name), sect, "fail_under")
        if text.replace(".", "", 1).isdigit():
            return Clue(int(float(text)), f"{name}: [{sect}] fail_under = {text}")
    candidates = ["pyproject.toml", "setup.cfg", "pytest.ini", "tox.ini", "Makefile", *workflow_files(repo)]
    for name in candidates:
        match = re.search(r"--cov-fail-under[= ](\d+)", repo.read(name) or "")
        if match:
            return Clue(int(match.group(1)), f"{name}: {match.group(0)}")
    return None


LINTER_FILES = {
    "ruff": ("ruff.toml", ".ruff.toml"),
    "flake8": (".flake8",),
    "pylint": (".pylintrc", "pylintrc"),
    "mypy": ("mypy.ini", ".mypy.ini"),
    "shellcheck": (".shellcheckrc",),
    "clang-format": (".clang-format",),
    "clang-tidy": (".clang-tidy",),
    "rubocop": (".rubocop.yml",),
    "sqlfluff": (".sqlfluff",),
}
LINTER_TABLES = {
    "ruff": "tool.ruff",
    "black": "tool.black",
    "mypy": "tool.mypy",
    "pylint": "tool.pylint",
    "isort": "tool.isort",
}


def linters(repo: Project) -> list[Clue]:
    found: dict[str, str] = {}
    data = pyproject(repo)
    for tool, dotted in LINTER_TABLES.items():
        if section(data, dotted):
            found[tool] = f"pyproject.toml: [{dotted}]"
    for tool, names in LINTER_FILES.items():
        for name in names:
            if tool not in found and repo.exists(name):
                found[tool] = name
    cfg = ini(repo, "setup.cfg")
    for tool, sect in (("flake8", "flake8"), ("mypy", "mypy")):
        if tool not in found and cfg is not None and cfg.has_section(sect):
            found[tool] = f"setup.cfg: [{sect}]"
    for hook in pre_commit_hooks(repo):
        for tool in ("ruff", "black", "flake8", "mypy", "shellcheck", "shfmt", "clang-format", "rubocop", "sqlfluff"):
            if tool in hook and tool not in found:
                found[tool] = f".pre-commit-config.yaml: hook {hook}"
    return [Clue(tool, source) for tool, source in found.items()]


def mypy_strict(repo: Project) -> Clue | None:
    if section(pyproject(repo), "tool.mypy").get("strict") is True:
        return Clue(True, "pyproject.toml: [tool.mypy] strict = true")
    for name in ("mypy.ini", "setup.cfg"):
        if ini_get(ini(repo, name), "mypy", "strict").lower() == "true":
            return Clue(True, f"{name}: [mypy] strict = True")
    return None


def pre_commit_hooks(repo: Project) -> list[str]:
    text = repo.read(".pre-commit-config.yaml")
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return []
    hooks = []
    for item in (data or {}).get("repos", []) if isinstance(data, dict) else []:
        for hook in item.get("hooks", []) if isinstance(item, dict) else []:
            if isinstance(hook, dict) and hook.get("id"):
                hooks.append(str(hook["id"]))
    return hooks


# -- CI ---------------------------------------------------------------------------------------------
OTHER_CI = {
    ".gitlab-ci.yml": "GitLab CI",
    ".circleci/config.yml": "CircleCI",
    ".travis.yml": "Travis CI",
    "Jenkinsfile": "Jenkins",
    "azure-pipelines.yml": "Azure Pipelines",
    "bitbucket-pipelines.yml": "Bitbucket Pipelines",
}


def workflow_files(repo: Project) -> list[str]:
    return [f".github/workflows/{name}" for name in repo.workflows]


def ci(repo: Project) -> list[Clue]:
    """CI providers found, each with its jobs (GitHub Actions) as the source."""
    found = []
    jobs = []
    for name, data in repo.workflows.items():
        if isinstance(data, dict) and isinstance(data.get("jobs"), dict):
            jobs += [f"{name}:{job}" for job in data["jobs"]]
    if repo.workflows:
        found.append(Clue("github-actions", f".github/workflows: {', '.join(jobs) or ', '.join(repo.workflows)}"))
    for name, provider in OTHER_CI.items():
        if repo.exists(name):
            found.append(Clue(provider, name))
    return found


def _workflow_steps_text(repo: Project) -> str:
    return "\n".join(repo.workflow_text(name) for name in repo.workflows)


def tag_release(repo: Project) -> Clue | None:
    for name, data in repo.workflows.items():
        on = data.get("on") if isinstance(data, dict) else None
        push = on.get("push") if isinstance(on, dict) else None
        if isinstance(push, dict) and push.get("tags"):
            return Clue("tag-driven", f".github/workflows/{name}: on push tags {push['tags']}")
        if isinstance(on, dict) and "release" in on:
            return Clue("tag-driven", f".github/workflows/{name}: on release")
    return None


def pypi_publish(repo: Project) -> Clue | None:
    for name in repo.workflows:
        text = repo.workflow_text(name)
        for needle in ("pypa/gh-action-pypi-publish", "twine upload", "poetry publish", "uv publish"):
            if needle in text:
                return Clue(True, f".github/workflows/{name}: {needle}")
    return None


def _walk_values(data: Any, key: str) -> list[Any]:
    found = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                found.append(v)
            found += _walk_values(v, key)
    elif isinstance(data, list):
        for item in data:
            found += _walk_values(item, key)
    return found


def ci_os(repo: Project) -> Clue | None:
    text = _workflow_steps_text(repo)
    targets = [os for os, needle in (("linux", "ubuntu-"), ("macos", "macos-")) if needle in text]
    if not targets:
        return None
    return Clue(targets, "CI runners: " + ", ".join(sorted(set(re.findall(r"(?:ubuntu|macos|windows)-[\w.]+", text)))))


def ci_python_versions(repo: Project) -> Clue | None:
    versions: list[str] = []
    for name, data in repo.workflows.items():
        for value in _walk_values(data, "python-version"):
            items = value if isinstance(value, list) else [value]
            versions += [str(v) for v in items if re.fullmatch(r"3\.\d+", str(v))]
        if versions:
            return Clue(
                sorted(set(versions), key=lambda v: int(v.split(".")[1])),
                f".github/workflows/{name}: python-version matrix",
            )
    return None


def dependency_bot(repo: Project) -> Clue | None:
    text = repo.read(".github/dependabot.yml") or repo.read(".github/dependabot.yaml")
    if text:
        match = re.search(r"interval:\s*[\"']?(\w+)", text)
        interval = match.group(1) if match else "weekly"
        return Clue({"daily": "weekly"}.get(interval, interval), f".github/dependabot.yml: interval {interval}")
    for name in ("renovate.json", ".github/renovate.json", "renovate.json5"):
        if repo.exists(name):
            return Clue("monthly", name)
    return None


# -- security -----------------------------------------------------------------------------------------
def security_files(repo: Project) -> list[Clue]:
    """Security gates found (ids as in the gate table: secret-scan, sast, dependency-audit, sbom, signing, security-policy)."""
    found = []
    ci_text = _workflow_steps_text(repo) + (repo.read("Makefile") or "") + "\n".join(pre_commit_hooks(repo))
    if repo.exists("SECURITY.md") or repo.exists(".github/SECURITY.md"):
        found.append(Clue("security-policy", "SECURITY.md"))
    if repo.exists(".gitleaks.toml") or "gitleaks" in ci_text:
        found.append(Clue("secret-scan", ".gitleaks.toml / gitleaks in CI"))
    elif repo.exists(".secrets.baseline") or "detect-secrets" in ci_text:
        found.append(Clue("secret-scan", ".secrets.baseline / detect-secrets"))
    if "bandit" in ci_text or repo.exists(".bandit") or section(pyproject(repo), "tool.bandit"):
        found.append(Clue("sast", "bandit"))
    if "pip-audit" in ci_text or "safety check" in ci_text:
        found.append(Clue("dependency-audit", "pip-audit in CI"))
    if "cyclonedx" in ci_text.lower() or "syft" in ci_text:
        found.append(Clue("sbom", "an SBOM step in CI"))
    if "cosign" in ci_text or "sigstore" in ci_text:
        found.append(Clue("signing", "sigstore/cosign in CI"))
    return found


def secret_scanner(repo: Project) -> Clue | None:
    if repo.exists(".gitleaks.toml"):
        return Clue("gitleaks", ".gitleaks.toml")
    if repo.exists(".secrets.baseline"):
        return Clue("detect-secrets", ".secrets.baseline")
    return None


def security_contact(repo: Project) -> Clue | None:
    for name in ("SECURITY.md", ".github/SECURITY.md"):
        match = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", repo.read(name) or "")
        if match:
            return Clue(match.group(0), f"{name}: {match.group(0)}")
    return None


SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "DSN", "DATABASE_URL")


def config_vars(repo: Project) -> Clue | None:
    for name in (".env.example", ".env.sample", ".env.template", "env.example"):
        text = repo.read(name)
        if text is None:
            continue
        found: list[dict[str, Any]] = []
        comment = ""
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("#"):
                comment = line.lstrip("# ").strip()
                continue
            match = re.match(r"^(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=", line)
            if match and match.group(1) not in {item["name"] for item in found}:
                var = match.group(1)
                found.append(
                    {
                        "name": var,
                        "description": comment or f"from {name}",
                        "secret": any(w in var for w in SECRET_WORDS),
                    }
                )
            comment = ""
        if found:
            return Clue(found, f"{name}: {', '.join(str(item['name']) for item in found)}")
    return None
