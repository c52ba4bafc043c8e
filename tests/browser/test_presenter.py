"""Presenter mode: larger type, markers and lines, the step and the update formula large, secondary panels
hidden, everything on one screen from 1024x768 up; a link can hide chosen controls for students."""

import pytest

from tests.browser.classroom_pages import open_link, snapshot
from tests.browser.pages import LESSONS, TIMEOUT_MS, screenshot, wait_ready

SIZES = {"xga": (1024, 768), "hd": (1280, 720)}
MEASURE = """() => {
  const px = (sel, prop) => parseFloat(getComputedStyle(document.querySelector(sel))[prop]);
  const point = document.querySelector('#parabola-curve .scatterlayer .trace:last-child path.point');
  return { root: px('html', 'fontSize'), readout: px('#readout', 'fontSize'),
    formula: px('#parabola-formula [data-part="update"]', 'fontSize'),
    curve: parseFloat(document.querySelector('#parabola-curve .scatterlayer path.js-line').style.strokeWidth),
    point: point.getBoundingClientRect().width };
}"""
FITS = """() => [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]"""


@pytest.mark.parametrize("size", SIZES)
def test_presenter_mode_is_larger_and_fits_the_projector(watched, size):
    page = watched.page
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    open_link(watched, "lesson=parabola&k=3", "#lesson-parabola[data-ready='run'][data-step='3']")
    before = page.evaluate(MEASURE)
    page.keyboard.press("p")
    page.wait_for_selector("html[data-presenter]", state="attached")
    page.wait_for_selector("#parabola-table", state="hidden")
    page.wait_for_timeout(300)  # the redraw at the new size
    after = page.evaluate(MEASURE)
    assert after["root"] >= 1.15 * before["root"]
    assert after["readout"] >= 1.4 * before["readout"] and after["formula"] > before["formula"]
    assert after["curve"] > before["curve"] and after["point"] > before["point"]
    assert after["root"] >= 19
    assert page.evaluate(FITS) == [0, 0], "presenter mode must fit the window without scrolling"
    for lesson, key in zip(LESSONS, "123"):
        page.keyboard.press(key)
        wait_ready(watched, lesson)
        page.wait_for_timeout(300)
        assert page.evaluate(FITS) == [0, 0], lesson
        for chart in page.locator(f"#lesson-{lesson} .chart:visible").all():
            box = chart.bounding_box()
            assert box["width"] > 0.25 * width and box["height"] > 0.3 * height, (lesson, box)
        screenshot(watched, f"presenter-{lesson}-{size}")
    assert page.is_hidden(".panel-params") and page.is_hidden(".lesson .options")


# Records, the moment the first chart is painted, which controls the students could see.
SEEN_AT_FIRST_CHART = """new MutationObserver((changes, observer) => {
  if (!document.documentElement?.dataset.firstChart) return;
  observer.disconnect();
  const shown = (sel) => { const el = document.querySelector(sel); return !!el && el.getClientRects().length > 0; };
  window.__seenAtFirstChart = { lr: shown('#lr-slider'), steps: shown('#steps'), play: shown('#btn-play'),
    classroom: document.documentElement.dataset.classroom ?? null };
}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-first-chart'] });"""


def test_a_links_hidden_controls_are_hidden_before_the_first_chart(watched):
    """The classroom modules load after the first chart; the link's `hide=` must not wait for them."""
    watched.page.add_init_script(SEEN_AT_FIRST_CHART)
    open_link(watched, "lesson=parabola&hide=lr,steps", "#lesson-parabola[data-ready='run']")
    seen = watched.page.evaluate("window.__seenAtFirstChart")
    assert seen == {"lr": False, "steps": False, "play": True, "classroom": None}
    assert watched.page.is_hidden("#lr-slider") and watched.page.is_visible("#btn-play")


def test_presenter_flag_and_hidden_controls_come_from_the_link(watched):
    page = watched.page
    open_link(watched, "lesson=network&presenter=1&hide=lr,optimizer,hyper,steps,speed,toolbar",
              "#lesson-network[data-ready='run']")
    page.wait_for_selector("html[data-presenter]", state="attached")
    for hidden in ("#lr-slider", "#lr-value", "#optimizer", "#btn-hyper", "#steps", "#speed", "#btn-classroom"):
        assert page.is_hidden(hidden), hidden
    for shown in ("#btn-play", "#readout", "#tab-network", "#network-graph"):
        assert page.is_visible(shown), shown
    screenshot(watched, "presenter-network-students")
    page.keyboard.press("l")  # the teacher can still reach the link panel by key, and show controls again
    page.wait_for_selector("#share-panel", state="attached", timeout=TIMEOUT_MS)
    assert snapshot(watched)["hide"] == ["lr", "optimizer", "hyper", "steps", "speed", "toolbar"]
