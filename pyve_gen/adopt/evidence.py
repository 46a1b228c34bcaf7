"""Readers of an existing repository: what its own files say about the project.

Each reader returns a :class:`Clue` (a value and where it was read, quoted) or None when nothing says.
This module reads what the project is (names, summary, owners, license, Python metadata); the others
read the rest: :mod:`.layout` the code (packages, scripts, CMake targets, …), :mod:`.tooling` locks, tests
and linters, :mod:`.ci` the pipelines and security gates, :mod:`.deploy` deployment and configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pyve_gen import userfiles
from pyve_gen.project import Project
from pyve_gen.reader import ini, ini_get, pyproject, section  # noqa: F401  (the one reader; re-exported)


@dataclass(frozen=True)
class Clue:
    value: Any
    source: str  # where, quoted: 'pyproject.toml: requires-python = ">=3.11"'


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
    """``setup(key='value')``, or the module constant setup.py passes (``NAME = 'PyYAML'``, then ``name=NAME``)."""
    text = repo.read("setup.py") or ""
    match = re.search(rf"\b{key}\s*=\s*[\"']([^\"'\n]+)[\"']", text)
    if match:
        return Clue(match.group(1), f"setup.py: {key}={match.group(1)!r}")
    constant = re.search(rf"\b{key}\s*=\s*([A-Z][A-Z0-9_]*)\b", text)
    if constant:
        value = re.search(rf"^{constant.group(1)}\s*=\s*[\"']([^\"'\n]+)[\"']", text, re.M)
        if value:
            return Clue(
                value.group(1), f"setup.py: {key}={constant.group(1)}, {constant.group(1)} = {value.group(1)!r}"
            )
    return None


# -- the project: name, summary, owners, license ------------------------------------------------
def foreign_answers(repo: Project) -> dict[str, Any]:
    """The answers file another Copier template left (``.copier-answers.yml``), or {}."""
    text = repo.read(".copier-answers.yml")
    try:
        data = userfiles.load_yaml(text, ".copier-answers.yml") if text else None
    except ValueError:  # userfiles.UserFileError: not YAML, or aliases past the bound
        return {}
    return data if isinstance(data, dict) else {}


def dist_name(repo: Project) -> Clue | None:
    """The name the project publishes or builds under: Python metadata, else the top CMake ``project()``, else a gemspec."""
    return _first(
        _toml_clue(repo, "project", "name"),
        _toml_clue(repo, "tool.poetry", "name"),
        _setup_cfg(repo, "name"),
        _setup_py(repo, "name"),
        _pkg_info_name(repo),
        _cmake_project(repo),
        _gem_name(repo),
    )


def _pkg_info_name(repo: Project) -> Clue | None:
    """An unpacked sdist's ``Name:``: what a setup.py that computes its name (requests') built under."""
    match = re.search(r"^Name:\s*([A-Za-z0-9][\w.-]*)\s*$", repo.read("PKG-INFO") or "", re.M)
    return Clue(match.group(1), f"PKG-INFO: Name: {match.group(1)}") if match else None


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


BADGE_OR_HTML = re.compile(r"^\s*(<|\[!\[|!\[|\.\. (image|raw|figure)::|:target:|:alt:|\|)")


def _readme_lines(text: str) -> list[str]:
    """The README's lines with HTML blocks, badges, images and reStructuredText directives blanked out."""
    lines, in_html, in_directive = [], False, False
    for line in text.splitlines():
        stripped = line.strip()
        if in_directive and (not stripped or line[:1].isspace()):
            lines.append("")
            continue
        in_directive = bool(re.match(r"^\.\. \S", stripped))
        if in_html or BADGE_OR_HTML.match(line) or in_directive:
            in_html = (in_html or stripped.startswith("<")) and not stripped.endswith(">") and bool(stripped)
            lines.append("")
            continue
        lines.append(line)
    return lines


def _overlines(lines: list[str]) -> set[int]:
    """The indexes of reStructuredText overlines (``===`` above a title and the same below it)."""
    return {
        index
        for index, line in enumerate(lines[:-2])
        if re.fullmatch(r"(=+|-+|\*+|~+|#+)", line.strip()) and lines[index + 1].strip()
        if lines[index + 2].strip() == line.strip()
    }


def readme_title(repo: Project) -> Clue | None:
    """The README's first heading (Markdown ``#``/``##`` or a setext/reST underline, with or without an overline),
    HTML and badges skipped."""
    name, text = readme(repo)
    lines = _readme_lines(text)
    overlines = _overlines(lines)
    for index, line in enumerate(lines):
        if index in overlines:
            continue
        title = ""
        if re.match(r"^#{1,2} ", line):
            title = line.lstrip("#")
        elif index + 1 < len(lines) and re.fullmatch(r"(=+|-+|\*+|#+)", lines[index + 1].strip()) and line.strip():
            title = line  # reStructuredText / setext title
        title = re.sub(r"[`*_\[\]]|\(.*?\)|!\S*|<[^>]*>", "", title).strip()
        if title:
            return Clue(title, f"{name}: title '{title}'")
        if line.strip() and not line.startswith("#"):
            return None  # text before any heading: the README has no title
    return None


# `Name: what it is`, `Name - what it is`, `Name -- what it is`, `Name — what it is`
SUBTITLE = re.compile(r":\s+|\s+(?:-{1,2}|\u2014|\u2013|\|)\s+")


def title_parts(title: str) -> tuple[str, str]:
    """(the name, the subtitle) of a README title (``PyParsing -- A Python Parsing Module``); ("title", "") when it
    has no subtitle."""
    head, *rest = SUBTITLE.split(title, maxsplit=1)
    return head.strip(), "".join(rest).strip()


def readme_subtitle(repo: Project) -> Clue | None:
    """The README title's subtitle, where it reads as a phrase (more than one word)."""
    title = readme_title(repo)
    subtitle = title_parts(title.value)[1] if title else ""
    return Clue(subtitle, title.source) if title and " " in subtitle else None


def readme_summary(repo: Project) -> Clue | None:
    """The first paragraph after the title that reads as a sentence: its first sentence, whole. Only the
    opening (before the second heading): a later section's text does not say what the project is."""
    name, text = readme(repo)
    paragraph: list[str] = []
    headings, allowed = 0, 1 if readme_title(repo) else 0
    lines = _readme_lines(text)
    overlines = _overlines(lines)
    for index, line in enumerate([*lines, ""]):
        if index in overlines:
            continue
        line = line.strip()
        if re.fullmatch(r"(=+|-{3,}|~+)", line) and len(paragraph) == 1:
            paragraph = []  # a setext / reStructuredText underline: the line above was a heading
        if line.startswith("#") or re.fullmatch(r"(=+|-{3,}|~+)", line):
            headings += 1
            if headings > allowed and not paragraph:
                return None
        if line and not line.startswith(("#", "=", "- ", "---", "* ", "+ ", "[", "!", "<", "```", "|", ">", ":", "..")):
            paragraph.append(line)
            continue
        joined = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(paragraph))  # a Markdown link: its text
        joined = re.sub(r"[*_`]", "", joined).strip()
        if len(joined) > 10 and " " in joined:
            sentence = re.split(r"(?<=[.!?])\s", joined, maxsplit=1)[0]
            return Clue(
                sentence if len(sentence) <= 200 else sentence[:197].rsplit(" ", 1)[0] + "...",
                f"{name}: first paragraph",
            )
        paragraph = []
    return None


def summary(repo: Project) -> Clue | None:
    return _first(
        _toml_clue(repo, "project", "description"),
        _toml_clue(repo, "tool.poetry", "description"),
        _setup_cfg(repo, "description"),
        _setup_py(repo, "description"),
        readme_summary(repo),
        readme_subtitle(repo),
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


LICENSE_FILES = (
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "LICENSE.rst",
    "LICENSE.MIT",
    "LICENSE-MIT",
    "COPYING",
    "COPYING.txt",
)
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


def own_build(repo: Project) -> bool:
    """Whether the repository builds its Python package itself (pyproject.toml, setup.py or setup.cfg)."""
    return any(repo.exists(name) for name in ("pyproject.toml", "setup.py", "setup.cfg"))


def dependencies(repo: Project) -> list[str]:
    """Runtime dependency names, lowercased (pyproject, Poetry, setup.cfg, requirements.in, else requirements.txt)."""
    data = pyproject(repo)
    found = [str(item) for item in section(data, "project").get("dependencies") or []]
    found += [name for name in section(data, "tool.poetry.dependencies") if name != "python"]
    found += ini_get(ini(repo, "setup.cfg"), "options", "install_requires").splitlines()
    # a requirements.txt is what it runs with only where no build of its own declares that (python-dotenv's: tools)
    runtime = "requirements.in" if repo.exists("requirements.in") or own_build(repo) else "requirements.txt"
    found += [line for line in (repo.read(runtime) or "").splitlines() if not line.startswith(("#", "-"))]
    names = [re.split(r"[\s<>=!~\[;(@^]", item.strip(), maxsplit=1)[0].lower() for item in found]
    return [name for name in names if name]


def cmake_files(repo: Project) -> list[str]:
    return [f for f in repo.files if PurePosixPath(f).name == "CMakeLists.txt"]


def workflow_files(repo: Project) -> list[str]:
    return [f".github/workflows/{name}" for name in repo.workflows]
