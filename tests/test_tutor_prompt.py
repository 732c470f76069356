"""The system prompt: persona, pedagogy, lesson grounding, learner context, and quiz answers kept private."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.tutor.context import GENERAL, context_for
from tui.tutor.prompt import system_prompt

from .tutor_course import tiny_course


@dataclass
class FakeAttempt:
    answers: dict[str, int] = field(default_factory=dict)
    finished: bool = True


class Attempts:
    """Finished attempts by set id, as `Store.attempts` returns them."""

    def __init__(self, **by_set: FakeAttempt) -> None:
        self.by_set = {key.replace("_", "."): value for key, value in by_set.items()}

    def attempts(self, set_id: str) -> list[FakeAttempt]:
        return [self.by_set[set_id]] if set_id in self.by_set else []


def text_of(place: str, store: Attempts | None = None) -> tuple[str, str]:
    blocks = system_prompt(context_for(tiny_course(), place, store))
    return blocks[0].text, "\n".join(block.text for block in blocks[1:])


def test_the_stable_block_carries_the_cache_breakpoint_and_the_learner_block_does_not() -> None:
    blocks = system_prompt(context_for(tiny_course(), "l1", None))
    assert blocks[0].cache and not any(block.cache for block in blocks[1:])


def test_a_lesson_prompt_has_the_lesson_text_key_terms_and_pedagogy() -> None:
    stable, _ = text_of("l1")
    assert "A U-Net learns to predict the noise" in stable
    assert "**Noise schedule**: How much noise is added" in stable
    assert "prediction" in stable and "check" in stable.lower()
    assert "Never give the answer" in stable


def test_a_lab_prompt_is_the_persona_with_its_greeting_and_private_instructions() -> None:
    stable, _ = text_of("l1.lab")
    assert stable.startswith("You are Loop Tutor")
    assert "Hello! Ask me about the forward and reverse processes." in stable
    assert "Probe whether they think the network paints the image directly." in stable


def test_elsewhere_it_is_the_general_course_tutor_with_the_glossary() -> None:
    stable, _ = text_of(GENERAL)
    assert stable.startswith("You are the course tutor of “Tiny Course”")
    assert "**VAE**" in stable and "**Noise schedule**" in stable


def test_unfinished_questions_are_listed_without_their_answers() -> None:
    _, learner = text_of("l1")
    assert "What does the forward process add at each step?" in learner
    assert "Gaussian noise on a fixed schedule" not in learner
    assert "Which network predicts the noise?" in learner  # the test's question on this lesson
    assert "What does the VAE encoder output?" not in learner  # another lesson's


def test_wrong_answers_of_a_finished_quiz_become_learner_context_and_the_quiz_is_no_longer_guarded() -> None:
    _, learner = text_of("l1.quiz", Attempts(l1_quiz=FakeAttempt({"l1q1": 1})))
    assert "“Learned brush strokes” (wrong)" in learner
    assert "the right answer is “Gaussian noise on a fixed schedule”" in learner
    assert "NOT finished" in learner  # the test questions still are
    assert "- What does the forward process add at each step?" not in learner


def test_right_answers_make_no_notes() -> None:
    context = context_for(tiny_course(), "l1.quiz", Attempts(l1_quiz=FakeAttempt({"l1q1": 0})))
    assert context.learner_notes == ()
