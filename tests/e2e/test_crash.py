"""The bot killed with SIGKILL again and again while people file (issue G): nothing acknowledged
is lost, every update is handled, nothing is applied twice, no file or process is left behind,
every notice arrives. The long run for docs/reliability.md is `bench/crash.py`."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.chaos import Report, run_chaos
from tests.support.app import empty_postgres

APPLICANTS = 6
KILLS = 10


def check(report: Report) -> None:
    summary = "\n".join(f"{name:<42} {value}" for name, value in report.rows())
    details = "\n".join(report.problems[:30])
    assert report.kills >= KILLS, summary
    assert (report.never_handled, report.lost_answers, report.double_effects,
            report.orphan_files, report.orphan_workers, report.lost_notices) == (0,) * 6, (
        f"{summary}\n{details}")
    assert report.duplicate_notices <= report.kills, summary


async def test_killed_ten_times_while_six_people_file_on_sqlite(tmp_path: Path) -> None:
    check(await run_chaos(tmp_path, applicants=APPLICANTS, kills=KILLS, seed=7))


async def test_killed_ten_times_while_six_people_file_on_postgresql(
        tmp_path: Path, postgres_url: str) -> None:
    await empty_postgres(postgres_url)
    check(await run_chaos(tmp_path, applicants=APPLICANTS, kills=KILLS, seed=11,
                          database_url=postgres_url))
