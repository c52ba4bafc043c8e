"""What the server is and offers: health, the lessons, the optimizers, the limits."""

import os
import socket

import torch
from fastapi import APIRouter, Depends

import gradplay
from gradplay.api.deps import Context, context
from gradplay.api.results import Health, Limits, OptimizerInfo, ProblemInfo

router = APIRouter(tags=["about"])
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"  # a container's host name is its id: unique per replica


@router.get("/health", response_model=Health)
async def read_health(ctx: Context = Depends(context)) -> dict:
    """The server is up: versions, how many computations are active, running and waiting, and this
    process's answer cache (hits, misses, entries, bytes)."""
    return {"status": "ok", "version": gradplay.__version__, "torch": torch.__version__, **ctx.gate.counters(),
            "instance": INSTANCE, "cache": ctx.cache.counters()}


@router.get("/problems", response_model=list[ProblemInfo])
async def list_problems(ctx: Context = Depends(context)) -> list[dict]:
    """The lessons: defaults (a full RunRequest), options with kind and bounds or choices, presets, race, landscape."""
    return ctx.catalog["problems"]


@router.get("/optimizers", response_model=list[OptimizerInfo])
async def list_optimizers(ctx: Context = Depends(context)) -> list[dict]:
    """The optimizers: each one's label, and hyperparameters with defaults, bounds and help."""
    return ctx.catalog["optimizers"]


@router.get("/limits", response_model=Limits)
async def read_limits(ctx: Context = Depends(context)) -> dict:
    """What the page checks before it asks: the largest lr, steps, function length, sweep sizes."""
    return ctx.catalog["limits"]
