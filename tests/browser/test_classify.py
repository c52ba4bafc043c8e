"""The classify lesson's page: every chart drawn, a click adds a point to the run's data, xor with
x1·x2 learnt to ≥ 95 % test accuracy, + and − for layers, a bad CSV refused inline, presenter mode."""

import json
import math
import re

import pytest

from tests.browser.pages import TIMEOUT_MS, screenshot, settled_pixel, wait_until

CHARTS = ("classify-graph", "classify-boundary", "classify-loss-chart")
PLOTLY_CHARTS = ("classify-boundary", "classify-loss-chart")  # the network is a canvas (views/classifyNetwork.js)
XOR = "&dataset=xor&features=x1,x2,x1x2&steps=60"
SIX_BY_EIGHT = "&features=x1,x2,x1sq,x2sq,x1x2,sin_x1,sin_x2&hidden=8,8,8,8,8,8"
# what the network view drew last: its labels (edge, text, box in canvas pixels), label font, counts
NETWORK = """() => { const n = document.querySelector('#classify-graph').__network;
  return { edges: n.edges, shown: n.shown, font: n.font, crowded: n.crowded, pictured: n.pictured, step: n.step,
    focus: n.focus, labels: n.labels, hovers: n.hovers }; }"""


def open_classify(w, hash_: str = "") -> None:
    """Load the lesson and wait until its run has streamed to the end."""
    if w.page.url.startswith(w.base):
        w.page.goto("about:blank")
    w.page.goto(f"{w.base}/#lesson=classify{hash_}")
    wait_done(w)


def wait_done(w) -> None:
    w.page.wait_for_selector("#lesson-classify[data-ready='stream'][data-complete='true']", timeout=TIMEOUT_MS * 3)


def lesson_data(w) -> dict:
    return w.page.evaluate("""() => { const d = window.gradplay.store.state.data.classify;
      return { n: d.records.length, last: d.records[d.records.length - 1], dataset: d.dataset, complete: d.complete }; }""")


def last_params(w) -> dict:
    """The parameters of the run's last record so far ({} before its first record arrives)."""
    last = lesson_data(w)["last"]
    return last["params"] if last else {}


def link(w) -> str:
    return w.page.evaluate("location.hash")  # page.url lags: Python's polling lets no events in


def options(w) -> dict:
    return w.page.evaluate("() => window.gradplay.store.state.lessons.classify.options")


def network(w) -> dict:
    return w.page.evaluate(NETWORK)


def shown_record(w) -> dict:
    """The record the page shows now (the step slider's)."""
    return w.page.evaluate("""() => { const s = window.gradplay.store.state; const r = s.data.classify.records;
      return r[Math.min(s.step, r.length - 1)]; }""")


def weights(record) -> list[float]:
    """Every weight of a record in the view's edge order: layer by layer, each matrix row by row."""
    layers = sorted((k for k in record["params"] if k.endswith(".weight")), key=lambda k: int(k.split(".")[1]))
    return [w for k in layers for row in record["params"][k] for w in row]


def two_digits(label: str, w: float) -> bool:
    """A label is its weight to two significant digits (within half a unit of the second)."""
    unit = 10 ** (math.floor(math.log10(abs(w))) - 1) if w else 0
    return abs(float(label.replace("−", "-")) - w) <= unit / 2 * (1 + 1e-9) and len(label.lstrip("−0.").replace(".", "")) <= 2


def tip_numbers(text: str) -> tuple[float, float]:
    """The weight and gradient a tooltip shows ("w = 0.123457", "∂loss/∂w = −0.001234")."""
    def number(name):
        return float(re.search(rf"{name} = (\S+)", text).group(1).replace("−", "-"))
    return number("w"), number("∂loss/∂w")


def assert_apart(shown) -> None:
    """No two labels' boxes overlap (each box is the label's text with a little margin)."""
    for n, a in enumerate(shown):
        for b in shown[n + 1:]:
            assert abs(a["x"] - b["x"]) >= (a["w"] + b["w"]) / 2 - 0.5 or abs(a["y"] - b["y"]) >= (a["h"] + b["h"]) / 2 - 0.5, (a, b)


def unit_centre(w, column: int, unit: int) -> list[float]:
    """Where the view drew a unit, in canvas pixels (its layout, as the test hook reports it)."""
    return w.page.evaluate("""([c, u]) => document.querySelector('#classify-graph').__network.unitAt(c, u)""", [column, unit])


def test_classify_draws_every_chart(watched):
    open_classify(watched, "&steps=20")
    for chart in PLOTLY_CHARTS:
        assert watched.page.locator(f"#{chart} .main-svg").count() > 0, chart
    assert watched.page.locator("#classify-graph canvas[role='img']").get_attribute("aria-label").startswith("The network")
    # every edge of the default 2 → 4 → 2 → 1 network labelled with its weight, one picture per unit and input
    net = network(watched)
    assert net["edges"] == 2 * 4 + 4 * 2 + 2 * 1 and not net["crowded"]
    assert sorted(s["edge"] for s in net["shown"]) == list(range(net["edges"]))
    assert net["pictured"] == 2 + 4 + 2 + 1
    record = shown_record(watched)
    assert net["step"] == record["step"]
    assert all(map(two_digits, net["labels"], weights(record)))
    assert_apart(net["shown"])
    picture = watched.page.evaluate("() => document.querySelector('#classify-boundary').layout.images[0]")
    assert picture["source"].startswith("data:image/png") and picture["sizex"] == 12  # the output over [−6, 6]²
    data = lesson_data(watched)
    assert data["n"] == 21 and len(data["dataset"]["train"]) == 250
    stats = watched.page.text_content("#classify-stats")
    assert "Epoch 0" in stats or "Epoch" in stats
    screenshot(watched, "classify-1280x720")


def test_click_adds_a_point_to_the_runs_data(watched):
    open_classify(watched, "&steps=5")
    before = lesson_data(watched)["dataset"]
    count = len(before["train"]) + len(before["test"])
    def at(x, y):  # the stats above the map may still rewrap
        return settled_pixel(watched, "classify-boundary", x, y)
    is_run = lambda r: r.url.endswith("/api/runs/stream")  # noqa: E731
    with watched.page.expect_request(is_run) as request:
        watched.page.mouse.click(*at(3, 3))
    o = json.loads(request.value.post_data)["options"]
    assert o["dataset"] == "points" and len(o["points"]) == count + 1
    assert o["points"][:count] == before["train"] + before["test"]  # the exact data, then the new point
    x, y, label = o["points"][-1]
    assert abs(x - 3) < 0.3 and abs(y - 3) < 0.3 and label == 1
    wait_done(watched)
    with watched.page.expect_request(is_run) as request:
        watched.page.keyboard.down("Shift")
        watched.page.mouse.click(*at(-3, -3))
        watched.page.keyboard.up("Shift")
    points = json.loads(request.value.post_data)["options"]["points"]
    assert points[-1][2] == 0 and len(points) == count + 2
    wait_done(watched)
    wait_until(lambda: (d := lesson_data(watched)["dataset"]) and len(d["train"]) + len(d["test"]) == count + 2,
               what="the new data drawn")


def test_xor_with_the_product_feature_is_learnt(watched):
    open_classify(watched, XOR)
    assert options(watched)["features"] == ["x1", "x2", "x1x2"]
    watched.page.fill("#steps", "60")
    last = lesson_data(watched)["last"]
    assert last["step"] == 60
    assert last["extras"]["test_accuracy"] >= 0.95
    watched.page.locator("#step-slider").fill("60")
    wait_until(lambda: watched.page.text_content("#classify-stats [data-part='epoch']") == "60", what="epoch 60 shown")
    accuracy = watched.page.text_content("#classify-stats [data-part='test-accuracy']")
    assert float(accuracy.split()[0]) >= 95


def test_plus_and_minus_change_the_layers(watched):
    open_classify(watched, "&steps=5")
    watched.page.click("#classify-layer-add")
    wait_until(lambda: options(watched)["hidden"] == [4, 2, 2], what="a third layer")
    # data-complete may still speak of the run before the change: wait for a run of the new shape
    wait_until(lambda: "layers.3.weight" in last_params(watched), what="a run with three hidden layers")
    watched.page.click("#classify-units button[data-layer='0'][data-delta='1']")
    wait_until(lambda: options(watched)["hidden"] == [5, 2, 2], what="a fifth unit")
    wait_until(lambda: len(last_params(watched).get("layers.0.weight", [])) == 5, what="a run with five units")
    for _ in range(3):
        watched.page.click("#classify-layer-remove")
    wait_until(lambda: options(watched)["hidden"] == [], what="no hidden layer")
    wait_until(lambda: list(last_params(watched)) == ["layers.0.weight", "layers.0.bias"], what="a run without hidden layers")
    wait_done(watched)
    wait_until(lambda: "hidden=&" in link(watched), what="no hidden layer in the link")


def test_a_bad_csv_is_refused_inline(watched):
    open_classify(watched, "&steps=5")
    watched.allowed_errors.append("status of 422")  # the server's refusal, shown in the form
    watched.page.click("#classify-paste")
    watched.page.fill("#classify-csv", "1,2,1\n3,4,7")
    watched.page.click("#classify-csv-form button[type='submit']")
    error = watched.page.locator("#classify-csv-error")
    error.wait_for(state="visible")
    assert "line 2" in error.text_content() and "0 or 1" in error.text_content()
    # one point passes the page's checks; the server's 422 says what is missing
    watched.page.fill("#classify-csv", "1,2,1")
    watched.page.click("#classify-csv-form button[type='submit']")
    wait_until(lambda: "at least 2 points" in (error.text_content() or ""), what="the server's message")
    assert options(watched)["dataset"] == "circle"
    watched.page.fill("#classify-csv", "x1,x2,label\n1,2,1\n-1,-2,0\n2,2,1\n-2,-1,0")
    watched.page.click("#classify-csv-form button[type='submit']")
    wait_until(lambda: options(watched)["dataset"] == "points", what="the pasted points")
    assert error.is_hidden()
    assert options(watched)["points"] == [[1, 2, 1], [-1, -2, 0], [2, 2, 1], [-2, -1, 0]]


def test_list_options_round_trip_through_the_link(watched):
    open_classify(watched, "&steps=5&features=x1,x1sq&hidden=3&dataset=points&points=[[1,1,1],[-1,-1,0],[2,1,1]]")
    o = options(watched)
    assert o["features"] == ["x1", "x1sq"] and o["hidden"] == [3] and o["points"] == [[1, 1, 1], [-1, -1, 0], [2, 1, 1]]
    watched.page.click("#classify-layer-add")  # any change writes the whole link
    wait_until(lambda: "hidden=3%2C2" in link(watched), what="the link written")
    assert "features=x1%2Cx1sq" in link(watched) and "dataset=points" in link(watched)
    assert "points=%5B%5B1%2C1%2C1%5D%2C%5B-1%2C-1%2C0%5D%2C%5B2%2C1%2C1%5D%5D" in link(watched)


def test_classify_in_presenter_mode(watched):
    watched.page.set_viewport_size({"width": 1024, "height": 768})
    open_classify(watched, "&steps=20&presenter=1")
    for chart in CHARTS:
        box = watched.page.locator(f"#{chart}").bounding_box()
        assert box["width"] > 0.3 * 1024 and box["height"] > 0.18 * 768, (chart, box)
    screenshot(watched, "classify-presenter-1024x768")


def test_classify_race_and_trace_types(watched):
    open_classify(watched, "&steps=20")
    watched.page.wait_for_selector("html[data-classroom='ready']", state="attached", timeout=TIMEOUT_MS)
    watched.page.keyboard.press("o")  # the optimizer race: each racer's test loss per epoch
    watched.page.wait_for_selector("#race[data-ready='true']", timeout=TIMEOUT_MS * 2)
    racers = watched.page.evaluate("() => window.gradplay.store.state.race.entries.length")
    assert racers >= 2
    lines = watched.page.locator("#race .race-main .scatterlayer .trace").count()
    assert lines == 2 * racers  # a line and a marker each
    drawn = set(watched.page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
      .flatMap((el) => (el.data ?? []).map((t) => t.type ?? 'scatter'))"""))
    assert "heatmap" in drawn
    registered = set(watched.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    assert drawn <= registered, f"not in the cartesian build: {drawn - registered}"


def test_classify_fits_xga_and_4k(watched):
    for width, height in ((1024, 768), (3840, 2160)):
        watched.page.set_viewport_size({"width": width, "height": height})
        open_classify(watched, "&steps=5")
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, "the page scrolls sideways"
        for chart in CHARTS:
            box = watched.page.locator(f"#{chart}").bounding_box()
            assert box["width"] > 0.15 * width and box["height"] > 0.12 * height, (chart, box)
        screenshot(watched, f"classify-{width}x{height}")


def test_classify_code_panel_shows_the_runs_script(watched):
    open_classify(watched, "&steps=5&dataset=xor&features=x1,x2,x1x2&code=1")
    watched.page.wait_for_selector("#code-panel[data-ready='true']", timeout=TIMEOUT_MS)
    s = watched.page.evaluate("() => window.gradplay.store.state.lessons.classify")
    body = {"problem": "classify", "optimizer": s["optimizer"], "lr": s["lr"], "steps": s["steps"], "options": s["options"]}
    script = watched.page.request.post(watched.base + "/api/code", data=body).text()
    assert watched.page.input_value("#code-text") == script
    assert "x1x2" in script or "x1 * x2" in script or "xor" in script


def test_clear_then_two_clicks_make_your_own_data(watched):
    open_classify(watched, "&steps=5")
    watched.page.click("#classify-clear")
    def at(x, y):  # the stats above the map may still rewrap
        return settled_pixel(watched, "classify-boundary", x, y)
    watched.page.mouse.click(*at(2, 2))
    shown = watched.page.evaluate("() => document.querySelector('#classify-boundary').data.filter((t) => t.type !== 'heatmap')"
                                  ".map((t) => t.x.length)")
    assert shown == [1, 0]  # the one point clicked since Clear; no run yet
    assert options(watched)["dataset"] == "circle"
    watched.page.keyboard.down("Shift")
    watched.page.mouse.click(*at(-2, -2))
    watched.page.keyboard.up("Shift")
    wait_until(lambda: options(watched)["dataset"] == "points", what="your own two points")
    assert [p[2] for p in options(watched)["points"]] == [1, 0]
    wait_done(watched)


def test_hovering_a_weight_shows_its_gradient(watched):
    open_classify(watched, "&steps=5&k=3")
    hover = watched.page.evaluate(NETWORK)["hovers"]
    record = watched.page.evaluate("() => window.gradplay.store.state.data.classify.records[3]")
    g = record["grads"]["layers.0.weight"][0][0]
    assert len(hover) == 2 * 4 + 4 * 2 + 2
    assert "∂loss/∂w" in hover[0] and hover[0].startswith("x₁ → h₁,₁")
    assert f"{g:.3g}".replace("-", "−")[:4] in hover[0].replace("e-", "e−")
    assert tip_numbers(hover[0]) == pytest.approx((record["params"]["layers.0.weight"][0][0], g), rel=1e-3)


def test_the_mouse_on_a_label_shows_its_weight_and_gradient(watched):
    open_classify(watched, "&steps=5&k=3")
    net = network(watched)
    label = next(s for s in net["shown"] if s["edge"] == 9)  # h₁,₂ → h₂,₁: the weight layers.1.weight[0][1]
    box = watched.page.locator("#classify-graph canvas").bounding_box()
    watched.page.mouse.move(box["x"] + label["x"], box["y"] + label["y"])
    tip = watched.page.locator("#classify-graph [role='tooltip']")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    record = watched.page.evaluate("() => window.gradplay.store.state.data.classify.records[3]")
    assert text.startswith("h₁,₂ → h₂,₁")
    w, g = record["params"]["layers.1.weight"][0][1], record["grads"]["layers.1.weight"][0][1]
    assert tip_numbers(text) == pytest.approx((w, g), rel=1e-3)
    assert tip_numbers(text)[0] == float(f"{w:.6g}")  # six significant digits
    watched.page.mouse.move(box["x"] + 2, box["y"] + 2)  # off the labels and units: no tooltip
    tip.wait_for(state="hidden")


def test_the_keyboard_walks_the_units_and_reads_their_weights(watched):
    open_classify(watched, "&steps=5&k=3")
    watched.page.focus("#classify-graph canvas")
    watched.page.keyboard.press("ArrowRight")  # from nothing to the inputs' first, then on to h₁,₁
    watched.page.keyboard.press("ArrowRight")
    wait_until(lambda: network(watched)["focus"] == [1, 0], what="h₁,₁ in focus")
    record = watched.page.evaluate("() => window.gradplay.store.state.data.classify.records[3]")
    speech = watched.page.text_content("#classify-graph [aria-live]")
    assert speech.startswith("h₁,₁: b = ") and "weights in: x₁ " in speech and "weights out: h₂,₁ " in speech
    assert len(network(watched)["shown"]) == 2 + 2  # its two weights in and two out, and nothing else
    assert watched.page.evaluate("() => window.gradplay.store.state.step") == 3  # the arrows moved no step
    w_in = record["params"]["layers.0.weight"][0][0]
    assert f"x₁ {float(f'{w_in:.4g}'):g}".replace("-", "−") in speech
    watched.page.keyboard.press("Escape")
    wait_until(lambda: network(watched)["focus"] is None, what="no focus")


def test_play_follows_the_stream_one_redraw_per_frame_at_most(watched):
    open_classify(watched, "&steps=5&speed=50")
    watched.page.evaluate("""() => { const g = window.gradplay; window.perFrame = []; let n = 0;
      g.store.subscribe((kind) => { if (kind === 'records') n += 1; });
      const tick = () => { window.perFrame.push(n); n = 0; requestAnimationFrame(tick); }; requestAnimationFrame(tick); }""")
    watched.page.fill("#steps", "120")
    watched.page.press("#steps", "Enter")
    watched.page.click("#btn-play")
    wait_until(lambda: watched.page.evaluate("""() => { const s = window.gradplay.store.state;
      return s.data.classify.complete && !s.playing && s.step === 120; }"""), what="play to the last epoch")
    per_frame = watched.page.evaluate("window.perFrame")
    assert max(per_frame) <= 2  # the stream's one update per frame, and at most its summary beside it
    # the state reaches epoch 120 a frame before the views draw it
    wait_until(lambda: watched.page.text_content("#classify-stats [data-part='epoch']") == "120", what="epoch 120 shown")


def test_a_preset_sets_its_options(watched):
    open_classify(watched, "&steps=5")
    watched.page.select_option("#classify-preset", "spiral")
    wait_until(lambda: options(watched)["hidden"] == [8] * 6, what="the spiral preset")
    o = options(watched)
    assert o["dataset"] == "spiral" and o["activation"] == "relu" and len(o["features"]) == 7
    wait_done(watched)
    net = network(watched)
    assert net["edges"] == len(net["labels"]) == len(net["hovers"]) == 7 * 8 + 5 * 8 * 8 + 8
    assert watched.page.input_value("#classify-preset") == "spiral"
    screenshot(watched, "classify-spiral-6x8")


def test_a_crowded_network_labels_what_fits_and_a_unit_shows_all_its_weights(watched):
    open_classify(watched, "&steps=5" + SIX_BY_EIGHT)
    net = network(watched)
    assert net["edges"] == 7 * 8 + 5 * 8 * 8 + 8 and net["crowded"]
    assert 30 <= len(net["shown"]) < net["edges"] and net["font"] >= 11  # legible, never overlapping
    assert_apart(net["shown"])
    caption = watched.page.text_content("#classify-graph .net-caption")
    assert f"{len(net['shown'])} of 384 weights labelled" in caption
    record = shown_record(watched)
    for s in net["shown"]:
        assert s["text"] == net["labels"][s["edge"]]
    # the pointer on h₃,₅ (column 3, unit 5): its 8 weights in and 8 out, large, every one of them
    box = watched.page.locator("#classify-graph canvas").bounding_box()
    unit = unit_centre(watched, 3, 4)
    watched.page.mouse.move(box["x"] + unit[0], box["y"] + unit[1])
    wait_until(lambda: network(watched)["focus"] == [3, 4], what="h₃,₅ in focus")
    focused = network(watched)
    edges = {s["edge"] for s in focused["shown"]}
    into = {7 * 8 + 8 * 8 + 4 * 8 + i for i in range(8)}  # layers.2.weight row 4: h₂,ᵢ → h₃,₅
    out = {7 * 8 + 2 * 8 * 8 + j * 8 + 4 for j in range(8)}  # layers.3.weight column 4: h₃,₅ → h₄,ⱼ
    assert edges == into | out and focused["font"] >= net["font"]
    assert_apart(focused["shown"])
    w = weights(record)
    assert all(two_digits(s["text"], w[s["edge"]]) for s in focused["shown"])
    assert watched.page.locator("#classify-graph [role='tooltip']").inner_text().startswith("h₃,₅: b = ")
    screenshot(watched, "classify-6x8-focus")


def test_opening_classify_asks_for_each_thing_once(watched):
    asked = []
    watched.page.on("request", lambda r: asked.append((r.url.split("/api/")[1], r.post_data)) if "/api/" in r.url else None)
    open_classify(watched, "&steps=5")
    watched.page.wait_for_timeout(300)  # the thumbnails' points
    assert sorted(path for path, _ in asked) == ["datasets"] * 5 + ["runs/stream"]
    assert len({body for _, body in asked}) == len(asked)  # the run's data once, each thumbnail once
