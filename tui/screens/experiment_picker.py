"""Choose one of a lab's experiments: arrows or its number, Enter to run, Esc to close."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from ..course.experiments import EXPERIMENTS
from ..widgets.safe_option_list import SafeOptionList


class ExperimentPicker(ModalScreen[str | None]):
    """Dismisses with the chosen experiment's name, or None."""

    DEFAULT_CSS = """
    ExperimentPicker { align: center middle; }
    ExperimentPicker > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 90%; border: thick $accent; background: $surface;
        padding: 0 1;
    }
    ExperimentPicker SafeOptionList { height: auto; max-height: 16; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="experiments-close"),
        *[
            Binding(str(n), f"choose({n - 1})", f"Experiment {n}", show=False, id=f"experiment-{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Run an experiment"
            yield Static("↑ ↓ or a number to choose, Enter to run, Esc to close. The tutor sees the figures.")
            yield SafeOptionList(
                *[Option(f"{n}. {name}: {EXPERIMENTS.get(name, '')}", id=name) for n, name in enumerate(self.names, 1)]
            )

    @on(SafeOptionList.OptionSelected)
    def _selected(self, event: SafeOptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, index: int) -> None:
        if index < len(self.names):
            self.dismiss(self.names[index])

    def action_close(self) -> None:
        self.dismiss(None)
