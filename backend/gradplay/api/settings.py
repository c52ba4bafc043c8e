"""Every limit the server enforces, in one place, each overridable by env `GRADPLAY_*`.

`Settings.from_env()` reads `GRADPLAY_<FIELD NAME IN UPPER CASE>`; lists are comma-
separated. A value that cannot be read stops the server at start with a clear message,
rather than running with a limit nobody asked for.
"""

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

from gradplay.engine import limits

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# backend/gradplay/api/settings.py -> the repository root holds frontend/
DEFAULT_FRONTEND = Path(__file__).resolve().parents[3] / "frontend"


@dataclass(frozen=True)
class Settings:
    # Host headers accepted besides loopback; "*" accepts any (only behind a trusted proxy).
    allowed_hosts: tuple[str, ...] = ()
    # Origins allowed to call the API from another site's page; none by default.
    cors_origins: tuple[str, ...] = ()
    # The largest request a lesson needs is ~1 KiB; 64 KiB leaves room and caps parsing cost.
    max_body_bytes: int = limits.MAX_BODY_BYTES
    # engine/limits.py's caps (DESIGN.md's); may be lowered here, not raised (the schema documents them).
    max_steps: int = limits.MAX_STEPS
    max_sweep_lrs: int = limits.MAX_LRS
    # A sweep's numbers returned: lrs x (steps + 1) x (1 + scalar parameters).
    max_sweep_numbers: int = limits.MAX_SWEEP_NUMBERS
    # Wall-clock seconds a run may take before it ends with status `timed_out`.
    run_budget_s: float = 10.0
    # Computations at once in this process. One: a lesson's torch ops are so small that a
    # thread spends most of its time in Python, holding the GIL, so a second thread only adds
    # contention (measured: lower throughput, not higher). More cores: more worker processes.
    max_concurrent: int = 1
    # Steps waiting for a free core before new requests get 503 (>= 100 streams + slack).
    max_waiting: int = 256
    # What a 503 tells the client to wait, in seconds.
    retry_after_s: int = 1
    # Bytes of deterministic answers each process keeps (an LRU; api/cache.py); 0 keeps none.
    # A 50-step parabola run is ~7 KB, a 256-lr sweep of it ~0.6 MB.
    cache_bytes: int = 64 * 2**20
    # Static files of the page; served at / when the folder exists.
    frontend_dir: Path = DEFAULT_FRONTEND
    # Live classes (api/classes/): followers per class, classes per process (per Redis with
    # redis_url), seconds a class lives without a teacher action, wrong join codes a client
    # may try per minute, the teacher state's largest JSON, seconds between stream pings.
    max_students: int = 200
    max_classes: int = 1000
    class_idle_s: float = 3 * 3600.0
    class_misses_per_minute: int = 20
    max_class_state_bytes: int = 16 * 1024
    class_ping_s: float = 15.0
    # redis://host:port/db: classes live in Redis, so any replica serves any student.
    redis_url: str = ""
    # The address students' phones reach, for join URLs (e.g. http://192.168.1.20:8000); else the request's.
    public_url: str = ""
    # Worker processes `gradplay serve` started (it sets GRADPLAY_WORKERS); >1 needs redis_url for classes.
    workers: int = 1

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, overlaid with `GRADPLAY_*` variables, overlaid with `overrides`."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get("GRADPLAY_" + f.name.upper())
            if raw is not None:
                values[f.name] = _parse(f.name, f.type, raw)
        return replace(cls(**values), **overrides)

    def __post_init__(self):
        for name in ("max_body_bytes", "max_steps", "max_sweep_lrs", "max_sweep_numbers",
                     "max_concurrent", "retry_after_s", "max_students", "max_classes",
                     "class_misses_per_minute", "max_class_state_bytes", "workers"):
            if getattr(self, name) < 1:
                raise ValueError(f"setting {name} must be at least 1; got {getattr(self, name)}")
        if self.max_waiting < 0 or self.cache_bytes < 0 or not self.run_budget_s > 0:
            raise ValueError("settings max_waiting and cache_bytes must be >= 0 and run_budget_s > 0")
        if not (self.class_idle_s > 0 and self.class_ping_s > 0):
            raise ValueError("settings class_idle_s and class_ping_s must be > 0")
        if (self.max_steps > limits.MAX_STEPS or self.max_sweep_lrs > limits.MAX_LRS
                or self.max_sweep_numbers > limits.MAX_SWEEP_NUMBERS):
            raise ValueError("settings max_steps, max_sweep_lrs and max_sweep_numbers may lower DESIGN.md's caps "
                             "(engine/limits.py), not raise them")

    @property
    def hosts(self) -> frozenset[str]:
        """Every Host header name accepted, lower case, without port."""
        return frozenset(h.strip().lower().strip("[]") for h in LOOPBACK_HOSTS + self.allowed_hosts if h.strip())


def _parse(name: str, kind: object, raw: str) -> object:
    try:
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        if kind in (Path, "Path"):
            return Path(raw)
        if kind in (str, "str"):
            return raw.strip()
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError:
        raise ValueError(f"environment variable GRADPLAY_{name.upper()}={raw!r} is not a valid {kind}") from None
