"""The page and its one library: frontend/ at /, plotly.js in two builds, both served from here.

No CDN: classrooms are often offline.
- The page loads plotly.js's *cartesian* build (vendor/plotly-cartesian.min.js, 1.5 MB: scatter,
  contour, heatmap, bar and the like, all the page draws). The full build from the `plotly`
  package is 4.8 MB, and parsing and starting it alone took longer than the page's budget for
  its first chart (1.1 s against 1.0 s cold, benchmarks/page_bench.py); the cartesian one takes
  0.6 s. vendor/README.md says where the file comes from and how to update it.
- The full build, from the installed `plotly` package, stays at its versioned URL and at
  `/vendor/plotly.min.js`, for scripts and pages that want every trace type; the page falls
  back to it if the cartesian build cannot be loaded.
Versioned URLs are cached for a year (they change when the version does); the fixed name is
revalidated on each load. Each file is gzipped once, in a worker thread, the first time a
browser asks for it.
"""

import gzip
import hashlib
import re
from pathlib import Path

import anyio.to_thread
import plotly
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match, Mount
from starlette.types import Scope
from plotly.offline import get_plotlyjs_version

from gradplay.api import page

PLOTLY_FILE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_VERSION = get_plotlyjs_version()
PLOTLY_URL = f"/vendor/plotly-{PLOTLY_VERSION}.min.js"
CARTESIAN_FILE = Path(__file__).parent / "vendor" / "plotly-cartesian.min.js"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # the browser keeps a copy but asks (ETag) before using it


class Vendored:
    """One file kept in memory, plain and gzipped, with its ETag."""

    def __init__(self, path: Path):
        self.path, self._plain, self._gzipped = path, None, None

    async def body(self, gzipped: bool) -> bytes:
        if self._plain is None:
            self._plain = await anyio.to_thread.run_sync(self.path.read_bytes)
            self.etag = '"' + hashlib.sha256(self._plain).hexdigest()[:32] + '"'
        if gzipped and self._gzipped is None:
            self._gzipped = await anyio.to_thread.run_sync(gzip.compress, self._plain, 6)
        return self._gzipped if gzipped else self._plain

    async def response(self, request: Request, cache_control: str) -> Response:
        gzipped = "gzip" in request.headers.get("accept-encoding", "")
        body = await self.body(gzipped)
        headers = {"Cache-Control": cache_control, "ETag": self.etag, "Vary": "Accept-Encoding"}
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


def bundle_version(path: Path) -> str:
    """The version in a plotly.js bundle's banner (`* plotly.js (cartesian - minified) v4.1.1`)."""
    with path.open(encoding="utf-8") as f:
        banner = f.read(200)
    match = re.search(r"plotly\.js\b[^\n]*? v(\d+\.\d+\.\d+\S*)", banner)
    if match is None:
        raise RuntimeError(f"{path} does not start with a plotly.js banner naming its version")
    return match.group(1)


CARTESIAN_VERSION = bundle_version(CARTESIAN_FILE)
CARTESIAN_URL = f"/vendor/plotly-cartesian-{CARTESIAN_VERSION}.min.js"

router = APIRouter(include_in_schema=False)
plotly_js = Vendored(PLOTLY_FILE)
cartesian_js = Vendored(CARTESIAN_FILE)


@router.get(CARTESIAN_URL)
async def read_plotly_cartesian(request: Request) -> Response:
    """plotly.js's cartesian build, the page's, cached for a year."""
    return await cartesian_js.response(request, IMMUTABLE)


@router.get(PLOTLY_URL)
async def read_plotly_versioned(request: Request) -> Response:
    """plotly.js, cached for a year: the URL changes when the version does."""
    return await plotly_js.response(request, IMMUTABLE)


@router.get("/vendor/plotly.min.js")
async def read_plotly(request: Request) -> Response:
    """plotly.js under a fixed name, revalidated on each load."""
    return await plotly_js.response(request, REVALIDATE)


class Frontend(StaticFiles):
    """frontend/ as files, revalidated on each load so a teacher's update shows at once."""

    def file_response(self, *args, **kwargs) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.setdefault("Cache-Control", REVALIDATE)
        return response


class PageMount(Mount):
    """Mounted at / but blind to /api, so a wrong method on an API path is a 405, not a missing file."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get("path", "").startswith("/api/"):
            return Match.NONE, {}
        return super().matches(scope)


def mount(app: FastAPI, frontend_dir: Path, catalog: dict | None = None) -> None:
    """Add the vendor routes, the page with versioned URLs and the catalog inline (page.py), then
    frontend/ at / (last: every other route wins over it)."""
    app.include_router(router)
    if frontend_dir.is_dir():
        app.router.routes.extend(page.routes(frontend_dir, catalog))
        app.router.routes.append(PageMount("/", app=Frontend(directory=frontend_dir, html=True), name="frontend"))
