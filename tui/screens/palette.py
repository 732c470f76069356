"""Textual's command palette with two races closed that the fuzz test (tests/test_fuzz_keys.py) found in 8.2.8.

- PgUp/PgDn while the list is still filling raised KeyError (see widgets/safe_option_list.py).
- A second Enter queued before the first was handled dismissed the palette twice: ScreenStackError.
- Closing the palette while its search worker was starting raised NoMatches in the worker, ending the app.
"""

from __future__ import annotations

from textual import on, work
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.widgets import Button, Input

from ..widgets.safe_option_list import can_page


class CoursePalette(CommandPalette):
    def _action_command_list(self, action: str) -> None:
        if action in {"page_up", "page_down"} and not can_page(self.query_one(CommandList)):
            return
        super()._action_command_list(action)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:
            return  # the palette was closed while it searched

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _select_or_command(self, event: Input.Submitted | Button.Pressed | None = None) -> None:
        if event is not None:
            event.prevent_default()  # the base class's own handler for this event must not run as well
        if not self.app.screen_stack or self.app.screen is not self:  # already dismissed by an earlier key
            if event is not None:
                event.stop()
            return
        super()._select_or_command(event)
