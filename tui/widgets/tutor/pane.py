"""The tutor pane: a conversation with the tutor beside a lesson, quiz review or lab (issue 5, point 1).

The pane only shows what a `TutorSession` yields and tells its parent when a lab exchange counted; the rules
(what counts, what is stored, retries of rate limits) live in `tui.tutor` (docs/tutor.md). Where the keys go is
said in words in its border (and the border turns heavy while they go to the pane), so it reads under NO_COLOR.
The question being written is kept per place in the store (a draft), given back when the pane opens there again,
and the pane can fill the window (`zoom`: the page hides, the footer stays; see zoom.py). Replies stream through
`Markdown.get_stream()`, which batches chunks between frames: re-rendering the whole reply per chunk is quadratic
(benchmarks/tutor_stream.py: 162 s against 1.2 s for a 3,000-word reply in 700 chunks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Markdown, Static, TextArea

from ...progress import StoreError
from ...tutor import EmptyQuestion, TutorError, TutorSession, Waiting, context_for, format_usage
from ...tutor.session import RunProposal, RunRefused, ToolsRefused
from ...tutor.tools import LabTools, ProposedRun, RunOutcome
from ..marks import exchange_count
from .conversation import STATUS_MARKS, Conversation
from .input import TutorInput
from .run_card import RunCard
from .zoom import Zoom

if TYPE_CHECKING:
    from textual.timer import Timer

    from ...course.model import Course
    from ...progress import Store
    from ...services import Services
    from ...tutor import Provider, ReplyOutcome

TUTOR_PANE_ID = "tutor-pane"
KEYS_LINE = "Enter send · F6 zoom · Shift+Tab history"
"""Shown in the pane while it has the keys, beside the footer's (Ctrl+N new line, Esc, F4): what it cannot show."""
TYPING_HERE = "✎ you type here"
KEYS_TO_PAGE = "keys: page · F4 ask"
"""The pane's bottom border says where the keys go, in words (with a heavy border while they go to the pane);
short enough for a pane 24 columns wide (40% of a 60-column window)."""
TITLE_FRAME = 6
"""Cells a border title shares its line with: the two corners, and a rule and a space on each side."""
INPUT_ROWS = (3, 8)
"""The question box's least and most rows, borders included (at most a third of the pane's height)."""
DRAFT_SAVE_DELAY_S = 0.5
"""A draft is stored this long after the last keystroke (and at once when the pane closes): one write a pause."""
RunExperiment = Callable[[ProposedRun, Callable[[RunOutcome], None]], None]
"""Runs a confirmed run the way F5 does and calls back, once, with what became of it (the lab screen's)."""
TOOLS_REFUSED = ("This tutor's server does not take tools, so the tutor cannot run experiments here; it chats "
                 "instead. F5 still runs them.")


class TutorPane(Vertical):
    """The tutor beside a place of the course. Mount it with `TutorPane(course, store, provider, place_id)`.

    A new `TutorSession` is made on mount, so the context (wrong answers, finished quizzes) is current each
    time the pane opens. The provider is shared by the app (the offline tutor keeps its index in it).
    """

    DEFAULT_CSS = """
    TutorPane { border: round $secondary; padding: 0 1; height: 1fr; width: 1fr; }
    TutorPane:focus-within { border: heavy $accent; }
    TutorPane > #tutor-header { text-style: bold; }
    TutorPane > #tutor-counter { color: $text; }
    TutorPane > #tutor-history { height: 1fr; border: none; }
    TutorPane > #tutor-history:focus { background: $boost; }
    TutorPane .tutor-question { margin-top: 1; text-style: bold; }
    TutorPane .tutor-reply { margin: 0; padding: 0; }
    TutorPane .tutor-meta { color: $text-muted; text-style: italic; }
    TutorPane .tutor-suggestions { margin-top: 0; }
    TutorPane > #tutor-status { color: $warning; }
    TutorPane > #tutor-status.-empty { display: none; }
    TutorPane > #tutor-status.-error { color: $error; text-style: bold; }
    TutorPane > #tutor-input { height: auto; min-height: 3; max-height: 8; }  /* INPUT_ROWS; on_resize caps it */
    TutorPane > #tutor-keys { color: $text-muted; display: none; }
    TutorPane:focus-within > #tutor-keys { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop reply", id="tutor-stop", tooltip="Stop the reply; what arrived is kept"),
        Binding("escape", "leave_input", "Leave input", id="tutor-leave-input",
                tooltip="Leave the question box for the page (a half-written question: for the history); "
                        "never leaves the screen"),
        Binding("ctrl+r", "retry", "Retry", id="tutor-retry", tooltip="Ask the last question again after an error"),
        *[
            Binding(str(n), f"pick({n})", f"Question {n}", show=False, id=f"tutor-pick-{n}",
                    tooltip=f"Put suggested question {n} in the input")
            for n in range(1, 10)
        ],
    ]

    busy: reactive[bool] = reactive(False, init=False)
    """A reply is streaming (Esc stops it; Enter waits)."""

    class ExchangeCounted(Message):
        """A lab exchange counted: the lab screen and the outline refresh from the store."""

        def __init__(self, pane: TutorPane, lab_id: str, count: int, complete: bool) -> None:
            super().__init__()
            self.pane = pane
            self.lab_id = lab_id
            self.count = count
            self.complete = complete

        @property
        def control(self) -> TutorPane:
            return self.pane

    class ReplyFinished(Message):
        """A reply ended (complete, stopped, cut off or failed): for screens that show status elsewhere."""

        def __init__(self, pane: TutorPane, status: str) -> None:
            super().__init__()
            self.pane = pane
            self.status = status

        @property
        def control(self) -> TutorPane:
            return self.pane

    def __init__(self, course: Course, store: Store, provider: Provider, place_id: str, *,
                 autofocus: bool = True, id: str | None = TUTOR_PANE_ID, classes: str | None = None,
                 run_experiment: RunExperiment | None = None, model: str | None = None) -> None:
        """`run_experiment`: given in a lab whose screen can run experiments, so the tutor may propose runs of the
        lab's experiments on `model` (settings.model)."""
        super().__init__(id=id, classes=classes)
        self.course = course
        self.store = store
        self.provider = provider
        self.place_id = place_id
        self.autofocus = autofocus
        self.run_experiment = run_experiment
        context = context_for(course, place_id, store)
        tools = (LabTools(context.lab.experiments, model)
                 if run_experiment is not None and context.lab is not None else None)
        self.session = TutorSession(context, provider, store, tools or None)
        self._proposal: RunProposal | None = None
        """The run the tutor proposed in the reply in flight, until the learner answers it."""
        self._proposal_meta = Static()
        """The status line under that reply."""
        self._question = ""
        """The question of the reply in flight, restored into the input if that reply fails."""
        self._saved_draft = store.draft(place_id)
        """The draft as the store has it: a write happens only when the box differs."""
        self._draft_timer: Timer | None = None
        self._box_text = self._saved_draft
        """The question box's text as last changed (still known once the pane's widgets are gone, on unmount)."""
        self._zoom = Zoom(self)

    @classmethod
    def for_place(cls, services: Services, place_id: str, *, run_experiment: RunExperiment | None = None) -> TutorPane:
        """The pane for a place ("l1", "l1.lab", "l1.quiz"), on the app's shared tutor provider and store; a lab
        that passes `run_experiment` lets its tutor propose runs of the lab's experiments."""
        return cls(services.course, services.store, services.tutor(), place_id, run_experiment=run_experiment,
                   model=services.settings.model)

    # -- layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        session = self.session
        lab = session.context.lab
        self.border_title = self._title()
        self.border_subtitle = KEYS_TO_PAGE
        yield Static(self._header(), id="tutor-header", markup=False)
        if lab is not None:
            yield Static(self._counter_text(), id="tutor-counter", markup=False)
        yield Conversation(session.greeting, session.history(), session.suggestions, id="tutor-history")
        yield Static("", id="tutor-status", classes="-empty", markup=False)
        yield TutorInput(id="tutor-input", text=self._saved_draft)
        yield Static(KEYS_LINE, id="tutor-keys", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.conversation.show_exchange)
        if self.autofocus:
            self.input.focus()

    def on_unmount(self) -> None:
        self.session.cancel()  # the session keeps the partial reply, stored as incomplete
        self.save_draft()
        self._zoom.leave()  # a pane closed while zoomed gives the page back

    # -- where the keys go ------------------------------------------------------------------------------------
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.border_subtitle = TYPING_HERE

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._after_blur)

    def _after_blur(self) -> None:
        if self._gone or self.has_focus_within:
            return
        self.border_subtitle = KEYS_TO_PAGE
        self._zoom.leave()  # the keys went to the page: it must be on show to take them

    @property
    def zoomed(self) -> bool:
        return self._zoom.active

    def zoom(self) -> None:
        """Fill the window with the conversation, or give the page its place back; the keys follow what shows."""
        if self.zoomed:
            self._zoom.leave()
            return
        self._zoom.enter()
        if not self.has_focus_within:
            self.input.focus()
        self.call_after_refresh(self.conversation.show_exchange)

    # -- the draft --------------------------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Store the box's text as this place's draft (an empty box forgets it); a failure is said, not raised."""
        text = self._box_text
        if text == self._saved_draft:
            return
        try:
            self.store.save_draft(self.place_id, text)
        except StoreError as error:
            if not self._gone:
                self._say(f"Your draft could not be kept: {error}", error=True)
            return
        self._saved_draft = text

    @property
    def _gone(self) -> bool:
        """The pane left the screen (closed with its key, or the screen went): its widgets are not to be touched."""
        return not self.is_attached

    @property
    def input(self) -> TutorInput:
        return self.query_one("#tutor-input", TutorInput)

    @property
    def conversation(self) -> Conversation:
        return self.query_one("#tutor-history", Conversation)

    def on_resize(self) -> None:
        self.border_title = self._title(self.outer_size.width)
        # A long question grows the box up to 8 rows, but never past a third of the pane: at 60×20 an 8-row box left
        # the conversation 3 lines (the box scrolls instead; F6 gives the pane the window).
        self.input.styles.max_height = max(INPUT_ROWS[0], min(INPUT_ROWS[1], self.size.height // 3))

    def _title(self, width: int | None = None) -> str:
        """'Tutor · Course tutor', or a lab's tutor by name ('Tutor · ' only where the name does not say it), so
        'Conditioning & Guidance Tutor' is whole in a lab at 80×24 (it was cut to 'Conditioning & Guidance T…').
        Where even that is cut (`width`: the pane's, borders included), the word 'Tutor' goes instead: at 60×20,
        'Diffusion Mechanics', not 'Diffusion Mechanics Tut…'."""
        lab = self.session.context.lab
        if lab is None:
            title, short = "Tutor · Course tutor", "Course tutor"
        elif "tutor" in lab.tutor_name.lower():
            title = lab.tutor_name
            short = " ".join(word for word in title.split() if word.lower() != "tutor") or title
        else:
            title, short = f"Tutor · {lab.tutor_name}", lab.tutor_name
        return title if width is None or cell_len(title) + TITLE_FRAME <= width else short

    def _header(self) -> str:
        """Which tutor answers (its name is in the border title)."""
        session = self.session
        return "Offline: quotes the course, no AI" if session.offline else session.label

    def _counter_text(self) -> str:
        session = self.session
        count = exchange_count(session.exchanges, session.exchanges_needed)
        return f"Lab complete ✓ (exchanges {count})" if session.lab_complete else f"Exchanges {count}"

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#tutor-status", Static)
        status.update(text)
        status.set_class(error, "-error")
        status.set_class(not text, "-empty")

    def watch_busy(self) -> None:
        self.refresh_bindings()  # Esc and Ctrl+R come and go in the footer

    # -- keys -------------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.busy  # otherwise Esc goes on to the screen (back)
        if action == "leave_input":  # so Esc in the question box never leaves the screen
            return not self.busy and self.input.has_focus
        if action == "retry":
            return self.session.can_retry and not self.busy
        if action == "pick":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and 0 < number <= len(self.session.suggestions)
        return True

    def action_stop(self) -> None:
        self.session.cancel()

    def action_leave_input(self) -> None:
        """An empty box hands focus to the page (its keys work again; a zoomed pane gives the page its place back);
        a draft moves to the history, kept."""
        if self.input.text.strip():
            self.conversation.focus()
        else:
            self.to_page()

    def to_page(self) -> None:
        """Hand the keys to the page, which comes back into view if the pane was zoomed."""
        self._zoom.leave()
        self.screen.set_focus(None)

    def action_retry(self) -> None:
        if self.session.can_retry and not self.busy:
            self._start(None)

    def action_pick(self, number: int) -> None:
        suggestions = self.session.suggestions
        if 0 < number <= len(suggestions):
            self.propose(suggestions[number - 1])

    def add_finding(self, title: str, markdown: str, *, announce: bool = True) -> None:
        """Hand the tutor an experiment's figures (the lab calls this when one finishes) and say so."""
        self.session.add_finding(markdown)
        if announce:
            self._say(f"The tutor now has the figures of “{title}”: ask about them.")

    def propose(self, question: str) -> None:
        """Put a question in the input, ready to edit and send (the lab screen's number keys call this)."""
        self.input.set_question(question)
        self.input.focus()

    @on(TutorInput.PickSuggestion)
    def _picked(self, event: TutorInput.PickSuggestion) -> None:
        event.stop()
        if 0 < event.number <= len(self.session.suggestions):
            self.action_pick(event.number)
        else:
            self.input.insert(str(event.number))  # no such suggestion: the digit is just text

    @on(Conversation.Typed)
    def _typed_in_history(self, event: Conversation.Typed) -> None:
        event.stop()
        self.input.focus()
        if event.character:
            self.input.insert(event.character)

    @on(TextArea.Changed, "#tutor-input")
    def _typing(self, event: TextArea.Changed) -> None:
        self._box_text = event.text_area.text
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY_S, self._save_draft_if_attached, name="tutor-draft")

    def _save_draft_if_attached(self) -> None:
        if not self._gone:
            self.save_draft()

    @on(TutorInput.Submitted)
    def _submitted(self, event: TutorInput.Submitted) -> None:
        event.stop()
        self.send(self.input.text)

    def send(self, text: str) -> bool:
        """Send a question (as Enter does); returns False, saying why in the pane, when it cannot go now."""
        if self.busy:
            self._say("A reply is still coming: wait for it, or press Esc to stop it.")
            return False
        if not text.strip():
            self._say("Type a question first.")
            return False
        self.input.clear()
        self._box_text = ""
        self.save_draft()  # sent: no draft is left at this place
        self._start(text)
        return True

    def _start(self, text: str | None) -> None:
        self.busy = True
        self._say("")
        self._stream_reply(text)

    # -- streaming --------------------------------------------------------------------------------------------
    @work(exclusive=True, group="tutor", exit_on_error=False)
    async def _stream_reply(self, text: str | None) -> None:
        """Stream one reply (text None = retry the pending question) into a new Markdown widget."""
        session = self.session
        conversation = self.conversation
        if text is not None:
            self._question = text.strip()
            if self.session.context.lab is not None:
                verdict = session.check(text)
                if not verdict.counts and verdict.reason:
                    self._say(verdict.reason)
            await conversation.add_question(self._question)
        reply, meta = await conversation.add_reply()
        stream = Markdown.get_stream(reply)
        parts: list[Widget] = [reply]
        """This reply's widgets: its text, and after each proposed run, the run's card and the text after it."""
        got_text = waited = replying = False
        try:
            async for item in session.retry() if text is None else session.ask(text):
                if isinstance(item, Waiting):
                    waited = True
                    self._say(f"{item.message} Waiting {item.seconds:g} s, then trying again (Esc stops).")
                    continue
                if isinstance(item, (RunProposal, RunRefused, ToolsRefused)):
                    if isinstance(item, RunProposal):
                        self._proposal = item
                    await stream.stop()
                    reply = await self._interject(self._run_widget(item), parts, meta)
                    stream = Markdown.get_stream(reply)
                    replying = False
                    continue
                if not replying:
                    replying = True
                    meta.update("Replying… (Esc stops)")
                if not got_text:
                    got_text = True
                    if waited:
                        self._say("")
                    await conversation.drop_failed_reply()
                await stream.write(item)
                conversation.show_exchange(back=False)
            await stream.stop()
            if self._gone:
                return  # the pane was closed mid-reply: the session stored the partial reply as stopped
        except EmptyQuestion as error:
            await stream.stop()
            await reply.remove()
            await meta.remove()
            self._say(error.message)
        except TutorError as error:
            await stream.stop()
            if self._gone:
                return
            await self._failed(error, parts, meta, got_text)
        else:
            await self._finished(session.last, parts, meta)
        finally:
            self._proposal = None
            if not self._gone:
                self.busy = False
                if isinstance(self.app.focused, RunCard):
                    self.input.focus()  # its proposal ended with the reply
                self.call_after_refresh(conversation.show_exchange)  # the reply from its first line, laid out

    def _run_widget(self, item: RunProposal | RunRefused | ToolsRefused) -> Widget:
        """A proposed run as a card to answer; a refused one, or a server without tools, as a line."""
        if isinstance(item, ToolsRefused):
            return Static(TOOLS_REFUSED, classes="tutor-meta", markup=False)
        if isinstance(item, RunRefused):
            return Static(f"The tutor asked for a run that cannot go, and was told why: {item.reason}",
                          classes="tutor-meta", markup=False)
        from ...gen.experiments.registry import get

        return RunCard(item.run, needs_model=get(item.run.experiment).needs_model)

    async def _interject(self, widget: Widget, parts: list[Widget], meta: Static) -> Markdown:
        """Show `widget` in the reply where it has got to, and return the Markdown its text goes on in; a card
        takes focus (so Enter or n answers it) and waits for its proposal to be settled."""
        after = Markdown("", classes="tutor-reply", open_links=False)
        conversation = self.conversation
        await conversation.mount_all([widget, after], before=meta)
        parts += [widget, after]
        proposal = self._proposal
        if isinstance(widget, RunCard) and proposal is not None:
            self._proposal_meta = meta
            proposal.outcome.add_done_callback(
                lambda settled: widget.show_outcome(None if settled.cancelled() else settled.result()))
            meta.update("Waiting for your answer to the proposed run…")
            widget.focus(scroll_visible=False)  # scrolling to it would release the conversation's anchor
            self.call_after_refresh(conversation.scroll_end, animate=False)  # the text after the run follows
        return after

    @on(RunCard.Answered)
    def _run_answered(self, event: RunCard.Answered) -> None:
        """Decline at once; or run it the way F5 does, and let the run's ending settle the proposal."""
        event.stop()
        proposal = self._proposal
        if proposal is None or not proposal.open or proposal.run is not event.card.run:
            return
        self.input.focus()
        if event.run and self.run_experiment is not None:
            self._proposal_meta.update("Running the experiment… (Esc there cancels)")
            self.run_experiment(proposal.run, proposal.settle)
        else:
            proposal.settle(RunOutcome.declined())

    async def _failed(self, error: TutorError, parts: list[Widget], meta: Static, got_text: bool) -> None:
        """Say what went wrong, keep any partial reply, and give the learner's text back."""
        partial = error.partial if error.partial and not got_text else ""
        if partial:
            last = parts[-1]
            assert isinstance(last, Markdown)
            await Markdown.get_stream(last).write(partial)
        conversation = self.conversation
        if got_text or partial or len(parts) > 1:
            meta.update(STATUS_MARKS["incomplete"])
            await conversation.keep_as_failed(*parts, meta)
        elif conversation.has_failed_reply:  # a retry that failed before any text: the earlier one stays as it was
            await conversation.remove_children([*parts, meta])
        else:
            await conversation.remove_children(parts)
            meta.update(STATUS_MARKS["error"])
            await conversation.keep_as_failed(meta)
        retry = " Press Ctrl+R to retry." if error.retryable and self.session.can_retry else ""
        self._say(f"{error.message}{retry}", error=True)
        if not self.input.text.strip() and self._question:
            self.input.set_question(self._question)  # nothing the learner typed is lost
        self.post_message(self.ReplyFinished(self, "incomplete" if (got_text or partial) else "error"))

    async def _finished(self, outcome: ReplyOutcome | None, parts: list[Widget], meta: Static) -> None:
        if outcome is None:
            return
        if outcome.status == "complete":
            self.conversation.forget_failed_reply()
            if self.input.text.strip() == self._question:
                self.input.clear()  # the question given back after a failure has now been answered
            meta.update("Offline tutor" if self.session.offline else format_usage(outcome.usage))
        else:  # stopped by Esc: kept, and a retry replaces it
            meta.update(STATUS_MARKS.get(outcome.status, ""))
            if not outcome.text:
                await self.conversation.remove_children(parts)
            await self.conversation.keep_as_failed(*([*parts, meta] if outcome.text else [meta]))
            self._say("Stopped. Press Ctrl+R to ask again.")
        lab = self.session.context.lab
        if lab is not None:
            self.query_one("#tutor-counter", Static).update(self._counter_text())
            if outcome.counted:
                self._say("That exchange counted toward the lab." if not self.session.lab_complete
                          else "That exchange counted: the lab is complete ✓")
                self.post_message(self.ExchangeCounted(self, lab.id, self.session.exchanges,
                                                       self.session.lab_complete))
            elif outcome.status == "complete" and outcome.reason:
                self._say(f"Not counted: {outcome.reason}")
        self.post_message(self.ReplyFinished(self, outcome.status))
