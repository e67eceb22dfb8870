"""Website names (rules §2.7): every rule refused, and a near miss accepted."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.messages import Invalid, Msg
from dialogs.validation import check_site_name
from dialogs.validation.site_name import (
    BANNED_WORDS,
    PERSONAL_FORBIDDEN_WORDS,
    PREAPPROVAL_WORDS,
    RESERVED_PREFIXES,
)

PERSON = {
    "personal": True,
    "government": False,
    "organizer_name": "张三",
    "preapprovals": frozenset(),
}
COMPANY = {
    "personal": False,
    "government": False,
    "organizer_name": "上海星河科技有限公司",
    "preapprovals": frozenset(),
}
GOVERNMENT = {
    "personal": False,
    "government": True,
    "organizer_name": "某市气象局",
    "preapprovals": frozenset(),
}


def refusal(raw: str, **context: Any) -> Msg:
    with pytest.raises(Invalid) as caught:
        check_site_name(raw, **context)
    return caught.value.msg


def with_preapprovals(context: dict[str, Any], *codes: str) -> dict[str, Any]:
    return {**context, "preapprovals": frozenset(codes)}


@pytest.mark.parametrize(
    ("typed", "stored", "context"),
    [
        ("代码与咖啡", "代码与咖啡", PERSON),
        ("山间小记", "山间小记", PERSON),
        ("三个字", "三个字", PERSON),
        ("一" * 30, "一" * 30, PERSON),
        ("Python学习笔记", "Python学习笔记", PERSON),
        ("代码与咖啡（北京）", "代码与咖啡(北京)", PERSON),
        ("代码与咖啡-技术", "代码与咖啡-技术", PERSON),
        ("  代码与咖啡 ", "代码与咖啡", PERSON),
        ("李四的技术笔记", "李四的技术笔记", PERSON),  # someone else's name is not checked
        ("星河科技官网", "星河科技官网", COMPANY),
        ("星河商城", "星河商城", COMPANY),
        ("华夏文化网", "华夏文化网", COMPANY),
        ("中国气象数据", "中国气象数据", GOVERNMENT),
        ("人民调解在线", "人民调解在线", GOVERNMENT),
        ("新闻早知道", "新闻早知道", with_preapprovals(COMPANY, "news")),
        ("星河BBS交流", "星河BBS交流", with_preapprovals(COMPANY, "bbs")),
        ("星河技术论坛", "星河技术论坛", with_preapprovals(COMPANY, "bbs")),
        ("星河理财", "星河理财", with_preapprovals(COMPANY, "finance")),
        ("星河影视", "星河影视", with_preapprovals(COMPANY, "broadcast")),
        ("仁心医院", "仁心医院", with_preapprovals(COMPANY, "health")),
        ("仁心大药房", "仁心大药房", with_preapprovals(COMPANY, "drugs")),
        ("仁心医疗", "仁心医疗", with_preapprovals(COMPANY, "drugs", "news")),
    ],
)
def test_site_name_valid(typed: str, stored: str, context: dict[str, Any]) -> None:
    assert check_site_name(typed, **context) == stored
    assert check_site_name(stored, **context) == stored


@pytest.mark.parametrize(
    ("typed", "context", "msg"),
    [
        # 3–30 characters
        ("代码", PERSON, Msg("err-site-name-length", length=2)),
        ("一" * 31, PERSON, Msg("err-site-name-length", length=31)),
        # not only Latin letters or digits
        ("CodeCoffee", PERSON, Msg("err-site-name-ascii")),
        ("12345", COMPANY, Msg("err-site-name-ascii")),
        ("Code Coffee (Beta)", COMPANY, Msg("err-site-name-ascii")),
        # no symbols other than ()-
        ("代码&咖啡", PERSON, Msg("err-site-name-symbol", char="&")),
        ("代码·咖啡", PERSON, Msg("err-site-name-symbol", char="·")),
        ("代码与咖啡！", PERSON, Msg("err-site-name-symbol", char="!")),
        ("代码与咖啡☕", PERSON, Msg("err-site-name-symbol", char="☕")),
        ("《代码与咖啡》", PERSON, Msg("err-site-name-symbol", char="《")),
        # not a domain
        ("example.com", PERSON, Msg("err-site-name-domain")),
        ("代码.中国", PERSON, Msg("err-site-name-domain")),
        ("www.代码与咖啡", PERSON, Msg("err-site-name-domain")),
        ("代码与咖啡 codecoffee.cn", COMPANY, Msg("err-site-name-domain")),
        # reserved prefixes unless government
        ("中国代码", PERSON, Msg("err-site-name-prefix", word="中国")),
        ("中华美食网", COMPANY, Msg("err-site-name-prefix", word="中华")),
        ("全国招聘信息", COMPANY, Msg("err-site-name-prefix", word="全国")),
        ("国家地理爱好者", COMPANY, Msg("err-site-name-prefix", word="国家")),
        # banned words, whoever files
        ("赌博天地", COMPANY, Msg("err-site-name-banned", word="赌博")),
        ("维权之家", GOVERNMENT, Msg("err-site-name-banned", word="维权")),
        ("游戏私服发布", COMPANY, Msg("err-site-name-banned", word="私服")),
        # words that need a pre-approval
        ("新闻早知道", COMPANY, Msg("err-site-name-preapproval", word="新闻", preapproval="新闻")),
        (
            "星河bbs交流",
            COMPANY,
            Msg("err-site-name-preapproval", word="BBS", preapproval="电子公告服务"),
        ),
        (
            "星河支付",
            with_preapprovals(COMPANY, "news"),
            Msg("err-site-name-preapproval", word="支付", preapproval="互联网金融"),
        ),
        (
            "星河视频",
            COMPANY,
            Msg("err-site-name-preapproval", word="视频", preapproval="广播电影电视节目"),
        ),
        (
            "仁心医院",
            COMPANY,
            Msg("err-site-name-preapproval", word="医院", preapproval="医疗保健 / 药品和医疗器械"),
        ),
        # personal sites: organization-like words
        ("星河科技官网", PERSON, Msg("err-site-name-personal-word", word="官网")),
        ("代码工作室", PERSON, Msg("err-site-name-personal-word", word="工作室")),
        ("技术论坛", PERSON, Msg("err-site-name-personal-word", word="论坛")),
        ("摄影爱好者协会", PERSON, Msg("err-site-name-personal-word", word="协会")),
        # personal sites: the organizer's own name
        ("张三的技术笔记", PERSON, Msg("err-site-name-person-name", word="张三")),
        ("张 三的技术笔记", PERSON, Msg("err-site-name-person-name", word="张三")),
        (
            "JohnSmith的博客",
            {**PERSON, "organizer_name": "John Smith"},
            Msg("err-site-name-person-name", word="John Smith"),
        ),
        # personal sites cannot hold pre-approvals at all
        ("新闻早知道", PERSON, Msg("err-site-name-personal-preapproval", word="新闻")),
        (
            "新闻早知道",
            with_preapprovals(PERSON, "news"),
            Msg("err-site-name-personal-preapproval", word="新闻"),
        ),
    ],
)
def test_site_name_refused(typed: str, context: dict[str, Any], msg: Msg) -> None:
    assert refusal(typed, **context) == msg


def test_one_character_organizer_name_is_not_looked_for() -> None:
    context = {**PERSON, "organizer_name": "三"}
    assert check_site_name("三味书屋读后感", **context) == "三味书屋读后感"


@pytest.mark.parametrize("word", BANNED_WORDS)
def test_every_banned_word_refused(word: str) -> None:
    assert refusal(f"星河{word}资讯", **GOVERNMENT) == Msg("err-site-name-banned", word=word)


@pytest.mark.parametrize("prefix", RESERVED_PREFIXES)
def test_every_reserved_prefix_refused_unless_government(prefix: str) -> None:
    assert refusal(f"{prefix}文化漫谈", **COMPANY) == Msg("err-site-name-prefix", word=prefix)
    assert check_site_name(f"{prefix}文化漫谈", **GOVERNMENT) == f"{prefix}文化漫谈"
    # only the start is reserved
    assert check_site_name(f"漫谈{prefix}文化", **COMPANY) == f"漫谈{prefix}文化"


@pytest.mark.parametrize("word", PERSONAL_FORBIDDEN_WORDS)
def test_every_personal_word_refused_for_people_only(word: str) -> None:
    assert refusal(f"星河{word}", **PERSON) == Msg("err-site-name-personal-word", word=word)
    if word not in PREAPPROVAL_WORDS:
        assert check_site_name(f"星河{word}", **COMPANY) == f"星河{word}"


@pytest.mark.parametrize(("word", "codes"), list(PREAPPROVAL_WORDS.items()))
def test_every_preapproval_word_needs_its_item(word: str, codes: tuple[str, ...]) -> None:
    name = f"星河{word}资讯"
    assert refusal(name, **COMPANY).id == "err-site-name-preapproval"
    assert refusal(name, **COMPANY).args["word"] == word
    for code in codes:
        assert check_site_name(name, **with_preapprovals(COMPANY, code)) == name
    others = {"publishing", "education", "culture", "religion"}
    assert refusal(name, **with_preapprovals(COMPANY, *others)).id == "err-site-name-preapproval"
