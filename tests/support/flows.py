"""Scripted applicants: what a person does at each question, keyed by the question's field.

`fill` reads where the conversation stands from the database after every step and does what the
script says for that question, so a script is a filled form, not a fixed sequence of taps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from storage.models import Applicant, Filing
from tests.support.images import document_photo
from tests.support.telegram import Person


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Tap:
    label: str


@dataclass(frozen=True)
class Ticks:
    """Tick these options of a multi-choice question, then tap Done."""

    labels: tuple[str, ...]
    done: str = "完成"


@dataclass(frozen=True)
class Contact:
    phone: str


@dataclass(frozen=True)
class Photo:
    seed: int = 0


Action = Text | Tap | Ticks | Contact | Photo


async def filing_of(app: Any, person: Person) -> Filing | None:
    async with app.sessionmaker() as session:
        result = await session.execute(
            select(Filing).join(Applicant, Applicant.id == Filing.applicant_id)
            .where(Applicant.telegram_id == person.user_id).order_by(Filing.id.desc()).limit(1))
        return result.scalar_one_or_none()


async def position(app: Any, person: Person) -> str:
    filing = await filing_of(app, person)
    assert filing is not None, "the person has no filing"
    return filing.conversation.get("position", "")


async def act(person: Person, action: Action) -> None:
    if isinstance(action, Text):
        await person.send(action.text)
    elif isinstance(action, Tap):
        await person.tap(action.label)
    elif isinstance(action, Ticks):
        for label in action.labels:
            await person.tap(label)
        await person.tap(action.done)
    elif isinstance(action, Contact):
        await person.share_contact(action.phone)
    elif isinstance(action, Photo):
        await person.send_photo(document_photo(seed=action.seed))


async def fill(app: Any, person: Person, script: dict[str, Action],
               until: str = "@review", photos: bool = True) -> list[str]:
    """Answer questions from `script` until the conversation reaches `until`. Document
    questions not in the script get a generated photo. Returns the keys asked, in order."""
    asked: list[str] = []
    for _ in range(200):
        key = await position(app, person)
        if key == until:
            return asked
        asked.append(key)
        if key in script:
            await act(person, script[key])
        elif photos and (key.startswith("doc.") or ".doc." in key):
            await act(person, Photo(seed=len(asked)))
        else:
            raise AssertionError(f"the script has no answer for {key!r} (asked: {asked})")
        if len(asked) > 3 and asked[-1] == asked[-2] == asked[-3] == asked[-4]:
            raise AssertionError(f"stuck at {key!r}; last messages: "
                                 f"{[m.text for m in person.messages[-2:]]}")
    raise AssertionError("the form did not end")


PERSONAL: dict[str, Action] = {
    "province": Tap("北京"),
    "city": Tap("跳过"),
    "nature": Tap("个人"),
    "id_type": Tap("居民身份证"),
    "organizer_name": Text("张伟"),
    "organizer_id": Text("110101199003074477"),
    "subject_filed": Tap("否"),
    "domains": Text("example.com"),
    "cert_address": Text("北京市东城区东华门街道 1 号"),
    "mail_address": Text("北京市朝阳区建国路 88 号 2 号楼 1201 室"),
    "investor": Tap("使用"),
    "subject_owner.id_valid_from": Text("2020-01-01"),
    "subject_owner.id_valid_to": Tap("长期"),
    "subject_owner.mobile": Contact("+8613812345678"),
    "subject_owner.emergency_phone": Text("010-12345678"),
    "subject_owner.email": Text("zhang.wei@example.com"),
    "subject_remark": Tap("跳过"),
    "site1.name": Text("代码与咖啡"),
    "site1.home_url": Tap("使用"),
    "site1.content": Ticks(("博客",)),
    "site1.languages": Ticks(()),
    "site1.remark": Tap("跳过"),
    "doc.other_material": Tap("跳过"),
}

# A Shanghai company filing two websites; the second has its own website owner.
COMPANY_TWO_SITES: dict[str, Action] = {
    "province": Tap("上海"),
    "city": Text("上海市浦东新区"),
    "nature": Tap("企业"),
    "organizer_name": Text("上海云帆信息技术有限公司"),
    "organizer_id": Text("91310115MA1K3YJ12G"),
    "subject_filed": Tap("否"),
    "domains": Text("yunfan.com, yunfan-shop.cn"),
    "cert_address": Text("上海市浦东新区张江路 88 号 3 号楼 501 室"),
    "mail_address": Text("上海市浦东新区张江路 88 号 3 号楼 501 室"),
    "investor": Text("上海云帆控股有限公司"),
    "subject_owner.name": Text("王芳"),
    "subject_owner.id_type": Tap("居民身份证"),
    "subject_owner.id_number": Text("310115198512032049"),
    "subject_owner.id_valid_from": Text("2019-05-20"),
    "subject_owner.id_valid_to": Text("2039-05-20"),
    "subject_owner.mobile": Text("139 1234 5678"),
    "subject_owner.emergency_phone": Text("021-55667788"),
    "subject_owner.email": Text("wang.fang@yunfan.com"),
    "subject_remark": Tap("跳过"),
    "site1.name": Text("云帆科技官网"),
    "site1.domains": Ticks(("yunfan.com",)),
    "site1.home_url": Text("https://www.yunfan.com"),
    "site1.content": Ticks(("单位门户网站",)),
    "site1.languages": Ticks(("英语",)),
    "site1.preapprovals": Ticks(("不涉及",)),
    "site1.remark": Tap("跳过"),
    "site1.owner_same": Tap("是"),
    "site2.name": Text("云帆好物商城"),
    "site2.home_url": Tap("使用"),
    "site2.content": Ticks(("网络购物",)),
    "site2.languages": Ticks(()),
    "site2.preapprovals": Ticks(("不涉及",)),
    "site2.remark": Text("商城于 2027 年上线"),
    "site2.owner_same": Tap("否"),
    "site2.owner.name": Text("李娜"),
    "site2.owner.id_type": Tap("居民身份证"),
    "site2.owner.id_number": Text("110101199003074477"),
    "site2.owner.id_valid_from": Text("2021-03-01"),
    "site2.owner.id_valid_to": Tap("长期"),
    "site2.owner.mobile": Contact("+8613712345678"),
    "site2.owner.emergency_phone": Text("13612345678"),
    "site2.owner.email": Text("li.na@yunfan.com"),
    "doc.other_material": Tap("跳过"),
}


async def submit_from_review(person: Person, *, next_label: str = "下一步",
                             agreements: tuple[str, str] = ("信息安全管理协议", "协助更改"),
                             continue_label: str = "继续", submit_label: str = "继续提交"
                             ) -> None:
    await person.tap(next_label)
    for label in agreements:
        if any(t.startswith("☐") and label in t for t in person.last.button_texts):
            await person.tap(label)  # the tick button comes before the "read" button
    await person.tap(continue_label)
    await person.tap(submit_label)
