"""The store over Redis (GRADPLAY_REDIS_URL): any worker or replica serves any student.

Each class is a handful of keys, all expiring together after `idle_s` without a teacher
action (the teacher's requests renew them):

    gradplay:c:{code}    hash: token hash, state, head (newest event id), qid, question, reveal
    gradplay:log:{code}  list: the newest 256 events ("id\\nkind\\ndata"), for Last-Event-ID replay
    gradplay:ans:{code}  hash: anonymous student id -> histogram bin, for the current question
    gradplay:cnt:{code}  hash: bin -> count
    gradplay:f:{code}    sorted set: follower -> deadline; a replica that dies stops renewing its own
    gradplay:classes     sorted set: code -> deadline, to count live classes

Every change is one Lua script, so it is atomic across replicas: it updates the class,
numbers the event, appends it to the log and PUBLISHes it on gradplay:ev:{code} in one step,
so event ids are in order and no answer can be counted twice or lost. Each process holds
one pub/sub connection (PSUBSCRIBE gradplay:ev:*) and hands events to its own followers
through hub.py, so a class with 200 followers costs one Redis message per event per replica.

A follower joins the hub before reading the class (so nothing published meanwhile is
missed) and skips live events it already got in the catch-up (by id). If the pub/sub
connection breaks, every follower of this process is dropped and reconnects with its
Last-Event-ID, catching up from the log.
"""

import asyncio
import json
import logging
import time
import uuid

import redis.asyncio as redis

from gradplay.api.classes import model
from gradplay.api.classes.hub import Follower, Hub
from gradplay.api.classes.model import ClassError, Event, Snapshot
from gradplay.api.classes.store import LOG_SIZE, Limits, Store, full, info_dict, not_found, open_question, too_many_classes
from gradplay.api.encoding import dumps

log = logging.getLogger("gradplay.classes")
PREFIX = "gradplay:"

# KEYS: class, log, ans, cnt, followers, classes; ARGV[1] channel, ARGV[2] idle ms, ARGV[3] code, ARGV[4] deadline
COMMON = f"""
local function emit(kind, data)
  local id = redis.call('HINCRBY', KEYS[1], 'head', 1)
  local wire = id .. '\\n' .. kind .. '\\n' .. data
  redis.call('RPUSH', KEYS[2], wire)
  redis.call('LTRIM', KEYS[2], -{LOG_SIZE}, -1)
  redis.call('PUBLISH', ARGV[1], wire)
  return id
end
local function touch()
  for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
  redis.call('ZADD', KEYS[6], ARGV[4], ARGV[3])
end
local function counts(bins)
  local out, n = {{}}, 0
  for i = 0, bins - 1 do
    local c = tonumber(redis.call('HGET', KEYS[4], tostring(i)) or '0')
    out[#out + 1] = c
    n = n + c
  end
  return table.concat(out, ','), n
end
if redis.call('EXISTS', KEYS[1]) == 0 and ARGV[5] ~= 'create' then return {{'missing'}} end
"""

CREATE = COMMON + """
if redis.call('EXISTS', KEYS[1]) == 1 then return {'taken'} end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', ARGV[6])
if redis.call('ZCARD', KEYS[6]) >= tonumber(ARGV[7]) then return {'too_many'} end
redis.call('HSET', KEYS[1], 'token', ARGV[8], 'head', 0, 'qid', 0, 'state', '{}')
touch()
return {'ok'}
"""

STATE = COMMON + """
redis.call('HSET', KEYS[1], 'state', ARGV[6])
local id = emit('state', ARGV[6])
touch()
return {'ok', id}
"""

ASK = COMMON + """
local qid = redis.call('HINCRBY', KEYS[1], 'qid', 1)
local data = '{"id":' .. qid .. ',' .. string.sub(ARGV[6], 2)
redis.call('HSET', KEYS[1], 'question', data)
redis.call('HDEL', KEYS[1], 'reveal')
redis.call('DEL', KEYS[3], KEYS[4])
emit('question', data)
touch()
return {'ok', data}
"""

# ARGV[6] qid, [7] student, [8] bin, [9] max students, [10] bins
ANSWER = COMMON + """
local current = redis.call('HGET', KEYS[1], 'qid')
if current ~= ARGV[6] then return {'not_current', current} end
if redis.call('HEXISTS', KEYS[1], 'reveal') == 1 then return {'revealed'} end
local old = redis.call('HGET', KEYS[3], ARGV[7])
if not old and redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[9]) then return {'full'} end
if old then redis.call('HINCRBY', KEYS[4], old, -1) end
redis.call('HSET', KEYS[3], ARGV[7], ARGV[8])
redis.call('HINCRBY', KEYS[4], ARGV[8], 1)
local ttl = redis.call('PTTL', KEYS[1])
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PEXPIRE', KEYS[4], ttl)
local list, n = counts(tonumber(ARGV[10]))
local data = '{"question":' .. ARGV[6] .. ',"counts":[' .. list .. '],"n":' .. n .. '}'
emit('answers', data)
return {'ok', data}
"""

# ARGV[6] qid, [7] value as JSON, [8] bins
REVEAL = COMMON + """
local current = redis.call('HGET', KEYS[1], 'qid')
if current ~= ARGV[6] then return {'not_current', current} end
if redis.call('HEXISTS', KEYS[1], 'reveal') == 1 then return {'revealed'} end
local list, n = counts(tonumber(ARGV[8]))
local data = '{"question":' .. ARGV[6] .. ',"counts":[' .. list .. '],"n":' .. n .. ',"value":' .. ARGV[7] .. '}'
redis.call('HSET', KEYS[1], 'reveal', data)
emit('reveal', data)
touch()
return {'ok', data}
"""

CLOSE = COMMON + """
emit('closed', '{"reason":"the teacher ended the class"}')
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[6], ARGV[3])
return {'ok'}
"""

# ARGV[6] now, [7] follower, [8] follower's deadline, [9] max students
JOIN = COMMON + """
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', ARGV[6])
if redis.call('ZCARD', KEYS[5]) >= tonumber(ARGV[9]) then return {'full'} end
redis.call('ZADD', KEYS[5], ARGV[8], ARGV[7])
redis.call('PEXPIRE', KEYS[5], redis.call('PTTL', KEYS[1]))
local c = redis.call('HMGET', KEYS[1], 'head', 'state', 'question', 'reveal')
return {'ok', c[1], c[2], c[3] or '', c[4] or '', redis.call('HGETALL', KEYS[4]), redis.call('LRANGE', KEYS[2], 0, -1)}
"""

# ARGV[6] follower, [7] deadline
ALIVE = COMMON + """
redis.call('ZADD', KEYS[5], ARGV[7], ARGV[6])
return {'ok'}
"""

INFO = COMMON + """
local c = redis.call('HMGET', KEYS[1], 'head', 'state', 'question', 'reveal')
local students = redis.call('ZCOUNT', KEYS[5], ARGV[6], '+inf')
return {'ok', c[1], c[2], c[3] or '', c[4] or '', redis.call('HGETALL', KEYS[4]), students, redis.call('PTTL', KEYS[1])}
"""


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisStore(Store):
    def __init__(self, url: str, limits: Limits, ping_s: float, prefix: str = PREFIX):
        self.url, self.limits, self.ping_s, self.prefix = url, limits, ping_s, prefix
        self.hub = Hub()
        self._client: redis.Redis | None = None
        self._listener: asyncio.Task | None = None
        self._listener_lock: asyncio.Lock | None = None  # made in the running loop, on first use
        self._scripts: dict = {}

    # -- plumbing ------------------------------------------------------------------------
    @property
    def client(self) -> redis.Redis:
        if self._client is None:
            # a blocking pool: a burst of students (200 joining at once) waits for one of 64 connections
            # instead of failing with "Too many connections"
            pool = redis.BlockingConnectionPool.from_url(self.url, max_connections=64, timeout=10,
                                                         health_check_interval=30)
            self._client = redis.Redis(connection_pool=pool, decode_responses=False)
            for name, text in (("create", CREATE), ("state", STATE), ("ask", ASK), ("answer", ANSWER),
                               ("reveal", REVEAL), ("close", CLOSE), ("join", JOIN), ("alive", ALIVE),
                               ("info", INFO)):
                self._scripts[name] = self._client.register_script(text)
        return self._client

    async def _run(self, name: str, code: str, *args) -> list:
        p = self.prefix
        keys = [f"{p}c:{code}", f"{p}log:{code}", f"{p}ans:{code}", f"{p}cnt:{code}", f"{p}f:{code}", f"{p}classes"]
        now = time.time()
        argv = [f"{p}ev:{code}", int(self.limits.idle_s * 1000), code, now + self.limits.idle_s, name, *args]
        try:
            self.client  # registers the scripts
            reply = await self._scripts[name](keys=keys, args=argv)
        except redis.RedisError as exc:
            log.warning("redis: %s", exc)
            raise ClassError(503, "live classes are unavailable: the server cannot reach its Redis "
                                  "(GRADPLAY_REDIS_URL); try again shortly", retry_after_s=2) from None
        status = _text(reply[0])
        if status == "missing":
            raise not_found(code)
        return [status, *reply[1:]]

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.done():
            return
        if self._listener_lock is None:
            self._listener_lock = asyncio.Lock()
        async with self._listener_lock:  # the first followers arrive together: one subscription for all
            if self._listener is None or self._listener.done():
                await self._subscribe()

    async def _subscribe(self) -> None:
        pubsub = self.client.pubsub()
        try:
            await pubsub.psubscribe(f"{self.prefix}ev:*")
            # wait for Redis to confirm, so events published from here on reach this process
            while (await pubsub.get_message(timeout=5)) is None:
                pass
        except redis.RedisError as exc:
            log.warning("redis: %s", exc)
            raise ClassError(503, "live classes are unavailable: the server cannot reach its Redis "
                                  "(GRADPLAY_REDIS_URL); try again shortly", retry_after_s=2) from None
        self._listener = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub) -> None:
        skip = len(f"{self.prefix}ev:")
        try:
            async for message in pubsub.listen():
                if message["type"] != "pmessage":
                    continue
                self.hub.publish(_text(message["channel"])[skip:], Event.from_wire(message["data"]))
        except (redis.RedisError, OSError) as exc:
            log.warning("redis pub/sub lost (%s): followers of this process reconnect", exc)
        finally:
            self.hub.drop_all()
            try:
                await pubsub.aclose()
            except Exception:  # the connection is already gone
                pass

    def _snapshot(self, head, state, question, reveal, flat_counts) -> Snapshot:
        q = json.loads(question) if question else None
        counts = None
        if q is not None:
            pairs = dict(zip(map(_text, flat_counts[::2]), map(int, flat_counts[1::2])))
            counts = [pairs.get(str(i), 0) for i in range(q["bins"])]
        return Snapshot(int(head), json.loads(state), q, counts, json.loads(reveal) if reveal else None)

    async def _question(self, code: str, qid: int) -> dict:
        c = self.client
        try:
            question, revealed = await c.hmget(f"{self.prefix}c:{code}", "question", "reveal")
        except redis.RedisError as exc:
            log.warning("redis: %s", exc)
            raise ClassError(503, "live classes are unavailable: the server cannot reach its Redis", retry_after_s=2)
        return open_question(json.loads(question) if question else None, revealed is not None, qid)

    def _refused(self, status: str, qid: int, reply: list) -> ClassError:
        if status == "revealed":
            return ClassError(409, f"question {qid} has been revealed; answers are closed")
        if status == "full":
            return ClassError(409, f"question {qid} already has answers from {self.limits.max_students} students, "
                                   "the class's limit")
        current = int(_text(reply[1])) if len(reply) > 1 and reply[1] is not None else 0
        return ClassError(409 if qid < current else 404, f"question {qid} is not the class's current question")

    # -- the interface -------------------------------------------------------------------
    async def create(self, code: str, token_hash: str) -> bool:
        status, *_ = await self._run("create", code, time.time(), self.limits.max_classes, token_hash)
        if status == "too_many":
            raise too_many_classes(self.limits)
        return status == "ok"

    async def token_hash(self, code: str) -> str | None:
        try:
            value = await self.client.hget(f"{self.prefix}c:{code}", "token")
        except redis.RedisError as exc:
            log.warning("redis: %s", exc)
            raise ClassError(503, "live classes are unavailable: the server cannot reach its Redis", retry_after_s=2)
        return None if value is None else _text(value)

    async def info(self, code: str) -> dict | None:
        try:
            _, head, state, question, reveal, flat, students, ttl = await self._run("info", code, time.time())
        except ClassError as exc:
            if exc.status == 404:
                return None
            raise
        snap = self._snapshot(head, state, question, reveal, flat)
        return info_dict(code, snap, int(students), self.limits, int(ttl) / 1000)

    async def publish_state(self, code: str, state: bytes) -> int:
        _, ident = await self._run("state", code, state)
        return int(ident)

    async def ask(self, code: str, prompt: str, kind: str | None, range_: list[float] | None) -> dict:
        question = model.make_question(0, prompt, kind, range_)
        body = dumps({k: v for k, v in question.items() if k != "id"})
        _, data = await self._run("ask", code, body)
        return json.loads(data)

    async def answer(self, code: str, qid: int, student: str, value: float) -> dict:
        question = await self._question(code, qid)
        slot = model.answer_bin(question, value)
        reply = await self._run("answer", code, qid, student, slot, self.limits.max_students, question["bins"])
        if reply[0] != "ok":
            raise self._refused(reply[0], qid, reply)
        return json.loads(reply[1])

    async def reveal(self, code: str, qid: int, value: float) -> dict:
        question = await self._question(code, qid)
        value = model.check_reveal(question, value)
        reply = await self._run("reveal", code, qid, json.dumps(value), question["bins"])
        if reply[0] != "ok":
            raise self._refused(reply[0], qid, reply)
        return json.loads(reply[1])

    async def close(self, code: str) -> None:
        await self._run("close", code)

    async def join(self, code: str, last_id: int | None) -> tuple[Follower, list[Event]]:
        await self._ensure_listener()
        follower = Follower(code)
        follower.id = uuid.uuid4().hex  # unique across replicas: the followers' set is shared
        self.hub.add(follower)  # before reading the class: nothing published from now on is missed
        try:
            now = time.time()
            reply = await self._run("join", code, now, follower.id, now + 3 * self.ping_s, self.limits.max_students)
            if reply[0] == "full":
                raise full(self.limits)
        except BaseException:
            self.hub.remove(follower)
            raise
        _, head, state, question, reveal, flat, logged = reply
        snap = self._snapshot(head, state, question, reveal, flat)
        return follower, model.initial_events(snap, [Event.from_wire(w) for w in logged], last_id)

    async def alive(self, follower: Follower) -> bool:
        try:
            await self._run("alive", follower.code, follower.id, time.time() + 3 * self.ping_s)
            return True
        except ClassError as exc:
            return exc.status != 404  # Redis unreachable for a moment is not the class ending

    async def leave(self, follower: Follower) -> None:
        self.hub.remove(follower)
        try:
            await self.client.zrem(f"{self.prefix}f:{follower.code}", follower.id)
        except redis.RedisError:
            pass  # its entry expires on its own

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        if self._client is not None:
            await self._client.aclose()
