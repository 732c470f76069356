"""The outline (home): every place with its state in words and symbols; Enter opens; c continues."""

from __future__ import annotations

from tests.conftest import press, screen_text
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.reader import ReaderScreen


async def test_the_outline_lists_every_place_with_its_state(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, OutlineScreen)
    for title in ("Introduction: Welcome", "Lesson 1: Noise and denoising", "Quiz", "Lab: Taking the loop apart",
                  "Lesson 2: Latent space", "Module test"):
        assert title in text
    assert "not started" in text and "0/3 exchanges" in text
    assert "New here? Press Enter" in text


async def test_states_read_in_words_after_progress(make_app, store) -> None:
    store.mark_lesson_read("l1")
    attempt = store.start_attempt("l1.quiz", 1)
    store.save_answer(attempt, "l1q1", 0)
    store.save_answer(attempt, "l1q2", 0)
    store.finish_attempt(attempt, 2, 2, True)
    for n in range(2):
        store.add_exchange("l1.lab", f"question {n}", None)
    test = store.start_attempt("test", 2)
    store.save_answer(test, "tq1", 0)
    store.set_reading_position("l2", 1)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "✓ Lesson 1" in text and "read" in text
    assert "passed 2/2 (100%)" in text
    assert "◐ Lab: Taking the loop apart" in text and "2/3 exchanges" in text
    assert "reading: section 2 of 3" in text
    assert "in progress: 1/3 answered" in text


async def test_enter_opens_the_highlighted_place(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.place_id == "intro"


async def test_c_continues_at_the_first_unfinished_place_after_the_last_finished_one(make_app, store) -> None:
    for lesson in ("intro", "l1"):
        store.mark_lesson_read(lesson)
    store.record_visit("l2.quiz")  # only looked at: where the learner was last is not where they got to
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "continue where you left off: Lesson 1: quiz (not started)" in screen_text(app)
        await press(pilot, "c", "c")  # lesson 1's key terms are due: the first c offers review, the second goes on
        assert isinstance(app.screen, QuizScreen) and app.screen.place_id == "l1.quiz"


async def test_the_outline_refreshes_when_the_learner_comes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "end", "escape")
        assert isinstance(app.screen, OutlineScreen)
        assert "✓ Introduction: Welcome" in screen_text(app)


async def test_no_title_is_cut_at_80x24(make_app) -> None:
    """The real course's long titles ('Lesson 3: Steering the denoiser: text conditioning and gu…' was) go on
    under themselves: scrolled top to bottom at 80×24, the outline shows every title whole, nothing cut with '…'."""
    from tui.course import default_lessons_dir, load_course

    course = load_course(default_lessons_dir())
    app = make_app(course=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = screen_text(app)
        for _ in range(len(course.places)):
            await press(pilot, "down")
            seen += screen_text(app)
    rows = [line.strip("│ ") for line in seen.splitlines() if line.startswith(" │")]
    assert not [row for row in rows if "…" in row]
    words = " ".join(" ".join(rows).replace("not started", " ").replace("0/3 exchanges", " ").split())
    for place in course.places.values():
        if place.kind in {"lesson", "intro"}:
            assert place.title in words
    for lesson in (lesson for module in course.modules for lesson in module.lessons if lesson.lab):
        assert f"Lab: {lesson.lab.title}" in words
