"""The page fits projectors from 1024x768 to 4K, and every control is labelled and reachable by keyboard."""

import pytest

from tests.browser.pages import LESSONS, open_lesson, screenshot

SIZES = {"xga": (1024, 768), "4k": (3840, 2160)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_fits_the_window(watched, size, lesson):
    width, height = SIZES[size]
    watched.page.set_viewport_size({"width": width, "height": height})
    open_lesson(watched, lesson)
    overflow = watched.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways"
    font_px = watched.page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert font_px >= 16
    if size == "4k":
        assert font_px >= 36, "type must grow with the screen"
    charts = watched.page.locator(f"#lesson-{lesson} .chart").evaluate_all(
        "els => els.map(e => [e.id, e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    for chart_id, w, h in charts:
        assert w > 0.15 * width and h > 0.12 * height, (chart_id, w, h)
    screenshot(watched, f"lesson-{lesson}-{size}")


UNLABELLED = """() => [...document.querySelectorAll('input, select, button, [tabindex]')]
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
    && !el.getAttribute('aria-labelledby') && !el.textContent.trim())
  .map((el) => el.outerHTML.slice(0, 80))"""


def test_every_control_has_a_label(watched):
    open_lesson(watched, "parabola")
    assert watched.page.evaluate(UNLABELLED) == []


def test_tab_key_reaches_the_main_controls(watched):
    open_lesson(watched, "parabola")
    reached = set()
    for _ in range(30):
        watched.page.keyboard.press("Tab")
        reached.add(watched.page.evaluate("document.activeElement.id"))
    assert {"tab-parabola", "btn-play", "lr-slider", "optimizer", "steps", "function", "x0"} <= reached
    outline = watched.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_phone_scrolls_down_never_sideways_and_nothing_covers_the_options(watched, lesson):
    watched.page.set_viewport_size({"width": 390, "height": 844})
    open_lesson(watched, lesson)
    overflow = watched.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways"
    options_bottom = watched.page.locator(f"#lesson-{lesson} .options").evaluate("e => e.getBoundingClientRect().bottom")
    bar_top = watched.page.locator(".gradgraph-bar").first.evaluate("e => e.getBoundingClientRect().top")
    assert bar_top >= options_bottom, "the autograd bar covers the lesson's options"
    for chart_id, h in watched.page.locator(f"#lesson-{lesson} .chart").evaluate_all(
            "els => els.map(e => [e.id, e.getBoundingClientRect().height])"):
        assert h >= 200, (chart_id, h)
    screenshot(watched, f"lesson-{lesson}-phone")
