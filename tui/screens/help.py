"""F1 / ?: every key of the screen underneath, including the ones the footer has no room for."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

SIDEWAYS = ("scroll_left", "scroll_right", "page_left", "page_right")
GENERIC = {"focus_next", "focus_previous", "copy_text"}


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's active bindings, keys of one action joined ("1 / a").

    The screen's own keys come first, then the app's, then those of the focused widget.
    """
    rows: dict[str, list[str]] = {}
    order = {screen: 0, screen.app: 1}

    def rank(item: tuple[str, object]) -> int:
        active = item[1]
        if active.binding.action.rsplit(".", 1)[-1] in GENERIC:  # type: ignore[attr-defined]
            return 3
        return order.get(active.node, 2)  # type: ignore[attr-defined]

    bindings = sorted(screen.active_bindings.items(), key=rank)
    for key, active in bindings:
        binding = active.binding
        description = binding.tooltip or binding.description
        if not description or binding.system or binding.action.startswith(SIDEWAYS):
            continue
        display = binding.key_display or screen.app.get_key_display(binding) or key
        keys = rows.setdefault(description, [])
        if display not in keys:
            keys.append(display)
    return [(" / ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; Esc, F1, ? or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss_help", "Close", id="close-help"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.rows = key_rows(screen)
        self.screen_title = getattr(screen, "help_title", screen.__class__.__name__.removesuffix("Screen"))

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for keys, description in self.rows:
            table.add_row(keys, description)
        table.add_row("Ctrl+P", "Command palette: jump to any lesson, quiz, lab or the test")
        with VerticalScroll() as box:
            box.border_title = f"Keys: {self.screen_title}"
            box.border_subtitle = "Esc closes"
            yield Static(table)
            yield Static(Text("Every action works from the keyboard; the mouse is optional.", style="italic"))

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
