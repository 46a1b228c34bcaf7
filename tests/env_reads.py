"""What a render's Python code reads from the environment, found in its syntax tree, and what its
``.env.example`` lists: the two sides of the promise "``.env.example`` lists every variable"."""

from __future__ import annotations

import ast
from pathlib import Path


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def environment_reads(source: str) -> tuple[set[str], list[str]]:
    """The variable names ``source`` reads (os.environ[...], .get, os.getenv, the keys of a
    settings module's ATTRIBUTES table), and the reads whose name is not a literal."""
    names: set[str] = set()
    indirect: list[str] = []
    for node in ast.walk(ast.parse(source)):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            environ_method = node.func.attr in ("get", "pop", "setdefault") and _is_environ(node.func.value)
            if environ_method or node.func.attr == "getenv":
                key = node.args[0]
        elif isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "ATTRIBUTES" for t in targets):
                names |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
        if key is not None:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                names.add(key.value)
            else:
                indirect.append(ast.unparse(node))
    return names, indirect


def code_reads(project: Path) -> dict[str, tuple[set[str], list[str]]]:
    """Each Python file of the render (tests aside) -> (names it reads, reads with a computed name)."""
    found: dict[str, tuple[set[str], list[str]]] = {}
    for path in sorted(project.rglob("*.py")):
        relative = path.relative_to(project)
        if relative.parts[0] in ("tests", ".venv") or relative.parts[0].startswith("."):
            continue
        found[relative.as_posix()] = environment_reads(path.read_text(encoding="utf-8"))
    return found


def env_example_names(project: Path) -> set[str]:
    path = project / ".env.example"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return {line.split("=", 1)[0] for line in lines if "=" in line and not line.startswith("#")}
