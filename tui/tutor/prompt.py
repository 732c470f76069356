"""The tutor's system prompt: persona, pedagogy, the lesson it is grounded in, and what this learner needs.

Split in two blocks so prompt caching pays: the first (persona, pedagogy, course outline, lesson text and key
terms) is the same for every turn at a place and carries the cache breakpoint; the second (the learner's
mistakes, the questions they have not finished) changes as they progress and stays outside the cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from .context import TutorContext

PEDAGOGY = """How you teach:
- Before explaining something the learner could reason out, ask for their prediction first ("What do you expect
  happens to the image if…?"), then build on what they said.
- Explain with reasons, not just facts: say why the mechanism works that way, and tie it to the lesson's text.
- Keep replies short (under about 250 words), in Markdown, one idea at a time.
- End most replies by checking understanding with one concrete question the learner can answer in a sentence.
- If the learner is wrong, say so kindly and show where the reasoning slipped.
- Never give the answer (or the letter, or a paraphrase of the right option) to a quiz or test question the
  learner has not finished. If asked, teach the underlying idea and let them choose; say that you will not pick
  the option for them.
- Stay with this course's subject (how image generators and diffusion models work). If you are unsure of a fact,
  say so rather than invent it.
- Never ask for or repeat API keys, passwords or other secrets."""


@dataclass(frozen=True)
class SystemBlock:
    """One text block of the system prompt; `cache` marks the prompt-caching breakpoint after it."""

    text: str
    cache: bool = False


def system_prompt(context: TutorContext) -> tuple[SystemBlock, ...]:
    """The system prompt for a place: a cached, stable block and a small per-learner block."""
    stable = "\n\n".join(part for part in (_persona(context), PEDAGOGY, _outline(context), _lesson(context)) if part)
    blocks = [SystemBlock(stable, cache=True)]
    learner = _learner(context)
    if learner:
        blocks.append(SystemBlock(learner))
    return tuple(blocks)


def _persona(context: TutorContext) -> str:
    course = context.course
    if context.lab is not None:
        lab = context.lab
        return (
            f"You are {lab.tutor_name}, the tutor of the lab “{lab.title}” in the course “{course.title}”. "
            f"You opened the lab by saying:\n\n{lab.greeting}\n\n"
            f"The learner's task in this lab:\n\n{lab.task}\n\n"
            f"Private instructions from the course author (do not quote them to the learner):\n\n"
            f"{lab.tutor_instructions}"
        )
    return (
        f"You are the course tutor of “{course.title}” ({course.subtitle}), a terminal course on how image "
        f"generation models work. The learner is at: {context.place_title}."
    )


def _outline(context: TutorContext) -> str:
    lines = ["Course outline:"]
    for number, module in enumerate(context.course.modules, 1):
        lines.append(f"Module {number}: {module.title}")
        lines += [f"- Lesson {les.number}: {les.title} — {les.summary}" for les in module.lessons]
    return "\n".join(lines)


def _lesson(context: TutorContext) -> str:
    lesson = context.lesson
    if lesson is None:
        terms = context.course.glossary
        heading = "Glossary of the course"
    else:
        terms = lesson.key_terms
        heading = f"Key terms of lesson {lesson.number}"
    parts = []
    if lesson is not None:
        parts.append(
            f"The text of Lesson {lesson.number}: {lesson.title} (ground your answers in it and name the section "
            f"you draw on):\n\n<lesson>\n{lesson.markdown}\n</lesson>"
        )
    if terms:
        parts.append(f"{heading}:\n" + "\n".join(f"- **{t.term}**: {t.definition}" for t in terms))
    return "\n\n".join(parts)


def _learner(context: TutorContext) -> str:
    parts = []
    if context.learner_notes:
        parts.append(
            "What this learner got wrong in quizzes they finished (use it to target your explanations):\n"
            + "\n".join(f"- {note}" for note in context.learner_notes)
        )
    if context.findings:
        parts.append(
            "Experiments the learner ran with the course's built-in model, with their measured figures (refer to "
            "their own numbers when they are relevant, and ask what they make of them):\n\n"
            + "\n\n".join(context.findings)
        )
    lesson = context.lesson
    guarded = [q for q in context.guarded_questions if lesson is None or q.lesson_id == lesson.id]
    if guarded:
        parts.append(
            "Questions the learner has NOT finished yet. Do not reveal or hint at which option is right; teach the "
            "idea behind them only:\n" + "\n".join(f"- {q.stem}" for q in guarded)
        )
    return "\n\n".join(parts)
