"""Lesson Markdown as plain paragraphs for the screen-reader mode: words only, no markup read aloud.

Emphasis marks, link syntax and table rules would be spoken as "star star" or "pipe"; they are dropped here.
Callouts say their kind in words first ("Key insight: …"), tables become one sentence-like line per row
("Step: 1; Noise: low"), and formulas in code blocks keep their lines as written.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..course.blocks import callout_label, split_callouts


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def paragraphs(markdown: str) -> list[str]:
    """The section as paragraphs in reading order; a callout's label is a paragraph of its own."""
    result: list[str] = []
    for block in split_callouts(markdown):
        if block.kind:
            result.append(callout_label(block.kind, block.title) + ".")
        result.extend(_plain_blocks(block.markdown))
    return result


def _plain_blocks(markdown: str) -> list[str]:
    tokens = _parser().parse(markdown)
    blocks: list[str] = []
    lists: list[list[int]] = []  # one counter per open list: [next number] or [0] for bullets
    row: list[str] = []
    header: list[str] = []
    in_head = item_starts = False
    for token in tokens:
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            lists.append([int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0])
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif kind == "list_item_open":
            item_starts = True
        elif kind in {"fence", "code_block"}:
            blocks.append(token.content.rstrip("\n"))
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind in {"th_open", "td_open"}:
            row.append("")
        elif kind == "tr_close":
            if in_head:
                header = row
            else:
                names = header + [""] * (len(row) - len(header))
                cells = [f"{name}: {cell}" if name else cell for name, cell in zip(names, row, strict=False)]
                blocks.append("; ".join(cells) + ".")
            row = []
        elif kind == "inline":
            text = inline_text(token.children or [])
            if row:
                row[-1] = text
            elif item_starts:
                item_starts = False
                counter = lists[-1]
                marker = f"{counter[0]}." if counter[0] else "-"
                if counter[0]:
                    counter[0] += 1
                blocks.append(f"{'  ' * (len(lists) - 1)}{marker} {text}")
            elif lists:
                blocks[-1] += " " + text
            else:
                blocks.append(text)
    return [block for block in blocks if block.strip()]


def inline_text(children: list[Any]) -> str:
    """Inline tokens as words: emphasis dropped, code kept, line breaks as spaces, images by their text."""
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline", "html_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content or "")
    return "".join(parts).strip()


def inline_markdown(line: str) -> str:
    """One line of a streamed reply as words: heading marks and emphasis dropped, list marks kept."""
    tokens = _parser().parseInline(line.lstrip("#").strip() if line.startswith("#") else line)
    return inline_text(tokens[0].children or []) if tokens else line
