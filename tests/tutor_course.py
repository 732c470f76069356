"""A tiny course built in Python for the tutor's tests: stable while the real lessons are still being edited."""

from __future__ import annotations

from pathlib import Path

from tui.course.model import Course, Intro, KeyTerm, Lab, Lesson, Module, Option, Place, Question, QuestionSet, Section

HERE = Path(__file__).parent


def _question(qid: str, lesson_id: str, stem: str, right: str, wrong: str) -> Question:
    return Question(qid, stem, (
        Option(right, True, f"Right: {right.lower()} is what happens."),
        Option(wrong, False, f"Not quite: {wrong.lower()} is a common mix-up."),
    ), lesson_id)


def tiny_course() -> Course:
    """Two lessons (the first with a quiz and a lab), an intro and a two-question test."""
    quiz = QuestionSet("l1.quiz", "Lesson 1 quiz", (
        _question("l1q1", "l1", "What does the forward process add at each step?",
                  "Gaussian noise on a fixed schedule", "Learned brush strokes"),
    ), 0.75, HERE)
    lab = Lab(
        id="l1.lab", title="Interrogating the loop", tutor_name="Loop Tutor",
        greeting="Hello! Ask me about the forward and reverse processes.", task="Ask three real questions.",
        suggested_questions=("Why predict the noise rather than the image?", "What does the schedule control?"),
        min_exchanges=3, tutor_instructions="Probe whether they think the network paints the image directly.",
        experiments=(), source=HERE,
    )
    lesson1 = Lesson(
        id="l1", number=1, title="Noise into structure", summary="The core diffusion loop.",
        opening_question="If you remove a little noise at a time, what are you computing?",
        sections=(
            Section("The forward process", "The forward process adds Gaussian noise to an image step by step. "
                    "A noise schedule decides how much noise each timestep adds.", 10),
            Section("The reverse process", "A U-Net learns to predict the noise in a noisy image. "
                    "Subtracting the predicted noise a little at a time turns static into a picture.", 20),
        ),
        key_terms=(KeyTerm("Noise schedule", "How much noise is added at each timestep.", "l1"),),
        quiz=quiz, lab=lab, source=HERE,
    )
    lesson2 = Lesson(
        id="l2", number=2, title="The latent space", summary="Diffusion on a compressed image.",
        opening_question="Why not denoise pixels directly?",
        sections=(
            Section("The autoencoder", "A VAE encoder compresses the image into a small latent; the decoder turns "
                    "the latent back into pixels.", 5),
        ),
        key_terms=(KeyTerm("VAE", "Variational autoencoder: encoder and decoder around a latent.", "l2"),),
        quiz=None, lab=None, source=HERE,
    )
    test = QuestionSet("test", "Module test", (
        _question("t1", "l1", "Which network predicts the noise?", "The U-Net", "The VAE decoder"),
        _question("t2", "l2", "What does the VAE encoder output?", "A latent", "A caption"),
    ), 0.8, HERE)
    intro = Intro("intro", "Introduction", "Why this course.", (Section("What you will learn", "Diffusion.", 1),),
                  HERE)
    places = [Place("intro", "intro", "Introduction"), Place("l1", "lesson", "Lesson 1: Noise into structure", "l1"),
              Place("l1.quiz", "quiz", "Lesson 1: quiz", "l1"), Place("l1.lab", "lab", "Lesson 1: lab", "l1"),
              Place("l2", "lesson", "Lesson 2: The latent space", "l2"), Place("test", "test", "Module test")]
    module = Module("m1", "Module", intro, (lesson1, lesson2), test, 0.8)
    return Course("Tiny Course", "for tests", (module,), HERE, {place.id: place for place in places})
