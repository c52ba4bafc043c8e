"""The API's schemas and settings take their limits from engine/limits.py, and document them."""

from gradplay.api import schemas, settings
from gradplay.engine import limits


def test_every_copy_reads_the_limits_module():
    assert limits.MAX_LR == 100.0 and limits.MAX_STEPS == 10_000 and limits.MAX_LRS == 256
    s = settings.Settings()
    assert (s.max_steps, s.max_sweep_lrs, s.max_sweep_numbers, s.max_body_bytes) == (
        limits.MAX_STEPS, limits.MAX_LRS, limits.MAX_SWEEP_NUMBERS, limits.MAX_BODY_BYTES)
    run = schemas.RunRequest.model_json_schema()["properties"]
    assert next(s for s in run["lr"]["anyOf"] if s.get("type") == "number")["maximum"] == limits.MAX_LR
    assert run["seed"]["maximum"] == limits.MAX_SEED == 2**63 - 1
    curve_schema = schemas.CurveRequest.model_json_schema()["properties"]
    assert curve_schema["function"]["maxLength"] == limits.MAX_FUNCTION_CHARS
    assert curve_schema["n"]["maximum"] == limits.MAX_CURVE_POINTS == 2001
    assert schemas.LandscapeRequest.model_json_schema()["properties"]["n"]["maximum"] == limits.MAX_LANDSCAPE_N == 201
