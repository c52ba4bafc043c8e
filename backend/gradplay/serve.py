"""`gradplay serve`: run the app under uvicorn, on loopback unless the teacher says otherwise.

`--host 0.0.0.0` serves the classroom LAN: the URL to project is printed, and this
machine's LAN addresses and name join the Host allow-list. Settings reach every worker
through the environment (`GRADPLAY_*`), since uvicorn builds one app per worker process.
"""

import argparse
import os
import socket
import subprocess
import threading
import webbrowser

ANY_HOST = ("0.0.0.0", "::", "")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `serve` subcommand to the CLI; its handler is `main(args)`."""
    parser = subparsers.add_parser("serve", help="serve the playground and its HTTP API",
                                   description="Serve the playground at http://HOST:PORT and its API under /api.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for a classroom LAN)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--open", action="store_true", help="open the page in a browser")
    parser.add_argument("--access-log", action="store_true",
                        help="print a line per request (off by default: it costs CPU on every request)")
    parser.set_defaults(handler=main)
    return parser


def main(args: argparse.Namespace) -> int:
    serve(args.host, args.port, args.workers, args.open, args.access_log)
    return 0


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, open_browser: bool = False,
          access_log: bool = False) -> None:
    import uvicorn

    hosts = allowed_hosts(host)
    extra = os.environ.get("GRADPLAY_ALLOWED_HOSTS", "")
    os.environ["GRADPLAY_ALLOWED_HOSTS"] = ",".join(filter(None, [extra, *hosts]))
    # one computation at a time per worker process (see Settings.max_concurrent): --workers N uses N cores
    os.environ.setdefault("GRADPLAY_MAX_CONCURRENT", "1")
    url = page_url(host, port)
    # each worker's app reads these: live classes refuse plainly (503) when workers > 1 have no Redis
    os.environ["GRADPLAY_WORKERS"] = str(workers)
    print(f"gradplay: serving at {url}")
    if host in ANY_HOST:
        print(f"gradplay: on the classroom network, students open  {url}  (project this URL)")
        if "GRADPLAY_PUBLIC_URL" not in os.environ:  # join URLs and QR codes carry the LAN address
            os.environ["GRADPLAY_PUBLIC_URL"] = url.rstrip("/")
    if workers > 1 and not os.environ.get("GRADPLAY_REDIS_URL"):
        print("gradplay: live classes need Redis with several workers: set GRADPLAY_REDIS_URL=redis://HOST:6379/0 "
              "(until then /api/classes answers 503; everything else works)")
    if open_browser:
        # after uvicorn has had a moment to bind; the browser retries anyway
        threading.Timer(1.0, webbrowser.open, [page_url("127.0.0.1" if host in ANY_HOST else host, port)]).start()
    # no access log unless asked: a line per request is ~5% of a 50-step run's CPU, for a log
    # that a classroom of sliders fills with thousands of identical lines
    options = dict(factory=True, host=host, port=port, workers=workers, timeout_graceful_shutdown=5,
                   access_log=access_log)
    if workers > 1 and hasattr(socket, "SO_REUSEPORT"):  # each worker its own socket (gradplay/workers.py)
        run_balanced("gradplay.api.app:create_app", **options)
    else:
        uvicorn.run("gradplay.api.app:create_app", **options)


def run_balanced(app: str, **options) -> None:
    from gradplay import workers  # imports uvicorn: only when serving

    workers.run(app, **options)


def allowed_hosts(host: str) -> list[str]:
    """The names a browser may use for this server besides loopback."""
    if host not in ANY_HOST:
        return [host]
    return [*lan_addresses(), socket.gethostname()]


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks, found without sending anything."""
    found = []
    try:  # Linux: every configured address, the primary interface's first
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=2).stdout
        found += [a for a in out.split() if "." in a]
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return list(dict.fromkeys(a for a in found if not a.startswith("127.")))


def page_url(host: str, port: int) -> str:
    if host in ANY_HOST:
        addresses = lan_addresses()
        host = addresses[0] if addresses else socket.gethostname()
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
