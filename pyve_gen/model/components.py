"""Components: the deliverable units of a project, with their defaults filled in."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any

KINDS: tuple[str, ...] = ("application", "library", "cli", "script")
LANGUAGES: tuple[str, ...] = ("python", "shell", "cpp", "ruby", "sql")
AUDIENCES: tuple[str, ...] = ("end-user", "internal-ops", "dev-only")
LANGUAGE_LABELS: dict[str, str] = {"python": "Python", "shell": "Shell", "cpp": "C++", "ruby": "Ruby", "sql": "SQL"}

DEFAULT_AUDIENCE = {"application": "end-user", "cli": "end-user", "library": "dev-only", "script": "internal-ops"}
LANGUAGE_ROOT = {"python": "src", "shell": "scripts", "cpp": "cpp", "ruby": "ruby", "sql": "sql"}
ENTRYPOINT_KINDS = ("application", "cli", "script")


def import_name(name: str, package: str = "") -> str:
    """A Python component's import name: the answered ``package_name``, or ``<package_name>_<name>``.

    Every component of a distribution then imports under the project's own name (``acme``,
    ``acme_api``, ``acme_core``), never as a generic top-level word (``api``, ``core``) or a folder.
    """
    leaf = name.replace("-", "_")
    if not package or leaf == package or leaf.startswith(package + "_"):
        return leaf
    return f"{package}_{leaf}"


@dataclass(frozen=True)
class Component:
    name: str
    kind: str
    language: str
    paths: tuple[str, ...]
    entrypoints: tuple[str, ...]
    audience: str
    package: str = ""  # the project's package_name (Python components import under it)
    root: str = field(init=False)
    module: str = field(init=False)

    def __post_init__(self) -> None:
        root = self.paths[0] if self.paths else ""
        basename = PurePosixPath(root).name if root else self.name
        module = basename.replace("-", "_")
        if self.language == "python" and self.package and not _owns_package(module, self.package):
            # The answered folder holds the package (``src/``, ``cli/``, ``lib/foo``): the package inside
            # it is named after the project, so the import name never depends on a folder's name.
            module = import_name(self.name, self.package)
            root = f"{root}/{module}" if root else module
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "module", module)

    @property
    def parent(self) -> str:
        """The folder that holds the component's root (``src`` for ``src/pkg``)."""
        parent = str(PurePosixPath(self.root).parent)
        return "" if parent == "." else parent

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["paths"] = list(self.paths)
        data["entrypoints"] = list(self.entrypoints)
        data["parent"] = self.parent
        return data


def _owns_package(folder: str, package: str) -> bool:
    """True when an answered folder is itself the package: named ``package`` or ``package_<something>``."""
    return folder == package or folder.startswith(package + "_")


def default_path(name: str, language: str, package: str = "") -> str:
    leaf = import_name(name, package) if language == "python" else name
    return f"{LANGUAGE_ROOT.get(language, 'src')}/{leaf}"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def normalize(raw: dict[str, Any], package: str = "") -> Component:
    """Fill a user's partial component answer with defaults (no validation here).

    ``package`` is the answered ``package_name``; without it a Python component's import name is the
    last folder of its path (how answers are read before ``package_name`` is known).
    """
    name = str(raw.get("name", ""))
    kind = str(raw.get("kind", "cli"))
    language = str(raw.get("language", "python"))
    paths = _as_list(raw.get("paths")) or [default_path(name, language, package)]
    paths = [path.rstrip("/") for path in paths]
    if "entrypoints" in raw:
        entrypoints = _as_list(raw.get("entrypoints"))
    else:
        entrypoints = [name] if kind in ENTRYPOINT_KINDS else []
    if language == "shell" and kind != "library":
        paths, entrypoints = _shell_scripts(paths, entrypoints, explicit_paths="paths" in raw)
    audience = str(raw.get("audience", DEFAULT_AUDIENCE.get(kind, "end-user")))
    return Component(name, kind, language, tuple(paths), tuple(entrypoints), audience, package)


def _shell_scripts(paths: list[str], entrypoints: list[str], *, explicit_paths: bool) -> tuple[list[str], list[str]]:
    """Shell entrypoints may be script paths (``scripts/backup.sh``, ``./bin/run``), as users write them.

    A path is read from the project root and kept relative to the component's folder, where the script is
    rendered; without answered ``paths`` the folder of the first script path is the component's folder.
    A path outside that folder is left as written, for the validator to reject with a clear message.
    """
    given = [entry.removeprefix("./") for entry in entrypoints]
    scripts = [entry for entry in given if "/" in entry]
    if scripts and not explicit_paths:
        folder = str(PurePosixPath(scripts[0]).parent)
        paths = [folder] if folder != "." else paths
    root = PurePosixPath(paths[0]) if paths else None
    relative = []
    for entry in given:
        path = PurePosixPath(entry)
        if "/" in entry and root is not None and path.is_relative_to(root) and path != root:
            relative.append(str(path.relative_to(root)))
        else:
            relative.append(entry)
    return paths, relative


SHORT_ITEM = re.compile(r"^[^:,\s]+(?::[^:,\s]+){0,2}$")


def from_short_form(value: Any) -> Any:
    """The short form a person types, ``api:application, core:library, deploy:script:shell`` (each item
    ``name[:kind[:language]]``), as the YAML list it stands for; any other value is returned unchanged,
    for the validator to judge."""
    if not isinstance(value, str) or not value.strip():
        return value
    items = [item.strip() for item in value.split(",")]
    if not all(SHORT_ITEM.match(item) for item in items):
        return value
    parsed: list[dict[str, Any]] = []
    for item in items:
        name, *rest = item.split(":")
        comp: dict[str, Any] = {"name": name}
        comp.update(zip(("kind", "language"), rest, strict=False))
        parsed.append(comp)
    return parsed


def normalize_all(raw_list: Any, package: str = "") -> list[Component]:
    raw_list = from_short_form(raw_list)
    if not isinstance(raw_list, list):
        return []
    return [normalize(item, package) for item in raw_list if isinstance(item, dict)]


def python_imports(raw_list: Any, package: str = "") -> list[str]:
    """The import names the Python components of an answer get under ``package`` (``acme_api``, ``acme_core``)."""
    return [comp.module for comp in normalize_all(raw_list, package) if comp.language == "python"]
