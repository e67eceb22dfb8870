"""Configuration from environment variables and an optional `.env` (twelve-factor).

Names and defaults are those of docs/architecture (BOT_TOKEN, TELEGRAM_API_BASE, DATABASE_URL,
DATA_DIR, REVIEWER_IDS, SMS_WINDOW, SMS_REMINDERS, TICK_INTERVAL, TIMEZONE).
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, SecretStr
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_PART = re.compile(r"(\d+(?:\.\d+)?)([dhms])")


def parse_duration(text: str | timedelta | int | float) -> timedelta:
    """"24h", "1h30m", "45d", "0s", or a number of seconds."""
    if isinstance(text, timedelta):
        return text
    if isinstance(text, int | float):
        return timedelta(seconds=text)
    compact = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", compact):
        return timedelta(seconds=float(compact))
    if not compact or _PART.sub("", compact):
        raise ValueError(f"not a duration: {text!r} (examples: 24h, 1h30m, 45d, 5s)")
    total = timedelta()
    for amount, unit in _PART.findall(compact):
        total += timedelta(**{_UNITS[unit]: float(amount)})
    return total


def _durations(value: Any) -> list[timedelta]:
    if isinstance(value, list | tuple):
        return [parse_duration(v) for v in value]
    return [parse_duration(part) for part in str(value).split(",") if part.strip()]


def _ids(value: Any) -> list[int]:
    if isinstance(value, list | tuple):
        return [int(v) for v in value]
    return [int(part) for part in re.split(r"[,\s]+", str(value or "")) if part]


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Durations = Annotated[list[timedelta], NoDecode, BeforeValidator(_durations)]
Ids = Annotated[list[int], NoDecode, BeforeValidator(_ids)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///data/icp-bot.db"
    data_dir: Path = Path("data")
    reviewer_ids: Ids = []
    review_chat_id: int | None = None
    sms_window: Duration = timedelta(hours=24)
    sms_reminders: Durations = [timedelta(0), timedelta(hours=1), timedelta(hours=12),
                                timedelta(hours=20), timedelta(hours=23)]
    tick_interval: Duration = timedelta(seconds=5)
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    # Reminders (rules §5). Every duration can be shortened for a demo or a test.
    idle_reminders: Durations = [timedelta(hours=24), timedelta(hours=72)]
    draft_warning: Duration = timedelta(days=40)
    draft_expiry: Duration = timedelta(days=45)
    rejection_reminders: Durations = [timedelta(days=3), timedelta(days=7)]
    rejection_expiry: Duration = timedelta(days=45)
    review_deadline: Duration = timedelta(days=1)  # counted in working days when ≥ 1 day
    quiet_hours: str = "22:00-08:00"  # non-urgent reminders wait until the end, China time
    # Sending: below Telegram's limits (about 30 messages/s overall, 1/s per chat).
    send_rate: float = 25.0
    chat_rate: float = 1.0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quiet(self) -> tuple[time, time]:
        start, end = (time.fromisoformat(part.strip()) for part in self.quiet_hours.split("-"))
        return start, end
