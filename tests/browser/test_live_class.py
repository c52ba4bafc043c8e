"""A live class in one chromium: a teacher's projector and three students' phones (separate browser
contexts) on one server. The students follow a lesson change and a step, answer a question (two typed,
one by dragging the marker on the parabola), the projector's histogram counts the three answers, the
reveal shows the value a plain torch loop computes on every page; "explore on my own" stops following
and "rejoin" catches up. Screenshots of the projector (1280x720, presenter 1024x768) and of a phone."""

import json

import pytest
import torch

from tests.browser.conftest import WATCH_CSP, Watched
from tests.browser.pages import TIMEOUT_MS, screenshot, wait_ready, wait_until

PHONE = {"width": 390, "height": 844}
LIVE = "() => JSON.stringify(window.gradplay.store.state.live)"
STATE = "() => { const s = window.gradplay.store.state; return [s.lesson, s.step]; }"
BARS = "() => document.querySelector('#live-panel .live-histogram').data[0].y"


def page_in(browser, server, viewport) -> Watched:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    return Watched(page, server)


def seen(w) -> tuple[str, int]:
    lesson, step = w.page.evaluate(STATE)
    return lesson, step


def torch_next_x(steps: int) -> float:
    """The page's parabola defaults (f = x² + 2x + 1 from x = 5, plain GD, lr 0.1) in a plain torch loop."""
    x = torch.tensor(5.0, requires_grad=True)
    for _ in range(steps):
        loss = x ** 2 + 2 * x + 1
        loss.backward()
        with torch.no_grad():
            x -= 0.1 * x.grad
        x.grad.zero_()
    return float(x.detach())


@pytest.fixture
def classroom(browser, server):
    pages = []

    def make(viewport):
        w = page_in(browser, server, viewport)
        pages.append(w)
        return w

    yield make
    for w in pages:
        w.page.context.close()
    for w in pages:
        assert w.outside == [], f"requests off the server: {w.outside}"
        assert w.unexpected_errors() == [], f"console errors or CSP violations: {w.unexpected_errors()}"


def drag_marker_to(w, fraction: float) -> None:
    """Press on the question card's curve and drag along it to `fraction` of its plot area's width."""
    box = w.page.locator("#live-card .live-drag .nsewdrag").bounding_box()
    y = box["y"] + box["height"] * 0.8
    w.page.mouse.move(box["x"] + box["width"] * 0.5, y)
    w.page.mouse.down()
    w.page.mouse.move(box["x"] + box["width"] * fraction, y, steps=6)
    w.page.mouse.up()


def test_students_follow_answer_and_see_the_reveal(classroom, server):
    teacher = classroom({"width": 1280, "height": 720})
    t = teacher.page
    t.goto(f"{server}/#lesson=parabola")
    wait_ready(teacher, "parabola")
    t.wait_for_selector("html[data-classroom='ready']", state="attached", timeout=TIMEOUT_MS)
    t.click("#btn-classroom")
    t.click("#btn-live-start")
    t.wait_for_selector("#live-join[open] .live-qr", timeout=TIMEOUT_MS)
    code = t.get_attribute("#live-join .live-code", "data-code")
    assert len(code) == 7
    join_url = t.text_content("#live-join [data-part='url']")
    assert join_url == f"{server}/?class={code}"
    assert t.is_visible("#live-join [data-part='loopback']"), "on 127.0.0.1 the page must say phones cannot reach it"
    wait_until(lambda: t.evaluate("() => document.querySelector('#live-join .live-qr').naturalWidth") > 0, what="the QR code")
    code_px = t.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#live-join .live-code')).fontSize)")
    assert code_px >= 0.12 * 720, "the code must read from the back of the room"
    screenshot(teacher, "live-projector-join-hd")
    # the token stays in this tab: sessionStorage, never the URL
    token = json.loads(t.evaluate("() => sessionStorage.getItem('gradplay.liveTeacher')"))["token"]
    assert token and token not in t.url
    t.click("#live-join [data-part='close']")

    students = [classroom(PHONE) for _ in range(3)]
    for s in students[:2]:
        s.page.goto(join_url)
    typed = students[2].page  # the third types the code in the menu
    typed.goto(f"{server}/")
    typed.wait_for_selector("html[data-classroom='ready']", state="attached", timeout=TIMEOUT_MS)
    typed.click("#btn-classroom")
    typed.click("#btn-live-join")
    typed.fill("#live-code-input", f"{code[:3].lower()} {code[3:]}")
    typed.press("#live-code-input", "Enter")
    for s in students:
        s.page.wait_for_selector("#live-banner[data-following='true']", timeout=TIMEOUT_MS)
        assert code[:3] in s.page.text_content("#live-banner")
        assert token not in s.page.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")

    t.wait_for_selector("#live-panel[data-following='3']", timeout=TIMEOUT_MS)  # counted every 5 s

    # a lesson change, then back and two steps
    t.keyboard.press("2")
    for s in students:
        wait_until(lambda: seen(s)[0] == "not_gate", what="the students follow the lesson change")
    t.keyboard.press("1")
    wait_ready(teacher, "parabola")
    t.keyboard.press("ArrowRight")
    t.keyboard.press("ArrowRight")
    for s in students:
        wait_until(lambda: seen(s) == ("parabola", 2), what="the students follow the step")
        wait_ready(s, "parabola")

    # predict: where will x be after the next update (from step 2)?
    assert t.text_content("#live-prompt option[value='next_x']") == "Where will x be after the next update?"
    t.select_option("#live-prompt", "next_x")
    t.click("#live-panel [data-part='ask']")
    for s in students:
        s.page.wait_for_selector("#live-card:not([hidden]) .live-drag .nsewdrag", timeout=TIMEOUT_MS)
    for s, value in zip(students[:2], ("0.5", "2.5")):
        s.page.fill("#live-answer", value)
        s.page.click("#live-card button[type='submit']")
        s.page.wait_for_selector(f"#live-card[data-answered='{value}']", timeout=TIMEOUT_MS)
    drag_marker_to(students[2], 0.25)
    students[2].page.wait_for_selector("#live-card:not([data-answered=''])", timeout=TIMEOUT_MS)
    dragged = float(students[2].page.get_attribute("#live-card", "data-answered"))
    assert dragged < 0, "a quarter of the way along the x axis is left of 0"
    for s in students:
        box = s.page.locator("#live-card button[type='submit']").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, "tap targets on a phone"
    t.wait_for_selector("#live-panel[data-answers='3']", timeout=TIMEOUT_MS)
    wait_until(lambda: sum(t.evaluate(BARS)) == 3, what="the histogram counts three answers")
    assert len([c for c in t.evaluate(BARS) if c]) == 3, "three different answers, three bars"
    screenshot(teacher, "live-projector-histogram-hd")
    screenshot(students[0], "live-student-phone-question")

    # reveal: the server runs the next step; every page shows the value a plain torch loop gives
    t.click("#live-panel [data-part='reveal']")
    t.wait_for_selector("#live-panel:not([data-revealed=''])", timeout=TIMEOUT_MS)
    truth = float(t.get_attribute("#live-panel", "data-revealed"))
    assert truth == pytest.approx(torch_next_x(3), abs=1e-6)
    assert "2.072" in t.text_content("#live-panel [data-part='truth']")
    for s in students:
        s.page.wait_for_selector("#live-card [data-part='feedback']:has-text('The answer: 2.072')", timeout=TIMEOUT_MS)
    assert "off by" in students[0].page.text_content("#live-card [data-part='feedback']")
    assert "close!" in students[1].page.text_content("#live-card [data-part='feedback']")  # 2.5 is one bin from 2.072
    for s in students:
        wait_until(lambda: seen(s) == ("parabola", 3), what="the reveal shows the update on every page")
    screenshot(teacher, "live-projector-reveal-hd")
    screenshot(students[1], "live-student-phone-reveal")

    # explore on my own, then rejoin
    explorer = students[0]
    explorer.page.click("#live-banner [data-part='toggle']")
    explorer.page.wait_for_selector("#live-banner[data-following='false']")
    t.keyboard.press("ArrowRight")
    wait_until(lambda: seen(students[1]) == ("parabola", 4), what="a follower follows")
    explorer.page.wait_for_timeout(500)
    assert seen(explorer) == ("parabola", 3), "an explorer's page stays where it is"
    explorer.page.click("#live-banner [data-part='toggle']")
    wait_until(lambda: seen(explorer) == ("parabola", 4), what="rejoin jumps to the teacher's state")

    # play and pause, the race and the tour follow too
    follower = students[1]
    t.keyboard.press(" ")
    wait_until(lambda: follower.page.evaluate("() => window.gradplay.store.state.playing"), what="play follows")
    t.wait_for_timeout(700)
    t.keyboard.press(" ")
    wait_until(lambda: not follower.page.evaluate("() => window.gradplay.store.state.playing")
               and seen(follower) == seen(teacher), what="pause follows, at the teacher's step")
    assert seen(teacher)[1] > 4
    t.keyboard.press("o")
    wait_until(lambda: follower.page.evaluate("() => window.gradplay.store.state.race !== null"), what="the race follows")
    t.keyboard.press("o")
    t.keyboard.press("t")
    wait_until(lambda: follower.page.evaluate("() => window.gradplay.store.state.tour") == 0, what="the tour follows")
    t.keyboard.press("t")
    wait_until(lambda: follower.page.evaluate("() => window.gradplay.store.state.tour") is None, what="the tour closes")
    t.keyboard.press("1")

    # the presenter's projector (1024x768): the histogram, then the join screen again
    t.set_viewport_size({"width": 1024, "height": 768})
    t.keyboard.press("p")
    t.wait_for_selector("html[data-presenter]", state="attached")
    t.wait_for_timeout(400)
    screenshot(teacher, "live-presenter-histogram-xga")
    t.click("#live-panel [data-part='show']")
    t.wait_for_selector("#live-join[open]")
    screenshot(teacher, "live-presenter-join-xga")
    t.click("#live-join [data-part='close']")

    # a sign question: one tap
    t.select_option("#live-prompt", "x_change_sign")
    t.click("#live-panel [data-part='ask']")
    s = students[1].page
    s.wait_for_selector("#live-card[data-question] [data-part='sign'] button[data-value='-1']", timeout=TIMEOUT_MS)
    s.click("#live-card [data-part='sign'] button[data-value='-1']")
    t.wait_for_selector("#live-panel[data-answers='1']", timeout=TIMEOUT_MS)
    assert t.evaluate(BARS) == [1, 0, 0]
    screenshot(students[1], "live-student-phone-sign")


def test_a_wrong_code_says_so_and_the_page_stays_usable(watched, server):
    page = watched.page
    watched.allowed_errors.append("404")  # the browser logs the refused look-up itself
    page.goto(f"{server}/?class=AAAAAAA")
    page.wait_for_selector("#live-form:not([hidden])", timeout=TIMEOUT_MS)
    assert "no live class" in page.text_content("#live-form [data-part='status']")
    assert page.is_hidden("#live-banner")
    wait_ready(watched, "parabola")


def test_a_reload_keeps_the_teachers_class_and_ending_it_tells_the_students(classroom, server):
    teacher = classroom({"width": 1280, "height": 720})
    t = teacher.page
    t.goto(f"{server}/#lesson=parabola")
    t.wait_for_selector("html[data-classroom='ready']", state="attached", timeout=TIMEOUT_MS)
    t.click("#btn-classroom")
    t.click("#btn-live-start")
    t.wait_for_selector("#live-join[open]", timeout=TIMEOUT_MS)
    code = t.get_attribute("#live-join .live-code", "data-code")
    t.keyboard.press("Escape")
    t.wait_for_selector("#live-join:not([open])", state="attached")
    t.reload()
    t.wait_for_selector(f"#live-panel:not([hidden]) [data-code='{code}']", timeout=TIMEOUT_MS)
    assert "token" not in t.url and code not in t.url

    student = classroom(PHONE)
    student.page.goto(f"{server}/?class={code}")
    student.page.wait_for_selector("#live-banner[data-following='true']", timeout=TIMEOUT_MS)
    t.keyboard.press("2")  # the reloaded page still publishes with its token
    wait_until(lambda: seen(student)[0] == "not_gate", what="the student follows the reloaded teacher")
    t.click("#live-panel [data-part='end']")
    student.page.wait_for_selector("#live-banner:has-text('has ended')", timeout=TIMEOUT_MS)
    assert t.is_hidden("#live-panel")
    assert t.evaluate("() => sessionStorage.getItem('gradplay.liveTeacher')") is None
