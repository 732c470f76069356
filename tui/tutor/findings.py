"""The learner's own experiment figures, read back from the notes a lab hands the tutor, for the offline tutor.

An experiment's note (`ExperimentResult.as_markdown`) has a title line naming the experiment, a reading and a
table. When a question names the experiment, or a value from the table's leading columns (a sampler, a step
count, a guidance value), the rows that match are what the learner is asking about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TITLE = re.compile(r"^### Experiment: (?P<title>.*) \(`(?P<name>[\w-]+)`\)\s*$", re.M)
_READING = re.compile(r"^\*\*Reading:\*\* (?P<reading>.+)$", re.M)
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-zε][\w+-]*")
MAX_ROWS = 4


@dataclass(frozen=True)
class Finding:
    """One experiment run, as the tutor was given it."""

    name: str
    title: str
    reading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def key_columns(self) -> tuple[int, ...]:
        """The columns that say which run a row is (sampler, steps, guidance), not what it measured.

        The first column always; a later one when its values are words or whole numbers that differ by row.
        """
        keys = [0]
        for index in range(1, len(self.columns)):
            values = [row[index] for row in self.rows if index < len(row)]
            if len(set(values)) > 1 and all(re.fullmatch(r"[A-Za-z][\w+-]*|\d+", v) for v in values):
                keys.append(index)
            else:
                break
        return tuple(keys)

    def table(self, rows: tuple[tuple[str, ...], ...]) -> str:
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "|".join("---" for _ in self.columns) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def parse_finding(markdown: str) -> Finding | None:
    """The run described by an experiment note, or None when the note is not one."""
    title = _TITLE.search(markdown)
    if title is None:
        return None
    reading = _READING.search(markdown)
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    columns: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    if len(table) >= 2:
        columns = _cells(table[0])
        rows = [_cells(line) for line in table[2:]]
    return Finding(title["name"], title["title"], reading["reading"] if reading else "", columns, tuple(rows))


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def tokens(text: str) -> set[str]:
    """Lower-case words and numbers, with a trailing "++" or "+" dropped so "dpm" finds "dpm++"."""
    return {token.rstrip("+") for token in _TOKEN.findall(text.lower())}


def names_experiment(finding: Finding, question: str) -> bool:
    """The question names the experiment, in any word form: "guidance sweep", "sampler-comparison", "count"."""
    from .retrieval import stem

    asked = {stem(token) for token in tokens(question)}
    return {stem(word) for word in finding.name.split("-")} <= asked


def matching_rows(finding: Finding, question: str) -> tuple[tuple[str, ...], ...]:
    """The rows whose key values the question mentions, best matches first (at most `MAX_ROWS`)."""
    asked = tokens(question)
    keys = finding.key_columns
    scored = []
    for position, row in enumerate(finding.rows):
        values = {row[i].lower().rstrip("+") for i in keys if i < len(row)}
        score = len(values & asked)
        if score:
            scored.append((-score, position, row))
    scored.sort()
    return tuple(row for _, _, row in scored[:MAX_ROWS])


def relevant(findings: tuple[str, ...], question: str) -> list[tuple[Finding, tuple[tuple[str, ...], ...]]]:
    """The runs the question refers to, newest first, each with the rows it mentions (or the first rows, when it
    names the experiment but no row)."""
    found = []
    for note in reversed(findings):
        finding = parse_finding(note)
        if finding is None:
            continue
        rows = matching_rows(finding, question)
        if rows or names_experiment(finding, question):
            found.append((finding, rows or finding.rows[: MAX_ROWS * 2]))
    return found
