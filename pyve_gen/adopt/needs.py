"""What the repository's own tests and build need installed, read from where people declare it, so the product's
way (``./pyve.sh --lock``, ``--init``, ``make test``) installs it from a hashed lock.

Read, each with where it was declared: the ``[build-system] requires`` (``--init`` installs the project with
``--no-build-isolation``) and what the backend asks for an editable build (hatchling's ``editables``), the runtime dependencies a setup.py/setup.cfg package declares (a pyproject.toml
package's are locked from its pyproject.toml), the test extras and dependency groups (``test``, ``tests``,
``testing``, ``dev``), setup.cfg's ``extras_require``, the test requirements files, and what :mod:`.testneeds`
reads (tox, nox, hatch environments, PDM's dev-dependencies, ``-r`` includes and ``.[extras]``), and the
``additional_dependencies`` of their pre-commit mypy hook (stubs, plugins: ``make lint`` runs mypy in the venv).
They go to ``requirements-adopted.in``, which ``./pyve.sh --lock`` compiles like every ``requirements-*.in``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from pyve_gen.adopt import evidence, testneeds, tooling
from pyve_gen.adopt.evidence import ini, ini_get, pyproject, section
from pyve_gen.lock_set import ADOPTED_INPUT
from pyve_gen.project import Project

INPUT = ADOPTED_INPUT
TEST_GROUPS = ("test", "tests", "testing")
DEV_GROUPS = ("dev", "develop", "development")
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9,._ -]*\])?\s*([<>=!~][^;#]*)?(;[^#]*)?$")
FILE_KINDS = (("test", "tests", "testing"), ("dev",))
DIRECT_REFERENCE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9,._ -]*\])?)\s*@\s*[^\s;]+\s*(;.*)?$")


@dataclass(frozen=True)
class Need:
    requirement: str  # a name with its extras and markers: versions are left to the lock (-c requirements-dev.txt)
    source: str
    pin: str = ""  # `name==version;marker` where the repository pins it exactly: the lock's preference (:mod:`.seed`)


def _valid(line: str, versions: bool = False) -> str:
    """A requirement line, without its version pins unless ``versions`` ("" when it is not one: options, URLs)."""
    text = line.split(" #", 1)[0].strip()
    # `trustme @ git+https://…`: the name, from the index (versions are the lock's, and a VCS URL cannot be hashed)
    text = DIRECT_REFERENCE.sub(r"\1\2", text) if not versions else text
    match = REQUIREMENT.match(text)
    if not match:
        return ""
    name, extras, version, marker = match.groups()
    kept = (version or "").strip() if versions else ""
    return f"{name}{extras or ''}{kept}{marker or ''}"


def _exact(line: str) -> str:
    """``name==version;marker`` where ``line`` pins one exact version (no wildcard), else ""."""
    match = REQUIREMENT.match(line.split(" #", 1)[0].strip())
    if not match:
        return ""
    name, _, version, marker = match.groups()
    exact = re.fullmatch(r"==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*", (version or "").strip())
    return f"{name}=={exact.group(1)}{(marker or '').strip()}" if exact else ""


def _from_lines(lines: list[str], source: str, versions: bool = False) -> list[Need]:
    # with ``versions`` the requirement keeps its pin already: no preference to add
    return [Need(req, source, "" if versions else _exact(line)) for line in lines if (req := _valid(line, versions))]


def _requirement_files(repo: Project, words: tuple[str, ...]) -> list[str]:
    """``requirements-test.txt``, ``requirements/tests.in``, ``test-requirements.txt``, …: the ``.in`` where both are."""
    alternatives = "|".join(words)
    pattern = re.compile(
        rf"^(requirements[-_]({alternatives})[\w.-]*|requirements/({alternatives})[\w.-]*|({alternatives})[-_]requirements)\.(in|txt)$"
    )
    found = [name for name in repo.files if pattern.match(name)]
    return [name for name in found if not (name.endswith(".txt") and name.removesuffix(".txt") + ".in" in found)]


def _declared(lines: list[tuple[str, str]]) -> list[Need]:
    return [Need(req, source, _exact(line)) for line, source in lines if (req := _valid(line))]


def _groups(repo: Project, groups: tuple[str, ...]) -> list[Need]:
    data = pyproject(repo)
    found: list[Need] = []
    for group in groups:
        extras = section(data, "project.optional-dependencies").get(group)
        found += _from_lines([r for r in extras or [] if isinstance(r, str)], f"pyproject.toml extra {group}")
        declared = section(data, "dependency-groups").get(group)
        found += _from_lines(
            [r for r in declared or [] if isinstance(r, str)], f"pyproject.toml dependency group {group}"
        )
        poetry = section(data, f"tool.poetry.group.{group}.dependencies")
        found += [Need(name, f"[tool.poetry.group.{group}]") for name in poetry if _valid(name)]
        if group == "dev":  # Poetry before 1.2: the dev group's table
            legacy = section(data, "tool.poetry.dev-dependencies")
            found += [Need(name, "[tool.poetry.dev-dependencies]") for name in legacy if _valid(name)]
        cfg = ini_get(ini(repo, "setup.cfg"), "options.extras_require", group)
        found += _from_lines(cfg.splitlines(), f"setup.cfg extras {group}")
    return found


def _editable_needs(data: dict[str, object]) -> list[Need]:
    """What the backend asks for to build the editable install (PEP 660 ``get_requires_for_build_editable``), which
    ``--no-build-isolation`` does not install: hatchling's ``editables``, unless ``dev-mode-dirs`` puts the folders
    on the path instead (attrs, urllib3: ``No module named 'editables'`` at ``./pyve.sh --init``)."""
    if section(data, "build-system").get("build-backend") != "hatchling.build":
        return []
    if any(
        section(data, where).get("dev-mode-dirs") for where in ("tool.hatch.build", "tool.hatch.build.targets.wheel")
    ):
        return []
    return [Need("editables", "hatchling's editable build (get_requires_for_build_editable)")]


def needs(repo: Project, runtime: bool = False, pinned: bool = False) -> list[Need]:
    """What ``repo`` declares for its tests and build; with ``runtime``, its [project] dependencies too (a
    Python project one folder down: the top's runtime lock does not read its pyproject.toml). ``pinned``: the
    runtime input (requirements.in) holds requirements.txt's pins already (an application's, written by adopt)."""
    found: list[Need] = []
    data = pyproject(repo)
    if runtime:
        declared = [r for r in section(data, "project").get("dependencies") or [] if isinstance(r, str)]
        found += _from_lines(declared, "[project] dependencies")
        poetry = [name for name in section(data, "tool.poetry.dependencies") if name.lower() != "python"]
        found += _from_lines(poetry, "[tool.poetry.dependencies]")
    requires = [r for r in section(data, "build-system").get("requires") or [] if isinstance(r, str)]
    found += _from_lines(requires, "[build-system] requires", versions=True)  # what the backend accepts
    found += _editable_needs(data)
    # the lock check holds the build lock (this one, for an adopted repository) to the PEP 735 dev group too
    dev = [r for r in section(data, "dependency-groups").get("dev") or [] if isinstance(r, str)]
    found += _from_lines(dev, "pyproject.toml dependency group dev")
    # the stubs and plugins their mypy hook runs with: make lint runs mypy in the venv
    stubs = tooling.hook_args(repo, "mypy", "additional_dependencies")
    found += _from_lines(stubs, ".pre-commit-config.yaml: mypy hook additional_dependencies")
    # no build of theirs: the template's pyproject.toml declares nothing, their requirements.txt is the runtime
    found += _from_lines(runtime_pins(repo) if not pinned else [], "requirements.txt")
    if not section(data, "project").get("dependencies") and not section(data, "tool.poetry.dependencies"):
        install_requires = ini_get(ini(repo, "setup.cfg"), "options", "install_requires").splitlines()
        found += _from_lines(install_requires, "setup.cfg install_requires")
        found += _declared(testneeds.setup_py_requires(repo))
    tests = _groups(repo, TEST_GROUPS)
    for name in _requirement_files(repo, FILE_KINDS[0]):
        tests += _declared(testneeds.requirement_file(repo, name))
    tests += _declared(testneeds.test_needs(repo, TEST_GROUPS))  # tox, nox, hatch, pdm, tests/requirements.txt
    if not tests:  # no test declarations: the development set is what the tests run with
        tests = _groups(repo, DEV_GROUPS) + _declared(testneeds.pdm(repo, DEV_GROUPS))
        for name in _requirement_files(repo, FILE_KINDS[1]) + testneeds.development_file(repo):
            tests += _declared(testneeds.requirement_file(repo, name))
    tests += _declared(testneeds.imported_extras(repo, testneeds.test_imports(repo)))
    unique: dict[str, Need] = {}
    for need in [*found, *tests]:
        key = re.split(r"[\[;]", need.requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")
        if key not in unique:
            unique[key] = need
        elif need.pin and not unique[key].pin:  # named first unpinned (an extra), pinned elsewhere: the pin counts
            unique[key] = Need(unique[key].requirement, unique[key].source, need.pin)
    return list(unique.values())


def declared(repo: Project, subprojects: list[str] | None = None, runtime: bool = False) -> list[Need]:
    """:func:`needs` of ``repo`` (with ``runtime``, its runtime dependencies too) and of its ``subprojects``,
    folders that are Python projects of their own (``backend/``), read the same way with their runtime
    dependencies."""
    found = needs(repo, runtime=runtime, pinned=runtime)
    for folder in subprojects or []:
        found += [
            Need(n.requirement, f"{folder}/ {n.source}", n.pin)
            for n in needs(Project(repo.root / folder), runtime=True)
        ]
    return found


def runtime_pins(repo: Project) -> list[str]:
    """The requirements of a requirements.txt that is the repository's runtime (no requirements.in compiles it, and
    it does not install the project itself), at their versions: an application's runtime input."""
    if repo.exists("requirements.in") or evidence.own_build(repo) or testneeds.development_file(repo):
        return []
    return [need.requirement for need in _from_lines((repo.read("requirements.txt") or "").splitlines(), "", True)]


def input_file(repo: Project, subprojects: list[str] | None = None, runtime: bool = False) -> str:
    """The text of requirements-adopted.in ("" when the repository declares nothing to install); ``subprojects``
    are folders that are Python projects of their own (``backend/``), read the same way; with ``runtime``, the
    top's runtime dependencies too (an application's or cli's runtime lock is requirements.in, not its
    pyproject.toml)."""
    return render_input(declared(repo, subprojects, runtime))


def render_input(found: list[Need]) -> str:
    """requirements-adopted.in holding ``found`` under where each was read ("" when nothing)."""
    if not found:
        return ""
    lines = [
        "# Written by `pyve-gen adopt`: what this repository's own tests and build need, read from where it declares",
        "# them. ./pyve.sh --lock compiles it into requirements-adopted.txt with hashes; --init installs it.",
        "# Installed into the same .venv as the dev tools: one version of each package both need.",
        *(
            [
                "# The versions it pins exactly seed requirements-adopted.txt: the first --lock keeps them where they fit."
            ]
            if any(need.pin for need in found)
            else []
        ),
        "-c requirements-dev.txt",
    ]
    return "\n".join(lines + under_sources([(need.source, need.requirement) for need in found])) + "\n"


def under_sources(lines: list[tuple[str, str]]) -> list[str]:
    """(where it was read, line) pairs as requirement lines under a ``# where`` comment each, in first-seen order."""
    by_source: dict[str, list[str]] = {}
    for source, line in lines:
        by_source.setdefault(source, []).append(line)
    return [text for source, grouped in by_source.items() for text in (f"# {source}", *grouped)]


def is_input(relpath: str) -> bool:
    return PurePosixPath(relpath).name == INPUT
