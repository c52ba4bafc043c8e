"""What the routes ask of a live class besides storage: codes, tokens, the join URL, the limits.

Testable without HTTP: `Classes(settings)` with the embedded store, or a RedisStore.
"""

from gradplay.api.classes import codes, model
from gradplay.api.gate import Gate
from gradplay.api.jobs import make_spec
from gradplay.api.schemas import RunRequest
from gradplay.engine import RunSpec, run_all
from gradplay.api.classes.limiter import MissLimiter
from gradplay.api.classes.store import Limits, MemoryStore, Store, not_found, open_question
from gradplay.api.classes.model import ClassError
from gradplay.api.settings import Settings

NEEDS_REDIS = ("live classes need Redis when the server runs several worker processes: set "
               "GRADPLAY_REDIS_URL (e.g. redis://localhost:6379/0), or serve with --workers 1")


def make_store(settings: Settings) -> Store:
    limits = Limits(settings.max_students, settings.max_classes, settings.class_idle_s,
                    settings.max_class_state_bytes)
    if settings.redis_url:
        from gradplay.api.classes.redis_store import RedisStore  # redis is only imported when used
        return RedisStore(settings.redis_url, limits, settings.class_ping_s)
    return MemoryStore(limits)


class Classes:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = make_store(settings) if store is None else store
        self.limiter = MissLimiter(settings.class_misses_per_minute)

    def check_available(self) -> None:
        """Several workers without Redis: each would hold its own classes, and a student's requests
        reach any of them, so the class endpoints refuse plainly (503) instead of losing students."""
        if self.settings.workers > 1 and not self.settings.redis_url:
            raise ClassError(503, NEEDS_REDIS)

    async def lookup(self, code: str, address: str) -> str:
        wait = self.limiter.retry_after(address)
        if wait is not None:
            raise ClassError(429, f"too many wrong class codes from this device; wait {wait} s and check the code",
                             retry_after_s=wait)
        normal = codes.normalize(code)
        if normal is None or await self.store.token_hash(normal) is None:
            self.limiter.miss(address)
            raise not_found(code if normal is None else normal)
        return normal

    async def authorize(self, code: str, address: str, authorization: str | None) -> str:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ClassError(401, "this needs the class's teacher token: send the header "
                                  "Authorization: Bearer <token> (the token POST /api/classes returned)")
        normal = await self.lookup(code, address)
        if not codes.token_matches(token.strip(), await self.store.token_hash(normal) or ""):
            raise ClassError(403, f"this token is not the teacher token of class {normal}")
        return normal

    def join_url(self, code: str, base_url: str) -> str:
        base = (self.settings.public_url or base_url).rstrip("/")
        return f"{base}/?class={code}"

    async def create(self, base_url: str) -> dict:
        token = codes.new_token()
        for _ in range(20):  # a taken code is rare (≤ 1000 of 1.3e9); try another
            code = codes.new_code()
            if await self.store.create(code, codes.token_hash(token)):
                break
        else:
            raise ClassError(503, "could not find a free class code; try again", retry_after_s=1)
        return {"code": code, "join_url": self.join_url(code, base_url), "token": token,
                "expires_in": round(self.settings.class_idle_s), "qr_url": f"/api/classes/{code}/qr.svg",
                "events_url": f"/api/classes/{code}/events"}

    async def publish_state(self, code: str, state: object) -> int:
        return await self.store.publish_state(code, model.check_state(state, self.settings.max_class_state_bytes))

    async def reveal(self, code: str, qid: int, value: float | None, run: RunRequest | None, gate: Gate) -> dict:
        """Reveal with the teacher's value, or compute it here: `run` is the run on screen, its `steps`
        the step shown; the engine runs one more step and the question's prompt picks the value."""
        if run is not None:
            info = await self.store.info(code)
            question = open_question(info and info["question"], bool(info and info["question"]
                                                                     and info["question"]["revealed"]), qid)
            shown = run.steps if run.steps is not None else 0
            spec = make_spec(run.model_copy(update={"steps": shown + 1}), self.settings)
            records = await gate.compute(_records, spec, self.settings.run_budget_s)
            value = model.true_value(question["prompt"], records, shown)
        return await self.store.reveal(code, qid, value)


def _records(spec: RunSpec, budget_s: float) -> list[dict]:
    """In a worker thread (through the gate): the run's records, as plain data."""
    return run_all(spec, budget_s=budget_s)["records"]
