"""The course is written in this project's own words: no run of 12 words may equal one in the spec."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec" / "course-source.txt"
RUN = 12


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


@pytest.mark.skipif(not SPEC.exists(), reason="the spec is not beside this checkout")
def test_no_run_of_twelve_words_is_copied_from_the_spec():
    spec_runs = runs(SPEC.read_text(encoding="utf-8"))
    copied = []
    for path in sorted((ROOT / "lessons").rglob("*")):
        if path.suffix in {".md", ".toml"}:
            for run in runs(path.read_text(encoding="utf-8")) & spec_runs:
                copied.append(f"{path.relative_to(ROOT)}: {' '.join(run)}")
    assert not copied, "copied from the spec:\n" + "\n".join(sorted(copied)[:40])
