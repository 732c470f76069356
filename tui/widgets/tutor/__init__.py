"""The tutor pane beside a place of the course, in parts with one job each.

`input.py` takes the learner's question (Enter sends, digits pick a suggestion), `conversation.py` lays out the
transcript and keeps track of the reply on show (and of a failed one a retry replaces), `run_card.py` puts a run
the lab's tutor proposes to the learner, and `pane.py` puts them together and streams replies from a
`TutorSession`. Screens build it with `TutorPane.for_place(services, place_id)` (a lab adds `run_experiment=`)
and talk to it through `propose(question)` and `add_finding(title, markdown)`; a lab refreshes its counter on
`TutorPane.ExchangeCounted`.
"""

from .conversation import STATUS_MARKS, Conversation
from .input import TutorInput
from .pane import KEYS_LINE, TUTOR_PANE_ID, TutorPane

__all__ = ["KEYS_LINE", "STATUS_MARKS", "TUTOR_PANE_ID", "Conversation", "TutorInput", "TutorPane"]
