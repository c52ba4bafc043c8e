"""Wrong join codes, counted per client address: past the limit, code look-ups answer 429.

A fixed window per address: `per_minute` wrong codes in a minute, then every look-up by a
code from that address answers 429 with `Retry-After` until the minute is over. Valid codes
do not count, so a classroom behind one school NAT is only held up by its typos (20 a
minute by default), while guessing a 7-character code takes ~1e9 tries.

The client address is the one uvicorn reports: behind nginx, uvicorn takes it from
X-Forwarded-For when the proxy is trusted (`--forwarded-allow-ips`, FORWARDED_ALLOW_IPS).
Counts are per process; with several replicas a guesser gets the limit once per replica.
"""

import math
import time
from typing import Callable

WINDOW_S = 60.0
MAX_TRACKED = 10_000  # addresses remembered at once; older windows are forgotten first


class MissLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self.windows: dict[str, tuple[float, int]] = {}

    def retry_after(self, address: str) -> int | None:
        """Seconds this address must wait before looking up a code, or None if it may now."""
        started, misses = self.windows.get(address, (0.0, 0))
        left = started + WINDOW_S - self.clock()
        if misses >= self.per_minute and left > 0:
            return max(1, math.ceil(left))
        return None

    def miss(self, address: str) -> None:
        now = self.clock()
        started, misses = self.windows.get(address, (now, 0))
        if now - started >= WINDOW_S:
            started, misses = now, 0
        if len(self.windows) >= MAX_TRACKED and address not in self.windows:
            self.windows = {a: w for a, w in self.windows.items() if now - w[0] < WINDOW_S}
            if len(self.windows) >= MAX_TRACKED:
                self.windows.pop(next(iter(self.windows)))
        self.windows[address] = (started, misses + 1)
