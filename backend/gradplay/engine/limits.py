"""Every limit gradplay enforces, in one place: the engine, the API's schemas and settings,
the command line and the page (through the catalog's `limits`) all read these.

Settings may lower MAX_STEPS, MAX_LRS and MAX_SWEEP_NUMBERS for one server, never raise them.
"""

from gradplay.engine.errors import InputError

MAX_LR = 100.0  # beyond this every lesson diverges in one step; the slider never goes there
MAX_STEPS = 10_000  # updates per run
MAX_LRS = 256  # learning rates per sweep
MAX_SWEEP_NUMBERS = 2_000_000  # numbers a sweep may return: lrs x (steps + 1) x (1 + scalars)
MAX_HYPER_VALUES = 64  # values of a hyperparameter swept against the learning rates
MAX_CELLS = 4096  # learning rates x hyperparameter values in one sweep
MAX_ABS_X = 1e6  # |x| of a starting point, a curve's ends, a landscape's axes
MAX_CURVE_POINTS = 2001  # points of /api/curve
MAX_LANDSCAPE_N = 201  # points per axis of /api/landscape
MAX_SEED = 2**63 - 1  # torch.Generator takes a signed 64-bit seed
# The classify lesson (TensorFlow Playground's sizes): its options and POST /api/datasets read these.
MAX_POINTS = 1000  # a user's own [x1, x2, label] points; 1000 fit a request body with room to spare
MAX_SAMPLES = 1000  # points of a generated dataset
MAX_LAYERS = 6  # hidden layers
MAX_UNITS = 8  # units per hidden layer
MAX_BATCH = 500  # points per minibatch
MAX_GRID = 200  # the output heatmap's points per axis: 40 000 numbers per record
MAX_NOISE = 50.0  # percent, as TFP's slider
MAX_BODY_BYTES = 64 * 1024  # a request body; the largest a lesson needs is ~1 KiB

# A typed function (engine/expr.py): enough for any classroom one, never a stack or time bomb.
MAX_FUNCTION_CHARS = 200  # characters, short enough to read
MAX_FUNCTION_DEPTH = 24  # nesting of operators and calls; stops stack-exhausting inputs
MAX_FUNCTION_NODES = 120  # operands and operators in total
MAX_FUNCTION_CONSTANT = 1e6  # |number| allowed in the text
MAX_FUNCTION_EXPONENT = 100  # |p| allowed in x**p when p is a number


def check_lr(lr: object) -> None:
    """The one learning-rate rule, (0, MAX_LR]: every run, sweep and export checks it here."""
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr <= MAX_LR:
        raise InputError(f"lr must be a number in (0, {MAX_LR:g}]; got {lr!r}")


def short(v: float) -> str:
    """A limit as people write it in a message: 1e6, not 1e+06."""
    return f"{v:g}".replace("e+0", "e").replace("e+", "e")


def page_limits(max_steps: int = MAX_STEPS, max_lrs: int = MAX_LRS) -> dict:
    """What the page checks before it asks (the catalog's `limits`, GET /api/limits)."""
    return {"max_lr": MAX_LR, "max_steps": max_steps, "max_function_chars": MAX_FUNCTION_CHARS,
            "max_lrs": max_lrs, "max_hyper_values": MAX_HYPER_VALUES, "max_cells": MAX_CELLS}
