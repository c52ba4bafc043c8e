"""gradplay.client against a real uvicorn: typed results, live streams, sweeps, errors, figures."""

import time

import plotly.graph_objects as go
import pytest

from gradplay.client import ApiError, Client, parse_sse


@pytest.fixture
def gp(live):
    with Client(live) as c:
        yield c


def test_run_returns_a_typed_result(gp):
    result = gp.run("parabola", lr=0.1, steps=50)
    assert result.summary.status == "completed" and len(result.records) == 51
    assert result.request.optimizer == "gd" and result.losses[0] == 36.0
    assert result.param("x")[1] == pytest.approx(3.8)
    fig = result.figure()
    assert isinstance(fig, go.Figure) and [t.name for t in fig.data] == ["loss", "x"]


def test_records_carry_the_optimizers_state(gp):
    result = gp.run("parabola", optimizer="momentum", lr=0.1, steps=2, hyper={"momentum": 0.9})
    assert result.records[0].state == {} and result.records[1].state == {"x": {"momentum_buffer": 12.0}}


def test_stream_yields_records_as_they_arrive(gp):
    stream = gp.stream("network", optimizer="sgd", lr=0.1, steps=5)
    steps = [record.step for record in stream]
    assert steps == list(range(6)) and stream.summary.status == "stalled"
    assert isinstance(stream.figure(), go.Figure)


def test_leaving_a_stream_early_closes_it(gp, app):
    for record in gp.stream("parabola", steps=10_000):
        if record.step == 2:
            break
    deadline = time.monotonic() + 5
    while app.state.context.gate.active and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gp.health()["active"] == 0


def test_sweep_returns_rows_and_a_figure(gp):
    sweep = gp.sweep("parabola", [0.01, 0.1, 1.5], steps=10)
    assert sweep.lrs == [0.01, 0.1, 1.5] and len(sweep.final_losses) == 3
    ranged = gp.sweep("not_gate", lr_min=0.1, lr_max=10, count=4, steps=3)
    assert len(ranged.lrs) == 4
    assert isinstance(sweep.figure(), go.Figure)


def test_a_hyper_sweep_is_a_map_with_a_heatmap(gp):
    sweep = gp.sweep("parabola", [0.1, 1.5, 2.5], optimizer="momentum", steps=100,
                     hyper_sweep={"name": "momentum", "values": [0.0, 0.9]}, summary_only=True)
    assert sweep.hyper_name == "momentum" and sweep.hyper_values == [0.0, 0.9] and sweep.loss is None
    assert sweep.status == [["completed", "diverged", "diverged"], ["completed", "completed", "diverged"]]
    assert sweep.final_losses[0][1] is None and sweep.curvature == 2.0
    assert isinstance(sweep.figure().data[0], go.Heatmap)


def test_errors_carry_the_servers_sentence(gp):
    with pytest.raises(ApiError) as err:
        gp.run("parabola", lr=1000)
    assert err.value.status == 422 and "lr: must be less than or equal to 100" in err.value.detail
    with pytest.raises(ApiError):
        list(gp.stream("nope"))


def test_the_other_endpoints(gp):
    assert "import torch" in gp.code("parabola", steps=2)
    assert gp.curve("x**2", -1, 1, 3).y == [1.0, 0.0, 1.0]
    assert gp.landscape("not_gate", n=3).x_param == "w"
    assert gp.health()["status"] == "ok"
    assert [p["id"] for p in gp.problems()] == ["parabola", "not_gate", "network", "surface", "classify"]
    assert "adam" in [o["id"] for o in gp.optimizers()]
    data = gp.dataset(dataset="xor", samples=10, data_seed=1)
    assert len(data["train"]) == len(data["test"]) == 5 and {p[2] for p in data["train"] + data["test"]} <= {0.0, 1.0}


def test_parse_sse_handles_comments_and_multiline_data():
    lines = [": ping", "event: record", "data: {\"a\":", "data: 1}", "", "data: x", ""]
    assert list(parse_sse(iter(lines))) == [("record", '{"a":\n1}'), ("message", "x")]
