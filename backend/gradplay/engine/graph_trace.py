"""Capture what torch does for one loss: forward values in, gradients out.

`Recorder` is a TorchFunctionMode: for every torch call whose result joins the autograd
graph it keeps the call's arguments and result, keyed by the result's `grad_fn` (the node
autograd made for it). `walk` lists the nodes reachable from the loss. `backprop` runs
`backward()` with hooks on every node and notes the gradient each node receives, what it
passes to each of its inputs, and the order in which the engine visits them.
"""

from dataclasses import dataclass, field
from functools import partial

import torch
from torch.autograd.graph import Node
from torch.overrides import TorchFunctionMode


@dataclass
class Call:
    """One torch call seen in the forward pass, e.g. pow(x, 2) -> 25."""

    name: str  # the torch function's name: "pow", "linear", "sigmoid" …
    args: list  # positional arguments: tensors (detached) and plain numbers
    out: torch.Tensor  # the result, detached
    untracked: list[int]  # which args autograd does not track: constants and data


class Recorder(TorchFunctionMode):
    """Notes each call whose result has a grad_fn; the node is the key the walk finds."""

    def __init__(self):
        super().__init__()
        self.calls: dict[Node, Call] = {}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if isinstance(out, torch.Tensor) and out.grad_fn is not None:
            name = getattr(func, "__name__", str(func))
            untracked = [i for i, a in enumerate(args) if not _tracked(a)]
            self.calls[out.grad_fn] = Call(name, [_freeze(a) for a in args], out.detach(), untracked)
        return out


def _tracked(arg: object) -> bool:
    return isinstance(arg, torch.Tensor) and arg.requires_grad


def _freeze(arg: object) -> object:
    return arg.detach() if isinstance(arg, torch.Tensor) else arg


def walk(root: Node) -> list[Node]:
    """Every node reachable from `root`, breadth first in next_functions order (stable ids)."""
    seen, queue = {root: None}, [root]
    for node in queue:
        for child, _ in node.next_functions:
            if child is not None and child not in seen:
                seen[child] = None
                queue.append(child)
    return queue


@dataclass
class Flow:
    """What backward() did: per node the gradient it got and what it passed on, by input slot."""

    received: dict[Node, torch.Tensor | None] = field(default_factory=dict)
    passed: dict[Node, list[torch.Tensor | None]] = field(default_factory=dict)
    order: list[Node] = field(default_factory=list)  # the engine's own visiting order


def backprop(loss: torch.Tensor, nodes: list[Node]) -> Flow:
    """Run loss.backward() once, watching every node through its pre- and post-hooks."""
    flow = Flow()
    handles = []
    for node in nodes:
        handles.append(node.register_prehook(partial(_on_enter, flow, node)))
        handles.append(node.register_hook(partial(_on_exit, flow, node)))
    try:
        loss.backward()
    finally:
        for handle in handles:
            handle.remove()
    return flow


def _on_enter(flow: Flow, node: Node, grad_outputs: tuple) -> None:
    # the engine has summed every consumer's share by now: this is the node's gradient
    flow.order.append(node)
    flow.received[node] = _copy(grad_outputs[0]) if grad_outputs else None


def _on_exit(flow: Flow, node: Node, grad_inputs: tuple, grad_outputs: tuple) -> None:
    flow.passed[node] = [_copy(g) for g in grad_inputs]


def _copy(t: torch.Tensor | None) -> torch.Tensor | None:
    # AccumulateGrad may adopt the very tensor it is given as .grad: keep our own copy
    return None if t is None else t.detach().clone()


def forward_value(node: Node, calls: dict[Node, Call]) -> torch.Tensor | None:
    """What the node produced; a few ops torch makes inside another call are recomputed."""
    if node in calls:
        return calls[node].out
    leaf = getattr(node, "variable", None)
    if leaf is not None:
        return leaf.detach()
    child = node.next_functions[0][0] if node.next_functions else None
    inner = None if child is None else forward_value(child, calls)
    if inner is None:
        return None
    if type(node).__name__ == "TBackward0":  # nn.Linear's W.T
        return inner.mT
    if type(node).__name__ == "ReciprocalBackward0":  # 2/x is 2 · (1/x)
        return 1 / inner
    return None
