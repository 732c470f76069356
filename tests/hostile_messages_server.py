"""A hostile Messages-API server: the fake server's plumbing, with replies and errors that carry terminal control
sequences (window title, OSC 52 clipboard write, screen clear, leaving the alternate screen, NUL, C1 controls).

`HOSTILE_CHUNKS` split one sequence across two deltas, as a real stream may. `SAFE_REPLY` is what must be shown
and stored: the readable words, newlines and tabs, nothing else.
"""

from __future__ import annotations

from .fake_messages_server import (
    FakeMessagesServer,
    _Handler,
    closing_events,
    error_body,
    message_start,
    sse,
    text_events,
)

HOSTILE_CHUNKS = (
    "Noise\x1b]0;pwned title\x07 is added",
    " step\x1b]52;c;cm0gLXJmIH4=\x07 by step.\n\x1b[2J\x1b[?1049l",
    "\tThe model\x00 learns\x1b]0;split",
    " title\x1b\\ to undo it\x9b31m.\r\n",
)
SAFE_REPLY = "Noise is added step by step.\n\tThe model learns title to undo it.\n"
"""What survives: the split OSC loses its opening half with the first chunk, so 'title' of its body remains (as
text, harmless) — never an escape character."""
HOSTILE_MESSAGE = "bad model\x1b]0;owned\x07\x1b[2J\x00 name\x9d8;;http://x\x9c"


class _HostileHandler(_Handler):
    def scenario_hostile_reply(self, _: int) -> None:
        self._stream([message_start(), *text_events(HOSTILE_CHUNKS), *closing_events()])

    def scenario_hostile_rejection(self, _: int) -> None:
        self._json(400, error_body("invalid_request_error", HOSTILE_MESSAGE))

    def scenario_hostile_error_type(self, _: int) -> None:
        self._json(500, error_body("api_error\x1b[?1049l\x1b]52;c;eA==\x07", HOSTILE_MESSAGE))

    def scenario_hostile_error_event(self, _: int) -> None:
        self._stream([message_start(), *text_events(HOSTILE_CHUNKS[:1]),
                      sse("error", error_body("weird\x1b[2J_error", HOSTILE_MESSAGE))])

    def scenario_html_page(self, _: int) -> None:
        """A proxy's or captive portal's page with status 200: no event at all."""
        page = b"<html><body>Please log in to the network</body></html>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def scenario_random_bytes(self, hit: int) -> None:
        """Deltas of random text (control characters included) from `self.server_state.payloads[hit - 1]`."""
        chunks = self.server_state.payloads[hit - 1]  # type: ignore[attr-defined]
        self._stream([message_start(), *text_events(chunks), *closing_events()])


class HostileMessagesServer(FakeMessagesServer):
    """`with HostileMessagesServer() as server:`; `server.url("hostile-reply")` and friends; for the fuzz test,
    set `server.payloads` (one tuple of chunks per request) and use `server.url("random-bytes")`."""

    payloads: list[tuple[str, ...]]

    def _scenarios(self) -> type[_Handler]:
        self.payloads = []
        return _HostileHandler
