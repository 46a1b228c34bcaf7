"""Terminal helpers shared by the `pyve-gen` commands: colour on terminals only, one-line errors."""

from __future__ import annotations

import io
import os
import re
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CODES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def colour_enabled(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or TERM is dumb (https://no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def style(text: str, colour: str, stream: TextIO | None = None) -> str:
    """``text`` wrapped in the ANSI code for ``colour`` when ``stream`` (default stderr) is a terminal."""
    if not colour_enabled(stream or sys.stderr):
        return text
    return f"\033[{_CODES[colour]}m{text}\033[0m"


def error(message: str) -> None:
    """The one line every failure prints: ``pyve-gen: error: <message>`` on stderr."""
    first_line = " ".join(str(message).split())
    print(f"pyve-gen: {style('error', 'red')}: {first_line}", file=sys.stderr)


def note(message: str) -> None:
    print(f"pyve-gen: {message}", file=sys.stderr)


def heading(title: str) -> None:
    """A short section heading on stderr (the interactive questionnaire's phases)."""
    print(f"\n{style(title, 'bold')}", file=sys.stderr)


def one_line_warnings() -> None:
    """Show library warnings (e.g. Copier's dirty-template notice) as one ``pyve-gen: warning:`` line."""

    def _format(message: Warning | str, category: type[Warning], *_: object, **__: object) -> str:
        return f"pyve-gen: {style('warning', 'yellow')}: {message}\n"

    warnings.formatwarning = _format  # type: ignore[assignment]


class _PlainText(io.TextIOBase):
    """A stream that drops colour codes (libraries such as Copier colour their output unconditionally)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_ANSI.sub("", text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


@contextmanager
def colour_only_on_terminals() -> Iterator[None]:
    """While inside, stdout and stderr lose colour codes unless they are terminals that want colour."""
    saved = sys.stdout, sys.stderr
    if not colour_enabled(sys.stdout):
        sys.stdout = _PlainText(sys.stdout)  # type: ignore[assignment]
    if not colour_enabled(sys.stderr):
        sys.stderr = _PlainText(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
