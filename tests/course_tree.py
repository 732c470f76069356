"""A minimal valid content tree written into a temporary folder, for tests that break one thing at a time."""

from __future__ import annotations

from pathlib import Path

QUESTION = """
[[questions]]
id = "{qid}"
stem = "Which one is right?"{extra}

[[questions.options]]
text = "This one"
correct = true
feedback = "Right, because it is."

[[questions.options]]
text = "That one"
correct = false
feedback = "No, because it is not."
"""

LESSON = """+++
id = "{lid}"
title = "Lesson {lid}"
summary = "A summary."
opening_question = "Why?"

[[key_terms]]
term = "Term {lid}"
definition = "What it means."
+++

## First section

Some text.

> [!insight] A callout
> Its body.

## Second section

More text (Ho et al., 2020).

## Sources

- Ho, J., Jain, A. & Abbeel, P. *Denoising diffusion probabilistic models*. NeurIPS, 2020.
"""

LAB = """title = "Lab {lid}"
tutor_name = "Tutor"
greeting = "Hello."
task = "Ask things."
suggested_questions = ["One?", "Two?", "Three?"]
min_exchanges = 3
tutor_instructions = "Be helpful."
experiments = ["forward-process"]
"""


def write_course(root: Path) -> Path:
    """Write a clean two-lesson course under `root` and return it."""
    root.mkdir(parents=True)
    (root / "course.toml").write_text('title = "Course"\nsubtitle = "Sub"\nmodules = ["module-1"]\n')
    _write_module(
        root / "module-1",
        'id = "m1"\ntitle = "Module"\nintro = "intro.md"\nlessons = ["a", "b"]\ntest = "test.toml"\npass_mark = 0.8\n',
        '+++\nid = "intro"\ntitle = "Welcome"\n+++\n\n## Start\n\nHello.\n',
        lessons="ab",
        test_prefix="t",
    )
    return root


def learner_command_line(tmp_path: Path) -> list[str]:
    """A clean course under `tmp_path` and the setting flags that point the CLI at it and at private folders."""
    lessons = write_course(tmp_path / "lessons")
    return ["--lessons", str(lessons), "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]


def write_two_module_course(root: Path) -> Path:
    """The clean course plus a second module (lessons c and d, intro 'm2.intro', test 'm2.test') under `root`."""
    write_course(root)
    (root / "course.toml").write_text('title = "Course"\nsubtitle = "Sub"\nmodules = ["module-1", "module-2"]\n')
    _write_module(
        root / "module-2",
        'id = "m2"\ntitle = "Second module"\nsummary = "What comes after."\nintro = "intro.md"\n'
        'lessons = ["c", "d"]\ntest = "test.toml"\ntest_id = "m2.test"\npass_mark = 0.8\n',
        '+++\nid = "m2.intro"\ntitle = "Onwards"\n+++\n\n## Again\n\nHello again.\n',
        lessons="cd",
        test_prefix="m2t",
    )
    return root


def _write_module(folder: Path, module_toml: str, intro_md: str, *, lessons: str, test_prefix: str) -> None:
    """A module folder: its module.toml and intro, one lesson (with a quiz and a lab) per letter, and a test."""
    folder.mkdir()
    (folder / "module.toml").write_text(module_toml)
    (folder / "intro.md").write_text(intro_md)
    for lid in lessons:
        (folder / lid).mkdir()
        (folder / lid / "lesson.md").write_text(LESSON.format(lid=lid))
        (folder / lid / "quiz.toml").write_text(QUESTION.format(qid=f"{lid}q1", extra=""))
        (folder / lid / "lab.toml").write_text(LAB.format(lid=lid))
    test = "pass_mark = 0.8\n" + "".join(
        QUESTION.format(qid=f"{test_prefix}{n}", extra=f'\nlesson = "{lid}"') for n, lid in enumerate(lessons, 1)
    )
    (folder / "test.toml").write_text(test)
