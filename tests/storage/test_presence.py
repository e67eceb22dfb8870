"""Whether a starting bot process is alone on its database (storage/presence.py): it then
cleans up after crashed processes; beside a living one it must not."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.presence import Presence


async def test_a_process_is_alone_only_when_no_other_lives(engine: AsyncEngine) -> None:
    first = Presence(engine)
    assert await first.join() is True
    await first.settle()
    second = Presence(engine)
    postgres = engine.dialect.name == "postgresql"
    # SQLite is one process by definition; PostgreSQL sees the first one alive.
    assert await second.join() is (not postgres)
    await second.settle()
    await first.leave()  # a clean stop, or a crash: PostgreSQL drops its lock either way
    third = Presence(engine)
    assert await third.join() is (not postgres)  # the second still lives
    await third.settle()
    await second.leave()
    await third.leave()
    last = Presence(engine)
    assert await last.join() is True
    await last.settle()
    await last.leave()
