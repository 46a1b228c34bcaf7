"""Lockfiles of a rendered project: which (input, lock) pairs it has.

Whether they are hashed, fresh and one installable set is the job of the checker the project ships
(`.pyve/lock_check.py`, through `pyve_gen.lock_set`), so `pyve-gen check` and `make lock-check` agree.
"""

from __future__ import annotations

from pathlib import Path

# Lock pairs per `pyve.lock_mode`: (input, lock). The lib lock is compiled from pyproject.toml.
DEV_PAIR = ("requirements-dev.in", "requirements-dev.txt")
PAIRS_BY_MODE: dict[str, tuple[tuple[str, str], ...]] = {
    "app": (("requirements.in", "requirements.txt"), DEV_PAIR),
    "lib": (("pyproject.toml", "constraints.txt"), DEV_PAIR),
    "": (),
}


def lock_pairs(root: Path, mode: str) -> list[tuple[str, str]]:
    """(input, lock) pairs of a project: those of its lock mode, plus any other `X.in` at the root
    with its `X.txt` (e.g. a secure project's requirements-security.in), and every `requirements-*.in`
    whether its lock exists or not, as pyve.sh's lock-check pairs them (an adopted repository's
    requirements-adopted.in before `./pyve.sh --lock`: its missing lock is a finding)."""
    pairs = list(PAIRS_BY_MODE[mode])
    if mode == "lib" and (root / "setup.py").is_file() and not (root / "pyproject.toml").is_file():
        # a setup.py build (adopted): no pyproject.toml to lock the runtime from, so pyve.sh's --lock and lock-check
        # skip the pair; `pyve-gen adopt` puts its install_requires in requirements-adopted.in instead
        pairs = [pair for pair in pairs if pair[0] != "pyproject.toml"]
    known = {source for source, _ in pairs}
    for source in sorted(root.glob("*.in")):
        if source.name in known:
            continue
        if source.with_suffix(".txt").is_file() or source.name.startswith("requirements-"):
            pairs.append((source.name, source.with_suffix(".txt").name))
    return pairs
