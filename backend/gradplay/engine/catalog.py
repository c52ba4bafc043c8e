"""The catalog: every lesson, optimizer and limit as plain data, the page's only source for them.

GET /api/problems, /api/optimizers and /api/limits answer it, and the served index.html
carries it inline, so the page keeps no copy of what exists.
"""

from gradplay.engine.limits import MAX_LRS, MAX_STEPS, page_limits
from gradplay.engine.optimizers import OPTIMIZERS
from gradplay.engine.problems import PROBLEMS
from gradplay.engine.run import RunSpec


def problems() -> list[dict]:
    """Each lesson as `Problem.describe()`, its `defaults` a full run request (every default filled in)."""
    return [{**p.describe(), "defaults": RunSpec.make(p.id).to_dict()} for p in PROBLEMS.values()]


def optimizers() -> list[dict]:
    return [o.describe() for o in OPTIMIZERS.values()]


def catalog(max_steps: int = MAX_STEPS, max_lrs: int = MAX_LRS) -> dict:
    """{problems, optimizers, limits}; a server that lowers its limits passes them here."""
    return {"problems": problems(), "optimizers": optimizers(), "limits": page_limits(max_steps, max_lrs)}
