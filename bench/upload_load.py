"""Do uploads slow other people down? Text-reply latency with and without 10 uploads in flight.

    .venv/bin/python bench/upload_load.py [--texters 20] [--rounds 15]

The real dispatcher, SQLite file and Pillow checks, with Telegram faked at the network edge
(tests/support). `--texters` people answer the city question over and over (each answer is
validated, committed and replied to); first alone, then while 10 other people keep sending
4000×3000 phone photos (each sends the next as soon as the last is checked, stored and
acknowledged). The image checks run in a worker process, so the event loop keeps answering.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.app import make_app
from tests.support.flows import (
    PERSONAL,
    Text,
    fill,
)
from tests.support.samples import document, jpeg, sensor_noise


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def texting(people: list, rounds: int) -> list[float]:
    latencies: list[float] = []

    async def one(person: object) -> None:
        for i in range(rounds):
            await person.tap("← 上一步")  # type: ignore[attr-defined]  back to the city
            t0 = time.perf_counter()
            await person.send(f"北京市朝阳区{i}号")  # type: ignore[attr-defined]
            latencies.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(one(person) for person in people))
    return latencies


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texters", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    photo = jpeg(sensor_noise(document(4000, 3000, seed=7), 2.0), quality=88)
    with tempfile.TemporaryDirectory() as tmp:
        app = await make_app(Path(tmp))
        texters = [app.person(10_000 + i) for i in range(args.texters)]
        for person in texters:
            await person.send("/new")
            await person.tap("北京")
            await person.send("北京市朝阳区")
        # Uploaders are at the "other material" question of their own filings, which takes any
        # number of pages: each photo they send is checked, stored and acknowledged.
        uploaders = [app.person(20_000 + i) for i in range(10)]
        for i, person in enumerate(uploaders):
            await person.send("/new")
            await fill(app, person, {**PERSONAL, "organizer_id": Text(_id(i)),
                                     "domains": Text(f"load{i}.cn")},
                       until="doc.other_material")

        quiet = await texting(texters, args.rounds)

        stop = asyncio.Event()
        checked = 0

        async def upload(person: object) -> None:
            nonlocal checked
            while not stop.is_set():
                await person.send_photo(photo, width=4000, height=3000)  # type: ignore[attr-defined]
                checked += 1

        load = [asyncio.create_task(upload(person)) for person in uploaders]
        await asyncio.sleep(0.5)
        busy = await texting(texters, args.rounds)
        stop.set()
        await asyncio.gather(*load)
        await app.engine.dispose()

    print(f"{'text replies measured':<36}{len(quiet):>8} alone, {len(busy)} under load")
    print(f"{'photos checked during the load':<36}{checked:>8}")
    print(f"{'':<36}{'alone':>10}{'uploads':>10}{'ratio':>8}")
    for name, q in (("median (ms)", 0.5), ("p95 (ms)", 0.95), ("p99 (ms)", 0.99)):
        a, b = p(quiet, q), p(busy, q)
        print(f"{'text reply ' + name:<36}{a:>10.1f}{b:>10.1f}{b / a:>8.2f}")
    print(f"{'text reply mean (ms)':<36}{statistics.mean(quiet):>10.1f}"
          f"{statistics.mean(busy):>10.1f}")


def _id(i: int) -> str:
    first17 = f"11010119900302{i:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights,
                                                                   strict=True)) % 11]


if __name__ == "__main__":
    asyncio.run(main())
