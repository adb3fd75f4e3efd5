"""``sitroom serve --workers 2`` as a user runs it: real processes on 127.0.0.1, each with its own listening socket."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import copy_sqlite, free_port

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux, BSD)")


def _serve(db: str, port: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from sitroom.cli import main; main()", "serve", "--db", db, "--port", str(port)]
    return subprocess.Popen([*command, "--workers", "2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def _wait_until_up(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError("the server did not answer within 180 s")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


def _sockets_on(port: int, pid: int, state: str = "01") -> int:
    """How many TCP sockets on local ``port`` in ``state`` (01: established, 0A: listening) the process ``pid``
    holds (Linux /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == state and fields[9] in inodes:
                count += 1
    return count


@pytest.fixture
def served(seeded_db: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = _serve(copy_sqlite(seeded_db, tmp_path / "served.db"), port)
    try:
        _wait_until_up(port, process)
        deadline = time.monotonic() + 180  # the first process to listen answers; wait for the second too
        while sum(_sockets_on(port, pid, "0A") for pid in _children(process.pid)) < 2:
            assert time.monotonic() < deadline, "the second server process did not listen within 180 s"
            time.sleep(0.2)
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads connections from Linux /proc")
def test_connections_opened_at_once_are_spread_over_the_processes(served: tuple[subprocess.Popen[str], int]) -> None:
    process, port = served
    # All 40 connect before any asks: with one shared socket (uvicorn's --workers), one process took every one.
    connections = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(40)]
    try:
        for connection in connections:
            connection.sendall(f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        for connection in connections:
            assert connection.recv(4096).startswith(b"HTTP/1.1 200")
        held = {pid: _sockets_on(port, pid) for pid in _children(process.pid)}
        assert sum(held.values()) == 40
        assert sum(1 for count in held.values() if count > 0) == 2, held
    finally:
        for connection in connections:
            connection.close()


def test_sigterm_stops_every_process_and_frees_the_port(served: tuple[subprocess.Popen[str], int]) -> None:
    process, port = served
    children = _children(process.pid)  # the two servers (and multiprocessing's resource tracker)
    assert len(children) >= 2
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    deadline = time.monotonic() + 10
    while [pid for pid in children if _running(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if _running(pid)]
    with socket.socket() as probe:  # nothing listens on the port any more
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()


def test_a_port_in_use_is_refused_not_shared(served: tuple[subprocess.Popen[str], int], tmp_path: Path) -> None:
    _process, port = served
    second = _serve(str(tmp_path / "other.db"), port)
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}: already in use" in err


def _server_processes(parent: int) -> list[int]:
    """The server processes among ``parent``'s children (not multiprocessing's resource tracker)."""
    found = []
    for pid in _children(parent):
        try:
            if "multiprocessing-fork" in Path(f"/proc/{pid}/cmdline").read_text():
                found.append(pid)
        except OSError:  # exited meanwhile
            continue
    return found


def test_a_process_that_dies_while_serving_is_replaced(served: tuple[subprocess.Popen[str], int]) -> None:
    from sitroom.api.workers import STARTUP_GRACE

    process, port = served
    time.sleep(STARTUP_GRACE + 1)  # past start-up: a death now is a crash to recover from, not a failed start
    first, *others = _server_processes(process.pid)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(set(_server_processes(process.pid)) - {first}) < 2:
        time.sleep(0.2)
    now = set(_server_processes(process.pid))
    assert len(now - {first}) == 2 and set(others) <= now
    assert process.poll() is None
    _wait_until_up(port, process)


def test_a_process_that_dies_at_start_up_stops_the_server(seeded_db: Path, tmp_path: Path) -> None:
    process = _serve(copy_sqlite(seeded_db, tmp_path / "served.db"), free_port())
    try:
        deadline = time.monotonic() + 60
        while not _server_processes(process.pid):  # killed as soon as it exists: well within its start-up
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        os.kill(_server_processes(process.pid)[0], signal.SIGKILL)
        assert process.wait(timeout=60) == 1
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    said = " ".join((process.stderr.read() if process.stderr else "").split())  # the console wraps long lines
    assert "a server process exited within 15 s of starting (exit code -9); not restarted" in said


def test_port_zero_is_refused_for_several_processes(tmp_path: Path) -> None:
    process = _serve(str(tmp_path / "s.db"), 0)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "--port 0 picks a port per process" in " ".join(err.split())
