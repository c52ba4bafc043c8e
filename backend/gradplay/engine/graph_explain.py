"""Words and numbers for the autograd graph: op labels, plain values, chain-rule text.

Each op node gets a label in plain maths ("×", "σ", "x·Wᵀ+b"). Each gradient that flows
along an edge gets the chain-rule product that made it: for a single number the local
derivative with the forward numbers filled in ("2·5 × 1 = 10"), for a tensor the rule
in words ("σ·(1−σ) ⊙ upstream").
"""

import math

import torch

from gradplay.engine.graph_trace import Call
from gradplay.engine.run import plain

MAX_ELEMENTS = 16  # larger tensors are summarised: a 16-number grid is still readable

LABELS = {
    "AddBackward0": "+", "SubBackward0": "−", "RsubBackward1": "−", "MulBackward0": "×",
    "DivBackward0": "÷", "NegBackward0": "−(·)", "ReciprocalBackward0": "1/(·)",
    "PowBackward1": "pow", "PowBackward2": "pow", "SigmoidBackward0": "σ", "ReluBackward0": "ReLU",
    "LeakyReluBackward0": "leaky ReLU", "TanhBackward0": "tanh", "SinBackward0": "sin",
    "CosBackward0": "cos", "TanBackward0": "tan", "ExpBackward0": "exp", "LogBackward0": "log",
    "SqrtBackward0": "√", "AbsBackward0": "|·|", "MeanBackward0": "mean", "SumBackward0": "sum",
    "MmBackward0": "matmul", "AddmmBackward0": "x·Wᵀ+b", "TBackward0": "ᵀ",
}

# d(output)/d(input) for one number, by op and input slot, written with the forward numbers.
SCALAR_RULES = {
    "PowBackward0": lambda c, s: f"{_n(_exponent(c))}·{_p(c.args[0])}" + _power_tail(_exponent(c)),
    "MulBackward0": lambda c, s: _p(c.args[1 - s]),
    "AddBackward0": lambda c, s: "1",
    "SubBackward0": lambda c, s: "1" if s == 0 else "−1",
    "RsubBackward1": lambda c, s: "−1",
    "NegBackward0": lambda c, s: "−1",
    "DivBackward0": lambda c, s: f"1/{_p(c.args[1])}" if s == 0 else f"−{_p(c.args[0])}/{_p(c.args[1])}²",
    "SigmoidBackward0": lambda c, s: f"{_n(c.out)}·(1−{_n(c.out)})",
    "ReluBackward0": lambda c, s: "1 (input > 0)" if float(c.out) > 0 else "0 (input ≤ 0: the ReLU is off)",
    "TanhBackward0": lambda c, s: f"1−{_p(c.out)}²",
    "SinBackward0": lambda c, s: f"cos({_n(c.args[0])})",
    "CosBackward0": lambda c, s: f"−sin({_n(c.args[0])})",
    "TanBackward0": lambda c, s: f"1+{_p(c.out)}²",
    "ExpBackward0": lambda c, s: f"exp({_n(c.args[0])})",
    "LogBackward0": lambda c, s: f"1/{_p(c.args[0])}",
    "SqrtBackward0": lambda c, s: f"1/(2·{_p(c.out)})",
    "AbsBackward0": lambda c, s: f"sign({_n(c.args[0])})",
    "MeanBackward0": lambda c, s: f"1/{c.args[0].numel()}",
    "TBackward0": lambda c, s: "1",
    # only F.linear(input, W, b) makes addmm here; its slots are (b, input, Wᵀ)
    "AddmmBackward0": lambda c, s: "1" if s == 0 else _p(c.args[2 - s]),
}

# The same rules for tensors, in words; "upstream" is the gradient the op received.
_SUMMED = " (summed where shapes were broadcast)"
TENSOR_RULES = {
    "PowBackward0": "p·u^(p−1) ⊙ upstream", "MulBackward0": "the other factor ⊙ upstream",
    "AddBackward0": "upstream" + _SUMMED, "SubBackward0": ("upstream" + _SUMMED, "−upstream" + _SUMMED),
    "SigmoidBackward0": "σ·(1−σ) ⊙ upstream", "ReluBackward0": "upstream where the input > 0, else 0",
    "MeanBackward0": "upstream / {n} to each of the {n} elements", "SumBackward0": "upstream to every element",
    "MmBackward0": ("upstream @ otherᵀ", "selfᵀ @ upstream"),
    "AddmmBackward0": ("upstream summed over rows", "upstream @ W", "inputᵀ @ upstream (the gradient for Wᵀ)"),
    "TBackward0": "upstreamᵀ",
}


def op_label(node: object, call: Call | None) -> str:
    name = type(node).__name__
    if name == "PowBackward0" and call is not None:
        p = _exponent(call)
        return "(·)²" if p == 2 else f"(·)^{_n(p)}"
    if name == "PowBackward2" and call is not None:  # 2**x: a number raised to the tensor
        return f"{_n(call.args[1])}^(·)"
    return LABELS.get(name, name.removesuffix("Backward0").removesuffix("Backward1"))


def tidy(value: object) -> object:
    """A float or nested list for JSON; a summary past MAX_ELEMENTS; non-finite as None."""
    if value is None:
        return None
    if not isinstance(value, torch.Tensor):
        return _finite(float(value))
    t = value.detach().float()
    if t.numel() <= MAX_ELEMENTS:
        return plain(t)
    return {"shape": list(t.shape), "min": _finite(t.min().item()), "max": _finite(t.max().item()),
            "mean": _finite(t.mean().item())}


def chain_text(node: object, call: Call | None, slot: int, upstream: torch.Tensor | None,
               share: torch.Tensor | None) -> str:
    """How the op `node` turned its upstream gradient into `share` for input `slot`."""
    name = type(node).__name__
    if share is None or upstream is None:
        return "no gradient"
    if share.numel() == 1 and upstream.numel() == 1:
        rule = SCALAR_RULES.get(name)
        local = rule(call, slot) if rule is not None and (call is not None or name == "TBackward0") else None
        local = _slope(upstream, share) if local is None else _group(local)
        return f"{local} × {_p(upstream)} = {_n(share)}"
    words = TENSOR_RULES.get(name, "upstream through the op's derivative")
    words = words[slot] if isinstance(words, tuple) and slot < len(words) else _first(words)
    return words.format(n=share.numel())


def sum_text(shares: list[torch.Tensor]) -> str:
    """The shares a node collected from several consumers, added up."""
    if all(s.numel() == 1 for s in shares):
        total = sum(float(s) for s in shares)
        return " + ".join(_p(s) for s in shares) + f" = {_n(total)}"
    return f"the {len(shares)} gradients above, added element by element"


def _exponent(call: Call) -> float:
    # torch.square(u) is pow(u, 2) in autograd: it has no exponent argument
    return call.args[1] if len(call.args) > 1 and not isinstance(call.args[1], torch.Tensor) else 2


def _power_tail(p: float) -> str:
    return "" if p == 2 else f"^{_n(p - 1)}"


def _slope(upstream: torch.Tensor, share: torch.Tensor) -> str:
    # no written rule for this op: the local derivative is what multiplied the upstream
    g = float(upstream)
    return f"{_n(float(share) / g)}" if g != 0 else "(local slope)"


def _group(text: str) -> str:
    """Parenthesise a local derivative that is a sum, so "× upstream" applies to all of it."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i > 0 and ch in "+−" and text[i - 1] not in "(/":
            return f"({text})"
    return text


def _first(words: object) -> str:
    return words[0] if isinstance(words, tuple) else words


def _n(v: object) -> str:
    """A number as the page writes it: 4 significant digits."""
    v = float(v)
    return f"{v:.4g}" if math.isfinite(v) else str(v)


def _p(v: object) -> str:
    """A number inside a product: negatives in parentheses."""
    s = _n(v)
    return f"({s})" if s.startswith("-") else s


def _finite(v: float) -> float | None:
    return v if math.isfinite(v) else None
