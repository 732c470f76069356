"""A lesson section: its Markdown, with `> [!kind] Title` callouts drawn as labelled boxes, and key terms.

Textual's Markdown draws every block quote alike, so callouts are cut out and shown as their own widget with
the kind in words in the border ("Key insight: …"): styled in colour, and still readable under NO_COLOR.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownFence

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


class LessonMarkdown(Markdown):
    """Markdown for lesson text: plain code blocks, links not opened (the learner is in a terminal course)."""

    BLOCKS = {**Markdown.BLOCKS, "fence": PlainFence, "code_block": PlainFence}

    def __init__(self, markdown: str) -> None:
        super().__init__(markdown, open_links=False)


class Callout(Vertical):
    """A labelled box; the label names the kind in words so it reads without colour."""

    def __init__(self, block: Block) -> None:
        known = block.kind if block.kind in CALLOUT_KINDS else "note"
        super().__init__(classes=f"callout callout-{known}")
        self.block = block
        self.border_title = callout_label(block.kind, block.title)

    def compose(self) -> ComposeResult:
        if self.block.markdown:
            yield LessonMarkdown(self.block.markdown)


class KeyTerms(Vertical):
    """The lesson's key terms, shown after its last section."""

    def __init__(self, terms: tuple[KeyTerm, ...]) -> None:
        super().__init__(classes="key-terms")
        self.terms = terms
        self.border_title = "Key terms"

    def compose(self) -> ComposeResult:
        for term in self.terms:
            yield Static(f"[b]{_escape(term.term)}[/b] — {_escape(term.definition)}", classes="key-term")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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

    def __init__(self, title: str, markdown: str, key_terms: tuple[KeyTerm, ...] = ()) -> None:
        super().__init__()
        self.title = title
        self.markdown = markdown
        self.key_terms = key_terms

    def compose(self) -> ComposeResult:
        yield Static(self.title, classes="section-title", markup=False)
        for block in split_callouts(self.markdown):
            yield Callout(block) if block.kind else LessonMarkdown(block.markdown)
        if self.key_terms:
            yield KeyTerms(self.key_terms)
