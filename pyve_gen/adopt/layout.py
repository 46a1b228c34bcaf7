"""Readers of an existing repository's code layout: Python packages and their console scripts, shell
scripts, CMake targets, gemspecs and SQL migration folders. Each unit found is a :class:`Unit` with its evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pyve_gen.adopt.evidence import cmake_files, dist_name, ini, ini_get, pyproject, section
from pyve_gen.project import Project

NOT_PACKAGES = {"tests", "test", "docs", "doc", "examples", "scripts", "build", "dist", "benchmarks", "migrations"}
SHEBANG = re.compile(r"^#!\s*(?:/usr)?/bin/(?:env\s+)?(?:ba|z|da)?sh\b")


@dataclass
class Unit:
    language: str
    name: str  # the unit's own name: import name, target, gem, folder
    folder: str  # where it lives ("" for the repository's top)
    kind: str = ""  # what the files say: cli / library / application / script ("" when they do not)
    entrypoints: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    namespace: bool = False  # a namespace package (no __init__.py of its own): what is inside it is theirs
    subproject: str = ""  # the file that makes its first folder a Python project of its own (backend/pyproject.toml)


PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "requirements.in")


def source_roots(repo: Project) -> dict[str, str]:
    """Folders the build maps the top-level import names into (``package_dir={'': 'lib'}``) -> where that is said;
    ``src`` always. Read from setup.py, setup.cfg, ``[tool.setuptools.package-dir]``, pdm's ``package-dir``,
    Poetry's ``packages = [{include, from}]`` and hatch's wheel ``packages``."""
    roots = {"src": "the src layout"}
    setup_py = re.search(r"package_dir\s*=\s*\{\s*[\"']{2}\s*:\s*[\"']([\w./-]+)[\"']", repo.read("setup.py") or "")
    if setup_py:
        roots.setdefault(setup_py.group(1), f"setup.py: package_dir={{'': {setup_py.group(1)!r}}}")
    for line in ini_get(ini(repo, "setup.cfg"), "options", "package_dir").splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.strip() and value.strip():
            roots.setdefault(value.strip(), f"setup.cfg: [options] package_dir = ={value.strip()}")
    data = pyproject(repo)
    mapped = section(data, "tool.setuptools.package-dir").get("")
    if isinstance(mapped, str):
        roots.setdefault(mapped, f'pyproject.toml: [tool.setuptools.package-dir] "" = {mapped!r}')
    pdm = section(data, "tool.pdm.build").get("package-dir")
    if isinstance(pdm, str):
        roots.setdefault(pdm, f"pyproject.toml: [tool.pdm.build] package-dir = {pdm!r}")
    for item in section(data, "tool.poetry").get("packages") or []:
        if isinstance(item, dict) and isinstance(item.get("from"), str):
            roots.setdefault(item["from"], f"pyproject.toml: [tool.poetry] packages from = {item['from']!r}")
    for path in section(data, "tool.hatch.build.targets.wheel").get("packages") or []:
        parent = str(PurePosixPath(path).parent) if isinstance(path, str) else "."
        if parent != ".":
            roots.setdefault(parent, f"pyproject.toml: [tool.hatch.build.targets.wheel] packages = [{path!r}]")
    return {
        root.strip("/").removeprefix("./"): why
        for root, why in roots.items()
        if root.strip("/") not in {"", "."} and ".." not in PurePosixPath(root).parts
    }


def mapped_packages(repo: Project) -> dict[str, tuple[str, str]]:
    """Packages the build maps one by one (``package_dir={'yaml': 'lib3/yaml'}``): folder -> (import name, where)."""
    found: dict[str, tuple[str, str]] = {}
    mapping = re.search(r"package_dir\s*=\s*\{([^}]*)\}", repo.read("setup.py") or "")
    for name, folder in re.findall(r"[\"'](\w+)[\"']\s*:\s*[\"']([\w./-]+)[\"']", mapping.group(1) if mapping else ""):
        found.setdefault(folder, (name, f"setup.py: package_dir={{{name!r}: {folder!r}}}"))
    for line in ini_get(ini(repo, "setup.cfg"), "options", "package_dir").splitlines():
        name, sep, folder = (part.strip() for part in line.partition("="))
        if sep and re.fullmatch(r"\w+", name) and folder:
            found.setdefault(folder, (name, f"setup.cfg: [options] package_dir = {name} = {folder}"))
    for name, folder in section(pyproject(repo), "tool.setuptools.package-dir").items():
        if name and isinstance(folder, str):
            found.setdefault(folder, (name, f'pyproject.toml: [tool.setuptools.package-dir] "{name}" = {folder!r}'))
    return {folder.strip("/"): found[folder] for folder in found if ".." not in PurePosixPath(folder).parts}


def _namespace_at_top(repo: Project, namespace: str, leaf: str) -> bool:
    """Whether ``<namespace>/<leaf>/`` at the top is a namespace package: its distribution is named for it."""
    clue = dist_name(repo)
    dist = clue.value if clue else ""
    return isinstance(dist, str) and re.sub(r"[-_.]+", "-", dist.lower()) == f"{namespace}-{leaf}".lower()


def python_packages(repo: Project) -> list[Unit]:
    """Import packages the build maps one by one (``package_dir``), in ``src/`` (or the folder the build maps them
    into, ``lib/``) or at the top (a folder with
    ``__init__.py``; a namespace package, ``src/pdm/backend`` without ``src/pdm/__init__.py``, is the unit ``pdm``),
    in file order; then those one folder down (``backend/app``, ``backend/src/app``) where that folder is a Python
    project of its own."""
    roots = source_roots(repo)
    units: dict[str, Unit] = {}
    renamed = set()
    for folder, (name, why) in mapped_packages(repo).items():
        if PurePosixPath(folder).name != name:  # the folder's name is a component's import name: not this one's
            renamed.add(folder)
        elif repo.exists(f"{folder}/__init__.py"):
            units[folder] = Unit("python", name, folder, evidence=[f"{folder}/__init__.py", why])
    below = []
    for name in repo.files:
        parts = PurePosixPath(name).parts
        if parts[-1] != "__init__.py":
            continue
        root = next((r for r in roots if parts[: len(PurePosixPath(r).parts)] == PurePosixPath(r).parts), "")
        inner = parts[len(PurePosixPath(root).parts) :] if root else parts
        prefix = f"{root}/" if root else ""
        if str(PurePosixPath(name).parent) in renamed:
            continue
        if len(inner) == 2 and (root or inner[0] not in NOT_PACKAGES):
            folder = prefix + inner[0]
            said = [f"{folder}/__init__.py"] + ([roots[root]] if root and root != "src" else [])
            units.setdefault(folder, Unit("python", inner[0], folder, evidence=said))
        elif (
            len(inner) == 3
            and not repo.exists(f"{prefix}{inner[0]}/__init__.py")
            and inner[0] not in NOT_PACKAGES
            and not inner[0].startswith((".", "_"))
            and (root or (not _subproject(repo, inner[0]) and _namespace_at_top(repo, inner[0], inner[1])))
        ):
            folder = prefix + inner[0]
            unit = units.setdefault(folder, Unit("python", inner[0], folder, namespace=True))
            unit.evidence.append(f"{folder}/{inner[1]}/__init__.py (namespace package {inner[0]}.{inner[1]})")
        elif (len(parts) == 3 or (len(parts) == 4 and parts[1] == "src")) and _subproject(repo, parts[0]):
            if parts[-2] in NOT_PACKAGES or parts[0] in NOT_PACKAGES or parts[0].startswith("."):
                continue
            folder = "/".join(parts[:-1])
            marker = _subproject(repo, parts[0])
            below.append(Unit("python", parts[-2], folder, evidence=[f"{folder}/__init__.py"], subproject=marker))
    return list(units.values()) or below


def single_module(repo: Project, dist: object) -> tuple[str, str] | None:
    """(import name, file) of a distribution that is one top-level module: ``py_modules=['six']`` in setup.py or
    setup.cfg, flit's ``[tool.flit.module]``, or a ``<dist name>.py`` at the top or in ``src/``."""
    names = re.findall(r"py_modules\s*=\s*\[\s*[\"'](\w+)[\"']", repo.read("setup.py") or "")
    names += ini_get(ini(repo, "setup.cfg"), "options", "py_modules").split()
    flit = section(pyproject(repo), "tool.flit.module").get("name")
    names += [flit] if isinstance(flit, str) else []
    value = getattr(dist, "value", "")
    names += [re.sub(r"[-.]+", "_", value)] if isinstance(value, str) and value else []
    for name in names:
        for where in (f"{name}.py", f"src/{name}.py"):
            if repo.exists(where):
                return name, where
    return None


def _subproject(repo: Project, folder: str) -> str:
    """The file that makes ``folder`` a Python project of its own (``backend/pyproject.toml``), or ""."""
    return next((f"{folder}/{name}" for name in PROJECT_FILES if repo.exists(f"{folder}/{name}")), "")


def console_scripts(repo: Project) -> dict[str, str]:
    """Command name -> ``module:function`` and where it is declared."""
    found: dict[str, str] = {}
    data = pyproject(repo)
    for dotted in ("project.scripts", "tool.poetry.scripts"):
        for command, target in section(data, dotted).items():
            if isinstance(target, str):
                found[command] = f"{target} (pyproject.toml: [{dotted}])"
    text = ini_get(ini(repo, "setup.cfg"), "options.entry_points", "console_scripts")
    for line in text.splitlines():
        command, sep, target = line.partition("=")
        if sep:
            found[command.strip()] = f"{target.strip()} (setup.cfg: [options.entry_points] console_scripts)"
    return found


def slug(text: str) -> str:
    """A name as a component or project slug: lower case, runs of ``-_.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", text.strip().lower())


def shell_scripts(repo: Project) -> list[Unit]:
    """Shell scripts (``*.sh`` or a shell shebang) grouped by their folder; bats tests and pyve.sh left out."""
    by_folder: dict[str, list[str]] = defaultdict(list)
    for name in repo.files:
        path = PurePosixPath(name)
        if path.parts[0] in {"tests", "test", ".github", "docs"} or name == "pyve.sh":
            continue
        if path.suffix == ".sh" or (not path.suffix and SHEBANG.match((repo.read(name) or "")[:80])):
            by_folder[str(path.parent) if str(path.parent) != "." else ""].append(name)
    units = []
    for folder, scripts in sorted(by_folder.items()):
        library = PurePosixPath(folder).name == "lib"
        # a library component is linted as <folder>/<name>.sh: named after one of its own files
        sourced = sorted(PurePosixPath(name).stem for name in scripts if name.endswith(".sh"))
        units.append(
            Unit(
                "shell",
                sourced[0] if library and sourced else PurePosixPath(folder).name or "scripts",
                folder,
                kind="library" if library else "script",
                entrypoints=[] if library else scripts,
                evidence=scripts,
            )
        )
    return units


CMAKE_TARGET = re.compile(r"\badd_(executable|library)\s*\(\s*([^\s)]+)([^)]*)\)", re.I)
CMAKE_TEST = re.compile(r"\badd_test\s*\(\s*(?:NAME\s+\S+\s+COMMAND\s+)?([A-Za-z][\w-]*)", re.I)
CMAKE_SET = re.compile(r"^\s*set\s*\(\s*(\w+)\s+\"?([A-Za-z$][\w${}:-]*)\"?\s*[)\s]", re.I | re.M)
CMAKE_PROJECT = re.compile(r"^\s*project\s*\(\s*([A-Za-z][\w-]*)", re.I | re.M)
# folders whose executables are tests, examples or benchmarks, never a component of their own
NOT_PROGRAMS = {"test", "tests", "testing", "unittest", "unittests", "benchmark", "benchmarks", "bench", "example",
                "examples", "sample", "samples", "doc", "docs", "fuzz", "fuzzing", "third_party",
                "thirdparty", "external", "extern", "vendor", "3rdparty"}  # fmt: skip


def _is_test_target(target: str, tests: set[str], folder: str) -> bool:
    lowered = target.lower()
    return (
        target in tests
        or lowered.endswith(("_test", "_tests", "-test", "-tests", "_unittest", "_bench", "_benchmark", "_example"))
        or lowered.startswith(("test_", "test-", "tests_", "bench_", "example_", "example-"))
        or bool(set(PurePosixPath(folder).parts) & NOT_PROGRAMS)
    )


def _cmake_variables(texts: dict[str, str]) -> dict[str, str]:
    """``set(VAR name)`` and ``PROJECT_NAME`` of the top ``project()``: what target names are often spelled with."""
    found = {var: value for text in texts.values() for var, value in CMAKE_SET.findall(text)}
    top = CMAKE_PROJECT.search(texts.get("CMakeLists.txt", ""))
    if top:
        found.setdefault("PROJECT_NAME", top.group(1))
        found.setdefault("CMAKE_PROJECT_NAME", top.group(1))
    return found


def _resolve(target: str, variables: dict[str, str]) -> str:
    resolved = target
    for _ in range(5):  # set(A ${B}), set(B name): a few levels, never a loop
        resolved = re.sub(r"\$\{(\w+)\}", lambda m: variables.get(m.group(1), m.group(0)), resolved)
    return resolved if re.fullmatch(r"[A-Za-z][\w-]*", resolved) else ""


def cmake_targets(repo: Project) -> list[Unit]:
    """Libraries and executables the CMake files declare, as one unit each: ``ALIAS`` and ``IMPORTED`` names left
    out (an alias is the same library), and test executables (``add_test``, ``*_test``, ``tests/``) too."""
    units = []
    texts = {name: repo.read(name) or "" for name in cmake_files(repo)}
    variables = _cmake_variables(texts)
    tests = {test for text in texts.values() for test in CMAKE_TEST.findall(text)}
    seen: set[str] = set()
    for name, text in texts.items():
        folder = str(PurePosixPath(name).parent)
        for kind, raw, rest in CMAKE_TARGET.findall(text):
            words = rest.upper().split()
            target = _resolve(raw, variables)
            if not target or "ALIAS" in words or "IMPORTED" in words or target in seen:
                continue
            is_exe = kind.lower() == "executable"
            if is_exe and _is_test_target(target, tests, "" if folder == "." else folder):
                continue
            seen.add(target)
            units.append(
                Unit(
                    "cpp",
                    target,
                    "" if folder == "." else folder,
                    kind="cli" if is_exe else "library",
                    entrypoints=[target] if is_exe else [],
                    evidence=[f"{name}: add_{kind.lower()}({raw}{' INTERFACE' if 'INTERFACE' in words else ''} ...)"],
                )
            )
    return units


def cmake_standard(repo: Project) -> tuple[str, str] | None:
    for name in cmake_files(repo):
        match = re.search(r"CMAKE_CXX_STANDARD\s+(\d+)|cxx_std_(\d+)", repo.read(name) or "")
        if match:
            return match.group(1) or match.group(2), f"{name}: {match.group(0)}"
    return None


def gemspecs(repo: Project) -> list[Unit]:
    units = []
    for name in repo.files:
        if not name.endswith(".gemspec"):
            continue
        text = repo.read(name) or ""
        gem = re.search(r"\.name\s*=\s*[\"']([\w-]+)[\"']", text)
        executables = re.findall(
            r"[\"']([\w-]+)[\"']", (re.search(r"\.executables\s*=\s*\[([^\]]*)\]", text) or [""])[0]
        )
        folder = str(PurePosixPath(name).parent)
        units.append(
            Unit(
                "ruby",
                gem.group(1) if gem else PurePosixPath(name).stem,
                "" if folder == "." else folder,
                kind="cli" if executables else "library",
                entrypoints=executables,
                evidence=[name],
            )
        )
    return units


def sql_migrations(repo: Project) -> list[Unit]:
    """Folders named ``migrations`` (or ``migrate``) holding ``.sql`` files; the unit is their parent folder."""
    found: dict[str, list[str]] = defaultdict(list)
    for name in repo.files:
        path = PurePosixPath(name)
        if path.suffix == ".sql" and path.parent.name in {"migrations", "migrate"}:
            found[str(path.parent)].append(name)
    units = []
    for folder, files in sorted(found.items()):
        parent = str(PurePosixPath(folder).parent)
        parent = "" if parent == "." else parent
        units.append(
            Unit(
                "sql",
                PurePosixPath(parent).name or "db",
                parent,
                kind="library",
                evidence=[f"{folder}/ ({len(files)} .sql files)"],
            )
        )
    return units


SQL_DIALECTS = (
    ("sqlite", re.compile(r"\bAUTOINCREMENT\b|PRAGMA\b", re.I)),
    ("postgres", re.compile(r"\bSERIAL\b|\bJSONB\b|\bTIMESTAMPTZ\b|\bBIGSERIAL\b", re.I)),
    ("mysql", re.compile(r"\bAUTO_INCREMENT\b|\bENGINE\s*=", re.I)),
    ("tsql", re.compile(r"\bIDENTITY\s*\(|\bNVARCHAR\b|^GO\s*$", re.I | re.M)),
)


def sql_dialect(repo: Project) -> tuple[str, str] | None:
    for name in repo.files:
        if name.endswith(".sql"):
            text = repo.read(name) or ""
            for dialect, pattern in SQL_DIALECTS:
                match = pattern.search(text)
                if match:
                    return dialect, f"{name}: {match.group(0).strip()}"
    return None


# other languages: a marker file -> the language, for the notes (no question covers them)
OTHER_LANGUAGES = {
    "package.json": "JavaScript/TypeScript (npm)",
    "go.mod": "Go",
    "Cargo.toml": "Rust",
    "pom.xml": "Java (Maven)",
    "build.gradle": "Java/Kotlin (Gradle)",
    "build.gradle.kts": "Kotlin (Gradle)",
    "composer.json": "PHP",
    "mix.exs": "Elixir",
    "Package.swift": "Swift",
    "pubspec.yaml": "Dart",
}
OTHER_BUILDS = {"meson.build": "Meson", "BUILD.bazel": "Bazel", "MODULE.bazel": "Bazel", "WORKSPACE": "Bazel"}


def other_languages(repo: Project) -> list[tuple[str, str, str]]:
    """(folder, language, marker file) of each part written in a language the template has no component for."""
    found: dict[tuple[str, str], str] = {}
    for name in repo.files:
        path = PurePosixPath(name)
        if "node_modules" in path.parts or len(path.parts) > 3:
            continue
        language = OTHER_LANGUAGES.get(path.name) or ("C#/.NET" if path.suffix in {".csproj", ".sln"} else "")
        if language:
            folder = str(path.parent) if str(path.parent) != "." else ""
            found.setdefault((folder, language), name)
    return [(folder, language, marker) for (folder, language), marker in sorted(found.items())]


def other_builds(repo: Project) -> list[str]:
    """Build files of other build systems at the top (Meson, Bazel): they stay, beside CMake."""
    return [f"{name} ({tool})" for name, tool in OTHER_BUILDS.items() if repo.exists(name)]
