"""The classify lesson's part of an exported script: the data, an nn.Module of nn.Linear layers, the epoch.

The data comes from gradplay's own generator code (engine/datasets.py, which imports only torch
and math), written into the script verbatim, so the script makes the same points bit for bit.
Only checked values reach the text: option values by repr, feature and activation names from
fixed tables.
"""

import inspect

from gradplay.engine import datasets

ACTIVATION_CODE = {"tanh": "torch.tanh", "relu": "torch.relu", "sigmoid": "torch.sigmoid", "linear": "lambda t: t"}
LOSS_CODE = {"mse": "torch.nn.functional.mse_loss(torch.sigmoid(z), y)",
             "bce": "torch.nn.functional.binary_cross_entropy_with_logits(z, y)"}
PENALTY_CODE = {"l1": "{rate!r} * sum(w.abs().sum() for w in weights)",
                "l2": "{rate!r} * sum(w.square().sum() for w in weights) / 2"}


def _generator_code() -> str:
    """engine/datasets.py from its imports on (its docstring left out; the script imports torch and math)."""
    source = inspect.getsource(datasets)
    return source[source.index("\nDOMAIN"):].strip("\n")


def export(o: dict) -> str:
    sizes = [len(o["features"]), *o["hidden"], 1]
    reg = o["regularization"] != "none" and o["reg_rate"] != 0
    penalty = PENALTY_CODE[o["regularization"]].format(rate=o["reg_rate"]) if reg else ""
    points = o["points"] if o["dataset"] == "points" else None
    return f'''

# ---- the data: gradplay's generator code (engine/datasets.py), verbatim ----
{_generator_code()}


xy, label = make({o["dataset"]!r}, {o["samples"]!r}, {o["noise"]!r}, {o["data_seed"]!r}, {points!r})
(train_xy, train_label), (test_xy, test_label) = split(xy, label, {o["train_fraction"]!r})
FEATURE_NAMES = {o["features"]!r}
train_x, train_y = features(train_xy, FEATURE_NAMES), train_label[:, None]
test_x, test_y = features(test_xy, FEATURE_NAMES), test_label[:, None]


# ---- the network ----
class Net(torch.nn.Module):
    def __init__(self, sizes, activation):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.activation = activation

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)  # the logit; its sigmoid is the probability of class 1


torch.manual_seed(SEED)
model = Net({sizes!r}, {ACTIVATION_CODE[o["activation"]]})
params = dict(model.named_parameters())
weights = [p for n, p in params.items() if n.endswith("weight")]
BATCH_SIZE = {o["batch_size"]!r}
shuffle = torch.Generator().manual_seed(SEED)  # the minibatch order of every epoch


def data_loss(z, y):
    return {LOSS_CODE[o["loss"]]}


def compute_loss():
    """The training loss over the whole training set: what each record shows."""
    return data_loss(model(train_x), train_y)


def train_epoch(update):
    """One step: every training minibatch once, shuffled, one update each."""
    order = torch.randperm(len(train_y), generator=shuffle)
    for start in range(0, len(train_y), BATCH_SIZE):
        rows = order[start:start + BATCH_SIZE]
        loss = data_loss(model(train_x[rows]), train_y[rows]){" + " + penalty if reg else ""}
        loss.backward()
        update()
'''
