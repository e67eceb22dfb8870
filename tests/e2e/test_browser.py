"""The web chat in a real browser: headless Chromium (Debian's `chromium`, driven by Playwright)
opens the page, speaks as 申请人 A, starts a filing, taps a button, types an answer, uploads an
image and sees the bot's reply — with the bot running as its own process, as in `make run`.

The screenshot the README shows (docs/sandbox.png) is taken here; it is rewritten when missing or
when UPDATE_SCREENSHOT=1, so that a test run does not change a tracked file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import APPLICANT_A
from tests.e2e.client import REPO
from tests.e2e.conftest import Stage
from tests.e2e.flows import PERSONAL, answer_questions
from tests.support.images import document_photo

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT = REPO / "docs" / "sandbox.png"
HOW = ("install Debian's chromium (`apt-get install chromium`, which `make test` does when run "
       "as root) or point CHROMIUM at a Chromium binary")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 20_000

try:
    from playwright.async_api import Page, async_playwright, expect
except ImportError:  # pragma: no cover - the test extras install it
    async_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(async_playwright is None,
                       reason="Playwright is not installed: pip install -e '.[test]'"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM}: {HOW}"),
]


@pytest.fixture
async def page(stage: Stage) -> AsyncIterator[Any]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = await browser.new_context(viewport={"width": 420, "height": 860},
                                            device_scale_factor=2, locale="zh-CN",
                                            is_mobile=True, has_touch=True)
        page = await context.new_page()
        page.set_default_timeout(WAIT_MS)
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        yield page
        await browser.close()
        assert not problems, f"the page had script errors: {problems}"


def bot_says(page: Page, text: str) -> Any:
    return page.locator(".row.bot .bubble").filter(has_text=text).last


async def test_a_filing_in_the_browser(stage: Stage, page: Page, tmp_path: Path) -> None:
    await stage.start_bot()
    await page.goto(stage.web.url)
    await page.get_by_role("tab", name="申请人 A").click()
    await expect(page.locator("#whoami")).to_contain_text(str(APPLICANT_A.user_id))
    await expect(page.locator("#bot-status")).to_have_class("bot-status online")

    # Start a filing: type a command, tap the welcome's button.
    await page.locator("#input").fill("/start")
    await page.locator("#input").press("Enter")
    await expect(bot_says(page, "ICP 备案助手")).to_be_visible()
    await page.get_by_role("button", name="开始备案").click()
    await expect(bot_says(page, "请选择主办单位所在省份")).to_be_visible()

    # Tap a button: the question is edited live (✓ 北京, its buttons gone).
    await page.locator(".inline-kb button", has_text="北京").last.click()
    await expect(bot_says(page, "✓ 北京")).to_be_visible()
    await expect(bot_says(page, "所在城市和区县")).to_be_visible()

    # Answer a question by typing.
    await page.locator("#input").fill("北京市东城区")
    await page.locator("#composer button[type=submit]").click()
    await expect(page.locator(".row.user .bubble").last).to_contain_text("北京市东城区")
    await expect(bot_says(page, "✓ 北京市东城区")).to_be_visible()
    await expect(bot_says(page, "请选择主办单位性质")).to_be_visible()

    # The rest of the form up to the first document, from the same person's other device:
    # the page follows live.
    await answer_questions(stage.person(APPLICANT_A), PERSONAL, until="身份证人像面")
    await expect(bot_says(page, "请上传主体负责人身份证人像面")).to_be_visible()

    # Upload an image with the file picker; the bot checks it and asks for the next one.
    photo = tmp_path / "身份证人像面.jpg"
    photo.write_bytes(document_photo(seed=4))
    await page.locator("#file-input").set_input_files(str(photo))
    await expect(page.locator("#tray")).to_be_visible()
    await page.locator("#tray-send").click()
    await expect(page.locator(".row.user img.photo").last).to_be_visible()
    await expect(bot_says(page, "请上传主体负责人身份证国徽面")).to_be_visible()
    await expect(bot_says(page, "✅ 主体负责人证件正面")).to_be_visible()

    # A second tab as the same person shows the same conversation.
    second = await page.context.new_page()
    await second.goto(f"{stage.web.url}/#a")
    await expect(second.locator(".row.user img.photo")).to_have_count(1)
    assert await second.locator(".row").count() == await page.locator(".row").count()
    await second.close()

    shot = tmp_path / "sandbox.png"
    await page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
    if not SCREENSHOT.exists() or os.environ.get("UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, SCREENSHOT)
