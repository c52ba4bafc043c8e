"""graph(spec, step): the autograd graph torch really builds for one record's loss.

The parameters of record `step` are put into fresh leaves, the problem's own forward
runs once (unbatched, so torch builds the seed's graph) under a recorder, and the graph
is read from `loss.grad_fn` / `next_functions`. One `backward()` with hooks on every node
fills in the gradients. The result is plain data:

    {"nodes": [{"id", "op", "label", "value", "grad", "kind", "explain"}],
     "edges": [{"source", "target", "grad", "explain"}],
     "order": [ids of the autograd nodes in the order backward() visited them],
     "note": None or a sentence about a graph that is not the usual one}

- kind: "loss" (the node that made the loss), "op", "param" (AccumulateGrad of a named
  parameter; its grad is the parameter's .grad), "input" (data tensors) or "const" (numbers).
- op: torch's node class ("PowBackward0", "AccumulateGrad"), or "input" / "const".
- value: what the node produced in the forward pass; grad: the gradient of the loss with
  respect to that value, as backward() delivered it. Floats or nested lists; tensors over
  16 numbers as {"shape", "min", "max", "mean"}; non-finite numbers as None.
- edges point forward, from an input to the op that used it; "grad" is the share of the
  gradient that flowed back along the edge (None for constants and data), "explain" the
  chain-rule product that made it. An op that uses the same input twice (x*x) has two edges.
- explain: the chain-rule product that made the node's gradient ("from (·)²: 2·5 × 1 = 10").

With the parabola's `requires_grad: false` torch records nothing: the answer is the loss
node alone, no edges, an empty order, and `note` carries torch's own refusal, because
an empty picture with the reason is what the seed's lesson is about.
"""

import dataclasses
import itertools
from typing import Iterator

import torch
from torch.autograd.graph import Node, get_gradient_edge

from gradplay.engine.errors import InputError
from gradplay.engine.graph_explain import chain_text, op_label, sum_text, tidy
from gradplay.engine.graph_trace import Call, Flow, Recorder, backprop, forward_value, walk
from gradplay.engine.problems import get_problem
from gradplay.engine.run import RunSpec, run

# ops whose plain-number arguments are operands (x + 1), not dimensions (flatten(t, 1))
ARITHMETIC = ("Add", "Sub", "Rsub", "Mul", "Div", "Pow")


def graph(spec: RunSpec, step: int, budget_s: float | None = None) -> dict:
    params = params_at(spec, step, budget_s)
    recorder = Recorder()
    with recorder:
        loss, _ = get_problem(spec.problem).forward(params, spec.options, False)
    if not loss.requires_grad:
        return _untracked(loss, params)
    nodes = walk(get_gradient_edge(loss).node)
    flow = backprop(loss, nodes)
    return _Builder(spec, params, recorder.calls, flow).build(nodes)


def params_at(spec: RunSpec, step: int, budget_s: float | None = None) -> dict[str, torch.Tensor]:
    """Fresh leaves, made as the problem makes them, holding record `step`'s parameters."""
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= spec.steps:
        raise InputError(f"step must be a whole number from 0 to {spec.steps} (the run's steps); got {step!r}")
    record = _record(spec, step, budget_s)
    leaves = get_problem(spec.problem).init(spec.options, spec.seed)
    with torch.no_grad():
        for name, leaf in leaves.items():
            value = torch.tensor(record["params"][name], dtype=torch.float64)  # None becomes nan
            if not bool(torch.isfinite(value).all()):
                raise InputError(f"at step {step} the parameter {name} is not a finite number (the run diverged); "
                                 "choose an earlier step")
            leaf.copy_(value)
    return leaves


def _record(spec: RunSpec, step: int, budget_s: float | None) -> dict:
    """Replay the run up to `step` only (later steps cannot change it), within the time budget."""
    r = run(dataclasses.replace(spec, steps=step), budget_s=budget_s)
    for record in r:
        if record["step"] == step:
            return record
    last = record["step"]
    if r.summary["status"] == "timed_out":
        raise InputError(f"replaying the run to step {step} took longer than the {budget_s:g} s budget "
                         f"(it reached step {last}); choose an earlier step")
    raise InputError(f"this run stopped at step {last} ({r.summary['status']}), so step {step} has no graph; "
                     f"choose a step from 0 to {last}")


def _untracked(loss: torch.Tensor, params: dict) -> dict:
    """No parameter asked torch to track it, so there is no graph; say why in torch's words."""
    try:
        loss.backward()
        refusal = ""
    except RuntimeError as exc:
        refusal = str(exc)
    names = ", ".join(n for n, p in params.items() if not p.requires_grad)
    note = (f"torch built no graph: {names} was created with requires_grad=False, so torch did not record how "
            f"the loss was computed (loss.grad_fn is None) and loss.backward() fails with \"{refusal}\". "
            "Set requires_grad to true to see the graph.")
    node = {"id": "loss", "op": "None", "label": "loss", "value": tidy(loss), "grad": None, "kind": "loss",
            "explain": "no grad_fn: backward() has nowhere to start"}
    return {"nodes": [node], "edges": [], "order": [], "note": note}


class _Builder:
    """Turns the walked nodes, the recorded calls and the backward flow into plain data."""

    def __init__(self, spec: RunSpec, params: dict, calls: dict[Node, Call], flow: Flow):
        self.calls, self.flow = calls, flow
        self.names = {id(p): n for n, p in params.items()}
        self.data = get_problem(spec.problem).graph_data(spec.options)  # inputs read "x", not numbers
        self.ids: dict[Node, str] = {}
        self.nodes: list[dict] = []
        self.edges: list[dict] = []

    def build(self, nodes: list[Node]) -> dict:
        ops = itertools.count()
        self.ids = {n: self._id(n, ops) for n in nodes}
        shares = self._shares(nodes)
        for node in nodes:
            self.nodes.append(self._entry(node, shares.get(node, []), root=node is nodes[0]))
            self._link(node)
        note = None
        if getattr(nodes[0], "variable", None) is not None:
            note = "the loss is the parameter itself: torch adds no operation, and its gradient is 1"
        return {"nodes": self.nodes, "edges": self.edges,
                "order": [self.ids[n] for n in self.flow.order if n in self.ids], "note": note}

    def _id(self, node: Node, ops: Iterator[int]) -> str:
        leaf = getattr(node, "variable", None)
        return f"param:{self.names[id(leaf)]}" if leaf is not None else f"op:{next(ops)}"

    def _shares(self, nodes: list[Node]) -> dict[Node, list[tuple[Node, int, torch.Tensor]]]:
        """For each node, the (consumer, slot, gradient) triples that flowed into it."""
        shares: dict[Node, list] = {}
        for consumer in nodes:
            passed = self.flow.passed.get(consumer, [])
            for slot, (child, _) in enumerate(consumer.next_functions):
                if child is not None:
                    share = passed[slot] if slot < len(passed) else None
                    shares.setdefault(child, []).append((consumer, slot, share))
        return shares

    def _entry(self, node: Node, shares: list, root: bool) -> dict:
        leaf = getattr(node, "variable", None)
        call = self.calls.get(node)
        kind = "param" if leaf is not None else "loss" if root else "op"
        label = self.names[id(leaf)] if leaf is not None else op_label(node, call)
        grad = leaf.grad if leaf is not None else self.flow.received.get(node)
        return {"id": self.ids[node], "op": type(node).__name__, "label": label,
                "value": tidy(forward_value(node, self.calls)), "grad": tidy(grad), "kind": kind,
                "explain": self._explain(node, shares, root)}

    def _explain(self, node: Node, shares: list, root: bool) -> str:
        if root:
            return "backward() starts here: d loss / d loss = 1"
        parts = [f"from {op_label(c, self.calls.get(c))}: "
                 f"{chain_text(c, self.calls.get(c), slot, self.flow.received.get(c), share)}"
                 for c, slot, share in shares]
        got = [s for _, _, s in shares if s is not None]
        if len(got) > 1:
            parts.append(f"accumulated: {sum_text(got)}")
        leaf = getattr(node, "variable", None)
        if leaf is not None:
            parts.append(f"this is {self.names[id(leaf)]}.grad")
        return "; ".join(parts)

    def _link(self, node: Node) -> None:
        passed = self.flow.passed.get(node, [])
        for slot, (child, _) in enumerate(node.next_functions):
            if child is not None:
                share = passed[slot] if slot < len(passed) else None
                how = chain_text(node, self.calls.get(node), slot, self.flow.received.get(node), share)
                self.edges.append({"source": self.ids[child], "target": self.ids[node], "grad": tidy(share),
                                   "explain": how})
        call = self.calls.get(node)
        if call is not None:
            for i in call.untracked:
                self._constant(node, call.args[i])

    def _constant(self, node: Node, arg: object) -> None:
        is_number = isinstance(arg, (int, float)) and not isinstance(arg, bool)
        if isinstance(arg, torch.Tensor):
            kind, label, why = "input", self._data_name(arg), "data (requires_grad=False): no gradient for it"
        elif is_number and type(node).__name__.startswith(ARITHMETIC):
            kind, label, why = "const", f"{arg:g}", "a plain number: torch needs no gradient for it"
        else:
            return
        cid = f"{kind}:{sum(n['kind'] == kind for n in self.nodes)}"
        self.nodes.append({"id": cid, "op": kind, "label": label, "value": tidy(arg), "grad": None, "kind": kind,
                           "explain": why})
        self.edges.append({"source": cid, "target": self.ids[node], "grad": None, "explain": "no gradient"})

    def _data_name(self, t: torch.Tensor) -> str:
        for name, known in self.data:
            if known.shape == t.shape and torch.equal(known, t.to(known.dtype)):
                return name
        return "input"

