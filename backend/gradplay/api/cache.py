"""Deterministic answers, kept: a bounded LRU keyed by the canonical request, and ETags from the same key.

Every run, sweep, landscape, curve, script, notebook and graph is a pure function of its
request once every default is filled in (the engine's validated `RunSpec`, a request model's
`model_dump()`), so that request, serialised with sorted keys, is the cache key. Equal
requests written differently (`lr: 1` and `lr: 1.0`, keys in another order, a default
spelled out or left out) share one key.

The `ETag` is a digest of the key and of the gradplay and torch versions (another torch may
round differently), so it is known before anything is computed: an `If-None-Match` that
names it is answered 304 at once, whether or not this process holds the answer.

Each process keeps its own cache, counted in bytes of the stored answers
(`Settings.cache_bytes`, 0 disables it). Answers that are not deterministic (a run that hit
its time budget) are neither stored nor tagged. Routes touch the cache from the event loop;
a lock makes it safe from a worker thread too.
"""

import asyncio
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

import torch
from starlette.requests import Request
from starlette.responses import Response

import gradplay
from gradplay.api.encoding import dumps
from gradplay.api.gate import Gate

VERSIONS = f"gradplay {gradplay.__version__}; torch {torch.__version__}"
JSON = "application/json"
SSE = "text/event-stream"


def key(kind: str, canonical: object) -> str:
    """The cache key of a request of `kind` ('run', 'sweep', ...): its canonical JSON."""
    return kind + " " + json.dumps(canonical, sort_keys=True, separators=(",", ":"), allow_nan=False)


def etag(cache_key: str, representation: str = "") -> str:
    """A strong ETag for one representation (JSON, SSE) of the answer to `cache_key`."""
    digest = hashlib.blake2b(f"{VERSIONS}\n{representation}\n{cache_key}".encode(), digest_size=16).hexdigest()
    return f'"{digest}"'


def not_modified(if_none_match: str | None, tag: str) -> bool:
    """True when an If-None-Match header names `tag` (or is `*`); weak tags compare by their value."""
    if not if_none_match:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or tag in (t[2:] if t.startswith("W/") else t for t in tags)


@dataclass(frozen=True)
class Answer:
    """A computed answer as its encoded body; `deterministic` False keeps it out of the cache."""

    body: bytes
    media_type: str = JSON
    headers: tuple[tuple[str, str], ...] = ()
    deterministic: bool = True

    @property
    def size(self) -> int:
        return len(self.body)

    def response(self, tag: str | None) -> Response:
        headers = dict(self.headers)
        if tag is not None and self.deterministic:
            headers["ETag"] = tag
        return Response(self.body, media_type=self.media_type, headers=headers)


def run_json(request: bytes, records: list[bytes], summary: bytes) -> bytes:
    """A RunResult from its encoded parts: byte for byte what encoding the whole dict at once gives."""
    return b"".join((b'{"request":', request, b',"records":[', b",".join(records), b'],"summary":', summary, b"}"))


def run_sse(records: list[bytes], summary: bytes) -> bytes:
    """A whole stream from its encoded parts: one `record` event per record, then the `summary` event."""
    return b"".join([*(b"event: record\ndata: " + r + b"\n\n" for r in records),
                     b"event: summary\ndata: " + summary + b"\n\n"])


def sse_of_json(body: bytes) -> bytes:
    """The stream of a run the cache holds as a RunResult (in a worker thread: a large run takes a while).
    Runs are encoded whole, once (encoding each record on its own would cost every run twice as much)."""
    result = json.loads(body)
    return run_sse([dumps(r) for r in result["records"]], dumps(result["summary"]))


def sse_key(cache_key: str) -> str:
    """Where a run's stream is kept, next to its RunResult."""
    return "sse " + cache_key


class AnswerCache:
    """A least-recently-used map of key -> answer, at most `max_bytes` of answers in all."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.hits = self.misses = self.bytes = self.shared = 0
        self._items: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()
        # key -> the answer an identical request is computing now (touched on the event loop only)
        self.under_way: dict[str, asyncio.Future] = {}

    def get(self, *keys: str) -> Answer | None:
        """The answer under the first of `keys` held (one hit), or None (one miss)."""
        with self._lock:
            for cache_key in keys:
                found = self._items.get(cache_key)
                if found is not None:
                    self._items.move_to_end(cache_key)
                    self.hits += 1
                    return found
            self.misses += 1
            return None

    def put(self, cache_key: str, answer: Answer) -> None:
        """Keep `answer` (if deterministic and no larger than the whole cache), evicting the oldest."""
        if not answer.deterministic or answer.size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(cache_key, None)
            if old is not None:
                self.bytes -= old.size
            self._items[cache_key] = answer
            self.bytes += answer.size
            while self.bytes > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self.bytes -= evicted.size

    def __len__(self) -> int:
        return len(self._items)

    def counters(self) -> dict[str, int]:
        with self._lock:
            return {"hits": self.hits, "misses": self.misses, "shared": self.shared, "entries": len(self._items),
                    "bytes": self.bytes, "max_bytes": self.max_bytes}


async def answer(request: Request, cache: AnswerCache, gate: Gate, cache_key: str, compute: Callable[..., object],
                 *args, media_type: str = JSON, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    """The answer to a deterministic request: 304 if the client holds it, else from the cache, else
    computed through the gate (`compute(*args)` in a worker thread: bytes, text, or an answer) and kept."""
    tag = etag(cache_key)
    if not_modified(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    if not cache.max_bytes:
        return _as_answer(await gate.compute(compute, *args), media_type, headers).response(tag)
    found = cache.get(cache_key)
    while found is None:
        under_way = cache.under_way.get(cache_key)
        if under_way is None:
            found = await _compute_and_keep(cache, cache_key, gate, compute, args, media_type, headers)
        else:  # a class pressing the same button at once: one computation answers them all
            try:
                found = await asyncio.shield(under_way)
                cache.shared += 1
            except _Abandoned:
                pass  # its client left before it started: compute it here (loop again)
    return found.response(tag)


class _Abandoned(Exception):
    """The request computing an answer was cancelled (its client left): those waiting on it compute it."""


def _as_answer(found: object, media_type: str, headers: tuple[tuple[str, str], ...]) -> Answer:
    if isinstance(found, str):
        found = found.encode()
    return Answer(found, media_type, headers) if isinstance(found, bytes) else found


async def _compute_and_keep(cache: AnswerCache, cache_key: str, gate: Gate, compute: Callable[..., object],
                            args: tuple, media_type: str, headers: tuple[tuple[str, str], ...]) -> Answer:
    """Compute through the gate, keep the answer, and hand it (or the refusal) to identical requests waiting."""
    future = asyncio.get_running_loop().create_future()
    cache.under_way[cache_key] = future
    try:
        found = _as_answer(await gate.compute(compute, *args), media_type, headers)
    except BaseException as exc:
        # an InputError or a 503 answers the waiting requests as it answers this one; a cancellation does not
        future.set_exception(exc if isinstance(exc, Exception) else _Abandoned())
        future.exception()  # retrieved: no "never retrieved" warning when nobody waited
        raise
    finally:
        del cache.under_way[cache_key]
    cache.put(cache_key, found)
    future.set_result(found)
    return found
