"""Reset one place from the outline, after the learner types its id (as `diffusion-course reset PLACE` asks).

Typing the id, not pressing y, because the reset cannot be undone and a stray key must never do it. What will be
forgotten is said in the words of `tui.progress.place_reset`, the same the command line uses.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ResetPlaceDialog(ModalScreen[bool]):
    """Dismisses with True once the place id is typed exactly and Enter pressed; Esc dismisses with False."""

    help_title = "Reset a place (x on the outline)"

    DEFAULT_CSS = """
    ResetPlaceDialog { align: center middle; }
    ResetPlaceDialog > Vertical {
        width: 70; max-width: 95%; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    ResetPlaceDialog #reset-input { margin-top: 1; }
    ResetPlaceDialog #reset-error { height: auto; color: $error; text-style: bold; }
    ResetPlaceDialog #reset-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reset-cancel", tooltip="Close without resetting")]

    def __init__(self, place_id: str, title: str, forgets: str) -> None:
        super().__init__()
        self.place_id, self.title, self.forgets = place_id, title, forgets

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Reset {self.title}?", markup=False, classes="reset-title")
            yield Static(
                f"This forgets {self.forgets}. Every other place stays as it is. It cannot be undone.",
                markup=False,
            )
            yield Input(placeholder=f"type {self.place_id}", id="reset-input", select_on_focus=False)
            yield Static("", id="reset-error", markup=False)
            yield Static(f"Type {self.place_id} and press Enter to reset · Esc: cancel", id="reset-keys",
                         markup=False)

    @on(Input.Submitted, "#reset-input")
    def _check(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() == self.place_id:
            self.dismiss(True)
        else:
            self.query_one("#reset-error", Static).update(
                f"That is not '{self.place_id}'. Type it exactly, or press Esc to cancel."
            )

    def action_cancel(self) -> None:
        self.dismiss(False)
