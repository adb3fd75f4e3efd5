"""``sitroom serve --workers N``: N server processes, each listening on its own socket bound to the same port.

With ``SO_REUSEPORT`` the kernel spreads new connections over the processes' sockets. uvicorn's own ``--workers``
shares one listening socket, and one process could accept every connection that clients opened at once while the
others idled (a benchmark's 50 connections all went to one of two processes). The supervisor here starts the
processes, restarts one that dies, and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import errno
import multiprocessing
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType

STARTUP_GRACE = 15.0  # a process that dies sooner failed to start: stop, rather than restart it in a loop
STOP_TIMEOUT = 30.0  # a process's graceful shutdown (open requests finish) before it is killed


class ServeError(RuntimeError):
    """The server processes could not start (the message says why)."""


def reuse_port_supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def serve_workers(host: str, port: int, workers: int) -> None:
    """Run ``workers`` processes of the API (``app_from_environment``) on ``host:port`` until SIGINT or SIGTERM."""
    if port == 0:
        raise ServeError("--port 0 picks a port per process; give a port to run several worker processes")
    _check_port_free(host, port)  # SO_REUSEPORT would otherwise let this server share a port already in use
    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    context = multiprocessing.get_context("spawn")  # a fresh interpreter each: no inherited threads or locks
    processes: list[tuple[BaseProcess, float]] = []
    try:
        for _ in range(workers):  # appended one by one: if a start fails, ``finally`` still stops the others
            processes.append(_start(context, host, port))
        while not stopping.wait(0.5):
            for index, (process, started) in enumerate(processes):
                if process.is_alive() or stopping.is_set():
                    continue
                if time.monotonic() - started < STARTUP_GRACE:
                    raise ServeError(
                        f"a server process exited within {STARTUP_GRACE:.0f} s of starting (exit code "
                        f"{process.exitcode}); not restarted"
                    )
                processes[index] = _start(context, host, port)  # died while serving: replaced
    finally:
        _stop_all([process for process, _started in processes])
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # only a listening socket makes it busy
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "already in use" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise ServeError(f"cannot listen on {host}:{port}: {reason}") from None


def _start(context: multiprocessing.context.SpawnContext, host: str, port: int) -> tuple[BaseProcess, float]:
    process = context.Process(target=_serve_one, args=(host, port), name="sitroom-serve")
    process.start()
    return process, time.monotonic()


def _stop_all(processes: list[BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: uvicorn finishes open requests and exits
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _serve_one(host: str, port: int) -> None:
    """One server process: its own listening socket, the app built from the environment's settings."""
    import uvicorn

    from sitroom.api.app import app_from_environment

    listener = socket.socket(_family(host), socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    uvicorn.Server(uvicorn.Config(app_from_environment(), host=host, port=port)).run(sockets=[listener])


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
