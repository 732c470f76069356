"""Lab experiments: every lesson's claims tried live on the built-in model, as pictures, plots, a table and a reading.

`run_experiment(name, engine, options, on_progress, cancel)` returns an ExperimentResult; REGISTRY names them
all. Importing this package does not import torch: each experiment's module loads when it runs.
"""

from __future__ import annotations

from tui.gen.experiments.registry import REGISTRY, Experiment, UnknownExperiment, get, run_experiment
from tui.gen.experiments.result import ExperimentResult, Options, Picture, Plot, Progress, Series, Table

__all__ = ["REGISTRY", "Experiment", "ExperimentResult", "Options", "Picture", "Plot", "Progress", "Series", "Table",
           "UnknownExperiment", "get", "run_experiment"]
