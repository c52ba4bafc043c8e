"""POST /api/curve and /api/landscape against plain torch."""

import math

import torch

from tests.api.conftest import strict_json


async def test_curve_values_and_autograd_derivative(client):
    r = await client.post("/api/curve", json={"function": "x**2 + 2*x + 1", "x_min": -2, "x_max": 2, "n": 5})
    assert r.json() == {"x": [-2.0, -1.0, 0.0, 1.0, 2.0], "y": [1.0, 0.0, 1.0, 4.0, 9.0],
                        "dy": [-2.0, 0.0, 2.0, 4.0, 6.0]}


async def test_curve_outside_the_domain_is_null(client):
    r = await client.post("/api/curve", json={"function": "log(x)", "x_min": -1, "x_max": 1, "n": 3})
    body = strict_json(r.content)
    assert body["y"][0] is None and body["y"][1] is None and body["y"][2] == 0.0


async def test_landscape_of_the_not_gate(client):
    r = await client.post("/api/landscape", json={"problem": "not_gate", "n": 5})
    body = r.json()
    assert (body["x_param"], body["y_param"]) == ("w", "b") and body["x"] == body["y"] == [-10, -5, 0, 5, 10]
    x, y = torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0])
    for i, b in enumerate(body["y"]):
        for j, w in enumerate(body["x"]):
            a = torch.sigmoid(torch.tensor([[w]]) @ x.T + torch.tensor([[b]]))
            assert math.isclose(body["loss"][i][j], torch.mean((a - y) ** 2).item(), rel_tol=1e-6)


async def test_landscape_over_named_network_weights(client):
    r = await client.post("/api/landscape", json={
        "problem": "network", "n": 3, "x": {"param": "linear1.weight[0,1]", "min": -1, "max": 1},
        "y": {"param": "linear2.bias", "min": 0, "max": 2}})
    body = r.json()
    assert body["x_param"] == "linear1.weight[0,1]" and body["y_param"] == "linear2.bias"
    assert len(body["loss"]) == 3 and all(len(row) == 3 for row in body["loss"])
