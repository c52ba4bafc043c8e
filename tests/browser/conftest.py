"""Browser-test fixtures: the real app under uvicorn on a free port, Debian's headless chromium,
and a page that fails its test on any console error, CSP violation or request off the server.

Where chromium (or Playwright) is missing the tests skip, unless CI=true: then they fail.
`playwright install` is never needed: the browser is the system's /usr/bin/chromium.
"""

import os
from pathlib import Path

import pytest

from tests.live_server import live_server

CHROMIUM = os.environ.get("GRADPLAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 720}
# Chrome logs every CSP refusal itself; the page's listener below reports the rest.
WATCH_CSP = """document.addEventListener('securitypolicyviolation',
  (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"""


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(browser) -> str:
    """`gradplay.api.app:create_app` under a real uvicorn process; yields its base URL."""
    with live_server() as url:
        yield url


class Watched:
    """A page plus what it did wrong: console errors, page errors, requests off the server."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.allowed_errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base + "/"):
            return route.continue_()
        self.outside.append(url)
        return route.abort()

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(a in e for a in self.allowed_errors)]


@pytest.fixture
def watched(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    w = Watched(page, server)
    yield w
    context.close()
    assert w.outside == [], f"requests off the server: {w.outside}"
    assert w.unexpected_errors() == [], f"console errors or CSP violations: {w.unexpected_errors()}"


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
