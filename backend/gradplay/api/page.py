"""The page, with its own files under versioned URLs: cached by the browser for good, and
fetched anew the moment anything in frontend/ changes.

index.html is served as written, except that the URLs of frontend/'s own files (`/js/main.js`,
`/style.css`) get the prefix `/v/<version>/`, where the version is a digest of every file's
name, size and modification time. Modules import each other by relative URLs, so the whole
module graph lives under the same prefix: a repeat visit takes all of it from the browser's
cache instead of asking the server about each of ~40 files before main.js may run. Any change
to any file changes the version, hence every URL, so a teacher's update still shows at once.
The plain URLs (`/js/main.js`) keep working, revalidated on each load.

The catalog (lessons, optimizers, limits: what /api/problems, /api/optimizers and /api/limits
answer) is inlined as `<script type="application/json" id="catalog">` just before `</head>`, so
the page builds its controls without waiting for a request. A JSON script is data, never run,
so the page's CSP (`script-src 'self'`) still holds; `</` is written `<\\/` so no string in it can
close the tag. The ETag covers it: a different catalog is a different page.

index.html's empty `<script type="application/json" id="opening">[]</script>` is filled with the
opening lesson's run and curve, requests and answers (opening.py), so the first chart waits for no
request either. The app answers them once per process, through its own routes.
"""

import hashlib
import json
import re
from pathlib import Path

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from gradplay.api import opening

OPENING = '<script type="application/json" id="opening">[]</script>'  # index.html's slot for opening.py's answers
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
URL_ATTRIBUTE = re.compile(r'\b((?:src|href)=")/([^"/][^"]*)"')


def catalog_tag(catalog: dict) -> str:
    """The catalog as an inert JSON script element; nothing in it can end the element early."""
    text = json.dumps(catalog, allow_nan=False, separators=(",", ":"), ensure_ascii=True)
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return f'<script type="application/json" id="catalog">{text}</script>'


class Page:
    """index.html with versioned URLs and the catalog inline; `version` is the one its last rendering used."""

    def __init__(self, folder: Path, catalog: dict | None = None):
        self.folder = folder
        self.catalog = "" if catalog is None else catalog_tag(catalog)
        self.wanted = [] if catalog is None else opening.requests(catalog)
        self.opening = None  # the filled OPENING slot once the app has answered ("": it refused them for good)
        self.version = self.digest()

    def digest(self) -> str:
        h = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            stat = path.stat()
            h.update(f"{path.relative_to(self.folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return h.hexdigest()[:16]

    def render(self) -> tuple[str, str]:
        """(html, etag), read afresh: frontend/ may have changed since the last visit."""
        self.version = self.digest()
        own = {p.name for p in self.folder.iterdir()}

        def versioned(m: re.Match) -> str:
            first = m.group(2).split("/", 1)[0].split("?", 1)[0]
            return f'{m.group(1)}/v/{self.version}/{m.group(2)}"' if first in own else m.group(0)

        html = URL_ATTRIBUTE.sub(versioned, (self.folder / "index.html").read_text(encoding="utf-8"))
        html = _after_boot_preload(html, self.lesson_preloads())
        if self.opening:
            html = html.replace(OPENING, self.opening, 1)
        html = _before_head_end(html, self.catalog)
        return html, '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'

    def lesson_preloads(self) -> str:
        """A modulepreload link for every lesson module (js/lessons/*.js): the page opens on any of them,
        and a new lesson is one file there, with no line to add to index.html."""
        lessons = sorted((self.folder / "js" / "lessons").glob("*.js"))
        return "".join(f'<link rel="modulepreload" href="/v/{self.version}/js/lessons/{p.name}">\n' for p in lessons)

    async def response(self, request: Request) -> Response:
        html, etag = await anyio.to_thread.run_sync(self.render)
        if self.opening is None and self.wanted and OPENING in html:  # the page has the slot, not yet filled
            found = await opening.answers(request.app, self.wanted)
            if found is not None:  # None: a busy server; the page asks for them itself, this time
                self.opening = opening.opening_tag(found) if found else ""
                html, etag = await anyio.to_thread.run_sync(self.render)
        headers = {"Cache-Control": REVALIDATE, "ETag": etag}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return HTMLResponse(html, headers=headers)


def _after_boot_preload(html: str, tags: str) -> str:
    """`tags` right after boot.js's modulepreload: boot.js imports the lesson modules, and it must have them
    before main.js runs, or main.js asks for the opening data itself (at the end of <head> they came too late)."""
    m = re.search(r'<link rel="modulepreload" href="[^"]*/js/boot\.js">\n?', html)
    return html[:m.end()] + tags + html[m.end():] if m else _before_head_end(html, tags)


def _before_head_end(html: str, tag: str) -> str:
    """`tag` inserted just before the first `</head>` (at the very start if the page has none)."""
    at = html.lower().find("</head>")
    return tag + html if at < 0 else html[:at] + tag + html[at:]


class VersionedFiles(StaticFiles):
    """frontend/ under /v/<version>/: cached for good when <version> is the page's current one."""

    def __init__(self, page: Page):
        super().__init__(directory=page.folder)
        self.page = page

    def file_response(self, full_path, stat_result, scope, status_code=200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        current = scope.get("path_params", {}).get("version") == self.page.version
        response.headers["Cache-Control"] = IMMUTABLE if current else REVALIDATE
        return response


def routes(folder: Path, catalog: dict | None = None) -> list[BaseRoute]:
    """`/` and `/index.html` (the page, with `catalog` inline), and `/v/<version>/...` (its files),
    for frontend/ at `folder`."""
    page = Page(folder, catalog)
    return [Route("/", page.response, methods=["GET", "HEAD"], include_in_schema=False),
            Route("/index.html", page.response, methods=["GET", "HEAD"], include_in_schema=False),
            Mount("/v/{version}", app=VersionedFiles(page), name="frontend-versioned")]
