"""Settings: defaults, GRADPLAY_* environment variables, and refusals of bad values."""

from pathlib import Path

import pytest

from gradplay.api.settings import Settings


def test_defaults_match_the_design():
    s = Settings()
    assert (s.max_body_bytes, s.max_steps, s.max_sweep_lrs, s.max_sweep_numbers) == (65536, 10_000, 256, 2_000_000)
    assert s.max_waiting >= 256 and s.max_concurrent >= 1 and s.cors_origins == ()
    assert {"localhost", "127.0.0.1", "::1"} <= s.hosts


def test_environment_overrides():
    s = Settings.from_env({"GRADPLAY_ALLOWED_HOSTS": "a.local, 10.0.0.2", "GRADPLAY_RUN_BUDGET_S": "2.5",
                           "GRADPLAY_MAX_WAITING": "3", "GRADPLAY_FRONTEND_DIR": "/tmp/x",
                           "GRADPLAY_CORS_ORIGINS": "http://a.example"})
    assert s.allowed_hosts == ("a.local", "10.0.0.2") and "a.local" in s.hosts
    assert s.run_budget_s == 2.5 and s.max_waiting == 3 and s.frontend_dir == Path("/tmp/x")
    assert s.cors_origins == ("http://a.example",)


def test_live_class_settings_read_from_the_environment():
    s = Settings.from_env({"GRADPLAY_REDIS_URL": " redis://cache:6379/1 ", "GRADPLAY_MAX_STUDENTS": "30",
                           "GRADPLAY_MAX_CLASSES": "5", "GRADPLAY_CLASS_IDLE_S": "60", "GRADPLAY_PUBLIC_URL": "http://x:1"})
    assert (s.redis_url, s.max_students, s.max_classes, s.class_idle_s, s.public_url) == (
        "redis://cache:6379/1", 30, 5, 60.0, "http://x:1")
    d = Settings()
    assert (d.max_students, d.max_classes, d.class_idle_s, d.redis_url, d.workers) == (200, 1000, 10800.0, "", 1)


@pytest.mark.parametrize("env, words", [
    ({"GRADPLAY_MAX_STEPS": "lots"}, "GRADPLAY_MAX_STEPS='lots' is not a valid"),
    ({"GRADPLAY_MAX_STEPS": "20000"}, "may lower"),
    ({"GRADPLAY_MAX_SWEEP_NUMBERS": "3000000"}, "may lower"),
    ({"GRADPLAY_RUN_BUDGET_S": "0"}, "run_budget_s > 0"),
    ({"GRADPLAY_CLASS_IDLE_S": "0"}, "class_idle_s and class_ping_s must be > 0"),
    ({"GRADPLAY_MAX_STUDENTS": "0"}, "max_students must be at least 1"),
    ({"GRADPLAY_MAX_CONCURRENT": "0"}, "max_concurrent must be at least 1"),
])
def test_bad_values_stop_the_server_with_a_reason(env, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        Settings.from_env(env)
