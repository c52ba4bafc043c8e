"""The convergence map: lr × the optimizer's map hyperparameter from one batched sweep; every cell is its
single run (the oracle: POST /api/runs for that cell's settings); a click on a cell sets both settings."""

import pytest

from tests.browser.classroom_pages import open_link, snapshot
from tests.browser.pages import TIMEOUT_MS, screenshot, wait_until

MAP = "#convergence .gradgraph-figure"
# the map's heatmap of final losses (trace 1; trace 0 paints the diverged cells grey)
CELLS = """() => { const d = document.querySelector('#convergence .js-plotly-plot').data[1];
  return { losses: d.customdata, xs: d.x, ys: d.y }; }"""


def open_map(w, hash_: str) -> dict:
    open_link(w, hash_)
    w.page.keyboard.press("m")
    w.page.wait_for_selector("#convergence[data-ready='true'] .js-plotly-plot", timeout=TIMEOUT_MS)
    return w.page.evaluate(CELLS)


def final_loss(w, body: dict) -> float:
    result = w.page.request.post(w.base + "/api/runs", data=body).json()
    return result["summary"]["final_loss"]


def test_every_cell_is_its_single_run_and_the_boundary_is_drawn(watched):
    cells = open_map(watched, "lesson=parabola&opt=momentum&steps=20")
    lrs = [10 ** x for x in cells["xs"]]
    for i, j in [(0, 0), (5, 14), (10, 20), (11, 27)]:  # rows are momentum values, columns learning rates
        single = final_loss(watched, {"problem": "parabola", "optimizer": "momentum", "lr": round(lrs[j], 12),
                                      "steps": 20, "hyper": {"momentum": cells["ys"][i]}})
        assert cells["losses"][i][j] == single, (i, j)  # bit for bit (null where the run diverged)
    status = watched.page.text_content("#map-status")
    assert "28 × 12 settings" in status and "lr·λ < 2(1 + β), λ = 2" in status
    screenshot(watched, "convergence-map-parabola")


def test_a_click_on_a_cell_sets_the_learning_rate_and_the_hyperparameter(watched):
    cells = open_map(watched, "lesson=not_gate&opt=adam&lr=0.5&steps=20")
    i, j = 3, 9
    box = watched.page.evaluate("""([i, j]) => {
      const el = document.querySelector('#convergence .js-plotly-plot');
      const fl = el._fullLayout; const r = el.getBoundingClientRect(); const d = el.data[1];
      return { x: r.left + fl.xaxis._offset + fl.xaxis.l2p(d.x[j]), y: r.top + fl.yaxis._offset + fl.yaxis.l2p(d.y[i]) };
    }""", [i, j])
    watched.page.mouse.click(box["x"], box["y"])
    settings = wait_until(lambda: (s := snapshot(watched)["settings"])["hyper"].get("beta1") == cells["ys"][i] and s,
                          what="the clicked cell's beta1")
    assert settings["hyper"]["beta1"] == cells["ys"][i]
    assert settings["lr"] == pytest.approx(10 ** cells["xs"][j], rel=1e-9)
    watched.page.wait_for_selector("#lesson-not_gate[data-ready='run'][data-complete='true']", timeout=TIMEOUT_MS)


@pytest.mark.parametrize("size, presenter", [((1280, 720), False), ((1024, 768), True)])
def test_the_map_on_the_surface_lesson_at_projector_sizes(watched, size, presenter):
    watched.page.set_viewport_size({"width": size[0], "height": size[1]})
    cells = open_map(watched, "lesson=surface&opt=momentum&lr=0.001&steps=100&function=0.5*x**2%20%2B%205*y**2"
                              + "&x0=-8&y0=2" + ("&presenter=1" if presenter else ""))
    assert len(cells["losses"]) == 12 and len(cells["losses"][0]) == 28
    # the bowl's largest curvature is 10: the status names it, the boundary is drawn
    assert "λ = 10" in watched.page.text_content("#map-status")
    screenshot(watched, f"convergence-map-surface-{size[0]}{'-presenter' if presenter else ''}")
