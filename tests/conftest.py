from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.app import App, make_app


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    application = await make_app(tmp_path)
    yield application
    await application.engine.dispose()


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests need a server "
                    "(e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test)")
    return url
