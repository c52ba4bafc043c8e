"""The page names every module it needs before its first chart as a modulepreload (index.html's own links,
and one the server adds for every lesson module, so a new lesson needs no line there).

Without the link a module is only found once the module importing it has arrived: each level of
imports costs the page a round trip before main.js can run (on a repeat visit, ~100 ms of the
first-chart time). Modules imported with import() after the first chart need no link.
"""

import re
from pathlib import Path

from gradplay.api.page import Page

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}/[^'"]+)['"]""", re.M)


def static_imports(entry: str) -> set[str]:
    """Every module `entry` reaches through static imports, as paths under frontend/."""
    seen, todo = set(), [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for spec in STATIC_IMPORT.findall((FRONTEND / path).read_text()):
            todo.append(((FRONTEND / path).parent / spec).resolve().relative_to(FRONTEND).as_posix())
    return seen


def served_preloads() -> set[str]:
    """The modulepreload links of the page as served, without the /v/<version>/ prefix."""
    html, _ = Page(FRONTEND).render()
    hrefs = re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)
    return {re.sub(r"^/v/[0-9a-f]+/", "", href).lstrip("/") for href in hrefs}


def test_the_server_preloads_every_lesson_module():
    lessons = {p.relative_to(FRONTEND).as_posix() for p in (FRONTEND / "js" / "lessons").glob("*.js")}
    assert {"js/lessons/index.js", "js/lessons/parabola.js"} <= lessons
    assert lessons <= served_preloads()


def test_every_module_before_the_first_chart_is_preloaded():
    html = (FRONTEND / "index.html").read_text()
    preloaded = served_preloads()
    entries = {src.lstrip("/") for src in re.findall(r'<script type="module"[^>]* src="([^"]+)"', html)}
    needed = set().union(*(static_imports(e) for e in entries)) - entries
    assert needed - preloaded == set(), "add <link rel=\"modulepreload\"> for these to index.html"


def test_plotly_is_fetched_at_high_priority():
    """Preloaded, not run on arrival (core/plotly.js runs it); without the hint it would wait behind the modules."""
    tag = re.search(r'<link[^>]*id="plotly-js"[^>]*>', (FRONTEND / "index.html").read_text()).group(0)
    assert 'rel="preload"' in tag and 'as="script"' in tag and 'fetchpriority="high"' in tag
