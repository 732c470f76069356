"""Line-by-line input and output for the screen-reader mode: plain lines out, one typed answer in per prompt.

Nothing is redrawn or erased: every line stays where a screen reader or braille display read it. `help` at any
prompt prints that prompt's commands; `q` leaves the current place (at the outline, the course).
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TextIO


class Leave(Exception):
    """The learner typed `q` (or input ended): leave the current place."""


class EndOfInput(Leave):
    """Standard input is closed: leave every place and the course."""


HELP_WORDS = {"help", "?", "h"}
LEAVE_WORDS = {"q", "quit", "exit"}


class Console:
    """Prompts and lines. `read` is `input` in real use; tests pass a scripted reader."""

    def __init__(self, read: Callable[[str], str] = input, out: TextIO | None = None) -> None:
        self._read = read
        self._out = out or sys.stdout

    def say(self, text: str = "") -> None:
        """Print text line by line (never a carriage return or escape code); on a terminal, long lines are
        broken between words, so a braille display or a line-by-line reader never gets half a word."""
        width = self._width()
        lines = text.split("\n")
        if width:
            lines = [wrapped for line in lines for wrapped in (textwrap.wrap(line, width, subsequent_indent=_indent(
                line), break_long_words=False, break_on_hyphens=False) or [""])]
        self._out.write("\n".join(lines) + "\n")
        self._out.flush()

    def _width(self) -> int:
        """The terminal's own width (not a stale $COLUMNS), or 0 for a pipe or file, which gets lines whole."""
        isatty = getattr(self._out, "isatty", None)
        if isatty is None or not isatty():
            return 0
        try:
            columns = os.get_terminal_size(self._out.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = shutil.get_terminal_size((80, 24)).columns
        return max(20, columns - 1)

    def write(self, text: str) -> None:
        """Part of a line, for a reply that streams in."""
        self._out.write(text)
        self._out.flush()

    def ask(self, prompt: str, help_text: str) -> str:
        """One answer, stripped; `help` prints `help_text` and asks again; `q` raises Leave."""
        while True:
            try:
                answer = self._read(f"{prompt} ").strip()
            except EOFError:
                self.say()
                raise EndOfInput from None
            except KeyboardInterrupt:
                self.say()
                raise Leave from None
            if answer.lower() in HELP_WORDS:
                self.say(help_text)
                continue
            if answer.lower() in LEAVE_WORDS:
                raise Leave
            return answer

    def choose(self, prompt: str, choices: Sequence[str], help_text: str, *, extra: Sequence[str] = ()) -> int | str:
        """A number from 1 to len(choices) (returned 0-based), or one of the `extra` words, asked until valid."""
        while True:
            answer = self.ask(prompt, help_text)
            if answer.lower() in extra:
                return answer.lower()
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                return int(answer) - 1
            words = f" or {', '.join(extra)}" if extra else ""
            self.say(f"Type a number from 1 to {len(choices)}{words}; help lists the commands.")


def _indent(line: str) -> str:
    """Continuation lines of a list item or numbered option line up under its text."""
    stripped = line.lstrip()
    marker = stripped.split(" ", 1)[0] if stripped[:1] in "-0123456789" else ""
    return " " * (len(line) - len(stripped) + (len(marker) + 1 if marker else 0))


def numbered(items: Sequence[str], only: Sequence[int] | None = None) -> str:
    """'1. first' lines: the form every menu of this mode takes (`only`: these 0-based indexes, numbers kept)."""
    indexes = range(len(items)) if only is None else only
    return "\n".join(f"{index + 1}. {items[index]}" for index in indexes)
