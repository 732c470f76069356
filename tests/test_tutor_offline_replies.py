"""The offline tutor's replies read like a tutor's (issue 12, items 2 and 3; issue 17, item 4), on the real course.

Definition first for "what is X"; grammatical follow-ups for every key term; quotes that never run two texts
together; no passage quoted twice in a row; "nothing fits" said plainly and marked as no answer; the learner's
own experiment figures quoted with the passage that explains them; the matching experiment suggested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.course import load_course
from tui.tutor.context import context_for
from tui.tutor.offline import HEADER, SECTION_FOLLOW_UPS, TERM_FOLLOW_UPS, OfflineTutor
from tui.tutor.provider import NoAnswer, Turn, TutorRequest, Usage
from tui.tutor.retrieval import FEEDBACK

FINDINGS = Path(__file__).parent / "fixtures" / "findings"
COURSE = load_course()


def ask(question: str, place: str = "general", earlier: tuple[Turn, ...] = (), findings: tuple[str, ...] = ()) -> str:
    context = context_for(COURSE, place)
    if findings:
        from dataclasses import replace

        context = replace(context, findings=findings)
    return OfflineTutor(COURSE).compose(TutorRequest(context, (), (*earlier, Turn("user", question))))


def parts(reply: str) -> list[str]:
    return reply.split("\n\n")


@pytest.mark.parametrize(("question", "term"), [
    ("what is cfg", "Classifier-free guidance (CFG)"),
    ("What's a unet?", "U-Net"),
    ("what are samplers", "Sampler"),
    ("what does DDIM stand for", "DDIM"),
])
def test_what_is_x_answers_with_the_definition_first(question: str, term: str) -> None:
    reply = parts(ask(question))
    assert reply[0] == HEADER
    assert reply[1].startswith(f"**{term}** (Lesson ")
    definition = next(t.definition for m in COURSE.modules for t in m.glossary if t.term == term)
    assert reply[1].endswith(definition)
    assert any(part.startswith("> ") for part in reply[2:])  # then the passage


def test_a_question_that_is_not_what_is_x_does_not_open_with_a_definition() -> None:
    assert parts(ask("What does the VAE encoder do with the image?"))[1].startswith("From **")


@pytest.mark.parametrize(("focus", "templates"), [
    *[(t.term, TERM_FOLLOW_UPS) for module in COURSE.modules for t in module.glossary],
    *[(s.title, SECTION_FOLLOW_UPS) for module in COURSE.modules for lesson in module.lessons for s in lesson.sections],
])
def test_every_follow_up_is_grammatical_for_every_key_term_and_section(focus: str, templates: tuple[str]) -> None:
    term = focus
    for template in templates:
        sentence = template.format(focus=term)
        assert sentence[0].isupper() and sentence.endswith("?"), sentence
        assert f"“{term}”" in sentence and "**" not in sentence  # named as a label, not bolded mid-sentence
        assert not re.search(r"\b(?:a|an|the)\s+“", sentence), sentence  # no article to clash with the term
        assert "  " not in sentence and " ," not in sentence
        assert "taken out of the pipeline" not in sentence and "would not help" not in sentence


def test_quiz_feedback_passages_close_each_option_before_its_feedback() -> None:
    from tui.tutor.retrieval import index_for

    feedback = [p for p in index_for(COURSE).passages if p.kind == FEEDBACK]
    assert feedback
    for passage in feedback:
        assert ".:" not in passage.text and "?:" not in passage.text, passage.text[:200]


def test_the_same_passage_is_not_quoted_twice_in_a_row() -> None:
    question = "why does guidance cost twice as much compute"
    first = ask(question, "l3")
    second = ask(question, "l3", (Turn("user", question), Turn("assistant", first)))
    first_quote = next(p for p in parts(first) if p.startswith("> "))
    assert first_quote not in second
    assert "I have nothing new to quote" in second or any(p.startswith("> ") for p in parts(second))


def test_when_everything_fitting_was_just_quoted_the_tutor_says_so_and_points_where_to_look() -> None:
    question = "zebra avocado armchair"  # fits one sentence of the course, nothing else
    first = ask(question)
    assert "> " in first
    second = ask(question, "general", (Turn("user", question), Turn("assistant", first)))
    assert "I have nothing new to quote" in second and "Three steps from words to pixels" in second


async def test_nothing_fits_is_said_plainly_and_marked_as_no_answer() -> None:
    tutor = OfflineTutor(COURSE)
    request = TutorRequest(context_for(COURSE, "l1.lab"), (), (Turn("user", "qwzx flurble snarkle"),))
    items = [item async for item in tutor.stream(request)]
    assert "could not find that in the course" in "".join(i for i in items if isinstance(i, str))
    [marker] = [i for i in items if isinstance(i, NoAnswer)]
    assert "nothing in the course" in marker.reason and items[-1] == Usage()


def test_a_question_about_the_learners_sampler_run_quotes_their_figures_and_the_explaining_passage() -> None:
    note = (FINDINGS / "sampler-comparison.md").read_text()
    reply = ask("why did ddim at 10 steps do as well as ddpm at 50?", "l1.lab", findings=(note,))
    assert "Your own **sampler-comparison** run" in reply
    table = next(p for p in parts(reply) if p.startswith("| sampler"))
    assert "| ddim | 10 |" in table and "| ddpm | 50 |" in table
    assert "| euler" not in table and "| dpm++ | 20 |" not in table  # nothing the question did not touch
    assert "**What it showed:** Best accuracy over 2 seeds" in reply
    assert "From **Lesson 1 · Sampling: running the chain backwards**:" in reply


def test_a_guidance_value_from_the_sweep_brings_back_that_row() -> None:
    note = (FINDINGS / "guidance-sweep.md").read_text()
    reply = ask("why did adherence drop at 30?", "l3.lab", findings=(note,))
    assert "| 30 | 25% |" in reply and "| 1 | 100% |" not in reply
    assert "From **Lesson 3 · Turning the knob: what the guidance scale does**:" in reply


def test_a_question_that_does_not_touch_the_figures_is_answered_from_the_course_only() -> None:
    note = (FINDINGS / "counting.md").read_text()
    reply = ask("how does the text encoder turn words into vectors?", "l4.lab", findings=(note,))
    assert "Your own" not in reply and "| count" not in reply


def test_in_a_lab_the_tutor_suggests_the_experiment_that_measures_the_question() -> None:
    reply = ask("what happens to my pictures when i push guidance really high", "l3.lab")
    assert "**Try it:** press F5 and pick **guidance-sweep**" in reply


def test_outside_the_lab_the_suggestion_says_which_lab_to_open() -> None:
    reply = ask("what happens to my pictures when i push guidance really high", "l3")
    assert "`diffusion-course open l3.lab`), press F5 and pick **guidance-sweep**" in reply


def test_an_experiment_already_run_is_not_suggested_again() -> None:
    note = (FINDINGS / "guidance-sweep.md").read_text()
    reply = ask("what does a negative prompt do to the prediction", "l3.lab", findings=(note,))
    assert "pick **guidance-sweep**" not in reply


def test_no_experiment_is_suggested_for_a_question_about_something_else() -> None:
    assert "**Try it:**" not in ask("what is cfg", "l3.lab")


@pytest.mark.parametrize("place", ["general", "intro", "l1", "l1.lab", "l6.lab"])
def test_the_apps_own_suggested_question_is_answered_from_lesson_one_wherever_it_is_asked(place: str) -> None:
    """The general pane suggests it to a newcomer; it was answered from module 2's flow matching (issue 12)."""
    from tui.tutor.session import GENERAL_SUGGESTION

    reply = ask(GENERAL_SUGGESTION, place)
    assert "From **Lesson 1 · The reverse process: a network that sees through static**:" in reply


@pytest.mark.parametrize(("question", "section"), [
    ("why can't it draw exactly five apples", "Lesson 4 · Counting without a counter"),
    ("how does the unet know which step it is on",
     "Lesson 1 · The reverse process: a network that sees through static"),
    ("my images look fried and oversaturated at cfg 20, why",
     "Lesson 3 · Turning the knob: what the guidance scale does"),
    ("is the vae trained at the same time as the unet",
     "Lesson 2 · The autoencoder: encoder, decoder and a frozen latent"),
])
@pytest.mark.parametrize("place", ["general", "l1.lab"])
def test_the_issues_examples_are_answered_from_their_section(question: str, section: str, place: str) -> None:
    assert f"From **{section}**:" in ask(question, place)
