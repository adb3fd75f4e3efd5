"""The worker model: forked workers, results in input order, and no process left behind (real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitroom import workers

REPO = Path(__file__).resolve().parents[1]


def _state_and_parent(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent id from /proc (no helper library needed); None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    found = _state_and_parent(pid)
    return found is not None and found[0] != "Z"  # a zombie has exited, whoever reaps it


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid``."""
    pids = (int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    return {child for child in pids if _alive(child) and (_state_and_parent(child) or ("", 0))[1] == pid}


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_ordered_map_keeps_the_order_and_uses_the_workers() -> None:
    before = _children(os.getpid())  # other tests' helpers may be running
    results = list(workers.ordered_map(_square_and_pid, range(50), jobs=2))
    assert [r for r, _ in results] == [n * n for n in range(50)]
    assert os.getpid() not in {pid for _, pid in results}, "jobs=2 runs in workers, not in the parent"
    assert _children(os.getpid()) <= before, "every worker is joined when the map ends"


def test_one_job_runs_in_this_process() -> None:
    assert {pid for _, pid in workers.ordered_map(_square_and_pid, range(3), jobs=1)} == {os.getpid()}


def test_a_map_left_early_leaves_no_worker() -> None:
    before = _children(os.getpid())
    results = workers.ordered_map(_square_and_pid, range(100), jobs=2)
    assert next(results)[0] == 0
    results.close()
    assert _children(os.getpid()) <= before


def test_workers_share_what_the_parent_loaded() -> None:
    loaded = {"model": [1, 2, 3]}  # stands for models loaded before the fork: a closure, never pickled

    def use(n: int) -> int:
        return sum(loaded["model"]) + n

    assert list(workers.ordered_map(use, range(4), jobs=2)) == [6, 7, 8, 9]


_SLOW_PARENT = """
import sys, time
from sitroom import workers
for _ in workers.ordered_map(time.sleep, [60] * 4, jobs=2):
    pass
"""


def test_workers_die_with_a_killed_parent() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    parent = subprocess.Popen([sys.executable, "-c", _SLOW_PARENT], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(_children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        pool = _children(parent.pid)
        assert len(pool) >= 2, "the workers never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pool) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in pool), "a worker outlived its parent"
    finally:
        parent.kill()


def test_loading_the_stages_limits_torch_to_one_thread() -> None:
    import torch

    from sitroom.config import Settings
    from sitroom.evaluate.baseline import KeywordExtractor
    from sitroom.pipeline import load_stages

    torch.set_num_threads(2)
    load_stages(Settings(), extractor=KeywordExtractor(), geocode=False, corroborate_events=False)
    assert torch.get_num_threads() == 1
    assert os.environ["OMP_NUM_THREADS"] == "1"  # what torch reads when a process imports it after loading
