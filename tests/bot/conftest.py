from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.app import App, make_app
from tests.support.flaky import FlakyTelegram


@pytest.fixture
async def flaky(tmp_path: Path) -> AsyncIterator[App]:
    """The app against a Telegram that fails on demand (tests/support/flaky.py)."""
    application = await make_app(tmp_path, tg=FlakyTelegram())
    yield application
    await application.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None for a SQLite file of the test's own, or the PostgreSQL database of
    TEST_DATABASE_URL (the test is skipped without one)."""
    if request.param == "sqlite":
        return None
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL variant needs a server")
    return url
