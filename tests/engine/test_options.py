"""Option declarations and `validate`: defaults filled, every bad key or value an InputError
whose message names what is allowed."""

import pytest

from gradplay.engine import InputError, RunSpec
from gradplay.engine.options import Option, validate

DECLARED = {
    "mode": Option("a", "which mode", choices=("a", "b")),
    "flag": Option(False, "a switch"),
    "rate": Option(0.5, "a number", bounds=(0.0, 1.0)),
    "count": Option(3, "a whole number", bounds=(1, 16)),
    "pair": Option([1.0, 2.0], "two numbers", bounds=(-10.0, 10.0)),
    "text": Option("x", "any string"),
}


def _error(given) -> str:
    with pytest.raises(InputError) as info:
        validate(given, DECLARED, "option")
    return str(info.value)


def test_validate_fills_defaults():
    assert validate(None, DECLARED, "option") == {"mode": "a", "flag": False, "rate": 0.5, "count": 3,
                                                  "pair": [1.0, 2.0], "text": "x"}
    assert validate({}, DECLARED, "option") == validate(None, DECLARED, "option")


def test_validate_overlays_and_coerces():
    out = validate({"mode": "b", "flag": True, "rate": 1, "count": 4.0, "pair": [0, 3]}, DECLARED, "option")
    assert out["mode"] == "b" and out["flag"] is True
    assert out["rate"] == 1.0 and isinstance(out["rate"], float)
    assert out["count"] == 4 and isinstance(out["count"], int)
    assert out["pair"] == [0.0, 3.0]


def test_validate_does_not_change_the_given_dict():
    given = {"rate": 0.25}
    validate(given, DECLARED, "option")
    assert given == {"rate": 0.25}


def test_validate_unknown_keys_name_the_allowed_ones():
    message = _error({"speed": 1, "colour": 2})
    assert "unknown option 'colour', 'speed'" in message
    assert "allowed: mode, flag, rate, count, pair, text" in message


def test_validate_nothing_declared_says_none():
    with pytest.raises(InputError, match="allowed: none"):
        validate({"momentum": 0.9}, {}, "hyperparameter for gd")


@pytest.mark.parametrize("given, fragments", [
    ({"mode": "c"}, ["'mode' must be one of 'a', 'b'", "got 'c'"]),
    ({"mode": 1}, ["must be one of"]),
    ({"flag": 1}, ["'flag' must be true or false", "got 1"]),
    ({"flag": "true"}, ["true or false"]),
    ({"rate": True}, ["'rate' must be a number", "got True"]),
    ({"rate": "0.5"}, ["must be a number"]),
    ({"rate": None}, ["must be a number"]),
    ({"rate": float("nan")}, ["finite"]),
    ({"rate": float("inf")}, ["finite"]),
    ({"rate": 1.5}, ["must lie within [0, 1]", "got 1.5"]),
    ({"rate": -0.1}, ["within [0, 1]"]),
    ({"count": 2.5}, ["'count' must be a whole number"]),
    ({"count": 0}, ["within [1, 16]"]),
    ({"count": 17}, ["within [1, 16]"]),
    ({"pair": [1.0]}, ["'pair' must be a list of 2 numbers"]),
    ({"pair": (1.0, 2.0)}, ["list of 2 numbers"]),
    ({"pair": [1.0, False]}, ["'pair'[1] must be a number"]),
    ({"pair": [1.0, 11.0]}, ["'pair'[1] must lie within [-10, 10]"]),
    ({"text": 5}, ["'text' must be a string"]),
])
def test_validate_bad_values(given, fragments):
    message = _error(given)
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize("given", [[1], "abc", [("rate", 0.5)], 5])
def test_validate_refuses_a_non_dict(given):
    assert "expected a dict of name -> value" in _error(given)


@pytest.mark.parametrize("field", ["options", "hyper"])
def test_runspec_refuses_non_dict_options_and_hyper(field):
    with pytest.raises(InputError, match="expected a dict"):
        RunSpec.make("parabola", **{field: ["x0", 5.0]})


def test_option_describe_is_plain_data():
    assert DECLARED["mode"].describe() == {"default": "a", "help": "which mode", "kind": "choice", "choices": ["a", "b"]}
    assert DECLARED["rate"].describe() == {"default": 0.5, "help": "a number", "kind": "number", "bounds": [0.0, 1.0]}
    assert DECLARED["flag"].describe() == {"default": False, "help": "a switch", "kind": "boolean"}
    assert Option("x", "a formula", kind="function").describe()["kind"] == "function"
