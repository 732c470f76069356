"""Lab experiments: every lesson's claims tried live on the built-in model, as pictures, plots, a table and a reading.

`run_experiment(name, engine, options, on_progress, cancel)` returns an ExperimentResult; REGISTRY names them
all. Importing this package imports nothing else (the CLI imports its `commands` at start-up), and no experiment
imports torch until it runs.
"""

from tui.lazy_exports import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["REGISTRY", "Experiment", "UnknownExperiment", "get", "run_experiment"], "registry"),
    **dict.fromkeys(["ExperimentResult", "Options", "Picture", "Plot", "Progress", "Series", "Table"], "result"),
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
