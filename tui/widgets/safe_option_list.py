"""An OptionList that can be paged at any moment.

Textual 8.2.8's OptionList raises KeyError on PgUp/PgDn before its lines are laid out (just after its options
change, or while it has no size). The fuzz test (tests/test_fuzz_keys.py) found it; paging then does nothing.
"""

from __future__ import annotations

from textual.widgets import OptionList


def can_page(option_list: OptionList) -> bool:
    """True when paging will find the highlighted option among laid-out lines."""
    option_list._update_lines()
    lines = option_list._lines
    highlighted = option_list.highlighted
    return bool(lines) and (highlighted is None or highlighted in option_list._index_to_line)


class SafeOptionList(OptionList):
    def _move_page(self, direction: int) -> None:
        if can_page(self):
            super()._move_page(direction)
