"""What adopting must not add: the template's files that would break, shadow or duplicate what the repository has.

The rules, each with the reason the file plan shows (``hold``: nothing is written):

- a file the repository already has under another name (``LICENSE.txt`` for ``LICENSE``, ``CHANGES.rst`` for
  ``CHANGELOG.md``, its own CI for the template's workflows, ``docker-compose.yml`` for ``compose.yaml``, …);
- the template's skeleton inside a component folder the repository already has (``settings.py``, ``logs.py``,
  ``__main__.py`` in their package): the component is theirs;
- the template's C++ skeleton (``cpp/<name>/``) of a component their own CMake files build elsewhere (a header-only
  library at the top: ``include/``, ``tests/`` and a top-level ``CMakeLists.txt``), and the template's top
  ``CMakeLists.txt`` that would build it: the component is theirs;
- the template's shell skeleton (``scripts/<name>/``) of a component whose scripts the repository has elsewhere (a
  lone tool at the top: ``neofetch``), and its bats test of that skeleton: the component is theirs, in place;
- a test that exercises the template's skeleton of an existing component (it imports the component, or runs
  its scripts): their code is never run by a generated test;
- a test module whose name another test module or package of the repository has (pytest would stop at
  collection: ``tests/test_pkg.py`` beside ``tests/test_pkg/``).

:func:`extra_files` writes what replaces the held shell tests: a bats file that checks the syntax of the
repository's scripts (``bash -n``), never running them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from pyve_gen.adopt import layout, needs, seed
from pyve_gen.model.components import Component, normalize_all
from pyve_gen.model.validation import COMMAND_RE
from pyve_gen.project import Project

# template file -> the names a repository gives the same thing (compared case-insensitively)
EQUIVALENTS: dict[str, tuple[str, ...] | list[str]] = {
    "LICENSE": (
        "license.txt license.md license.rst licence licence.txt licence.md copying copying.txt copying.md "
        "copying.lesser license-mit license-apache unlicense license.mit".split()
    ),
    "CHANGELOG.md": (
        "changelog changelog.rst changelog.txt changes changes.md changes.rst changes.txt history history.md "
        "history.rst history.txt news news.md news.rst news.txt release_notes.md releases.md "
        "docs/changelog.md docs/changelog.rst docs/changes.rst docs/history.rst docs/changes.md".split()
    ),
    "README.md": ("readme.rst", "readme.txt", "readme", "readme.markdown"),
    "SECURITY.md": (".github/security.md", "docs/security.md", "security.rst"),
    "CONTRIBUTING.md": (".github/contributing.md", "contributing.rst", "docs/contributing.md"),
    "CODE_OF_CONDUCT.md": (".github/code_of_conduct.md", "code_of_conduct.rst"),
    ".env.example": (".env.sample", ".env.template", "env.example", ".env.dist", "example.env"),
    "Containerfile": ("dockerfile",),
    "Dockerfile": ("containerfile",),
    "compose.yaml": ("compose.yml", "docker-compose.yml", "docker-compose.yaml"),
    "Makefile": ("makefile", "gnumakefile"),
    ".github/dependabot.yml": (
        ".github/dependabot.yaml renovate.json renovate.json5 .github/renovate.json .renovaterc .renovaterc.json".split()
    ),
    ".pre-commit-config.yaml": (".pre-commit-config.yml",),
    # Conan reads conanfile.py before conanfile.txt: the template's manifest beside theirs would be ignored, or
    # (where their recipe moves) install the template's empty requirements instead of theirs
    "conanfile.txt": ("conanfile.py",),
}
OTHER_CI = (".gitlab-ci.yml", ".circleci/config.yml", ".travis.yml", "Jenkinsfile", "azure-pipelines.yml")
SETUPTOOLS_FILES = ("setup.py", "setup.cfg")
SYNTAX_TESTS = "tests/shell/adopted_scripts.bats"
SHELLS = {"sh": "sh", "dash": "sh", "bash": "bash", "zsh": "zsh"}


def components(answers: dict[str, Any]) -> list[Component]:
    return normalize_all(answers.get("components") or [], str(answers.get("package_name") or ""))


def existing_components(root: Path, answers: dict[str, Any]) -> list[Component]:
    """The components the repository already has (their folder, or for Python a module of their import name,
    ``six.py``): theirs, not the template's skeleton."""
    return [
        comp
        for comp in components(answers)
        if comp.root
        and (
            (root / comp.root).is_dir()
            or (comp.language == "python" and any((root / d / f"{comp.module}.py").is_file() for d in ("", "src")))
        )
    ]


def cmake_built(root: Path, answers: dict[str, Any]) -> dict[str, tuple[Component, str]]:
    """The C++ components the repository's own CMake files build outside the component's folder (a target at the
    top, or in a folder a component cannot have): component root -> (the component, where its target is declared).
    The template's skeleton in that folder would be code the repository never had."""
    targets = {
        unit.name.lower().replace("_", "-"): unit.evidence[0]
        for unit in layout.cmake_targets(Project(root))
        if unit.evidence
    }
    found = {}
    for comp in components(answers):
        # named `<target>-cpp` where a Python component has the target's name (component names are unique)
        name = comp.name if comp.name in targets else comp.name.removesuffix("-cpp")
        if comp.language == "cpp" and comp.root and name in targets and not (root / comp.root).exists():
            found[comp.root] = (comp, targets[name])
    return found


def scripts_elsewhere(root: Path, answers: dict[str, Any]) -> dict[str, tuple[Component, list[str]]]:
    """The shell components whose scripts the repository has outside the component's folder (a lone tool at the
    top: ``neofetch``), that folder absent: component root -> (the component, their scripts). The template's skeleton
    in that folder would be code the repository never had."""
    scripts = {name for name, _ in existing_scripts(root)}
    at_top = sorted(name for name in scripts if "/" not in name)
    # the component adopt makes of scripts at the top none of which is a command name (`Backup.sh`): no entrypoints,
    # named after the one script, or `scripts` for several
    unnamed = {layout.slug(PurePosixPath(at_top[0]).stem) if len(at_top) == 1 else "scripts"} if at_top else set()
    found = {}
    for comp in components(answers):
        if comp.language != "shell" or not comp.root or (root / comp.root).exists():
            continue
        if theirs := [script for script in comp.entrypoints if script in scripts]:
            found[comp.root] = (comp, theirs)
        elif not comp.entrypoints and comp.name in unnamed and not any(COMMAND_RE.match(n) for n in at_top):
            found[comp.root] = (comp, at_top)
    return found


def _equivalent(relpath: str, lower: dict[str, str]) -> str:
    for other in (relpath.lower(), *EQUIVALENTS.get(relpath, ())):
        if other in lower and lower[other] != relpath:
            return lower[other]
    return ""


def _ci_files(repo: Project) -> list[str]:
    found = [f".github/workflows/{name}" for name in repo.workflows]
    return found + [name for name in OTHER_CI if repo.exists(name)]


def _imports(text: str, module: str) -> bool:
    """Whether a test imports ``module``: an import statement, or its name in quotes (importlib, runpy)."""
    name = re.escape(module)
    return re.search(rf"^\s*(?:from|import)\s+{name}\b|[\"']{name}[\"'.:]", text, re.M) is not None


def _test_names(files: list[str]) -> set[str]:
    """Names of the repository's test modules and test packages (``test_x`` of ``test_x.py`` and ``test_x/``)."""
    names = set()
    for name in files:
        for part in PurePosixPath(name).parts:
            stem = part.removesuffix(".py")
            if stem.startswith("test_") or stem.endswith("_test"):
                names.add(stem)
    return names


def held(root: Path, rendered: Path, answers: dict[str, Any], relpaths: list[str]) -> dict[str, str]:
    """Rendered file -> why it is not added (only files the repository does not have under that path)."""
    repo = Project(root)
    lower = {name.lower(): name for name in repo.files}
    ci_files = _ci_files(repo)
    theirs = existing_components(root, answers)
    test_names = _test_names(repo.files)
    shell = [comp for comp in theirs if comp.language == "shell"]
    built = cmake_built(root, answers)
    elsewhere = scripts_elsewhere(root, answers)
    reasons: dict[str, str] = {}
    for relpath in relpaths:
        path = PurePosixPath(relpath)
        exists = (root / relpath).exists() or (root / relpath).is_symlink()
        if cpp := next((built[r] for r in built if path.is_relative_to(r)), None):
            reasons[relpath] = (
                f"your CMake builds {cpp[0].name} ({cpp[1].split(': ', 1)[0]}): the template's C++ skeleton "
                f"({cpp[0].root}) is not added"
            )
        elif relpath == "CMakeLists.txt" and exists and built:
            names = ", ".join(sorted(comp.name for comp, _ in built.values()))
            reasons[relpath] = (
                f"your CMakeLists.txt builds {names}: the template's would build its skeleton, which is not added"
            )
        elif in_place := next((elsewhere[r] for r in elsewhere if path.is_relative_to(r)), None):
            reasons[relpath] = (
                f"yours stay in place ({', '.join(in_place[1])}): the template's shell skeleton of "
                f"{in_place[0].name} ({in_place[0].root}) is not added"
            )
        elif (comp := _skeleton_test(rendered / relpath, path, elsewhere)) is not None:
            reasons[relpath] = (
                f"it tests the template's skeleton of {comp[0].name} ({comp[0].root}), which is not added: "
                f"{SYNTAX_TESTS} checks the syntax of yours ({', '.join(comp[1])}), never running them"
            )
        elif mine := next((c for c in theirs if path.is_relative_to(c.root)), None):
            reasons[relpath] = f"inside your component {mine.name} ({mine.root}): " + (
                "yours, never written by the template" if exists else "the template's skeleton is not added"
            )
        elif exists:
            continue
        elif other := _equivalent(relpath, lower):
            reasons[relpath] = f"you have {other}: yours stays the one"
        elif relpath == "conan.lock" and "conanfile.py" in lower:
            reasons[relpath] = (
                "the template's lock is for its own conanfile.txt, not your conanfile.py: `make cpp-lock` locks yours"
            )
        elif relpath.startswith(".github/workflows/") and ci_files:
            reasons[relpath] = f"your CI stays the one: {', '.join(ci_files[:4])}{' …' if len(ci_files) > 4 else ''}"
        elif path.parts[0] == "tests":
            reason = _held_test(rendered / relpath, path, theirs, shell, test_names)
            if reason:
                reasons[relpath] = reason
    return reasons


def _skeleton_test(
    source: Path, path: PurePosixPath, elsewhere: dict[str, tuple[Component, list[str]]]
) -> tuple[Component, list[str]] | None:
    """The component (and its scripts in place) whose skeleton a rendered bats test exercises, or None."""
    if not elsewhere or path.parts[:2] != ("tests", "shell") or path.suffix != ".bats":
        return None
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return next(
        (
            found
            for root, found in elsewhere.items()
            if path.name == f"{found[0].name}.bats" or f'/../../{root}"' in text
        ),
        None,
    )


def _held_test(
    source: Path, path: PurePosixPath, theirs: list[Component], shell: list[Component], test_names: set[str]
) -> str:
    stem = path.name.removesuffix(".py")
    if path.suffix == ".py" and stem in test_names:
        return f"your tests have a module or package named {stem}: pytest would stop at collection"
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    for comp in theirs:
        if comp.language == "python" and path.suffix == ".py" and _imports(text, comp.module):
            return f"it tests the template's skeleton of {comp.name}, which is yours ({comp.root}): your tests stay"
    for comp in shell:
        if path.name == f"{comp.name}.bats" or f'/../../{comp.root}"' in text:
            return f"it would run the scripts of {comp.name} ({comp.root}): {SYNTAX_TESTS} checks their syntax instead"
    return ""


# -- what replaces the held shell tests -----------------------------------------------------------------------
def _shell_of(repo: Project, name: str) -> str:
    first = (repo.read(name) or "")[:120].splitlines()
    match = re.match(r"^#!\s*(?:/usr)?/bin/(?:env\s+)?(\w+)", first[0]) if first else None
    return SHELLS.get(match.group(1), "bash") if match else "bash"


def existing_scripts(root: Path) -> list[tuple[str, str]]:
    """(script, shell) of every shell script the repository has (as :func:`layout.shell_scripts` finds them)."""
    repo = Project(root)
    scripts = [name for unit in layout.shell_scripts(repo) for name in unit.evidence]
    return [(name, _shell_of(repo, name)) for name in sorted(scripts)]


def syntax_tests(scripts: list[tuple[str, str]]) -> str:
    """A bats file that parses each script with its shell (``bash -n``): it never runs them."""
    lines = [
        "#!/usr/bin/env bats",
        "# Written by `pyve-gen adopt`: a syntax check of the scripts this repository had; they are never run here.",
        "# bats sets BATS_TEST_DIRNAME and status; `[ ]` fails a test on every bash, `[[ ]]` not on bash 3.2.",
        "# shellcheck disable=SC2154,SC2292",
    ]
    for script, shell in scripts:
        quoted = script.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
        lines += ["", f'@test "{quoted} parses ({shell} -n)" {{']
        if shell == "zsh":
            lines.append('  command -v zsh >/dev/null || skip "zsh is not installed"')
        lines += [f'  run {shell} -n "${{BATS_TEST_DIRNAME}}/../../{quoted}"', '  [ "${status}" -eq 0 ]', "}"]
    return "\n".join(lines) + "\n"


def extra_files(root: Path, answers: dict[str, Any]) -> dict[str, str]:
    """Files adopting writes beside the template's: the syntax check of the repository's scripts, where the
    project has shell components (``make test`` runs ``bats tests/shell``), and what its own tests and build
    need (:mod:`.needs`), for ``./pyve.sh --lock`` to lock and ``--init`` to install, with the versions it pins
    exactly as that lock's seed (:mod:`.seed`)."""
    found: dict[str, str] = {}
    languages = {comp.language for comp in components(answers)}
    scripts = existing_scripts(root) if "shell" in languages else []
    if scripts and not (root / SYNTAX_TESTS).exists():
        found[SYNTAX_TESTS] = syntax_tests(scripts)
    if "python" in languages and not (root / needs.INPUT).exists():
        # a cli or application locks its runtime from requirements.in: their pyproject.toml's is read here (flask)
        app = any(c.language == "python" and c.kind != "library" for c in components(answers))
        declared = needs.declared(Project(root), subprojects(root, answers), runtime=app)
        if text := needs.render_input(declared):
            found[needs.INPUT] = text
            if (pins := seed.seed_file(declared, Project(root))) and not os.path.lexists(root / seed.LOCK):
                found[seed.LOCK] = pins
    return found


def subprojects(root: Path, answers: dict[str, Any]) -> list[str]:
    """The folders one down that are Python projects of their own and hold a component (``backend``)."""
    python = [c for c in existing_components(root, answers) if c.language == "python"]
    below = sorted(
        {PurePosixPath(c.root).parts[0] for c in python if c.root.count("/") and not c.root.startswith("src/")}
    )
    return [folder for folder in below if any((root / folder / n).is_file() for n in layout.PROJECT_FILES)]


def pyproject_reason(root: Path, answers: dict[str, Any]) -> str:
    """Why the template's pyproject.toml must not be added at the top of a repository that has none ("" if it may):
    another file builds the package, or the Python project lives one folder down; either way a pyproject.toml
    with [project] would be a second, different package, and its [tool.pytest.ini_options] would take over
    what pytest collects (it comes before tox.ini and setup.cfg)."""
    if (root / "pyproject.toml").exists():
        return ""
    found = [name for name in SETUPTOOLS_FILES if (root / name).is_file()]
    if found:
        return f"your {' and '.join(found)} build(s) the package"
    for comp in existing_components(root, answers):
        top = PurePosixPath(comp.root).parts[0]
        if comp.language == "python" and top != "src" and len(PurePosixPath(comp.root).parts) > 1:
            marker = next((f"{top}/{n}" for n in layout.PROJECT_FILES if (root / top / n).is_file()), "")
            if marker:
                return f"your Python project is {marker}"
    return ""


BESIDE = (
    ": a pyproject.toml at the top with [project] would be another package, and its [tool.pytest.ini_options] "
    "would change what your pytest collects; the template's is beside it: pyproject.toml.pyve-template"
)


SPHINX_CONFS = ("docs/conf.py", "doc/conf.py", "docs/source/conf.py")
MARKDOWN_READERS = ("myst_parser", "myst_nb", "recommonmark")


def sphinx_note(root: Path, added: list[str]) -> str:
    """What to tell a repository whose Sphinx build reads Markdown (black's docs/ with myst_parser): the template's
    Markdown docs under its source folder are in no toctree of theirs, which `sphinx-build -W` fails on. Their
    conf.py stays theirs; the note names the exclude_patterns that keep them out ("" when none applies)."""
    for conf in SPHINX_CONFS:
        text = (root / conf).read_text(encoding="utf-8", errors="replace") if (root / conf).is_file() else ""
        reader = next((name for name in MARKDOWN_READERS if name in text), "")
        if not reader and not re.search(r"source_suffix[^\n]*\.md\b", text):
            continue
        folder = conf.rsplit("/", 1)[0]
        docs = sorted(p.removeprefix(folder + "/") for p in added if p.startswith(folder + "/") and p.endswith(".md"))
        if not docs:
            return ""
        patterns = ", ".join(f'"{doc}"' for doc in docs)
        return (
            f"your Sphinx build ({conf}: {reader or 'source_suffix .md'}) reads every Markdown file under {folder}/: "
            f"the template's {len(docs)} docs there are in no toctree of yours, and `sphinx-build -W` fails on them; "
            f"your conf.py stays yours: add `exclude_patterns += [{patterns}]` to it, or list them in a toctree"
        )
    return ""
