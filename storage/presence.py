"""Is any other bot process alive on this database? Asked at start-up, to clean up what a crash
left half done (files of uploads that never committed, notices left "sending") without touching
what a living process is in the middle of.

SQLite: one process by definition (the README says so), so a starting process is always alone.
PostgreSQL: every bot process holds a shared advisory lock for as long as it lives (on a
connection of its own; PostgreSQL releases it when the process dies, however it dies). A
starting process first tries the same lock exclusively: it gets it only when nobody holds it
shared, that is when no other bot process is alive.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# An arbitrary 64-bit key naming "a bot process is alive" among advisory locks.
PRESENCE_KEY = 7_316_582_044_019_211


class Presence:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.connection: AsyncConnection | None = None

    async def join(self) -> bool:
        """Count this process among the living; True when it is the only one (the caller
        cleans up, then calls `settle`)."""
        if self.engine.dialect.name != "postgresql":
            return True
        self.connection = await self.engine.connect()
        alone = bool(await self.connection.scalar(text("SELECT pg_try_advisory_lock(:key)"),
                                                  {"key": PRESENCE_KEY}))
        if not alone:
            await self.connection.scalar(text("SELECT pg_advisory_lock_shared(:key)"),
                                         {"key": PRESENCE_KEY})
        await self.connection.commit()  # session-level locks outlive the transaction
        self._exclusive = alone
        return alone

    async def settle(self) -> None:
        """After the clean-up: from now on others may start beside this process."""
        if self.connection is not None and self._exclusive:
            await self.connection.scalar(text("SELECT pg_advisory_lock_shared(:key)"),
                                         {"key": PRESENCE_KEY})
            await self.connection.scalar(text("SELECT pg_advisory_unlock(:key)"),
                                         {"key": PRESENCE_KEY})
            await self.connection.commit()
            self._exclusive = False

    async def leave(self) -> None:
        if self.connection is not None:
            # The connection goes back to the pool, where its session lives on: unlock first.
            await self.connection.scalar(text("SELECT pg_advisory_unlock_all()"))
            await self.connection.commit()
            await self.connection.close()
            self.connection = None
