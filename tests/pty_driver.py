"""Drive an interactive command through a real pseudo-terminal, as a person at a keyboard would.

questionary (under Copier and `pyve-gen new`) needs a real terminal: pexpect gives it one, with
TERM=xterm and a fixed, wide window so prompts never wrap. prompt_toolkit redraws only what changed
(it moves the cursor over unchanged characters), so the raw byte stream cannot be searched for a
message; the output is fed to a terminal emulator (pyte) and we search the screen, as a person would.
Cursor-position requests are turned off (PROMPT_TOOLKIT_NO_CPR) because nobody answers them in a pty.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pexpect
import pyte

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
CLEAR_LINE = "\x15"  # Ctrl-U: erase the default text of an input prompt
COLUMNS, ROWS = 250, 60


class Terminal:
    def __init__(self, command: str, args: list[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> None:
        full_env = {**os.environ, **env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
        full_env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(
            command, args, cwd=str(cwd), env=full_env, dimensions=(ROWS, COLUMNS), encoding="utf-8", timeout=timeout
        )
        self.child.delaybeforesend = 0.01
        self.timeout = timeout
        self.screen = pyte.HistoryScreen(COLUMNS, ROWS, history=100_000)
        self.stream = pyte.Stream(self.screen)
        self.position = (-1, 0)  # (line, column) of the last match: the next one must come after it
        self.exited = False
        self.prompts: list[str] = []  # each prompt answered through answer(), in order: the question count

    def lines(self) -> list[str]:
        """Every line the session has shown so far: scrolled-off history, then the screen."""
        history = ["".join(line[x].data for x in range(COLUMNS)).rstrip() for line in self.screen.history.top]
        return history + [line.rstrip() for line in self.screen.display]

    def _find(self, text: str) -> tuple[int, int] | None:
        for number, line in enumerate(self.lines()):
            start = 0
            while (column := line.find(text, start)) >= 0:
                if (number, column) > self.position:
                    return number, column
                start = column + 1
        return None

    def _read(self) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=0.1))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.exited = True

    def expect(self, text: str, advance: bool = True) -> None:
        """Wait until ``text`` is on screen after the previous match; ``advance`` moves the mark past it."""
        deadline = time.monotonic() + self.timeout
        while (found := self._find(text)) is None:
            if self.exited or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.transcript()}")
            self._read()
        if advance:
            self.position = found

    def answer(self, prompt: str, *keys: str) -> None:
        self.expect(prompt)
        self.prompts.append(prompt)
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        """Wait for the command to exit; returns its exit status."""
        deadline = time.monotonic() + self.timeout
        while not self.exited and time.monotonic() < deadline:
            self._read()
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    def transcript(self) -> str:
        lines = self.lines()
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)
