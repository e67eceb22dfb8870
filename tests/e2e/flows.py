"""What people do in the end-to-end tests, as scripts over the web chat's API: a personal filing
answered question by question (by the question a person reads), submission, and a reviewer's
decisions from the pushes."""

from __future__ import annotations

import re

from tests.e2e.client import ChatClient, buttons_of, text_of
from tests.support.flows import Contact, Photo, Tap, Text, Ticks
from tests.support.images import document_photo

QUESTION = re.compile(r"^第 \d/5 步")


# A personal filing, by the question a person reads (the first match wins).
PERSONAL = (
    ("主办单位所在省份", Tap("北京")),
    ("所在城市和区县", Tap("跳过")),
    ("主办单位性质", Tap("个人")),
    ("主办单位证件类型", Tap("居民身份证")),
    ("主办单位名称", Text("张伟")),
    ("主办单位证件号码", Text("110101199003074477")),
    ("已经备案过", Tap("否")),
    ("要备案的域名", Text("example.com")),
    ("证件住所", Text("北京市东城区东华门街道 1 号")),
    ("通信地址", Text("北京市朝阳区建国路 88 号 2 号楼 1201 室")),
    ("投资者或上级主管单位", Tap("使用")),
    ("有效期的开始日期", Text("2020-01-01")),
    ("有效期的截止日期", Tap("长期")),
    ("手机号码", Contact("")),
    ("应急联系电话", Text("010-12345678")),
    ("电子邮箱", Text("zhang.wei@example.com")),
    ("向审核人员说明", Tap("跳过")),
    ("网站名称", Text("代码与咖啡")),
    ("网站首页地址", Tap("使用")),
    ("网站服务内容", Ticks(("博客",))),
    ("网站语言", Ticks(())),
    ("网站有需要说明", Tap("跳过")),
    ("其他材料", Tap("跳过")),
    ("请上传", Photo()),
)


def question_line(message: dict) -> str | None:
    """The question of a question message: the line after "第 n/5 步 · …" (a refusal or a note
    may come before it)."""
    lines = text_of(message).splitlines()
    for index, line in enumerate(lines[:-1]):
        if QUESTION.match(line):
            return lines[index + 1]
    return None


async def wait_ticked(person: ChatClient, message_id: int, mark: str, label: str) -> None:
    """A tick shows: the message is edited so that the option's button starts with `mark`."""
    def ticked(chat: dict) -> bool:
        return any(m["id"] == message_id and any(b.startswith(mark) and label in b
                                                 for b in buttons_of(m))
                   for m in chat["messages"])
    await person.wait_for(ticked, f"{mark} {label}")


async def answer_questions(person: ChatClient, script: tuple, until: str = "核对信息",
                           after: int = 0) -> None:
    """Answer each question as it comes (the newest message, newer than `after`) until the bot
    shows `until`."""
    seen = after
    repeats: dict[str, int] = {}
    photos = 0
    for _ in range(80):
        def next_question(chat: dict, after: int = seen) -> dict | None:
            bot = [m for m in chat["messages"] if m["from_bot"]]
            newest = bot[-1] if bot else None
            if newest and newest["id"] > after and (question_line(newest) is not None
                                                     or until in text_of(newest)):
                return newest
            return None

        question = await person.wait_for(next_question, "the next question")
        seen = question["id"]
        if until in text_of(question):
            return
        line = question_line(question) or ""
        repeats[line] = repeats.get(line, 0) + 1
        assert repeats[line] <= 2, f"asked again:\n{person.transcript()}"
        action = next((a for label, a in script if label in line), None)
        assert action is not None, f"no answer in the script for {line!r}"
        if isinstance(action, Text):
            await person.send(action.text)
        elif isinstance(action, Tap):
            await person.tap(action.label, question)
        elif isinstance(action, Contact):
            await person.share_contact()
        elif isinstance(action, Photo):
            photos += 1
            await person.send_photo(document_photo(seed=photos), f"IMG_{photos:04d}.jpg")
        elif isinstance(action, Ticks):
            for label in action.labels:
                await person.tap(label, question)
                await wait_ticked(person, question["id"], "✓", label)
            await person.tap(action.done, question)
    raise AssertionError("the form did not end")


async def submit(person: ChatClient) -> None:
    """From the summary: agreements ticked, the SMS warning read, submitted."""
    await person.tap("下一步")
    agreements = await person.wait_text("请阅读并勾选")
    for label in ("信息安全管理协议", "协助更改"):
        await person.tap(label, agreements)
        await wait_ticked(person, agreements["id"], "☑", label)
    query = await person.tap("继续", agreements)
    alert = await person.answer_to(query)
    assert alert["show_alert"] and "12381" in alert["text"]  # the popup about the SMS check
    await person.tap("继续提交", await person.wait_button("继续提交", agreements["id"]))


async def start_filing(person: ChatClient) -> None:
    await person.send("/start")
    welcome = await person.wait_text("ICP 备案助手")
    await person.tap("开始备案", welcome)
    await person.wait_text("已创建备案 F-", after=welcome["id"])
    await answer_questions(person, PERSONAL)
    summary = person.last
    assert "张伟" in text_of(summary) and "首次备案" in text_of(summary)


async def decide(reviewer: ChatClient, button: str, push: str | None = None,
                 after: int = 0) -> int:
    """The reviewer opens the filing (from the push saying `push`, or the newest one) and taps
    a decision. Returns the chat's mark from before the decision."""
    message = await reviewer.wait_text(push, after=after) if push else None
    mark = await reviewer.mark()
    await reviewer.tap("打开", message)
    page = await reviewer.wait_button(button, mark)
    mark = await reviewer.mark()
    await reviewer.tap(button, page)
    return mark
