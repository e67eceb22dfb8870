"""The bot killed with SIGKILL at random moments while people file: what survives.

Applicants fill in and submit a personal filing through the sandbox's web chat while the bot
runs as its own process (`python -m bot run`, polling the sandbox's Bot API). Every few seconds
the bot is killed with SIGKILL and started again. Each person acts like a person: they answer
the newest question on screen, re-read the chat when the bot is silent, and answer again what
the bot asks again. Afterwards the database and the chats are compared with what the people
did and saw:

- an answer or upload the bot acknowledged (the question closed with "✓", "✅ 已收到") that it
  later asks for again was lost;
- a value stored under another field than the one it was typed for, or a photo stored in another
  slot than the one it was sent for, is a double effect (an answer applied to a second question);
- an update the sandbox delivered that has no closed inbox row was never handled;
- a document file that no row refers to after the last restart is an orphan;
- a worker process that outlived its bot is an orphan;
- a submission whose notices (to the applicant, to the reviewer) never arrived lost a notice, and
  one that arrived twice is a duplicate (allowed only around a kill, and counted).

Used by `tests/e2e/test_crash.py` (a short run that must show zeros) and `bench/crash.py` (a long
run whose table goes into docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.sandbox import REVIEWER, Persona
from bot.sandbox.botapi import Server, create_botapi_app, serve
from bot.sandbox.state import Sandbox, _photo_sizes
from bot.sandbox.web import create_web_app
from dialogs.validation.ids import resident_id_check_char
from tests.e2e.client import BotProcess, ChatClient, buttons_of, start_bot, text_of
from tests.e2e.flows import question_line
from tests.support.images import document_photo
from tests.support.processes import children, dead

SITE_NAMES = ("代码与咖啡", "山间小记", "云上札记", "海边书屋", "星河日志", "林间笔记",
              "晨光手帐", "夜读时光", "雨后花园", "远方来信", "草木笔谈", "旧城漫步",
              "北窗随笔", "南山书简", "清泉茶话", "春日书签", "秋声小集", "冬夜灯下",
              "溪畔闲谈", "月下书台")
SUMMARY = "核对信息"
SUBMITTED = "已提交初审"
STALL = 150.0  # seconds without progress before a person gives up: more than a notice lease
POLL = 0.1


def resident_id(serial: int) -> str:
    first17 = f"110101199003{(serial % 28) + 1:02d}{100 + serial % 800:03d}"
    return first17 + resident_id_check_char(first17)


@dataclass(frozen=True)
class Plan:
    """What one applicant will enter: a value per question (by what the question reads), all
    different from each other, so a value found under another field gives itself away."""

    persona: Persona
    answers: tuple[tuple[str, str, str], ...]  # (question contains, field key, value or tap)
    photos: dict[str, int]  # upload question contains → photo seed

    @property
    def typed(self) -> dict[str, str]:
        """Field key → the value typed for it."""
        return {key: value for _, key, value in self.answers if not value.startswith("tap:")}


def plan_for(index: int) -> Plan:
    persona = Persona(f"c{index}", 300000 + index, "张伟", f"+86138{1000 + index:04d}5678",
                      f"申请人 C{index}", f"Applicant C{index}")
    answers = (
        ("主办单位所在省份", "province", "tap:北京"),
        ("所在城市和区县", "city", "tap:跳过"),
        ("主办单位性质", "nature", "tap:个人"),
        ("主办单位证件类型", "id_type", "tap:居民身份证"),
        ("主办单位名称", "organizer_name", "张伟"),
        ("主办单位证件号码", "organizer_id", resident_id(index)),
        ("已经备案过", "subject_filed", "tap:否"),
        ("要备案的域名", "domains", f"chaos{index}-demo.com"),
        ("证件住所", "cert_address", f"北京市东城区东华门街道 {index} 号"),
        ("通信地址", "mail_address", f"北京市朝阳区建国路 {100 + index} 号 2 号楼 1201 室"),
        ("投资者或上级主管单位", "investor", "tap:使用"),
        ("有效期的开始日期", "subject_owner.id_valid_from", "2020-01-01"),
        ("有效期的截止日期", "subject_owner.id_valid_to", "2040-01-01"),
        ("手机号码", "subject_owner.mobile", "contact:"),
        ("应急联系电话", "subject_owner.emergency_phone", f"010-6{index:03d}5678"),
        ("电子邮箱", "subject_owner.email", f"chaos{index}@example.com"),
        ("向审核人员说明", "subject_remark", "tap:跳过"),
        ("网站名称", "site1.name", SITE_NAMES[index % len(SITE_NAMES)]),
        ("网站首页地址", "site1.home_url", "tap:使用"),
        ("网站服务内容", "site1.content", "ticks:博客"),
        ("网站语言", "site1.languages", "ticks:"),
        ("网站有需要说明", "site1.remark", "tap:跳过"),
        ("其他材料", "doc.other_material", "tap:跳过"),
    )
    photos = {"人像面": index * 10 + 1, "国徽面": index * 10 + 2, "核验单": index * 10 + 3,
              "域名证书": index * 10 + 4}
    return Plan(persona, answers, photos)


@dataclass
class Applicant:
    plan: Plan
    client: ChatClient
    acted: dict[int, int] = field(default_factory=dict)  # message id → times acted on it
    acknowledged: set[str] = field(default_factory=set)  # question lines the bot closed
    lost: list[str] = field(default_factory=list)  # acknowledged, then asked again
    sent_photos: dict[str, bytes] = field(default_factory=dict)  # slot hint → photo sent
    done: bool = False


@dataclass
class Report:
    database: str = "sqlite"
    applicants: int = 0
    kills: int = 0
    updates: int = 0  # delivered by the sandbox
    handled: int = 0  # closed inbox rows
    never_handled: int = 0
    lost_answers: int = 0
    double_effects: int = 0
    orphan_files: int = 0
    orphan_workers: int = 0
    lost_notices: int = 0
    duplicate_notices: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        return [("database", self.database), ("applicants", str(self.applicants)),
                ("kills (SIGKILL)", str(self.kills)), ("updates sent", str(self.updates)),
                ("updates handled", str(self.handled)),
                ("updates never handled", str(self.never_handled)),
                ("acknowledged answers or uploads lost", str(self.lost_answers)),
                ("double effects", str(self.double_effects)),
                ("orphan document files", str(self.orphan_files)),
                ("orphan worker processes", str(self.orphan_workers)),
                ("notices lost", str(self.lost_notices)),
                ("notices duplicated (each around a kill)", str(self.duplicate_notices)),
                ("wall time", f"{self.seconds:.0f} s")]


# --- one person --------------------------------------------------------------------------
def _newest(chat: dict[str, Any], check: Callable[[dict[str, Any]], bool]) -> dict | None:
    for message in reversed(chat["messages"]):
        if message["from_bot"] and check(message):
            return message
    return None


def _slot_hint(line: str, plan: Plan) -> str | None:
    return next((hint for hint in plan.photos if hint in line), None)


async def _act_on_question(person: Applicant, message: dict[str, Any], line: str) -> None:
    client, plan = person.client, person.plan
    hint = _slot_hint(line, plan) if "上传" in line else None
    if hint is not None:
        photo = document_photo(seed=plan.photos[hint])
        person.sent_photos[hint] = photo
        await client.send_photo(photo, f"IMG_{plan.photos[hint]:04d}.jpg")
        return
    entry = next(((q, k, v) for q, k, v in plan.answers if q in line), None)
    if entry is None:
        raise AssertionError(f"{client.name}: no answer planned for {line!r}")
    value = entry[2]
    if value.startswith("tap:"):
        await client.tap(value[4:], message)
    elif value.startswith("contact:"):
        await client.share_contact()
    elif value.startswith("ticks:"):
        wanted = [v for v in value[6:].split(",") if v]
        labels = buttons_of(message)
        for label in wanted:  # a tick already shown (a re-asked question) is not undone
            if not any(b.startswith("✓") and label in b for b in labels):
                await client.tap(label, message)
                await _wait_ticked(client, message["id"], label)
        await client.tap("完成", message)
    else:
        await client.send(value)


async def _wait_ticked(client: ChatClient, message_id: int, label: str,
                       mark: str = "✓") -> None:
    deadline = time.monotonic() + STALL
    while time.monotonic() < deadline:
        chat = await client.look()
        current = next((m for m in chat["messages"] if m["id"] == message_id), None)
        if current is None or any(b.startswith(mark) and label in b for b in buttons_of(current)):
            return
        if _newest(chat, lambda m: m["id"] > message_id and question_line(m) is not None):
            return  # asked again after a restart: act on the new message
        await asyncio.sleep(POLL)


def _note_acknowledged(person: Applicant, chat: dict[str, Any]) -> None:
    """Questions the bot closed with the accepted value, and uploads it said it received."""
    for message in chat["messages"]:
        if not message["from_bot"]:
            continue
        body = text_of(message)
        line = question_line(message)
        if line is not None and "\n✓ " in body:
            person.acknowledged.add(line)
        elif body.startswith("✅ 已收到："):
            person.acknowledged.add("upload:" + body.split("：", 1)[1])


def _kind(message: dict[str, Any]) -> str | None:
    """What a bot message asks of the person, if anything."""
    body, buttons = text_of(message), buttons_of(message)
    if SUBMITTED in body:
        return "submitted"
    if any("继续提交" in b for b in buttons):
        return "confirm"
    if "请阅读并勾选" in body:
        return "agreements"
    if SUMMARY in body:
        return "summary"
    if question_line(message) is not None:
        return "question"
    return None


async def _agree_and_go_on(client: ChatClient, message: dict[str, Any]) -> None:
    for agreement in ("信息安全管理协议", "协助更改"):
        if any(b.startswith("☐") and agreement in b for b in buttons_of(message)):
            await client.tap(agreement, message)
            await _wait_ticked(client, message["id"], agreement, mark="☑")
    await client.tap("继续", message)


async def run_applicant(person: Applicant) -> None:
    client = person.client
    await client.send("/new")
    last_progress = time.monotonic()
    seen_lines: Counter[str] = Counter()
    while not person.done:
        chat = await client.look()
        _note_acknowledged(person, chat)
        message = _newest(chat, lambda m: _kind(m) is not None)
        kind = _kind(message) if message is not None else None
        acted = False
        if kind == "submitted":
            person.done = True
        elif message is not None and message["id"] not in person.acted:
            person.acted[message["id"]] = 1
            acted = True
            with contextlib.suppress(AssertionError):  # a button gone: the chat is re-read
                if kind == "question":
                    line = question_line(message) or ""
                    seen_lines[line] += 1
                    if seen_lines[line] > 1 and _was_acknowledged(person, line):
                        person.lost.append(line)
                    await _act_on_question(person, message, line)
                elif kind == "summary":
                    await client.tap("下一步", message)
                elif kind == "agreements":
                    await _agree_and_go_on(client, message)
                elif kind == "confirm":
                    await client.tap("继续提交", message)
        if acted:
            last_progress = time.monotonic()
        elif time.monotonic() - last_progress > STALL:
            raise AssertionError(f"{client.name} made no progress for {STALL:.0f} s; the chat "
                                 f"ends with:\n{client.transcript(10)}")
        await asyncio.sleep(POLL)


# How the bot names each upload in its "✅ 已收到：…" (the question says it differently).
RECEIVED_AS = {"人像面": "证件正面", "国徽面": "证件背面", "核验单": "核验单",
               "域名证书": "域名证书"}


def _was_acknowledged(person: Applicant, line: str) -> bool:
    if line in person.acknowledged:
        return True
    hint = _slot_hint(line, person.plan)
    return hint is not None and any(a.startswith("upload:") and RECEIVED_AS[hint] in a
                                    for a in person.acknowledged)


# --- the process being killed -------------------------------------------------------------
async def _kill(bot: BotProcess, report: Report) -> None:
    workers = children(bot.process.pid)
    bot.process.send_signal(signal.SIGKILL)
    await bot.process.wait()
    report.kills += 1
    for _ in range(150):  # up to 30 s for the kernel to take the workers down with it
        if all(dead(c) for c in workers):
            break
        await asyncio.sleep(0.2)
    survivors = [c for c in workers if not dead(c)]
    report.orphan_workers += len(survivors)
    for pid in survivors:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


async def _killer(start: Callable[[], Any], holder: list[BotProcess], report: Report,
                  kills: int, stop: asyncio.Event, rng: random.Random) -> None:
    for _ in range(kills):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), rng.uniform(0.3, 2.5))
        if stop.is_set():
            return
        await _kill(holder[-1], report)
        holder.append(await start())


# --- the whole run -----------------------------------------------------------------------
@dataclass
class Stage:
    sandbox: Sandbox
    api: Server
    web: Server
    http: aiohttp.ClientSession
    root: Path


async def open_stage(root: Path, people: list[Persona]) -> Stage:
    everyone = (*people, REVIEWER)
    sandbox = Sandbox(people=everyone)
    api = await serve(create_botapi_app(sandbox))
    web = await serve(create_web_app(sandbox, everyone))
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
    return Stage(sandbox, api, web, http, root)


async def close_stage(stage: Stage) -> None:
    await stage.http.close()
    stage.sandbox.close()
    await stage.web.stop()
    await stage.api.stop()


Query = Callable[[str], Awaitable[list[tuple[Any, ...]]]]


def sqlite_query(root: Path) -> Query:
    async def query(sql: str) -> list[tuple[Any, ...]]:
        with contextlib.closing(sqlite3.connect(root / "icp-bot.db")) as connection:
            return list(connection.execute(sql))
    return query


def postgres_query(url: str) -> Query:
    async def query(sql: str) -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()
    return query


async def run_chaos(root: Path, *, applicants: int, kills: int, seed: int = 1,
                    database_url: str | None = None) -> Report:
    """Run people and kills against a bot on SQLite in `root`, or on `database_url` (a
    PostgreSQL database whose schema the caller has emptied)."""
    rng = random.Random(seed)
    plans = [plan_for(i + 1) for i in range(applicants)]
    stage = await open_stage(root, [p.persona for p in plans])
    report = Report(database="postgresql" if database_url else "sqlite", applicants=applicants)
    settings = {"DATABASE_URL": database_url} if database_url else {}
    started = time.monotonic()

    async def start() -> BotProcess:
        return await start_bot(stage.sandbox, stage.api.url, root, REVIEWER.user_id, **settings)

    holder = [await start()]
    people = [Applicant(plan, ChatClient(stage.http, stage.web.url, plan.persona.user_id,
                                         plan.persona.label_en)) for plan in plans]
    stop = asyncio.Event()
    killer = asyncio.create_task(_killer(start, holder, report, kills, stop, rng))
    try:
        await asyncio.gather(*(run_applicant(p) for p in people))
        await killer  # every planned kill happens, also after the people are done
        await _settle(stage)
    finally:
        stop.set()
        killer.cancel()
        await asyncio.gather(killer, return_exceptions=True)
        await holder[-1].stop()
        # One more start: the orphan sweep runs at start-up, as after any crash.
        final = await start()
        await asyncio.sleep(1.0)
        await final.stop()
        report.seconds = time.monotonic() - started
    query = postgres_query(database_url) if database_url else sqlite_query(root)
    await _count(report, people, stage, query)
    await close_stage(stage)
    return report


async def _settle(stage: Stage) -> None:
    """Wait for the last notices: every submission told to the reviewer (the sender sends
    within seconds; a notice interrupted by a kill is sent again after the restart)."""
    for _ in range(300):
        told = {n for m in stage.sandbox.chat(REVIEWER.user_id).messages if m.from_bot
                for n in re.findall(r"F-\d{4}-\d{6}", _plain(m))}
        submitted = {n for chat in stage.sandbox.chats.values() for m in chat.messages
                     if m.from_bot and SUBMITTED in _plain(m)
                     for n in re.findall(r"F-\d{4}-\d{6}", _plain(m))}
        if submitted <= told:
            return
        await asyncio.sleep(0.1)


async def _count(report: Report, people: list[Applicant], stage: Stage, query: Query) -> None:
    report.updates = int(stage.sandbox.updates_made)
    rows = await query("SELECT status, count(*) FROM inbox GROUP BY status")
    statuses = {status: int(count) for status, count in rows}
    report.handled = statuses.get("done", 0) + statuses.get("failed", 0)
    report.never_handled = report.updates - report.handled
    if statuses.get("failed"):
        report.problems.append(f"{statuses['failed']} update(s) failed")
    report.lost_answers = sum(len(p.lost) for p in people)
    for person in people:
        report.problems += [f"{person.client.name}: acknowledged then asked again: {line}"
                            for line in person.lost]
    answers = {int(telegram_id): _json(raw) for telegram_id, raw in await query(
        "SELECT applicant.telegram_id, filing.answers FROM filing JOIN applicant "
        "ON applicant.id = filing.applicant_id WHERE filing.status <> 'cancelled'")}
    documents = await query("SELECT document.id, document.slot, document.sha256, document.path, "
                      "document.normalized_path, applicant.telegram_id FROM document JOIN "
                      "filing ON filing.id = document.filing_id JOIN applicant ON "
                      "applicant.id = filing.applicant_id")
    for person in people:
        _double_effects(report, person, answers.get(person.plan.persona.user_id, {}),
                        [d for d in documents if int(d[5]) == person.plan.persona.user_id])
    for person in people:  # the whole chat of anyone something went wrong for
        name = person.client.name
        if any(p.startswith(name) for p in report.problems):
            report.problems.append(f"{name}'s chat:\n{person.client.transcript(400)}")
    referenced = {path for d in documents for path in (d[3], d[4]) if path}
    directory = stage.root / "data" / "documents"
    on_disk = {f"documents/{p.name}" for p in directory.iterdir()} if directory.is_dir() else set()
    report.orphan_files = len(on_disk - referenced)
    _notices(report, people, stage)


# Answers the bot fills in from another answer (a personal filing's subject owner is the
# organizer; the investor button offers the organizer's name).
DERIVED = {"subject_owner.name": "organizer_name", "subject_owner.id_number": "organizer_id",
           "investor": "organizer_name"}


def _json(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else json.loads(raw)


def _double_effects(report: Report, person: Applicant, stored: dict[str, Any],
                    documents: list[tuple[Any, ...]]) -> None:
    name = person.client.name
    typed = person.plan.typed
    values = {v: k for k, v in typed.items() if not v.startswith(("contact:", "ticks:"))}
    for key, value in stored.items():
        if not isinstance(value, str) or DERIVED.get(key) == values.get(value):
            continue  # a person's filing: the owner is the organizer, filled in by the bot
        if isinstance(value, str) and value in values and values[value] != key:
            report.double_effects += 1
            report.problems.append(f"{name}: {values[value]!r}'s value stored as {key}")
    for key, value in typed.items():
        if value.startswith(("contact:", "ticks:")) or key == "domains":
            continue
        if stored.get(key) not in (value, None) and key in stored:
            report.problems.append(f"{name}: {key} is {stored.get(key)!r}, typed {value!r}")
    # A photo belongs to the slot it was sent for.
    expected = {hashlib.sha256(_photo_sizes(photo)[-1][0]).hexdigest(): hint
                for hint, photo in person.sent_photos.items()}
    slots = {"人像面": "id_front", "国徽面": "id_back", "核验单": "verification_form",
             "域名证书": "domain_certificate"}
    for _id, slot, sha, *_ in documents:
        hint = expected.get(sha)
        if hint is not None and slots[hint] not in slot:
            report.double_effects += 1
            report.problems.append(f"{name}: the {hint} photo stored as {slot}")
    per_slot = Counter(slot for _id, slot, *_ in documents)
    for slot, count in per_slot.items():
        if count > 1:
            report.double_effects += count - 1
            report.problems.append(f"{name}: {count} documents in {slot}")


def _plain(message: Any) -> str:
    return (message.text.text if message.text else "") + (
        message.caption.text if message.caption else "")


def _notices(report: Report, people: list[Applicant], stage: Stage) -> None:
    reviewer = stage.sandbox.chat(REVIEWER.user_id)
    pushes = Counter(re.findall(r"F-\d{4}-\d{6}", " ".join(
        _plain(m) for m in reviewer.messages if m.from_bot and "新提交" in _plain(m))))
    for person in people:
        chat = stage.sandbox.chat(person.plan.persona.user_id)
        told = [_plain(m) for m in chat.messages if m.from_bot and SUBMITTED in _plain(m)]
        numbers = set(re.findall(r"F-\d{4}-\d{6}", " ".join(told)))
        if not told:
            report.lost_notices += 1
            report.problems.append(f"{person.client.name}: never told the filing was submitted")
        report.duplicate_notices += max(0, len(told) - 1)
        for number in numbers:
            if pushes[number] == 0:
                report.lost_notices += 1
                report.problems.append(f"reviewer never told of {number}")
            report.duplicate_notices += max(0, pushes[number] - 1)
