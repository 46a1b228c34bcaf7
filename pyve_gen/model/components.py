"""Components: the deliverable units of a project, with their defaults filled in."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Component:
    name: str
    kind: str
    language: str
    paths: tuple[str, ...]
    entrypoints: tuple[str, ...]
    audience: str
    root: str = field(init=False)
    module: str = field(init=False)

    def __post_init__(self) -> None:
        root = self.paths[0] if self.paths else ""
        object.__setattr__(self, "root", root)
        basename = PurePosixPath(root).name if root else self.name
        object.__setattr__(self, "module", basename.replace("-", "_"))

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


def default_path(name: str, language: str) -> str:
    leaf = name.replace("-", "_") if language == "python" else name
    return f"{LANGUAGE_ROOT.get(language, 'src')}/{leaf}"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def normalize(raw: dict[str, Any]) -> Component:
    """Fill a user's partial component answer with defaults (no validation here)."""
    name = str(raw.get("name", ""))
    kind = str(raw.get("kind", "cli"))
    language = str(raw.get("language", "python"))
    paths = _as_list(raw.get("paths")) or [default_path(name, language)]
    paths = [path.rstrip("/") for path in paths]
    if "entrypoints" in raw:
        entrypoints = _as_list(raw.get("entrypoints"))
    else:
        entrypoints = [name] if kind in ENTRYPOINT_KINDS else []
    audience = str(raw.get("audience", DEFAULT_AUDIENCE.get(kind, "end-user")))
    return Component(name, kind, language, tuple(paths), tuple(entrypoints), audience)


def normalize_all(raw_list: Any) -> list[Component]:
    if not isinstance(raw_list, list):
        return []
    return [normalize(item) for item in raw_list if isinstance(item, dict)]
