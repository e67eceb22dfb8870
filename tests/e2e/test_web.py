"""The web chat's server over HTTP: what a browser gets for bad requests and big files, and two
tabs as the same person seeing the same conversation live."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot

from bot.factory import create_bot
from bot.sandbox import APPLICANT_A, APPLICANT_B, SANDBOX_TOKEN
from tests.e2e.client import ChatClient
from tests.e2e.conftest import Stage

A = APPLICANT_A.user_id


@pytest.fixture
async def bot(stage: Stage) -> AsyncIterator[Bot]:
    bot = create_bot(SANDBOX_TOKEN, stage.api.url)
    yield bot
    await bot.session.close()


async def events(http: aiohttp.ClientSession, url: str) -> AsyncIterator[dict[str, Any]]:
    """A browser tab's EventSource: yields each event's data with its type."""
    async with http.get(url, timeout=aiohttp.ClientTimeout(total=30)) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        kind = None
        async for raw in response.content:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                yield {"event": kind, **json.loads(line.removeprefix("data: "))}


async def test_two_tabs_as_the_same_person_see_the_same_conversation(stage: Stage,
                                                                     bot: Bot) -> None:
    url = f"{stage.web.url}/api/chats/{A}/events"
    tabs = [events(stage.http, url), events(stage.http, url)]
    for tab in tabs:
        assert (await anext(tab))["event"] == "snapshot"
    other = events(stage.http, f"{stage.web.url}/api/chats/{APPLICANT_B.user_id}/events")
    assert (await anext(other))["event"] == "snapshot"

    person = stage.person(APPLICANT_A)
    await person.send("你好")
    sent = await bot.send_message(A, "<b>你好</b>")
    await bot.edit_message_text("<b>你好！</b>", chat_id=A, message_id=sent.message_id)
    await bot.delete_message(A, sent.message_id)
    for tab in tabs:
        seen = [await asyncio.wait_for(anext(tab), 10) for _ in range(4)]
        assert [e["event"] for e in seen] == ["new", "new", "edit", "delete"]
        assert seen[0]["message"]["text"] == "你好" and not seen[0]["message"]["from_bot"]
        assert seen[1]["message"]["id"] == sent.message_id
        assert seen[2]["message"]["tree"] == [{"tag": "b", "children": ["你好！"]}]
        assert seen[3]["id"] == sent.message_id
    # Applicant B's chat heard nothing of it: the next event there is B's own.
    await stage.person(APPLICANT_B).send("我是 B")
    mine = await asyncio.wait_for(anext(other), 10)
    assert mine["message"]["text"] == "我是 B"
    for stream in (*tabs, other):
        await stream.aclose()


@pytest.mark.parametrize(("method", "path", "body", "status"), [
    ("POST", "/api/chats/{a}/messages", b"not json", 400),
    ("POST", "/api/chats/{a}/messages", b'{"text": 5}', 400),
    ("POST", "/api/chats/{a}/messages", b'["a list"]', 400),
    ("POST", "/api/chats/{a}/messages", b'{"text": "   "}', 400),
    ("POST", "/api/chats/{a}/messages", b'{"text": "' + b"x" * 5000 + b'"}', 400),
    ("POST", "/api/chats/{a}/tap", b'{"message_id": "x", "row": 0, "column": 0}', 400),
    ("POST", "/api/chats/{a}/tap", b'{"message_id": 1, "row": 0, "column": 0}', 400),
    ("POST", "/api/chats/{a}/tap", b'{"message_id": 1, "row": -1, "column": 0}', 400),
    ("POST", "/api/chats/{a}/keyboard", b'{"row": 0, "column": 0}', 400),
    ("POST", "/api/chats/{a}/language", b'{"language": "fr"}', 400),
    ("POST", "/api/chats/{a}/files", b"plain", 400),
    ("GET", "/api/chats/abc", b"", 400),
    ("GET", "/api/chats/12345", b"", 404),
    ("GET", "/api/files/nope", b"", 404),
])
async def test_malformed_requests_get_400_and_the_sandbox_keeps_running(
        stage: Stage, method: str, path: str, body: bytes, status: int) -> None:
    async with stage.http.request(method, stage.web.url + path.format(a=A), data=body,
                                  headers={"Content-Type": "application/json"}) as response:
        assert response.status == status
        if status == 400:
            assert "error" in await response.json()
    person = stage.person(APPLICANT_A)
    await person.send("/start")
    assert (await person.look())["messages"][-1]["text"] == "/start"


async def test_broken_multipart_bodies_are_refused(stage: Stage) -> None:
    url = f"{stage.web.url}/api/chats/{A}/files"
    for body, ctype in ((b"--x\r\nContent-Disposition: form-data\r\n\r\nno end", "x"),
                        (b"garbage", "zzz"), (b"", "x")):
        async with stage.http.post(url, data=body, headers={
                "Content-Type": f"multipart/form-data; boundary={ctype}"}) as response:
            assert response.status == 400, await response.text()
    form = aiohttp.FormData()
    form.add_field("as", "photo")
    async with stage.http.post(url, data=form) as response:
        assert response.status == 400  # no file
    assert stage.sandbox.updates == []


async def test_uploads_over_20_mb_are_refused(stage: Stage) -> None:
    person = stage.person(APPLICANT_A)
    big = b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024)
    response = await person.upload([("huge.jpg", big, "image/jpeg")])
    assert response.status == 413
    assert stage.sandbox.updates == [] and (await person.look())["messages"] == []
    response = await person.upload([("ok.pdf", b"%PDF-1.4 small", "application/pdf")],
                                   as_photo=False)
    assert response.status == 200


async def test_the_page_and_its_files_are_served_safely(stage: Stage, bot: Bot) -> None:
    async with stage.http.get(stage.web.url + "/") as response:
        page = await response.text()
        assert response.status == 200 and "/static/app.js" in page
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    async with stage.http.get(stage.web.url + "/static/app.js") as response:
        assert response.status == 200 and "EventSource" in await response.text()
    async with stage.http.get(stage.web.url + "/api/people") as response:
        people = (await response.json())["people"]
    assert [p["label"]["zh"] for p in people] == ["申请人 A", "申请人 B", "审核员"]
    assert [p["reviewer"] for p in people] == [False, False, True]

    # A file a person sends is downloaded, never rendered in the page's origin.
    person: ChatClient = stage.person(APPLICANT_A)
    await person.send_file(b"<script>alert(1)</script>", "page.html", "text/html")
    document = (await person.look())["messages"][-1]["document"]
    async with stage.http.get(f"{stage.web.url}/api/files/{document['file_id']}") as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
