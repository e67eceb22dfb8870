"""Bad input never crashes and never loses data: a specific message and the same question."""

from __future__ import annotations

import io
import logging

import pytest
from PIL import Image

from bot.logs import mask_pii, setup_logging
from tests.support.app import App
from tests.support.flows import PERSONAL, Tap, filing_of, fill, position, submit_from_review
from tests.support.images import document_photo
from tests.support.telegram import Person

COMPANY_START = {"province": Tap("北京"), "city": Tap("跳过"), "nature": Tap("企业")}


async def at(app: App, user_id: int, key: str, script: dict | None = None) -> Person:
    person = app.person(user_id)
    await person.send("/new")
    await fill(app, person, script or PERSONAL, until=key)
    return person


def refused_upload(person: Person, question: str) -> str:
    """An upload was refused: the "checking…" acknowledgement now says why (❌ first), and the
    same question follows."""
    assert question in person.last.text, person.last.text
    ack = person.messages[-2].text
    assert ack.startswith("❌"), ack
    return ack


def refused(person: Person, question: str) -> str:
    """The reply is a refusal (❌ first) that asks the same question again."""
    text = person.last.text
    assert text.startswith("❌"), text
    assert question in text, text
    return text


@pytest.mark.parametrize(("send", "kind"), [
    ("send_sticker", "贴纸"), ("send_voice", "语音"), ("send_location", "位置"),
    ("send_video", "视频"),
])
async def test_unsupported_messages_get_a_specific_answer(app: App, send: str, kind: str) -> None:
    person = await at(app, 100, "nature")
    await getattr(person, send)()
    text = refused(person, "请选择主办单位性质")
    assert f"这里不能使用{kind}" in text
    assert "企业" in person.last.button_texts
    assert await position(app, person) == "nature"


async def test_very_long_text_is_refused(app: App) -> None:
    person = await at(app, 101, "organizer_name", COMPANY_START)
    await person.send("长" * 5000)
    assert "回答太长了（最多 1000 个字）" in refused(person, "请输入主办单位名称")
    filing = await filing_of(app, person)
    assert filing is not None and "organizer_name" not in filing.answers


async def test_emoji_in_a_name_is_refused(app: App) -> None:
    person = await at(app, 102, "organizer_name")
    await person.send("张伟😀")
    assert "姓名不能包含数字或符号" in refused(person, "请输入主办单位名称")


async def test_right_to_left_text_is_kept_as_typed(app: App) -> None:
    person = await at(app, 103, "organizer_name", COMPANY_START)
    await person.send("شركة المثال للتقنية")
    filing = await filing_of(app, person)
    assert filing is not None and filing.answers["organizer_name"] == "شركة المثال للتقنية"
    assert "✓ شركة المثال للتقنية" in person.messages[-2].text


async def test_a_photo_where_text_is_expected(app: App) -> None:
    person = await at(app, 104, "organizer_name")
    await person.send_photo(document_photo(), caption="")
    assert "这个问题需要文字回答" in refused(person, "请输入主办单位名称")


async def test_a_contact_where_no_phone_is_asked(app: App) -> None:
    person = await at(app, 105, "organizer_name")
    await person.share_contact("+8613812345678")
    assert "这个问题不需要手机号码" in refused(person, "请输入主办单位名称")


async def test_text_where_a_document_is_expected(app: App) -> None:
    person = await at(app, 106, "doc.subject_id_front")
    await person.send("我没有照片")
    assert "这一步需要上传照片或图片文件" in refused(person, "请上传主体负责人身份证人像面")


async def test_text_on_the_summary_points_to_the_buttons(app: App) -> None:
    person = await at(app, 107, "@review")
    await person.send("好了")
    assert person.last.text.startswith("❌ 请使用下方的按钮继续")
    assert await position(app, person) == "@review"


def _truncated_jpeg() -> bytes:
    data = document_photo()
    return data[: len(data) // 2]


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (64, 64), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"MZ\x90\x00" + b"\x00" * 200, "scan.jpg", "无法识别这个文件"),  # an executable named .jpg
    (b"", "empty.jpg", "收到的是空文件"),
    (_truncated_jpeg(), "half.jpg", "图片文件已损坏或不完整"),
    (_animated_gif(), "moving.gif", "不接受 GIF 动图"),
])
async def test_bad_files_are_refused_and_nothing_is_stored(app: App, content: bytes, name: str,
                                                           message: str) -> None:
    person = await at(app, 108, "doc.subject_id_front")
    await person.send_file(content, file_name=name)
    assert message in refused_upload(person, "请上传主体负责人身份证人像面")
    assert not (app.root / "data" / "documents").exists() or not any(
        (app.root / "data" / "documents").iterdir())


async def test_a_file_over_telegrams_limit_is_refused_before_download(app: App) -> None:
    person = await at(app, 109, "doc.subject_id_front")
    calls = len(app.tg.calls)
    await person.send_file(b"\xff\xd8\xff" + b"\x00" * 100, file_size=50 * 1024 * 1024)
    assert "文件超过 20 MB" in refused_upload(person, "请上传主体负责人身份证人像面")
    assert "getFile" not in [c.method for c in app.tg.calls[calls:]]


async def test_the_same_file_twice_is_stored_once(app: App) -> None:
    person = await at(app, 110, "doc.subject_id_front")
    photo = document_photo(seed=9)
    await person.send_file(photo)
    stored = set((app.root / "data" / "documents").iterdir())
    assert len(stored) == 2  # the original and its normalized JPEG
    await person.send_file(photo)
    assert set((app.root / "data" / "documents").iterdir()) == stored
    filing = await filing_of(app, person)
    assert filing is not None
    assert filing.answers["doc.subject_id_front"] == filing.answers["doc.subject_id_back"]


async def test_an_album_fills_the_next_slots_in_order(app: App) -> None:
    person = await at(app, 111, "doc.subject_id_front")
    await person.send_photo(document_photo(seed=1), media_group="album-1")
    await person.send_photo(document_photo(seed=2), media_group="album-1")
    filing = await filing_of(app, person)
    assert filing is not None
    assert filing.answers["doc.subject_id_front"] != filing.answers["doc.subject_id_back"]
    assert await position(app, person) == "site1.doc.verification_form"


async def test_messages_without_a_filing_offer_to_start(app: App) -> None:
    person = app.person(112)
    await person.send("你好")
    assert "你还没有进行中的备案" in person.last.text
    assert person.last.button_texts == ["开始备案"]
    await person.send_sticker()
    assert "你还没有进行中的备案" in person.last.text


async def test_unknown_command(app: App) -> None:
    person = app.person(113)
    await person.send("/frobnicate")
    assert "没有这个命令" in person.last.text


async def test_logs_never_hold_a_full_id_or_phone(app: App) -> None:
    stream = io.StringIO()
    handler = setup_logging("DEBUG", stream)
    # Let SQLAlchemy log every statement with its parameters (the answers, IDs, phones): the
    # filter must mask them, not rely on the library staying quiet.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        person = await at(app, 114, "@review")
        await submit_from_review(person)
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logged = stream.getvalue()
    assert "110101********4477" in logged  # the ID went by, masked
    for secret in ("110101199003074477", "13812345678", "010-12345678"):
        assert secret not in logged


def test_mask_pii() -> None:
    assert mask_pii("id 110101199003074477 x") == "id 110101********4477 x"
    assert mask_pii("tel +8613812345678") == "tel +86138****5678"
    assert mask_pii("tel 010-12345678") == "tel 010-****5678"
    assert mask_pii("uscc 91350100M000100Y43") == "uscc 91350100******0Y43"
    assert mask_pii("filing F-2026-000123") == "filing F-2026-000123"


async def test_a_small_photo_is_refused_with_its_size(app: App) -> None:
    person = await at(app, 115, "doc.subject_id_front")
    await person.send_file(document_photo(width=500, height=400), file_name="small.jpg")
    ack = refused_upload(person, "请上传主体负责人身份证人像面")
    assert "500" in ack and "400" in ack and "600" in ack
