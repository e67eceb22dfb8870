"""The time source, injectable so tests (and demos) control "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self, tz: ZoneInfo = CHINA) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """The date in China: ID validity and birthdays are counted in local days."""
        return self.now().astimezone(self.tz).date()


class FixedClock(Clock):
    """A clock that moves only when told to."""

    def __init__(self, at: datetime, tz: ZoneInfo = CHINA) -> None:
        super().__init__(tz)
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta
