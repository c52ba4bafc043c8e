"""`gradplay serve`: arguments, the Host allow-list it sets, the LAN URL it prints."""

import argparse
import os

import pytest

from gradplay import serve


@pytest.fixture
def started(monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: calls.append((a, k)))
    monkeypatch.setattr(serve, "run_balanced", lambda *a, **k: calls.append((a, k)))  # --workers N > 1
    monkeypatch.delenv("GRADPLAY_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("GRADPLAY_MAX_CONCURRENT", raising=False)
    for name in ("GRADPLAY_WORKERS", "GRADPLAY_PUBLIC_URL", "GRADPLAY_REDIS_URL"):  # serve sets some; restored after
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    return calls


def parse(*argv):
    parser = argparse.ArgumentParser()
    serve.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_defaults_bind_loopback(started, capsys, monkeypatch):
    args = parse()
    assert (args.host, args.port, args.workers, args.open) == ("127.0.0.1", 8000, 1, False)
    assert args.handler(args) == 0
    (app,), options = started[0]
    assert app == "gradplay.api.app:create_app" and options["factory"] and options["host"] == "127.0.0.1"
    assert "http://127.0.0.1:8000/" in capsys.readouterr().out


def test_lan_host_prints_the_url_to_project_and_allows_it(started, capsys, monkeypatch):
    monkeypatch.setattr(serve, "lan_addresses", lambda: ["192.168.1.20"])
    monkeypatch.setenv("GRADPLAY_ALLOWED_HOSTS", "teacher.local")
    args = parse("--host", "0.0.0.0", "--port", "9000", "--workers", "2")
    args.handler(args)
    out = capsys.readouterr().out
    assert "http://192.168.1.20:9000/" in out and "project this URL" in out
    assert started[0][1]["workers"] == 2
    assert os.environ["GRADPLAY_MAX_CONCURRENT"] == "1"  # per worker process: the workers share the cores
    allowed = os.environ["GRADPLAY_ALLOWED_HOSTS"].split(",")
    assert {"teacher.local", "192.168.1.20"} <= set(allowed)


def test_named_host_is_allowed(started, monkeypatch):
    args = parse("--host", "10.0.0.5")
    args.handler(args)
    assert "10.0.0.5" in os.environ["GRADPLAY_ALLOWED_HOSTS"].split(",")


def test_page_url_brackets_ipv6():
    assert serve.page_url("::1", 8000) == "http://[::1]:8000/"


def test_several_workers_without_redis_say_in_one_line_that_live_classes_need_it(started, capsys):
    args = parse("--workers", "3")
    args.handler(args)
    lines = [line for line in capsys.readouterr().out.splitlines() if "Redis" in line]
    assert len(lines) == 1 and "GRADPLAY_REDIS_URL" in lines[0] and "everything else works" in lines[0]
    assert os.environ["GRADPLAY_WORKERS"] == "3"


def test_several_workers_with_redis_or_one_worker_say_nothing_of_it(started, capsys, monkeypatch):
    parse("--workers", "1").handler(parse("--workers", "1"))
    monkeypatch.setenv("GRADPLAY_REDIS_URL", "redis://127.0.0.1:6379/0")
    args = parse("--workers", "2")
    args.handler(args)
    assert "Redis" not in capsys.readouterr().out


def test_lan_host_puts_the_lan_address_in_join_urls(started, monkeypatch):
    monkeypatch.setattr(serve, "lan_addresses", lambda: ["192.168.1.20"])
    args = parse("--host", "0.0.0.0", "--port", "9000")
    args.handler(args)
    assert os.environ["GRADPLAY_PUBLIC_URL"] == "http://192.168.1.20:9000"
    monkeypatch.setenv("GRADPLAY_PUBLIC_URL", "")  # set, even empty (behind a proxy): the request's address is used
    args.handler(args)
    assert os.environ["GRADPLAY_PUBLIC_URL"] == ""


def test_no_access_log_unless_asked(started):
    for argv, logged in (((), False), (("--access-log",), True)):
        args = parse(*argv)
        args.handler(args)
        assert started[-1][1]["access_log"] is logged
