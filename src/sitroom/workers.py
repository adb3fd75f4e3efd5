"""The one worker model for ``run``, ``extract``, ``watch`` and the API.

The stages are loaded once, in the parent; ``--jobs N`` then forks N workers that share the loaded
models (copy-on-write), so no worker loads anything. Each process runs one compute thread: N workers
on N cores, not N x cores threads fighting over them. Results come back in input order, so the output
is that of one worker, and every worker is gone when the pool closes (or when the parent dies).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Variables the OpenMP and BLAS runtimes read when they load: set before torch/numpy start their pools.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_IN_FLIGHT_PER_WORKER = 4  # items queued ahead per worker: keeps workers busy, memory flat for any input size

# The function the workers run, set in the parent just before forking (a fork inherits it; nothing pickled).
_TASK: dict[str, Callable[[Any], Any]] = {}
_PARENT: dict[str, int] = {}


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def limit_threads(threads: int = 1) -> None:
    """One compute thread per process: torch's default (a thread per core) in every worker oversubscribes the
    cores, and even alone it was slower than one thread on these small batches (issue 18: 0.76x the time)."""
    for name in _THREAD_VARIABLES:
        os.environ[name] = str(threads)
    # BLAS and OpenMP libraries already loaded (numpy's OpenBLAS comes with the CLI) read no variable any more:
    # OpenBLAS's idle threads spin, and took 1.5x the CPU of a one-worker run (18.2 s against 12.2 s).
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads)
    torch = sys.modules.get("torch")  # already loaded: its pool size is set by call, not by the variable
    if torch is not None:
        torch.set_num_threads(threads)


def ordered_map(fn: Callable[[Item], Result], items: Iterable[Item], jobs: int) -> Iterator[Result]:
    """``map(fn, items)`` over ``jobs`` forked workers, in input order and streamed. ``fn`` must not raise
    for a bad item (report it in its result): an exception here stops the whole map."""
    if jobs <= 1:
        yield from map(fn, items)
        return
    with _forked_pool(fn, jobs) as pool:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(_run_task, item))
            if len(pending) >= jobs * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextlib.contextmanager
def _forked_pool(fn: Callable[[Any], Any], jobs: int) -> Iterator[ProcessPoolExecutor]:
    _TASK["fn"] = fn
    _PARENT["pid"] = os.getpid()
    # fork, not spawn: the workers start with the parent's loaded models instead of loading them again. Safe
    # with torch because no process runs more than one OpenMP thread (``limit_threads``).
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # joins every worker: none is left running
        _TASK.clear()


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then shuts the pool
    with contextlib.suppress(OSError, AttributeError):  # Linux only: die with the parent, even on SIGKILL
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _PARENT["pid"]:  # the parent died before the line above could take effect
        os._exit(1)
    limit_threads(1)


def _run_task(item: Any) -> Any:
    return _TASK["fn"](item)
