"""Declared options (default, bounds or choices, help) and their validation.

Problems and optimizers declare what they accept with `Option`; `validate` checks a
user's dict against that declaration and fills defaults, so every bad key or value is
an `InputError` naming what is allowed.
"""

import math
from dataclasses import dataclass
from typing import Any, Callable

from gradplay.engine.errors import InputError


KINDS = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list"}


@dataclass(frozen=True)
class Option:
    default: Any
    help: str
    choices: tuple | None = None
    bounds: tuple[float, float] | None = None
    # what the page builds for it; by default from the choices or the default's type.
    # "function" marks a typed formula (a string the parser checks): a text box with the parser's help
    kind: str | None = None
    # (label, value) -> the cleaned value, or InputError: for values the kind's own rule cannot
    # express (a list of any length, of lists, of names); replaces that rule for this option
    validator: Callable[[str, Any], Any] | None = None

    def describe(self) -> dict:
        """Plain data for the API's `options` listing."""
        out = {"default": self.default, "help": self.help, "kind": self.kind_name()}
        if self.choices is not None:
            out["choices"] = list(self.choices)
        if self.bounds is not None:
            out["bounds"] = list(self.bounds)
        return out

    def kind_name(self) -> str:
        if self.kind is not None:
            return self.kind
        return "choice" if self.choices is not None else KINDS[type(self.default)]


def validate(given: dict | None, declared: dict[str, Option], what: str) -> dict:
    """Return declared defaults overlaid with `given`, each value checked."""
    if given is not None and not isinstance(given, dict):
        raise InputError(f"{what}: expected a dict of name -> value; got {given!r}"[:200])
    given = dict(given or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise InputError(f"unknown {what} {', '.join(map(repr, unknown))}; allowed: {allowed}")
    out = {}
    for name, option in declared.items():
        out[name] = _check(f"{what} {name!r}", given.get(name, option.default), option)
    return out


def _check(label: str, value: Any, option: Option) -> Any:
    if option.validator is not None:
        return option.validator(label, value)
    kind = type(option.default)
    if option.choices is not None:
        if value not in option.choices or type(value) is not type(option.choices[0]):
            raise InputError(f"{label} must be one of {', '.join(map(repr, option.choices))}; got {value!r}")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise InputError(f"{label} must be true or false; got {value!r}")
        return value
    if kind in (int, float):
        return _number(label, value, kind, option.bounds)
    if kind is list:
        return _number_list(label, value, option)
    if kind is str:
        if not isinstance(value, str):
            raise InputError(f"{label} must be a string; got {value!r}")
        return value
    raise AssertionError(f"undeclared option type {kind}")


def _number(label: str, value: Any, kind: type, bounds: tuple | None) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{label} must be a number; got {value!r}")
    if not math.isfinite(value):
        raise InputError(f"{label} must be a finite number; got {value!r}")
    if kind is int and value != int(value):
        raise InputError(f"{label} must be a whole number; got {value!r}")
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise InputError(f"{label} must lie within [{bounds[0]:g}, {bounds[1]:g}]; got {value!r}")
    return kind(value)


def _number_list(label: str, value: Any, option: Option) -> list:
    n = len(option.default)
    if not isinstance(value, list) or len(value) != n:
        raise InputError(f"{label} must be a list of {n} numbers; got {value!r}")
    return [_number(f"{label}[{i}]", v, float, option.bounds) for i, v in enumerate(value)]
