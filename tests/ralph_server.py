"""The real Ralph LRS (openfun/ralph) for tests and benchmarks: started on 127.0.0.1 with its file-system back-end
(through scripts/ralph_file_lrs.py) and a test credential, from its own virtual environment (.ralph-venv, made by
.ci/run; RALPH_PYTHON overrides).

Ralph pins fastapi, pydantic and httpx versions the app must not share, so it never runs in the app's venv: it
runs as a server process, and its xAPI models are used by a child process of its own Python.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RALPH_PYTHON = Path(os.environ.get("RALPH_PYTHON", ROOT / ".ralph-venv" / "bin" / "python"))
USERNAME, PASSWORD = "course-tests", "a-test-only-password"
START_TIMEOUT_S = 180.0
LAUNCHER = ROOT / "scripts" / "ralph_file_lrs.py"
"""Ralph's own app over its file back-end, set to append (see the script: as shipped, it takes one POST only)."""


def ralph_missing() -> str | None:
    """Why Ralph cannot run here, or None when it can."""
    if not RALPH_PYTHON.exists():
        return f"Ralph is not installed ({RALPH_PYTHON} missing; .ci/run installs ralph-malph[lrs] there)"
    probe = subprocess.run(
        [RALPH_PYTHON, "-c", "import ralph.models.xapi, bcrypt, uvicorn"], capture_output=True, timeout=120
    )
    if probe.returncode != 0:
        return f"Ralph's LRS cannot be imported from {RALPH_PYTHON}: {probe.stderr.decode()[-200:]}"
    return None


class RalphServer:
    """One Ralph process over one directory of statements; `stop` and `start` again keep the statements."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.credentials = f"{USERNAME}:{PASSWORD}"
        self._process: subprocess.Popen[bytes] | None = None
        (root / "lrs").mkdir(parents=True, exist_ok=True)
        self._write_auth_file()

    def start(self) -> None:
        with (self.root / "ralph.log").open("ab") as log:  # the child keeps its own copy of the descriptor
            self._process = subprocess.Popen(
                [
                    RALPH_PYTHON,
                    LAUNCHER,
                    "--dir",
                    self.root / "lrs",
                    "--auth",
                    self.root / "auth.json",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                env={**os.environ, "RALPH_APP_DIR": str(self.root / "app")},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Ralph exited at start: {(self.root / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within {START_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=15)
        self._process = None

    def stored_statements(self) -> list[dict[str, Any]]:
        """What the file back-end holds, read straight from its file (not through the API under test)."""
        path = self.root / "lrs" / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def _write_auth_file(self) -> None:
        script = (
            "import bcrypt, json, sys; print(json.dumps([{'username': sys.argv[1], 'hash': bcrypt.hashpw("
            "sys.argv[2].encode(), bcrypt.gensalt(4)).decode(), 'scopes': ['all'], 'agent': {'objectType': 'Agent',"
            " 'account': {'name': 'instructor', 'homePage': 'https://school.example.org'}}}]))"
        )
        out = subprocess.run(
            [RALPH_PYTHON, "-c", script, USERNAME, PASSWORD], capture_output=True, check=True, timeout=120
        )
        (self.root / "auth.json").write_bytes(out.stdout)


VALIDATE = """
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph.models.xapi.concepts.verbs.adl_vocabulary import AnsweredVerb, AskedVerb
from ralph.models.xapi.concepts.verbs.scorm_profile import CompletedVerb
verbs = {model.model_fields["id"].default: model for model in (AnsweredVerb, AskedVerb, CompletedVerb)}
errors = []
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
        model = verbs.get(statement["verb"]["id"])
        if model is not None:
            model.model_validate(statement["verb"])
    except Exception as error:
        errors.append(f"{statement.get('id')}: {error}")
print(json.dumps(errors))
"""


def validate_with_ralph(statements: list[dict[str, Any]]) -> list[str]:
    """Each statement checked against Ralph's xAPI models (its base statement, and the ADL verb models it has)."""
    out = subprocess.run(
        [RALPH_PYTHON, "-c", VALIDATE],
        input=json.dumps(statements).encode(),
        capture_output=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
