"""The server goes away in the middle of a streamed run: the page says so in plain words and
offers Retry; once the server is back on the same port, Retry brings the run back.

This test owns its server (the session's shared one must stay up): a real uvicorn that it
stops while playback streams a 10 000-step run, then starts again on the same port.
"""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.conftest import ROOT, VIEWPORT, WATCH_CSP, Watched
from tests.live_server import free_port
from tests.browser.pages import TIMEOUT_MS, readout_step, screenshot, wait_until

# long enough that the stream is still under way when the server is killed, however fast the machine:
# 10 000 epochs of the classify lesson, each record with a 200×200 decision boundary (~10 ms apiece)
LONG_RUN = "#lesson=classify&steps=10000&grid=200&speed=50"


class Server:
    """gradplay under uvicorn on a fixed port, which can be stopped and started again."""

    def __init__(self):
        self.port, self.proc = free_port(), None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")])}
        self.proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "gradplay.api.app:create_app",
                                      "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
                                     env=env)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/api/health", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("the server did not start")
                time.sleep(0.1)

    def stop(self) -> None:
        self.proc.kill()  # gone at once, mid-stream, as when a machine or a container dies
        self.proc.wait(10)


@pytest.fixture
def server_to_lose(browser):
    server = Server()
    server.start()
    yield server
    if server.proc.poll() is None:
        server.stop()


def test_server_lost_mid_run_shows_a_plain_message_and_retry_brings_the_run_back(browser, server_to_lose):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    w = Watched(page, server_to_lose.url)
    # the browser itself logs each refused connection; those are the point of this test
    w.allowed_errors += ["net::ERR_CONNECTION_REFUSED", "net::ERR_INCOMPLETE_CHUNKED_ENCODING",
                         "net::ERR_EMPTY_RESPONSE", "Failed to load resource"]
    try:
        page.goto(f"{server_to_lose.url}/{LONG_RUN}")
        page.wait_for_selector("#lesson-classify[data-ready='stream'][data-complete='false']", timeout=TIMEOUT_MS)
        page.click("#btn-play")
        wait_until(lambda: readout_step(w) >= 2, what="playback under way")

        server_to_lose.stop()
        page.wait_for_selector("#banner[data-kind='failure']", timeout=TIMEOUT_MS)
        banner = page.inner_text("#banner")
        assert "The server is not answering" in banner and "Press Retry" in banner
        assert "Error" not in banner and "fetch" not in banner.lower()  # plain words, no exception text
        assert page.is_visible("#btn-retry")
        screenshot(w, "server-lost")

        server_to_lose.start()  # back on the same port
        page.click("#btn-retry")
        wait_until(lambda: page.get_attribute("#banner", "data-kind") != "failure" or page.is_hidden("#banner"),
                   what="the failure message gone")
        assert page.is_hidden("#btn-retry")
        page.wait_for_selector("#lesson-classify[data-ready='stream']", timeout=TIMEOUT_MS)
        wait_until(lambda: page.evaluate("window.gradplay.store.state.data.classify.records.length") > 3,
                   what="records streaming again")
        assert w.outside == []
        assert w.unexpected_errors() == [], w.unexpected_errors()
    finally:
        context.close()
