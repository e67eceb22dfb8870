"""Worker processes for the heavy work (image checks, the 核验单 PDF).

A bare `ProcessPoolExecutor` (what `bot/uploads.py` had) failed in three observed ways:

- One worker killed (OOM killer, SIGKILL) broke the executor for good: every later upload failed
  with `BrokenProcessPool` until the bot was restarted. Here the next call replaces the workers
  and is retried once (the functions are pure, so a retry is safe); a second failure raises.
  Callers that hit the same broken pool at the same time cause one replacement.
- The bot killed with SIGKILL left its workers running as orphans. Here every worker asks Linux
  to SIGKILL it when its parent dies (`PR_SET_PDEATHSIG`) and, on every platform, a thread checks
  once a second that the bot is still its parent.
- The pool started on first use, so the first photo after a start took 6–9 s (spawning Python,
  importing Pillow, fontTools, aiogram…). `start()` creates every worker now and each imports
  the `warm` modules; `await ready()` says when all of them are up.

Workers ignore SIGINT: Ctrl-C in a terminal reaches the whole process group, and the bot decides
when its workers stop, so Ctrl-C prints no worker tracebacks.

Processes are created by the thread that calls `start`, `ready` or `run` (the event loop's).
Linux sends the parent-death signal when that *thread* ends, so do not call them from a
short-lived thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

# What the bot's heavy work imports: the module of the functions sent to the workers, which
# imports only `dialogs` and the imaging libraries (no aiogram or SQLAlchemy).
DEFAULT_WARM = ("bot.heavy",)

ORPHANED_EXIT = 70  # a worker's exit status when it finds its parent gone
_PR_SET_PDEATHSIG = 1
_WARM_TIMEOUT = 120.0  # seconds a started worker waits for the others before giving up


@dataclass(frozen=True)
class _Generation:
    """One set of worker processes; replaced as a whole when one of them dies."""

    executor: ProcessPoolExecutor
    warmed: tuple[Future[int], ...]  # one task per worker, done when all workers are up


class WorkerPool:
    """Runs picklable module-level functions in worker processes.

    `workers`: how many processes (default: one per core left over from the event loop, at
    least one). `warm`: modules every worker imports when it starts.
    """

    def __init__(self, workers: int | None = None, *, warm: Sequence[str] = ()) -> None:
        self.size = workers if workers is not None else max(1, (os.cpu_count() or 2) - 1)
        if self.size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.warm = tuple(warm)
        self.restarts = 0  # how many times dead workers were replaced
        self._lock = threading.Lock()
        self._generation: _Generation | None = None

    def start(self) -> None:
        """Create the worker processes now (they import `warm` in the background)."""
        self._current()

    async def ready(self) -> list[int]:
        """Wait until every worker has started and imported `warm`; their process ids."""

        async def warmed(generation: _Generation) -> list[int]:
            # Shielded: a caller giving up must not cancel a warm-up task the others wait for.
            return sorted({await asyncio.shield(asyncio.wrap_future(task))
                           for task in generation.warmed})

        return await self._twice(warmed)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker; its result, or its exception (pickled with its arguments)."""
        return await self._twice(lambda generation: asyncio.wrap_future(
            generation.executor.submit(fn, *args)))

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers; calls not started yet are cancelled. A later call starts anew."""
        with self._lock:
            generation, self._generation = self._generation, None
        if generation is not None:
            generation.executor.shutdown(wait=wait, cancel_futures=True)

    async def _twice(self, attempt: Callable[[_Generation], Awaitable[T]]) -> T:
        generation = self._current()
        try:
            return await attempt(generation)
        except BrokenProcessPool:
            return await attempt(self._replace(generation))

    def _current(self) -> _Generation:
        with self._lock:
            if self._generation is None:
                self._generation = self._launch()
            return self._generation

    def _replace(self, broken: _Generation) -> _Generation:
        with self._lock:
            if self._generation is broken:
                broken.executor.shutdown(wait=False, cancel_futures=True)
                self.restarts += 1
                log.warning("a worker process ended abruptly; starting %d new ones", self.size)
                self._generation = self._launch()
            elif self._generation is None:  # shut down meanwhile
                self._generation = self._launch()
            return self._generation

    def _launch(self) -> _Generation:
        context = get_context("spawn")
        barrier = context.Barrier(self.size)
        executor = ProcessPoolExecutor(max_workers=self.size, mp_context=context,
                                       initializer=_init_worker,
                                       initargs=(os.getpid(), self.warm, barrier))
        # One task per worker, each waiting at the barrier for the others: the executor has to
        # create every process now (it creates one per submit while none is idle), and when
        # all these tasks are done, every worker has imported `warm`.
        warmed = tuple(executor.submit(_warmed) for _ in range(self.size))
        return _Generation(executor, warmed)


_default: WorkerPool | None = None
_default_lock = threading.Lock()


def default_pool() -> WorkerPool:
    """The process's pool for the bot's heavy work, created on first use (not started)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = WorkerPool(warm=DEFAULT_WARM)
        return _default


# In the worker process.

_barrier: Barrier | None = None


def _init_worker(parent: int, warm: tuple[str, ...], barrier: Barrier | None) -> None:
    global _barrier
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    for name in warm:
        try:
            importlib.import_module(name)
        except Exception:
            # Not fatal here: the call that needs the module reports the error.
            log.exception("worker could not import %s ahead of use", name)
    _barrier = barrier


def _warmed() -> int:
    if _barrier is not None:
        with contextlib.suppress(threading.BrokenBarrierError):
            _barrier.wait(_WARM_TIMEOUT)
    return os.getpid()


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            prctl = ctypes.CDLL(None, use_errno=True).prctl
            prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    _watch_parent(parent)


def _watch_parent(parent: int) -> None:
    """Exit when `parent` (the bot's pid, captured when it created this worker) stops being
    this process's parent: now if it already has (the bot died before the signal was asked
    for), else as soon as a thread checking every second sees it."""
    if os.getppid() != parent:
        os._exit(ORPHANED_EXIT)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(ORPHANED_EXIT)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
