"""The Generate screen in a minimal App (course, store and settings in tmp_path), on the shipped built-in model.

Runs on CPU with no network; waits with app.workers.wait_for_complete(), never sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, ProgressBar, Static

from tests.conftest import wait_until
from tui.config import Settings
from tui.course import load_course
from tui.gen.errors import BadRequest
from tui.gen.form import FormValues
from tui.gen.png import default_png_path
from tui.screens.generate import GenerateScreen
from tui.screens.jobs import JobProgress
from tui.services import Services
from tui.widgets.image_preview import ImagePreview

from .conftest import FIXTURE_COURSE

PROMPT = "two red circles"


class Host(App):
    """A blank app with the screen pushed over it: the screen has its services from where it was built."""

    def __init__(self, screen: GenerateScreen) -> None:
        super().__init__()
        self.generate_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.generate_screen)


def no_model() -> Any:
    raise BadRequest("no model in this test")


def generate_screen(settings: Settings, store: Any, engine: Any = None) -> GenerateScreen:
    """The screen on a services object of the test's own (a fake engine loader when given)."""
    return GenerateScreen(Services(load_course(FIXTURE_COURSE), store, settings, engine=engine))


@pytest.fixture
def gen_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config", offline=True, device="cpu")


@pytest.fixture
def gen_store(gen_settings: Settings) -> Iterator[Any]:
    from tui.progress import open_store

    store = open_store(gen_settings.data_dir)
    yield store
    store.close()


def status(screen: GenerateScreen) -> str:
    return str(screen.query_one("#generate-status", Static).render())


async def fill(pilot: Any, screen: GenerateScreen, **values: str) -> None:
    for key, value in values.items():
        screen.query_one(f"#field-{key}", Input).value = value
    await pilot.pause()


async def loaded(app: App, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- the form, without a model ---------------------------------------------------------------------------------


def test_the_form_becomes_a_request() -> None:
    request = FormValues(prompt=" a red circle ", steps="12", guidance="3", scheduler="ddim",
                         seed="4", size="32x40", batch="2", negative="blue").to_request()
    assert (request.prompt, request.steps, request.guidance, request.scheduler) == ("a red circle", 12, 3.0, "ddim")
    assert (request.seed, request.width, request.height, request.batch) == (4, 32, 40, 2)
    assert request.negative_prompt == "blue"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("steps", "0", "steps must be between 1 and 1000"),
    ("steps", "ten", "steps must be a whole number"),
    ("guidance", "x", "guidance must be a number"),
    ("size", "big", "size must look like 32"),
    ("size", "30", "width must be a multiple of 8"),
    ("batch", "99", "batch must be between 1 and 64"),
    ("prompt", "  ", "type a prompt first"),
])
def test_a_bad_field_is_named_with_its_range(field: str, value: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        replace(FormValues(prompt=PROMPT), **{field: value}).to_request()


def test_a_recorded_run_refills_the_form_and_a_later_image_of_a_batch_comes_back_alone() -> None:
    params = {"prompt": PROMPT, "negative_prompt": "", "steps": 8, "guidance": 2.0, "scheduler": "euler",
              "seed": 5, "width": 32, "height": 32, "batch": 4, "batch_index": 0}
    assert FormValues.from_params(params) == FormValues(prompt=PROMPT, steps="8", guidance="2.0", scheduler="euler",
                                                  seed="5", size="32x32", batch="4")
    assert FormValues.from_params({**params, "seed": 7, "batch_index": 2}).batch == "1"


def test_default_png_names_sort_by_time_and_say_what_they_show(tmp_path: Path) -> None:
    from datetime import datetime

    path = default_png_path(tmp_path, "Two RED circles!", datetime(2026, 1, 2, 3, 4, 5))
    assert path == tmp_path / "20260102-030405-two-red-circles.png"


def test_importing_the_screen_does_not_import_torch() -> None:
    from tests.test_import_hygiene import modules_after

    assert modules_after("import tui.screens.generate") == set()


async def test_a_bad_value_is_a_clear_message_and_nothing_runs(gen_settings: Settings, gen_store: Any) -> None:
    started = threading.Event()

    def loader() -> Any:
        started.set()
        raise AssertionError("not reached in this test")

    screen = generate_screen(gen_settings, gen_store, lambda: loader())
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        started.clear()
        await fill(pilot, screen, prompt=PROMPT, steps="0")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "Not started: steps must be between 1 and 1000, not 0" in status(screen)
        assert not screen.running and not started.is_set()
        assert screen.query_one("#field-steps", Input).value == "0"
        assert screen.query_one("#field-prompt", Input).value == PROMPT


async def test_a_missing_model_path_shows_the_missing_model_error(gen_settings: Settings, gen_store: Any,
                                                                  tmp_path: Path) -> None:
    pytest.importorskip("diffusers")
    settings = gen_settings._replace(model=str(tmp_path / "no-such-model"))
    screen = generate_screen(settings, gen_store)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert "The model could not be loaded" in status(screen)
        assert "no-such-model" in status(screen)
        await fill(pilot, screen, prompt=PROMPT)
        await pilot.press("ctrl+g")
        await loaded(app, pilot)
        assert "Could not generate" in status(screen) and "no-such-model" in status(screen)
        assert screen.query_one("#field-prompt", Input).value == PROMPT
        assert gen_store.generations() == []


async def test_a_size_past_the_models_limit_is_refused_while_the_model_is_still_loading(
    gen_settings: Settings, gen_store: Any
) -> None:
    """The limit comes from the model's config files and the device setting, so the learner is not kept waiting
    for the load (minutes for a large model) to hear that the size was never possible."""
    pytest.importorskip("diffusers")
    release, loads = threading.Event(), []

    def slow_load() -> Any:
        loads.append(1)
        release.wait(60)
        raise BadRequest("no model in this test")

    screen = generate_screen(gen_settings, gen_store, slow_load)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await wait_until(pilot, lambda: loads, "the load to start")
            await fill(pilot, screen, prompt=PROMPT, size="1024")
            await pilot.press("ctrl+g")
            # Without the check the run waits for the load, which never ends in this test.
            await wait_until(pilot, lambda: "1024" in status(screen), "the refusal", timeout=10)
            assert "width 1024 is past what this model can draw on cpu: at most 64" in status(screen)
            assert screen.engine is None and loads == [1] and not release.is_set()
        finally:
            release.set()
            await loaded(app, pilot)


# -- on the built-in model ---------------------------------------------------------------------------------------


async def test_a_size_past_the_loaded_models_limit_is_refused_before_any_run_starts(
    gen_settings: Settings, gen_store: Any, builtin_loader: Any
) -> None:
    screen = generate_screen(gen_settings, gen_store, builtin_loader)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert screen.engine is not None
        await fill(pilot, screen, prompt=PROMPT, size="96")
        await pilot.press("ctrl+g")
        assert "Not started: width 96 is past what this model can draw on cpu: at most 64" in status(screen)
        assert not screen.running and screen.query_one(ProgressBar).total == 1  # no bar set up for a run


@pytest.fixture
def builtin_loader() -> Any:
    pytest.importorskip("diffusers")
    from tui.gen.experiments.loader import cached_loader

    return cached_loader(None, "cpu")


async def test_the_form_generates_an_image_shows_it_and_records_it(gen_settings: Settings, gen_store: Any,
                                                                   builtin_loader: Any) -> None:
    steps: list[JobProgress] = []
    screen = generate_screen(gen_settings, gen_store, builtin_loader)
    app = Host(screen)

    def hook(message: object) -> None:
        if isinstance(message, JobProgress):
            steps.append(message)

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await loaded(app, pilot)
        assert "Model ready: builtin on cpu" in status(screen)
        await fill(pilot, screen, prompt=PROMPT, steps="10", seed="3")
        await pilot.press("enter")
        await loaded(app, pilot)
        preview = screen.query_one(ImagePreview)
        assert len(preview.images) == 1 and preview.images[0].size == (32, 32)
        assert screen.result is not None and screen.result.request.seed == 3
        assert "Done: 1 image(s)" in status(screen)
        assert steps[-1].progress.step == steps[-1].progress.total == 10
        assert any(m.progress.preview for m in steps)
        bar = screen.query_one(ProgressBar)
        assert bar.progress == bar.total
        recorded = gen_store.generations()
        assert [(g.prompt, g.params["seed"], g.params["steps"]) for g in recorded] == [(PROMPT, 3, 10)]
        listing = screen.query_one("#generate-recent", OptionList)
        assert PROMPT in str(listing.get_option_at_index(0).prompt)
        assert app.focused is preview  # where s saves at once, and marked: its caption reversed, no field marked
        assert preview.query_one("#image-preview-caption").styles.text_style.reverse
        assert not screen.query(".generate-row > Label.-focused")
        await pilot.press("enter")  # from the picture, Enter runs again, as the status says
        await loaded(app, pilot)
        assert len(gen_store.generations()) == 2


async def test_escape_cancels_mid_run_and_keeps_the_form(gen_settings: Settings, gen_store: Any,
                                                         builtin_loader: Any) -> None:
    screen = generate_screen(gen_settings, gen_store, builtin_loader)
    cancel_at = threading.Event()
    app = Host(screen)

    def hook(message: object) -> None:
        if isinstance(message, JobProgress) and message.progress.step >= 2:
            cancel_at.set()

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await loaded(app, pilot)
        await fill(pilot, screen, prompt=PROMPT, steps="1000")
        await pilot.press("ctrl+g")
        await wait_until(pilot, cancel_at.is_set, "step 2 of the run")
        await pilot.press("escape")
        await loaded(app, pilot)
        assert "Cancelled after" in status(screen) and "of 1000 steps" in status(screen)
        assert screen.result is None and not screen.running
        assert gen_store.generations() == []
        assert app.screen is screen
        assert screen.query_one("#field-steps", Input).value == "1000"


async def test_s_saves_pngs_whose_metadata_holds_the_parameters(gen_settings: Settings, gen_store: Any,
                                                               builtin_loader: Any, tmp_path: Path) -> None:
    from tui.gen.png import read_params

    screen = generate_screen(gen_settings, gen_store, builtin_loader)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await fill(pilot, screen, prompt=PROMPT, steps="6", guidance="5", seed="7", batch="2", negative="blue")
        await pilot.press("ctrl+g")
        await loaded(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        saved = sorted((gen_settings.data_dir / "images").glob("*.png"))
        assert [p.name.rsplit("-", 1)[-1] for p in saved] == ["1.png", "2.png"]
        params = [read_params(p) for p in saved]
        assert [(p["prompt"], p["seed"], p["steps"], p["guidance"], p["negative_prompt"]) for p in params] == [
            (PROMPT, 7, 6, 5.0, "blue"), (PROMPT, 8, 6, 5.0, "blue")]
        assert params[0]["scheduler"] == "dpm++" and params[0]["model"] == "builtin"
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in saved)
        assert "Saved" in status(screen)

        typed = tmp_path / "mine" / "circles.png"
        await fill(pilot, screen, **{"save-to": str(typed)})
        screen.query_one("#field-save-to", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert read_params(typed.with_name("circles-1.png"))["seed"] == 7


async def test_the_marked_label_follows_focus_through_the_form(gen_settings: Settings, gen_store: Any) -> None:
    """Only the focused field's label is reversed, whichever field Tab reaches (it used to stay on Prompt)."""
    screen = generate_screen(gen_settings, gen_store, no_model)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = []
        for _ in range(6):
            seen.append([str(label.render()) for label in screen.query(".generate-row > Label")
                         if label.styles.text_style.reverse])
            await pilot.press("tab")
            await pilot.pause()
    assert seen == [["Prompt"], ["Negative"], ["Steps"], ["Guidance"], ["Sampler"], ["Seed"]]


async def test_recent_lists_a_batch_once_with_its_real_seeds(gen_settings: Settings, gen_store: Any) -> None:
    """A run of 4 from seed 0 reads 'seeds 0-3'; an old per-image record of that batch names its one seed."""
    batch = {"prompt": PROMPT, "steps": 9, "scheduler": "ddim", "width": 32, "height": 32, "batch": 4}
    gen_store.add_generation(PROMPT, {**batch, "seed": 0, "batch_index": 0}, None)
    gen_store.add_generation(PROMPT, {**batch, "seed": 2, "batch_index": 2}, None)
    screen = generate_screen(gen_settings, gen_store, no_model)
    async with Host(screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listing = screen.query_one("#generate-recent", OptionList)
        labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
    assert labels == [f"{PROMPT} · seed 2 (image 3 of 4) · 9 ddim", f"{PROMPT} · seeds 0-3 · 9 ddim"]


async def test_a_recent_generation_comes_back_by_keyboard(gen_settings: Settings, gen_store: Any) -> None:
    gen_store.add_generation(PROMPT, {"prompt": PROMPT, "steps": 9, "guidance": 4.0, "scheduler": "ddim",
                                      "seed": 11, "width": 32, "height": 32, "batch": 1}, None)
    screen = generate_screen(gen_settings, gen_store, no_model)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+r")
        await pilot.press("enter")
        await pilot.pause()
        values = screen.form_values()
        assert (values.prompt, values.steps, values.seed, values.scheduler) == (PROMPT, "9", "11", "ddim")
        assert "brought back" in status(screen).lower()


def test_without_colour_the_picture_is_a_brightness_ramp() -> None:
    import io

    from PIL import Image
    from rich.console import Console

    from tui.widgets.image_preview import BrightnessPicture

    image = Image.new("RGB", (8, 8), (0, 0, 0))
    image.paste((255, 255, 255), (4, 0, 8, 8))
    console = Console(file=io.StringIO(), width=40, color_system="truecolor", force_terminal=True)
    console.print(BrightnessPicture(image, max_rows=4))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 4 and "▀" not in "".join(lines)
    assert {line.rstrip()[:4] for line in lines} == {"    "} and {line.rstrip()[-1] for line in lines} == {"@"}


async def test_f1_lists_every_key_of_the_screen(gen_settings: Settings, gen_store: Any) -> None:
    from tui.screens.help import key_rows

    screen = generate_screen(gen_settings, gen_store, no_model)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert {"^g", "esc", "^r"} <= set(dict(key_rows(screen)))
        screen.query_one(ImagePreview).focus()  # a text field takes printable keys, so s is offered outside one
        await pilot.pause()
        keys = dict(key_rows(screen))
        assert {"^g", "esc", "s", "^r"} <= set(keys)
        assert "Save the shown images" in keys["s"]


async def test_without_torch_the_screen_says_how_to_install_the_gen_extra(gen_settings: Settings,
                                                                           gen_store: Any) -> None:
    from tui.gen.errors import GenExtraMissing

    def loader() -> Any:
        raise GenExtraMissing("torch")

    screen = generate_screen(gen_settings, gen_store, loader)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert "torch is not installed" in status(screen)
        assert "pip install 'diffusion-course[gen]'" in status(screen).replace("\n", " ")


async def test_leaving_mid_run_cancels_the_run(gen_settings: Settings, gen_store: Any, builtin_loader: Any) -> None:
    from tui.gen.errors import GenerationCancelled

    outcome: list[str] = []  # how the engine's run ended, seen from the worker thread

    class Watched:
        def __init__(self, engine: Any) -> None:
            self.engine = engine

        def __getattr__(self, name: str) -> Any:
            return getattr(self.engine, name)

        def generate(self, request: Any, **kwargs: Any) -> Any:
            try:
                result = self.engine.generate(request, **kwargs)
            except GenerationCancelled as stopped:
                outcome.append(f"cancelled at step {stopped.steps_done} of {stopped.total}")
                raise
            outcome.append("finished")
            return result

    second_step = threading.Event()

    def hook(message: object) -> None:
        if isinstance(message, JobProgress) and message.progress.step >= 2:
            second_step.set()

    screen = generate_screen(gen_settings, gen_store, lambda: Watched(builtin_loader()))
    app = Host(screen)
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await loaded(app, pilot)
        await fill(pilot, screen, prompt=PROMPT, steps="1000")
        await pilot.press("ctrl+g")
        await wait_until(pilot, second_step.is_set, "step 2 of the run")
        app.pop_screen()  # as a jump from the palette does
        await wait_until(pilot, lambda: outcome, "the run to end")
    assert outcome[0].startswith("cancelled at step") and outcome[0].endswith("of 1000"), outcome
    assert gen_store.generations() == []


async def test_prompt_words_the_builtin_model_never_saw_are_named_on_screen(gen_settings: Settings,
                                                                           gen_store: Any) -> None:
    screen = generate_screen(gen_settings, gen_store, no_model)
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        words = screen.query_one("#generate-words", Static)
        assert not words.display  # the default prompt is all shapes words
        await fill(pilot, screen, prompt="a photo of a cat")
        assert words.display and 'never saw "photo", "cat"' in str(words.render())
        await fill(pilot, screen, prompt=PROMPT)
        assert not words.display


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_every_field_hint_fits_its_field(gen_settings: Settings, gen_store: Any, size: tuple[int, int]) -> None:
    """No cut hints ('Size e.g. 32x48; empty: model's' was): each placeholder fits its field's width."""
    from rich.cells import cell_len

    screen = generate_screen(gen_settings, gen_store, no_model)
    async with Host(screen).run_test(size=size) as pilot:
        await pilot.pause()
        cut = [field.placeholder for field in screen.query(Input)
               if cell_len(field.placeholder) > field.content_size.width]
    assert cut == []
