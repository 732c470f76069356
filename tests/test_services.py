"""The services object: what every screen is handed where it is built, so a test can hand it a fake."""

from __future__ import annotations

from typing import Any

from textual.app import App

from tui.config import Settings
from tui.course import Course
from tui.progress import Store
from tui.screens.reader import ReaderScreen
from tui.services import Services, Shared


class Host(App[None]):
    """A bare app: nothing of CourseApp, so the screen can only have reached what it was handed."""

    def __init__(self, screen: ReaderScreen) -> None:
        super().__init__()
        self.place = screen

    def on_mount(self) -> None:
        self.push_screen(self.place)


async def test_a_place_screen_writes_through_the_save_it_was_handed(fixture_course: Course, store: Store,
                                                                    settings: Settings) -> None:
    written: list[tuple[str, tuple[Any, ...]]] = []

    def save(write: Any, *args: Any) -> Any:
        written.append((write.__name__, args))
        return write(*args)

    app = Host(ReaderScreen(Services(fixture_course, store, settings, save=save), "l1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert ("record_visit", ("l1",)) in written and ("set_reading_position", ("l1", 0)) in written
    assert store.last_place() == "l1"


def test_the_tutor_is_built_once_on_first_use_and_the_engine_not_at_all_until_asked(
    fixture_course: Course, store: Store, settings: Settings
) -> None:
    from tests.test_import_hygiene import modules_after

    built: list[object] = []
    services = Services(fixture_course, store, settings, tutor=Shared(lambda: built.append(object()) or built[-1]))
    assert services.tutor.built is None
    assert services.tutor() is services.tutor() is built[0] and len(built) == 1
    code = ("from tui.services import Services; from tui.config import Settings; from pathlib import Path; "
            "Services(None, None, Settings(Path('d'), Path('c')))")
    assert modules_after(code) == set()


def test_a_key_file_others_can_read_is_not_used_outside_the_app_either(fixture_course: Course, store: Store,
                                                                        settings: Settings, monkeypatch) -> None:
    """The screen-reader mode builds its own Services: it too gets the offline tutor and the chmod fix in words."""

    from tui.tutor.offline import OfflineTutor

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    key_file = settings.config_dir / "anthropic_key"
    key_file.write_text("sk-ant-loose\n")
    key_file.chmod(0o644)
    told: list[str] = []
    services = Services(fixture_course, store, settings._replace(offline=False), warn=told.append)
    assert isinstance(services.tutor(), OfflineTutor)
    assert len(told) == 1 and f"chmod 600 {key_file}" in told[0] and "sk-ant" not in told[0]
