"""From what a repository's files say to a proposed answer set: each answer with its evidence, a quality
level with its reason, and notes on what the repository has that no question covers (lock style, other CI).

Question keys and choices are read from copier.yml (:mod:`pyve_gen.questionnaire`); an answer not found is
left out, so Copier's own default applies ("default, not found").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pyve_gen import questionnaire
from pyve_gen.adopt import ci, deploy, evidence, layout, needs, testneeds, tooling
from pyve_gen.adopt.evidence import Clue
from pyve_gen.adopt.level import propose_level
from pyve_gen.model import infra, platforms, validation
from pyve_gen.model.components import DEFAULT_AUDIENCE, LANGUAGE_ROOT
from pyve_gen.project import Project

NOT_FOUND = "default, not found"
GIVEN = "given with --data"
WEB_FRAMEWORKS = {"flask", "fastapi", "django", "starlette", "uvicorn", "gunicorn", "aiohttp", "litestar", "sanic"}


@dataclass
class Answer:
    value: Any
    evidence: str


@dataclass
class Proposal:
    answers: dict[str, Answer] = field(default_factory=dict)  # only what the repository says (or --data)
    notes: list[str] = field(default_factory=list)
    level_reason: str = ""

    def data(self) -> dict[str, Any]:
        return {key: answer.value for key, answer in self.answers.items()}

    def put(self, key: str, clue: Clue | None, value: Any = None) -> None:
        if clue is not None:
            self.answers[key] = Answer(clue.value if value is None else value, clue.source)

    def override(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            self.answers[key] = Answer(value, GIVEN)


def _choices(key: str) -> list[str]:
    return questionnaire.choice_values(questionnaire.questions().get(key, {}))


def _same_name(title: str, name: str) -> bool:
    """Whether a README title names the package (``Acme Billing`` and ``acme-billing``), not a later section."""
    letters = [re.sub(r"[^a-z0-9]", "", text.lower()) for text in (title, name)]
    return bool(letters[0]) and (letters[0] == letters[1] or letters[1] in letters[0] or letters[0] in letters[1])


# -- names and texts ------------------------------------------------------------------------------------
def _names(repo: Project, proposal: Proposal) -> None:
    foreign = evidence.foreign_answers(repo)
    dist = evidence.dist_name(repo)
    title = evidence.readme_title(repo)
    head = evidence.title_parts(title.value)[0] if title else ""  # not its subtitle ('iniconfig: brain-dead ...')
    if title and head and len(head) <= 60 and (not dist or _same_name(head, dist.value)):
        proposal.put("project_name", title, head)
    elif isinstance(foreign.get("project_name"), str):
        proposal.put(
            "project_name",
            Clue(foreign["project_name"], f".copier-answers.yml: project_name {foreign['project_name']!r}"),
        )
    elif dist:
        proposal.put("project_name", dist)
    if dist and validation.SLUG_RE.match(layout.slug(dist.value)):
        proposal.put("project_slug", dist, layout.slug(dist.value))
    elif not dist:
        folder = layout.slug(repo.root.resolve().name)
        if validation.slug_error(folder) == "":
            proposal.put("project_slug", Clue(folder, f"the folder's name {repo.root.resolve().name!r}"))
    description = foreign.get("project_description")
    proposal.put(
        "summary",
        evidence.summary(repo)
        or (Clue(description, ".copier-answers.yml: project_description") if isinstance(description, str) else None),
    )
    proposal.put("owners", evidence.owners(repo))
    license = evidence.license_id(repo)
    if license and license.value in _choices("license"):
        proposal.put("license", license)
    elif license:
        proposal.notes.append(
            f"license {license.value} ({license.source}) is not one of {', '.join(_choices('license'))}: LICENSE is kept as yours; the answer stays the default"
        )
    copyright = evidence.copyright_line(repo)
    if copyright:
        proposal.put("copyright_year", copyright[0])
        proposal.put("copyright_holder", copyright[1])
    status = evidence.development_status(repo)
    if status and status.value in _choices("status"):
        proposal.put("status", status)
    version = evidence.version(repo)
    if version:
        major = version.value.split(".")[0]
        proposal.put("versioning", version, "date" if major.isdigit() and int(major) >= 2000 else "semver")


# -- components ----------------------------------------------------------------------------------------
def _python_kind(
    repo: Project, here: Project, unit: layout.Unit, scripts: list[str], deps: list[str]
) -> tuple[str, str]:
    """``repo`` is the repository, ``here`` the Python project the package belongs to (``backend/``, or the repository)."""
    web = sorted(WEB_FRAMEWORKS.intersection(deps))
    if web:
        return "application", f"depends on {', '.join(web)}"
    if scripts:
        return "cli", "console scripts " + ", ".join(scripts)
    if repo.exists(f"{unit.folder}/__main__.py"):
        return "cli", f"{unit.folder}/__main__.py"
    if here.exists("requirements.in"):
        return "application", "requirements.in (an application's pinned dependencies)"
    return "library", "no console script, __main__.py or requirements.in"


def _python_components(repo: Project, proposal: Proposal) -> tuple[list[dict[str, Any]], list[str], str]:
    units = layout.python_packages(repo)
    if not units:
        return _single_module(repo, proposal)
    main = _main_package(units, proposal)
    package = main.name
    scripts = layout.console_scripts(repo)
    deps = evidence.dependencies(repo)
    components, sources = [], []
    for unit in [main, *[u for u in units if u is not main]]:
        if unit.name != package and not unit.name.startswith(package + "_"):
            proposal.notes.append(
                f"{unit.folder}: a second import package; the template names Python components {package}_<name>, so it stays as it is, outside the components"
            )
            continue
        here, their_deps = repo, deps
        if unit.subproject:  # a project one folder down
            here = Project(repo.root / unit.folder.split("/")[0])
            their_deps = evidence.dependencies(here)
            scripts = {**scripts, **layout.console_scripts(here)}
        mine = [cmd for cmd, target in scripts.items() if target.split(":")[0].split(".")[0] == unit.name]
        kind, why = _python_kind(repo, here, unit, mine, their_deps)
        if unit.subproject:
            why += f"; {unit.subproject}"
        entry = {
            "name": unit.name.replace("_", "-"),
            "kind": kind,
            "language": "python",
            "paths": [unit.folder],
            "entrypoints": mine,
            "audience": DEFAULT_AUDIENCE[kind],
        }
        components.append(entry)
        sources.append(f"{unit.name}: {', '.join(unit.evidence)}, {kind} ({why})")
        if unit.namespace:
            inside = ", ".join(e.split(" (", 1)[0].removesuffix("/__init__.py") for e in unit.evidence)
            proposal.notes.append(
                f"{unit.folder} is a namespace package (no __init__.py of its own; {inside}): the component "
                f"{entry['name']} is that folder, and the template adds nothing inside it (an __init__.py there "
                "would end the namespace)"
            )
    proposal.answers["package_name"] = Answer(package, ", ".join(main.evidence))
    return components, sources, package


def _main_package(units: list[layout.Unit], proposal: Proposal) -> layout.Unit:
    """The package the distribution is named for (``pyyaml`` -> ``yaml``, not its private ``_yaml``)."""
    dist = proposal.answers.get("project_slug")
    wanted = dist.value.replace("-", "_") if dist else ""
    public = sorted(units, key=lambda unit: unit.name.startswith("_"))  # stable: file order among each
    return (
        next((unit for unit in units if unit.name == wanted), None)
        or next((unit for unit in public if unit.name.lstrip("_") and unit.name.lstrip("_") in wanted), None)
        or public[0]
    )


def _single_module(repo: Project, proposal: Proposal) -> tuple[list[dict[str, Any]], list[str], str]:
    """A distribution that is one module (``six.py``): a library component of that import name; its folder is
    never added (the module is the component, guard holds the skeleton)."""
    module = layout.single_module(repo, evidence.dist_name(repo))
    if not module:
        return [], [], ""
    name, where = module
    proposal.notes.append(
        f"{where} is a single-module distribution: the component {name.replace('_', '-')} is that module; "
        f"the template's package folder for it is not added"
    )
    entry = {
        "name": name.replace("_", "-"),
        "kind": "library",
        "language": "python",
        "entrypoints": [],
        "audience": DEFAULT_AUDIENCE["library"],
    }
    proposal.answers["package_name"] = Answer(name, where)
    return [entry], [f"{name}: {where} (a single module)"], name


def _other_components(repo: Project, proposal: Proposal, python: bool) -> tuple[list[dict[str, Any]], list[str]]:
    components, sources = [], []
    units = [
        *layout.shell_scripts(repo),
        *layout.cmake_targets(repo),
        *layout.gemspecs(repo),
        *layout.sql_migrations(repo),
    ]
    # scripts at the top are the project when nothing else is (a lone bash tool); else helpers beside it
    scripts_are_the_project = not python and all(unit.language == "shell" for unit in units)
    for unit in units:
        name = unit.name.lower().replace("_", "-") if unit.language != "python" else unit.name
        entry: dict[str, Any] = {"name": name, "kind": unit.kind or "library", "language": unit.language}
        folder_ok = (
            bool(unit.folder)
            and validation.relative_path_error(unit.folder) == ""
            and unit.folder.split("/")[0] not in validation.RENDERED_ROOT
        )
        if unit.language == "shell" and not unit.folder and scripts_are_the_project:
            commands = [e for e in unit.entrypoints if validation.COMMAND_RE.match(e)]
            if len(unit.evidence) == 1:
                entry["name"] = layout.slug(PurePosixPath(unit.evidence[0]).stem)
            entry["entrypoints"] = commands
            default = f"{LANGUAGE_ROOT['shell']}/{entry['name']}"
            # guard.scripts_elsewhere holds the skeleton of a component whose entrypoints are their scripts (or, where
            # no name of theirs is a command name, of this component with none)
            skeleton = (
                f"the template's shell skeleton for it ({default}) is not added; `make lint` checks them in place "
                "(bash -n and zsh -n; shellcheck and shfmt where you ran them before)"
            ) + ("" if commands else " (no name of theirs is a command name: the component lists no entrypoints)")
            proposal.notes.append(
                f"shell scripts at the top ({', '.join(unit.evidence)}) are the component {entry['name']}: they stay where "
                f"they are, and {skeleton}; tests/shell/adopted_scripts.bats checks their syntax (bash -n), never "
                "running them"
            )
        elif unit.language == "shell":
            if not folder_ok:
                where = f"in {unit.folder}" if unit.folder else "at the top"
                proposal.notes.append(
                    f"shell scripts {where} ({', '.join(unit.evidence)}): "
                    "a component's folder is a visible folder below the top; they stay as they are, outside the components"
                )
                continue
            entry["paths"] = [unit.folder]
            entry["entrypoints"] = [e for e in unit.entrypoints if validation.COMMAND_RE.match(e.rsplit("/", 1)[-1])]
        else:
            if folder_ok:
                entry["paths"] = [unit.folder]
            where = unit.folder or "the top"
            if not folder_ok and unit.language == "cpp":
                declared = unit.evidence[0].split(": ", 1)[0] if unit.evidence else "CMakeLists.txt"
                proposal.notes.append(
                    f"cpp {unit.name!r} lives at {where} and your CMake builds it ({declared}): it stays there; "
                    f"the template's C++ skeleton for it ({LANGUAGE_ROOT['cpp']}/{name}) is not added"
                )
            elif not folder_ok:
                default = f"{LANGUAGE_ROOT[unit.language]}/{name}"
                proposal.notes.append(
                    f"{unit.language} {unit.name!r} lives at {where}; its component folder is {default}, where the template adds its skeleton"
                )
            entry["entrypoints"] = [e for e in unit.entrypoints if validation.COMMAND_RE.match(e)]
        entry["audience"] = DEFAULT_AUDIENCE[entry["kind"]]
        components.append(entry)
        sources.append(f"{entry['name']}: {'; '.join(unit.evidence[:3])}{' …' if len(unit.evidence) > 3 else ''}")
    return components, sources


def _components(repo: Project, proposal: Proposal) -> list[str]:
    python, python_sources, package = _python_components(repo, proposal)
    others, other_sources = _other_components(repo, proposal, bool(python))
    kept: list[dict[str, Any]] = []
    sources: list[str] = []
    for entry, source in zip([*python, *others], [*python_sources, *other_sources], strict=True):
        taken = {item["name"] for item in kept}
        first = entry["name"]
        while entry["name"] in taken:
            entry["name"] = f"{entry['name']}-{entry['language']}"
        if entry["name"] != first and entry["language"] == "cpp" and "paths" not in entry:
            # its skeleton's folder is named after the component (the note above named the first name)
            old, new = f"({LANGUAGE_ROOT['cpp']}/{first})", f"({LANGUAGE_ROOT['cpp']}/{entry['name']})"
            said = f"the template's C++ skeleton for it {old}"
            proposal.notes[:] = [note.replace(said, said.replace(old, new)) for note in proposal.notes]
            proposal.notes.append(
                f"C++ component named {entry['name']} beside the Python component {first}: your CMake target keeps "
                "its name (the answer names the component, never your target)"
            )
        message = validation.components_error([*kept, entry], package)
        if message:
            proposal.notes.append(f"left out of the components: {message}")
            continue
        kept.append(entry)
        sources.append(source)
    if kept:
        proposal.answers["components"] = Answer(kept, "; ".join(sources))
    return sorted({item["language"] for item in kept})


# -- platforms, build, tests, CI -------------------------------------------------------------------------
def _python_versions(repo: Project, proposal: Proposal) -> None:
    choices = _choices("python_versions")
    listed = [v for v in evidence.classifier_versions(repo) if v in choices]
    spec = evidence.requires_python(repo)
    sources = []
    picked = list(choices)
    if spec:
        try:
            specifier = SpecifierSet(spec.value)
            picked = [v for v in choices if specifier.contains(f"{v}.0") or specifier.contains(f"{v}.99")]
            sources.append(spec.source)
        except InvalidSpecifier:
            proposal.notes.append(f"{spec.source}: not a version specifier")
    if listed:
        picked = [v for v in picked if v in listed] or listed
        sources.append("classifiers " + ", ".join(listed))
    matrix = ci.ci_python_versions(repo)
    if not sources and matrix:
        picked = [v for v in matrix.value if v in choices]
        sources.append(matrix.source)
    pinned = evidence.python_version_file(repo)
    if not sources and pinned and pinned.value in choices:
        picked = [pinned.value]
        sources.append(pinned.source)
    unoffered = _unoffered_pythons(spec.value if spec else "", listed_all=evidence.classifier_versions(repo))
    unoffered += [v for v in (matrix.value if matrix else []) if v not in choices and v not in unoffered]
    if unoffered:
        where = " and ".join([*sources, *([matrix.source] if matrix and matrix.source not in sources else [])])
        proposal.notes.append(
            f"Python {', '.join(unoffered)} ({where}): python_versions offers {', '.join(choices)}; "
            "your CI may keep testing them, the template's does not"
        )
    if sources and picked:
        proposal.answers["python_versions"] = Answer(picked, " and ".join(sources))
    elif sources:
        proposal.notes.append(
            f"{' and '.join(sources)}: none of {', '.join(choices)}; python_versions stays the default"
        )


KNOWN_PYTHONS = [f"3.{minor}" for minor in range(6, 16)]


def _unoffered_pythons(spec: str, listed_all: list[str]) -> list[str]:
    """Python versions the repository supports (requires-python, classifiers) that python_versions does not offer."""
    choices = _choices("python_versions")
    found = [v for v in listed_all if v not in choices]
    try:
        specifier = SpecifierSet(spec) if spec else None
    except InvalidSpecifier:
        specifier = None
    if specifier is not None and not listed_all:
        lowest = min(int(v.split(".")[1]) for v in choices)
        found += [
            v
            for v in KNOWN_PYTHONS
            if v not in choices and specifier.contains(f"{v}.0") and int(v.split(".")[1]) < lowest
        ]
    return sorted(set(found), key=lambda v: int(v.split(".")[1]))


BACKENDS = {"setuptools.build_meta": "setuptools", "hatchling.build": "hatchling"}


def _build(repo: Project, proposal: Proposal) -> None:
    backend = evidence.build_backend(repo)
    if backend and BACKENDS.get(backend.value) in _choices("build_backend"):
        proposal.put("build_backend", backend, BACKENDS[backend.value])
    elif backend:
        proposal.notes.append(
            f"build backend {backend.value} ({backend.source}) is not one of {', '.join(_choices('build_backend'))}: your pyproject.toml stays; the template's (setuptools) is beside it or merged into it"
        )
    for lock in tooling.lock_style(repo):
        if lock.value not in {"pip-tools"} or "without" in lock.source:
            proposal.notes.append(
                f"lock style: {lock.value}, {lock.source}; Pyve locks with uv pip compile --generate-hashes (./pyve.sh --lock)"
            )
        else:
            proposal.notes.append(f"lock style: pip-tools, {lock.source}: the same format Pyve uses")


def _version_source(repo: Project, proposal: Proposal) -> None:
    """Where the template's pyproject.toml is added (no build of theirs), it reads ``__version__`` from the package
    that holds the version (the first library's, else the first Python component's): a package of theirs without
    one failed ``./pyve.sh --init``, so the version comes from git tags instead."""
    if any(repo.exists(name) for name in layout.PROJECT_FILES if name.endswith((".toml", ".py", ".cfg"))):
        return
    found = proposal.answers.get("components")
    python = [c for c in (found.value if found else []) if c.get("language") == "python" and c.get("paths")]
    python.sort(key=lambda c: c.get("kind") != "library")
    if not python or not (python[0]["paths"][0].count("/") == 0 or python[0]["paths"][0].startswith("src/")):
        return  # no component, or a project one folder down (backend/app): the template's pyproject.toml is held
    init = f"{python[0]['paths'][0]}/__init__.py"
    text = repo.read(init)
    if text is not None and not re.search(r"^__version__\b", text, re.M):
        proposal.put(
            "version_source", Clue("git-tag", f"{init} has no __version__ for the added pyproject.toml to read")
        )


def _tests_and_linters(repo: Project, proposal: Proposal) -> tuple[set[str], set[str]]:
    runners = tooling.test_runner(repo)
    if runners:
        proposal.notes.append("test runner: " + "; ".join(f"{c.value} ({c.source})" for c in runners))
    _undeclared_imports(repo, proposal)
    proposal.put("coverage_floor", tooling.coverage_floor(repo))
    proposal.put("test_scopes", tooling.test_scopes(repo))
    # the versions of the template's tools it runs its own code under: the dev lock pins these instead
    pins = tooling.tool_pins(repo)
    proposal.put("adopt_tools", pins)
    tools = tooling.linters(repo)
    if tools:
        proposal.notes.append("linters: " + "; ".join(f"{c.value} ({c.source})" for c in tools))
    _unpinned(proposal, pins, {c.value for c in tools} | {c.value for c in runners})
    if repo.exists(".pre-commit-config.yaml"):
        proposal.put("lint_enforcement", Clue("pre-commit", ".pre-commit-config.yaml"))
    else:  # a new commit hook would block commits of files the repository's linters never checked
        found = f"linters configured ({', '.join(c.value for c in tools)}), " if tools else ""
        proposal.put("lint_enforcement", Clue("ci-only", f"{found}no .pre-commit-config.yaml"))
    return {c.value for c in runners}, {c.value for c in tools}


def _unpinned(proposal: Proposal, pins: Clue | None, used: set[str]) -> None:
    """A note for each of ruff, mypy and pytest the repository runs on its code without naming an exact version: the
    template's pin will judge its code (newer rules, deprecations made errors), unless it pins its own first."""
    named = pins.value if pins is not None and isinstance(pins.value, dict) else {}
    versions = questionnaire.render_inputs().tool_versions
    for tool, gate in (("ruff", "lint"), ("mypy", "lint"), ("pytest", "test")):
        if tool in used and tool not in named and tool in versions:
            proposal.notes.append(
                f"{tool}: you name no exact version, so {tool} {versions[tool]} (the template's pin, requirements-dev.txt) "
                f"will run on your code, and what it finds that yours did not fails make {gate}; to keep yours, pin it "
                f"before adopting (a pre-commit rev, or {tool}==<version> in a requirements file)"
            )


def _undeclared_imports(repo: Project, proposal: Proposal) -> None:
    """What the tests import that nothing here declares (httpx's sdist: trio, trustme, uvicorn): requirements-adopted.in
    cannot hold it without guessing a distribution's name, so the note says what `make test` will miss."""
    needed = [re.split(r"[\[;<>=!~ ]", n.requirement, maxsplit=1)[0] for n in needs.needs(repo)]
    names = [*evidence.dependencies(repo), *needed]
    declared = {module for name in names for module in testneeds.provides(name)}
    declared.add("pytest")  # the template's dev lock installs it: `make test` runs it
    missing = {m: where for m, where in testneeds.test_imports(repo).items() if testneeds.canonical(m) not in declared}
    if missing:
        listed = ", ".join(f"{module} ({where})" for module, where in sorted(missing.items()))
        proposal.notes.append(
            f"your tests import {listed}, which nothing here declares under that name: `make test` needs them; "
            f"add each one's distribution to {needs.INPUT}, then ./pyve.sh --lock"
        )


def _ci(repo: Project, proposal: Proposal) -> None:
    for clue in ci.ci(repo):
        if clue.value in _choices("ci_provider"):
            proposal.put("ci_provider", clue)
        else:
            proposal.notes.append(
                f"CI: {clue.value} ({clue.source}); the template's CI is {', '.join(_choices('ci_provider'))}: ci_provider stays the default"
            )
    proposal.put("release_process", ci.tag_release(repo))
    proposal.put("pypi_publish", ci.pypi_publish(repo))
    proposal.put("os_targets", ci.ci_os(repo))
    found = proposal.answers.get("os_targets")
    if found and "windows" in found.value and (refused := platforms.windows_error(found.value, proposal.data())):
        # Windows is a target only for what the venv installs: the Windows runs stay theirs, with the reason.
        found.value = [name for name in found.value if name != "windows"]
        proposal.notes.append(
            f"CI runs on Windows ({ci.windows_runners(repo)}): {refused}; the Windows runs stay in your CI only"
        )
        if not found.value:
            del proposal.answers["os_targets"]
    bot = ci.dependency_bot(repo)
    if bot and bot.value in _choices("dependency_update_cadence"):
        proposal.put("dependency_update_cadence", bot)
    if raw := ci.bot_interval(repo):
        if raw.value not in _choices("dependency_update_cadence"):
            kept = (
                f"{bot.value} is proposed"
                if bot and bot.value in _choices("dependency_update_cadence")
                else "the default stays"
            )
            proposal.notes.append(
                f"dependency updates {raw.value} ({raw.source}): dependency_update_cadence offers "
                f"{', '.join(_choices('dependency_update_cadence'))}; {kept}"
            )


def _deploy(repo: Project, proposal: Proposal) -> deploy.Deployment:
    found = deploy.read(repo)
    proposal.put("deploy_provider", found.provider)
    if found.iac and not infra.iac_error(found.iac.value, found.provider.value if found.provider else "none"):
        proposal.put("iac_tool", found.iac)
    proposal.put("container_runtime", found.runtime)
    proposal.put("base_image", found.base_image)
    if found.files:
        proposal.notes.append("deploy files: " + ", ".join(found.files))
    return found


def _languages(repo: Project, proposal: Proposal, languages: list[str]) -> None:
    if "cpp" in languages:
        standard = layout.cmake_standard(repo)
        if standard and standard[0] in _choices("cpp_standard"):
            proposal.answers["cpp_standard"] = Answer(standard[0], standard[1])
        elif standard:
            proposal.notes.append(
                f"C++ standard {standard[0]} ({standard[1]}): cpp_standard offers {', '.join(_choices('cpp_standard'))}; "
                "the default stays, your CMakeLists.txt keeps yours"
            )
        for name, manager in (("vcpkg.json", "vcpkg"), ("conanfile.txt", "conan"), ("conanfile.py", "conan")):
            if repo.exists(name):
                proposal.put("cpp_package_manager", Clue(manager, name))
    for folder, language, marker in layout.other_languages(repo):
        proposal.notes.append(
            f"{folder or 'the top'}: {language} ({marker}); no component kind covers it: it stays as it is, "
            "and its build and tests stay yours"
        )
    if builds := layout.other_builds(repo):
        proposal.notes.append(f"other build files stay beside the template's: {', '.join(builds)}")
    if "sql" in languages and (dialect := layout.sql_dialect(repo)):
        proposal.answers["sql_dialect"] = Answer(dialect[0], dialect[1])


def _security(repo: Project, proposal: Proposal) -> list[Clue]:
    proposal.put("secret_scanner", ci.secret_scanner(repo))
    proposal.put("security_contact", ci.security_contact(repo))
    proposal.put("config_vars", deploy.config_vars(repo))
    return ci.security_files(repo)


# -- the quality level -------------------------------------------------------------------------------------
def _level(repo: Project, proposal: Proposal, runners: set[str], tools: set[str], security: list[Clue]) -> None:
    level, why = propose_level(repo, proposal.data(), runners, tools, [clue.value for clue in security])
    proposal.answers["quality_level"] = Answer(level, why)
    proposal.level_reason = why


# -- all together ---------------------------------------------------------------------------------------------
def propose(root: Path) -> Proposal:
    """Every answer the repository at ``root`` supports, with its evidence; checked by the one validator set."""
    repo = Project(root)
    proposal = Proposal()
    _names(repo, proposal)
    languages = _components(repo, proposal)
    if "python" in languages or not languages:
        _python_versions(repo, proposal)
        _build(repo, proposal)
        _version_source(repo, proposal)
    runners, tools = _tests_and_linters(repo, proposal)
    _ci(repo, proposal)
    _deploy(repo, proposal)
    _languages(repo, proposal, languages)
    security = _security(repo, proposal)
    _level(repo, proposal, runners, tools, security)
    drop_invalid(proposal)
    return proposal


def drop_invalid(proposal: Proposal) -> None:
    """Leave out (with a note) each inferred answer the questionnaire's validators reject, so its default applies."""
    known = questionnaire.questions()
    for key in [key for key in proposal.answers if key not in known]:  # a question this copier.yml no longer has
        proposal.notes.append(f"{key} from {proposal.answers[key].evidence} left out: copier.yml has no such question")
        del proposal.answers[key]
    for _ in range(len(proposal.answers) + 1):
        try:
            questionnaire.validate(proposal.data())
            return
        except ValueError as error:
            message = str(error)
            culprit = next(
                (key for key in sorted(proposal.answers, key=len, reverse=True) if message.startswith(key)), None
            )
            if culprit is None or proposal.answers[culprit].evidence == GIVEN:
                raise
            proposal.notes.append(f"{culprit} from {proposal.answers[culprit].evidence} left to its default: {message}")
            del proposal.answers[culprit]
