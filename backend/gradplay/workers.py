"""`gradplay serve --workers N`: uvicorn's supervisor, each worker process on a listening socket of its own.

uvicorn's own `--workers` shares one listening socket between the processes, and the first
process woken accepts every connection waiting: 32 browsers connecting at once were all
accepted by one of two workers in 3 of 5 trials (measured), and a keep-alive connection
stays with the process that accepted it, so one core served the class while the other
idled. Here every worker binds its own socket to the same address with SO_REUSEPORT, and the
kernel spreads new connections over them by their addresses (16/16 to 11/21 of 32).

The supervisor itself (starting, health checks, restarting a dead worker, signals) is
uvicorn's `Multiprocess`, unchanged but for where each worker's socket comes from.
"""

import socket

from uvicorn import Config
from uvicorn.supervisors.multiprocess import Multiprocess

BALANCED = hasattr(socket, "SO_REUSEPORT")  # Linux, macOS, the BSDs


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) that other such sockets may share; its worker listens on it."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class Balanced(Multiprocess):
    """Multiprocess whose every new worker gets a fresh SO_REUSEPORT socket (read from `sockets`)."""

    def __init__(self, config: Config):
        self._held: list[socket.socket] = []  # the parent's copies, until each worker holds its own
        super().__init__(config, sockets=[])

    @property
    def sockets(self) -> list[socket.socket]:
        sock = reuseport_socket(self.config.host, self.config.port)
        self._held.append(sock)
        return [sock]

    @sockets.setter
    def sockets(self, value: list[socket.socket]) -> None:
        pass  # Multiprocess sets one list for all; each worker gets its own instead

    def keep_subprocess_alive(self) -> None:
        # Once every worker has started with its copy, close the parent's: a copy left open would keep
        # a dead worker's socket listening, and the kernel would still send it connections.
        if all(p.process.pid is not None for p in self.processes):
            for sock in self._held:
                sock.close()
            self._held.clear()
        super().keep_subprocess_alive()


def run(app: str, **kwargs) -> None:
    """uvicorn.run(app, **kwargs) with `workers` processes, each on its own socket."""
    Balanced(Config(app, **kwargs)).run()
