"""The course index: the right section first for learner questions (issues 5 and 12), and a search API that names
place, section and matching line (for the learner's search as well as the tutor)."""

from __future__ import annotations

import pytest

from tui.course import load_course
from tui.tutor.retrieval import SECTION, SOURCES, CourseIndex, excerpt, index_for, plain, stem

from .learner_questions import DAY_TWO_HELD_OUT, HELD_OUT, TUNING, TUNING_M2, module_one

# (question as a learner would type it, lesson id, section title that should come first)
QUESTIONS = [
    ("What exactly happens to an image during the forward process?", "l1",
     "The forward process: destruction on a timetable"),
    ("How much noise gets added at each step, and who decides that?", "l1",
     "The forward process: destruction on a timetable"),
    ("What does the U-Net actually predict when it denoises?", "l1",
     "The reverse process: a network that sees through static"),
    ("How does one network know how noisy its input is at each timestep?", "l1",
     "The reverse process: a network that sees through static"),
    ("Why do samplers like DDIM need far fewer steps than DDPM?", "l1", "Sampling: running the chain backwards"),
    ("Is diffusion really borrowed from physics, like ink spreading in water?", "l1",
     "From a physics metaphor to Stable Diffusion"),
    ("Why compress the image before running diffusion on it?", "l2", "Why compress first?"),
    ("What do the encoder and the decoder of the VAE each do?", "l2",
     "The autoencoder: encoder, decoder and a frozen latent"),
    ("Does the latent space have to be Gaussian, and what is the KL term for?", "l2",
     "Does the latent have to be Gaussian?"),
    ("What fine details get lost when an image is squeezed into the latent?", "l2",
     "What the latent holds, and what it loses"),
    ("Is diffusion in pixel space better than latent diffusion?", "l2", "Latent or pixel diffusion?"),
    ("How does my text prompt become vectors the model can use?", "l3",
     "Text encoders: turning a prompt into vectors"),
    ("What is the difference between CLIP and T5 as text encoders?", "l3",
     "CLIP or T5: visual grounding versus language structure"),
    ("Where inside the denoiser does the prompt actually get used?", "l3",
     "Cross-attention: where the prompt enters the denoiser"),
    ("How does classifier-free guidance combine the two predictions?", "l3", "Classifier-free guidance"),
    ("What happens to my images when I set the guidance scale very high?", "l3",
     "Turning the knob: what the guidance scale does"),
    ("Why does guidance make every step cost twice as much, and what are the alternatives?", "l3",
     "The cost of guidance, and the alternatives"),
    ("Why can't the model draw exactly three apples when I ask for three?", "l4", "Counting without a counter"),
    ("I asked for a red cube and a blue sphere and got the colours swapped. Why?", "l4",
     "Attribute binding: which colour goes where"),
    ("Why does the model ignore 'left of' or 'above' in my prompt?", "l4",
     "Left of, above, on top of: spatial relations"),
    ("Why is the writing on signs in generated images garbled?", "l4", "Text inside images"),
    ("Why do generated hands often have six fingers?", "l4", "Hands, fingers and global constraints"),
    ("How should I judge a claim that a new model has fixed these failures?", "l4",
     "The pattern, and how to read claims of progress"),
    ("Are these failures bugs that will be fixed, or properties of how the model works?", "l4",
     "Bug or property? A thought experiment"),
]


@pytest.fixture(scope="module")
def index() -> CourseIndex:
    return CourseIndex(load_course())


def _first_section(index: CourseIndex, question: str) -> tuple[str, str] | None:
    hits = index.search(question, 1, kinds=(SECTION,))
    return (hits[0].place_id, hits[0].section) if hits else None


def test_the_question_set_is_at_least_twenty_and_names_real_sections(index: CourseIndex) -> None:
    sections = {(p.place_id, p.title) for p in index.passages if p.kind == SECTION}
    assert len(QUESTIONS) >= 20
    assert {(lesson, title) for _, lesson, title in QUESTIONS} <= sections
    named = {(lesson, title) for _, lesson, title in [*TUNING, *TUNING_M2, *DAY_TWO_HELD_OUT, *HELD_OUT]}
    assert named <= sections, f"renamed headings? {named - sections}"
    assert len(TUNING) >= 30 and len(HELD_OUT) >= 30
    assert {lesson for _, lesson, _ in HELD_OUT} >= {"intro", "l1", "l4", "m2.intro", "l5", "l8"}  # both modules


def test_the_right_section_comes_first_for_at_least_80_percent(index: CourseIndex) -> None:
    misses = [(q, _first_section(index, q)) for q, lesson, title in QUESTIONS
              if _first_section(index, q) != (lesson, title)]
    share = 1 - len(misses) / len(QUESTIONS)
    assert share >= 0.8, f"{share:.0%} right; misses: {misses}"


def test_feedback_of_excluded_questions_is_never_returned(index: CourseIndex) -> None:
    feedback = [p for p in index.passages if p.question_id]
    stem_of_first = feedback[0].title
    hits = index.search(stem_of_first, 50, exclude_questions={p.question_id for p in feedback})
    assert hits and all(not hit.passage.question_id for hit in hits)


def test_a_query_of_unknown_words_finds_nothing(index: CourseIndex) -> None:
    assert index.search("zzxq qqvv") == []
    assert index.search("   ") == []


def test_plain_text_drops_markdown_markers_and_ends_titles_like_sentences() -> None:
    text = plain("> [!insight] One network, many steps\n> The *timestep* is `embedded`.\n\n- a [link](http://x)")
    assert text == "One network, many steps. The timestep is embedded. a link"


def test_stemming_folds_common_english_endings() -> None:
    assert len({stem(w) for w in ("sample", "samples", "sampled", "sampling")}) == 1
    assert stem("process") == stem("processes")


def test_excerpt_quotes_the_sentences_that_match_the_question() -> None:
    text = "Cats sleep a lot. The noise schedule sets how fast noise grows. Dogs bark. Birds sing."
    assert excerpt(text, "what does the noise schedule do?") == "The noise schedule sets how fast noise grows."


def test_plain_text_keeps_subscripts_and_never_leaves_half_an_emphasis_marker() -> None:
    text = plain("It jumps: x_t = √ᾱ_t·x_0 + ε. The **forward-process** experiment, _slowly_.")
    assert text == "It jumps: x_t = √ᾱ_t·x_0 + ε. The forward-process experiment, slowly."


def _share_right(index: CourseIndex, questions: list[tuple[str, str, str]]) -> tuple[float, list[str]]:
    misses = [f"{q!r} -> {_first_section(index, q)}" for q, lesson, title in questions
              if _first_section(index, q) != (lesson, title)]
    return 1 - len(misses) / len(questions), misses


@pytest.fixture(scope="module")
def module_one_index() -> CourseIndex:
    return CourseIndex(module_one(load_course()))


def test_learner_style_questions_find_their_section_on_the_tuning_half(module_one_index: CourseIndex) -> None:
    share, misses = _share_right(module_one_index, TUNING)
    assert share >= 0.9, f"{share:.0%} right; misses: {misses}"


def test_module_two_tuning_questions_find_their_section(index: CourseIndex) -> None:
    share, misses = _share_right(index, TUNING_M2)
    assert share >= 0.9, f"{share:.0%} right; misses: {misses}"  # 37/40 after day 3's tuning


def test_day_two_held_out_questions_now_tuning_find_their_section(index: CourseIndex) -> None:
    """Day 2's held-out set (38/45 at the end of day 2, 44/45 after day 3's tuning) is tuning material since day 3."""
    share, misses = _share_right(index, DAY_TWO_HELD_OUT)
    assert share >= 0.9, f"{share:.0%} right; misses: {misses}"


def test_learner_style_questions_find_their_section_on_the_held_out_half(index: CourseIndex) -> None:
    """Issue 12 asks for 85% on questions the retrieval was never tuned on. HELD_OUT was written fresh on day 3,
    before that day's retrieval changes, over both modules, and measured once at the end of that day's tuning:
    48 of 53 (91%; benchmarks/tutor_offline.py). The floor is the issue's target."""
    share, _ = _share_right(index, HELD_OUT)  # misses are not printed: the half must not steer tuning
    assert share >= 0.85, f"{share:.0%} right on the held-out half"


def test_short_forms_and_typos_reach_the_course_words(index: CourseIndex) -> None:
    assert _first_section(index, "my images look fried at cfg 20") == (
        "l3", "Turning the knob: what the guidance scale does")
    assert index.rewriter.correction("guidence") == "guidance"
    assert index.rewriter.correction("consistently") is None  # another form of a course word, not a typo
    assert index.rewriter.correction("sd") is None  # too short to correct


def test_a_search_hit_names_its_place_section_and_matching_line(index: CourseIndex) -> None:
    [hit] = index.search("scaling factor 0.18215", 1, kinds=(SECTION,))
    assert (hit.place_id, hit.section) == ("l2", "Does the latent have to be Gaussian?")
    source = load_course().lesson("l2").source.read_text().splitlines()
    assert "0.18215" in hit.line_text and hit.line_text[:30] in source[hit.line - 1].replace("**", "")
    assert hit.score > 0


def test_key_terms_are_found_under_their_lesson(index: CourseIndex) -> None:
    hits = index.search("Latent Consistency Model", 5, kinds=("term",))
    # Lesson 1 names it; lesson 8 defines it again under its short form, LCM: both come first, under their lesson.
    assert {(hit.place_id, hit.passage.title) for hit in hits[:2]} == {("l1", "Latent Consistency Model"),
                                                                       ("l8", "LCM")}
    assert all(hit.section == "Key terms" and "Latent Consistency Model" in hit.line_text for hit in hits[:2])


def test_a_sources_section_is_searchable_but_never_an_answer(tmp_path) -> None:
    from .course_tree import write_course

    tree = write_course(tmp_path / "lessons")
    lesson = tree / "module-1/a/lesson.md"
    lesson.write_text(lesson.read_text() + "\n## Sources\n\n- Ho, J. et al. *Denoising Diffusion*. NeurIPS, 2020.\n")
    course = load_course(tree)
    found = CourseIndex(course).search("Ho Denoising Diffusion NeurIPS", 3)
    assert found and found[0].passage.kind == SOURCES
    from tui.tutor.retrieval import ANSWER_KINDS

    assert all(h.passage.kind != SOURCES for h in CourseIndex(course).search("Ho Denoising NeurIPS", 9,
                                                                             kinds=ANSWER_KINDS))


def test_one_index_per_course_is_shared() -> None:
    course = load_course()
    assert index_for(course) is index_for(course)


def test_a_lead_in_to_a_formula_ends_as_a_sentence_when_the_formula_is_dropped() -> None:
    text = plain("Training is short to state:\n\n    loss = |e - e_theta|^2\n\nTo predict noise well, learn images.")
    assert text == "Training is short to state (shown in the lesson). To predict noise well, learn images."


def test_a_passage_in_the_learners_lesson_scores_more_by_the_lesson_prior(index: CourseIndex) -> None:
    """A tutor beside a lesson prefers that lesson when another fits about as well; the rest score the same."""
    from tui.tutor import retrieval

    question = "how come new samplers only need like 20 steps instead of a thousand"
    anywhere = {h.passage: h.score for h in index.search(question, 50, kinds=(SECTION,))}
    beside_l1 = {h.passage: h.score for h in index.search(question, 50, kinds=(SECTION,), lesson="l1", module="m1")}
    for passage, score in anywhere.items():
        boost = (1 + retrieval.LESSON_PRIOR if passage.home == "l1" else 1) * (
            1 + retrieval.MODULE_PRIOR if passage.module_id == "m1" else 1)
        assert beside_l1[passage] == pytest.approx(score * boost)
    assert retrieval.LESSON_PRIOR > 0
