"""POST /api/datasets' request: the exact points a classify run trains and tests on.

The request holds the classify lesson's data options (the same names, bounds and defaults as
its `options`); the answer (gradplay.models.DatasetResult) lists the training and test points
as [x1, x2, label], in the order a run uses them. Labels (0 or 1) and coordinates (within ±6)
are checked by the engine, like a run's options, so both say the same thing about a bad point.
"""

from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from gradplay.api.schemas import Strict, WholeNumber, _whole
from gradplay.engine.limits import MAX_NOISE, MAX_POINTS, MAX_SAMPLES, MAX_SEED

DOMAIN = 6.0  # the square the data lives in (engine/datasets.py)
Coordinate = Annotated[float, Field(ge=-DOMAIN, le=DOMAIN)]
Label = Annotated[int, Field(ge=0, le=1), BeforeValidator(_whole)]  # bounds inside, as schemas.Steps
# a JSON array is a list: strict mode takes a tuple only as a tuple, so the three items are handed over as one
Point = Annotated[tuple[Coordinate, Coordinate, Label],
                  BeforeValidator(lambda v: tuple(v) if isinstance(v, list) else v), Field(description="[x1, x2, label]: x1 and x2 within [-6, 6], label 0 or 1")]


class DatasetRequest(Strict):
    """The data options of a classify run; every key is optional."""

    dataset: Literal["circle", "xor", "gauss", "spiral", "points"] = Field(
        "circle", description="TensorFlow Playground's four shapes, or `points`: your own.")
    points: list[Point] = Field(
        default_factory=list, max_length=MAX_POINTS,
        description=f"Your own data for dataset 'points' (at least 2, at most {MAX_POINTS}): [x1, x2, label] with "
                    "x1 and x2 within [-6, 6] and label 0 or 1.")
    samples: WholeNumber = Field(500, ge=10, le=MAX_SAMPLES, description="Points of a generated dataset.")
    noise: float = Field(0.0, ge=0, le=MAX_NOISE, description="Noise in percent, as TensorFlow Playground's slider.")
    train_fraction: float = Field(0.5, ge=0.1, le=0.9, description="Share of the points that train; the rest test.")
    data_seed: WholeNumber = Field(0, ge=0, le=MAX_SEED, description="Seeds the points and their train/test split.")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"dataset": "xor", "noise": 10, "data_seed": 3},
        {"dataset": "points", "points": [[1.5, 2.0, 1], [-2.0, -1.0, 0], [3.0, -3.0, 0]], "train_fraction": 0.5},
    ]})
