"""End to end: the bot as its own process (`python -m bot run`), polling the sandbox's Bot API
over real HTTP, and people who use the sandbox's web chat API the way the browser page does.

Nothing here knows the bot's internals: a person reads the newest question, answers it by
typing, tapping a button, sharing the contact or sending a photo, and waits for what the bot says
next (polling with a timeout).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox import APPLICANT_A, APPLICANT_B, REVIEWER
from tests.e2e.client import REPO, SETTINGS, ChatClient, buttons_of, text_of
from tests.e2e.conftest import Stage
from tests.e2e.flows import PERSONAL, answer_questions, decide, start_filing, submit
from tests.support.images import document_photo


async def test_a_personal_filing_from_start_to_numbers(stage: Stage) -> None:
    await stage.start_bot(SMS_WINDOW="60s", SMS_REMINDERS="0s,30s", TICK_INTERVAL="1s")
    applicant = stage.person(APPLICANT_A)
    reviewer = stage.person(REVIEWER)

    await start_filing(applicant)
    # The bot sent the pre-filled 核验单 to print and sign; the person downloads the PDF.
    form = next(m for m in applicant.bot_messages
                if (m.get("document") or {}).get("mime_type") == "application/pdf")
    assert "核验单" in text_of(form)
    content, disposition = await applicant.download(form["document"]["file_id"])
    assert content.startswith(b"%PDF") and "attachment" in disposition
    await submit(applicant)
    submitted = await applicant.wait_text("已提交初审")
    assert text_of(submitted).startswith("✅ F-2026-") and "代码与咖啡" in text_of(submitted)

    # The reviewer is pushed the submission, opens it and rejects one field.
    push = await reviewer.wait_text("新提交，等待初审")
    assert buttons_of(push) == ["打开"]
    mark = await reviewer.mark()
    await reviewer.tap("打开", push)
    page = await reviewer.wait_button("❌ 初审驳回", mark)
    assert "待初审" in reviewer.texts_after(mark)
    assert "110101199003074477" not in reviewer.texts_after(mark)  # masked for reviewers
    await reviewer.tap("❌ 初审驳回", page)
    picker = await reviewer.wait_text("选择需要修改的项目", "（第 1/", after=page["id"])
    for shown in range(2, 10):  # page through the fields to 网站名称
        if any("网站名称" in b for b in buttons_of(picker)):
            break
        await reviewer.tap("›", picker)
        picker = await reviewer.wait_text("选择需要修改的项目", f"（第 {shown}/",
                                          after=page["id"])
    await reviewer.tap("网站名称", picker)
    await reviewer.tap("网站名称不符合要求", await reviewer.wait_button("网站名称不符合要求"))
    await reviewer.tap("跳过", await reviewer.wait_button("跳过"))  # no note
    confirm = await reviewer.wait_button("确认驳回（1 条）")
    await reviewer.tap("确认驳回（1 条）", confirm)
    assert "初审驳回" in text_of(await reviewer.wait_text("已处理", after=page["id"]))

    rejected = await applicant.wait_text("初审未通过（1 项需修改）")
    assert "网站名称" in text_of(rejected)
    await applicant.tap("修改信息", rejected)
    again = await applicant.wait_text("请输入网站名称", after=rejected["id"])
    assert "之前填写：代码与咖啡" in text_of(again)
    await applicant.send("咖啡与代码")
    # A new name means a new 核验单: the bot sends it again and asks for the signed one.
    await answer_questions(applicant, PERSONAL, until="网站名称：代码与咖啡 → 咖啡与代码",
                           after=await applicant.mark())
    changes = applicant.last
    await applicant.tap("重新提交", changes)
    await applicant.tap("继续提交", await applicant.wait_button("继续提交", changes["id"]))
    await applicant.wait_text("已提交", after=changes["id"])

    # Resubmitted: the reviewer approves.
    mark = await decide(reviewer, "✅ 初审通过", "修改后重新提交", mark)
    assert "真实性核验" in text_of(await reviewer.wait_text("已处理", after=mark))
    request = await applicant.wait_text("请为以下负责人各发送一张核验照片：张伟")

    # The verification photo, the reviewer looks at the documents and passes it.
    await applicant.send_photo(document_photo(seed=31), "selfie.jpg")
    await applicant.wait_text("核验照片已全部上传", after=request["id"])
    push = await reviewer.wait_text("核验照片已上传，等待真实性核验", after=mark)
    mark = await reviewer.mark()
    await reviewer.tap("打开", push)
    page = await reviewer.wait_button("✅ 核验通过", mark)
    await reviewer.tap("📎 资料", page)
    albums = await reviewer.wait_for(
        lambda chat: [m for m in chat["messages"] if m["id"] > page["id"] and m.get("photo")],
        "the documents")
    assert albums[0]["media_group_id"] and albums[0]["caption"]
    await reviewer.tap("✅ 核验通过", page)
    await reviewer.wait_text("已处理", after=page["id"])

    # Submitted to the authority: the SMS window opens; the one owner confirms.
    mark = await decide(reviewer, "已提交管局")
    window = await applicant.wait_text("短信核验", "138****5678", after=request["id"])
    query = await applicant.tap("张伟 已完成短信核验", window)
    await applicant.answer_to(query)
    done = await applicant.wait_text("短信核验已完成", after=window["id"])

    # The authority approves: the reviewer types the number; the applicant gets the numbers.
    mark = await decide(reviewer, "管局通过")
    await reviewer.wait_text("请输入备案", "主体备案号", after=mark)
    await reviewer.send("京ICP备12345678号")
    approved = await applicant.wait_text("备案已通过", after=done["id"])
    assert "京ICP备12345678号-1" in text_of(approved)
    # The footer snippet for the website arrives as text to copy, not as a link.
    snippet = '<a href="https://beian.miit.gov.cn/" target="_blank">京ICP备12345678号-1</a>'
    assert snippet in text_of(approved)


@pytest.mark.skipif(importlib.util.find_spec("bot.scheduler") is None,
                    reason="needs the scheduler tick (issue D)")
async def test_the_sms_window_runs_out_with_reminders(stage: Stage) -> None:
    await stage.start_bot(SMS_WINDOW="6s", SMS_REMINDERS="0s,2s,4s", TICK_INTERVAL="1s")
    applicant = stage.person(APPLICANT_B)
    reviewer = stage.person(REVIEWER)
    await start_filing(applicant)
    await submit(applicant)
    await applicant.wait_text("已提交初审")

    mark = await decide(reviewer, "✅ 初审通过", "新提交，等待初审")
    request = await applicant.wait_text("核验照片")
    await applicant.send_photo(document_photo(seed=7))
    await applicant.wait_text("核验照片已全部上传", after=request["id"])
    mark = await decide(reviewer, "✅ 核验通过", "核验照片已上传", mark)
    mark = await decide(reviewer, "已提交管局")
    window = await applicant.wait_text("短信核验", after=request["id"])

    # Nobody confirms: three reminders (0 s, 2 s, 4 s), then the window closes at 6 s.
    expired = await applicant.wait_text("短信核验已超时", after=window["id"], timeout=30)
    reminders = [m for m in applicant.bot_messages
                 if window["id"] <= m["id"] < expired["id"]
                 and "还没有完成工信部短信核验" in text_of(m)]
    assert len(reminders) == 3, applicant.transcript(10)
    assert "重新提交" in text_of(expired)
    await reviewer.wait_text("短信核验超时", after=mark)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_run_without_a_token_starts_the_sandbox(tmp_path: Path) -> None:
    """`make run` on a fresh clone: no BOT_TOKEN, one process, the address printed, a person can
    talk to the bot at once, Ctrl-C stops everything."""
    web_port, api_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update({"DATA_DIR": str(tmp_path / "data"), "SMS_WINDOW": "5m",
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'icp-bot.db'}",
                "SANDBOX_WEB_PORT": str(web_port), "SANDBOX_API_PORT": str(api_port),
                "PYTHONPATH": str(REPO)})
    log = tmp_path / "run.log"
    with log.open("wb") as handle:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stdout=handle,
            stderr=asyncio.subprocess.STDOUT)
    web = f"http://127.0.0.1:{web_port}"
    try:
        deadline = time.monotonic() + 60
        while f"Open {web}" not in log.read_text(errors="replace"):
            assert process.returncode is None and time.monotonic() < deadline, log.read_text()
            await asyncio.sleep(0.1)
        banner = log.read_text()
        assert "SMS_WINDOW      5m" in banner and "from the environment" in banner
        assert "SMS_REMINDERS   0s,1m,5m,8m,9m" in banner and "sandbox default" in banner
        assert "@BotFather" in banner and "BOT_TOKEN=" in banner  # how to use real Telegram
        assert f"REVIEWER_IDS={REVIEWER.user_id}" in banner

        async with aiohttp.ClientSession() as http:
            person = ChatClient(http, web, APPLICANT_A.user_id, "A")
            await person.send("/start")
            welcome = await person.wait_text("ICP 备案助手")
            assert buttons_of(welcome) == ["开始备案"]
        assert (tmp_path / "data" / "icp-bot.db").exists()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(process.wait(), 30)
    assert code == 0 and "icp-bot sandbox stopped." in log.read_text()
