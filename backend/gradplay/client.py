"""A Python client for gradplay's HTTP API, on httpx: scripted runs, live streams, sweeps.

    from gradplay.client import Client
    with Client("http://localhost:8000") as gp:
        result = gp.run("parabola", lr=0.1, steps=50)
        print(result.summary.status, result.losses[-1])
        result.figure()  # a plotly Figure: renders inline in Jupyter

Results are the API's own pydantic models (`gradplay.models`) with a few helpers.
A 4xx/5xx answer raises `ApiError` carrying the server's sentence.

This module needs only httpx and pydantic (plotly for `.figure()`), never torch: install it alone
with `pip install ./client` from a checkout (the `gradplay-client` distribution; see README.md).
"""

from typing import Iterator

import httpx

from gradplay.models import CurveResult, LandscapeResult, Record, RunResult, Summary, SweepResult


class ApiError(Exception):
    """The server refused the request; `detail` says what to change."""

    def __init__(self, status: int, detail: str):
        super().__init__(f"{status}: {detail}")
        self.status, self.detail = status, detail


def _losses(records: list[Record]) -> list[float | None]:
    return [r.loss for r in records]


def _run_figure(records: list[Record], title: str):
    """Loss over steps, and each scalar parameter over steps, side by side."""
    from plotly.subplots import make_subplots

    steps = [r.step for r in records]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("loss", "parameters"))
    fig.add_scatter(x=steps, y=_losses(records), name="loss", row=1, col=1)
    for name in records[0].params if records else ():
        if isinstance(records[0].params[name], float):
            fig.add_scatter(x=steps, y=[r.params[name] for r in records], name=name, row=1, col=2)
    fig.update_layout(title=title)
    fig.update_xaxes(title_text="step")
    return fig


class Run(RunResult):
    """A finished run; `figure()` draws it."""

    @property
    def losses(self) -> list[float | None]:
        return _losses(self.records)

    def param(self, name: str) -> list:
        """The value of parameter `name` at every record."""
        return [r.params[name] for r in self.records]

    def figure(self):
        r = self.request
        return _run_figure(self.records, f"{r.problem} · {r.optimizer} · lr {r.lr:g} · {self.summary.status}")


class Sweep(SweepResult):
    """A finished sweep; `figure()` plots the final loss against the learning rate (a map with hyper_sweep)."""

    @property
    def final_losses(self) -> list:
        """Each run's final loss: [lr], or [value][lr] with hyper_sweep (null where not finite)."""
        return self.final_loss

    def figure(self):
        import plotly.graph_objects as go

        if self.hyper_name is not None:
            fig = go.Figure(go.Heatmap(x=self.lrs, y=self.hyper_values, z=self.final_loss, text=self.status,
                                       colorbar={"title": "final loss"}))
            fig.update_layout(title=f"final loss by learning rate and {self.hyper_name} (gaps: diverged)",
                              xaxis={"title": "learning rate", "type": "log"}, yaxis={"title": self.hyper_name})
            return fig
        fig = go.Figure(go.Scatter(x=self.lrs, y=self.final_losses, mode="lines+markers",
                                   text=self.status, name="final loss"))
        fig.update_layout(title="final loss by learning rate (gaps: diverged)",
                          xaxis={"title": "learning rate", "type": "log"}, yaxis={"title": "loss"})
        return fig


class RunStream:
    """Iterate for records as the server computes them; then `summary` holds the verdict.

    Leaving the iteration early (break, or an exception) closes the connection, and the
    server stops computing.
    """

    def __init__(self, http: httpx.Client, body: dict):
        self._http, self._body = http, body
        self.records: list[Record] = []
        self.summary: Summary | None = None

    def __iter__(self) -> Iterator[Record]:
        with self._http.stream("POST", "/api/runs/stream", json=self._body) as response:
            if response.status_code >= 400:
                response.read()
                _raise_for(response)
            for event, data in parse_sse(response.iter_lines()):
                if event == "record":
                    record = Record.model_validate_json(data)
                    self.records.append(record)
                    yield record
                elif event == "summary":
                    self.summary = Summary.model_validate_json(data)

    def figure(self):
        status = self.summary.status if self.summary else "running"
        return _run_figure(self.records, f"{self._body['problem']} · {status}")


def parse_sse(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """(event, data) pairs from text/event-stream lines; comments (keep-alive pings) skipped."""
    event, data = "message", []
    for line in lines:
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)
    if data:
        yield event, "\n".join(data)


def _raise_for(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        detail = response.text
    raise ApiError(response.status_code, str(detail))


def _body(**fields) -> dict:
    """Fields left as None are left out, so the lesson's defaults apply."""
    return {k: v for k, v in fields.items() if v is not None}


class Client:
    """gradplay over HTTP. Use as a context manager, or call `close()` when done."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000", *, timeout: float = 60.0, **httpx_options):
        self._http = httpx.Client(base_url=base_url, timeout=timeout, **httpx_options)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict) -> httpx.Response:
        response = self._http.post(path, json=body)
        _raise_for(response)
        return response

    def run(self, problem: str, optimizer: str | None = None, lr: float | None = None, steps: int | None = None,
            seed: int = 0, hyper: dict | None = None, options: dict | None = None) -> Run:
        """One run, all records at once."""
        body = _body(problem=problem, optimizer=optimizer, lr=lr, steps=steps, seed=seed, hyper=hyper, options=options)
        return Run.model_validate_json(self._post("/api/runs", body).content)

    def stream(self, problem: str, optimizer: str | None = None, lr: float | None = None, steps: int | None = None,
               seed: int = 0, hyper: dict | None = None, options: dict | None = None) -> RunStream:
        """One run, its records arriving as they are computed (iterate the result)."""
        return RunStream(self._http, _body(problem=problem, optimizer=optimizer, lr=lr, steps=steps, seed=seed,
                                           hyper=hyper, options=options))

    def sweep(self, problem: str, lrs: list[float] | None = None, *, lr_min: float | None = None,
              lr_max: float | None = None, count: int | None = None, scale: str | None = None,
              optimizer: str | None = None, steps: int | None = None, seed: int = 0,
              hyper: dict | None = None, options: dict | None = None, hyper_sweep: dict | None = None,
              summary_only: bool | None = None) -> Sweep:
        """One run per learning rate: give `lrs`, or `lr_min`, `lr_max` (and `count`, `scale`);
        `hyper_sweep={"name": "momentum", "values": [...]}` adds a hyperparameter axis."""
        body = _body(problem=problem, lrs=lrs, lr_min=lr_min, lr_max=lr_max, count=count, scale=scale,
                     optimizer=optimizer, steps=steps, seed=seed, hyper=hyper, options=options,
                     hyper_sweep=hyper_sweep, summary_only=summary_only)
        return Sweep.model_validate_json(self._post("/api/sweeps", body).content)

    def code(self, problem: str, **fields) -> str:
        """The standalone PyTorch script for a run."""
        return self._post("/api/code", _body(problem=problem, **fields)).text

    def curve(self, function: str, x_min: float = -6.0, x_max: float = 6.0, n: int = 201) -> CurveResult:
        body = {"function": function, "x_min": x_min, "x_max": x_max, "n": n}
        return CurveResult.model_validate_json(self._post("/api/curve", body).content)

    def landscape(self, problem: str, options: dict | None = None, x: dict | None = None,
                  y: dict | None = None, n: int | None = None) -> LandscapeResult:
        body = _body(problem=problem, options=options, x=x, y=y, n=n)
        return LandscapeResult.model_validate_json(self._post("/api/landscape", body).content)

    def dataset(self, **options) -> dict:
        """The exact {train, test} points of a classify run with these data options (dataset, points, samples,
        noise, train_fraction, data_seed), each point [x1, x2, label]."""
        return self._post("/api/datasets", options).json()

    def health(self) -> dict:
        return self._get("/api/health")

    def problems(self) -> list[dict]:
        return self._get("/api/problems")

    def optimizers(self) -> list[dict]:
        return self._get("/api/optimizers")

    def _get(self, path: str):
        response = self._http.get(path)
        _raise_for(response)
        return response.json()
