"""The controls: the learning-rate slider redraws from the sweep, play animates, the function box checks input."""

from tests.browser.pages import (TIMEOUT_MS, annotation_texts, open_lesson, path_data, readout_step, screenshot,
                                 wait_until)

DEFAULT_NOTCH = 40 / 70  # lr 0.1 on the slider's 71 notches


def test_dragging_the_slider_redraws_the_trajectory_without_a_request_per_move(watched):
    open_lesson(watched, "parabola", "&k=10")
    watched.page.wait_for_selector("#lesson-parabola[data-sweep='ready']", timeout=TIMEOUT_MS)
    before = path_data(watched, "parabola-curve")
    runs = []
    watched.page.on("request", lambda r: runs.append(r.url) if "/api/runs" in r.url else None)
    box = watched.page.locator("#lr-slider").bounding_box()
    watched.page.mouse.move(box["x"] + 8 + DEFAULT_NOTCH * (box["width"] - 16), box["y"] + box["height"] / 2)
    watched.page.mouse.down()
    watched.page.mouse.move(box["x"] + 8 + 0.66 * (box["width"] - 16), box["y"] + box["height"] / 2, steps=6)
    during = path_data(watched, "parabola-curve")
    requests_while_dragging = list(runs)
    watched.page.mouse.up()
    assert requests_while_dragging == []
    assert during != before
    assert watched.page.input_value("#lr-value") != "0.1"
    watched.page.wait_for_selector("#lesson-parabola[data-ready='run']", timeout=TIMEOUT_MS)
    assert len(runs) == 1  # letting go fetches the full run (gradients) once
    redraw_ms = float(watched.page.get_attribute("html", "data-redraw-ms"))
    assert redraw_ms > 0


def test_keyboard_moves_the_slider_one_notch(watched):
    open_lesson(watched, "parabola")
    before = path_data(watched, "parabola-curve")
    watched.page.focus("#lr-slider")
    watched.page.keyboard.press("ArrowRight")
    wait_until(lambda: watched.page.input_value("#lr-value") == "0.12", what="lr 0.12")
    watched.page.wait_for_selector("#lesson-parabola[data-ready='run']", timeout=TIMEOUT_MS)
    assert path_data(watched, "parabola-curve") != before


def test_a_typed_learning_rate_off_the_notches_runs_once(watched):
    open_lesson(watched, "parabola", "&k=5")
    watched.page.fill("#lr-value", "0.0777")
    watched.page.press("#lr-value", "Enter")
    watched.page.wait_for_selector("#parabola-formula:has-text('0.0777 ×')", timeout=TIMEOUT_MS)


def test_play_advances_the_step_and_the_network_edge_labels_change(watched):
    open_lesson(watched, "network", "&lr=0.0001")
    labels = annotation_texts(watched, "network-graph")
    assert readout_step(watched) == 0
    watched.page.select_option("#speed", "20")
    watched.page.click("#btn-play")
    wait_until(lambda: readout_step(watched) >= 3, what="step 3")
    assert annotation_texts(watched, "network-graph") != labels
    watched.page.wait_for_selector("#btn-play[aria-pressed='false']", timeout=TIMEOUT_MS)  # stops at the end
    assert readout_step(watched) == 20
    screenshot(watched, "lesson-network-played")


def test_play_on_the_parabola_moves_the_point(watched):
    open_lesson(watched, "parabola")
    before = path_data(watched, "parabola-curve")
    watched.page.select_option("#speed", "10")  # slow enough that the run has not ended when pause is pressed
    watched.page.click("#btn-play")
    wait_until(lambda: readout_step(watched) >= 10, what="step 10")
    watched.page.click("#btn-play")
    assert watched.page.get_attribute("#btn-play", "aria-pressed") == "false"
    assert path_data(watched, "parabola-curve") != before
    watched.page.click("#btn-reset")
    watched.page.wait_for_selector("#readout[data-step='0']")


def test_a_typed_function_redraws_the_curve(watched):
    open_lesson(watched, "parabola")
    before = path_data(watched, "parabola-curve")
    watched.page.fill("#function", "x**4 - 4*x**2 + x")
    watched.page.press("#function", "Enter")
    wait_until(lambda: watched.page.input_value("#preset") == "quartic", what="the quartic preset")
    watched.page.wait_for_selector("#lesson-parabola[data-ready='run']", timeout=TIMEOUT_MS)
    assert path_data(watched, "parabola-curve") != before
    assert watched.page.is_hidden("#function-error")
    screenshot(watched, "lesson-parabola-quartic")


def test_a_malicious_function_shows_an_inline_error_and_changes_nothing(watched):
    watched.allowed_errors.append("status of 422")  # the browser logs the refused request itself
    open_lesson(watched, "parabola")
    function_now = "window.gradplay.store.state.lessons.parabola.options.function"
    watched.page.fill("#function", "__import__('os').system('echo pwned')")
    watched.page.press("#function", "Enter")
    error = watched.page.wait_for_selector("#function-error:not([hidden])", timeout=TIMEOUT_MS)
    assert "not allowed" in error.text_content()
    assert watched.page.get_attribute("#function", "aria-invalid") == "true"
    assert watched.page.evaluate(function_now) == "x**2 + 2*x + 1"  # the lesson keeps its function
    screenshot(watched, "lesson-parabola-bad-function")
    watched.page.fill("#function", "x**2")
    watched.page.press("#function", "Enter")
    watched.page.wait_for_selector("#function-error[hidden]", state="attached", timeout=TIMEOUT_MS)


def test_clicking_the_curve_sets_the_start(watched):
    open_lesson(watched, "parabola")
    box = watched.page.locator("#parabola-curve .nsewdrag").bounding_box()
    watched.page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
    wait_until(lambda: float(watched.page.input_value("#x0")) < 0, what="a new x0 left of 0")


def test_a_long_run_streams_and_plays(watched):
    open_lesson(watched, "parabola")
    watched.page.fill("#steps", "3000")
    watched.page.press("#steps", "Enter")
    watched.page.wait_for_selector("#lesson-parabola[data-ready='stream']", timeout=TIMEOUT_MS)
    watched.page.click("#btn-play")
    wait_until(lambda: readout_step(watched) >= 3, what="step 3")
    watched.page.wait_for_selector("#lesson-parabola[data-complete='true']", timeout=TIMEOUT_MS)
    assert watched.page.get_attribute("#readout", "data-total") == "3000"


def test_a_run_arriving_while_typing_steps_does_not_overwrite_the_typing(watched):
    """The box keeps what is typed until Enter, even when the state changes meanwhile; a bad value is undone."""
    open_lesson(watched, "parabola")
    watched.page.fill("#steps", "30")  # typed, not committed yet
    watched.page.evaluate("window.gradplay.actions.setLr(0.2, true)")  # settings change: the controls resync
    watched.page.wait_for_selector("#lesson-parabola[data-ready='run'][data-complete='true']", timeout=TIMEOUT_MS)
    assert watched.page.input_value("#steps") == "30" and watched.page.input_value("#lr-value") == "0.2"
    watched.page.press("#steps", "Enter")
    wait_until(lambda: watched.page.evaluate("window.gradplay.store.state.lessons.parabola.steps") == 30, what="30 steps")
    watched.page.fill("#steps", "0")
    watched.page.press("#steps", "Enter")  # out of range: the box shows the value in use again
    assert watched.page.input_value("#steps") == "30"
    watched.page.fill("#x0", "2.345678")
    watched.page.press("#x0", "Enter")  # kept to 3 figures, as the link and the run have it
    assert watched.page.input_value("#x0") == "2.35"
