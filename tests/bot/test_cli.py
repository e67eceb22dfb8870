"""The operator CLI, run as a real process on the same database the bot uses."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from dialogs.status import FilingStatus
from storage.models import Outbox, RegistryDomain
from tests.support.app import App
from tests.support.flows import PERSONAL, filing_of, fill, submit_from_review
from tests.support.images import document_photo


async def cli(app: App, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{app.root / 'icp-bot.db'}",
           "DATA_DIR": str(app.root / "data"), "LOG_LEVEL": "WARNING"}
    env.pop("BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=Path(__file__).parents[2],
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def deliver(app: App) -> None:
    """The CLI runs on the real clock; move the test clock up to it, then let the bot send what
    the CLI queued."""
    app.clock.at = max(app.clock.at, datetime.now(UTC) + timedelta(seconds=1))
    await app.services.sender.flush(app.bot)


async def test_operator_takes_a_filing_from_review_to_approval(app: App) -> None:
    applicant = app.person(1001)
    await applicant.send("/new")
    await fill(app, applicant, PERSONAL)
    await submit_from_review(applicant)

    code, out, _ = await cli(app, "review", "list")
    assert code == 0 and "F-2026-000001" in out and "待初审" in out

    code, out, _ = await cli(app, "review", "show", "F-2026-000001")
    assert code == 0
    assert "110101********4477" in out and "110101199003074477" not in out
    assert "提交初审" in out  # the history
    assert "doc.subject_id_front:" in out  # documents with their stored paths

    code, _, err = await cli(app, "review", "reject", "F-2026-000001",
                             "--reason", "site1.name:site_name:名称太像企业")
    assert code == 0, err
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.REJECTED_INITIAL
    async with app.sessionmaker() as session:
        queued = (await session.execute(select(Outbox).where(Outbox.chat_id == 1001,
                                                             Outbox.kind == "rejected_initial"))
                  ).scalars().all()
    assert len(queued) == 1  # the push waits in the outbox for the running bot
    await deliver(app)
    assert "名称太像企业" in applicant.last.text

    await applicant.tap("修改信息")
    await applicant.send("咖啡与代码")
    await applicant.send_photo(document_photo(seed=99))  # the re-signed form
    await applicant.tap("重新提交")
    await applicant.tap("继续提交")

    code, _, _ = await cli(app, "review", "approve", "F-2026-000001")
    assert code == 0
    code, _, err = await cli(app, "filing", "advance", "F-2026-000001", "verify_pass")
    assert code == 2 and "核验照片还没有全部上传" in err
    await deliver(app)
    await applicant.send_photo(document_photo(seed=8))
    for step in (["verify_pass"], ["to_authority"], ["sms_done", "--owner", "subject_owner"]):
        code, _, err = await cli(app, "filing", "advance", "F-2026-000001", *step)
        assert code == 0, err
    code, _, err = await cli(app, "filing", "advance", "F-2026-000001", "authority_approve",
                             "--number", "京ICP备7654321号")
    assert code == 0, err
    filing = await filing_of(app, applicant)
    assert filing is not None and filing.status == FilingStatus.APPROVED
    assert filing.progress["numbers"]["sites"] == ["京ICP备7654321号-1"]

    # An illegal transition is refused with the reason, and nothing changes.
    code, _, err = await cli(app, "review", "approve", "F-2026-000001")
    assert code == 2 and "当前状态为“已备案”" in err


async def test_registry_import(app: App, tmp_path: Path) -> None:
    csv_file = tmp_path / "registry.csv"
    csv_file.write_text(
        "subject_number,organizer_id,organizer_name,domain,site_number\n"
        "京ICP备11111111号,91110000MA01ABCD1X,北京甲公司,a-example.cn,京ICP备11111111号-1\n"
        "京ICP备11111111号,91110000MA01ABCD1X,北京甲公司,b-example.cn,京ICP备11111111号-2\n"
        "京ICP备22222222号,110101199003074477,张伟,例子.中国,\n"
        "不是备案号,X,Y,c.cn,\n", encoding="utf-8")
    code, out, err = await cli(app, "registry", "import", str(csv_file))
    assert code == 1  # one line refused
    assert "已导入 2 个主体；1 行被拒绝" in out
    assert "第 5 行" in err
    async with app.sessionmaker() as session:
        domains = (await session.execute(select(RegistryDomain.domain))).scalars().all()
    assert sorted(domains) == ["a-example.cn", "b-example.cn", "xn--fsqu00a.xn--fiqs8s"]


async def test_unknown_filing_number(app: App) -> None:
    code, _, err = await cli(app, "review", "show", "F-2026-999999")
    assert code == 2 and "没有编号为 F-2026-999999 的备案" in err
