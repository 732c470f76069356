"""A lesson section: its Markdown, with `> [!kind] Title` callouts drawn as labelled boxes, and key terms.

Textual's Markdown draws every block quote alike, so callouts are cut out and shown as their own widget with
the kind in words in the border ("Key insight: …"): styled in colour, and still readable under NO_COLOR.
A section opened from a search hit marks the matched words in reverse video (readable without colour too).
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from ..course.blocks import Block, callout_label, split_callouts
from ..course.markdown_source import CALLOUT_KINDS
from ..course.model import KeyTerm


class PlainFence(MarkdownFence):
    """A code block (the lessons' formulas) as plain text, wrapped to the window.

    Textual otherwise guesses the language with Pygments (about 10 ms a block, which made turning a page with
    formulas miss the 50 ms goal of benchmarks/paging.py), and scrolls long lines sideways, which a
    keyboard-only reader at 80 columns cannot reach.
    """

    DEFAULT_CSS = """
    PlainFence { overflow: hidden hidden; margin: 1 0; }
    PlainFence > Label { width: 1fr; text-wrap: wrap; padding: 0 2; }
    """

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        return super().highlight(code, language or "text", ansi=ansi, dark=dark)


MATCH_STYLE = "reverse"
"""How a searched word is marked in the opened section: reverse video, which NO_COLOR keeps."""


def words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The words as whole words in any case ("noise" marks "Noise" too), or None for no words."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)


class LessonMarkdown(Markdown):
    """Markdown for lesson text: plain code blocks, links not opened (the learner is in a terminal course)."""

    BLOCKS = {**Markdown.BLOCKS, "fence": PlainFence, "code_block": PlainFence}

    def __init__(self, markdown: str, highlight: re.Pattern[str] | None = None) -> None:
        super().__init__(markdown, open_links=False)
        self.highlight = highlight

    @on(Markdown.TableOfContentsUpdated)
    def _mark_matches(self) -> None:
        """Mark the searched words once the blocks exist (Markdown posts this when it has built them), and bring
        the first marked block into view."""
        if self.highlight is None:
            return
        first: MarkdownBlock | None = None
        for block in self.query(MarkdownBlock):
            content = block.visual
            if not isinstance(content, Content) or not self.highlight.search(content.plain):
                continue
            block.update(content.highlight_regex(self.highlight, style=MATCH_STYLE))
            first = first or block
        if first is not None:
            self.call_after_refresh(first.scroll_visible, top=True, animate=False)


class Callout(Vertical):
    """A labelled box; the label names the kind in words so it reads without colour."""

    def __init__(self, block: Block, highlight: re.Pattern[str] | None = None) -> None:
        known = block.kind if block.kind in CALLOUT_KINDS else "note"
        super().__init__(classes=f"callout callout-{known}")
        self.block = block
        self.highlight = highlight
        self.border_title = callout_label(block.kind, block.title)

    def compose(self) -> ComposeResult:
        if self.block.markdown:
            yield LessonMarkdown(self.block.markdown, self.highlight)


class KeyTerms(Vertical):
    """The lesson's key terms, shown after its last section."""

    def __init__(self, terms: tuple[KeyTerm, ...], highlight: re.Pattern[str] | None = None) -> None:
        super().__init__(classes="key-terms")
        self.terms = terms
        self.highlight = highlight
        self.border_title = "Key terms"

    def compose(self) -> ComposeResult:
        for term in self.terms:
            line = Content.assemble((term.term, "bold"), f" — {term.definition}")
            if self.highlight is not None:
                line = line.highlight_regex(self.highlight, style=MATCH_STYLE)
            yield Static(line, classes="key-term")


class SectionView(Vertical):
    """One section's content; built fresh per page (measured by benchmarks/paging.py)."""

    DEFAULT_CSS = """
    SectionView { height: auto; }
    SectionView > .section-title { text-style: bold; margin: 0 1 1 1; }
    SectionView Markdown { margin: 0; padding: 0 1; }
    SectionView .callout { height: auto; border: round $accent; margin: 0 1 1 1; padding: 0 0; }
    SectionView .callout-insight { border: round $success; }
    SectionView .callout-warning { border: heavy $warning; }
    SectionView .callout-cause { border: round $secondary; }
    SectionView .callout-compare { border: round $primary; }
    SectionView .callout-terms { border: round $primary; }
    SectionView .callout > Markdown { padding: 0 1; }
    SectionView .key-terms { height: auto; border: double $primary; margin: 0 1 1 1; padding: 0 1; }
    SectionView .key-term { margin-bottom: 1; }
    """

    def __init__(
        self, title: str, markdown: str, key_terms: tuple[KeyTerm, ...] = (), highlight: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.title = title
        self.markdown = markdown
        self.key_terms = key_terms
        self.highlight = words_pattern(highlight)

    def compose(self) -> ComposeResult:
        yield Static(self.title, classes="section-title", markup=False)
        for block in split_callouts(self.markdown):
            yield Callout(block, self.highlight) if block.kind else LessonMarkdown(block.markdown, self.highlight)
        if self.key_terms:
            yield KeyTerms(self.key_terms, self.highlight)
