"""A local fake of the Anthropic Messages API on 127.0.0.1, streaming server-sent events, for the tutor tests.

The scenario is the first part of the URL path, so each test points the real `anthropic` SDK at its own base
URL: `http://127.0.0.1:PORT/drop` makes `/drop/v1/messages` cut the connection mid-reply. Requests are recorded
(headers and JSON body) so tests can check what the SDK sent.

Tool use: the `tool` scenario answers a question with text and the `tool_use` blocks in `tool_calls` (streamed
as content_block_start, input_json_delta pieces and stop_reason "tool_use"), and a request that carries tool
results with text quoting their first line, as a model reading its results would. `tool_always` asks for a run
every time; `no_tools` refuses any request with `tools` (HTTP 400), as a server without tool support does.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLY_CHUNKS = ("The forward process ", "adds Gaussian noise ", "on a fixed schedule.")
TOOL_PREAMBLE = "Let's check that with a run."
READ_BACK = "Your run came back: "
"""How the `tool` scenario's answer to a tool result begins; the result's first line follows."""
RETRY_AFTER_S = 0.2
SLOW_S = 3.0


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeMessagesServer:
    """Start with `with FakeMessagesServer() as server:`; `server.url("ok")` is a base URL for the SDK."""

    requests: list[Recorded] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    tool_calls: list[tuple[str, object]] = field(default_factory=lambda: [("forward-process", {"seed": 3})])
    """(tool name, input) of each `tool_use` block the tool scenarios send."""

    def __post_init__(self) -> None:
        owner = self

        class Handler(self._scenarios()):  # type: ignore[misc]
            server_state = owner

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def _scenarios(self) -> type[_Handler]:
        """The request handler whose `scenario_*` methods this server answers; a subclass adds its own."""
        return _Handler

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, scenario: str) -> str:
        return f"http://127.0.0.1:{self.port}/{scenario}"

    def __enter__(self) -> FakeMessagesServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def refused_url() -> str:
    """A base URL on which nothing listens (the port was bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def message_start(input_tokens: int = 1200, cache_read: int = 1000) -> bytes:
    usage = {"input_tokens": input_tokens - cache_read, "output_tokens": 1, "cache_read_input_tokens": cache_read,
             "cache_creation_input_tokens": 0}
    message = {"id": "msg_fake", "type": "message", "role": "assistant", "model": "fake-model", "content": [],
               "stop_reason": None, "stop_sequence": None, "usage": usage}
    return sse("message_start", {"type": "message_start", "message": message})


def text_events(chunks: tuple[str, ...] = REPLY_CHUNKS) -> list[bytes]:
    events = [sse("content_block_start", {"type": "content_block_start", "index": 0,
                                          "content_block": {"type": "text", "text": ""}})]
    events += [sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                           "delta": {"type": "text_delta", "text": chunk}}) for chunk in chunks]
    return events


def closing_events(output_tokens: int = 42) -> list[bytes]:
    return [
        sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
        sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                              "usage": {"output_tokens": output_tokens}}),
        sse("message_stop", {"type": "message_stop"}),
    ]


def tool_use_events(calls: list[tuple[str, object]], first_index: int = 1) -> list[bytes]:
    """Each call as a tool_use block whose input arrives as two input_json_delta pieces, as the API streams it."""
    events = []
    for offset, (name, arguments) in enumerate(calls):
        index = first_index + offset
        events.append(sse("content_block_start", {"type": "content_block_start", "index": index, "content_block": {
            "type": "tool_use", "id": f"toolu_{index}", "name": name, "input": {}}}))
        text = arguments if isinstance(arguments, str) else json.dumps(arguments)
        for piece in (text[: len(text) // 2], text[len(text) // 2 :]):
            events.append(sse("content_block_delta", {"type": "content_block_delta", "index": index,
                                                      "delta": {"type": "input_json_delta", "partial_json": piece}}))
        events.append(sse("content_block_stop", {"type": "content_block_stop", "index": index}))
    return events


def tool_closing_events() -> list[bytes]:
    return [
        sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                              "usage": {"output_tokens": 30}}),
        sse("message_stop", {"type": "message_stop"}),
    ]


def tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The tool_result blocks of a request's last message (empty when it is a plain question)."""
    content = body.get("messages", [{}])[-1].get("content")
    return [block for block in content if block.get("type") == "tool_result"] if isinstance(content, list) else []


def error_body(kind: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": kind, "message": message}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: FakeMessagesServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def handle(self) -> None:
        # The client hangs up on purpose in the timeout tests; that is not a server failure worth a traceback.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        state = self.server_state
        state.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        scenario = self.path.strip("/").split("/")[0]
        state.hits[scenario] += 1
        getattr(self, "scenario_" + scenario.replace("-", "_"))(state.hits[scenario])

    # -- scenarios: each gets how many times it has been requested (1 = first) --------------------------------
    def scenario_ok(self, _: int) -> None:
        self._stream([message_start(), *text_events(), *closing_events()])

    def scenario_auth(self, _: int) -> None:
        self._json(401, error_body("authentication_error", "invalid x-api-key"))

    def scenario_rate_then_ok(self, hit: int) -> None:
        if hit == 1:
            self._json(429, error_body("rate_limit_error", "slow down"), {"retry-after": str(RETRY_AFTER_S)})
        else:
            self.scenario_ok(hit)

    def scenario_rate_always(self, _: int) -> None:
        self._json(429, error_body("rate_limit_error", "slow down"), {"retry-after": "0.01"})

    def scenario_overloaded(self, _: int) -> None:
        self._json(529, error_body("overloaded_error", "Overloaded"))

    def scenario_server_error(self, _: int) -> None:
        self._json(500, error_body("api_error", "Internal server error"))

    def scenario_error_then_ok(self, hit: int) -> None:
        if hit == 1:
            self.scenario_server_error(hit)
        else:
            self.scenario_ok(hit)

    def scenario_slow(self, _: int) -> None:
        time.sleep(SLOW_S)
        self.scenario_ok(0)

    def scenario_drop(self, _: int) -> None:
        self._stream([message_start(), *text_events(REPLY_CHUNKS[:2])], finish=False)

    def scenario_no_stop(self, _: int) -> None:
        self._stream([message_start(), *text_events(REPLY_CHUNKS[:2])])

    def scenario_error_event(self, _: int) -> None:
        self._stream([message_start(), *text_events(REPLY_CHUNKS[:1]),
                      sse("error", error_body("overloaded_error", "Overloaded"))])

    def scenario_stall(self, _: int) -> None:
        self._stream([message_start(), *text_events(REPLY_CHUNKS[:1])], finish=False, stall=SLOW_S)

    def scenario_tool(self, _: int) -> None:
        results = tool_results(self.server_state.requests[-1].body)
        if results:
            first_line = str(results[0]["content"]).splitlines()[0]
            self._stream([message_start(), *text_events((READ_BACK, first_line)), *closing_events()])
            return
        self.scenario_tool_always(0)

    def scenario_tool_always(self, _: int) -> None:
        calls = self.server_state.tool_calls
        self._stream([message_start(), *text_events((TOOL_PREAMBLE,)),
                      sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
                      *tool_use_events(calls), *tool_closing_events()])

    def scenario_no_tools(self, hit: int) -> None:
        if "tools" in self.server_state.requests[-1].body:
            self._json(400, error_body("invalid_request_error", "tools: Extra inputs are not permitted"))
        else:
            self.scenario_ok(hit)

    # -- HTTP plumbing ---------------------------------------------------------------------------------------
    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, events: list[bytes], *, finish: bool = True, stall: float = 0.0) -> None:
        """Chunked SSE; `finish=False` cuts the connection without the last chunk (a drop mid-reply)."""
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for event in events:
            self.wfile.write(f"{len(event):x}\r\n".encode() + event + b"\r\n")
            self.wfile.flush()
        if stall:
            time.sleep(stall)
        if finish:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        else:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
