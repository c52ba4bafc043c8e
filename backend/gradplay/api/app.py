"""The app factory: `create_app(settings)` wires settings, gate, guards, routes and the page.

uvicorn runs it as a factory (`gradplay.api.app:create_app`), so each worker process
builds its own app from the same environment. torch is told to use one thread per
computation here, once: the gate runs one computation per core instead.
"""

import torch
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

import gradplay
from gradplay.api import classes, docs_pages, errors, openapi_doc, runtime, static
from gradplay.api.cache import AnswerCache
from gradplay.api.deps import Context
from gradplay.api.encoding import SafeJSONResponse
from gradplay.api.fastpath import RunsFastPath
from gradplay.api.gate import Gate
from gradplay.api.guards import BodyGuard, HostGuard, SecurityHeaders
from gradplay.api.jobs import catalog
from gradplay.api.routes import router
from gradplay.api.settings import Settings
from gradplay.engine import limits

DESCRIPTION = f"""A gradient-descent playground backed by real PyTorch.

Every number is computed by torch. Invalid input answers **422** with `{{"detail": "<what to change>"}}`;
a busy server answers **503** with `Retry-After`. Numbers that are not finite are `null`.
Limits (GET /api/limits): steps <= {limits.MAX_STEPS:,}, lr in (0, {limits.MAX_LR:g}], sweeps <= {limits.MAX_LRS}
learning rates and {limits.MAX_SWEEP_NUMBERS:,} numbers, request bodies <= {limits.MAX_BODY_BYTES // 1024} KiB
(larger ones answer 422), each run <= its time budget (status `timed_out`).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = Settings.from_env() if settings is None else settings
    torch.set_num_threads(1)
    app = FastAPI(title="gradplay", version=gradplay.__version__, description=DESCRIPTION,
                  default_response_class=SafeJSONResponse, docs_url=None, redoc_url=None)
    app.state.context = Context(settings, Gate(settings.max_concurrent, settings.max_waiting,
                                               settings.retry_after_s), catalog(settings),
                                AnswerCache(settings.cache_bytes))
    errors.install(app)
    app.include_router(router)
    classes.install(app, settings)  # live classes: /api/classes
    docs_pages.mount(app)
    openapi_doc.install(app)
    static.mount(app, settings.frontend_dir, app.state.context.catalog)
    # added last = outermost: headers on every answer, then Host, then the body checks, then the busiest route
    app.add_middleware(RunsFastPath)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["content-type"])
    app.add_middleware(HostGuard, hosts=settings.hosts)
    app.add_middleware(SecurityHeaders)
    runtime.tune()
    return app
