"""The one boundary for outside text: model replies, server messages and lesson files pass `clean_text` where they
enter, so no terminal control sequence (window title, clipboard write, screen clear, leaving the alternate
screen) can reach the learner's terminal, the store or an exported transcript.

Newline and tab are kept; every other control character (C0, DEL, C1) goes. Whole escape sequences are removed
rather than only their ESC, so an `ESC]0;title BEL` leaves no `]0;title` behind. Plain Python, no imports beyond
`re`: it runs on every streamed chunk.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?         # CSI: ESC [ params intermediates final
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) [^\x07\x1b\x9c]*        # OSC, DCS, SOS, PM, APC: up to their end,
      (?:\x07|\x1b\\|\x9c)?                                           # the BEL or ST that closes them
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                                 # any other ESC sequence (ESC 7, ESC ( B)
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 control but tab (\\x09) and newline (\\x0a), DEL, and every C1 control."""


def clean_text(text: str) -> str:
    """`text` without escape sequences or control characters, keeping newlines and tabs; CRLF becomes LF."""
    if not _CONTROL.search(text):  # the common case: nothing to do, no copy
        return text
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def control_characters(text: str) -> list[str]:
    """The control characters `clean_text` would remove (a CRLF line end is not one), each once, as a code such
    as 'U+001B' for an error message."""
    return [f"U+{ord(char):04X}" for char in dict.fromkeys(_CONTROL.findall(text.replace("\r\n", "\n")))]
