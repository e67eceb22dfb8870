"""The bot killed with SIGKILL at random moments while people file: the counts for
docs/reliability.md.

    .venv/bin/python bench/crash.py [--applicants 20] [--kills 20] [--seed 1]
                                    [--database-url postgresql+asyncpg://…]

Each applicant fills in and submits a personal filing through the sandbox's web chat; the bot
runs as its own process and is killed every 0.3–2.5 s of its life, then started again. The
counts come from the chats and the bot's database afterwards (tests/e2e/chaos.py says how each
is measured). A PostgreSQL database given with --database-url is emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.chaos import run_chaos
from tests.support.app import empty_postgres


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=20)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        await empty_postgres(args.database_url)
    with tempfile.TemporaryDirectory() as root:
        report = await run_chaos(Path(root), applicants=args.applicants, kills=args.kills,
                                 seed=args.seed, database_url=args.database_url)
    print("| measure | count |\n|---|---|")
    for name, value in report.rows():
        print(f"| {name} | {value} |")
    for problem in report.problems:
        print("problem:", problem)


if __name__ == "__main__":
    asyncio.run(main())
