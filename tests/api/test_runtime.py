"""runtime.tune(): the process settings a serving process runs with (switch interval, GC)."""

import gc
import sys

from gradplay.api import create_app, runtime


def test_a_built_app_tunes_its_process_once():
    create_app()
    assert sys.getswitchinterval() == runtime.SWITCH_INTERVAL_S
    assert gc.get_threshold() == runtime.GC_THRESHOLDS
    assert gc.get_freeze_count() > 0  # what existed at start-up is never walked by the collector again
