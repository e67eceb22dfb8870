"""The image worker dies (the OOM killer, an operator's `kill -9`) while the bot runs (issue G,
item 5): the next photo is checked by a new worker and accepted like any other, with no
apology. The real worker pool the uploads use (`bot.workers.default_pool`), real processes."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.workers import default_pool
from storage.models import Document
from tests.support.app import App
from tests.support.flows import PERSONAL, filing_of, fill
from tests.support.images import document_photo
from tests.support.processes import dead

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="process states are read from /proc")

DEADLINE = 30.0  # seconds; what takes well under a second on an idle machine
APOLOGY = "抱歉，处理这条消息时出了问题"



async def until_dead(pids: list[int]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not all(dead(pid) for pid in pids):
        assert time.monotonic() < deadline, f"workers {pids} still alive"
        await asyncio.sleep(0.05)


async def test_a_photo_after_the_image_worker_was_killed_is_accepted(app: App) -> None:
    person = app.person(3001)
    await person.send("/new")
    await fill(app, person, PERSONAL, until="doc.subject_id_front")
    pool = default_pool()
    workers = await pool.ready()
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    await until_dead(workers)

    mark = person.mark()
    await person.send_photo(document_photo(seed=31))

    said = person.text_since(mark)
    assert APOLOGY not in said
    assert "✅ 已收到：主体负责人证件正面" in said
    assert "国徽面" in person.last.text  # on to the next question
    filing = await filing_of(app, person)
    assert filing is not None and "doc.subject_id_front" in filing.answers
    async with app.sessionmaker() as session:
        slots = list((await session.execute(select(Document.slot))).scalars())
    assert slots == ["doc.subject_id_front"]
    replaced = await pool.ready()
    assert replaced and not set(replaced) & set(workers)  # new workers serve the next photo

