"""docker-compose.yml's shape for live classes: a Redis service the replicas share, and they wait for it."""

from pathlib import Path

import yaml  # installed with uvicorn[standard]

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_redis_and_points_every_replica_at_it():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    redis = services["redis"]
    assert redis["image"] == "redis:7-alpine"
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    app = services["app"]
    assert app["environment"]["GRADPLAY_REDIS_URL"] == "redis://redis:6379/0"
    assert app["depends_on"]["redis"] == {"condition": "service_healthy"}  # a healthcheck makes that valid
    assert "ports" not in app and "ports" not in redis  # only nginx is published


def test_nginx_passes_class_streams_through_unbuffered():
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    block = text.split("location ~ ^/api/classes/[^/]+/events$ {", 1)[1].split("}", 1)[0]
    for setting in ("proxy_buffering off;", "proxy_read_timeout 1h;", "proxy_pass http://gradplay;"):
        assert setting in block
