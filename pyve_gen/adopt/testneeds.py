"""Where repositories declare what their tests install, beyond the plain lists :mod:`.needs` reads: requirement
files that include others (``-r``) or the project with extras (``-e .[test]``), ``tests/requirements.txt``
(packaging), tox's ``extras =`` and ``deps = -r …``, nox sessions' ``session.install(...)``, hatch environments
(``[tool.hatch.envs.default]``) and PDM's ``[tool.pdm.dev-dependencies]``.

Each reader returns requirement lines with where they were read; :mod:`.needs` keeps the names (the lock picks the
versions). Nothing here runs the repository's code: a noxfile is parsed, never imported.
"""

from __future__ import annotations

import ast
import posixpath
import re
from pathlib import PurePosixPath

from pyve_gen.project import Project
from pyve_gen.reader import ini, ini_get, pyproject, section

# `-r file` / `--requirement=file`: another file of requirements, relative to the one that names it
INCLUDE = re.compile(r"^(?:-r|--requirement)[\s=]+(\S+)")
# `.[test,socks]`, `-e .[test]`, `-e.`: the project itself, with extras
SELF = re.compile(r"^(?:-e\s*|--editable[\s=]+)?\.(?:/)?(?:\[([A-Za-z0-9,._ -]*)\])?$")
TEST_FILES = re.compile(r"^(tests?|testing)/requirements[\w.-]*\.(in|txt)$")
HATCH_ENVS = ("default", "test", "tests", "hatch-test")
Lines = list[tuple[str, str]]  # (requirement line, where it was read)


def extras(repo: Project, names: list[str], source: str) -> Lines:
    """The requirements of the project's own extras ``names`` (pyproject.toml [project.optional-dependencies],
    setup.cfg [options.extras_require])."""
    optional = section(pyproject(repo), "project.optional-dependencies")
    found: Lines = []
    for name in names:
        listed = optional.get(name)
        found += [(r, f"{source}: extra {name}") for r in listed or [] if isinstance(r, str)]
        cfg = ini_get(ini(repo, "setup.cfg"), "options.extras_require", name)
        found += [(line, f"{source}: extra {name}") for line in cfg.splitlines() if line.strip()]
        found += [(line, f"{source}: extra {name}") for line in setup_py_extras(repo).get(name, [])]
    return found


def _names(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]


def lines_of(repo: Project, lines: list[str], source: str, folder: str = "", seen: set[str] | None = None) -> Lines:
    """``lines`` (of a requirements file or a tox deps list) with ``-r`` includes read and ``.[extras]`` expanded."""
    seen = seen if seen is not None else set()
    found: Lines = []
    for raw in lines:
        line = raw.split(" #", 1)[0].strip()
        if include := INCLUDE.match(line):
            found += requirement_file(repo, str(PurePosixPath(folder, include.group(1))), seen)
        elif own := SELF.match(line):
            found += extras(repo, _names(own.group(1) or ""), source)
        elif line and not line.startswith(("-", "#")):
            found.append((line, source))
    return found


def requirement_file(repo: Project, relpath: str, seen: set[str] | None = None) -> Lines:
    seen = seen if seen is not None else set()
    name = posixpath.normpath(relpath)
    if name.startswith(("../", "/")) or name == "..":  # outside the repository: not read
        return []
    if name.endswith(".txt") and repo.exists(name.removesuffix(".txt") + ".in"):
        name = name.removesuffix(".txt") + ".in"  # a pip-compile lock: its input says what was asked for
    if name in seen:
        return []
    seen.add(name)
    text = repo.read(name)
    if text is None:
        return []
    return lines_of(repo, text.splitlines(), name, posixpath.dirname(name), seen)


def test_files(repo: Project) -> list[str]:
    """``tests/requirements.txt`` and the like (packaging): the ``.in`` where both are."""
    found = [name for name in repo.files if TEST_FILES.match(name)]
    return [name for name in found if not (name.endswith(".txt") and name.removesuffix(".txt") + ".in" in found)]


def tox(repo: Project) -> Lines:
    """tox.ini [testenv]: its ``deps`` (``-r`` files and ``.[extras]`` followed) and its ``extras``."""
    parser = ini(repo, "tox.ini")
    if parser is None or not parser.has_section("testenv"):
        return []
    deps = lines_of(repo, ini_get(parser, "testenv", "deps").splitlines(), "tox.ini [testenv] deps")
    return deps + extras(repo, _names(ini_get(parser, "testenv", "extras")), "tox.ini [testenv] extras")


def _parsed(repo: Project, relpath: str) -> ast.Module | None:
    """The Python file's syntax tree (parsed, never run), or None when it is missing or does not parse."""
    text = repo.read(relpath)
    if not text:
        return None
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None


def nox(repo: Project) -> Lines:
    """noxfile.py: the literal arguments of ``session.install(...)`` in its test sessions (``def test…``):
    requirements, ``-r file`` and ``.[extras]``. Anything computed is left out (the file is parsed, not run)."""
    tree = _parsed(repo, "noxfile.py")
    if tree is None:
        return []
    found: Lines = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef) or not func.name.startswith("test"):
            continue
        for call in ast.walk(func):
            if not (
                isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "install"
            ):
                continue
            args = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            words: list[str] = []
            for index, arg in enumerate(args):
                if arg in ("-r", "--requirement") and index + 1 < len(args):
                    words.append(f"-r {args[index + 1]}")
                elif index == 0 or args[index - 1] not in ("-r", "--requirement"):
                    words.append(arg)
            found += lines_of(repo, words, f"noxfile.py session {func.name}")
    return found


def hatch(repo: Project) -> Lines:
    """hatch's test environments: ``dependencies``, ``extra-dependencies`` and ``features`` (the project's extras)."""
    data = pyproject(repo)
    found: Lines = []
    for env in HATCH_ENVS:
        table = section(data, f"tool.hatch.envs.{env}")
        where = f"pyproject.toml [tool.hatch.envs.{env}]"
        for key in ("dependencies", "extra-dependencies"):
            found += [(r, where) for r in table.get(key) or [] if isinstance(r, str)]
        features = [f for f in table.get("features") or [] if isinstance(f, str)]
        found += extras(repo, features, where)
    return found


def pdm(repo: Project, groups: tuple[str, ...]) -> Lines:
    table = section(pyproject(repo), "tool.pdm.dev-dependencies")
    return [
        (r, f"pyproject.toml [tool.pdm.dev-dependencies] {group}")
        for group in groups
        for r in table.get(group) or []
        if isinstance(r, str)
    ]


def test_needs(repo: Project, groups: tuple[str, ...]) -> Lines:
    """Every test declaration this module reads, in a fixed order."""
    found: Lines = []
    for name in test_files(repo):
        found += requirement_file(repo, name)
    return found + tox(repo) + nox(repo) + hatch(repo) + pdm(repo, groups)


def development_file(repo: Project) -> list[str]:
    """A top-level requirements.txt that installs the project itself (``-e .[…]``, httpx's) is the development
    environment, not a runtime lock: ``["requirements.txt"]``, else []."""
    text = repo.read("requirements.txt") or ""
    return ["requirements.txt"] if any(SELF.match(line.split(" #", 1)[0].strip()) for line in text.splitlines()) else []


# -- what the tests import ---------------------------------------------------------------------------------------
TEST_PARTS = {"tests", "test", "testing"}
GUARDS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


# folders of inputs the tests read, not tests (black's tests/data/cases/*.py; the template's own tests/data)
DATA_PARTS = {"data", "testdata", "test_data", "fixtures"}


def _is_test_file(relpath: str) -> bool:
    path = PurePosixPath(relpath)
    if DATA_PARTS.intersection(path.parts[:-1]):
        return False
    return path.suffix == ".py" and (
        bool(TEST_PARTS.intersection(path.parts[:-1])) or path.name.startswith("test_") or path.name == "conftest.py"
    )


def _guarded(node: ast.Try) -> bool:
    """A ``try:`` whose handler catches a failed import: what it imports is optional."""
    for handler in node.handlers:
        caught = handler.type
        names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        if caught is None or any(isinstance(n, ast.Name) and n.id in GUARDS for n in names):
            return True
    return False


def _written(tree: ast.AST) -> set[str]:
    """Modules the file spells as paths it writes: ``"main.py"``, or a part joined with ``/``
    (``tmp_path / "config_package_app"``)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".py"):
            found.add(PurePosixPath(node.value).name.removesuffix(".py"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str) and side.value:
                    found.add(side.value.split("/")[0])
    return found


def _imports(tree: ast.AST) -> list[str]:
    """The top-level names of the absolute imports that must succeed (not in a guarded ``try``, nor under ``if``,
    nor, inside a test function, of a module the file writes itself: flask's ``config_package_app``)."""
    found: list[str] = []
    written = _written(tree)
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, nested = stack.pop()
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module.split(".")[0]]
        elif isinstance(node, ast.Try) and _guarded(node):
            continue
        elif isinstance(node, ast.If):  # TYPE_CHECKING, version and platform branches
            continue
        else:
            inside = nested or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            stack.extend((child, inside) for child in ast.iter_child_nodes(node))
        found += [name for name in names if not (nested and name in written)]
    return found


def test_imports(repo: Project) -> dict[str, str]:
    """Third-party modules the repository's tests import (module -> the first test file that does): not the
    standard library, not a module or folder of the repository itself, not private (``_x``)."""
    import sys

    local = {PurePosixPath(name).stem for name in repo.files if name.endswith(".py")}
    local |= {part for name in repo.files for part in PurePosixPath(name).parts[:-1]}
    found: dict[str, str] = {}
    for name in sorted(n for n in repo.files if _is_test_file(n)):
        text = repo.read(name)
        try:
            tree = ast.parse(text or "")
        except (SyntaxError, ValueError, RecursionError):
            continue
        for module in _imports(tree):
            if module in sys.stdlib_module_names or module in local or module.startswith("_"):
                continue
            found.setdefault(module, name)
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# Well-known distributions whose import name is another (canonical distribution name -> top-level module): a
# declared one provides that module; nothing is ever installed from this table.
IMPORT_NAMES = {
    "attrs": "attr",
    "beautifulsoup4": "bs4",
    "dnspython": "dns",
    "markdown-it-py": "markdown_it",
    "opencv-python": "cv2",
    "pillow": "PIL",
    "psycopg2-binary": "psycopg2",
    "pycryptodome": "Crypto",
    "pyjwt": "jwt",
    "pyopenssl": "OpenSSL",
    "pyserial": "serial",
    "pytest-xdist": "xdist",
    "pytest-xprocess": "xprocess",
    "python-dateutil": "dateutil",
    "python-dotenv": "dotenv",
    "python-multipart": "multipart",
    "pyyaml": "yaml",
    "pyzmq": "zmq",
    "railroad-diagrams": "railroad",
    "ruamel-yaml": "ruamel",
    "scikit-learn": "sklearn",
    "websocket-client": "websocket",
}


def provides(distribution: str) -> set[str]:
    """The canonical names of the modules ``distribution`` is imported as: its own, and a known other one."""
    name = canonical(distribution)
    return {name, canonical(IMPORT_NAMES[name])} if name in IMPORT_NAMES else {name}


def imported_extras(repo: Project, imports: dict[str, str]) -> Lines:
    """The requirements of the project's extras that its tests import (httpx's tests import zstandard, its extra
    ``zstd``): declared by the project, needed by its tests, though no test configuration installs them."""
    optional = section(pyproject(repo), "project.optional-dependencies")
    parser = ini(repo, "setup.cfg")
    groups = {
        name: [r for r in reqs if isinstance(r, str)] for name, reqs in optional.items() if isinstance(reqs, list)
    }
    if parser is not None and parser.has_section("options.extras_require"):
        for name in parser.options("options.extras_require"):
            groups.setdefault(name, []).extend(ini_get(parser, "options.extras_require", name).splitlines())
    wanted = {canonical(module): where for module, where in imports.items()}
    found: Lines = []
    for extra, requirements in groups.items():
        for requirement in requirements:
            head = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
            imported = sorted(provides(head.group(1)) & wanted.keys()) if head else []
            if imported:
                where = wanted[imported[0]]
                found.append((requirement.strip(), f"extra {extra}, imported by {where}"))
    return found


def _setup_keyword(repo: Project, keyword: str) -> ast.expr | None:
    """The literal value of ``setup(keyword=...)`` in setup.py (parsed, never run), or of the name it passes where a
    literal is assigned to that name at the top (requests' ``install_requires=requires``)."""
    tree = _parsed(repo, "setup.py")
    if tree is None:
        return None
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple, ast.Dict))
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        for item in call.keywords if name == "setup" else []:
            if item.arg == keyword:
                return assigned.get(item.value.id) if isinstance(item.value, ast.Name) else item.value
    return None


def _strings(node: ast.expr | None) -> list[str]:
    items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else []
    return [item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]


def setup_py_requires(repo: Project) -> Lines:
    """``setup(install_requires=[...])`` in setup.py, where it is a literal list or a name assigned one at the top:
    a setup.py build has no pyproject.toml to lock its runtime from, so these go to requirements-adopted.in."""
    return [(line, "setup.py install_requires") for line in _strings(_setup_keyword(repo, "install_requires"))]


def setup_py_extras(repo: Project) -> dict[str, list[str]]:
    """``setup(extras_require={...})`` in setup.py, where it is a literal dict (requests' ``socks``)."""
    node = _setup_keyword(repo, "extras_require")
    if not isinstance(node, ast.Dict):
        return {}
    return {
        key.value: _strings(value)
        for key, value in zip(node.keys, node.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }
