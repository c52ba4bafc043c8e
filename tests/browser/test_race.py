"""The optimizer race: racers run together on one problem, each in its own colour on the lesson's picture,
losses overlaid with a legend, and a finish order by the rule the page names."""

import pytest

from tests.browser.classroom_pages import open_link, snapshot
from tests.browser.pages import TIMEOUT_MS, screenshot, wait_until

OKABE_ITO = ["rgb(0, 114, 178)", "rgb(213, 94, 0)", "rgb(0, 158, 115)", "rgb(204, 121, 167)", "rgb(230, 159, 0)"]
LABELS = {"parabola": ["SGD lr 0.1", "Momentum lr 0.1", "Adam lr 0.5", "RMSprop lr 0.1"],
          "not_gate": ["SGD lr 10", "Momentum lr 3", "Adam lr 0.5", "RMSprop lr 0.1"],
          "surface": ["SGD lr 0.001", "Momentum lr 0.001", "Adam lr 0.05", "RMSprop lr 0.01"]}


def api_losses(w, body: dict) -> list:
    return [r["loss"] for r in w.page.request.post(w.base + "/api/runs", data=body).json()["records"]]


def expected_order(losses: list[list], rule: str, threshold: float, k: int) -> list[int]:
    """The finish order at step k, computed here from the API's own records (the oracle for the page's rule)."""
    def arrival(ls):
        hits = [s for s, v in enumerate(ls[:k + 1]) if v is not None and v <= threshold]
        return hits[0] if hits else None

    def at(ls):
        v = ls[min(k, len(ls) - 1)]
        return (v is None, v or 0)

    if rule == "final":
        key = lambda i: (*at(losses[i]), i)  # noqa: E731
    else:
        key = lambda i: (arrival(losses[i]) is None, arrival(losses[i]) or 0, *at(losses[i]), i)  # noqa: E731
    return sorted(range(len(losses)), key=key)


def racer_losses(w, lesson: str) -> list[list]:
    state = snapshot(w)
    settings = state["settings"]
    return [api_losses(w, {"problem": lesson, "optimizer": e["optimizer"], "lr": e["lr"], "steps": settings["steps"],
                           "options": settings["options"]}) for e in state["race"]["entries"]]


def wait_race(page, step: int | None = None):
    sel = "#race[data-ready='true']" + (f"[data-step='{step}']" if step is not None else "")
    page.wait_for_selector(sel, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("lesson", ["parabola", "not_gate", "surface"])
def test_racers_run_together_in_their_own_colours_with_a_finish_order(watched, lesson):
    page = watched.page
    runs = []
    page.on("request", lambda r: runs.append(r.post_data_json) if r.url.endswith("/api/runs") else None)
    open_link(watched, f"lesson={lesson}&k=0", f"#lesson-{lesson}[data-ready='run']")
    runs.clear()
    page.keyboard.press("o")
    wait_race(page, 0)
    assert sorted((r["optimizer"], r["lr"]) for r in runs) == sorted(
        (e["optimizer"], e["lr"]) for e in snapshot(watched)["race"]["entries"])  # one run per racer, sent together
    assert page.is_hidden(f"#lesson-{lesson}")
    legend = page.locator("#race [data-part='main'] .legendtext").all_text_contents()
    assert [t for t in legend if t in LABELS[lesson]] == LABELS[lesson]
    lines = page.locator("#race [data-part='loss'] .scatterlayer path.js-line").evaluate_all(
        "els => els.map((e) => e.style.stroke)")
    assert {c for c in lines} >= set(OKABE_ITO[:4])
    last = snapshot(watched)["settings"]["steps"]
    page.evaluate(f"window.gradplay.actions.setStep({last})")
    wait_race(page, last)
    losses = racer_losses(watched, lesson)
    race = snapshot(watched)["race"]
    order = [int(i) for i in page.get_attribute("#race", "data-order").split(",")]
    assert order == expected_order(losses, "threshold", race["threshold"], last)
    rule = page.text_content("#race [data-part='rule']")
    assert f"first to reach loss ≤ {race['threshold']:g}" in rule
    first = page.locator("#race .race-order li").first.text_content()
    assert LABELS[lesson][order[0]] in first and "at step" in first
    screenshot(watched, f"race-{lesson}")
    page.evaluate(f"window.gradplay.actions.setStep({last // 4})")  # standings follow the step shown
    wait_race(page, last // 4)
    order = [int(i) for i in page.get_attribute("#race", "data-order").split(",")]
    assert order == expected_order(losses, "threshold", race["threshold"], last // 4)


def test_rules_racers_and_the_link_of_a_race(watched, browser):
    page = watched.page
    open_link(watched, "lesson=parabola&k=50&race=sgd:0.1,adam:0.5&finish=final&thr=0.01",
              "#race[data-ready='true'][data-step='50']")
    assert page.input_value("#race-rule") == "final"
    assert "lowest loss at the end" in page.text_content("#race [data-part='rule']")
    losses = racer_losses(watched, "parabola")
    assert page.get_attribute("#race", "data-order") == ",".join(map(str, expected_order(losses, "final", 0.01, 50)))
    page.click("#race [data-part='add']")  # a new racer takes the lesson's optimizer and lr: gd, 0.1
    wait_until(lambda: len(snapshot(watched)["race"]["entries"]) == 3, what="a third racer")
    page.select_option("#race .racer:nth-child(3) select", "nesterov")
    page.fill("#race .racer:nth-child(3) input", "0.05")
    page.press("#race .racer:nth-child(3) input", "Enter")
    wait_until(lambda: snapshot(watched)["race"]["entries"][2] == {"optimizer": "nesterov", "lr": 0.05}, what="racer 3")
    wait_race(page, 50)
    page.select_option("#race-rule", "threshold")
    page.fill("#race-threshold", "0.001")
    page.press("#race-threshold", "Enter")
    wait_until(lambda: snapshot(watched)["race"]["threshold"] == 0.001, what="threshold 0.001")
    losses = racer_losses(watched, "parabola")
    wait_until(lambda: page.get_attribute("#race", "data-order")
               == ",".join(map(str, expected_order(losses, "threshold", 0.001, 50))), what="the new order")
    page.click("#race .racer:nth-child(1) button")  # remove SGD
    wait_until(lambda: len(snapshot(watched)["race"]["entries"]) == 2, what="two racers")
    wait_until(lambda: "race=adam%3A0.5%2Cnesterov%3A0.05&finish=threshold&thr=0.001" in page.evaluate("location.hash"),
               what="the race in the URL")
    link = page.evaluate("location.href")
    before = snapshot(watched)
    wait_race(page, 50)
    order = page.get_attribute("#race", "data-order")
    fresh = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        other = fresh.new_page()
        other.goto(link)
        other.wait_for_selector("#race[data-ready='true'][data-step='50']", timeout=TIMEOUT_MS)
        assert other.get_attribute("#race", "data-order") == order
        assert other.evaluate("window.gradplay.store.state.race") == before["race"]
    finally:
        fresh.close()
    page.click("#race [data-part='close']")
    page.wait_for_selector("#race", state="hidden")
    page.wait_for_selector("#lesson-parabola", state="visible")
    assert snapshot(watched)["race"] is None


# Watches every frame until the race is drawn: was the lesson's drawn view ever on screen?
LESSON_SEEN = """(() => { window.__lessonSeen = false; const look = () => {
  const lesson = document.querySelector('.lesson[data-ready]');
  if (lesson && lesson.getClientRects().length > 0) window.__lessonSeen = true;
  if (!document.querySelector('#race[data-ready="true"]')) requestAnimationFrame(look);
}; requestAnimationFrame(look); })();"""


def test_a_race_link_never_shows_the_lesson_first(watched):
    watched.page.add_init_script(LESSON_SEEN)
    open_link(watched, "lesson=not_gate&race=sgd:1,adam:0.1", "#race[data-ready='true']")
    assert watched.page.evaluate("window.__lessonSeen") is False
    assert watched.page.locator("#race [data-part='main'] .main-svg").first.is_visible()
    watched.page.click("#race [data-part='close']")  # the lesson, drawn while hidden, comes back at its size
    watched.page.wait_for_selector("#lesson-not_gate", state="visible")
    width = lambda sel: watched.page.locator(sel).first.bounding_box()["width"]  # noqa: E731
    wait_until(lambda: abs(width("#notgate-landscape .main-svg") - width("#notgate-landscape")) <= 2,
               what="the landscape at its panel's width")
