"""The catalog: lessons, optimizers and limits as plain data, straight from the engine's declarations."""

import json

from gradplay.engine import OPTIMIZERS, PROBLEMS, RunSpec
from gradplay.engine.catalog import catalog


def test_catalog_is_plain_json_data():
    data = catalog()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert [p["id"] for p in data["problems"]] == list(PROBLEMS)
    assert [o["id"] for o in data["optimizers"]] == list(OPTIMIZERS)


def test_catalog_defaults_are_full_run_specs():
    for p in catalog()["problems"]:
        assert p["defaults"] == RunSpec.make(p["id"]).to_dict()
        assert p["defaults"]["options"] == {k: o["default"] for k, o in p["options"].items()}


def test_catalog_limits_take_a_servers_lower_caps():
    assert catalog()["limits"] == {"max_lr": 100.0, "max_steps": 10_000, "max_function_chars": 200,
                                   "max_lrs": 256, "max_hyper_values": 64, "max_cells": 4096}
    assert catalog(max_steps=50, max_lrs=8)["limits"]["max_steps"] == 50


def test_every_race_entry_names_a_known_optimizer_and_a_valid_lr():
    for p in catalog()["problems"]:
        for optimizer, lr in p["race"]["entries"]:
            RunSpec.make(p["id"], optimizer=optimizer, lr=lr)
