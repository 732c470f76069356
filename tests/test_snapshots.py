"""Snapshots of every screen on the real course, at 80×24 and 120×40, in colour and with NO_COLOR.

Regenerate with `pytest tests/test_snapshots.py --snapshot-update` and look at the SVGs: each test's docstring
says what a person should see. Shuffles use a fixed seed and the data dir is in tmp_path, so runs are stable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import CourseApp
from tui.config import Settings
from tui.course import load_course
from tui.progress import open_store

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
COLOURS = [pytest.param(False, id="colour"), pytest.param(True, id="no_color")]


@pytest.fixture(scope="module")
def real_course():
    return load_course(LESSONS)


@pytest.fixture
def course_app(real_course, tmp_path, monkeypatch, request):
    """An app on the real course with a fresh store; `no_color` and fixed shuffles set before it starts."""
    monkeypatch.setattr("tui.screens.question_base.new_seed", lambda: 7)
    stores = []

    def build(no_color: bool, start: str | None = None, progress=None, theme: str = "textual-dark") -> CourseApp:
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        store = open_store(tmp_path / "data")
        stores.append(store)
        if progress:
            progress(store)
        settings = Settings(
            data_dir=tmp_path / "data", config_dir=tmp_path / "config", lessons_dir=LESSONS, theme=theme, offline=True
        )
        return CourseApp(real_course, store, settings, start=start)

    yield build
    for store in stores:
        store.close()


def some_progress(store) -> None:
    store.mark_lesson_read("intro")
    store.mark_lesson_read("l1")
    attempt = store.start_attempt("l1.quiz", 7)
    for question in ("l1q1", "l1q2", "l1q3", "l1q4"):
        store.save_answer(attempt, question, 0)
    store.finish_attempt(attempt, 3, 4, True)
    for n in range(2):
        store.add_exchange("l1.lab", f"question {n}", None)
    store.set_reading_position("l2", 2)
    store.record_visit("l2")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_outline_fresh(snap_compare, course_app, size, no_color) -> None:
    """The course map for a new learner: title, 'New here? Press Enter…', the '○ Spaced review' row saying 'no cards
    yet', a 'Module 1: … · start here' heading,
    the intro, four lessons each with 'Quiz' and 'Lab: …' indented below, 'Module 1 test', then (scrolling, at
    80×24) 'Module 2: Inside modern generators · open now; best after module 1' and its places; every row '○' and
    'not started' or '0/3 exchanges'; a legend of the symbols; the footer with c Continue, g Generate, x Reset,
    f1 Keys, esc Back, q Quit."""
    assert snap_compare(course_app(no_color), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_outline_with_progress(snap_compare, course_app, size, no_color) -> None:
    """A returning learner: the banner offers 'Press c to continue where you left off: Lesson 1: Taking the
    diffusion loop apart (2/3 exchanges)' (the first unfinished place after the last finished one, the quiz);
    under the 'Module 1: … · start here' heading, intro and lesson 1 '✓ read', lesson 1 quiz '✓ passed 3/4 (75%)',
    its lab '◐ 2/3 exchanges', lesson 2 '◐ reading', the rest '○'; the lesson 1 lab row is highlighted. At the
    top, '↻ Spaced review' says '15 cards due' (the quiz's missed questions, lesson 1's key terms)."""
    assert snap_compare(course_app(no_color, progress=some_progress), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_lesson_reader(snap_compare, course_app, size, no_color) -> None:
    """Lesson 1, section 1: a heading line 'Lesson 1: … · section 1 of 5', the section title in bold, the
    lesson's text as Markdown, a scrollbar (at 80×24), and a footer with n Next, p Prev, t Contents, z Quiz,
    l Lab, f4 Tutor, esc Back, f1 Keys, q Quit."""
    assert snap_compare(course_app(no_color, start="l1"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_lesson_reader_callout_and_contents(snap_compare, course_app, size, no_color) -> None:
    """Lesson 1 at section 2 ('section 2 of 5' in the heading) with a 'Contents' box open on the left listing
    the five section titles, section 2 highlighted; on the right section 2's text from its title down (its
    callout box is further down, out of view at both sizes)."""
    assert snap_compare(course_app(no_color, start="l1"), press=["n", "t"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_lesson_last_section_with_key_terms(snap_compare, course_app, size, no_color) -> None:
    """Lesson 1's last section: the heading ends '✓ last section: lesson read'; further down (at 120×40) a
    'Key terms' box lists each term in bold with its definition; above the footer '› Next: Lesson 1: quiz … (n or
    Space)' says what comes next."""
    assert snap_compare(course_app(no_color, start="l1"), press=["end", "pagedown", "pagedown"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_quiz_question(snap_compare, course_app, size, no_color) -> None:
    """Lesson 1 quiz, question 1 of 4: the hint 'Choose with 1–4, a–d or ↑ ↓; Enter submits.', the stem in bold,
    four numbered options with '( )' marks; option 2 is chosen: '›' pointer, '(•)' and reverse video."""
    assert snap_compare(course_app(no_color, start="l1.quiz"), press=["2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_quiz_feedback_wrong(snap_compare, course_app, size, no_color) -> None:
    """After a wrong answer: the chosen option marked '(•)' and '✗ wrong', the correct one '✓ correct', and a
    box below: '✗ Not quite. You chose N: …' then '✓ The correct answer is M: …' and 'v: every option's feedback
    Enter: next question'."""
    app = course_app(no_color, start="l1.quiz")
    assert snap_compare(app, press=["4", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_quiz_result(snap_compare, course_app, size, no_color) -> None:
    """The quiz result: '✗ Not passed yet: 0/4 (0%); the pass mark is 75%.', 'Next: …lab… (n or Space)' in bold,
    the keys r / l / Esc and 'v: every option's feedback', then a review
    of each question: '✗ 1. …(wrong)', 'Your answer …' with its feedback and 'Correct answer …' with its own."""
    keys = ["4", "enter", "enter"] * 4
    assert snap_compare(course_app(no_color, start="l1.quiz"), press=keys, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_module_test_overview(snap_compare, course_app, size, no_color) -> None:
    """The module test's first page: '15 questions on the whole module. You pass with 80% or more.', a line on
    moving freely and saving, '› Press Enter to start.', and a 'Your attempts' heading with 'none yet' below."""
    assert snap_compare(course_app(no_color, start="test"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_module_test_question(snap_compare, course_app, size, no_color) -> None:
    """Test question 2 of 15 with '2 of 15 answered' in the heading, option 3 chosen: '›' pointer and '(•)'; a
    strip of question numbers 'Questions: 1✓ [2✓] 3· … 15·' with the current one in brackets, and the legend
    '(✓ answered, · not yet, [ ] this question)'."""
    assert snap_compare(course_app(no_color, start="test"), press=["enter", "1", "n", "c"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_module_test_confirm_submit(snap_compare, course_app, size, no_color) -> None:
    """A dialog over test question 1 (option 1 chosen): 'Submit the test with 1 of 15 questions answered?
    14 unanswered questions will count as wrong.' with 'y or Enter: Submit    n or Esc: Keep answering'."""
    assert snap_compare(course_app(no_color, start="test"), press=["enter", "1", "f"], terminal_size=size)


@pytest.mark.parametrize("size", [*SIZES, pytest.param((60, 20), id="60x20")])
@pytest.mark.parametrize("no_color", COLOURS)
def test_lab(snap_compare, course_app, size, no_color) -> None:
    """Lesson 1's lab: the heading 'Lab · Lesson 1: …'; left, a 'Your task' box with '○ Tutor exchanges 0/3:
    not started' and the task (at 120×40 also the experiments; the suggested questions are in the tutor pane only);
    right, the tutor pane in a heavy border titled 'Diffusion Mechanics Tutor' ('Diffusion Mechanics' at 60×20, where
    the whole name does not fit) with '✎ you type here' in its bottom border,
    'Offline: quotes the course, no AI', 'Exchanges 0/3', the greeting whole from 'Hello.' (at 60×20 its first
    lines), then 'Suggested questions: type a number into the empty box' and the numbered list (its start at 80×24,
    below the fold at 60×20); suggested question 1 put in the question box by the '1' key, 'Enter send · F6 zoom ·
    Shift+Tab history' below it; at the end of the task (below the fold at 80×24) 'Next: Lesson 2: … (n or
    Space)'."""
    assert snap_compare(course_app(no_color, start="l1.lab"), run_before=_press_one_and_settle, terminal_size=size)


async def _press_one_and_settle(pilot) -> None:
    """The pane scrolls its greeting after a refresh; picture it once every scroll and animation has settled
    (taken straight after the key, the greeting was sometimes caught part-way, and the test failed at random).
    The question box's cursor is held still: its blink caught at either phase was the other random failure."""
    await _press_and_settle(pilot, "1")


async def _press_and_settle(pilot, *keys: str) -> None:
    """Press keys with the question box's cursor held still (a box the keys open too), then wait for workers,
    scrolls and animations."""
    from textual.widgets import TextArea

    for key in keys:
        for box in pilot.app.screen.query(TextArea):
            box.cursor_blink = False
        await pilot.press(key)
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)


ZOOM_QUESTION = "what does the vae encoder do"


async def _zoom_and_ask(pilot) -> None:
    """F6 beside lesson 2, then one question to the offline tutor (deterministic: it quotes the course)."""
    keys = ["f6", *["space" if char == " " else char for char in ZOOM_QUESTION], "enter"]
    await _press_and_settle(pilot, *keys)


@pytest.mark.parametrize(
    ("size", "no_color"),
    [
        pytest.param((80, 24), False, id="80x24-colour"),
        pytest.param((60, 20), False, id="60x20-colour"),
        pytest.param((80, 24), True, id="80x24-no_color"),
    ],
)
def test_tutor_zoomed(snap_compare, course_app, size, no_color) -> None:
    """F6 beside lesson 2, a question asked: the tutor fills the window above the footer, in a heavy border titled
    'Tutor · Course tutor' with '✎ you type here' at its bottom right; 'Offline: quotes the course, no AI', then
    the conversation from 'You: what does the vae encoder do' and the reply from its first line ('Offline tutor —
    I answer by quoting the course…', 'From Lesson 2 · …' and a quoted passage) across the whole width, a
    scrollbar showing more below; the empty box 'Ask a question…' and 'Enter send · F6 zoom · Shift+Tab history'
    at the bottom; the lesson's text is not shown at all."""
    assert snap_compare(course_app(no_color, start="l2"), run_before=_zoom_and_ask, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_help(snap_compare, course_app, size, no_color) -> None:
    """The F1 help over the quiz: a box 'Keys: Quiz' listing every key with what it does (1 / a … Choose
    option 1, Enter, v, n, r, l, o, F1, Esc, q, …) and 'Ctrl+P Command palette …'; 'Esc closes' in its border."""
    assert snap_compare(course_app(no_color, start="l1.quiz"), press=["f1"], terminal_size=size)


@pytest.mark.parametrize("no_color", COLOURS)
def test_too_small(snap_compare, course_app, no_color) -> None:
    """A 50×15 terminal: only a centred message 'The window is too small: 50×15. Make the window at least
    60×20. q quits; your progress is saved.'"""
    assert snap_compare(course_app(no_color, start="l1"), terminal_size=(50, 15))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("no_color", COLOURS)
def test_glossary(snap_compare, course_app, size, no_color) -> None:
    """The glossary: 'Glossary · N key terms' then each term in bold with '(lesson n)' and its definition."""
    assert snap_compare(course_app(no_color), press=["k"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_high_contrast_quiz_feedback(snap_compare, course_app, size) -> None:
    """The high-contrast theme: black background, white text, yellow keys in the footer and yellow borders; the
    quiz after a wrong answer, with '✗ wrong' and '✓ correct' beside the options and the feedback box."""
    app = course_app(False, start="l1.quiz", theme="high-contrast")
    assert snap_compare(app, press=["4", "enter"], terminal_size=size)


def lesson_1_read(store) -> None:
    """Lesson 1 read and nothing else: its key terms are the review cards due."""
    store.mark_lesson_read("l1")


@pytest.fixture
def fixed_review_shuffle(monkeypatch):
    """The review's option shuffle from a fixed seed, so the picture is stable."""
    import random
    from types import SimpleNamespace

    monkeypatch.setattr("tui.review.session.random", SimpleNamespace(Random=lambda: random.Random(7)))


@pytest.mark.parametrize("no_color", COLOURS)
def test_review_question(snap_compare, course_app, fixed_review_shuffle, no_color) -> None:
    """The review screen at 80×24 after the outline-with-progress learner's quiz: 'Spaced review · card 1 of 15 ·
    15 to go', 'A question you missed in Lesson 1: quiz.', the question with its four options reshuffled and
    numbered 1–4, none chosen yet (as in a quiz), and the keys in words above the footer ('1–4, a–d or ↑ ↓ choose ·
    Enter answers · Esc ends the review')."""
    assert snap_compare(course_app(no_color, start="review", progress=some_progress), terminal_size=(80, 24))


@pytest.mark.parametrize("no_color", COLOURS)
def test_review_term_revealed(snap_compare, course_app, fixed_review_shuffle, no_color) -> None:
    """Lesson 1 read: the first key term in bold under 'Key term: say to yourself what it means, then reveal it.';
    Space has revealed its definition below it, and the keys line reads 'How well did you recall it?  1 Again
    2 Hard   3 Good (or Enter)   4 Easy'."""
    app = course_app(no_color, start="review", progress=lesson_1_read)
    assert snap_compare(app, press=["space"], terminal_size=(80, 24))
