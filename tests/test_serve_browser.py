"""`diffusion-course serve` in a real headless browser: Playwright driving Debian's Chromium (never downloaded).

The page must show the course (a screenshot that is not one flat colour), keys typed into the page must reach the
app, and the visit must land in the same progress store the terminal app uses.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.config import as_environment, load_settings
from tui.serve import is_loopback

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def test_only_loopback_addresses_count_as_private() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7") and not is_loopback("lab.example")


def test_every_tab_gets_the_same_store_and_content(settings) -> None:
    env = as_environment(settings)
    assert env["DIFFUSION_COURSE_DATA_DIR"] == str(settings.data_dir)
    assert env["DIFFUSION_COURSE_LESSONS"] == str(settings.lessons_dir)
    assert env["DIFFUSION_COURSE_OFFLINE"] == "1"
    assert not any("KEY" in name for name in env), "the API key is never passed as a setting"
    assert load_settings(environ=env) == settings, "a tab's settings are the server's, read back from the variables"


def _run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, timeout=timeout)


def test_a_reachable_address_needs_public_and_is_refused_without_it(tmp_path: Path) -> None:
    done = _run_cli("--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0")
    assert done.returncode == 2
    assert "--public" in done.stderr and "no login" in done.stderr



def test_public_serves_a_reachable_address_after_warning_that_nothing_asks_for_a_login(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui.cli", "--data-dir", str(tmp_path), "serve", "--host",
                               "0.0.0.0", "--port", str(port), "--public"], stderr=subprocess.PIPE, text=True)
    try:
        said = "".join(iter_until(server.stderr, "Serving the course"))
        _wait_for_port(port, server)
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
    assert "warning: serving on 0.0.0.0" in said and "no authentication of its own" in said


def iter_until(stream, marker: str, limit: int = 20):
    """The lines of `stream` up to and including the first holding `marker` (at most `limit` lines)."""
    for _ in range(limit):
        line = stream.readline()
        yield line
        if not line or marker in line:
            return


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, server: subprocess.Popen[bytes], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve exited early with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"serve did not listen on {port} within {limit:.0f} s")


def _visits(data_dir: Path, place_id: str) -> int:
    from tui.progress import open_store

    with open_store(data_dir) as store:
        return sum(1 for visit in store.export()["visits"] if visit["place_id"] == place_id)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install chromium (.ci/run does)")
def test_the_course_opens_in_a_browser_and_records_the_visit(tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    data_dir, port = tmp_path / "data", _free_port()
    env = {**os.environ, "DIFFUSION_COURSE_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        _wait_for_port(port, server)
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 700})
                page.goto(f"http://127.0.0.1:{port}/", timeout=30_000)
                page.wait_for_selector("body.-first-byte", timeout=60_000)
                page.wait_for_timeout(1500)
                before = page.screenshot()
                # Focus the terminal on its title line: a click on the map would open whichever place is there.
                page.locator(".textual-terminal").click(position={"x": 40, "y": 8})
                deadline = time.monotonic() + 60
                while _visits(data_dir, "intro") == 0 and time.monotonic() < deadline:
                    page.keyboard.press("Enter")  # the outline starts on the introduction
                    page.wait_for_timeout(1000)
                page.wait_for_timeout(2000)  # let the browser paint the intro the app has opened
                shot = page.screenshot(path=str(tmp_path / "course.png"))
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert _visits(data_dir, "intro") >= 1, "the key pressed in the browser opened the intro in the shared store"
    from PIL import Image

    colours = Image.open(tmp_path / "course.png").convert("L").getextrema()
    assert len(shot) > 5000 and colours[1] - colours[0] > 64, "the screenshot shows text, not a blank page"
    assert shot != before, "the page changed from the outline to the intro"
