from __future__ import annotations

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
