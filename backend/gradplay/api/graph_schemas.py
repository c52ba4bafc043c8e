"""POST /api/graph's request and answer: the autograd graph torch built for one record's loss.

The request is a RunRequest plus the `step` whose loss to explain. The answer lists the
graph's nodes (torch's backward nodes, the parameters they end in, and the data and plain
numbers that fed them), its edges (forward, from an input to the op that used it), and the
order in which `loss.backward()` visited the nodes. Values and gradients are tensors as plain
data (`Tensor`), or a `TensorSummary` for tensors over 16 numbers.
"""

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from gradplay.api.results import Tensor
from gradplay.api.schemas import MAX_STEPS, RunRequest, WholeNumber

NodeKind = Literal["loss", "op", "param", "input", "const"]


class GraphRequest(RunRequest):
    """A run (as POST /api/runs takes it) and the step whose loss to explain."""

    step: WholeNumber = Field(ge=0, le=MAX_STEPS, examples=[0],
                      description="Which record's loss: 0 is the start, up to the run's `steps`, and a step the run "
                                  "reaches with finite numbers (after a diverged or failed step there is no graph: "
                                  "422 naming the last one). The run is replayed up to this step, so a large step "
                                  "takes longer (about as long as the run).")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"problem": "parabola", "step": 0},
        {"problem": "not_gate", "optimizer": "sgd", "lr": 10, "steps": 5, "step": 2},
        {"problem": "network", "lr": 0.1, "steps": 5, "step": 0},
    ]})


class TensorSummary(BaseModel):
    """A tensor too large to list (over 16 numbers): its shape and range."""

    shape: list[int] = Field(examples=[[16, 2]])
    min: float | None
    max: float | None
    mean: float | None


Value = Union[Tensor, TensorSummary]


class GraphNode(BaseModel):
    """One node: an operation torch recorded, a parameter, a data tensor or a plain number."""

    id: str = Field(description="Unique within the answer: `op:<n>`, `param:<name>`, `input:<n>`, `const:<n>`.",
                    examples=["param:x"])
    op: str = Field(description="torch's backward node class (`PowBackward0`, `AccumulateGrad` for a parameter), "
                                "or `input` / `const`.", examples=["PowBackward0"])
    label: str = Field(description="The operation in plain maths (`(·)²`, `×`, `σ`, `x·Wᵀ+b`), or the "
                                   "parameter's or data's name.", examples=["(·)²"])
    value: Value = Field(description="What the node produced in the forward pass; null if not finite.",
                         examples=[25.0])
    grad: Value = Field(description="d loss / d this value, as backward() delivered it; for a parameter its "
                                    "`.grad`. Null for data and plain numbers (torch computes none).",
                        examples=[10.0])
    kind: NodeKind = Field(description="loss (the node that made the loss), op, param, input (data) or const.")
    explain: str = Field(description="The chain-rule product that made the gradient, with the numbers filled in.",
                         examples=[("from (·)²: 2·5 × 1 = 10; from ×: 2 × 1 = 2; accumulated: 10 + 2 = 12; "
                                    "this is x.grad")])


class GraphEdge(BaseModel):
    """An input used by an op, drawn forward (source feeds target); backward runs it the other way."""

    source: str = Field(description="The id of the node whose value was used.", examples=["param:x"])
    target: str = Field(description="The id of the op that used it.", examples=["op:2"])
    grad: Value = Field(description="The share of the gradient that flowed back along this edge; null for data "
                                    "and plain numbers.", examples=[10.0])
    explain: str = Field(description="How the op turned its gradient into this share.", examples=["2·5 × 1 = 10"])


class GraphResult(BaseModel):
    """The graph torch built for the loss at `step`, with every value and gradient."""

    nodes: list[GraphNode] = Field(description="Breadth first from the loss; data and numbers after their op.")
    edges: list[GraphEdge] = Field(description="An op that uses one input twice (x*x) has two edges.")
    order: list[str] = Field(description="Node ids in the order backward() visited them: the loss first, each "
                                         "node after every op that uses it. Data and numbers are never visited.",
                             examples=[["op:0", "op:1", "op:3", "op:2", "param:x"]])
    note: str | None = Field(description="Set when the graph is not the usual one: torch built none "
                                         "(requires_grad false), or the loss is the parameter itself.")
