"""The course content: model, loader and validator. Plain Python, no Textual."""

from .loader import check_course, default_lessons_dir, load_course
from .model import Course, Intro, KeyTerm, Lab, Lesson, Module, Option, Place, Question, QuestionSet, Section
from .problems import ContentError, Problem, report

__all__ = [
    "ContentError",
    "Course",
    "Intro",
    "KeyTerm",
    "Lab",
    "Lesson",
    "Module",
    "Option",
    "Place",
    "Problem",
    "Question",
    "QuestionSet",
    "Section",
    "check_course",
    "default_lessons_dir",
    "load_course",
    "report",
]
