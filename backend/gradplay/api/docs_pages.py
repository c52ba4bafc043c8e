"""/docs (Swagger UI) served offline, from files the `fastapi-offline` package ships.

FastAPI's own page loads its scripts from a CDN, which a classroom without internet
cannot reach; this is the same page with every file served by this server. (ReDoc is
left out: it draws a logo from its CDN.)
"""

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

FILES = Path(fastapi_offline.__file__).parent / "static"
PREFIX = "/vendor/docs"

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def read_swagger(request: Request) -> HTMLResponse:
    """The interactive API reference."""
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title="gradplay API",
                               swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
                               swagger_css_url=f"{PREFIX}/swagger-ui.css",
                               swagger_favicon_url=f"{PREFIX}/favicon.png")


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(PREFIX, StaticFiles(directory=FILES), name="docs-files")
