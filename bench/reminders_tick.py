"""One tick over 100,000 pending reminders: how long it takes and what it does to memory.

    .venv/bin/python bench/reminders_tick.py [--reminders 100000] [--due 100]

Builds a SQLite database with 1,000 filings in the SMS window and the given number of pending
reminders, of which `--due` are due now; then measures ticks with nothing due and with the due
ones (fired and sent to a fake Telegram), and the process's memory before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.config import Settings
from bot.scheduler import Ticker
from storage.models import Applicant, Filing, Reminder
from tests.support.app import make_app

FILINGS = 1000


def rss_mb() -> float:
    """The process's current resident memory (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def build(root: Path, reminders: int, due: int) -> tuple[object, object]:
    app = await make_app(root)
    app.settings = Settings(_env_file=None, send_rate=10_000, chat_rate=10_000)
    app.restart()
    now = app.clock.now()
    async with app.sessionmaker() as session:
        await session.execute(insert(Applicant), [
            {"telegram_id": 10_000 + i, "language": "zh", "language_chosen": False,
             "created_at": now, "unreachable": False} for i in range(FILINGS)])
        sms = {"opened_at": now.isoformat(), "deadline": (now + timedelta(hours=24)).isoformat(),
               "owners": ["subject_owner"], "confirmed": {}}
        await session.execute(insert(Filing), [
            {"number": f"F-2026-{i + 1:06d}", "applicant_id": i + 1, "status": "sms_pending",
             "filing_type": "first",
             "answers": {"subject_owner.name": "张伟", "subject_owner.mobile": "+8613812345678",
                         "site1.name": "代码与咖啡", "site1.owner_same": "yes"},
             "conversation": {}, "progress": {"sms": sms, "since_event": 1},
             "created_at": now, "updated_at": now, "version": 1} for i in range(FILINGS)])
        rows = []
        for i in range(reminders):
            at = now - timedelta(seconds=1) if i < due else now + timedelta(hours=1, seconds=i)
            rows.append({"filing_id": i % FILINGS + 1, "kind": "sms", "target": "subject_owner",
                         "due_at": at, "status": "pending", "dedupe_key": f"b{i}",
                         "data": {"occasion": "1"}, "created_at": now})
        for start in range(0, len(rows), 10_000):
            await session.execute(insert(Reminder), rows[start:start + 10_000])
        await session.commit()
    return app, Ticker(app.services, app.bot)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, ticker = await build(Path(tmp), args.reminders, args.due)
        gc.collect()
        before = rss_mb()
        t0 = time.perf_counter()
        report = await ticker.tick()  # type: ignore[attr-defined]
        with_due = (time.perf_counter() - t0) * 1000
        idle = []
        for _ in range(20):
            t0 = time.perf_counter()
            await ticker.tick()  # type: ignore[attr-defined]
            idle.append((time.perf_counter() - t0) * 1000)
        for _ in range(200):  # memory stays flat over many more ticks
            await ticker.tick()  # type: ignore[attr-defined]
        gc.collect()
        after = rss_mb()
        await app.engine.dispose()  # type: ignore[attr-defined]
    print(f"{'pending reminders':<34}{args.reminders:>12,}")
    print(f"{'due in the first tick':<34}{args.due:>12,}  (fired {report.fired}, "
          f"sent {report.sent})")
    print(f"{'tick with the due ones (ms)':<34}{with_due:>12.1f}")
    print(f"{'tick with nothing due, median (ms)':<34}{statistics.median(idle):>12.1f}")
    print(f"{'tick with nothing due, max (ms)':<34}{max(idle):>12.1f}")
    print(f"{'RSS before the ticks (MB)':<34}{before:>12.1f}")
    print(f"{'RSS after 221 ticks (MB)':<34}{after:>12.1f}")


if __name__ == "__main__":
    asyncio.run(main())
