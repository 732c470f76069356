"""Lab files: the task, the tutor's persona and instructions, and the experiments the lab offers."""

from __future__ import annotations

from pathlib import Path

from .experiments import EXPERIMENTS
from .fields import FieldReader
from .model import Lab
from .problems import Problem
from .toml_source import read_toml


def read_lab(path: Path, lab_id: str, problems: list[Problem]) -> Lab | None:
    source = read_toml(path, problems, "the lab: its task, tutor and experiments")
    if source is None:
        return None
    fields = FieldReader(source, source.data, 1, problems)
    suggested = fields.texts("suggested_questions", "questions the learner can pick to start the conversation")
    minimum = fields.number("min_exchanges", "how many real exchanges with the tutor complete the lab", 3)
    if minimum is not None and (minimum < 1 or minimum != int(minimum)):
        fields.problem("min_exchanges", "'min_exchanges' must be a whole number of at least 1.")
    experiments = source.data.get("experiments", [])
    if not isinstance(experiments, list) or not all(isinstance(e, str) for e in experiments):
        fields.problem("experiments", "'experiments' must be a list of experiment names.")
        experiments = []
    for name in experiments:
        if name not in EXPERIMENTS:
            fields.problem("experiments", f"unknown experiment '{name}'; known: {', '.join(sorted(EXPERIMENTS))}.")
    return Lab(
        id=lab_id,
        title=fields.text("title", "the lab's title"),
        tutor_name=fields.text("tutor_name", "the tutor persona's name"),
        greeting=fields.text("greeting", "the tutor's first message"),
        task=fields.text("task", "what the learner should do in this lab"),
        suggested_questions=suggested,
        min_exchanges=int(minimum) if minimum and minimum >= 1 else 3,
        tutor_instructions=fields.text("tutor_instructions", "private instructions for the tutor"),
        experiments=tuple(e for e in experiments if e in EXPERIMENTS),
        source=path,
    )
