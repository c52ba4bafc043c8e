"""The engine: torch only. It knows nothing of HTTP; it yields plain Python data."""

from gradplay.engine.errors import InputError
from gradplay.engine.problems import PROBLEMS
from gradplay.engine.optimizers import OPTIMIZERS
from gradplay.engine.run import RunSpec, run, run_all

__all__ = ["InputError", "PROBLEMS", "OPTIMIZERS", "RunSpec", "run", "run_all"]
