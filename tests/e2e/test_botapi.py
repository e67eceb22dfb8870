"""The sandbox's Bot API over real HTTP, called by real aiogram: Telegram's shapes, Telegram's
refusals, long polling, files both ways, and what a person then sees in the web chat."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Callable

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest, TelegramUnauthorizedError
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from PIL import Image

from bot.sandbox import APPLICANT_A, BOT_USERNAME, SANDBOX_TOKEN
from tests.e2e.client import buttons_of
from tests.e2e.conftest import Stage
from tests.support.images import document_photo

A = APPLICANT_A.user_id
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def plain_bot(token: str, url: str) -> Bot:
    """A plain aiogram client (not the project's, which forgives late callback answers): the
    sandbox must answer it as Telegram would."""
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)),
               default=DefaultBotProperties(parse_mode=ParseMode.HTML))


@pytest.fixture
async def bot(stage: Stage) -> AsyncIterator[Bot]:
    bot = plain_bot(SANDBOX_TOKEN, stage.api.url)
    yield bot
    await bot.session.close()


def keyboard(*labels: str, data: str = "q") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=label, callback_data=f"{data}:{i}")
        for i, label in enumerate(labels)]])


async def wait_until(condition: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # the sandbox has no event for "a poll is waiting"
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def updates(bot: Bot, count: int, offset: int | None = None) -> list[Update]:
    """Long-poll until `count` updates are pending (the sandbox answers as soon as one is)."""
    deadline = time.monotonic() + 10
    while True:
        got = await bot.get_updates(offset=offset, timeout=2)
        if len(got) >= count or time.monotonic() > deadline:
            return got


async def test_messages_edits_and_deletions_as_a_person_sees_them(stage: Stage, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == BOT_USERNAME and me.id == int(SANDBOX_TOKEN.split(":")[0])
    person = stage.person(APPLICANT_A)

    sent = await bot.send_message(A, "<b>第 1/5 步</b> · 省份 &lt;必填&gt;",
                                  reply_markup=keyboard("北京", "天津"))
    assert sent.text == "第 1/5 步 · 省份 <必填>"
    assert sent.entities is not None and sent.entities[0].type == "bold"
    assert sent.entities[0].offset == 0 and sent.entities[0].length == 7
    shown = (await person.look())["messages"][-1]
    assert shown["tree"] == [{"tag": "b", "children": ["第 1/5 步"]}, " · 省份 <必填>"]
    assert buttons_of(shown) == ["北京", "天津"]

    same = keyboard("北京", "天津")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("<b>第 1/5 步</b> · 省份 &lt;必填&gt;", chat_id=A,
                                    message_id=sent.message_id, reply_markup=same)
    # <strong> is <b>: the same formatting, so still "not modified"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("<strong>第 1/5 步</strong> · 省份 &lt;必填&gt;", chat_id=A,
                                    message_id=sent.message_id, reply_markup=same)
    # An edit without a keyboard removes the buttons, as in Telegram.
    await bot.edit_message_text("<b>第 1/5 步</b> · 省份\n✓ 北京", chat_id=A,
                                message_id=sent.message_id)
    shown = (await person.look())["messages"][-1]
    assert shown["text"].endswith("✓ 北京") and shown["edited"] and not buttons_of(shown)

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=A, message_id=sent.message_id)
    await bot.edit_message_reply_markup(chat_id=A, message_id=sent.message_id,
                                        reply_markup=keyboard("‹", "›"))
    assert buttons_of((await person.look())["messages"][-1]) == ["‹", "›"]

    assert await bot.delete_message(A, sent.message_id)
    assert sent.message_id not in [m["id"] for m in (await person.look())["messages"]]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(A, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=A, message_id=sent.message_id)


@pytest.mark.parametrize(("text", "refusal"), [
    ("x" * 4097, "message is too long"),
    ("<b>粗体", "can't parse entities"),
    ("1 < 2", "can't parse entities"),
    ("Tom & Jerry", "can't parse entities"),
    ("<script>alert(1)</script>", "unsupported start tag \"script\""),
    ("<b><i>交叉</b></i>", "can't parse entities"),
    ("", "message text is empty"),
])
async def test_what_telegram_refuses_is_refused(bot: Bot, text: str, refusal: str) -> None:
    with pytest.raises(TelegramBadRequest, match=refusal):
        await bot.send_message(A, text)


async def test_longest_text_and_callback_data_limits(stage: Stage, bot: Bot) -> None:
    assert (await bot.send_message(A, "字" * 4096)).text == "字" * 4096
    await bot.send_message(A, "ok", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="64", callback_data="d" * 64)]]))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(A, "too much", reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="65", callback_data="d" * 65)]]))
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(123456789, "nobody")


async def test_unknown_method_and_bad_token(stage: Stage) -> None:
    async with stage.http.post(f"{stage.api.url}/bot{SANDBOX_TOKEN}/sendPigeon",
                               json={"chat_id": A}) as response:
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404,
                                         "description": "Not Found"}
    async with stage.http.get(f"{stage.api.url}/bot{SANDBOX_TOKEN}/getMe") as response:
        body = await response.json()
        assert response.status == 200 and body["ok"] and body["result"]["is_bot"]
    stranger = plain_bot("123456:not-the-sandbox-token", stage.api.url)
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await stranger.get_me()
    finally:
        await stranger.session.close()


async def test_long_polling_offsets_and_callback_queries(stage: Stage, bot: Bot) -> None:
    person = stage.person(APPLICANT_A)
    await person.send("/start")
    [first] = await updates(bot, 1)
    assert first.message is not None and first.message.text == "/start"
    assert first.message.entities and first.message.entities[0].type == "bot_command"
    assert first.message.from_user and first.message.from_user.language_code == "zh"
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [first.update_id]
    # An offset past an update acknowledges it: it is never delivered again.
    assert await bot.get_updates(offset=first.update_id + 1, timeout=0) == []
    assert await bot.get_updates(timeout=0) == []

    # A long poll returns as soon as something happens, not at its timeout.
    question = await bot.send_message(A, "请选择", reply_markup=keyboard("北京", "天津", data="p"))
    poll = asyncio.create_task(bot.get_updates(offset=first.update_id + 1, timeout=30))
    await wait_until(lambda: stage.sandbox.polls_waiting > 0)
    started = time.monotonic()
    query_id = await person.tap("天津")
    [tap] = await asyncio.wait_for(poll, 10)
    assert time.monotonic() - started < 5
    query = tap.callback_query
    assert query is not None and query.id == query_id and query.data == "p:1"
    assert query.message is not None and query.message.message_id == question.message_id
    assert query.message.text == "请选择"  # the real message, as it is now

    await bot.answer_callback_query(query.id, text="提交管局后须在 24 小时内完成短信核验",
                                    show_alert=True)
    answer = await person.answer_to(query_id)
    assert answer["show_alert"] and "24 小时" in answer["text"]
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)


async def test_photos_albums_documents_and_contacts_from_a_person(stage: Stage, bot: Bot) -> None:
    person = stage.person(APPLICANT_A)
    await person.send_photo(document_photo(1600, 1200))
    [update] = await updates(bot, 1)
    assert update.message is not None and update.message.photo is not None
    sizes = update.message.photo
    assert len(sizes) >= 3 and (sizes[-1].width, sizes[-1].height) == (1280, 960)
    assert sizes[0].width <= 90
    buffer = io.BytesIO()
    await bot.download(sizes[-1].file_id, destination=buffer)
    assert Image.open(buffer).size == (1280, 960)  # what Telegram makes of a photo

    offset = update.update_id + 1
    response = await person.upload([("front.jpg", document_photo(seed=1), "image/jpeg"),
                                    ("back.jpg", document_photo(seed=2), "image/jpeg")])
    assert response.status == 200
    album = await updates(bot, 2, offset)
    groups = {u.message.media_group_id for u in album if u.message}
    assert len(album) == 2 and len(groups) == 1 and None not in groups

    offset = album[-1].update_id + 1
    await person.send_file(PDF, "核验单.pdf", "application/pdf")
    [document] = await updates(bot, 1, offset)
    assert document.message is not None and document.message.document is not None
    assert document.message.document.file_name == "核验单.pdf"
    assert document.message.document.mime_type == "application/pdf"
    assert document.message.document.file_size == len(PDF)

    offset = document.update_id + 1
    await bot.send_message(A, "请输入手机号码", reply_markup=ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📱 发送我的手机号", request_contact=True)],
                  [KeyboardButton(text="← 上一步")]], one_time_keyboard=True,
        resize_keyboard=True, input_field_placeholder="13812345678"))
    shown = (await person.look())["keyboard"]
    assert shown["rows"][0][0]["contact"] and shown["placeholder"] == "13812345678"
    await person.share_contact()
    [contact] = await updates(bot, 1, offset)
    assert contact.message is not None and contact.message.contact is not None
    assert contact.message.contact.phone_number == APPLICANT_A.phone
    assert contact.message.contact.user_id == A
    assert (await person.look())["keyboard"]["hidden"]  # a one-time keyboard goes away
    await bot.send_message(A, "✓ 138 1234 5678", reply_markup=ReplyKeyboardRemove())
    assert (await person.look())["keyboard"] is None


async def test_files_the_bot_sends_and_the_download_limit(stage: Stage, bot: Bot) -> None:
    person = stage.person(APPLICANT_A)
    sent = await bot.send_document(A, BufferedInputFile(PDF, "核验单.pdf"),
                                   caption="<b>网站备案信息真实性核验单</b>")
    assert sent.document is not None and sent.document.file_name == "核验单.pdf"
    shown = (await person.look())["messages"][-1]
    assert shown["document"]["file_name"] == "核验单.pdf"
    assert shown["caption"] == "网站备案信息真实性核验单"
    content, disposition = await person.download(shown["document"]["file_id"])
    assert content == PDF and "attachment" in disposition and "%E6%A0%B8" in disposition

    photos = await bot.send_media_group(A, [
        InputMediaPhoto(media=BufferedInputFile(document_photo(seed=s), f"{s}.jpg"),
                        caption=f"证件 {s}") for s in (1, 2, 3)])
    assert len({m.media_group_id for m in photos}) == 1 and all(m.photo for m in photos)
    shown = (await person.look())["messages"][-3:]
    assert [m["caption"] for m in shown] == ["证件 1", "证件 2", "证件 3"]
    assert len({m["media_group_id"] for m in shown}) == 1

    big = await bot.send_document(A, BufferedInputFile(b"\0" * (20 * 1024 * 1024 + 1),
                                                       "scan.tiff"))
    assert big.document is not None
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big.document.file_id)


async def test_command_menu_follows_the_language(stage: Stage, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="new", description="新建备案")],
                              language_code="zh")
    await bot.set_my_commands([BotCommand(command="new", description="New filing")])
    assert [c.description for c in await bot.get_my_commands(language_code="zh")] == ["新建备案"]
    person = stage.person(APPLICANT_A)
    assert (await person.look())["commands"][0]["description"] == "新建备案"
    async with stage.http.post(f"{person.url}/language", json={"language": "en"}) as response:
        assert response.status == 200
    assert (await person.look())["commands"][0]["description"] == "New filing"


@pytest.mark.parametrize("body", [
    {"chat_id": A, "text": "x", "reply_markup": "{not json"},
    {"chat_id": A, "text": "x", "reply_markup": '{"inline_keyboard": "rows"}'},
    {"chat_id": "abc", "text": "x"},
    {"chat_id": A, "media": '[{"media": "attach://nothing"}, {"type": "photo"}]'},
    {"chat_id": A, "media": "[1, 2]"},
])
async def test_malformed_parameters_are_bad_requests(stage: Stage, body: dict) -> None:
    method = "sendMediaGroup" if "media" in body else "sendMessage"
    async with stage.http.post(f"{stage.api.url}/bot{SANDBOX_TOKEN}/{method}",
                               data=body) as response:
        answer = await response.json()
    assert response.status == 400 and answer["ok"] is False
    assert answer["description"].startswith("Bad Request: ")
    async with stage.http.get(f"{stage.api.url}/bot{SANDBOX_TOKEN}/getMe") as response:
        assert response.status == 200
