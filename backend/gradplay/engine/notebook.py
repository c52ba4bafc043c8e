"""notebook(spec): a Jupyter notebook (nbformat 4) that reproduces a run with plain torch.

Its code cells are the exported script's parts (codegen.parts) plus a matplotlib plot of
the loss, so the notebook prints exactly the numbers `gradplay code` prints.
"""

from gradplay.engine.codegen import parts
from gradplay.engine.run import RunSpec

PLOT = '''import matplotlib.pyplot as plt

steps_run = [r["step"] for r in records]
losses = [r["loss"] for r in records]
plt.figure(figsize=(7, 4))
plt.plot(steps_run, losses, marker="o")
if all(v is not None and v > 0 for v in losses):
    plt.yscale("log")  # losses span orders of magnitude
plt.xlabel("step")
plt.ylabel("loss")
plt.title("{title}")
plt.show()
'''


def notebook(spec: RunSpec) -> dict:
    """The .ipynb document as plain data (json.dumps it to save)."""
    imports, setup, loop = parts(spec)
    title = f"{spec.problem}, {spec.optimizer}, lr {spec.lr:g}, {spec.steps} steps"
    intro = (f"# gradplay: {title}\n\nThis notebook reproduces the run with plain PyTorch. "
             "Run all cells: the loop prints one JSON record per step (the state after k updates: "
             "parameters, the loss at them, its gradients), then the loss is plotted.")
    cells = [_markdown(intro), _code(imports), _code(setup.strip("\n")), _code(loop.strip("\n")),
             _code(PLOT.format(title=title))]
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"  # stable ids: the same run gives the same file
    return {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}}}


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(text)}


def _code(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None,
            "metadata": {}, "outputs": [], "source": _lines(text)}
