"""The course content: model, loader and validator. Plain Python, no Textual.

Exports load on first use: a start that reads the parsed course from its cache (tui/course/cache.py) needs only
the model, not the loader and its parsers.
"""

from tui.lazy_exports import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["check_course", "default_lessons_dir", "load_course"], "loader"),
    **dict.fromkeys(
        ["Course", "Intro", "KeyTerm", "Lab", "Lesson", "Module", "Option", "Place", "Question", "QuestionSet",
         "Section"],
        "model",
    ),
    **dict.fromkeys(["ContentError", "Problem", "report"], "problems"),
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
