"""A section's Markdown cut into plain runs and `> [!kind] Title` callouts: what every front-end draws alike.

The Textual reader boxes callouts with their kind in words; the screen-reader mode says the same words as a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown_source import CALLOUT_KINDS

_CALLOUT = re.compile(r"^>\s*\[!(\w[\w-]*)\]\s*(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Block:
    """A run of plain Markdown (kind "") or one callout (its kind, title and body)."""

    kind: str
    title: str
    markdown: str


def split_callouts(markdown: str) -> list[Block]:
    """Cut a section into plain runs and callouts, leaving code fences untouched."""
    blocks: list[Block] = []
    plain: list[str] = []
    callout: tuple[str, str, list[str]] | None = None
    in_fence = False

    def flush_plain() -> None:
        if "".join(plain).strip():
            blocks.append(Block("", "", "\n".join(plain).strip()))
        plain.clear()

    for line in markdown.splitlines():
        if callout is not None:
            if line.startswith(">"):
                callout[2].append(line[1:].removeprefix(" "))
                continue
            blocks.append(Block(callout[0], callout[1], "\n".join(callout[2]).strip()))
            callout = None
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _CALLOUT.match(line)
        if match:
            flush_plain()
            callout = (match.group(1).lower(), match.group(2).strip(), [])
        else:
            plain.append(line)
    if callout is not None:
        blocks.append(Block(callout[0], callout[1], "\n".join(callout[2]).strip()))
    flush_plain()
    return blocks


def callout_label(kind: str, title: str) -> str:
    label = CALLOUT_KINDS.get(kind, kind.capitalize())
    return f"{label}: {title}" if title and title.lower() != label.lower() else label
