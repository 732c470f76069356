"""A stored tutor conversation as a Markdown document, for `diffusion-course transcript` and for sharing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol


class TranscriptMessage(Protocol):
    role: str
    text: str
    status: str
    input_tokens: int
    output_tokens: int
    created_at: datetime


NOTES = {
    "incomplete": "*(incomplete: this reply was stopped or cut off before it finished)*",
    "error": "*(no reply: the request failed; the question was kept)*",
}


def transcript_markdown(title: str, messages: Sequence[TranscriptMessage]) -> str:
    """Headings per turn, the tutor's Markdown as it was written, and a note on every unfinished reply."""
    lines = [f"# Tutor transcript — {title}", "", f"*{len(messages)} messages*", ""]
    for message in messages:
        who = "You" if message.role == "user" else "Tutor"
        lines += [f"## {who} · {message.created_at:%Y-%m-%d %H:%M}", ""]
        if message.text.strip():
            lines += [message.text.rstrip(), ""]
        if message.status in NOTES:
            lines += [NOTES[message.status], ""]
        if message.role != "user" and (message.input_tokens or message.output_tokens):
            lines += [f"*Tokens: {message.input_tokens:,} in · {message.output_tokens:,} out*", ""]
    return "\n".join(lines).rstrip() + "\n"
