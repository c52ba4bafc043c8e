"""What the page's first chart needs, answered inside the page: the opening lesson's run and its curve.

A page opened without a hash shows the catalog's first lesson at its page defaults, and its first
chart needs that run's records and the curve they are drawn on (frontend/js/core/requests.js,
`openingRequests`). Asked for by the page, they cost a round trip after its modules have loaded.
The server knows the same defaults, so it asks itself, once per process, through the app (the same
validation, cache and bytes as POST /api/runs and /api/curve), and page.py inlines the requests
with their answers as `<script type="application/json" id="opening">[[path, body, answer], ...]`.

`requests()` mirrors requests.js for that one case. The page takes an inlined answer only for a
request equal to one it would send (core/api.js), so if the two ever disagree the page asks the
server as before: slower, never wrong (tests/browser/test_first_chart.py catches it).
"""

import json

import httpx

CURVE_POINTS = 401  # requests.js: CURVE_POINTS
DEFAULT_RANGE = (-10.0, 10.0)  # requests.js: DEFAULT_RANGE, for a function no preset describes
STREAM_AFTER_STEPS = 500  # requests.js: longer runs stream (and are not inlined)


def lesson_settings(problem: dict, optimizers: list[dict]) -> dict:
    """catalog.js `lessonDefaults`: the seed's settings overlaid with the page's, hyperparameters at torch's defaults left out."""
    page = problem.get("page_defaults") or {}
    merged = {**problem["defaults"], **page, "options": {**problem["defaults"]["options"], **page.get("options", {})}}
    torch = next((o["hyperparameters"] for o in optimizers if o["id"] == merged["optimizer"]), {})
    hyper = {n: v for n, v in (merged.get("hyper") or {}).items() if torch.get(n) != v}
    return {"optimizer": merged["optimizer"], "lr": merged["lr"], "steps": merged["steps"], "hyper": hyper,
            "options": dict(merged["options"])}


def run_request(lesson: str, s: dict) -> dict:
    """state.js `runRequest`."""
    hyper = {"hyper": dict(s["hyper"])} if s["hyper"] else {}
    return {"problem": lesson, "optimizer": s["optimizer"], "lr": s["lr"], "steps": s["steps"], **hyper,
            "options": dict(s["options"])}


def curve_body(problem: dict, function: str, x0: float) -> dict:
    """requests.js `curveBody`: the preset's x range (or the default), widened to show the start, within x0's bounds."""
    preset = next((p for p in problem.get("presets", []) if p["options"].get("function") == function.strip()), None)
    a, b = (preset or {}).get("range", {}).get("x") or DEFAULT_RANGE
    lo, hi = (problem["options"].get("x0") or {}).get("bounds") or (float("-inf"), float("inf"))
    margin = 0.1 * (b - a)
    return {"function": function, "x_min": max(lo, min(a, x0 - margin)), "x_max": min(hi, max(b, x0 + margin)),
            "n": CURVE_POINTS}


def requests(catalog: dict) -> list[tuple[str, dict]]:
    """[(path, body)] the page sends first when it opens on the catalog's first lesson: its run (unless it
    streams) and, for a lesson with a typed function, the curve."""
    if not catalog.get("problems"):
        return []
    problem = catalog["problems"][0]
    s = lesson_settings(problem, catalog["optimizers"])
    out = [] if s["steps"] > STREAM_AFTER_STEPS else [("/api/runs", run_request(problem["id"], s))]
    options = s["options"]
    if isinstance(options.get("function"), str) and isinstance(options.get("x0"), (int, float)):
        out.append(("/api/curve", curve_body(problem, options["function"], float(options["x0"]))))
    return out


async def answers(app, wanted: list[tuple[str, dict]]) -> list[tuple[str, dict, bytes]] | None:
    """Each request's answer from the app itself (as `localhost`, a Host it always accepts); None if the
    server is busy (503: ask again next time), [] if it refuses one for good (its limits forbid the defaults)."""
    transport = httpx.ASGITransport(app=app)
    out = []
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        for path, body in wanted:
            response = await client.post(path, json=body)
            if response.status_code != 200:
                return None if response.status_code == 503 else []
            out.append((path, body, response.content))
    return out


def opening_tag(items: list[tuple[str, dict, bytes]]) -> str:
    """The answers as an inert JSON script element: `[[path, body, answer], ...]`; nothing in it can end it early."""
    parts = [f"[{json.dumps(path)},{json.dumps(body, separators=(',', ':'))},{answer.decode()}]"
             for path, body, answer in items]
    text = "[" + ",".join(parts) + "]"
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return f'<script type="application/json" id="opening">{text}</script>'
