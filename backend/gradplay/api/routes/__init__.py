"""The API's routes, one module per group, all mounted under /api by `router`."""

from fastapi import APIRouter

from gradplay.api.routes import datasets, graph, meta, notebook, plots, runs, sweeps

router = APIRouter(prefix="/api")
for module in (meta, runs, notebook, sweeps, plots, graph, datasets):
    router.include_router(module.router)
