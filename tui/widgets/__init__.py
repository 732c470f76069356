"""Reusable widgets: question card, lesson section view, tutor slot, state marks."""
