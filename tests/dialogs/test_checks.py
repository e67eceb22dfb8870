"""The text checks of dialogs/checks.py: person and organizer names, the mail address, the
subject filing number against the filing's province, remarks. (Formats such as IDs, phones and
domains are covered by the validation tests; province rules by test_province_rules.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dialogs import checks
from dialogs.fields import Ctx
from dialogs.messages import Invalid, Msg

TODAY = date(2026, 11, 30)
COMPANY = {"province": "11", "nature": "enterprise", "id_type": "business_license"}
PERSON = {"province": "11", "nature": "personal", "id_type": "resident_id"}


def ctx(answers: dict[str, Any] | None = None) -> Ctx:
    return Ctx(answers if answers is not None else COMPANY, TODAY)


def refusal(check: Callable[[Any, Ctx], Any], value: Any, context: Ctx) -> Msg:
    with pytest.raises(Invalid) as caught:
        check(value, context)
    return caught.value.msg


# --- names of people (主体负责人, 网站负责人, a personal organizer) -----------------------------
@pytest.mark.parametrize(
    "name",
    [
        "张伟",
        "欧阳娜娜",
        "阿依古丽·买买提",  # the interpunct of transliterated names
        "阿依古丽•买买提",  # the bullet phones offer for it
        "Li Na",
        "O'Neil",
        "O’Neil",  # the apostrophe iOS and macOS type by default (smart punctuation)
        "Jean-Luc Picard",
        "J. R. Smith",
        "José Álvarez",
        "Мария Иванова",
        "Nguyễn Văn An",
        "अनिल कुमार",  # letters with combining vowel signs
    ],
)
def test_person_names_of_any_script_are_accepted(name: str) -> None:
    assert checks.person_name(name, ctx()) == name


def test_person_names_are_normalized() -> None:
    assert checks.person_name("  Ｌｉ   Ｎａ ", ctx()) == "Li Na"


@pytest.mark.parametrize(
    "name",
    ["张伟2", "Li Na 3", "张伟😀", "张伟❤️", "王_芳", "李雷!", "韩梅梅@", "1234",
     "\u0301张伟"],  # a combining mark on nothing
)
def test_digits_emoji_and_symbols_in_person_names_are_refused(name: str) -> None:
    assert refusal(checks.person_name, name, ctx()).id == "err-person-name-characters"


@pytest.mark.parametrize("name", ["张", "A" * 31])
def test_person_name_length(name: str) -> None:
    assert refusal(checks.person_name, name, ctx()).id == "err-person-name-length"


def test_a_person_name_that_is_a_domain_is_refused() -> None:
    assert refusal(checks.person_name, "zhangwei.com", ctx()).id == "err-name-is-domain"


# --- the organizer's name --------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["example.com", "www.example.cn", "shop.example.com.cn", "https://example.com/about",
     "http://示例", "WWW.Example.Com"],
)
def test_an_organizer_name_that_is_a_domain_is_refused(name: str) -> None:
    assert refusal(checks.organizer_name, name, ctx()).id == "err-name-is-domain"


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("福州示例科技有限公司", "福州示例科技有限公司"),
        ("Example Technology Co., Ltd.", "Example Technology Co., Ltd."),
        ("阿里巴巴（中国）有限公司", "阿里巴巴(中国)有限公司"),
    ],
)
def test_an_organizer_name_as_on_the_certificate_is_accepted(name: str, stored: str) -> None:
    assert checks.organizer_name(name, ctx()) == stored


@pytest.mark.parametrize(("name", "length"), [("某", 1), ("某" * 61, 61)])
def test_organizer_name_length(name: str, length: int) -> None:
    msg = refusal(checks.organizer_name, name, ctx())
    assert msg.id == "err-organizer-name-length"
    assert msg.args == {"low": 2, "high": 60, "length": length}


def test_a_personal_organizer_name_is_a_person_name() -> None:
    # A company can be called 3Q科技; a person cannot be called 王3.
    assert checks.organizer_name("3Q科技有限公司", ctx()) == "3Q科技有限公司"
    assert refusal(checks.organizer_name, "王3", ctx(PERSON)).id == "err-person-name-characters"


# --- mail address (通信地址) -----------------------------------------------------------------
@pytest.mark.parametrize(
    "address",
    [
        "北京市海淀区100号信箱",
        "北京市海淀区邮政信箱第8号",
        "P.O. Box 123, Haidian, Beijing",
        "PO Box 88, Pudong, Shanghai",
        "p.o.box 5 Futian Shenzhen",
    ],
)
def test_a_po_box_is_not_a_mail_address(address: str) -> None:
    assert refusal(checks.mail_address, address, ctx()).id == "err-mail-address-po-box"


@pytest.mark.parametrize("address", ["北京市海淀区中关村大街", "Zhongguancun Street, Beijing"])
def test_a_mail_address_without_any_number_is_not_detailed_enough(address: str) -> None:
    assert refusal(checks.mail_address, address, ctx()).id == "err-mail-address-not-detailed"


def test_a_detailed_mail_address_is_accepted_and_normalized() -> None:
    assert checks.mail_address("北京市海淀区中关村大街２７号 １１０１室", ctx()) == (
        "北京市海淀区中关村大街27号 1101室"
    )


@pytest.mark.parametrize("address", ["1号", "北京" + "路" * 97 + "1号"])
def test_mail_address_length(address: str) -> None:
    assert refusal(checks.mail_address, address, ctx()).id == "err-address-length"


# --- subject filing number against the filing's province --------------------------------------
def test_a_subject_number_of_another_province_is_refused() -> None:
    msg = refusal(checks.subject_number, "沪ICP备12345678号", ctx())
    assert msg.id == "err-subject-number-province"
    assert msg.args["number"] == "沪ICP备12345678号"
    assert msg.args["province"] == Msg("opt-province-11")
    assert msg.args["abbreviation"] == "京"


@pytest.mark.parametrize(
    ("province", "number"),
    [("11", "京ICP备12345678号"), ("51", "蜀ICP备12345678号"), ("51", "川ICP备12345678号"),
     ("62", "陇ICP备2020001号")],
)
def test_a_subject_number_of_the_filing_province_is_accepted(province: str, number: str) -> None:
    assert checks.subject_number(number, ctx({**COMPANY, "province": province})) == number


# --- remarks (备注) ---------------------------------------------------------------------------
def test_a_remark_of_200_characters_is_accepted() -> None:
    assert checks.remark("备" * 200, ctx()) == "备" * 200


def test_a_remark_over_200_characters_is_refused() -> None:
    msg = refusal(checks.remark, "备" * 201, ctx())
    assert msg.id == "err-remark-length"
    assert msg.args["high"] == 200
    assert msg.args["length"] == 201


def test_a_refusal_survives_the_trip_from_a_worker_process() -> None:
    import pickle

    from dialogs.messages import Invalid, Msg

    refused = pickle.loads(pickle.dumps(Invalid("err-image-too-small", width="400", min=600)))
    assert refused.msg == Msg("err-image-too-small", width="400", min=600)
