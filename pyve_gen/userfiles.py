"""Bounded readers of files a repository brings (answers, pyproject, locks, workflows).

A cloned repository's files are written by whoever published it. Each reader here refuses what would
cost more than reading a real project's file: a non-regular file (a committed link to /dev/zero, a
FIFO), a file over its size cap, YAML whose aliases expand past a node cap (a 400-byte "billion laughs"
answers file), nesting deep enough to exhaust the parser's recursion. Refusals are
:class:`UserFileError` (a ValueError) with one short line; values quoted in messages go through
:func:`shorten`.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

KIB = 1024
ANSWERS_LIMIT = 256 * KIB  # a real answers file is a few KiB
TEXT_LIMIT = 4 * KIB * KIB  # pyproject, workflows, requirement inputs, READMEs
LOCK_LIMIT = 16 * KIB * KIB  # a hashed lock of hundreds of packages is well under 2 MiB
YAML_NODES = 100_000  # nodes after expanding aliases: answers and workflows have a few hundred


class UserFileError(ValueError):
    """A user file this reader refuses: why, in one line."""


def shorten(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages (a value can be megabytes long)."""
    try:
        text = repr(value) if not isinstance(value, str) else repr(value[: limit + 1])
    except RecursionError:
        return "<deeply nested value>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cut_message(message: str, limit: int = 400) -> str:
    """A message that quotes a huge value, cut in its middle (the start names the answer, the end the fix)."""
    if len(message) <= limit:
        return message
    tail = limit // 4
    return f"{message[: limit - tail - 1]}…{message[-tail:]}"


def read_bytes(path: Path, limit: int = TEXT_LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (symbolic links followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UserFileError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError(f"{path.name}: not a regular file (a device, FIFO or folder); not read")
        if info.st_size > limit:
            raise UserFileError(f"{path.name}: {info.st_size} bytes, over the {limit} bytes a {path.name} can have")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise UserFileError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while it was read
        raise UserFileError(f"{path.name}: over the {limit} bytes a {path.name} can have")
    return data


def read_text(path: Path, limit: int = TEXT_LIMIT) -> str:
    """A regular UTF-8 text file of at most ``limit`` bytes."""
    try:
        return read_bytes(path, limit).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserFileError(f"{path.name}: not UTF-8 text (byte {error.start})") from None


class _BoundedSafeLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader, refusing documents whose aliases expand past :data:`YAML_NODES` nodes."""

    def compose_document(self) -> Node | None:  # type: ignore[override]
        node = super().compose_document()
        _check_expansion(node)
        return node


class _BoundedBaseLoader(yaml.BaseLoader):
    """PyYAML's BaseLoader (every scalar a string), with the same bound."""

    def compose_document(self) -> Node | None:  # type: ignore[override]
        node = super().compose_document()
        _check_expansion(node)
        return node


def _check_expansion(root: Node | None) -> None:
    """Count the nodes with aliases expanded, without expanding them (each node's size is memoised)."""
    sizes: dict[int, int] = {}

    def size(node: Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = YAML_NODES + 1  # a node reached again while being counted: a cycle
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child)
                if total > YAML_NODES:
                    break
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                total += size(key) + size(value)
                if total > YAML_NODES:
                    break
        sizes[id(node)] = total
        return total

    if root is not None and size(root) > YAML_NODES:
        raise yaml.YAMLError(f"its aliases expand to more than {YAML_NODES} values")


def load_yaml(text: str, name: str, *, strings_only: bool = False) -> Any:
    """YAML 1.1 as PyYAML's safe (or, with ``strings_only``, base) loader reads it, bounded."""
    loader = _BoundedBaseLoader if strings_only else _BoundedSafeLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader/BaseLoader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise UserFileError(f"{name}: not valid YAML{where}: {shorten(problem, 100).strip(chr(39))}") from None
    except RecursionError:
        raise UserFileError(f"{name}: nested too deeply to read") from None


def load_toml(text: str, name: str) -> dict[str, Any]:
    """TOML as tomllib reads it; deep nesting is an error, not a crash."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserFileError(f"{name} is not valid TOML ({shorten(str(error), 120).strip(chr(39))})") from None
    except RecursionError:
        raise UserFileError(f"{name}: nested too deeply to read") from None


def read_yaml(path: Path, limit: int = TEXT_LIMIT, *, strings_only: bool = False) -> Any:
    return load_yaml(read_text(path, limit), path.name, strings_only=strings_only)


def read_toml(path: Path, limit: int = TEXT_LIMIT) -> dict[str, Any]:
    return load_toml(read_text(path, limit), path.name)
