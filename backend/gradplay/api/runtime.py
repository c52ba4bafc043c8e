"""Process settings for a server whose work is many small torch computations in threads.

- The switch interval: a thread that wants the GIL waits up to this long for the thread
  holding it to let go. The event loop shares the GIL with the worker threads running
  torch; at Python's default 5 ms, a health check or a stream's next write can wait a
  whole interval behind a computation.
- The garbage collector: a run's records and a sweep's rows are many small lists; with
  the default thresholds they trigger full collections that walk every object torch and
  FastAPI created at import (~170 000), ~100 ms each with the GIL held. Objects alive once
  the app is built are frozen (never walked again), and young collections run less often.
"""

import gc
import sys

SWITCH_INTERVAL_S = 0.001  # Python's default is 0.005
GC_THRESHOLDS = (50_000, 20, 100)  # Python's default is (700, 10, 10)


_tuned = False


def tune() -> None:
    """Apply both to this process, once, after its long-lived objects exist (the app is built)."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    if SWITCH_INTERVAL_S > 0:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
    if GC_THRESHOLDS[0] > 0:
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
