"""Worker processes: results and refusals cross back, a killed worker is replaced, workers die
with the bot (even on SIGKILL), ignore Ctrl-C, and a started pool serves the first call warm.

Real processes throughout; the functions sent to workers live here, at module level."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from bot.workers import ORPHANED_EXIT, WorkerPool
from dialogs.messages import Invalid, Msg
from tests.support.processes import dead

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="process states are read from /proc")

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 30.0  # seconds; what takes ~1 s on an idle machine


# Sent to the workers.

def refuse(limit_mb: int) -> None:
    raise Invalid("err-file-too-large", limit_mb=limit_mb)


def fail(*args: object) -> None:
    raise ValueError(*args)


def imported(name: str) -> tuple[int, bool]:
    return os.getpid(), name in sys.modules


def report_and_wait(folder: str) -> int:
    """Leave this worker's pid in `folder`, then wait for the file `go` there."""
    Path(folder, f"{os.getpid()}.pid").touch()
    deadline = time.monotonic() + 120
    while not Path(folder, "go").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return os.getpid()


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# Helpers.


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {DEADLINE:.0f} s: {what}")
        await asyncio.sleep(0.05)


def pids_in(folder: Path) -> set[int]:
    return {int(path.stem) for path in folder.glob("*.pid")}


@pytest.fixture
def pools() -> Iterator[list[WorkerPool]]:
    made: list[WorkerPool] = []
    yield made
    for pool in made:
        pool.shutdown(wait=True)


def make(pools: list[WorkerPool], workers: int, warm: tuple[str, ...] = ()) -> WorkerPool:
    pool = WorkerPool(workers, warm=warm)
    pools.append(pool)
    return pool


async def test_results_and_refusals_cross_back(pools: list[WorkerPool]) -> None:
    pool = make(pools, 1)
    assert await pool.run(pow, 2, 10) == 1024
    with pytest.raises(Invalid) as refused:
        await pool.run(refuse, 20)
    assert refused.value.msg == Msg("err-file-too-large", limit_mb=20)
    with pytest.raises(ValueError) as failed:
        await pool.run(fail, "bad", 3)
    assert failed.value.args == ("bad", 3)
    assert pool.restarts == 0  # an exception from the function does not cost the workers


async def test_a_killed_worker_is_replaced_on_the_next_call(pools: list[WorkerPool]) -> None:
    pool = make(pools, 1)
    pool.start()
    [old] = await pool.ready()
    os.kill(old, signal.SIGKILL)
    await until(lambda: dead(old), "the worker is dead")

    pid = await pool.run(os.getpid)

    assert pid != old and not dead(pid)
    assert await pool.ready() == [pid]
    assert await pool.run(os.getpid) == pid  # and it stays in service
    assert pool.restarts == 1


async def test_callers_of_a_worker_killed_mid_call_are_retried_with_one_replacement(
        pools: list[WorkerPool], tmp_path: Path) -> None:
    pool = make(pools, 2)
    calls = [asyncio.create_task(pool.run(report_and_wait, str(tmp_path))) for _ in range(2)]
    await until(lambda: len(pids_in(tmp_path)) == 2, "both workers busy")
    old = pids_in(tmp_path)
    os.kill(min(old), signal.SIGKILL)  # the OOM killer picks one worker in the middle of a call
    # Both calls failed with the pool (the other worker is stopped with it) and run again, each
    # in one of the new workers.
    await until(lambda: len(pids_in(tmp_path)) == 4, "both calls running again")
    (tmp_path / "go").touch()

    results = await asyncio.gather(*calls)

    new = pids_in(tmp_path) - old
    assert set(results) == new and len(new) == 2
    assert pool.restarts == 1
    assert await pool.ready() == sorted(new)


async def test_a_call_that_kills_its_worker_twice_fails_and_the_pool_recovers(
        pools: list[WorkerPool]) -> None:
    pool = make(pools, 1)
    with pytest.raises(BrokenProcessPool):
        await pool.run(die)
    assert pool.restarts == 1  # retried once, then given up
    pid = await pool.run(os.getpid)
    assert not dead(pid)
    assert pool.restarts == 2


async def test_workers_ignore_ctrl_c(pools: list[WorkerPool]) -> None:
    pool = make(pools, 2)
    # As in a terminal, where SIGINT raises KeyboardInterrupt (a background job has it ignored,
    # and the workers would inherit that).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        pool.start()
    finally:
        signal.signal(signal.SIGINT, previous)
    pids = await pool.ready()
    for pid in pids:
        os.kill(pid, signal.SIGINT)
    served = {await pool.run(os.getpid) for _ in range(4)}
    assert served <= set(pids)
    assert pool.restarts == 0
    assert not any(dead(pid) for pid in pids)


async def test_a_started_pool_serves_the_first_call_without_starting_processes(
        pools: list[WorkerPool]) -> None:
    pool = make(pools, 2, warm=("dialogs.uploads", "dialogs.verification_form"))
    pool.start()
    pids = await pool.ready()
    children = {child.pid for child in multiprocessing.active_children()}
    assert len(pids) == 2 and set(pids) <= children

    pid, warm = await pool.run(imported, "dialogs.verification_form")

    assert pid in pids and warm  # the heavy imports happened before the call
    assert {child.pid for child in multiprocessing.active_children()} == children


def python(code: str, *args: str) -> subprocess.Popen[bytes]:
    # No pipes: a surviving grandchild would hold them open.
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL)


def read_pids(path: Path) -> list[int]:
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


async def pids_from(path: Path, count: int) -> list[int]:
    await until(lambda: len(read_pids(path)) == count, f"{count} pids in {path.name}")
    return read_pids(path)


def reap(pids: list[int]) -> None:
    """A failed test leaves no orphans behind."""
    for pid in pids:
        if not dead(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


async def test_workers_die_when_the_bot_is_killed(tmp_path: Path) -> None:
    bot = python("""
        import asyncio, sys, time
        from pathlib import Path
        from bot.workers import WorkerPool

        pool = WorkerPool(2)  # kept referenced: a collected executor stops its workers

        async def main():
            pool.start()
            pids = await pool.ready()
            Path(sys.argv[1] + ".tmp").write_text(" ".join(map(str, pids)))
            Path(sys.argv[1] + ".tmp").rename(sys.argv[1])

        asyncio.run(main())
        time.sleep(600)
        """, str(tmp_path / "pids"))
    workers: list[int] = []
    try:
        workers = await pids_from(tmp_path / "pids", 2)
        assert not any(dead(pid) for pid in workers)

        bot.kill()
        bot.wait(timeout=DEADLINE)

        await until(lambda: all(dead(pid) for pid in workers), "the workers are gone")
    finally:
        bot.kill()
        reap(workers)


async def test_without_the_kernel_signal_the_watch_thread_ends_an_orphan(
        tmp_path: Path) -> None:
    # The portable fallback alone: a process that only watches its parent, whose parent is
    # then killed.
    bot = python("""
        import subprocess, sys, time
        from pathlib import Path
        watcher = subprocess.Popen([sys.executable, "-c", '''
        import os, sys, time
        from pathlib import Path
        from bot.workers import _watch_parent
        _watch_parent(os.getppid())
        Path(sys.argv[1]).write_text("watching")
        time.sleep(600)
        ''', sys.argv[1] + ".watching"])
        while not Path(sys.argv[1] + ".watching").exists():
            time.sleep(0.01)
        Path(sys.argv[1] + ".tmp").write_text(str(watcher.pid))
        Path(sys.argv[1] + ".tmp").rename(sys.argv[1])
        time.sleep(600)
        """, str(tmp_path / "pid"))
    watchers: list[int] = []
    try:
        watchers = await pids_from(tmp_path / "pid", 1)
        assert not dead(watchers[0])

        bot.kill()
        bot.wait(timeout=DEADLINE)

        await until(lambda: dead(watchers[0]), "the orphan is gone")
    finally:
        bot.kill()
        reap(watchers)


def test_a_worker_whose_bot_died_before_it_started_watching_exits_at_once() -> None:
    # The worker's start with the pid of a bot that is no longer its parent.
    late = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import os, time
        from bot.workers import _init_worker
        _init_worker(os.getppid() + 1, (), None)
        print("still running", flush=True)
        time.sleep(600)
        """)], cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE)
    assert late.returncode == ORPHANED_EXIT
    assert "still running" not in late.stdout
