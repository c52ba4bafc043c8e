"""Keyboard: every shortcut does its action, none fires while typing, the ? overlay lists them, focus is visible."""

from tests.browser.classroom_pages import open_link, snapshot
from tests.browser.pages import TIMEOUT_MS, readout_step, screenshot, wait_ready, wait_until


def test_keys_play_step_reset_and_change_lessons(watched):
    page = watched.page
    open_link(watched, "lesson=parabola&speed=2", "#lesson-parabola[data-ready='run']")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#readout[data-step='2']")
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#readout[data-step='1']")
    page.keyboard.press(" ")
    page.wait_for_selector("#btn-play[aria-pressed='true']")
    wait_until(lambda: readout_step(watched) >= 2, what="playback")
    page.keyboard.press(" ")
    page.wait_for_selector("#btn-play[aria-pressed='false']")
    page.keyboard.press("r")
    page.wait_for_selector("#readout[data-step='0']")
    for key, lesson in (("2", "not_gate"), ("3", "network"), ("1", "parabola")):
        page.keyboard.press(key)
        wait_ready(watched, lesson)
        assert page.get_attribute(f"#tab-{lesson}", "aria-selected") == "true"


def test_brackets_move_the_learning_rate_one_notch(watched):
    page = watched.page
    open_link(watched, "lesson=parabola&k=1", "#lesson-parabola[data-ready='run']")
    page.keyboard.press("]")
    page.wait_for_selector("#parabola-formula:has-text('0.12 ×')", timeout=TIMEOUT_MS)
    assert page.input_value("#lr-value") == "0.12"
    page.keyboard.press("[")
    page.keyboard.press("[")
    page.wait_for_selector("#parabola-formula:has-text('0.08 ×')", timeout=TIMEOUT_MS)
    assert snapshot(watched)["settings"]["lr"] == 0.08
    wait_until(lambda: "lr=0.08" in page.evaluate("location.hash"), what="lr in the URL")


def test_keys_wait_while_typing(watched):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    page.click("#function")
    page.keyboard.press("End")
    page.keyboard.type(" + 0*x")  # a space, letters and digits: none may play, reset or switch lessons
    page.keyboard.press("1")
    page.keyboard.press("3")
    assert page.input_value("#function").endswith(" + 0*x13")
    assert page.get_attribute("#btn-play", "aria-pressed") == "false"
    assert snapshot(watched)["lesson"] == "parabola"
    page.fill("#lr-value", "")
    page.keyboard.type("0.5")  # ] and [ belong to the box while it has focus
    page.keyboard.press("[")
    assert snapshot(watched)["settings"]["lr"] == 0.1


def test_p_toggles_presenter_mode(watched):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    page.keyboard.press("p")
    page.wait_for_selector("html[data-presenter]", state="attached")
    assert snapshot(watched)["presenter"] is True
    page.keyboard.press("p")
    page.wait_for_selector("html:not([data-presenter])", state="attached")


def test_question_mark_lists_every_key_and_escape_closes(watched):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    page.focus("#btn-play")
    page.keyboard.press("?")
    overlay = page.wait_for_selector("#keys-overlay[open]")
    text = overlay.text_content()
    for label in ("Space", "→", "←", "R", "[", "]", "1", "2", "3", "P", "?", "T", "O", "C", "L", "Esc"):
        assert f"{label}" in text, label
    assert page.evaluate("document.activeElement.closest('#keys-overlay') !== null"), "focus moves into the overlay"
    screenshot(watched, "keys-overlay")
    page.keyboard.press("Escape")
    page.wait_for_selector("#keys-overlay", state="hidden")
    assert page.evaluate("document.activeElement.id") == "btn-play", "focus returns where it was"


def test_focus_is_visible_on_the_classroom_controls(watched):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    page.evaluate("document.activeElement.blur()")
    reached = set()
    for _ in range(8):  # from the top: the skip link, the classroom menu, the tabs, the play buttons…
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0, "focus on something visible"
    assert "btn-classroom" in reached
    page.focus("#btn-classroom")
    page.keyboard.press("Enter")
    page.wait_for_selector("#classroom-menu:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "btn-tour"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "btn-race"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Escape")
    page.wait_for_selector("#classroom-menu", state="hidden")
    assert page.evaluate("document.activeElement.id") == "btn-classroom"
